"""The rule file is data with a schema: the bundled one loads, broken ones fail with the file and the field."""

import re
from pathlib import Path

import pytest
import yaml

from agent.errors import ConfigError
from agent.grading.blame import BlameLinter
from agent.grading.blame_rules import DEFAULT_RULES_PATH, load_blame_config, required_literals


@pytest.fixture
def bundled() -> dict:
    return yaml.safe_load(DEFAULT_RULES_PATH.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: object, name: str = "rules.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_the_bundled_rules_load_with_unique_ids_and_an_explanation_each():
    config = load_blame_config()
    ids = [rule.id for rule in config.rules]
    assert len(ids) == len(set(ids)) >= 15
    assert all(rule.explanation.strip() and rule.suggestion.strip() for rule in config.rules)


def test_a_new_rule_in_a_custom_file_changes_what_is_flagged(tmp_path, bundled):
    sentence = "The operator went rogue and rebooted the fleet."
    assert BlameLinter(load_blame_config()).lint(sentence) == []
    bundled["rules"].append(
        {
            "id": "went-rogue",
            "explanation": "Casting a person as acting against the team judges motive.",
            "patterns": [r"\bwent\s+rogue\b"],
            "subject": "person",
            "suggestion": 'Describe what the situation asked of the responder instead of "{matched}".',
        }
    )
    [finding] = BlameLinter(load_blame_config(write(tmp_path, bundled))).lint(sentence)
    assert (finding.rule, finding.matched) == ("went-rogue", "went rogue")
    assert finding.suggestion == 'Describe what the situation asked of the responder instead of "went rogue".'


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (lambda d: d["rules"][0]["patterns"].append("(unclosed"), r"rules.*not a valid regular expression"),
        (lambda d: d["rules"][0]["patterns"].append("{nosuchmacro} here"), r"unknown macro \{nosuchmacro\}"),
        (lambda d: d["rules"][0].update(subject="everyone"), r"rules\[0\]\.subject"),
        (lambda d: d["rules"][0].pop("explanation"), r"rules\[0\]\.explanation: missing"),
        (lambda d: d["rules"][0].update(suggestion="Rewrite {whom}."), r"rules\[0\]\.suggestion: .*whom"),
        (lambda d: d["rules"][1].update(id=d["rules"][0]["id"]), r"duplicate id"),
        (lambda d: d["rules"][0].update(colour="red"), r"rules\[0\]\.colour: unknown field"),
        (lambda d: d["people"].update(speaker_label="[unclosed"), r"people\.speaker_label: not a valid regular"),
        (lambda d: d["people"]["name_cues"].pop("human_verbs"), r"people\.name_cues\.human_verbs: missing"),
        (lambda d: d["document"].update(skip_titles="(unclosed"), r"document\.skip_titles: not a valid regular"),
        (lambda d: d["named_person"]["unless"].append("[unclosed"), r"named_person\.unless"),
        (lambda d: d.update(version=2), r"version"),
        (
            lambda d: d["rules"][0].update(rewrites=[{"when": r"(?P<x>\w+) forgot", "template": "{y} did it"}]),
            r"rules\[0\]\.rewrites\[0\].*\['y'\]",
        ),
    ],
)
def test_a_broken_rule_file_names_the_file_and_the_field(tmp_path, bundled, breakage, expected):
    breakage(bundled)
    path = write(tmp_path, bundled)
    with pytest.raises(ConfigError) as raised:
        load_blame_config(path)
    message = str(raised.value)
    assert message.startswith(str(path)) or "rules.yaml" in message
    assert re.search(expected, message), message
    assert "\n" not in message


def test_unreadable_and_non_mapping_files_are_config_errors(tmp_path):
    with pytest.raises(ConfigError, match=r"missing\.yaml: file not found"):
        load_blame_config(tmp_path / "missing.yaml")
    with pytest.raises(ConfigError, match="expected a mapping"):
        load_blame_config(write(tmp_path, ["a", "list"], "list.yaml"))
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.yaml: line"):
        load_blame_config(bad)


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"\bforgot\b", ("forgot",)),
        (r"\b(?:obviously|simply)\b", ("obviously", "simply")),
        (r"\bif\s+only\b", ("only",)),
        (r"\bwho\s+(?:is|was)\s+(?:responsible|to\s+blame)", ("blame", "responsible")),
        (r"\w+ly", ("ly",)),
        (r"\w+", None),
        (r"(?:forgot|\w+ed)", ("ed", "forgot")),
        (r"(?:forgot|\w+)", None),  # one branch has no literal, so no string is certain
    ],
)
def test_required_literals_of_a_pattern(pattern, literals):
    assert required_literals(pattern) == literals


def test_every_match_of_a_bundled_pattern_contains_one_of_its_literals(fixtures_dir):
    """The cheap substring pre-check may never hide a real match (checked on our own sentences)."""
    sentences = yaml.safe_load((fixtures_dir / "blame" / "own_sentences.yaml").read_text(encoding="utf-8"))
    texts = [text for group in sentences.values() for text in group]
    config = load_blame_config()
    checked = 0
    for rule in config.rules:
        for pattern in rule.patterns:
            if "{person}" in pattern or "{collective}" in pattern:
                continue
            literals = required_literals(config.expand(pattern))
            compiled = re.compile(config.expand(pattern), re.IGNORECASE)
            for text in texts:
                if compiled.search(text):
                    checked += 1
                    assert literals is None or any(literal in text.lower() for literal in literals), (pattern, text)
    assert checked >= 30
