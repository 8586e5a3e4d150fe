"""Before and during an incident: what a message reports depends on the phase the incident is in. Before anything
has gone wrong an action on a system is a change and nothing can recover, fail to help or be resolved; once the
response is under way the same action is a mitigation; after the resolution only impact starts and communications
count.

The readings are given by hand (`read_as`): which kind a phrase is belongs to the learned reader, the phases to the
facts rules tested here.
"""

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from agent.facts import compute_metrics, detect_roles, key_timeline
from agent.facts.events import AFTER_RESOLUTION, UNDER_WAY
from agent.models import Message
from agent.reading import READING_KINDS
from test_facts_chat import chat, read_as, stating

ALERT = "10:00|Grafana APP|[FIRING:1] ledger-api 5xx above 2%\n"


def events_of(lines: str, *kinds: str, roles=None) -> list[tuple[str, str]]:
    transcript = chat(lines)
    with stating({}):  # no message states a time of its own
        events = key_timeline(transcript.messages, detect_roles(transcript) if roles is None else roles,
                              readings=read_as(*kinds)).events
    return [(e.time.strftime("%H:%M"), e.kind) for e in events]


def test_a_new_setting_is_a_change_before_detection_and_a_mitigation_after():
    text = "switched the read traffic to the standby cluster"
    assert events_of(f"09:50|Ana Lima|{text}", "mitigation") == [("09:50", "change")]
    assert events_of(f"{ALERT}10:05|Ana Lima|{text}", "detection_alert", "mitigation") == [
        ("10:00", "detection_alert"), ("10:05", "mitigation")
    ]


def test_what_puts_the_incident_under_way():
    """A reading of one of the kinds in UNDER_WAY opens the response (detections, pages, declarations, statements of
    impact); the others do not (a planned change is decided and made before anything has gone wrong)."""
    opens = UNDER_WAY - {"mitigation", "mitigation_failed", "recovery", "resolution"}  # these need it open already
    assert {"detection_alert", "detection_report", "page", "declaration", "impact_start"} <= opens
    assert not {"decision", "change", "trigger", "communication"} & opens
    lines = "09:00|Ana Lima|first\n09:10|Bo Chen|restarted the api"
    for opener in sorted({"decision", "change", "acknowledgement", "escalation", "communication", "trigger", *opens}):
        expected = "mitigation" if opener in opens else "change"
        assert events_of(lines, opener, "mitigation")[-1:] == [("09:10", expected)], opener


def test_a_status_right_after_a_change_is_not_a_recovery():
    channel = (
        "09:40|Ana Lima|enabling the batch-quotes flag for twenty percent of partners\n"
        "09:42|Ana Lima|graphs look normal so far\n"
        "09:55|Grafana APP|[FIRING:1] quotes-api p99 above 3s\n"
        "10:02|Ana Lima|turned off the batch-quotes flag\n"
        "10:08|Ana Lima|graphs look normal again\n"
    )
    kinds = ("change", "recovery", "detection_alert", "mitigation", "recovery")
    assert events_of(channel, *kinds) == [
        ("09:40", "change"), ("09:55", "detection_alert"), ("10:02", "mitigation"), ("10:08", "recovery"),
    ]
    transcript = chat(channel)
    with stating({}):
        metrics = compute_metrics(key_timeline(transcript.messages, [], readings=read_as(*kinds)).events)
    assert metrics.recovered == datetime(2026, 3, 10, 10, 8)
    assert metrics.mitigated == datetime(2026, 3, 10, 10, 2)


def test_before_anything_is_detected_nothing_recovers_fails_or_is_resolved():
    """The cue design let words that named a failure ("back to normal after the config push") end one before any
    detection; the reader's kinds carry no such distinction, so before the incident is under way none of these
    counts, and after the alert all of them do."""
    for kind in ("recovery", "resolution", "mitigation_failed"):
        lines = "09:30|Ana Lima|deploying ledger-api 4.2\n09:35|Ana Lima|something"
        assert events_of(lines, "change", kind) == [("09:30", "change")], kind
    assert events_of(f"{ALERT}10:05|Ana Lima|queues are empty, all green", "detection_alert", "recovery")[1:] == [
        ("10:05", "recovery")
    ]
    assert events_of(f"{ALERT}10:05|Ana Lima|this is closed", "detection_alert", "resolution")[1:] == [
        ("10:05", "resolution")
    ]


def test_follow_on_messages_of_a_change_are_one_change():
    follow_on = "09:10|Ana Lima|deploying ledger-api 4.2\n09:14|Ana Lima|deploy finished, pods healthy\n"
    assert events_of(follow_on, "change", "change") == [("09:10", "change")]
    transcript = chat(follow_on)
    (change,) = key_timeline(transcript.messages, [], readings=read_as("change", "change")).events
    assert change.source_lines == [1, 2]


def test_changes_by_someone_else_or_much_later_are_changes_of_their_own():
    assert events_of("09:10|Ana Lima|deploying ledger-api 4.2\n09:14|Bo Chen|migration 42 started",
                     "change", "change") == [("09:10", "change"), ("09:14", "change")]
    assert events_of("09:10|Ana Lima|deploying ledger-api 4.2\n09:50|Ana Lima|alias orders switched to orders_v4",
                     "change", "change") == [("09:10", "change"), ("09:50", "change")]


def test_two_people_without_roles_make_two_changes():
    """Roles may name only some participants (a document that lists just the commander): two people who have no
    role are still two people, and their changes are not one change."""
    assert events_of("09:10|Ana Lima|deploying ledger-api 4.2\n09:14|Bo Chen|migration 42 started",
                     "change", "change", roles=[]) == [("09:10", "change"), ("09:14", "change")]


def test_a_drill_that_finds_a_gap_reads_its_fix_as_mitigations():
    channel = (
        "14:00|Ana Lima|restore drill for the ledger db starting\n"
        "14:06|Ana Lima|restore finished in twenty seconds, the dump is almost empty\n"
        "14:09|Bo Chen|let's record this as a near miss\n"
        "14:12|Bo Chen|decision: take a fresh dump from the replica first\n"
        "14:40|Ana Lima|fresh dump done\n"
        "14:55|Ana Lima|updated the backup host with the new replica password\n"
    )
    kinds = ("chatter", "chatter", "declaration", "decision", "mitigation", "mitigation")
    assert events_of(channel, *kinds) == [
        ("14:09", "declaration"), ("14:12", "decision"), ("14:40", "mitigation"), ("14:55", "mitigation"),
    ]
    undeclared = ("chatter", "chatter", "chatter", "decision", "mitigation", "mitigation")
    # without the declaration nothing is under way: the fixes are changes, and one person's two changes within
    # half an hour are one
    assert events_of(channel, *undeclared) == [("14:12", "decision"), ("14:40", "change")]


_KINDS = st.sampled_from(READING_KINDS)
_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=3, max_size=30)  # no digits: no stated times


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_KINDS, _WORDS), min_size=1, max_size=25))
def test_every_timeline_keeps_the_phase_rules(said):
    """Whatever the reader says, in whatever order: no mitigation, recovery, failure or resolution before the
    incident is under way; a failed mitigation only after an attempt; after the resolution only impact starts and
    communications; every event cites one message that was read as its kind (a mitigation read before the
    incident is a change)."""
    start = datetime(2026, 3, 10, 9, 0)
    messages = [Message(line=n, end_line=n, time=start + timedelta(minutes=n), author="Ana", text=text or "x")
                for n, (_, text) in enumerate(said, start=1)]
    kinds = [kind for kind, _ in said]
    with stating({}):
        events = key_timeline(messages, [], incident_date=date(2026, 3, 10), readings=read_as(*kinds)).events
    opens = UNDER_WAY - {"mitigation", "mitigation_failed", "recovery", "resolution"}  # these need it open already
    under_way = next((n for n, kind in enumerate(kinds, start=1) if kind in opens), None)
    resolved = next((n for n, kind in enumerate(kinds, start=1) if kind == "resolution"
                     and under_way is not None and n > under_way), None)
    for event in events:
        line = event.source_lines[-1]
        read = kinds[line - 1]
        assert read == event.kind or (read == "mitigation" and event.kind in ("change", "mitigation_failed")), event
        if event.kind in ("mitigation", "recovery", "mitigation_failed", "resolution"):
            assert under_way is not None and under_way < line, event
        if event.kind == "mitigation_failed":
            assert any(kind in ("decision", "mitigation", "mitigation_failed") for kind in kinds[:line - 1]), event
        if resolved is not None and line > resolved:
            assert event.kind in AFTER_RESOLUTION, event
    assert [e.source_lines[0] for e in events] == sorted(e.source_lines[0] for e in events)


def test_an_acknowledgement_before_anything_went_wrong_does_not_hide_the_real_one():
    """Only the first acknowledgement counts, but one before any detection acknowledged nothing (a thumbs-up to a
    launch countdown): the first one after the problem was raised is the acknowledgement the metrics read."""
    lines = ("09:00|Ana Lima|ready when you are\n09:20|Bo Chen|checkout is returning 502 for everyone?\n"
             "09:23|Ana Lima|on it, looking now\n09:40|Ana Lima|rolled back the gateway config\n")
    transcript = chat(lines)
    with stating({}):
        timeline = key_timeline(transcript.messages, detect_roles(transcript),
                                readings=read_as("acknowledgement", "detection_report", "acknowledgement", "mitigation"))
    assert [(e.time.strftime("%H:%M"), e.kind) for e in timeline.events][-3:] == [
        ("09:20", "detection_report"), ("09:23", "acknowledgement"), ("09:40", "mitigation")]
    assert timeline.metrics.tta_minutes == 3


def test_a_second_acknowledgement_after_the_first_real_one_is_still_a_repeat():
    lines = ("09:20|Bo Chen|checkout is returning 502 for everyone?\n09:23|Ana Lima|on it\n"
             "09:25|Cy Diaz|looking too\n")
    transcript = chat(lines)
    with stating({}):
        events = key_timeline(transcript.messages, detect_roles(transcript),
                              readings=read_as("detection_report", "acknowledgement", "acknowledgement")).events
    assert [(e.time.strftime("%H:%M"), e.kind) for e in events] == [("09:20", "detection_report"),
                                                                    ("09:23", "acknowledgement")]
