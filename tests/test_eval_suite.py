"""The eval suite as a plain function: regressions against the baseline, leaks, baseline updates, and the
measures themselves on small drafts of our own."""

import io
import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.evaluation import evaluate, load_baseline
from agent.evaluation.cases import Expected, ExpectedAction, ExpectedEvent
from agent.evaluation.scoring import action_owners, action_precision, fact_accuracy, gate_honesty, timeline_recall
from agent.grading.models import Finding, GateResult, GradeReport, RubricScore
from agent.models import ActionItem, Pack, TimelineEvent, unknown
from agent.models.pack import Brief, Header

CASES = Path(__file__).resolve().parent.parent / "evals" / "cases"


@pytest.fixture
def one_case(tmp_path) -> Path:
    cases = tmp_path / "evals" / "cases"
    shutil.copytree(CASES / "search-reindex-irc", cases / "search-reindex-irc")
    return cases


def run(cases: Path, **options):
    return evaluate(cases, env={}, console=io.StringIO(), offline=True, **options)


def test_an_action_the_transcript_never_states_is_a_regression(one_case):
    first = run(one_case, update_baseline=True)
    assert first.passed and (one_case.parent / "baseline.json").is_file()
    expected = one_case / "search-reindex-irc" / "expected.yaml"
    expected.write_text(expected.read_text(encoding="utf-8").replace(
        "actions:\n", "actions:\n  - {text: migrate search to a managed cluster, owner: kaveh}\n"), encoding="utf-8")
    worse = run(one_case)
    assert not worse.passed and ("search-reindex-irc", "action_recall") in worse.regressions
    case = worse.to_json()["cases"][0]
    assert case["status"]["action_recall"] == "regressed" and case["delta"]["action_recall"] == -0.25
    assert "missing action 'migrate search to a managed cluster'" in case["reasons"]["action_recall"]
    assert "search-reindex-irc action_recall 0.75 < baseline 1.00" in worse.verdict()


def test_a_leak_fails_the_run_whatever_the_baseline_and_is_never_stored(one_case):
    baseline = one_case.parent / "baseline.json"
    expected = one_case / "search-reindex-irc" / "expected.yaml"
    # The service name is in every draft of this case: standing in for a secret that slipped through.
    expected.write_text(expected.read_text(encoding="utf-8") + "  - catalog-search\n", encoding="utf-8")
    report = run(one_case, update_baseline=True)
    assert not report.passed and not baseline.exists()
    assert report.regressions == []  # no baseline at all: the leak alone fails it
    name, detail = report.leaks[0]
    assert name == "search-reindex-irc" and "must_not_contain[1]" in detail and "catalog-search" not in detail


def test_a_new_case_is_reported_new_then_compared_after_an_update(one_case):
    fresh = run(one_case)
    statuses = fresh.to_json()["cases"][0]["status"]
    assert fresh.passed and set(statuses.values()) == {"new"}
    updated = run(one_case, update_baseline=True)
    assert updated.baseline_updated and updated.passed
    stored = load_baseline(one_case.parent / "baseline.json").engines["offline"]["search-reindex-irc"]
    assert stored == fresh.cases[0].scores
    again = run(one_case).to_json()
    assert set(again["cases"][0]["status"].values()) == {"ok"} and again["passed"] is True
    json.dumps(again)  # the --json document is serialisable as it stands


def test_a_broken_baseline_names_its_field(one_case):
    from agent.errors import ConfigError

    broken = '{"engines": {"offline": {"x": {"rubric": "high"}}}}'
    (one_case.parent / "baseline.json").write_text(broken, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"baseline.json: engines.offline.x.rubric"):
        run(one_case)


# --- the measures on hand-made drafts ------------------------------------------------------------------------

def pack(**fields) -> Pack:
    return Pack(header=Header(title="t"), brief=Brief(goal="g"), summary="s", **fields)


def expected(**fields) -> Expected:
    return Expected.model_validate({"draft_options": {"today": "2026-04-10"}, **fields})


def test_metrics_match_within_a_minute_and_null_must_stay_null():
    from agent.models import Metrics

    draft = pack(metrics=Metrics(ttd_minutes=16.8, tta_minutes=None, ttr_minutes=40))
    measure = fact_accuracy(expected(metrics={"ttd_minutes": 16, "tta_minutes": None, "ttr_minutes": 34}), draft)
    assert measure.value == pytest.approx(2 / 3) and "ttr_minutes: expected 34, got 40" in measure.reason
    assert fact_accuracy(expected(severity=None), draft).value == 1.0  # no severity claimed, none expected
    assert fact_accuracy(expected(), draft) is None  # nothing to check


def test_owners_null_means_nobody_and_precision_counts_invented_actions():
    wanted = [ExpectedAction(text="runbook for the alias", owner="Bjorn"),
              ExpectedAction(text="doc-count alert", owner=None)]
    drafted = [ActionItem(action="Write a runbook for the alias switch", owner="bjorn lindqvist"),
               ActionItem(action="Add a doc-count alert", owner="rhea"),
               ActionItem(action="Be more careful with migrations", owner="rhea"),
               ActionItem(action=unknown("What else should change?"))]
    owners = action_owners(wanted, drafted)
    assert owners.value == 0.5 and "owner expected none, got rhea" in owners.reason
    precision = action_precision(wanted, drafted)
    assert precision.value == pytest.approx(2 / 3) and "Be more careful" in precision.reason


def test_failing_gates_must_sit_on_labelled_unknowns():
    rows = f"| Add an alert | {unknown('Who owns it?')} |\n| Be careful | x |\n"
    markdown = "# T\n\n| Action | Owner |\n|---|---|\n" + rows
    rubric = RubricScore(name="default", score=6, max=12, passed=False, band="re-intake", criteria=[])
    gates = [GateResult(id="no_orphan_actions", passed=False, detail="", line=5),
             GateResult(id="no_vague_actions", passed=False, detail="", line=6),
             GateResult(id="went_well_present", passed=True, detail="")]
    findings = [Finding(gate="no_orphan_actions", line=5, text="", suggestion=""),
                Finding(gate="no_vague_actions", line=6, text="", suggestion="")]
    honesty = gate_honesty(GradeReport(rubric=rubric, gates=gates, findings=findings, passed=False), markdown)
    assert honesty.value == 0.5 and honesty.reason == "no_vague_actions fails on line 6, not an unknown"


@given(minute_of_day=st.integers(0, 24 * 60 - 1), shift=st.integers(-3, 3))
def test_an_event_time_matches_its_clock_time_within_a_minute_across_midnight(minute_of_day, shift):
    said = datetime(2026, 7, 14) + timedelta(minutes=minute_of_day)
    event = TimelineEvent(time=said + timedelta(minutes=shift), kind="recovery", event="alerts resolved",
                          source_lines=[1])
    want = ExpectedEvent(kind="recovery", time=f"{said:%H:%M}")
    assert (timeline_recall([want], [event]).value == 1.0) is (abs(shift) <= 1)
    assert timeline_recall([want.model_copy(update={"kind": "resolution"})], [event]).value == 0.0
