"""Dates and times said in chat, resolved against when they were said: due dates ("by next Friday") and stated
impact starts ("errors started around 14:02"), read on the clock of the message times."""

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.facts import classify_events, extract_facts, resolve_relative_date
from agent.facts.dates import MONTHS, WEEKDAYS
from agent.models import Message, Transcript

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


def stated_start(text: str, said_at: datetime, zone=None) -> datetime | None:
    message = Message(line=1, end_line=1, time=said_at, author="Ana", text=text)
    starts = [e.time for e in classify_events([message], [], zone=zone) if e.kind == "impact_start"]
    return starts[0] if starts else None


@pytest.mark.parametrize(
    ("text", "said_utc", "start_utc"),
    [
        ("errors started around 14:02, right after the ramp", (9, 22, 12, 15), (9, 22, 12, 2)),  # CEST, UTC+2
        ("checkout errors started at 23:55", (3, 10, 23, 10), (3, 10, 22, 55)),  # said 00:10 CET: the day before
        ("impact began at 11:58 UTC", (9, 22, 12, 15), (9, 22, 11, 58)),  # a zone written in the text wins
        ("errors started at 22:40 yesterday", (3, 10, 9, 0), (3, 9, 21, 40)),
    ],
)
def test_stated_times_are_read_on_the_clock_of_the_messages(text, said_utc, start_utc):
    said_at = datetime(2026, *said_utc, tzinfo=timezone.utc)
    assert stated_start(text, said_at, BERLIN) == datetime(2026, *start_utc, tzinfo=timezone.utc)


def test_a_start_that_has_not_happened_yet_today_is_not_moved_to_yesterday():
    said_at = datetime(2026, 5, 18, 5, 49, tzinfo=timezone.utc)
    assert stated_start("the cert expired at 06:00 today, so every login has failed since then", said_at) is None
    assert stated_start("the cert expired at 06:00 today, so every login has failed since then", said_at,
                        ZoneInfo("Europe/Paris")) == datetime(2026, 5, 18, 4, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("checkout has been failing since 14:02", (14, 2)),
        ("errors since the deploy at 13:40, mostly on checkout", (13, 40)),
        ("the CI pipeline has been failing since 13:10", None),  # internal, not the impact
        ("the broker rebalanced at 13:26 and the lag started right there", (13, 26)),
        ("token expired at 13:10, so every partner call has failed since then", (13, 10)),
        ("the nightly job has been failing since 02:00", None),  # a job, not the impact
        ("we have been on the bridge since 13:00", None),
        ("the lag started right there", None),  # nothing to point back at
    ],
)
def test_since_and_pointing_back_state_the_start(text, start):
    expected = datetime(2026, 3, 10, *start) if start else None
    assert stated_start(text, datetime(2026, 3, 10, 14, 30)) == expected


def test_no_utc_warning_when_the_clock_zone_is_known():
    messages = [
        Message(line=1, end_line=1, time=datetime(2026, 9, 22, 12, 12, tzinfo=timezone.utc), author="Azure Monitor APP",
                text="Alert fired: basket-api p95 above 2s", kind="alert"),
        Message(line=2, end_line=2, time=datetime(2026, 9, 22, 12, 15, tzinfo=timezone.utc), author="Ana",
                text="the latency graph says it started at 2:02 PM"),
    ]
    transcript = Transcript(format="teams", messages=messages, incident_date=date(2026, 9, 22), timezone="Europe/Berlin")
    facts = extract_facts(transcript, today=date(2026, 9, 23))
    assert facts.metrics.ttd_minutes == 10
    assert not any("read as UTC" in w for w in facts.warnings)


_ZONES = st.sampled_from(["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Auckland", "UTC"]).map(ZoneInfo)


@settings(max_examples=200, deadline=None)
@given(said_at=st.datetimes(min_value=datetime(2020, 1, 2), max_value=datetime(2035, 12, 30), timezones=st.just(timezone.utc)),
       zone=_ZONES, hour=st.integers(0, 23), minute=st.integers(0, 59))
def test_a_stated_time_is_that_wall_time_within_a_day_before_it_was_said(said_at, zone, hour, minute):
    start = stated_start(f"errors started at {hour:02d}:{minute:02d}", said_at, zone)
    assert start is not None and start.tzinfo is not None
    local = start.astimezone(zone)
    if local.replace(tzinfo=None) != datetime.combine(local.date(), time(local.hour, local.minute)):
        return
    assert local.minute == minute and local.hour % 12 == hour % 12  # "2:05" may mean 14:05
    assert timedelta(0) <= said_at - start <= timedelta(hours=25)  # 25: a day that falls back an hour


@settings(max_examples=200, deadline=None)
@given(before=st.text(max_size=40), after=st.text(max_size=40), hour=st.integers(0, 23), minute=st.integers(0, 59))
def test_pointing_back_takes_the_time_said_just_before(before, after, hour, minute):
    text = f"{before} the failover at {hour:02d}:{minute:02d}, and the errors started right then. {after}"
    start = stated_start(text, datetime(2026, 3, 11, 12, 0))
    assert start is not None and (start.hour % 12, start.minute) == (hour % 12, minute)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("the replica fell behind at 13:05, that's when the outage started", (13, 5)),
        ("bucket ACL flipped to public at 12:48. that was when the exposure began", (12, 48)),
        ("retries piling up from 13:20, which is when the problems started", (13, 20)),
        ("the error graph shows failures starting at 13:31", (13, 31)),
        ("downtime from 12:10 to 12:55 on the EU shard", (12, 10)),
        ("the leak ran from 11:40 until 12:05", (11, 40)),
        ("at 13:00 that's when I started looking", None),  # a person's activity, not the impact
        ("we are starting at 13:15 with the runbook", None),
        ("the backfill was starting at 12:00, that is when the job began", None),  # the job, not the impact
        ("impact from the retry storm is unclear", None),  # no span of times
    ],
)
def test_pointers_to_a_time_and_spans_state_the_start(text, start):
    expected = datetime(2026, 3, 10, *start) if start else None
    assert stated_start(text, datetime(2026, 3, 10, 14, 30)) == expected


def stated_end(text: str, said_at: datetime) -> list[datetime]:
    message = Message(line=1, end_line=1, time=said_at, author="Ana", text=text)
    return [e.time for e in classify_events([message], []) if e.kind == "recovery"]


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("downtime from 12:10 to 12:55 on the EU shard", (12, 55)),
        ("so exposure from 9:40 until 10:25, about 45 minutes", (10, 25)),
        ("the outage ended at 13:02 when the pool refilled", (13, 2)),
        ("the outage ended when the pool refilled", None),  # no time stated
        ("impact from the retry storm is unclear", None),
        ("the window runs from 12:00 to 13:00 tonight", None),  # a window is not the impact
    ],
)
def test_a_stated_end_of_impact_is_a_recovery_at_that_time(text, end):
    assert stated_end(text, datetime(2026, 3, 10, 14, 30)) == ([datetime(2026, 3, 10, *end)] if end else [])
