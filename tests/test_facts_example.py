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


def test_key_events_in_order(facts):
    assert [(e.time, e.kind) for e in facts.timeline] == [
        (at(14, 2), "change"),
        (at(14, 5), "impact_start"),
        (at(14, 9), "detection_alert"),
        (at(14, 10), "page"),
        (at(14, 12), "acknowledgement"),
        (at(14, 14), "detection_report"),
        (at(14, 16), "declaration"),
        (at(14, 18), "trigger"),
        (at(14, 20), "decision"),
        (at(14, 27), "mitigation_failed"),
        (at(14, 29), "escalation"),
        (at(14, 38), "mitigation"),
        (at(14, 41), "recovery"),
        (at(14, 44), "communication"),
        (at(14, 52), "resolution"),
    ]


def test_events_cite_lines_name_roles_and_mark_hypotheses(facts):
    by_kind = {e.kind: e for e in facts.timeline}
    assert by_kind["change"].source_lines == [2, 4]  # "deploying ..." and "deploy finished" are one change
    assert by_kind["impact_start"].event == "Error graph says it started around 2:05, not at the alert"
    assert by_kind["detection_alert"].actor == "Datadog"
    assert by_kind["declaration"].actor == "the incident commander"
    assert by_kind["escalation"].event == "Escalating to the database team, paging the database engineer"
    assert by_kind["trigger"].certainty == "hypothesis"
    assert by_kind["decision"].decision_point
    names = ("Priya", "Marcus", "Dana", "Leo")
    assert not any(name in e.event for e in facts.timeline for name in names)
    assert not any("S3cr3t" in e.event or "AKIA" in e.event for e in facts.timeline)


def test_metrics(facts):
    m = facts.metrics
    assert (m.impact_start, m.detected, m.acknowledged) == (at(14, 5), at(14, 9), at(14, 12))
    assert (m.mitigated, m.recovered, m.resolved) == (at(14, 38), at(14, 41), at(14, 52))
    assert (m.ttd_minutes, m.tta_minutes, m.ttm_minutes, m.ttr_minutes, m.ttc_minutes) == (4, 3, 33, 36, 47)
    assert m.unknown == {}


def test_roles_severity_impact(facts):
    assert {(r.role, r.name) for r in facts.roles} == {
        ("on-call engineer", "Priya Raman"),
        ("incident commander", "Marcus Chen"),
        ("communications lead", "Dana Okafor"),
        ("database engineer", "Leo Fischer"),
    }
    assert facts.severity.level == "SEV2" and facts.severity.mapping_note is None
    assert [(f.value, f.unit) for f in facts.impact.figures] == [(2340, "requests"), (1100, "customers"), (48000, "money")]
    assert facts.impact.figures[2].currency == "USD"
    assert facts.impact.how_we_know.startswith("the order logs")


def test_injected_instruction_changes_nothing(facts):
    assert facts.severity.level == "SEV2"
    assert all("Guest" not in r.name for r in facts.roles)
    assert any("ignored" in w and "instruction to an AI" in w for w in facts.warnings)


def test_action_items(facts):
    items = [(a.owner, a.due, a.type) for a in facts.action_items]
    assert items == [
        ("Priya Raman", date(2026, 3, 20), "prevent"),
        ("Leo Fischer", date(2026, 3, 11), "respond"),
        (None, None, "detect"),
        ("Dana Okafor", date(2026, 3, 20), "process"),
    ]
    assert facts.action_items[0].action == "Add a CI check that blocks pool size changes below 30"
    assert all(a.success_signal is None for a in facts.action_items)


def test_observations_and_services(facts):
    assert [o.text for o in facts.went_well] == [
        "The Datadog alert fired within 4 minutes and the rollback runbook was up to date"
    ]
    assert len(facts.lucky) == 1 and facts.lucky[0].text.startswith("Luckily this happened before the evening peak")
    assert [h.source_lines for h in facts.hypotheses] == [[16]]
    assert facts.services == ["checkout-api", "pgbouncer"]
