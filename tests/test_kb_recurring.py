"""Recurring failure classes and contributing factors, with the actions still open against them."""

from datetime import date

import pytest

from agent.errors import UsageError


def test_a_failure_class_seen_twice_in_the_window_is_a_pattern_with_its_open_actions(kb_archive):
    patterns = kb_archive.recurring(window_days=365, today=date(2024, 9, 1))
    classes = [p for p in patterns if p.kind == "failure_class"]
    assert [p.label.casefold() for p in classes] == ["config-change"]
    (pattern,) = classes
    assert [o.title for o in pattern.occurrences] == [
        "Edge proxy configuration push broke checkout",
        "Internal DNS change took down service discovery",
    ]
    assert [a.action for a in pattern.open_actions] == [
        "Roll proxy configuration out region by region with an automatic halt on errors"
        " (owner: Edge team, due: 2024-08-01)",
        "Apply DNS configuration to one canary region first and wait 30 minutes",
    ]
    assert pattern.open_actions[1].owner == "Network team"


def test_differently_worded_factors_with_one_meaning_group_together(kb_archive):
    patterns = kb_archive.recurring(window_days=365, today=date(2024, 9, 1))
    factors = [p for p in patterns if p.kind == "contributing_factor"]
    assert len(factors) == 1
    texts = [o.text for o in factors[0].occurrences]
    assert texts == [
        "The proxy configuration went to all regions at once with no staged rollout or canary.",
        "The DNS configuration change was rolled out to all regions at once, without a canary region.",
    ]
    assert factors[0].count == 2


def test_the_window_limits_what_counts(kb_archive):
    assert kb_archive.recurring(window_days=60, today=date(2024, 9, 1)) == []
    assert kb_archive.recurring(window_days=365, today=date(2024, 1, 1)) == []  # before the second config change
    everything = kb_archive.recurring(window_days=3650, today=date(2026, 12, 31))
    assert {p.kind for p in everything} == {"failure_class", "contributing_factor"}


def test_the_window_must_be_positive(kb_archive):
    with pytest.raises(UsageError, match="at least 1 day"):
        kb_archive.recurring(window_days=0, today=date(2024, 9, 1))
