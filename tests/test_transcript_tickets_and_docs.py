"""Tickets, pager timelines and live documents as their tools write them (issue 10): Jira's XML export, Jira
Cloud's comment ages, Jira Server's weekday stamps, Zendesk agents with their organisation, PagerDuty's web
timeline, status updates listed newest first (over midnight, or on a 12-hour clock that never says PM) and scribe
notes with a log pasted into them. Samples are incidents of our own writing."""

import itertools
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from agent.transcript import Source, load_transcript, parse_transcript
from test_transcript_fuzz import BODY, PEOPLE, twelve_hour

TODAY = date(2026, 11, 21)
INCIDENT_DAY = date(2026, 10, 16)
PACIFIC = ZoneInfo("America/Los_Angeles")


def load(fixtures_dir, name: str, **options):
    return load_transcript(str(fixtures_dir / "transcripts" / name), today=TODAY, **options)


def parse(text: str, **options):
    return parse_transcript(Source(name="paste.txt", text=text, encoding="utf-8"), today=TODAY, **options)


def test_jira_xml_export_reads_each_comment_with_its_author_zone_and_plain_text(fixtures_dir):
    transcript = load(fixtures_dir, "jira-export.xml")
    assert transcript.format == "jira-xml" and transcript.warnings == []
    comments = [m for m in transcript.messages if m.author is not None]
    assert len(comments) == 17
    assert {m.author for m in comments} == {"priya.raman", "marcus.chen", "dana.okafor", "leo.fischer"}
    assert comments[0].line == 19
    assert comments[0].time == datetime(2026, 10, 16, 21, 21, 34, tzinfo=UTC)  # written 23:21:34 +0200
    assert comments[1].text == "yes, auth-gateway p99 is at 4.2s\nerror rate on /session is 18% and climbing"
    assert [m.time for m in comments] == sorted(m.time for m in comments)
    assert not any("&lt;" in m.text or "<p>" in m.text or "</comment>" in m.text for m in transcript.messages)
    assert comments[-1].time.replace(second=0) == datetime(2026, 10, 16, 22, 13, tzinfo=UTC)  # 00:13 +0200


def test_jira_cloud_comment_ages_count_back_from_the_day_of_the_first_timed_comment(fixtures_dir):
    transcript = load(fixtures_dir, "jira-cloud-activity.txt", anchor_date=INCIDENT_DAY)
    assert transcript.format == "jira"
    comments = [(m.line, m.author, m.time) for m in transcript.messages if m.author is not None]
    assert comments == [
        (7, "Ines Vidal", None),  # "4 days ago" alone names no time
        (12, "Tomas Berg", None),
        (17, "Tomas Berg", datetime(2026, 10, 16, 9, 12)),
        (22, "Ines Vidal", datetime(2026, 10, 16, 9, 40)),
        (27, "Tomas Berg", datetime(2026, 10, 18, 16, 5)),
        (32, "Ines Vidal", datetime(2026, 10, 19, 8, 30)),
    ]
    assert all("Edit · Delete" not in m.text for m in transcript.messages)


def test_jira_server_stamps_with_a_weekday_or_a_relative_day():
    text = ("Ana Silva added a comment - Thu 10:12 PM\nfare cache errors on EU\n\n"
            "Ben Okoro added a comment - Yesterday 9:05 AM\nroot cause: stale config\n\n"
            "Ana Silva added a comment - Today 8:40 AM\nclosing\n")
    transcript = parse(text)  # TODAY is a Saturday: Thursday is two days back
    assert transcript.format == "jira" and not transcript.date_known
    assert [(m.author, m.time) for m in transcript.messages] == [
        ("Ana Silva", datetime(2026, 11, 19, 22, 12)),
        ("Ben Okoro", datetime(2026, 11, 20, 9, 5)),
        ("Ana Silva", datetime(2026, 11, 21, 8, 40)),
    ]


def test_zendesk_agents_with_their_organisation_are_the_authors(fixtures_dir):
    transcript = load(fixtures_dir, "zendesk-thread.txt")
    assert transcript.format == "jira"
    assert [(m.line, m.author, m.time) for m in transcript.messages if m.author] == [
        (5, "Mara Quist", datetime(2026, 10, 16, 9, 5)),
        (9, "Ola Brandt", datetime(2026, 10, 16, 9, 21)),
        (13, "Ola Brandt", datetime(2026, 10, 16, 9, 34)),
        (18, "Jon Reyes", datetime(2026, 10, 16, 10, 2)),
        (23, "Ola Brandt", datetime(2026, 10, 16, 10, 40)),
    ]


def test_pagerduty_timeline_with_padded_clocks_under_day_headings(fixtures_dir):
    transcript = load(fixtures_dir, "pagerduty-timeline.txt")
    assert transcript.format == "pagerduty"
    entries = [(m.line, m.time) for m in transcript.messages if m.time is not None]
    assert entries == [
        (8, datetime(2026, 10, 16, 21, 20)), (10, datetime(2026, 10, 16, 21, 20)), (11, datetime(2026, 10, 16, 21, 23)),
        (12, datetime(2026, 10, 16, 21, 31)), (14, datetime(2026, 10, 16, 22, 2)), (16, datetime(2026, 10, 16, 23, 58)),
        (21, datetime(2026, 10, 17, 0, 13)),
    ]
    note = next(m for m in transcript.messages if m.line == 12)
    assert note.text.endswith("rolling back session-store build 4812")


def test_status_updates_newest_first_after_midnight_fall_on_the_next_day(fixtures_dir):
    transcript = load(fixtures_dir, "live-doc-overnight.txt", anchor_date=INCIDENT_DAY)
    assert [(m.line, m.author, m.time) for m in transcript.messages if m.time] == [
        (5, "Noor", datetime(2026, 10, 17, 2, 40, tzinfo=UTC)),
        (8, "Noor", datetime(2026, 10, 17, 1, 15, tzinfo=UTC)),
        (11, "Eli", datetime(2026, 10, 17, 0, 20, tzinfo=UTC)),
        (14, "Eli", datetime(2026, 10, 16, 23, 35, tzinfo=UTC)),
    ]


def test_afternoon_updates_written_without_pm_are_read_in_the_afternoon(fixtures_dir):
    transcript = load(fixtures_dir, "live-doc-afternoon.txt", anchor_date=INCIDENT_DAY)
    local = {m.line: m.time.astimezone(PACIFIC).replace(tzinfo=None) for m in transcript.messages if m.time}
    assert [local[line] for line in (6, 9, 12, 15)] == [
        datetime(2026, 10, 16, 15, 10), datetime(2026, 10, 16, 14, 5), datetime(2026, 10, 16, 12, 55),
        datetime(2026, 10, 16, 11, 30),
    ]
    assert [local[line] for line in range(19, 24)] == [
        datetime(2026, 10, 16, 11, 12), datetime(2026, 10, 16, 11, 30), datetime(2026, 10, 16, 12, 50),
        datetime(2026, 10, 16, 13, 58), datetime(2026, 10, 16, 15, 5),
    ]


def test_a_night_shift_written_without_am_keeps_its_small_hours():
    text = "23:40 - Ana: paged\n0:15 - Ben: rolling back\n1:05 - Ana: rollback done\n2:30 - Ben: closing\n"
    transcript = parse(text, anchor_date=INCIDENT_DAY)
    assert [m.time for m in transcript.messages] == [
        datetime(2026, 10, 16, 23, 40), datetime(2026, 10, 17, 0, 15), datetime(2026, 10, 17, 1, 5),
        datetime(2026, 10, 17, 2, 30),
    ]


def test_a_log_pasted_into_scribe_notes_moves_neither_their_day_nor_their_clock(fixtures_dir):
    """The notes state no zone; the UTC log pasted under 22:03 was written at 22:02 on their clock (UTC-6)."""
    transcript = load(fixtures_dir, "scribe-notes-pasted-log.txt", anchor_date=date(2026, 10, 15))
    notes_clock = timezone(timedelta(hours=-6))
    local = {m.line: (m.time.astimezone(notes_clock).replace(tzinfo=None), m.author) for m in transcript.messages
             if m.time}
    assert transcript.timezone == "UTC-06:00"
    assert local[3] == (datetime(2026, 10, 15, 21, 58), "Omar")
    assert transcript.messages[3].time == datetime(2026, 10, 16, 4, 2, 51, tzinfo=UTC)  # the log line keeps its stamp
    assert [local[line] for line in (7, 9, 10, 11)] == [
        (datetime(2026, 10, 15, 22, 6), "Omar"), (datetime(2026, 10, 15, 23, 58), "Omar"),
        (datetime(2026, 10, 16, 0, 4), "Jun"), (datetime(2026, 10, 16, 0, 11), "Jun"),
    ]


def test_a_pasted_log_does_not_lend_its_zone_when_the_notes_state_their_own():
    text = ("Status update 10:05 PT (Ana)\nchecking the queue\n\n"
            "- 10:20 Ana pasted:\n    [2026-10-16T17:20:03Z] worker ERROR disk full\n- 10:40 freed space, queue draining\n")
    transcript = parse(text, anchor_date=INCIDENT_DAY)
    bullet = next(m for m in transcript.messages if m.text.startswith("freed space"))
    assert bullet.time == datetime(2026, 10, 16, 17, 40, tzinfo=UTC) and bullet.clock_zone == "America/Los_Angeles"


# Property tests: each tool's shape, rendered from sorted moments, comes back with exactly those moments.

MOMENTS_IN_A_NIGHT = st.lists(st.integers(1, 5 * 60), min_size=3, max_size=9)


@given(start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 10, 1)), gaps=MOMENTS_IN_A_NIGHT,
       who=st.sampled_from(PEOPLE), body=BODY)
def test_status_updates_listed_newest_first_get_exactly_their_times(start, gaps, who, body):
    """Updates at most five hours apart, over midnight or not, written newest first on a 24-hour clock."""
    moments = list(itertools.accumulate((timedelta(minutes=gap) for gap in gaps), initial=start.replace(second=0,
                                                                                                        microsecond=0)))
    updates = [f"Status update {moment:%H:%M} GMT ({who.split()[0]})\n{body}\n" for moment in reversed(moments)]
    transcript = parse("INC-1 state doc, newest first\n\n" + "\n".join(updates), anchor_date=moments[0].date())
    assert [m.time for m in transcript.messages if m.time] == [moment.replace(tzinfo=UTC) for moment in reversed(moments)]


@given(opened=st.integers(10 * 60, 12 * 60 + 59), gaps=st.lists(st.integers(5, 90), min_size=2, max_size=6),
       who=st.sampled_from(PEOPLE))
def test_a_document_opened_before_noon_reads_its_unmarked_afternoon_updates_as_pm(opened, gaps, who):
    """Opened in the late morning, updated into the afternoon on a 12-hour clock that never writes PM."""
    start = datetime.combine(INCIDENT_DAY, datetime.min.time()) + timedelta(minutes=opened)
    moments = list(itertools.accumulate((timedelta(minutes=gap) for gap in gaps), initial=start))
    updates = [f"Status update {moment.hour % 12 or 12}:{moment.minute:02d} PT ({who.split()[0]})\nstill on it\n"
               for moment in reversed(moments)]
    transcript = parse("\n".join(updates), anchor_date=INCIDENT_DAY)
    local = [m.time.astimezone(PACIFIC).replace(tzinfo=None) for m in transcript.messages if m.time]
    assert local == list(reversed(moments))


@given(start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 10, 1)),
       gaps=st.lists(st.integers(0, 3 * 24 * 60), min_size=3, max_size=10), data=st.data())
def test_jira_cloud_ages_and_zendesk_agents_get_exactly_their_times(start, gaps, data):
    moments = list(itertools.accumulate((timedelta(minutes=gap) for gap in gaps), initial=start.replace(second=0,
                                                                                                        microsecond=0)))
    today = moments[-1].date() + timedelta(days=data.draw(st.integers(0, 3)))

    def age(moment: datetime) -> str:
        days = (today - moment.date()).days
        return {0: "today", 1: "yesterday"}.get(days, f"{days} days ago")

    org = data.draw(st.sampled_from(["", "  (Acme)", " (Paylane Support)"]))
    comments = [f"{data.draw(st.sampled_from(PEOPLE))}{org}\n{age(moment)} at {twelve_hour(moment)}\n"
                f"{data.draw(BODY)}\nEdit · Delete · 🙂\n" for moment in moments]
    transcript = parse_transcript(Source(name="OPS-1.txt", text="\n".join(comments), encoding="utf-8"),
                                  anchor_date=moments[0].date(), today=TODAY)
    assert transcript.format == "jira"
    assert [m.time for m in transcript.messages] == moments
    assert all(m.author in PEOPLE for m in transcript.messages)


@given(start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 10, 1)),
       gaps=st.lists(st.integers(0, 20 * 60), min_size=3, max_size=12), data=st.data())
def test_pagerduty_web_timeline_gets_exactly_its_times(start, gaps, data):
    """PagerDuty's timeline: a heading per day, 12-hour clocks padded to one width, details indented below."""
    moments = list(itertools.accumulate((timedelta(minutes=gap) for gap in gaps), initial=start.replace(second=0,
                                                                                                        microsecond=0)))
    lines, day = ["#4821 checkout-api: 5xx above 2%", "", "Timeline", ""], None
    for moment in moments:
        if moment.date() != day:
            day = moment.date()
            lines += ["", f"{moment:%A}, {moment:%B} {moment.day}, {moment.year}", ""]
        first = len(lines) == 7
        lines.append(f"{twelve_hour(moment):>8}   " + ("Triggered through the API." if first else
                                                          f"Note added by {data.draw(st.sampled_from(PEOPLE))}"))
        lines.append(f"           {data.draw(BODY)}")
    transcript = parse("\n".join(lines) + "\n")
    assert transcript.format == "pagerduty"
    assert [m.time for m in transcript.messages if m.time] == moments


@given(stamps=st.lists(st.tuples(st.integers(1, 3 * 24 * 3600), st.sampled_from(PEOPLE), BODY), min_size=1,
                       max_size=10),
       offset=st.sampled_from([0, 60, 120, -300, 330]))
def test_jira_xml_comments_get_exactly_their_times(stamps, offset):
    zone = timezone(timedelta(minutes=offset))
    moments = list(itertools.accumulate(seconds for seconds, _, _ in stamps))
    start = datetime(2026, 3, 1, tzinfo=zone)
    comments = "\n".join(
        f'<comment id="{index}" author="{who.lower().replace(" ", ".")}" '
        f'created="{start + timedelta(seconds=second):%a, %d %b %Y %H:%M:%S %z}">&lt;p&gt;{body}&lt;/p&gt;</comment>'
        for index, (second, (_, who, body)) in enumerate(zip(moments, stamps, strict=True)))
    text = f'<?xml version="1.0"?>\n<rss version="0.92">\n<channel>\n<item>\n<comments>\n{comments}\n</comments>\n</item>\n'
    transcript = parse(text + "</channel>\n</rss>\n")
    assert transcript.format == "jira-xml"
    timed = [m for m in transcript.messages if m.time]
    assert [m.time for m in timed] == [start + timedelta(seconds=second) for second in moments]
    assert [m.text for m in timed] == [body for _, _, body in stamps]


@given(start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 10, 1)),
       gaps=st.lists(st.integers(1, 120), min_size=2, max_size=8), hours=st.integers(-10, 12), data=st.data())
def test_notes_with_a_pasted_utc_log_are_read_on_the_clock_the_log_puts_them_on(start, gaps, hours, data):
    """Notes in local time without a zone; under one of them, lines of a UTC log written minutes before it."""
    moments = list(itertools.accumulate((timedelta(minutes=gap) for gap in gaps), initial=start.replace(second=0,
                                                                                                        microsecond=0)))
    notes_clock = timezone(timedelta(hours=hours))
    pasted_under = data.draw(st.integers(0, len(moments) - 1))
    lines = []
    for index, moment in enumerate(moments):
        lines.append(f"{moment:%H:%M} - {data.draw(st.sampled_from(PEOPLE)).split()[0]}: {data.draw(BODY)}")
        if index == pasted_under:
            lines[-1] += ", log:"
            written = moment.replace(tzinfo=notes_clock) - timedelta(seconds=data.draw(st.integers(0, 20 * 60)))
            lines.append(f"    {written.astimezone(UTC):%Y-%m-%dT%H:%M:%S}Z api-3 ERROR upstream reset")
    transcript = parse("\n".join(lines) + "\n", anchor_date=moments[0].date())
    notes = [m.time for m in transcript.messages if m.author is not None]
    assert notes == [moment.replace(tzinfo=notes_clock).astimezone(UTC) for moment in moments]


# A Jira issue page copied whole: the fields above the comments say who opened it and when. Our own writing.
ISSUE_PAGE = """\
Payments / PAY-4412
Refund webhook retries flood the ledger queue

Details
Type:              Bug                          Status:        RESOLVED
Priority:          High                         Resolution:    Fixed

People
Assignee:          Marcus Chen
Reporter:          {reporter}

Dates
Created:   {created}
Updated:   16/Oct/26 11:40 PM

Description
Raised via the partner portal by {reporter} (Northwind Travel):

Since this evening every refund we send comes back twice in the statement export.

Attachments
statement-export.csv  (16/Oct/26 9:02 PM)

Activity
All | Comments | Work log | History | Activity

Marcus Chen added a comment - 16/Oct/26 9:20 PM
Thanks, looking. The ledger queue has 40k retries in it.

{closing} added a comment - 16/Oct/26 11:40 PM
Retries drained, duplicates removed. Closing.
"""


def test_a_copied_issue_page_opens_with_its_reporters_request_at_its_created_time():
    page = ISSUE_PAGE.format(reporter="Hedda Lindqvist", created="16/Oct/26 9:02 PM", closing="Marcus Chen")
    transcript = parse(page)
    assert transcript.format == "jira"
    request = next(m for m in transcript.messages if m.time is not None)
    assert (request.line, request.time) == (17, datetime(2026, 10, 16, 21, 2))
    # she never comments: a customer who raised the ticket is no responder, and her name is kept out of the text
    assert request.author == "reporter"
    assert request.text.startswith("Raised via the partner portal by reporter (Northwind Travel):")
    assert request.text.endswith("comes back twice in the statement export.")
    assert "Hedda" not in request.text and "Attachments" not in request.text
    assert [(m.author, m.time) for m in transcript.messages if m.time is not None][1:] == [
        ("Marcus Chen", datetime(2026, 10, 16, 21, 20)), ("Marcus Chen", datetime(2026, 10, 16, 23, 40)),
    ]
    # the page's own lines (fields, attachments, the activity tabs) are no one's words
    assert all(m.author is None and m.time is None for m in transcript.messages if m.line in (1, 21))


def test_a_reporter_who_comments_on_their_own_issue_keeps_their_name():
    page = ISSUE_PAGE.format(reporter="Dana Okafor", created="16/Oct/26 9:02 PM", closing="Dana Okafor")
    request = next(m for m in parse(page).messages if m.time is not None)
    assert request.author == "Dana Okafor" and "by Dana Okafor (Northwind" in request.text


def test_an_issue_without_a_description_or_a_created_time_has_no_request():
    no_description = ISSUE_PAGE.format(reporter="Hedda Lindqvist", created="16/Oct/26 9:02 PM",
                                       closing="Marcus Chen").replace("Description\n", "")
    no_created = ISSUE_PAGE.format(reporter="Hedda Lindqvist", created="(not shown)", closing="Marcus Chen")
    for page in (no_description, no_created):
        timed = [m.author for m in parse(page).messages if m.time is not None]
        assert timed == ["Marcus Chen", "Marcus Chen"]


@given(created=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2026, 10, 15)),
       reporter=st.sampled_from([name for name in PEOPLE if name != "Marcus Chen"]), data=st.data())
def test_a_copied_issue_page_gets_exactly_its_created_time(created, reporter, data):
    created = created.replace(second=0, microsecond=0)
    stamp = data.draw(st.sampled_from([
        f"{created:%d/%b/%y} {twelve_hour(created)}", f"{created:%b %d, %Y} {created:%H:%M}",
        f"{created:%Y-%m-%d} {created:%H:%M}",
    ]))
    page = ISSUE_PAGE.format(reporter=reporter, created=stamp, closing="Marcus Chen").replace("16/Oct/26", "17/Oct/26")
    request = next(m for m in parse(page).messages if m.time is not None)
    assert request.time == created and request.author == "reporter"
