"""The small parsers under the gates: timestamps, dates, impact figures, placeholders, column headers."""

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.grading.columns import ACTION_COLUMNS, TRIGGER_COLUMNS, map_columns
from agent.grading.figures import figures_in
from agent.grading.text import any_of, any_word, first_date, has_due_date, is_placeholder, leading_time, plain
from agent.models.pack import unknown


@pytest.mark.parametrize(
    "entry",
    ["14:05 alert fired", "**14:05** - alert", "~14:05 UTC rollback", "± 17:20 UTC: snapshot taken",
     "2022-01-25 10:21", "2018-08-22, 03:26pm: first noticed", "[14:05] page sent", "T+5 min: page",
     "Tue 14:05 deploy", "11:39AM", "`12:30 UTC` – rolled back"],
)
def test_entries_that_start_with_a_time(entry):
    assert leading_time(entry)


@pytest.mark.parametrize(
    "entry",
    ["deployed at 14:05", "then we looked at the logs", "2023-02-01 - summary updated", "version 1.2.3 released",
     "The p99 went to 14:05 levels", ""],
)
def test_entries_without_a_leading_time(entry):
    assert not leading_time(entry)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2025-06-12", date(2025, 6, 12)), ("Mon, August 11, 2014, 17:10 to 17:50", date(2014, 8, 11)),
     ("2014-August-11", date(2014, 8, 11)), ("22 Aug 2018", date(2018, 8, 22)), ("06-11-2023", date(2023, 11, 6)),
     ("no date here", None), ("2025-13-45", None)],
)
def test_first_date(text, expected):
    assert first_date(text) == expected


def test_due_dates_accept_calendar_dates_and_quarters():
    assert has_due_date("2025-07-01") and has_due_date("Q3 2025") and has_due_date("by end of sprint")
    assert not has_due_date("soon")


@pytest.mark.parametrize(
    ("text", "dimensions"),
    [
        ("1,240 checkout requests failed", ["scale"]),
        ("about 3.7M failed requests over 13 minutes", ["scale", "duration"]),
        ("6.2% of traffic", ["percent"]),
        ("$18,400 of revenue delayed", ["money"]),
        ("Estimated 1.21B queries lost, no revenue impact", ["scale", "money"]),
        ("released v1.270.0 on 2025-10-03 at 10:45", []),
        ("Many users were unhappy", []),
        # whatever the draft counts as affected is a figure to the grader too
        ("3,214 invoices missing from the ERP", ["scale"]),
        ("about 40 players could not join, 12 stores offline", ["scale", "scale"]),
    ],
)
def test_impact_figures_by_dimension(text, dimensions):
    assert [f.dimension for f in figures_in(text, 7)] == dimensions
    assert all(f.line == 7 for f in figures_in(text, 7))


@pytest.mark.parametrize("text", ["", " ", "TBD", "n/a", "-", "…", "unknown", "<owner>", unknown("Who owns it?"),
                                  f"**{unknown('When?')}**"])
def test_placeholders(text):
    assert is_placeholder(text)


@pytest.mark.parametrize("text", ["db lead", "2025-07-01", "Unknown host error in the logs",
                                  "Ask the vendor for a refund: " + "x" * 80])
def test_real_values_are_not_placeholders(text):
    assert not is_placeholder(text)


def test_plain_strips_markup_but_keeps_words():
    assert plain("**Owner**: [the lead](https://x.example/y) `svc` _now_") == "Owner: the lead svc now"


def test_columns_are_recognised_by_their_words():
    header = ("#", "Action (specific, testable change)", "Owner (one person)", "Due", "Tracker ID", "Category",
              "Success signal", "Follow-up date")
    assert map_columns(header, ACTION_COLUMNS) == (
        None, "action", "owner", "due", "tracker", "type", "success_signal", "follow_up")
    trigger = ("Signal (Observable)", "Window", "Trigger Threshold", "Committed Action", "Owner", "Evidence Source")
    assert map_columns(trigger, TRIGGER_COLUMNS) == ("signal", "window", "threshold", "action", "owner", None)


@given(st.text(max_size=200))
def test_text_helpers_never_crash(text):
    leading_time(text)
    first_date(text)
    is_placeholder(text)
    for figure in figures_in(text, 3):
        assert figure.line == 3 and figure.text


# The fast form must match exactly where the plain alternation does: same starts, same ends.
KEYWORDS = [r"\balert\w*", r"\bpaged?\b", "roll\\w* ?back", r"\bfix(?:ed|ing)?\b", r"\b5[- ]whys?\b", "`[^`]+`"]


@given(st.text(alphabet="alertpagedfixingrol bckw5-y`?.\n", max_size=120))
def test_any_of_matches_where_the_plain_alternation_does(text):
    fast, plain_form = any_of(*KEYWORDS), re.compile("|".join(KEYWORDS))
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain_form.finditer(text)]


@given(st.text(alphabet="checkwaittimeouts -_.'\n", max_size=120))
def test_any_word_matches_whole_words_only(text):
    words = ["check\\w*", "timeouts?", "wait"]
    expected = re.compile(r"\b(?:" + "|".join(words) + r")\b")
    assert [m.span() for m in any_word(*words).finditer(text)] == [m.span() for m in expected.finditer(text)]


def test_an_alternative_that_cannot_start_fast_is_refused():
    with pytest.raises(ValueError, match="literal"):
        any_of(r"(?:the|our) system")
