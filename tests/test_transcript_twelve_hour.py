"""Bare follow-up times on a 12-hour clock: a Slack copy shows "Bree Collins  10:42 PM" once and the author's next
posts as "10:44" alone. A bare reading takes the half of the day that moves the clock least from its last reading."""

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from agent.transcript import Source, parse_transcript

TODAY = date(2026, 11, 21)


def parse(text: str, **options):
    return parse_transcript(Source(name="chat.txt", text=text, encoding="utf-8"), today=TODAY, **options)


def times(text: str, **options):
    return [message.time for message in parse(text, **options).messages if message.time is not None]


def twelve(moment: datetime, *, bare: bool) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment:%M}" if bare else f"{hour}:{moment:%M} {'AM' if moment.hour < 12 else 'PM'}"


def test_a_bare_follow_up_takes_the_half_day_of_the_header_above():
    text = ("Bree Collins  10:42 PM\nsearch returns nothing for anything\n10:44\nlinen sheets too\n"
            "Wes Nakamura  10:51 PM\non it\n10:58\nalias points at an empty index")
    day = datetime(2026, 3, 10)
    assert times(text, anchor_date=day.date()) == [day.replace(hour=22, minute=m) for m in (42, 44, 51, 58)]


def test_a_bare_reading_after_late_evening_rolls_over_midnight():
    text = "Bree Collins  11:58 PM\nstill failing\n12:03\nnow the retries too\n1:10\nand it is quiet again"
    day = datetime(2026, 3, 10)
    assert times(text, anchor_date=day.date()) == [day.replace(hour=23, minute=58),
                                                   day + timedelta(days=1, minutes=3),
                                                   day + timedelta(days=1, hours=1, minutes=10)]


def test_a_bare_reading_a_minute_behind_its_header_stays_in_the_same_half_day():
    text = "Bree Collins  2:05 PM\nlooking\n2:04\n(edited) first graph"
    assert [moment.hour for moment in times(text, anchor_date=date(2026, 3, 10))] == [14, 14]


def test_a_24_hour_transcript_keeps_its_readings_as_written():
    text = "Bree Collins  14:02\nis search broken?\n2:02\nthe night batch, I mean"
    assert [moment.hour for moment in times(text, anchor_date=date(2026, 3, 10))] == [14, 2]


AUTHORS = st.sampled_from(["Bree Collins", "Wes Nakamura", "Ines Morales"])


MINUTES = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 1)).map(lambda m: m.replace(second=0, microsecond=0))


@given(MINUTES,
       st.lists(st.tuples(st.integers(0, 300), AUTHORS, st.booleans()), min_size=1, max_size=25))
def test_generated_twelve_hour_copies_with_bare_follow_ups_keep_every_time(start, posts):
    """Headers show AM/PM; a post by the author just above shows its time bare, as Slack copies it."""
    lines, expected, moment, author = [], [], start, None
    for gap, who, follow_up in posts:
        moment += timedelta(minutes=gap)
        if follow_up and who == author:
            lines.append(twelve(moment, bare=True))
        else:
            lines.append(f"{who}  {twelve(moment, bare=False)}")
            author = who
        lines.append(f"update {len(expected)}")
        expected.append(moment)
    # the format is named: a copy of one header over many bare times is detection's question, not this rule's
    assert times("\n".join(lines), anchor_date=expected[0].date(), fmt="slack") == expected
