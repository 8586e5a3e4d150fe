"""Microsoft Teams chat copied from the app (or saved by export tools), author line first, text below.

Shapes:
- `[10/03/2026 14:02] Alice Smith`, `[2:02 PM] Alice Smith`, `[Yesterday 2:02 PM] Alice Smith`,
  `[Monday 9:15 AM] Alice Smith`
- `Alice Smith 2:02 PM`, `Alice Smith, 10/03/2026 14:02`, `Alice Smith Yesterday 2:02 PM`
- date dividers as in Slack ("March 10, 2026", "Today"); `##` headings start a new pasted section.
Numeric dates follow the file's own order: a first number above 12 means day first, a second number
above 12 means month first; when every date is ambiguous, day first is assumed and a warning says so.
"""

import re
from collections.abc import Callable

from agent.transcript.assemble import SECTION, Section, Start
from agent.transcript.authors import looks_like_name, split_bot_marker
from agent.transcript.clock import CLOCK, Stamp, parse_clock
from agent.transcript.days import WEEKDAY_NAME, DayHint, numeric_date, parse_day_line, word_day

_DATE = r"(?P<date>\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?|\d{4}-\d{2}-\d{2}|today|yesterday|" + WEEKDAY_NAME + r")"
_BRACKET = re.compile(
    r"^\[(?:" + _DATE + r",?\s+)?(?P<clock>" + CLOCK + r")\]\s+(?P<author>[^\[\]<>:]{1,60}?)\s*$", re.IGNORECASE
)
_TRAILING = re.compile(
    r"^(?P<author>[^\[\]<>:\t,]{1,60}?),?\s+(?:" + _DATE + r",?\s+)?(?P<clock>" + CLOCK + r")\s*$", re.IGNORECASE
)
_NUMERIC = re.compile(r"(\d{1,2})[/.](\d{1,2})")
_HEADING = re.compile(r"^#{2,6}\s+\S")


def prepare(lines: list[str]) -> tuple[Callable[[str], Start | DayHint | Section | None], list[str]]:
    """The scanner for this file (day/month order decided from all its dates) and any warning."""
    day_first, warnings = _day_order(lines)

    def scan(line: str) -> Start | DayHint | Section | None:
        header = _header(line, day_first)
        if header:
            return header
        if line[:1] == "#" and _HEADING.match(line):
            return parse_day_line(line, relative=False) or SECTION
        return parse_day_line(line, relative=True)

    return scan, warnings


def _match(line: str) -> re.Match | None:
    if line[:1] == "[":
        return _BRACKET.match(line)
    return _TRAILING.match(line) if line.rstrip()[-1:] in "Mm.0123456789" else None


def _header(line: str, day_first: bool) -> Start | None:
    match = _match(line)
    if not match:
        return None
    author, bot = split_bot_marker(match.group("author").strip())
    clock = parse_clock(match.group("clock"))
    if clock is None or not looks_like_name(author):
        return None
    hint = None
    if match.group("date"):
        hint = word_day(match.group("date")) or numeric_date(match.group("date"), day_first=day_first)
        if hint is None:
            return None
    return Start(author=author, kind="bot" if bot else "chat", stamp=Stamp(clock=clock, day_hint=hint))


def _day_order(lines: list[str]) -> tuple[bool, list[str]]:
    ambiguous = None
    for line in lines:
        if "/" not in line and "." not in line:
            continue
        match = _match(line)
        date_text = match.group("date") if match else None
        numbers = _NUMERIC.match(date_text) if date_text else None
        if not numbers:
            continue
        first, second = int(numbers.group(1)), int(numbers.group(2))
        if first > 12 >= second:
            return True, []
        if second > 12 >= first:
            return False, []
        ambiguous = ambiguous or date_text
    if ambiguous:
        return True, [f"dates such as {ambiguous} could be day/month or month/day; read them day first"]
    return True, []


def score(line: str) -> int:
    match = _match(line)
    if match and looks_like_name(split_bot_marker(match.group("author").strip())[0]):
        return 3 if line[:1] == "[" else 2
    return 1 if parse_day_line(line, relative=True) else 0
