"""Property tests for the pasted chat, ticket and pager layouts: no crash on any mix of their pieces, and
well-formed pastes come back with exactly their times, in order."""

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from agent.errors import InputError
from agent.transcript import Source, parse_transcript
from test_transcript_fuzz import BODY, PEOPLE, check_invariants, twelve_hour

TODAY = date(2026, 11, 21)
NEW_FORMATS = ["whatsapp", "signal", "discord", "telegram", "mattermost", "rocketchat", "google-chat", "matrix",
               "jira", "jira-xml", "servicenow", "pagerduty", "opsgenie", "incident-csv", "webex", "event-log",
               "discourse"]

FRAGMENTS = [
    "16/10/2026, 22:45 -", "10/16/26, 10:45\u202fPM -", "[16/10/2026, 22:45:03]", "\u200e", "Ana Silva:", "<Media omitted>",
    "[2026-10-16 22:45]", "Ana Silva, [16.10.2026 22:45]", "ana \u2014 Today at 4:06 PM", "\u2014 10/16/2026 4:06 PM",
    "[10/16/2026 10:45 PM] pnair", "[4:07 PM]", "Guild: Ops", "{Attachments}", "=" * 12, "Exported 3 message(s)",
    "ana.silva", "@ana.silva", "BOT", "APP", "Bot  4:05 PM", "10:45 PM", "Oct 16, 10:45 PM", "Yesterday 22:45",
    "Thu, Oct 16 2026, 22:45 - Ana:", "@ana:matrix.org:", "added a comment -", "16/Oct/26 10:45 PM", "Comment by Ana [",
    "2026-10-16 22:45:12 - Ana Silva (Work notes)", "\u2022 Work notes \u2022", "Internal note",
    "Oct 16, 2026 at 10:45:03 PM UTC\t", "Triggered through the API.", "Acknowledged by Ana", "03:01 UTC  TRIGGERED  ",
    "created_at,type,summary,agent", "2026-10-16T22:45:03Z,log,", '"', ",", "from Ana to everyone:    4:02 PM",
    "07:30:12  AzureDevOps   Release", " | ", "martes, 17 de noviembre", "Dienstag, 17. November", "\u00e9", "13/13/2026",
    "00/00/0000, 25:61 -", "99/99/99", "[31/02/2026, 10:00]",
    '<comment id="7" author="ana" created="Thu, 12 Nov 2026 16:40:38 +0100">', "&lt;p&gt;", "&amp;lt;", "</comment>",
    "<comments>", "3 days ago", "2 days ago at 9:05 AM", "  (Acme)", "Edit \u00b7 Delete", " 9:14 PM   Note added by",
    "ana_s | 2026-10-16 22:45:03 UTC | #3", "-" * 25, "  9:02:31 PM UTC   Triggered via", "slack #ops, AEDT:",
]
LINE = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=6).map(" ".join)
TEXT = st.lists(LINE, min_size=1, max_size=15).map("\n".join)


@pytest.mark.parametrize("fmt", [None, *NEW_FORMATS])
@given(text=TEXT, anchor=st.none() | st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
@example(text="\r,", anchor=None)  # a stray carriage return where a CSV header row is looked for
def test_layout_readers_never_crash_and_keep_lines_in_range(fmt, text, anchor):
    source = Source(name="fuzz.txt", text=text, encoding="utf-8")
    try:
        transcript = parse_transcript(source, fmt=fmt, anchor_date=anchor, today=TODAY)
    except InputError as error:
        assert not text.strip() or (fmt is None and text.lstrip()[:1] in "[{"), str(error)
        return
    check_invariants(transcript, text)
    if anchor is not None:
        assert transcript.date_known, "a day given with --date is a known day"


def handle(who: str) -> str:
    return who.lower().replace(" ", ".")


def with_seconds(moment: datetime) -> str:
    return f"{moment.hour % 12 or 12}:{moment.minute:02d}:{moment.second:02d} {'AM' if moment.hour < 12 else 'PM'}"


# Each renderer: (time, author, body) -> the message as the tool writes it. Dated layouts carry their day.
DATED = {
    "whatsapp": lambda t, who, body: f"{t:%d/%m/%Y}, {t:%H:%M} - {who}: {body}",
    "whatsapp-mdy": lambda t, who, body: f"{t.month}/{t.day}/{t:%y}, {twelve_hour(t)} - {who}: {body}",
    "whatsapp-ios": lambda t, who, body: f"[{t:%d/%m/%Y}, {t:%H:%M:%S}] {who}: {body}",
    "signal": lambda t, who, body: f"[{t:%Y-%m-%d %H:%M}] {who}: {body}",
    "telegram": lambda t, who, body: f"{who}, [{t:%d.%m.%Y %H:%M}]\n{body}\n",
    "discord": lambda t, who, body: f"[{t:%m/%d/%Y} {twelve_hour(t)}] {handle(who)}\n{body}\n",
    "matrix": lambda t, who, body: f"{t:%a, %b} {t.day} {t.year}, {t:%H:%M} - {who}: {body}",
    "jira": lambda t, who, body: f"{who} added a comment - {t.day:02d}/{t:%b/%y} {twelve_hour(t)}\n{body}\n",
    "servicenow": lambda t, who, body: f"{t:%Y-%m-%d %H:%M:%S} - {who} (Work notes)\n{body}\n",
    "pagerduty": lambda t, who, body: f"{t:%b} {t.day}, {t.year} at {with_seconds(t)} UTC\tAcknowledged by {who}. {body}",
    "opsgenie": lambda t, who, body: f"{t:%Y-%m-%d %H:%M:%S} UTC  Alert acknowledged by {who}: {body}",
    "incident-csv": lambda t, who, body: f'{t:%Y-%m-%dT%H:%M:%S}Z,annotate_log_entry,"{body}",{who}',
    # Slack's day dividers name no year: it comes from --date, or from the weekday
    "slack-dividers": lambda t, who, body: f"{t:%A, %B} {t.day}\n{who}  [{twelve_hour(t)}]\n{body}",
}
# Layouts that show a time of day only: the day comes from --date and midnight rollover.
TIMED = {
    "mattermost": lambda t, who, body: f"{handle(who)}\n{twelve_hour(t)}\n{body}",
    "rocketchat": lambda t, who, body: f"{who}\n@{handle(who)}\n{twelve_hour(t)}\n{body}",
    "webex": lambda t, who, body: f"from {who} to everyone:    {twelve_hour(t)}\n{body}",
    "event-log": lambda t, who, body: f"{t:%H:%M:%S} UTC  {handle(who)}   {body}",
    "slack": lambda t, who, body: f"{who}\n{twelve_hour(t)}\n{body}",
    "slack-quoted": lambda t, who, body: f"> **{handle(who)}**  {t:%H:%M}\n> {body}\n>",
}
FORMAT_OF = {"whatsapp-mdy": "whatsapp", "whatsapp-ios": "whatsapp", "slack-quoted": "slack", "slack-dividers": "slack"}
IN_UTC = {"pagerduty", "opsgenie", "incident-csv", "event-log"}
WITH_SECONDS = {"whatsapp-ios", "servicenow", "pagerduty", "opsgenie", "incident-csv", "event-log"}
# A DiscordChatExporter file opens with its guild and channel: without them its lines are Teams' bracketed lines.
HEADERS = {"incident-csv": "created_at,type,summary,agent\n",
           "discord": "=" * 62 + "\nGuild: Acme\nChannel: incidents / inc-db\n" + "=" * 62 + "\n\n"}


@st.composite
def well_formed_paste(draw, layout: str):
    """At least five messages (so stacked names recur) with sorted times; gaps under 18 hours for layouts that
    show a time only, a fortnight at most for dated ones (their numeric dates may be ambiguous)."""
    start = draw(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 10, 1))).replace(microsecond=0)
    step = 1 if layout in WITH_SECONDS else 60
    start = start if step == 1 else start.replace(second=0)
    longest = (18 * 3600 - 1) if layout in TIMED else 14 * 24 * 3600 // 6
    gaps = draw(st.lists(st.integers(0, longest // step), min_size=5, max_size=12))
    moments, current = [], start
    for gap in gaps:
        current += timedelta(seconds=gap * step)
        moments.append(current)
    render = DATED.get(layout) or TIMED[layout]
    messages = [render(moment, draw(st.sampled_from(PEOPLE)), draw(BODY)) for moment in moments]
    return HEADERS.get(layout, "") + "\n".join(messages) + "\n", moments


@pytest.mark.parametrize("layout", sorted({*DATED, *TIMED}))
@given(data=st.data())
def test_well_formed_pastes_are_detected_and_get_exactly_their_times(layout, data):
    text, moments = data.draw(well_formed_paste(layout))
    transcript = parse_transcript(Source(name="paste.txt", text=text, encoding="utf-8"), anchor_date=moments[0].date(),
                                  today=TODAY)
    assert transcript.format == FORMAT_OF.get(layout, layout)
    expected = [moment.replace(tzinfo=UTC) for moment in moments] if layout in IN_UTC else moments
    assert [m.time for m in transcript.messages if m.time is not None] == expected
    assert all(earlier <= later for earlier, later in itertools.pairwise(expected))
    assert transcript.date_known


# Month-first WhatsApp dates that could be either order need --date (or a day above 12) to be read right.
@pytest.mark.parametrize("layout", sorted(set(DATED) - {"whatsapp-mdy"}))
@given(data=st.data())
def test_dated_layouts_know_their_date_without_the_option(layout, data):
    text, moments = data.draw(well_formed_paste(layout))
    transcript = parse_transcript(Source(name="paste.txt", text=text, encoding="utf-8"), today=TODAY)
    assert transcript.date_known
    assert transcript.incident_date == moments[0].date()
