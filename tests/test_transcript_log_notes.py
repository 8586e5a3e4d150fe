"""A note a responder adds to a pager or incident tool's log is that responder's message, in every shape the tools
write it (agent/transcript/log_notes.py, `notes` in layouts.yaml); the tool's own entries stay the tool's."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from agent.facts.roles import detect_roles
from agent.transcript import Source, parse_transcript
from test_transcript_fuzz import BODY, PEOPLE

TODAY = date(2026, 11, 21)
START = datetime(2026, 10, 16, 21, 20, tzinfo=UTC)

# How each tool shows a note (the shapes of PagerDuty's and Opsgenie's web logs); {who} wrote {body}
NOTE_SHAPES = [
    "Note added by {who}: {body}",
    "Note added via Web[{who}]: {body}",
    "Note added via Android[{who}]: {body}",
    "{who} added note: {body}",
    "Note ({who}): {body}",
]
TOOL_ENTRIES = ["Alert created via Datadog integration", "Notified {who} via mobile app", "Alert acknowledged by {who}",
                "Priority changed from P3 to P2 by {who}", "Incident status page updated by {who}"]


TOOLS = {"opsgenie": "Opsgenie", "pagerduty": "PagerDuty"}


def parse(text: str):
    return parse_transcript(Source(name="log.txt", text=text, encoding="utf-8"), today=TODAY)


ENTRY = st.one_of(
    st.tuples(st.just("note"), st.sampled_from(NOTE_SHAPES), st.sampled_from(PEOPLE), BODY),
    st.tuples(st.just("tool"), st.sampled_from(TOOL_ENTRIES), st.sampled_from(PEOPLE), st.just("")),
)


@given(st.lists(ENTRY, min_size=1, max_size=12))
def test_each_note_in_a_pager_log_is_its_writers_message(entries):
    entries = [("tool", "Alert created via Datadog integration", "", ""), *entries]
    lines = [f"{START + timedelta(minutes=index):%Y-%m-%d %H:%M:%S} UTC  {shape.format(who=who, body=body)}"
             for index, (_, shape, who, body) in enumerate(entries)]
    transcript = parse("\n".join(lines) + "\n")
    tool = TOOLS[transcript.format]  # the two tools' logs look alike; which one it is read as does not matter here
    read = [(m.line, m.author, m.kind, m.text, m.time) for m in transcript.messages]
    expected = [(index + 1, who, "chat", body, START + timedelta(minutes=index)) if role == "note"
                else (index + 1, tool, None, None, START + timedelta(minutes=index))
                for index, (role, _, who, body) in enumerate(entries)]
    assert [(line, author, kind if kind == "chat" else None, text if kind == "chat" else None, time)
            for line, author, kind, text, time in read] == expected


@given(st.lists(st.tuples(st.sampled_from(PEOPLE), st.lists(BODY, min_size=1, max_size=3)), min_size=1, max_size=6))
def test_a_pagerduty_note_over_indented_lines_is_its_writers_message(notes):
    """PagerDuty's web timeline puts a note's text on indented lines under "Note added by NAME." (or "Annotated
    by NAME.")."""
    lines = ["Monday, October 16, 2026", "  9:20 PM   Triggered through the API."]
    for index, (who, body) in enumerate(notes, start=1):
        heading = "Annotated" if index % 2 else "Note added"
        lines += [f"  9:{20 + index:02d} PM   {heading} by {who}.", *(f"             {part}" for part in body)]
    transcript = parse("\n".join(lines) + "\n")
    assert transcript.format == "pagerduty"
    people = [(m.author, m.text, m.time) for m in transcript.messages if m.kind == "chat"]
    assert people == [(who, "\n".join(body), datetime(2026, 10, 16, 21, 20 + index))
                      for index, (who, body) in enumerate(notes, start=1)]


def test_a_note_the_tool_does_not_say_who_wrote_stays_the_tools_entry():
    transcript = parse("2026-10-16 21:20:05 UTC  Alert created via Datadog integration\n"
                       "2026-10-16 21:31:13 UTC  Note added via Web: rolling back build 4812\n")
    assert [(m.author, m.kind == "chat") for m in transcript.messages] == [("Opsgenie", False), ("Opsgenie", False)]


def test_people_who_only_write_notes_are_responders():
    transcript = parse("2026-10-16 21:20:05 UTC  Alert created via Datadog integration\n"
                       "2026-10-16 21:22:08 UTC  Alert acknowledged by Marcus Chen\n"
                       "2026-10-16 21:31:13 UTC  Note added by Priya Raman: rolling back build 4812\n"
                       "2026-10-16 21:40:15 UTC  Note added via Web[Dana Okafor]: rollback complete, errors gone\n")
    assert {assignment.name for assignment in detect_roles(transcript)} >= {"Priya Raman", "Dana Okafor"}


OPSGENIE_NIGHT = """\
Feb 17, 2026 2:14:07 AM\tAlert created via Prometheus[prom-claims] with tinyId [7312]: KafkaConsumerLagHigh - claims-indexer lag 50,214
Feb 17, 2026 2:14:09 AM\tSent [Voice] notification to [Tomas Reyes] for [Create] action of alert
Feb 17, 2026 2:27:31 AM\tAlert acknowledged via Android[Bea Santos]
Feb 17, 2026 2:41:40 AM\tNote added via Web[Bea Santos]: partition 7 consumer is in an OOM crash loop, the other partitions are fine
Feb 17, 2026 3:46:39 AM\tNote added via Web[Nate Greer]: done. moved the offset on p7 past the oversized record, pod started cleanly
Feb 17, 2026 3:52:15 AM\tNote added via Web[Bea Santos]: lag on p7 falling fast, 51k -> 38k in 5 min
Feb 17, 2026 4:36:50 AM\tNote added via Web[Nate Greer]: for the record, p7 has been stuck since 11:20 PM last night, alert fired at 50k
Feb 17, 2026 4:40:12 AM\tAlert closed via Web[Nate Greer]
"""


def test_a_time_a_note_states_dates_the_incident(tmp_path):
    """Read as the tool's entry, "stuck since 11:20 PM last night" dated nothing and the alert stood in for the
    start of impact."""
    from zoneinfo import ZoneInfo

    from agent.draft import draft

    log = tmp_path / "opsgenie.txt"
    log.write_text(OPSGENIE_NIGHT, encoding="utf-8")
    result = draft(str(log), today=TODAY, env={}, tz="America/New_York", offline=True)
    night = ZoneInfo("America/New_York")
    assert result.pack.metrics.impact_start == datetime(2026, 2, 16, 23, 20, tzinfo=night)
    assert result.pack.metrics.detected == datetime(2026, 2, 17, 2, 14, 7, tzinfo=night)
    assert {role.name for role in result.pack.header.roles} >= {"Bea Santos", "Nate Greer"}
