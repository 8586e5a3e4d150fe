"""Post-mortem files -> chunks, metadata, contributing factors and action items."""

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.document import read_markdown
from agent.errors import InputError
from agent.kb.chunking import CHUNK_WORDS, action_items, chunk_document, contributing_factors
from agent.kb.ingest import expand, read_source
from agent.kb.metadata import extract_metadata


@pytest.fixture
def kb_fixtures(fixtures_dir) -> Path:
    return fixtures_dir / "kb"


def test_markdown_with_front_matter_gives_metadata_sections_factors_and_actions(kb_fixtures):
    document = read_source(kb_fixtures / "payments-db-failover.md")
    meta = document.metadata
    assert meta.title == "Checkout errors after a database failover"
    assert meta.date == date(2024, 3, 12)
    assert meta.services == ["payments-api", "postgres"]
    assert (meta.severity, meta.failure_class, meta.company) == ("SEV1", "database", "Example Shop")
    assert meta.source_url == "https://example.test/postmortems/payments-db-failover"
    sections = [c.section for c in document.chunks]
    assert sections == ["Summary", "Impact", "Timeline", "Contributing Factors", "Action Items"]
    assert "2024-03-12 09:43 | Payments API pods restarted" in document.chunks[2].text
    assert document.factors[0].startswith("The connection pool cached the database address")
    assert [(a.owner, a.due, a.done) for a in document.actions] == [
        ("Dana", "2024-04-01", True),
        ("Platform team", "2024-06-30", False),
    ]


def test_attendee_names_are_not_indexed(kb_fixtures):
    document = read_source(kb_fixtures / "payments-db-failover.md")
    assert all("Morgan" not in chunk.text for chunk in document.chunks)


def test_checkbox_actions_with_inline_owner_and_due(kb_fixtures):
    actions = read_source(kb_fixtures / "checkout-config-push.md").actions
    assert [(a.owner, a.due, a.done) for a in actions] == [
        ("Sam", "2024-06-20", True),
        ("Edge team", "2024-08-01", False),
    ]


def test_severity_scales_are_mapped_onto_sev(kb_fixtures):
    assert read_source(kb_fixtures / "cert-expiry-api.md").metadata.severity == "SEV2"  # written P2
    assert read_source(kb_fixtures / "dns-config-change.md").metadata.severity == "SEV3"  # written "sev 3"


def test_secrets_and_emails_are_redacted_before_indexing(kb_fixtures):
    document = read_source(kb_fixtures / "cert-expiry-api.md")
    text = "\n".join(c.text for c in document.chunks)
    assert "AKIAIOSFODNN7EXAMPLE" not in text and "ops-alerts@example.com" not in text
    assert "[REDACTED:email]" in text
    assert document.redactions == {"aws-access-key": 1, "email": 1}


def test_header_table_and_key_value_lines_when_there_is_no_front_matter(tmp_path):
    path = tmp_path / "2021-03-04-queue.md"
    path.write_text(
        "# Queue backlog\n\n| Field | Value |\n|---|---|\n| Severity | High |\n| Services | queue, billing |\n\n"
        "## Summary\n\nThe billing queue backed up for two hours.\n\n## Stats\n\n- Category: Messaging\n"
    )
    meta = read_source(path).metadata
    assert (meta.title, meta.severity, meta.services, meta.failure_class) == (
        "Queue backlog", "SEV2", ["queue", "billing"], "Messaging"
    )
    assert meta.date == date(2021, 3, 4)  # from the file name


def test_date_falls_back_to_the_first_iso_date_in_the_text(tmp_path):
    path = tmp_path / "outage.md"
    path.write_text("# Outage\n\n## Timeline\n\n| Time | Event |\n|---|---|\n| 2022-07-09 10:00 | Alert |\n")
    assert extract_metadata(read_markdown(path.read_text()), path).date == date(2022, 7, 9)


def test_long_sections_are_split_at_line_boundaries():
    rows = "\n".join(f"| 2024-01-01 10:{i:02d} | step {i} of the recovery with extra words |" for i in range(60))
    document = read_markdown(f"# T\n\n## Timeline\n\n| Time | Event |\n|---|---|\n{rows}\n")
    chunks = chunk_document(document)
    assert len(chunks) > 1
    assert all(len(c.text.split()) <= CHUNK_WORDS for c in chunks)
    assert all(c.section == "Timeline" for c in chunks)
    joined = "\n".join(c.text for c in chunks)
    assert "step 0 of" in joined and "step 59 of" in joined


def test_pack_json_uses_its_structured_fields(kb_fixtures):
    path = kb_fixtures / "checkout-outage.draft.json"
    data = json.loads(path.read_text())
    document = read_source(path)
    assert document.kind == "pack"
    assert document.metadata.title == data["title"]
    assert document.metadata.severity == "SEV2"
    assert document.metadata.date == date(2026, 3, 10)
    assert [a.action for a in document.actions] == [a["action"] for a in data["action_items"]]
    sections = {c.section for c in document.chunks}
    assert {"Summary", "Timeline", "Contributing factors"} <= sections
    assert "Roles" not in sections and "Retro brief and agenda" not in sections
    assert document.factors[0] == "A change reached production at 14:02 (local time), shortly before impact."


def test_unusable_files_raise_input_errors_naming_the_file(tmp_path):
    binary = tmp_path / "image.md"
    binary.write_bytes(b"\x89PNG\x00\x00\x00")
    not_pack = tmp_path / "data.json"
    not_pack.write_text('{"title": "no markdown"}')
    broken = tmp_path / "broken.json"
    broken.write_text("{nope")
    for path, words in ((binary, "binary"), (not_pack, "markdown"), (broken, "invalid JSON")):
        with pytest.raises(InputError, match=words) as caught:
            read_source(path)
        assert str(path) in str(caught.value)
    with pytest.raises(InputError, match="no such file"):
        expand([tmp_path / "missing.md"])


def test_folders_expand_to_markdown_files_once(kb_fixtures, tmp_path):
    files = expand([kb_fixtures, kb_fixtures / "cert-expiry-api.md"])
    assert len(files) == len(list(kb_fixtures.glob("*.md")))
    assert all(p.suffix == ".md" for p in files)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=600))
def test_chunking_never_crashes_and_keeps_every_word_of_plain_paragraphs(text):
    document = read_markdown(text)
    chunks = chunk_document(document, max_words=20)
    assert all(len(c.text.split()) <= 20 for c in chunks)
    assert [c.position for c in chunks] == list(range(len(chunks)))
    contributing_factors(document)
    action_items(document)


@given(st.lists(st.text(alphabet="abcdefgh ", min_size=1, max_size=40).filter(str.strip), min_size=1, max_size=30))
def test_split_chunks_preserve_words_in_order(paragraphs):
    text = "## Summary\n\n" + "\n\n".join(p.strip() for p in paragraphs) + "\n"
    document = read_markdown(text)
    chunks = chunk_document(document, max_words=7)
    words = [w for c in chunks for w in c.text.split()]
    assert words == [w for p in paragraphs for w in p.split()]


@given(st.binary(max_size=400))
def test_any_file_content_is_indexed_or_refused_with_an_input_error(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("random") / "note.md"
    path.write_bytes(content)
    try:
        document = read_source(path)
    except InputError as exc:
        assert str(path) in str(exc)
    else:
        assert document.chunks and document.metadata.title


@given(
    st.dictionaries(
        st.sampled_from(["title", "date", "services", "severity", "failure_class", "category", "source_url", "x"]),
        st.one_of(st.none(), st.text(max_size=20), st.integers(), st.lists(st.text(max_size=8), max_size=3)),
    )
)
def test_metadata_extraction_never_crashes_on_odd_front_matter(front_matter):
    document = read_markdown("# Heading\n\nSome text.\n")
    document.front_matter = front_matter
    meta = extract_metadata(document, Path("note.md"))
    assert meta.title
    assert all(isinstance(s, str) for s in meta.services)
