"""Due dates said in chat ("by next Friday", "tomorrow EOD", "next week") resolved against an anchor date.

Choices (documented for users):
- "next <weekday>" is that weekday in the following calendar week (Monday-based): on Tue 10 Mar,
  "next Friday" is Fri 20 Mar; "this <weekday>" is the next such day on or after the anchor; a bare
  "<weekday>" ("by Friday") is the next such day after the anchor.
- "next week" is the Friday of next week; "this week" / "end of week" / "EOW" is this week's Friday
  (or the anchor itself when that Friday has passed).
- "next month" and "end of month" are the last day of that month; "end of quarter" the quarter's last day.
- A month and day without a year is the next such date on or after the anchor.
- "next sprint", "ASAP", "soon" have no date: None.
"""

import calendar
import re
from datetime import date, timedelta

from agent.facts.cue import Cue

WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2, "thursday": 3,
    "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple": 2, "couple of": 2, "few": 3}
FRIDAY = 4
_MAX_COUNT = 10_000
_DAY = "|".join(day for day in WEEKDAYS if day.endswith("day"))
_DAY_SHORT = "|".join(sorted((day for day in WEEKDAYS if not day.endswith("day")), key=len, reverse=True))
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_COUNT = r"\d{1,6}|" + "|".join(sorted(COUNTS, key=len, reverse=True))
_EOD = r"(?:eod|end\s+of\s+(?:the\s+)?day|cob|close\s+of\s+business|tonight|this\s+(?:afternoon|evening))"
# Abbreviated weekdays ("fri") count only after "by", "on" or a qualifier: "sat" is also a verb.
DUE_PATTERN = Cue(
    r"\b(?:(?:by|before|on|until|till|due|for|no\s+later\s+than)\s+)?(?:the\s+)?(?:"
    r"(?P<iso>\d{4}-\d{2}-\d{2})"
    rf"|(?P<month>{_MONTH})\.?\s+(?P<month_day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<month_year>\d{{4}}))?"
    rf"|(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<day_month>{_MONTH})\b(?:,?\s+(?P<day_year>\d{{4}}))?"
    r"|(?P<end_next_week>end\s+of\s+(?:the\s+)?next\s+week)"
    r"|(?P<this_week>end\s+of\s+(?:the\s+|this\s+)?week|eow|this\s+week)"
    r"|(?P<next_week>next\s+week)"
    r"|(?P<next_month>(?:end\s+of\s+)?next\s+month)"
    r"|(?P<this_month>end\s+of\s+(?:the\s+|this\s+)?month|eom)"
    r"|(?P<quarter>end\s+of\s+(?:the\s+|this\s+)?(?:quarter|q))"
    r"|(?P<after_tomorrow>(?:the\s+)?day\s+after\s+tomorrow)"
    rf"|(?P<eod>{_EOD})(?:\s+(?P<eod_tomorrow>tomorrow))?"
    r"|(?P<tomorrow>tomorrow)"
    r"|(?P<today>today)"
    rf"|(?:(?P<qualifier>this|next|coming)\s+)?(?P<weekday>{_DAY})\b"
    rf"|(?:(?P<short_qualifier>this|next|coming)\s+|(?<=by\s)|(?<=on\s))(?P<short_weekday>{_DAY_SHORT})\b\.?"
    rf"|(?:in|within)\s+(?:the\s+next\s+)?(?:a\s+(?=couple|few))?(?P<count>{_COUNT})\s+"
    r"(?P<business>business\s+|working\s+)?(?P<unit>days?|weeks?|months?)"
    r")(?:\s+(?:eod|end\s+of\s+(?:the\s+)?day|cob))?\b",
    (*WEEKDAYS, *MONTHS, "end", "eow", "this", "next", "eom", "day", "eod", "cob", "close", "tonight", "tomorrow", "today",
     "in", "within"),
    chars="0123456789",
)


def resolve_relative_date(phrase: str, anchor: date) -> date | None:
    """The date a due phrase means, counted from `anchor` (the day it was said); None when it names no date."""
    match = DUE_PATTERN.search(phrase)
    if match is None:
        return None
    try:
        return _resolve(match, anchor)
    except (ValueError, OverflowError):
        return None


def _resolve(match: re.Match[str], anchor: date) -> date | None:
    found = {name: value for name, value in match.groupdict().items() if value}
    if "iso" in found:
        return date.fromisoformat(found["iso"])
    if "month" in found or "day_month" in found:
        month = MONTHS[found.get("month") or found["day_month"]]
        day = int(found.get("month_day") or found["day"])
        year = found.get("month_year") or found.get("day_year")
        return date(int(year), month, day) if year else _next_on_or_after(anchor, month, day)
    if "end_next_week" in found or "next_week" in found:
        return _monday(anchor) + timedelta(days=7 + FRIDAY)
    if "this_week" in found:
        return max(anchor, _monday(anchor) + timedelta(days=FRIDAY))
    if "next_month" in found:
        return _month_end(*_add_months(anchor.year, anchor.month, 1))
    if "this_month" in found:
        return _month_end(anchor.year, anchor.month)
    if "quarter" in found:
        return _month_end(anchor.year, ((anchor.month - 1) // 3 + 1) * 3)
    if "after_tomorrow" in found:
        return anchor + timedelta(days=2)
    if "eod" in found:
        return anchor + timedelta(days=1 if "eod_tomorrow" in found else 0)
    if "tomorrow" in found:
        return anchor + timedelta(days=1)
    if "today" in found:
        return anchor
    if "weekday" in found or "short_weekday" in found:
        qualifier = found.get("qualifier") or found.get("short_qualifier") or ""
        return _weekday(anchor, WEEKDAYS[found.get("weekday") or found["short_weekday"]], qualifier)
    if "count" in found:
        return _after(anchor, found["count"], found["unit"], "business" in found)
    return None


def _weekday(anchor: date, weekday: int, qualifier: str) -> date:
    if qualifier == "next":
        return _monday(anchor) + timedelta(days=7 + weekday)
    ahead = (weekday - anchor.weekday()) % 7
    if ahead == 0 and qualifier not in ("this", "coming"):
        ahead = 7
    return anchor + timedelta(days=ahead)


def _after(anchor: date, count_text: str, unit: str, business: bool) -> date | None:
    count = int(count_text) if count_text.isdigit() else COUNTS.get(count_text)
    if count is None or count > _MAX_COUNT:
        return None
    if unit.startswith("month"):
        year, month = _add_months(anchor.year, anchor.month, count)
        return date(year, month, min(anchor.day, calendar.monthrange(year, month)[1]))
    if unit.startswith("week"):
        return anchor + timedelta(weeks=count)
    if not business:
        return anchor + timedelta(days=count)
    full_weeks, extra = divmod(count, 5)
    result = anchor + timedelta(weeks=full_weeks)
    while extra:
        result += timedelta(days=1)
        if result.weekday() < 5:
            extra -= 1
    return result


def _next_on_or_after(anchor: date, month: int, day: int) -> date:
    candidate = date(anchor.year, month, day) if _valid(anchor.year, month, day) else None
    if candidate is not None and candidate >= anchor:
        return candidate
    return date(anchor.year + 1, month, day)


def _valid(year: int, month: int, day: int) -> bool:
    return 1 <= day <= calendar.monthrange(year, month)[1]


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _add_months(year: int, month: int, count: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + count
    return index // 12, index % 12 + 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])
