"""Hand-kept timelines and live state documents: a header line with a time and only a name, the entries below it
as bullets ("2026-05-12 09:40 UTC ines" over "  - Failing over to the replica"). Each bullet is an entry of its
own at the header's time, written by the name on the header."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from agent.transcript import Source, parse_transcript

TODAY = date(2026, 11, 21)

STATE_DOC = """\
**Billing export stalled: 2026-05-12**
**Status**: active, incident #88
**Command roles**
-   Incident lead: ines
-   Operations: okafor

**Timeline** _(newest first, times in UTC)_

-   2026-05-12 09:52 UTC ines

    -   Export queue drained, nightly files delivered to the two late customers
-   2026-05-12 09:40 UTC okafor

    -   Failing over the export workers to the standby database
    -   Paused the retry cron so it stops piling onto the primary
-   2026-05-12 09:31 UTC ines

    -   Declared incident, paging database on-call
-   2026-05-12 09:20 UTC okafor
"""


def parse(text: str):
    return parse_transcript(Source(name="doc.md", text=text, encoding="utf-8"), today=TODAY)


def timed(transcript):
    return [(m.line, m.time, m.author, m.text) for m in transcript.messages if m.time is not None]


def test_each_bullet_under_a_named_header_is_an_entry_by_that_name_at_its_time():
    at = lambda minute: datetime(2026, 5, 12, 9, minute, tzinfo=UTC)  # noqa: E731
    assert timed(parse(STATE_DOC)) == [
        (11, at(52), "ines", "Export queue drained, nightly files delivered to the two late customers"),
        (14, at(40), "okafor", "Failing over the export workers to the standby database"),
        (15, at(40), "okafor", "Paused the retry cron so it stops piling onto the primary"),
        (18, at(31), "ines", "Declared incident, paging database on-call"),
        # a header with nothing below it: the lone word may be a name or the entry itself, so it stays as written
        (19, at(20), None, "okafor"),
    ]


def test_a_wrapped_bullet_stays_one_entry():
    text = "09:40 okafor\n  - Failing over the export workers\n    to the standby database\n  - Paused the retry cron\n"
    assert [(m.line, m.end_line, m.author, m.text) for m in parse(text).messages] == [
        (2, 3, "okafor", "Failing over the export workers\nto the standby database"),
        (4, 4, "okafor", "Paused the retry cron"),
    ]


def test_a_lone_log_word_over_indented_lines_is_no_author():
    # an on-call notebook: "paged" is what happened, the lines below are the page it got
    text = "01:52 paged\n      PD: consumer lag > 200k\n01:54 acked from phone\n"
    messages = parse(text).messages
    assert [(m.line, m.author) for m in messages] == [(1, None), (3, None)]
    assert messages[0].text == "paged\n      PD: consumer lag > 200k"


def test_a_named_header_over_prose_takes_the_name_and_keeps_the_prose_whole():
    text = "2026-05-12 09:40 UTC okafor\n    Failing over now.\n    - workers first\n    - then the cron\n"
    [message] = parse(text).messages
    assert (message.author, message.text) == ("okafor", "Failing over now.\n- workers first\n- then the cron")


HANDLES = st.sampled_from(["ines", "okafor", "Mei Lin", "t.berg", "docwu", "Rafael Souza"])
ENTRY = st.sampled_from([
    "Failing over the export workers", "Queue drained", "Restarted the scheduler on node 3",
    "Customer support reports duplicate invoices", "Rolled back release 41",
])


@given(st.lists(st.tuples(HANDLES, st.lists(ENTRY, min_size=1, max_size=4), st.sampled_from(["-", "*", "1."]),
                          st.sampled_from(["    ", "  ", ""]), st.booleans()), min_size=1, max_size=8))
def test_generated_hand_kept_timelines_give_one_entry_per_bullet(sections):
    start = datetime(2026, 5, 12, 8, 0, tzinfo=UTC)
    lines: list[str] = ["Timeline (UTC)", ""]
    expected = []
    for index, (handle, entries, bullet, indent, blank) in enumerate(sections):
        moment = start + timedelta(minutes=7 * index)
        lines.append(f"- {moment:%Y-%m-%d %H:%M} UTC {handle}")
        if blank:
            lines.append("")
        for entry in entries:
            lines.append(f"{indent}{bullet} {entry}")
            expected.append((len(lines), moment, handle, entry))
    assert timed(parse("\n".join(lines))) == expected


def test_notes_signed_with_initials_read_am_and_pm_as_people_not_half_days():
    text = ("09:14 JP: error rate alert fired, paging auth on-call\n09:19 DV: acked, looking\n"
            "10:05 AR: raised to SEV1, paging mobile on-call\n10:12 PM: mobile on-call joined\n"
            "10:18 DV: feature flag off for the new build\n11:02 AM: status page updated\n")
    messages = parse(text).messages
    assert [(m.time.hour, m.time.minute, m.author) for m in messages] == [
        (9, 14, "JP"), (9, 19, "DV"), (10, 5, "AR"), (10, 12, "PM"), (10, 18, "DV"), (11, 2, "AM")]


def test_notes_on_a_12_hour_clock_keep_their_half_days():
    text = "9:14 PM: error rate alert fired\n9:19 PM: acked, looking\n10:05 PM: raised to SEV1\n10:12 DV: joined\n"
    assert [m.time.hour for m in parse(text).messages] == [21, 21, 22, 22]
