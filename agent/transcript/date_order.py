"""Day/month order of numeric dates (`10/03/2026`), decided once per file from all of its dates.

A first number above 12 means day first, a second number above 12 means month first. When every date is
ambiguous, the date given with --date (the day of the first message) picks the order that reads the first
date closest to it; without one, the tool's own default order is assumed and a warning says so."""

import re
from collections.abc import Iterable
from datetime import date

from agent.transcript.days import numeric_date

_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})(?![\d])")


def day_first_order(
    dates: Iterable[str | None], *, anchor: date | None = None, day_first_default: bool = True
) -> tuple[bool, list[str]]:
    """(day_first, warnings) for the numeric dates among `dates` (other texts are ignored)."""
    ambiguous = None
    for text in dates:
        numbers = _NUMERIC.match(text) if text else None
        if not numbers:
            continue
        first, second = int(numbers.group(1)), int(numbers.group(2))
        if first > 12 >= second:
            return True, []
        if second > 12 >= first:
            return False, []
        if first != second:  # 05/05 reads the same either way
            ambiguous = ambiguous or text
    if ambiguous is None:
        return day_first_default, []
    if anchor is not None:
        return _closer_to(ambiguous, anchor), []
    order = "day first" if day_first_default else "month first"
    return day_first_default, [f"dates such as {ambiguous} could be day/month or month/day; read them {order} (--date decides)"]


def _closer_to(text: str, anchor: date) -> bool:
    """True when reading `text` day first puts it nearer `anchor` than reading it month first."""
    def distance(day_first: bool) -> int:
        numbers = _NUMERIC.match(text)
        hint = numeric_date(numbers.group(0), day_first=day_first) if numbers else None
        if hint is None:
            return 1 << 30
        try:
            return abs((date(hint.year or anchor.year, hint.month, hint.day) - anchor).days)
        except ValueError:
            return 1 << 30

    return distance(True) <= distance(False)
