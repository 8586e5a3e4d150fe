"""Relative due dates resolved against the day they were said."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.facts import resolve_relative_date
from agent.facts.dates import MONTHS, WEEKDAYS

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
