"""Rubrics and gates as data: the shipped files validate, and broken user files get a precise one-line error."""

import os
from pathlib import Path

import pytest
import yaml

from agent.errors import ConfigError, UsageError
from agent.grading import available_rubrics, load_gates, load_rubric
from agent.paths import RUBRICS_DIR


def test_shipped_rubrics_load_with_the_spec_shape():
    default = load_rubric("default")
    assert (default.scale.min, default.scale.max, default.aggregate) == (0, 2, "sum")
    assert len(default.criteria) == 6 and default.score_range == (0, 12)
    assert [(b.id, b.min, b.passes) for b in default.bands] == [
        ("ship", 10, True), ("ship-with-assumptions", 7, True), ("publishable", 5, True), ("re-intake", 0, False)]
    sre = load_rubric("sre-weighted")
    weights = {c.id: c.weight for c in sre.criteria}
    assert weights == {"timeline": 1.2, "impact": 1.3, "root_cause": 1.4, "corrective_actions": 1.4,
                       "blameless_tone": 1.3, "timeliness": 1.0, "learning_and_sharing": 1.1, "completeness": 1.0}
    assert (sre.scale.min, sre.scale.max, sre.aggregate) == (1, 5, "weighted_mean")
    assert sre.severity_minimums == {"SEV0": 4, "SEV1": 4, "SEV2": 3.5, "SEV3": 3}
    production = next(b for b in sre.bands if b.passes and b.min == 3.5)
    assert production.id == "production-ready" and production.severity_floors
    publishable = next(b for b in sre.bands if b.id == "publishable")
    assert publishable.passes and not publishable.severity_floors and publishable.min < production.min
    assert available_rubrics() == ["default", "sre-weighted"]


def test_every_level_above_the_floor_names_its_signals():
    for name in available_rubrics():
        for criterion in load_rubric(name).criteria:
            assert criterion.levels[0].signals == []
            assert all(level.signals for level in criterion.levels[1:]), (name, criterion.id)


def test_a_rubric_can_be_loaded_by_path(tmp_path):
    copy = tmp_path / "mine.yaml"
    copy.write_text((RUBRICS_DIR / "default.yaml").read_text().replace("name: default", "name: mine"))
    assert load_rubric(str(copy)).name == "mine"


def test_unknown_rubric_name_is_a_usage_error():
    with pytest.raises(UsageError, match=r"unknown rubric 'strict'; available: default, sre-weighted"):
        load_rubric("strict")
    with pytest.raises(UsageError):
        load_rubric("gates")


def broken(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load((RUBRICS_DIR / "sre-weighted.yaml").read_text())
    edit(data)
    path = tmp_path / "x.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["criteria"][2].update(weight=0), r"x\.yaml: criteria\[2\]\.weight: must be > 0$"),
        (lambda d: d["criteria"][0]["levels"][1].update(signals=["timeline.colour>=2"]),
         r"criteria\[0\]\.levels\[1\]\.signals: unknown signal 'timeline\.colour'"),
        (lambda d: d["criteria"][1]["levels"][2].update(signals=["impact.figures >> 2"]),
         r"criteria\[1\]\.levels\[2\]\.signals: cannot read signal expression 'impact\.figures >> 2'"),
        (lambda d: d["criteria"][3]["levels"].pop(2), r"criteria\[3\]\.levels: must list levels \[1, 2, 3, 4, 5\]"),
        (lambda d: d["criteria"][0].pop("title"), r"criteria\[0\]\.title: missing \(required\)"),
        (lambda d: d["criteria"][0].update(colour="blue"), r"criteria\[0\]\.colour: unknown field"),
        (lambda d: d.update(aggregate="median"), r"aggregate: Input should be 'sum' or 'weighted_mean'"),
        (lambda d: d["bands"].reverse(), r"bands: list them from the highest min to the lowest"),
        (lambda d: d["severity_minimums"].update(SEV2=7), r"severity_minimums\.SEV2: 7 is outside the scale"),
        (lambda d: d["criteria"][1].update(id="timeline"), r"criteria\[1\]\.id: 'timeline' is used twice"),
    ],
)
def test_broken_rubric_errors_name_file_field_and_problem(tmp_path, edit, message):
    with pytest.raises(ConfigError, match=message) as raised:
        load_rubric(str(broken(tmp_path, edit)))
    assert "\n" not in str(raised.value)
    assert raised.value.exit_code == 2


def test_rubric_file_problems_are_config_errors(tmp_path):
    with pytest.raises(ConfigError, match=r"missing\.yaml: file not found"):
        load_rubric(str(tmp_path / "missing.yaml"))
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ncriteria: [\n")
    with pytest.raises(ConfigError, match=r"bad\.yaml: line \d+: "):
        load_rubric(str(bad))
    scalar = tmp_path / "scalar.yaml"
    scalar.write_text("just a string\n")
    with pytest.raises(ConfigError, match="expected a mapping"):
        load_rubric(str(scalar))


def test_an_edited_rubric_file_is_reread(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text((RUBRICS_DIR / "default.yaml").read_text())
    assert load_rubric(str(path)).name == "default"
    path.write_text(path.read_text().replace("name: default", "name: edited"))
    os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 5))
    assert load_rubric(str(path)).name == "edited"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  - id: allspaw_test", "  - id: allspaw_quiz", r"gates\[11\]\.id: unknown gate id 'allspaw_quiz'"),
        ("      min_figures: 1", "      min_figures: 0", r"gates\[2\]\.params\.min_figures: must be >= 1"),
        ("required_fields: [owner, due, success_signal, follow_up]", "required_fields: [owner, budget]",
         r"gates\[3\]\.params\.required_fields: unknown action field"),
        ('pattern: "\\\\b(be|being|to be)', 'pattern: "\\\\b(be|being|to be',
         r"params\.vague\[0\]\.pattern: not a valid regular expression"),
    ],
)
def test_broken_gate_files_name_the_field(tmp_path, old, new, message):
    text = (RUBRICS_DIR / "gates.yaml").read_text()
    assert old in text
    path = tmp_path / "gates.yaml"
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ConfigError, match=message):
        load_gates(path)


def test_readme_documents_every_signal():
    from agent.grading.signals import SIGNALS, load_all

    load_all()
    readme = (RUBRICS_DIR / "README.md").read_text(encoding="utf-8")
    assert [name for name in SIGNALS if f"`{name}`" not in readme] == []
