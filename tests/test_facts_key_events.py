"""A noisy channel keeps a timeline of key events, and folding it never moves a metric.

The messages are read by hand (`reading_by`: bot lines by the machine rules, people's lines by a table), so these
test the folding, not the learned reader; one test times the whole pipeline with the real reader."""

import random
import time as clock
from datetime import date, datetime, timedelta
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from agent.facts import MAX_TIMELINE_EVENTS, classify_events, compute_metrics, extract_facts, key_timeline
from agent.facts.cue import said
from agent.models import Message, Transcript
from test_facts_chat import chat, read_as, reading_by, stating

DAY = date(2026, 3, 10)
INCIDENT = """\
09:58|Ana Lima|deploying search-api v2.3 to prod
10:03|Grafana APP|[FIRING:1] search-api 5xx above 5%
10:04|PagerDuty APP|Triggered #311: search-api errors. Assigned to Ana Lima
10:05|Ana Lima|ack, looking at it
10:07|Bo Chen|customers report that search returns errors
10:08|Cy Diaz|declaring this a SEV2
10:12|Ana Lima|I think it's the new deploy
10:14|Cy Diaz|decision: we roll back search-api to v2.2
10:20|Ana Lima|rollback done but still seeing 5xx
10:22|Cy Diaz|escalating to the search team
10:31|Dee Evans|restarted the search index nodes and errors are dropping
10:35|Grafana APP|[RESOLVED] search-api 5xx back under 1%
10:40|Bo Chen|posted an update on the status page
10:50|Cy Diaz|marking the incident resolved
"""
KEY_KINDS = {"change", "detection_alert", "page", "acknowledgement", "detection_report", "declaration", "trigger",
             "decision", "mitigation_failed", "escalation", "mitigation", "recovery", "communication", "resolution"}
# Each is an event of its own kind, and none can move a metric once the alert has fired: reports after the
# first detection, hypotheses, decisions, escalations, status updates, and (after the recovery) more recoveries.
NOISE_DURING = [
    "customers report {word} timeouts on search",
    "I think it's the {word} cache",
    "let's restart the {word} workers",
    "paging the {word} on-call",
    "posted an update for customers about {word}",
]
NOISE_AFTER_RECOVERY = ["latency is back to normal for {word}"]
READ = {  # fragment of a lowered message -> the kind it is read as
    "deploying": "change", "ack, looking": "acknowledgement", "ack, on it": "acknowledgement",
    "customers report": "detection_report", "declaring": "declaration", "i think it's": "trigger",
    "decision:": "decision", "let's restart": "decision", "but still": "mitigation_failed", "escalating": "escalation",
    "paging the": "escalation", "restarted": "mitigation", "posted an update": "communication",
    "is back to normal": "recovery", "impact started at": "impact_start", "marking the incident resolved": "resolution",
    "i'll add an alert": "action_item",
}
STATED = {"impact started at": "impact_start"}  # its clock time is the impact start, placed by the real code


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8))


def _noisy(total: int, seed: int = 3) -> Transcript:
    """The incident above with `total` messages in all, every added line different from every other."""
    rng = random.Random(seed)
    incident = chat(INCIDENT, DAY).messages
    start, recovered, resolved = (datetime(2026, 3, 10, h, m) for h, m in ((10, 3), (10, 35), (10, 50)))
    noise = []
    for index in range(total - len(incident)):
        after_recovery = index % 10 == 0
        earliest = recovered if after_recovery else start
        moment = earliest + timedelta(seconds=rng.randrange(int((resolved - earliest).total_seconds())))
        template = rng.choice(NOISE_AFTER_RECOVERY if after_recovery else NOISE_DURING)
        noise.append(Message(line=0, end_line=0, time=moment, author=rng.choice(["Ana Lima", "Bo Chen", "Eli Ford"]),
                             text=template.format(word=_word(rng)), kind="chat"))
    merged = sorted([*incident, *noise], key=lambda m: (m.time, m.line == 0))  # noise after the real line of a minute
    messages = [m.model_copy(update={"line": n, "end_line": n}) for n, m in enumerate(merged, start=1)]
    return Transcript(format="test", messages=messages, incident_date=DAY)


def test_a_one_hour_incident_is_not_folded():
    with reading_by(READ), stating(STATED):
        facts = extract_facts(chat(INCIDENT, DAY), today=DAY)
    assert {e.kind for e in facts.timeline} == KEY_KINDS
    assert len(facts.timeline) == 14
    assert not any("folded" in w for w in facts.warnings)


def test_a_huge_channel_of_distinct_lines_keeps_key_events_and_the_same_metrics():
    noisy = _noisy(20_000)
    assert len({m.text for m in noisy.messages}) == len(noisy.messages)
    with reading_by(READ), stating(STATED):
        clean = extract_facts(chat(INCIDENT, DAY), today=DAY)
        said.cache_clear()
        started = clock.process_time()
        facts = extract_facts(noisy, today=DAY)
        elapsed = clock.process_time() - started
    assert len(facts.timeline) <= MAX_TIMELINE_EVENTS
    assert {e.kind for e in facts.timeline} == KEY_KINDS
    assert facts.metrics == clean.metrics
    assert facts.metrics.ttm_minutes == 28.0 and facts.metrics.ttr_minutes == 32.0  # alert 10:03 -> 10:31, 10:35
    folded = next(w for w in facts.warnings if "folded" in w)
    assert f"{MAX_TIMELINE_EVENTS}" in folded and str(len(facts.timeline)) in folded
    times = [e.time for e in facts.timeline]
    assert times == sorted(times)
    assert elapsed < 3, f"the facts rules took {elapsed:.2f} s of CPU on 20,000 messages"


def test_the_real_reader_keeps_a_huge_channel_within_the_cap():
    """(Its speed is measured by evals/bench/draft_speed.py, not here.)"""
    facts = extract_facts(_noisy(20_000), today=DAY)
    assert len(facts.timeline) <= MAX_TIMELINE_EVENTS
    assert facts.metrics.detected == datetime(2026, 3, 10, 10, 3)  # the Grafana alert, read by its machine rule


def test_the_fold_keeps_each_events_wording_and_lines():
    noisy = _noisy(2_000)
    with reading_by(READ), stating(STATED):
        facts = extract_facts(noisy, today=DAY)
        with patch("agent.facts.events.key_events", lambda events, **_: list(events)):
            everything = classify_events(noisy.messages, facts.roles, incident_date=DAY)
    assert len(everything) > MAX_TIMELINE_EVENTS
    assert all(event in everything for event in facts.timeline)


_LINES = [  # (author, text); {w} makes every line distinct
    ("Ana Lima", "deploying {w} to prod"), ("Grafana APP", "[FIRING:1] {w} latency high"),
    ("Grafana APP", "[RESOLVED] {w} latency ok"), ("Bo Chen", "ack, on it"),
    ("PagerDuty APP", "Triggered #7: {w} down. Assigned to Ana"), ("Bo Chen", "customers report {w} errors"),
    ("Cy Diaz", "declaring a SEV2 for {w}"), ("Ana Lima", "I think it's the {w} config"),
    ("Cy Diaz", "decision: we roll back {w}"), ("Ana Lima", "rollback of {w} done but still failing"),
    ("Cy Diaz", "escalating to the {w} team"), ("Dee Evans", "restarted {w} and errors are dropping"),
    ("Bo Chen", "{w} is back to normal"), ("Bo Chen", "posted an update on the status page about {w}"),
    ("Cy Diaz", "impact started at 09:55"), ("Ana Lima", "thanks {w}"), ("Ana Lima", "I'll add an alert for {w} by Friday"),
]
_RESOLVED = ("Cy Diaz", "marking the incident resolved")  # after it only comms count, so it comes late or not at all


@st.composite
def _channels(draw):
    """Random incident channels, long enough to need folding about half the time."""
    rng = draw(st.randoms(use_true_random=False))
    count = draw(st.one_of(st.integers(0, 30), st.integers(100, 300)))
    lines = [rng.choice(_LINES) for _ in range(count)]
    if count and draw(st.booleans()):
        lines[rng.randrange(count * 3 // 4, count)] = _RESOLVED
    moment, messages = datetime(2026, 3, 10, 9, 0), []
    for index, (author, text) in enumerate(lines, start=1):
        moment += timedelta(seconds=rng.randrange(0, 240))
        word = "".join(chr(ord("a") + int(digit)) for digit in str(index))  # distinct, and without digits
        messages.append(Message(line=index, end_line=index, time=moment, author=author, text=text.format(w=word),
                                kind="bot" if author.endswith("APP") else "chat"))
    return Transcript(format="test", messages=messages, incident_date=DAY)


@settings(max_examples=60, deadline=None)
@given(_channels())
def test_the_cap_holds_and_folding_never_moves_a_metric(transcript):
    with reading_by(READ), stating(STATED):
        facts = extract_facts(transcript, today=DAY)
        with patch("agent.facts.events.key_events", lambda events, **_: list(events)):
            unfolded = extract_facts(transcript, today=DAY)
    assert len(facts.timeline) <= MAX_TIMELINE_EVENTS
    assert facts.metrics == compute_metrics(unfolded.timeline) == unfolded.metrics
    assert facts.action_items == unfolded.action_items  # follow-ups start after the same resolution or recovery
    assert {e.kind for e in facts.timeline} == {e.kind for e in unfolded.timeline}
    folded = len(unfolded.timeline) - len(facts.timeline)
    assert any(f"{folded} more" in w for w in facts.warnings) == (folded > 0)


def test_folding_keeps_the_mitigation_that_worked():
    """The mitigation that worked is the last one before the final recovery (metrics.py): a second fix right after
    a first one is a repeat within its phase, but folding it away would move time to mitigate."""
    start = datetime(2026, 3, 10, 10, 0)
    said = [("Grafana APP", "[FIRING:1] api latency high", "detection_alert")]
    said += [("Bo Chen", f"customers report errors on shop {chr(97 + i % 26)}{chr(97 + i // 26)}", "detection_report")
             for i in range(45)]
    said += [("Dee Evans", "restarted api-a", "mitigation"), ("Dee Evans", "restarted api-b", "mitigation"),
             ("Grafana APP", "[RESOLVED] api latency ok", "recovery")]
    messages = [Message(line=n, end_line=n, time=start + timedelta(minutes=n), author=author, text=text,
                        kind="bot" if author.endswith("APP") else "chat") for n, (author, text, _) in enumerate(said, 1)]
    readings = read_as(*(kind for *_, kind in said))
    folded = key_timeline(messages, [], readings=readings)
    assert folded.folded > 0
    with patch("agent.facts.events.key_events", lambda events, **_: list(events)):
        unfolded = key_timeline(messages, [], readings=readings)
    assert compute_metrics(unfolded.events).mitigated == datetime(2026, 3, 10, 10, 48)
    assert compute_metrics(folded.events) == compute_metrics(unfolded.events)
