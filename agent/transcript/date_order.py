"""Day/month order of numeric dates (`10/03/2026`), decided once per file from all of its dates.

A first number above 12 means day first, a second number above 12 means month first; when every date is
ambiguous, day first is assumed and a warning says so."""

import re
from collections.abc import Iterable

_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})(?![\d])")


def day_first_order(dates: Iterable[str | None]) -> tuple[bool, list[str]]:
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
        ambiguous = ambiguous or text
    if ambiguous:
        return True, [f"dates such as {ambiguous} could be day/month or month/day; read them day first"]
    return True, []
