"""Hostile sizes: repeated messages and bracket floods must cost linear work, not quadratic.

No timings here (evals/bench/draft_speed.py and grade_speed.py measure them): the work is counted, or an input
that took minutes on quadratic code must finish well inside a generous bound.
"""

import builtins
from datetime import datetime, timedelta

import pytest

from agent.facts import events as events_module
from agent.facts import key_timeline
from agent.models import Message
from tests.cli_runner import postmortem


def _repeated_change(count: int) -> list[Message]:
    start = datetime(2026, 3, 10, 14, 0)
    return [
        Message(line=n + 1, end_line=n + 1, time=start + timedelta(seconds=n // 100), author="ana",
                text="deploying checkout-api v4.2.0 to prod", kind="chat")
        for n in range(count)
    ]


def test_folding_repeated_messages_sorts_each_line_a_bounded_number_of_times(monkeypatch):
    """20,000 identical deploy messages took 11.6 s: every fold re-sorted all the lines folded so far."""
    sorted_items = 0

    def counting_sorted(items, **options):
        nonlocal sorted_items
        result = builtins.sorted(items, **options)
        sorted_items += len(result)
        return result

    monkeypatch.setattr(events_module, "sorted", counting_sorted, raising=False)
    count = 3000
    timeline = key_timeline(_repeated_change(count), [])
    folded = [event for event in timeline.events if len(event.source_lines) > 1]
    assert folded, "the repeats should fold into one change event"
    assert sorted(folded[0].source_lines) == folded[0].source_lines
    assert sorted_items <= 10 * count  # quadratic folding sorts about count² / 2 = 4.5 million items


@pytest.mark.parametrize("flood", ["[" * 100_000, "[x](" * 50_000, "<a" * 50_000, "<http://" * 15_000],
                         ids=["brackets", "open-links", "open-tags", "open-autolinks"])
def test_grading_a_flood_of_markup_characters_finishes(flood):
    """`grade` of 100,000 '[' took 69 s and 50,000 "[x](" over a minute (regex backtracking); linear code needs seconds.
    A TimeoutExpired error fails the test."""
    result = postmortem("grade", "-", "--offline", stdin=flood.encode(), timeout=30)
    assert result.returncode in (0, 1), result.stderr.decode()
    assert b"internal error" not in result.stderr
