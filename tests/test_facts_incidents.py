"""Whole incidents of our own writing: a database failover, a feature-flag launch on a P scale, an outage nobody's
monitoring saw (user reports only), a CDN origin switched back, and a queue cut over and back.

These go through the real learned reader, so they check what a reader of the document needs and a decent reader
gets right (bot lines read by their machine rules, metrics from them, impact starts stated plainly, the phase
rules), not every row: which kind each person's message is belongs to the reader's own evaluation."""

from datetime import UTC, date, datetime

import pytest

from agent.facts import extract_facts
from test_facts_chat import line_of, load_chat


def facts_of(name: str):
    return extract_facts(load_chat(name), today=date(2026, 11, 21))


def ends_with(facts, expected: list) -> bool:
    """The stated follow-ups, in order, close the action list as (owner, due, type) rows. Rows before them are the
    reader's doing (a cause statement read as a follow-up); test_no_cause_statement_becomes_a_follow_up has them."""
    rows = [(a.owner, a.due, a.type) for a in facts.action_items]
    return rows[-len(expected):] == expected


@pytest.fixture(scope="module")
def failover():
    return facts_of("db-failover.chat")


@pytest.fixture(scope="module")
def flag():
    return facts_of("flag-rollout.chat")


@pytest.fixture(scope="module")
def cert():
    return facts_of("cert-expiry.chat")


def kinds(facts) -> list[tuple[str, str]]:
    return [(e.time.strftime("%H:%M"), e.kind) for e in facts.timeline]


def has(facts, clock: str, kind: str, actor: str | None = None) -> bool:
    return any(e.time.strftime("%H:%M") == clock and e.kind == kind and (actor is None or e.actor == actor)
               for e in facts.timeline)


def test_failover_timeline(failover):
    assert has(failover, "09:10", "impact_start")  # "impact began at 09:10", said plainly
    assert has(failover, "09:12", "detection_alert", "Grafana") and has(failover, "09:13", "page", "PagerDuty")
    assert has(failover, "09:40", "recovery", "Grafana")
    assert has(failover, "09:58", "resolution")  # "closing the incident"
    times = [e.time for e in failover.timeline]
    assert times == sorted(times)
    names = ("Ravi", "Helen", "Tomasz", "Aiko")
    assert not any(name in e.event for e in failover.timeline for name in names)


def test_failover_question_is_not_a_decision(failover):
    transcript = load_chat("db-failover.chat")
    question_line = line_of(transcript, "should we fail over now?")
    assert all(question_line not in e.source_lines for e in failover.timeline)


def test_failover_detection_is_the_grafana_alert(failover):
    m = failover.metrics
    assert m.detected == datetime(2026, 5, 12, 9, 12)  # the Grafana alert, not a remark before it
    assert (m.ttd_minutes, m.ttr_minutes, m.ttc_minutes) == (2, 30, 48)  # to the alert, its recovery, the close


def test_failover_metrics_roles_and_facts(failover):
    m = failover.metrics
    assert m.impact_start == datetime(2026, 5, 12, 9, 10)
    assert {(r.role, r.name) for r in failover.roles} == {
        ("on-call engineer", "Ravi Menon"),
        ("communications lead", "Helen Brooks"),  # assigned by the IC, which beats "support here"
        ("incident commander", "Tomasz Kowal"),
        ("storage engineer", "Aiko Tanaka"),
    }
    assert failover.severity.level == "SEV1"
    assert sorted((f.value, f.unit) for f in failover.impact.figures) == [(3, "percent"), (410, "customers"), (640, "orders")]
    assert ends_with(failover, [
        (None, None, None),
        ("Aiko Tanaka", date(2026, 5, 22), "detect"),
        ("Ravi Menon", date(2026, 5, 26), "respond"),
        ("Helen Brooks", date(2026, 5, 15), "process"),
    ])
    assert failover.went_well[0].text.startswith("Good thing the replica was in a different zone")
    assert failover.went_poorly[0].text.startswith("The problem was that nobody remembered")
    assert failover.services == ["orders-db"]


def test_flag_rollout_maps_p1_and_times_impact_from_the_flag(flag):
    assert flag.severity.level == "SEV1"
    assert flag.severity.original == "P1"
    assert flag.severity.mapping_note == "P1 mapped to SEV1"
    assert any("P1 mapped to SEV1" in w for w in flag.warnings)
    assert flag.metrics.resolved == datetime(2026, 6, 3, 10, 45)  # "marking this resolved"


@pytest.mark.xfail(strict=True, reason="figure model miss: 'enabled the flag for 25% of EU traffic' reads as a share "
                   "harmed (0.8); the annotators call a rollout share no impact")
def test_flag_rollout_share_is_no_impact_figure(flag):
    assert 25 not in {f.value for f in flag.impact.figures}


def test_flag_rollout_impact_start_said_plainly(flag):
    assert flag.metrics.impact_start == datetime(2026, 6, 3, 10, 4)  # "impact started at 10:04", said plainly
    assert flag.metrics.ttc_minutes == 41


def test_flag_rollout_people_money_and_follow_ups(flag):
    roles = {r.name: r.role for r in flag.roles}
    assert roles["Marta Silva"] == "incident commander"
    assert roles["Lena Vogel"] == "communications lead"
    assert {roles["Nadia Farouk"], roles["Owen Price"]} == {"responder 1", "responder 2"}
    figures = {(f.value, f.unit, f.currency) for f in flag.impact.figures}  # surest first, not in time order
    assert {(8, "percent", None), (1900, "orders", None), (12400, "money", "EUR")} <= figures
    assert ends_with(flag, [
        ("Owen Price", date(2026, 6, 5), "prevent"),
        ("Nadia Farouk", date(2026, 6, 10), "mitigate"),
        (None, None, "prevent"),
        ("Marketing team", date(2026, 6, 6), "process"),
    ])
    assert flag.went_well[0].text == "Merchants told us quickly and the flag made the rollback instant"
    assert flag.lucky[0].text == "Luckily we had only ramped to 25%"
    assert flag.went_poorly[0].text == "We didn't have a test for coupons with the flag on"


def test_flag_rollout_small_talk_and_plans_are_not_events(flag):
    transcript = load_chat("flag-rollout.chat")
    noise = {line_of(transcript, "lunch"), line_of(transcript, "launch day")}
    assert not noise & {line for e in flag.timeline for line in e.source_lines}


def test_user_reports_only_detects_by_report_and_leaves_ttd_unknown(cert):
    """No monitoring saw it: the first user report is the detection and stands in for the impact start."""
    assert has(cert, "07:41", "detection_report")
    assert not any(e.kind == "detection_alert" for e in cert.timeline)
    m = cert.metrics
    assert m.detected == m.impact_start == datetime(2026, 8, 9, 7, 41)
    assert m.ttd_minutes is None and "impact start not stated" in m.unknown["ttd_minutes"]
    assert any("lower bounds" in w for w in cert.warnings)
    assert cert.severity.level == "SEV3"


_CAUSE_AS_FOLLOW_UP = pytest.mark.xfail(
    strict=True, reason="a reader miss measured on our own fixtures (reader of c0fd8eb, still so after the session-6 "
    "retrain): the cause stated just before the follow-up list ('we didn't have any alert on …') is read as one more "
    "follow-up")
_CAUSE_AS_FOLLOW_UP_SINCE_SESSION_8 = pytest.mark.xfail(
    strict=True, reason="a reader miss of the session-8 reader (612 transcripts, read redacted): the cause told in the "
    "retrospective ('the problem was that nobody remembered the promotion command …') is read as a follow-up")


@pytest.mark.parametrize("name, stated", [pytest.param("db-failover.chat", 4, marks=_CAUSE_AS_FOLLOW_UP_SINCE_SESSION_8),
                                          pytest.param("flag-rollout.chat", 4, marks=_CAUSE_AS_FOLLOW_UP),
                                          pytest.param("cert-expiry.chat", 3, marks=_CAUSE_AS_FOLLOW_UP)])
def test_no_cause_statement_becomes_a_follow_up(name, stated):
    assert len(facts_of(name).action_items) == stated


def test_user_reports_only_keeps_unowned_follow_ups(cert):
    assert {(r.role, r.name) for r in cert.roles} == {("support lead", "Jo Whitaker"), ("on-call engineer", "Felix Adeyemi")}
    assert ends_with(cert, [
        (None, None, "detect"),
        (None, None, "process"),
        ("Felix Adeyemi", date(2026, 8, 10), None),
    ])
    unowned = sum(a.owner is None for a in cert.action_items)
    assert unowned >= 2 and any(f"{unowned} action item(s) have no owner" in w for w in cert.warnings)
    assert [(f.value, f.unit) for f in cert.impact.figures] == [(480, "minutes"), (300, "customers")]
    assert cert.lucky[0].text.startswith("Fortunately it was a Sunday night")
    assert cert.went_poorly[0].text.startswith("We didn't have any alert on certificate expiry")
    assert cert.services == ["mobile-api", "load balancer"]


CDN_ORIGIN = """\
2026-11-03 23:41 maya: shipping the new CDN origin config for the media bucket
2026-11-03 23:47 maya: config is live on all edges
2026-11-04 00:06 partner-ops: forwarded from Brightline Books: "cover images on our storefront return 403 since about midnight"
2026-11-04 00:08 maya: ack, checking the edge logs
2026-11-04 00:13 maya: edge logs show 403s from the origin, the 403s started at 23:48, right after the config went live
2026-11-04 00:15 dev: declaring SEV3, I'll coordinate
2026-11-04 00:18 dev: decision: route the media traffic back to the old origin
2026-11-04 00:22 maya: routed the media traffic back to the old origin
2026-11-04 00:27 maya: image requests are succeeding again
2026-11-04 00:40 dev: clean for 10 minutes, closing the incident
"""


def test_local_clock_partner_report_and_switching_back_through_the_parser(tmp_path):
    """Read with --tz America/New_York (UTC-5 in November): the start stated in local time, before midnight,
    lands on the right UTC day; a forwarded partner report is the detection; routing back is the mitigation."""
    from agent.transcript import load_transcript

    path = tmp_path / "cdn-origin.log"
    path.write_text(CDN_ORIGIN, encoding="utf-8")
    facts = extract_facts(load_transcript(str(path), tz="America/New_York", today=date(2026, 11, 5)), today=date(2026, 11, 5))
    m = facts.metrics
    assert m.detected == datetime(2026, 11, 4, 5, 6, tzinfo=UTC)  # the forwarded partner report
    assert next(e for e in facts.timeline if e.kind == "detection_report").source_lines == [3]
    assert m.impact_start <= m.detected  # impact cannot begin after someone reported it
    assert not any("read as UTC" in w for w in facts.warnings)


def test_a_stated_start_in_new_york_time_lands_on_the_next_utc_day(tmp_path):
    from agent.transcript import load_transcript

    path = tmp_path / "cdn-origin.log"
    path.write_text(CDN_ORIGIN, encoding="utf-8")
    facts = extract_facts(load_transcript(str(path), tz="America/New_York", today=date(2026, 11, 5)), today=date(2026, 11, 5))
    # "the 403s started at 23:48", said plainly: 23:48 New York is 04:48 UTC on the next day
    assert facts.metrics.impact_start == datetime(2026, 11, 4, 4, 48, tzinfo=UTC)
    assert facts.metrics.ttd_minutes == 18


BROKER_CUTOVER = """\
2026-06-02 13:05 noor: rolling out the notifier consumers on broker-2 now
2026-06-02 13:20 noor: notifier queue switched to broker-2
2026-06-02 13:22 noor: consumer graphs look normal so far
2026-06-02 13:41 alertmanager: [FIRING:1] NotifierBacklog notifier backlog above 50k
2026-06-02 13:43 noor: ack, looking
2026-06-02 13:47 lev: broker-2 has the old retention policy, consumers drop every message over 64 KB
2026-06-02 13:52 noor: notifier queue switched to broker-1
2026-06-02 14:01 noor: consumer graphs look normal so far
2026-06-02 14:09 lev: backlog is drained, closing the incident
2026-06-02 14:15 lev: for the review: the backlog started at 13:20, right when the queue moved
"""


def test_a_cutover_and_its_undo_read_the_same_words_by_phase(tmp_path):
    """"Switched to" before the alert is the change that started it and after the alert the mitigation; the
    status line said before the alert is no recovery, the same line after the mitigation is."""
    from agent.transcript import load_transcript

    path = tmp_path / "broker-cutover.log"
    path.write_text(BROKER_CUTOVER, encoding="utf-8")
    facts = extract_facts(load_transcript(str(path), today=date(2026, 6, 3)), today=date(2026, 6, 3))
    m = facts.metrics
    assert m.detected == datetime(2026, 6, 2, 13, 41)  # the alertmanager line
    assert has(facts, "13:41", "detection_alert")
    # before the alert nothing was wrong yet: the status line at 13:22 is no recovery, the switch no mitigation
    early = {1, 2, 3}
    assert not [e for e in facts.timeline if e.kind in ("recovery", "mitigation") and early & set(e.source_lines)]
    if m.recovered is not None:
        assert m.recovered > m.detected
    assert m.resolved == datetime(2026, 6, 2, 14, 9)  # "closing the incident"
