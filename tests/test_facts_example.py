"""Golden test: the bundled example transcript, parsed by the real parser, gives the facts a reader expects."""

from datetime import date, datetime

import pytest

from agent.facts import extract_facts
from agent.paths import EXAMPLES_DIR

transcript_module = pytest.importorskip("agent.transcript")


@pytest.fixture(scope="module")
def facts():
    transcript = transcript_module.load_transcript(str(EXAMPLES_DIR / "checkout-outage.slack.txt"), today=date(2026, 11, 21))
    return extract_facts(transcript, today=date(2026, 11, 21))


def at(hour: int, minute: int) -> datetime:
    return datetime(2026, 3, 10, hour, minute)


def test_key_events(facts):
    """What the reader of the document needs, and bot lines give by rule: the Datadog alert is the detection, the
    PagerDuty page follows, the Datadog recovery is there; the declaration and the resolution are said plainly."""
    def has(hour, minute, kind, actor=None):
        return any(e.time == at(hour, minute) and e.kind == kind and (actor is None or e.actor == actor)
                   for e in facts.timeline)

    assert has(14, 9, "detection_alert", "Datadog") and has(14, 10, "page", "PagerDuty")
    assert has(14, 41, "recovery", "Datadog")
    assert has(14, 16, "declaration", "the incident commander")
    assert has(14, 52, "resolution")
    times = [e.time for e in facts.timeline]
    assert times == sorted(times)


def test_events_cite_lines_name_roles_and_keep_secrets_out(facts):
    detection = next(e for e in facts.timeline if e.kind == "detection_alert")
    assert detection.source_lines == [6] and detection.event.startswith("[Triggered] checkout-api 5xx rate")
    for event in facts.timeline:
        assert event.source_lines and event.event
    names = ("Priya", "Marcus", "Dana", "Leo")
    assert not any(name in e.event for e in facts.timeline for name in names)
    assert not any("S3cr3t" in e.event or "AKIA" in e.event for e in facts.timeline)
    assert all(e.decision_point == (e.kind == "decision") for e in facts.timeline)


def test_metrics(facts):
    m = facts.metrics
    assert m.detected == at(14, 9)  # the Datadog alert
    assert at(14, 5) <= m.impact_start <= at(14, 9)  # stated or read from a report at the latest the alert
    assert m.acknowledged is None or at(14, 9) <= m.acknowledged <= at(14, 12)
    assert at(14, 27) < m.recovered <= at(14, 41)  # after the failed rollback; at the latest the Datadog recovery
    assert m.resolved == at(14, 52)
    assert m.ttc_minutes == (m.resolved - m.impact_start).total_seconds() / 60


def test_roles_severity_impact(facts):
    assert {(r.role, r.name) for r in facts.roles} == {
        ("on-call engineer", "Priya Raman"),
        ("incident commander", "Marcus Chen"),
        ("communications lead", "Dana Okafor"),
        ("database engineer", "Leo Fischer"),
    }
    assert facts.severity.level == "SEV2" and facts.severity.mapping_note is None
    # surest first, not in the order said
    assert sorted((f.value, f.unit, f.currency) for f in facts.impact.figures) == [
        (1100, "customers", None), (2340, "requests", None), (48000, "money", "USD")]
    assert facts.impact.how_we_know.startswith("the order logs")


def test_injected_instruction_changes_nothing(facts):
    assert facts.severity.level == "SEV2"
    assert all("Guest" not in r.name for r in facts.roles)
    assert any("ignored" in w and "instruction to an AI" in w for w in facts.warnings)


@pytest.mark.xfail(strict=True, reason="a reader miss measured on our own fixture (reader retrained in session 7 on "
                   "492 transcripts): 'error graph says it started around 2:05, not at the alert' is read as chatter "
                   "(tied with impact start) and its time as a trigger, so the first ticket's time (2:08) is taken for "
                   "the start")
def test_the_stated_impact_start_wins(facts):
    assert facts.metrics.impact_start == at(14, 5)


def test_action_items(facts):
    items = [(a.owner, a.due, a.type) for a in facts.action_items]
    assert items[-4:] == [
        ("Priya Raman", date(2026, 3, 20), "prevent"),
        ("Leo Fischer", date(2026, 3, 11), "respond"),
        (None, None, "detect"),
        ("Dana Okafor", date(2026, 3, 20), "process"),
    ]


def test_only_the_stated_follow_ups_are_actions(facts):
    # the reader still reads "things that helped: …" as a follow-up; what went well is no action whatever it is read as
    assert len(facts.action_items) == 4
    assert facts.action_items[0].action == "Add a CI check that blocks pool size changes below 30"
    assert all(a.success_signal is None for a in facts.action_items)


def test_observations_and_services(facts):
    assert [o.text for o in facts.went_well] == [
        "The Datadog alert fired within 4 minutes and the rollback runbook was up to date"
    ]
    assert len(facts.lucky) == 1 and facts.lucky[0].text.startswith("Luckily this happened before the evening peak")
    for said in (*facts.hypotheses, *facts.causes):  # which lines are guesses is the reader's judgement
        assert said.source_lines and not any(name in said.text for name in ("Priya", "Marcus", "Dana", "Leo"))
    assert facts.services == ["checkout-api", "pgbouncer"]
