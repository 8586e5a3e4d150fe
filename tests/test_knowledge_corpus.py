"""The seed corpus in knowledge/: every document is a well-formed, blameless pack-shaped post-mortem."""

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
README = KNOWLEDGE / "README.md"
DOCUMENTS = sorted(path for path in KNOWLEDGE.glob("*.md") if path.name != "README.md")

FRONT_MATTER_KEYS = {"title", "date", "company", "services", "failure_class", "severity", "source_url", "tags"}
SEVERITIES = {"SEV0", "SEV1", "SEV2", "SEV3", "SEV4", "near-miss"}
SECTIONS = [
    "Summary",
    "Impact",
    "Timeline",
    "Contributing factors",
    "Root cause analysis",
    "What went well",
    "What went poorly",
    "Where we got lucky",
    "Learnings",
    "Action items",
    "Open questions",
]
FACTOR_CLUSTERS = {"People", "Process", "Product", "Tech", "Comms", "Environment"}
ACTION_TYPES = {"prevent", "detect", "mitigate", "respond", "process"}
ACTION_STATUSES = {"Done", "In progress", "Planned", "Unknown", "Suggested"}
TEAM_WORDS = re.compile(r"\b(team|group|council|office|on-call)\b", re.IGNORECASE)
BLAMEFUL = re.compile(r"\b(should have|shouldn't have|should not have|human error|forgot|careless|if only)\b", re.I)
FILE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9]+(?:-[a-z0-9]+)+\.md$")
TIMELINE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$")


def failure_classes_from_readme() -> set[str]:
    """The vocabulary lives in one place, the README's failure-class table."""
    text = README.read_text(encoding="utf-8")
    table = text.split("## Failure classes", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z-]+)` \|", table, re.MULTILINE))


def split_document(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.DOTALL)
    assert match, f"{path.name}: no YAML front matter"
    return yaml.safe_load(match.group(1)), match.group(2)


def sections_of(body: str) -> dict[str, str]:
    parts = re.split(r"^## (.+)$", body, flags=re.MULTILINE)
    return {parts[index].strip(): parts[index + 1] for index in range(1, len(parts), 2)}


def table_rows(section: str) -> list[list[str]]:
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


def word_count(body: str) -> int:
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'.%$-]*", body))


ALLOWED_CLASSES = failure_classes_from_readme()


def test_the_readme_defines_the_twelve_failure_classes():
    assert len(ALLOWED_CLASSES) == 12
    assert {"config-change", "network", "certificate-time", "hardware-power"} <= ALLOWED_CLASSES


def test_the_corpus_is_large_enough_and_every_class_recurs():
    assert len(DOCUMENTS) >= 40
    classes = Counter(split_document(path)[0]["failure_class"] for path in DOCUMENTS)
    assert set(classes) == ALLOWED_CLASSES, f"classes without documents: {ALLOWED_CLASSES - set(classes)}"
    thin = {name: count for name, count in classes.items() if count < 3}
    assert not thin, f"failure classes with fewer than 3 documents: {thin}"


def test_recurrences_at_one_company_are_present():
    pairs = Counter((meta["company"], meta["failure_class"]) for meta, _ in map(split_document, DOCUMENTS))
    assert sum(1 for count in pairs.values() if count >= 2) >= 3


def test_titles_are_unique():
    titles = Counter(split_document(path)[0]["title"] for path in DOCUMENTS)
    assert [title for title, count in titles.items() if count > 1] == []


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.stem)
def test_front_matter_is_complete_and_uses_the_vocabulary(path):
    meta, body = split_document(path)
    assert set(meta) == FRONT_MATTER_KEYS
    assert meta["failure_class"] in ALLOWED_CLASSES
    assert meta["severity"] in SEVERITIES
    date = meta["date"] if isinstance(meta["date"], dt.date) else dt.date.fromisoformat(meta["date"])
    assert FILE_NAME.match(path.name) and path.name.startswith(date.isoformat())
    assert isinstance(meta["services"], list) and meta["services"] and all(isinstance(s, str) for s in meta["services"])
    assert isinstance(meta["tags"], list) and meta["tags"]
    assert all(isinstance(tag, str) and tag == tag.lower() for tag in meta["tags"]), meta["tags"]
    assert re.match(r"^https?://\S+$", meta["source_url"])
    assert f"\n# {meta['title']}\n" in f"\n{body.lstrip()}"


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.stem)
def test_body_has_the_pack_sections_in_order_and_a_sane_length(path):
    _, body = split_document(path)
    headings = re.findall(r"^## (.+)$", body, flags=re.MULTILINE)
    assert [heading.strip() for heading in headings] == SECTIONS
    assert 250 <= word_count(body) <= 600, f"{word_count(body)} words"


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.stem)
def test_impact_timeline_factors_and_analysis_carry_substance(path):
    sections = sections_of(split_document(path)[1])
    assert re.search(r"\d", sections["Impact"]), "impact has no figure"
    timeline = table_rows(sections["Timeline"])
    assert "| Time (UTC) | Event |" in sections["Timeline"]
    assert 3 <= len(timeline) <= 8
    assert all(TIMELINE_TIME.match(row[0]) for row in timeline), [row[0] for row in timeline]
    factors = re.findall(r"^- \*\*(\w+):\*\* ", sections["Contributing factors"], flags=re.MULTILINE)
    assert len(factors) >= 3 and set(factors) <= FACTOR_CLUSTERS
    analysis = sections["Root cause analysis"]
    assert re.search(r"^Method: ", analysis, flags=re.MULTILINE)
    assert len(re.findall(r"^\d\. Why\b", analysis, flags=re.MULTILINE)) >= 3
    assert re.search(r"confidence: (low|medium|high)", analysis)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.stem)
def test_action_items_are_owned_by_teams_with_known_types_and_statuses(path):
    section = sections_of(split_document(path)[1])["Action items"]
    assert "| Action | Type | Owner | Status |" in section
    rows = table_rows(section)
    assert 3 <= len(rows) <= 6
    for action, action_type, owner, status in rows:
        assert len(action.split()) >= 4, f"vague action: {action!r}"
        assert action_type in ACTION_TYPES
        assert TEAM_WORDS.search(owner), f"owner is not a team: {owner!r}"
        assert status in ACTION_STATUSES


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.stem)
def test_language_is_blameless(path):
    _, body = split_document(path)
    assert not BLAMEFUL.findall(body)


def test_the_structure_checks_reject_a_malformed_document(tmp_path):
    broken = tmp_path / "2020-01-01-acme-broken-doc.md"
    broken.write_text("---\ntitle: Broken\n---\n# Broken\n\n## Summary\nA person forgot a step.\n", encoding="utf-8")
    meta, body = split_document(broken)
    assert set(meta) != FRONT_MATTER_KEYS
    assert "Impact" not in sections_of(body)
    assert BLAMEFUL.findall(body) == ["forgot"]
