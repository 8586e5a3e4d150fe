"""Dates and times said in chat, resolved against when they were said: due dates ("by next Friday") and stated
impact starts ("errors started around 14:02"), read on the clock of the message times."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.facts import extract_facts, key_timeline, resolve_relative_date
from agent.facts.dates import MONTHS, WEEKDAYS
from agent.models import Message, Transcript
from agent.reading.stated import clock_mentions, place
from test_facts_chat import read_as, reading_by, stating

TUESDAY = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        ("by next Friday", date(2026, 3, 20)),  # Friday of the following week
        ("by Friday", date(2026, 3, 13)),
        ("this friday", date(2026, 3, 13)),
        ("next Tuesday", date(2026, 3, 17)),
        ("Tuesday", date(2026, 3, 17)),  # a bare weekday said on that day means the next one
        ("by fri", date(2026, 3, 13)),
        ("next thurs", date(2026, 3, 19)),
        ("tomorrow EOD", date(2026, 3, 11)),
        ("by EOD tomorrow", date(2026, 3, 11)),
        ("today", TUESDAY),
        ("tonight", TUESDAY),
        ("EOD", TUESDAY),
        ("the day after tomorrow", date(2026, 3, 12)),
        ("next week", date(2026, 3, 20)),  # documented choice: Friday of next week
        ("end of week", date(2026, 3, 13)),
        ("EOW", date(2026, 3, 13)),
        ("end of next week", date(2026, 3, 20)),
        ("end of month", date(2026, 3, 31)),
        ("next month", date(2026, 4, 30)),
        ("end of the quarter", date(2026, 3, 31)),
        ("in 3 days", date(2026, 3, 13)),
        ("within two weeks", date(2026, 3, 24)),
        ("in a couple of days", date(2026, 3, 12)),
        ("in 5 business days", date(2026, 3, 17)),
        ("in 1 month", date(2026, 4, 10)),
        ("by March 20th", date(2026, 3, 20)),
        ("by 2 March", date(2027, 3, 2)),  # already past this year: next year's
        ("on Apr 1, 2026", date(2026, 4, 1)),
        ("2026-04-01", date(2026, 4, 1)),
    ],
)
def test_phrases(phrase, due):
    assert resolve_relative_date(phrase, TUESDAY) == due


@pytest.mark.parametrize(
    "phrase", ["ASAP", "next sprint", "soon", "by Feb 30", "in 999999 weeks", "later", "", "the job sat in the queue"]
)
def test_no_date(phrase):
    assert resolve_relative_date(phrase, TUESDAY) is None


def test_this_week_on_a_weekend_is_not_in_the_past():
    saturday = date(2026, 3, 14)
    assert resolve_relative_date("this week", saturday) == saturday
    assert resolve_relative_date("next week", saturday) == date(2026, 3, 20)


@given(st.text(max_size=60), st.dates(min_value=date(1900, 1, 1), max_value=date(9990, 12, 31)))
def test_never_crashes(phrase, anchor):
    result = resolve_relative_date(phrase, anchor)
    assert result is None or isinstance(result, date)


_FORWARD = st.one_of(
    st.sampled_from(["today", "tonight", "tomorrow", "tomorrow EOD", "next week", "end of week", "this week", "EOW",
                     "end of month", "next month", "end of next week", "the day after tomorrow"]),
    st.builds(lambda q, d: f"{q} {d}".strip(), st.sampled_from(["", "this", "next", "by", "by next"]),
              st.sampled_from(sorted(d for d in WEEKDAYS if d.endswith("day")))),
    st.builds(lambda q, d: f"{q} {d}", st.sampled_from(["this", "next", "by", "on", "by next"]),
              st.sampled_from(sorted(d for d in WEEKDAYS if not d.endswith("day")))),
    st.builds(lambda n, unit: f"in {n} {unit}", st.integers(0, 400), st.sampled_from(["days", "weeks", "months", "business days"])),
    st.builds(lambda m, d: f"by {m} {d}", st.sampled_from(sorted(MONTHS)), st.integers(1, 28)),
)


@given(_FORWARD, st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_forward_phrases_never_fall_before_the_anchor(phrase, anchor):
    due = resolve_relative_date(phrase, anchor)
    assert due is not None and anchor <= due <= anchor + timedelta(days=366 * 40)


BERLIN = ZoneInfo("Europe/Berlin")


def placed(text: str, said_at: datetime, zone=None) -> datetime | None:
    """Where the first clock time in `text` lands, read on the clock of a message said at `said_at`."""
    mention = clock_mentions(text)[0]
    return place(mention, said_at, said_at.date(), zone)


def stated_start(text: str, said_at: datetime, zone=None) -> datetime | None:
    """The impact start the timeline gives a message read as one, its time read as the impact start (the learned
    judgement of which event a time dates is given by hand; the placement is the real code's)."""
    message = Message(line=1, end_line=1, time=said_at, author="Ana", text=text)
    with stating({"": "impact_start"}):
        timeline = key_timeline([message], [], zone=zone, readings=read_as("impact_start")).events
    starts = [e.time for e in timeline if e.kind == "impact_start"]
    return starts[0] if starts else None


@pytest.mark.parametrize(
    ("text", "said_utc", "start_utc"),
    [
        ("errors started around 14:02, right after the ramp", (9, 22, 12, 15), (9, 22, 12, 2)),  # CEST, UTC+2
        ("checkout errors started at 23:55", (3, 10, 23, 10), (3, 10, 22, 55)),  # said 00:10 CET: the day before
        ("impact began at 11:58 UTC", (9, 22, 12, 15), (9, 22, 11, 58)),  # a zone written in the text wins
        ("errors started at 22:40 yesterday", (3, 10, 9, 0), (3, 9, 21, 40)),
        ("it started at 2:05 pm", (3, 10, 14, 30), (3, 10, 13, 5)),
        ("it started at 3am CET", (3, 10, 9, 0), (3, 10, 2, 0)),
    ],
)
def test_stated_times_are_read_on_the_clock_of_the_messages(text, said_utc, start_utc):
    said_at = datetime(2026, *said_utc, tzinfo=UTC)
    assert placed(text, said_at, BERLIN) == datetime(2026, *start_utc, tzinfo=UTC)
    assert stated_start(text, said_at, BERLIN) == datetime(2026, *start_utc, tzinfo=UTC)


def test_naive_messages_keep_naive_times_and_an_hour_without_am_or_pm_is_the_latest_before():
    assert placed("it started around 2:05", datetime(2026, 3, 10, 15, 5)) == datetime(2026, 3, 10, 14, 5)
    assert placed("it started around 2:05", datetime(2026, 3, 10, 3, 0)) == datetime(2026, 3, 10, 2, 5)
    assert placed("errors since 23:50", datetime(2026, 3, 10, 0, 20)) == datetime(2026, 3, 9, 23, 50)


def test_a_start_that_has_not_happened_yet_today_is_not_moved_to_yesterday():
    said_at = datetime(2026, 5, 18, 5, 49, tzinfo=UTC)
    text = "the cert expired at 06:00 today, so every login has failed since then"
    assert placed(text, said_at) is None
    assert placed(text, said_at, ZoneInfo("Europe/Paris")) == datetime(2026, 5, 18, 4, 0, tzinfo=UTC)
    assert stated_start(text, said_at) == said_at  # no stated time that fits: the message's own time
    assert stated_start(text, said_at, ZoneInfo("Europe/Paris")) == datetime(2026, 5, 18, 4, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "text", ["upgrade to 2.14 done", "on 2026-03-10", "about 45 minutes", "v1.12.3 rolled out", "port 8080", "at 3"]
)
def test_versions_dates_durations_and_bare_numbers_are_no_clock_times(text):
    assert clock_mentions(text) == []


def test_no_utc_warning_when_the_clock_zone_is_known():
    messages = [
        Message(line=1, end_line=1, time=datetime(2026, 9, 22, 12, 12, tzinfo=UTC), author="Azure Monitor APP",
                text="Alert fired: basket-api p95 above 2s", kind="alert"),
        Message(line=2, end_line=2, time=datetime(2026, 9, 22, 12, 15, tzinfo=UTC), author="Ana",
                text="the latency graph says it started at 2:02 PM"),
    ]
    transcript = Transcript(format="teams", messages=messages, incident_date=date(2026, 9, 22), timezone="Europe/Berlin")
    with reading_by({"started at": "impact_start", "alert fired": "detection_alert"}), stating({"started at": "impact_start"}):
        facts = extract_facts(transcript, today=date(2026, 9, 23))
    assert facts.metrics.ttd_minutes == 10
    assert not any("read as UTC" in w for w in facts.warnings)


_ZONES = st.sampled_from(["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Auckland", "UTC"]).map(ZoneInfo)


@settings(max_examples=200, deadline=None)
@given(said_at=st.datetimes(min_value=datetime(2020, 1, 2), max_value=datetime(2035, 12, 30), timezones=st.just(UTC)),
       zone=_ZONES, hour=st.integers(0, 23), minute=st.integers(0, 59))
def test_a_stated_time_is_that_wall_time_within_a_day_before_it_was_said(said_at, zone, hour, minute):
    start = stated_start(f"errors started at {hour:02d}:{minute:02d}", said_at, zone)
    assert start is not None and start.tzinfo is not None
    local = start.astimezone(zone)
    if start == said_at:
        return  # the wall time does not exist on that clock (a skipped hour): the message's own time
    if local.replace(tzinfo=None) != datetime.combine(local.date(), time(local.hour, local.minute)):
        return
    assert local.minute == minute and local.hour % 12 == hour % 12  # "2:05" may mean 14:05
    assert timedelta(0) <= said_at - start <= timedelta(hours=25)  # 25: a day that falls back an hour


@settings(max_examples=200, deadline=None)
@given(before=st.text(max_size=40), after=st.text(max_size=40), hour=st.integers(0, 23), minute=st.integers(0, 59))
def test_a_clock_time_is_found_whatever_surrounds_it(before, after, hour, minute):
    text = f"{before} the failover at {hour:02d}:{minute:02d}, and the errors started right then. {after}"
    found = [(m.hour, m.minute) for m in clock_mentions(text)]
    assert (hour, minute) in found
    mention = next(m for m in clock_mentions(text) if (m.hour, m.minute) == (hour, minute))
    at = place(mention, datetime(2026, 3, 11, 12, 0), None, None)
    assert at is not None and (at.hour % 12, at.minute) == (hour % 12, minute)


@given(hours=st.integers(0, 23), minutes=st.integers(0, 59), before=st.sampled_from(["~", "about ", "for ", "took "]))
def test_an_hour_h_minute_length_is_a_duration_not_a_clock_time(hours, minutes, before):
    # "~2h45 of no SSO", "about 1h20": a length of time; "since 14h05", "entre 22h e 22h40": a time of day
    assert clock_mentions(f"outage {before}{hours}h{minutes:02d} of no logins") == []
    (mention,) = clock_mentions(f"errors since {hours}h{minutes:02d}, logins failing")
    assert (mention.hour, mention.minute) == (hours, minutes)
    (mention,) = clock_mentions(f"outage {before}{hours}:{minutes:02d} in the log")  # a colon is a clock in any case
    assert (mention.hour, mention.minute) == (hours, minutes)
