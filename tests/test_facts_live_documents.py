"""Live incident state documents: a document kept while the incident runs says so in its header ("Status: ongoing",
"Incident 2291 (ongoing)"), so its timeline opens on an incident already under way, and it often lists its newest
entry first. Its first entries are then mitigations and recoveries, not planned changes, and the phase of the
incident builds up in the order things happened, not in the order the lines were written.

Phase rules are tested with readings given by hand (`read_as`); the header and the whole document through the
public parser and `extract_facts`."""

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from agent.facts import extract_facts, key_timeline
from agent.facts.chronology import in_order_of_events
from agent.models import Message
from agent.transcript import Source, load_transcript, parse_transcript
from agent.transcript.live_status import opens_under_way, states_under_way
from test_facts_chat import chat, read_as, stating

TODAY = date(2026, 5, 1)


def _parsed(text: str):
    return parse_transcript(Source(name="doc.md", text=text, encoding="utf-8"), today=TODAY)


def _events(transcript, *kinds: str, opens: bool) -> list[tuple[str, str]]:
    with stating({}):
        events = key_timeline(transcript.messages, [], readings=read_as(*kinds), opens_under_way=opens).events
    return [(event.time.strftime("%H:%M"), event.kind) for event in events if event.time is not None]


def test_the_live_state_document_sample_opens_under_way_and_its_actions_are_mitigations(fixtures_dir):
    transcript = load_transcript(str(fixtures_dir / "transcripts" / "state-doc-live.md"), today=TODAY)
    assert opens_under_way(transcript.messages)
    facts = extract_facts(transcript, today=TODAY)
    timed = [event for event in facts.timeline if event.time is not None]
    assert len(timed) >= 5
    assert "change" not in {event.kind for event in facts.timeline}  # scaling out mid-incident is no planned change
    # nothing is dated by the header's "last updated 10:52": every event is an entry of the timeline
    assert all(min(event.source_lines) > 22 for event in facts.timeline)
    assert {event.time.strftime("%H:%M") for event in timed} <= {"10:05", "10:12", "10:19", "10:31", "10:48"}


def test_a_header_states_the_incident_running_in_a_field_or_in_its_title():
    running = [
        ["**Status:** Ongoing, mitigation in progress"],
        ["| Incident status | 🔴 Active |"],
        ["Incident 88 (investigating): login errors"],
        ["## [ACTIVE] Checkout timeouts in eu-west"],
        ["Checkout timeouts", "State - monitoring after the failover"],
    ]
    finished = [
        ["**Status:** Resolved"],
        ["Status: closed (was active for 2h)"],
        ["Checkout timeouts", "- restart the ledger workers (open)"],  # a bracketed word in a list is no status
        ["Detailed status (last updated 15:28 UTC)"],
        ["statuses we use: active, resolved"],
    ]
    assert all(states_under_way(lines) for lines in running)
    assert not any(states_under_way(lines) for lines in finished)


def test_only_the_header_above_the_first_timed_entry_counts():
    header = "Partner webhooks delayed\nStatus: active\n\n"
    entry = "- 2026-04-14 10:12 UTC Tomasz Wierzbicki\n\n    - Rolled the broker client back\n"
    assert opens_under_way(_parsed(header + entry).messages)
    # the same words in a timed entry are what someone wrote during the incident, not the document's status
    assert not opens_under_way(_parsed(entry + "- 2026-04-14 10:20 UTC Ana Lima\n\n    - Status: active\n").messages)
    assert not opens_under_way(_parsed("Status: active\nnothing timed below\n").messages)


def test_a_document_opened_under_way_keeps_its_first_actions_as_mitigations_and_recoveries():
    transcript = chat("10:12|Tomasz|rolled the broker client back\n10:20|Tomasz|lag back under a minute")
    assert _events(transcript, "mitigation", "recovery", opens=True) == [("10:12", "mitigation"), ("10:20", "recovery")]
    # the same lines in a chat that has not shown an incident yet: a planned change, and nothing to recover from
    assert _events(transcript, "mitigation", "recovery", opens=False) == [("10:12", "change")]


def test_a_newest_first_document_is_read_in_the_order_things_happened():
    """Written newest first, the resolution stands on top: read in source order it would close the incident before
    the entries below it happened, and they would all be dropped."""
    entries = [("10:50", "resolution"), ("10:31", "recovery"), ("10:12", "mitigation"), ("10:02", "detection_alert")]
    messages = [Message(line=number, end_line=number, time=datetime(2026, 4, 14, int(clock[:2]), int(clock[3:])),
                        author="Tomasz", text=f"entry {number}") for number, (clock, _) in enumerate(entries, start=1)]
    transcript = chat("")
    transcript = transcript.model_copy(update={"messages": messages})
    kinds = [kind for _, kind in entries]
    assert _events(transcript, *kinds, opens=False) == sorted(entries)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(0, 600)), max_size=12))
def test_the_order_of_events_is_a_permutation_that_is_oldest_first_or_untouched(minutes):
    start = datetime(2026, 4, 14, 9, 0)
    messages = [Message(line=i + 1, end_line=i + 1, time=None if m is None else start + timedelta(minutes=m), text="x")
                for i, m in enumerate(minutes)]
    ordered = [message for message, _ in in_order_of_events(messages, list(range(len(messages))))]
    assert sorted(message.line for message in ordered) == [message.line for message in messages]
    if ordered != messages:
        times = [message.time for message in ordered if message.time is not None]
        assert times == sorted(times)


_MARKUP = st.sampled_from(["", "**", "_", "| ", "# ", "- "])


@settings(max_examples=80, deadline=None)
@given(_MARKUP, st.sampled_from(["Status", "STATUS", "Incident status", "state"]), st.sampled_from([":", " -", " |", ""]),
       st.sampled_from(["active", "Ongoing", "INVESTIGATING", "in progress"]), st.text(max_size=30))
def test_a_status_field_is_read_whatever_markup_surrounds_it(markup, label, separator, state, tail):
    line = f"{markup}{label}{markup.strip(' #-|')}{separator} {state}{', ' if tail else ''}{tail}"
    assert states_under_way(["Some incident", line])
    assert not states_under_way(["Some incident", line.replace(state, "resolved")])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=8))
def test_any_header_text_is_read_without_error(lines):
    assert states_under_way(lines) in (True, False)
