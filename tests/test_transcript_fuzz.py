"""Property tests: no parser crashes on any input, and well-formed logs come back with exactly their times."""

import io
import itertools
import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.errors import InputError, UsageError
from agent.transcript import FORMATS, Source, parse_transcript, read_source
from agent.transcript.chat_json import chat_json_formats
from agent.transcript.html_export import html_formats

TODAY = date(2026, 11, 21)
LINE_FORMATS = [name for name in FORMATS
                if name != "slack-export" and name not in chat_json_formats() and name not in html_formats()]

# Pieces of every supported shape, so random lines hit the interesting branches, plus edge values.
FRAGMENTS = [
    "[14:02]", "14:02", "14:02:11", "2:09 PM", "[2:09 PM]", "12:00 AM", "99:99", "23:59", "00:01", "<nick>", "<@op>",
    "* nick", "-!-", "***", "--- Day changed Tue Mar 10 2026", "--- Log opened", "Tuesday, March 10th", "Feb 30",
    "Today", "Yesterday", "```", ">", "APP", "BOT", "2026-03-10T14:02:11+01:00", "2026-03-10 14:02", "2026/13/45 10:00",
    "9999-12-31T23:59:59-14:00", "0001-01-01 00:00 +14:00", "UTC", "Z", "PST", "Europe/Berlin", "Mars/Base",
    "From Alice to Everyone:", "From Bob :", "[FIRING:1]", "[RESOLVED]", "[Triggered]", "Resolved by", "Triggered #12",
    "alice:", "Priya Raman", "\t", "## heading", "[10/03/2026 14:02]", "[13/13/2026 1:00 PM]", "Mar 10 14:09:11",
    "-ish", "All times in UTC", "[3 hours ago]", "{", "}", "[", "]", "\u017fept 10", "\u212a", "\u00e9", "\u0663:\u0664\u0665",
]
LINE = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=6).map(" ".join)
TEXT = st.lists(LINE, min_size=1, max_size=15).map("\n".join)


def check_invariants(transcript, text: str) -> None:
    line_count = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    lines = [m.line for m in transcript.messages]
    assert lines == sorted(lines)
    for message in transcript.messages:
        assert 1 <= message.line <= message.end_line <= line_count
    stamped = [m.time for m in transcript.messages if m.time is not None]
    assert len({t.tzinfo is None for t in stamped}) <= 1, "naive and aware times mixed in one transcript"
    if stamped:
        assert transcript.incident_date == stamped[0].date()


@pytest.mark.parametrize("fmt", [None, *LINE_FORMATS])
@given(text=TEXT)
def test_line_parsers_never_crash_and_keep_lines_in_range(fmt, text):
    source = Source(name="fuzz.txt", text=text, encoding="utf-8")
    try:
        transcript = parse_transcript(source, fmt=fmt, today=TODAY)
    except InputError as error:
        # blank text, or auto-detection taking JSON-looking text for a Slack export
        assert not text.strip() or (fmt is None and text.lstrip()[:1] in "[{"), str(error)
        return
    check_invariants(transcript, text)


@given(text=TEXT, tz=st.sampled_from(["UTC", "America/New_York", "Asia/Kathmandu", "Pacific/Kiritimati"]),
       anchor=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_options_never_crash(text, tz, anchor):
    if not text.strip():
        return
    transcript = parse_transcript(Source(name="fuzz.txt", text=text, encoding="utf-8"), fmt="plain", tz=tz,
                                  anchor_date=anchor, today=TODAY)
    check_invariants(transcript, text)


JSON_LEAF = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
JSON_VALUE = st.recursive(
    JSON_LEAF, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6)
TS = st.sampled_from(["1773151200.000100", "1773151260", "nan", "-1", "1e30", "", "1773151200.000100 "]) | JSON_VALUE
SLACK_MESSAGE = st.fixed_dictionaries({}, optional={
    "ts": TS, "thread_ts": TS, "text": st.sampled_from(["<@U1> hi", "<!here>", "<https://x.example|x>", "&amp;", "<>"]) | JSON_VALUE,
    "user": st.sampled_from(["U1", "U2"]) | JSON_VALUE, "subtype": st.sampled_from(["bot_message", "channel_join"]) | JSON_VALUE,
    "attachments": JSON_VALUE | st.lists(st.fixed_dictionaries({}, optional={"fallback": JSON_VALUE, "text": JSON_VALUE})),
    "files": JSON_VALUE, "bot_id": JSON_VALUE, "user_profile": JSON_VALUE, "bot_profile": JSON_VALUE, "username": JSON_VALUE,
})
USERS = st.lists(st.fixed_dictionaries({"id": st.sampled_from(["U1", "U2"]) | JSON_VALUE}, optional={
    "real_name": JSON_VALUE, "profile": JSON_VALUE, "name": JSON_VALUE}), max_size=3) | JSON_VALUE


@given(messages=st.lists(SLACK_MESSAGE | JSON_VALUE, max_size=6), users=USERS, indent=st.sampled_from([None, 1, 4]))
def test_slack_export_parser_never_crashes(messages, users, indent):
    text = json.dumps(messages, indent=indent)
    for files in ({}, {"users.json": json.dumps(users), "ops/2026-03-10.json": text}):
        try:
            transcript = parse_transcript(Source(name="export", text=text, encoding="utf-8", files=files),
                                          fmt="slack-export", today=TODAY)
        except InputError as error:
            assert "\n" not in str(error)
            continue
        assert all(m.time is None or m.time.tzinfo is UTC for m in transcript.messages)
        assert all(1 <= m.line <= m.end_line <= text.count("\n") + 1 for m in transcript.messages)


@given(data=st.binary(max_size=300))
def test_any_bytes_read_then_parse_or_fail_cleanly(data):
    try:
        source = read_source("-", io.BytesIO(data))
        transcript = parse_transcript(source, today=TODAY)
    except (InputError, UsageError) as error:
        assert "\n" not in str(error)
        return
    check_invariants(transcript, source.text)


WORDS = ["deploy", "rollback", "latency", "the", "pool", "is", "up", "errors", "dropping", "cache", "warming", "we",
         "see", "timeouts", "restart", "pods", "looks", "good", "checking", "graphs", "42%", "p99"]
PEOPLE = ["Priya Raman", "Marcus Chen", "Dana Okafor", "Leo Fischer"]
BODY = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)


def twelve_hour(moment: datetime) -> str:
    return f"{moment.hour % 12 or 12}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


RENDER = {
    "slack": lambda t, who, body: f"{who}  [{twelve_hour(t)}]\n{body}\n{body}",
    "teams": lambda t, who, body: f"{who} {twelve_hour(t)}\n{body}",
    "irc": lambda t, who, body: f"[{t:%H:%M:%S}] <{who.split()[0].lower()}> {body}",
    "plain": lambda t, who, body: f"{t:%H:%M} {who.split()[0].lower()}: {body}",
    "zoom": lambda t, who, body: f"{t:%H:%M:%S} From {who} to Everyone: {body}",
    "datetime-name": lambda t, who, body: f"{t:%Y-%m-%d %H:%M:%S} UTC {who.split()[0].lower()}: {body}",
}
SECONDS = {"irc", "zoom", "datetime-name"}


@st.composite
def well_formed_log(draw, fmt: str):
    """Sorted times with gaps under 18 hours (so rollover is decidable), rendered in one format."""
    start = draw(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1))).replace(microsecond=0)
    step = 1 if fmt in SECONDS else 60
    if step == 60:
        start = start.replace(second=0)
    gaps = draw(st.lists(st.integers(0, (18 * 3600 - 1) // step), min_size=1, max_size=15))
    moments, current = [], start
    for gap in gaps:
        current += timedelta(seconds=gap * step)
        moments.append(current)
    lines = [RENDER[fmt](moment, draw(st.sampled_from(PEOPLE)), draw(BODY)) for moment in moments]
    return "\n".join(lines) + "\n", moments


@pytest.mark.parametrize("fmt", sorted(RENDER))
@given(data=st.data())
def test_well_formed_logs_are_detected_and_get_exactly_their_times(fmt, data):
    text, moments = data.draw(well_formed_log(fmt))
    transcript = parse_transcript(Source(name="log.txt", text=text, encoding="utf-8"), anchor_date=moments[0].date(), today=TODAY)
    assert transcript.format == fmt
    expected = [moment.replace(tzinfo=UTC) for moment in moments] if fmt == "datetime-name" else moments
    assert [m.time for m in transcript.messages] == expected
    assert all(earlier <= later for earlier, later in itertools.pairwise(expected))


@given(
    instants=st.lists(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2080, 1, 1)), min_size=1, max_size=25),
    offsets=st.lists(st.integers(-48, 56), min_size=25, max_size=25),
)
def test_iso_lines_with_any_offsets_come_back_as_sorted_utc(instants, offsets):
    instants = sorted(moment.replace(microsecond=0, tzinfo=UTC) for moment in instants)
    lines = []
    for instant, quarter_hours in zip(instants, offsets, strict=False):
        local = instant.astimezone(timezone(timedelta(minutes=15 * quarter_hours)))
        lines.append(f"{local.isoformat()} ana: {WORDS[quarter_hours % len(WORDS)]}")
    transcript = parse_transcript(Source(name="iso.log", text="\n".join(lines), encoding="utf-8"), today=TODAY)
    assert transcript.format == "iso"
    assert [m.time for m in transcript.messages] == instants
