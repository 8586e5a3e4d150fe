"""Lines that start with a full date and time.

Shapes (a leading list bullet, `>`, `**` or the word "At" is allowed; brackets around the stamp too):
- ISO-8601 with an offset: `2026-03-10T14:02:11+01:00 alice: text`, `2026-03-10T13:02:11Z <alice> text`
- date, time, optional zone token: `2026-03-10 14:02[:SS] [UTC|Z|PST|+0100|Europe/Berlin] name: text`,
  also `2017/01/31 23:27 - text` (no author) and WeeChat's `2026-03-10 14:02:11<TAB>alice<TAB>text`
- month-name stamps as pager and syslog lines write them: `Mar 10 14:09:11 host: text`,
  `Mar 10, 2026 at 2:10 PM text`
"""

import re
from datetime import date, tzinfo
from functools import lru_cache

from agent.transcript.assemble import Start
from agent.transcript.authors import lone_name, split_author
from agent.transcript.clock import CLOCK, Stamp, parse_clock, says_half_day
from agent.transcript.days import AT_WORD, MONTH_NAME, MONTHS, WEEKDAY_NAME, DayHint
from agent.transcript.zones import zone_from_token

_LEAD = r"^(?:[-*\u2022\u00b7>]\s*)?(?:\*\*|__)?(?:at\s+)?\[?"
# "at" between a date and its time, in the languages of calendar_words.yaml ("1 december 2026 om 19:42", "в"), or a
# dash ("Nov 18, 2026 - 08:40 PST")
_AT = rf"(?:(?:{AT_WORD}|[-\u2013])\s+)?"
_FULL = re.compile(
    _LEAD + r"(?P<y>\d{4})[-/.](?P<mo>\d{1,2})[-/.](?P<d>\d{1,2})(?P<sep>T|,?\s+)(?P<clock>" + CLOCK + r")"
    r"(?P<offset>Z|[+-]\d{2}(?::?\d{2})?(?![\d:]))?(?P<rest>.*)$",
    re.IGNORECASE,
)
_MONTH = re.compile(
    _LEAD + rf"(?:{WEEKDAY_NAME}\.?,?\s+)?(?P<mon>{MONTH_NAME})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?"
    r"(?:\s+(?P<y>\d{4}))?,?\s+" + _AT + r"(?P<clock>" + CLOCK + r")(?P<rest>.*)$",
    re.IGNORECASE | re.ASCII,
)
# the day first, as most languages write it: "3 nov 2026 alle 07:48", "mar. 3 nov. 2026, 07:48" (a weekday
# abbreviation the calendar words leave out, such as Italian "mar", is any short word before the day)
_DAY_FIRST = re.compile(
    _LEAD + rf"(?:(?:{WEEKDAY_NAME}|[a-z]{{2,4}})\.?,?\s+)?(?P<d>\d{{1,2}})\.?\s+(?:de\s+)?(?P<mon>{MONTH_NAME})\.?,?"
    r"(?:\s+(?:de\s+)?(?P<y>\d{4}))?,?\s+" + _AT + r"(?P<clock>" + CLOCK + r")(?P<rest>.*)$",
    re.IGNORECASE | re.ASCII,
)
# Chinese, Japanese and Korean dates, the half of the day written before the clock: "2026年12月8日 2:03",
# "2026年12月8日(火) 午後2:03", "2026년 12월 5일 오후 9:03", "2026. 12. 5. 오후 9:03"
_CJK = re.compile(
    r"^(?P<y>\d{4})\s*[\u5e74\ub144.]\s*(?P<mo>\d{1,2})\s*[\u6708\uc6d4.]\s*(?P<d>\d{1,2})\s*[\u65e5\uc77c.]?"
    r"\s*(?:[(\uff08][^()\uff08\uff09\n]{1,3}[)\uff09]\s*)?(?P<clock>" + CLOCK + r")(?P<rest>.*)$"
)
_ZONE_TOKEN = re.compile(
    r"^\s*\(?((?:UTC|GMT)[+-]\d{1,2}(?::?\d{2})?|[A-Za-z][A-Za-z_/+\-]{0,30}|[+-]\d{2}:?\d{2})\)?(?=[\s\]:,|*]|$)",
    re.IGNORECASE)
_CLOSE = re.compile(r"^\]?(?:\*\*|__)?")
_SEPARATED = re.compile(r"^(?:$|[\s:,|]|[\-\u2013\u2014](?:\s|$))")
_APPROXIMATE = "-ish"
_BULLETS = frozenset("-*\u2022\u00b7>_[")


def take_zone(rest: str) -> tuple[tzinfo | None, str]:
    """A zone token right after a time ("UTC", "+0100", "Europe/Berlin"), and what follows it. An offset may be
    followed by its abbreviation, as Go prints times ("+0000 UTC", "-0700 MST"): the offset counts."""
    match = _ZONE_TOKEN.match(rest)
    zone = zone_from_token(match.group(1)) if match else None
    if match is None or zone is None:
        return None, rest
    rest = rest[match.end():]
    named = _ZONE_TOKEN.match(rest) if match.group(1)[0] in "+-" else None
    if named and zone_from_token(named.group(1)) is not None:
        rest = rest[named.end():]
    return zone, rest


def match_full(line: str) -> re.Match | None:
    """The date-time prefix match, for detection scoring and for `scan_stamped`."""
    stripped = line.lstrip()
    if stripped[:1].isdigit() and stripped[4:5] not in ("-", "/", "."):
        return None  # a line starting with digits but not with a year
    return _FULL.match(stripped)


def scan_stamped(line: str) -> Start | None:
    """A message start when the line begins with a full date and time (or a month-name stamp)."""
    stripped = line.lstrip()
    first = stripped[:1]
    match = match_full(line) or (_CJK.match(stripped) if first.isdigit() else None)
    if match:
        day = _day(int(match.group("y")), int(match.group("mo")), int(match.group("d")))
        return _start(match, day, None, match.groupdict().get("offset")) if day else None
    match = _MONTH.match(stripped) if first.isalpha() or first in _BULLETS else None
    if match is None and (first.isalnum() or first in _BULLETS):
        match = _DAY_FIRST.match(stripped)
    if match:
        day, hint = None, None
        month, number = MONTHS[match.group("mon").lower()], int(match.group("d"))
        if match.group("y"):
            day = _day(int(match.group("y")), month, number)
            if day is None:
                return None
        elif 1 <= number <= 31:
            hint = DayHint(month=month, day=number)
        else:
            return None
        return _start(match, day, hint, None)
    return None


@lru_cache(maxsize=1024)
def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _start(match: re.Match, day: date | None, hint: DayHint | None, offset: str | None) -> Start | None:
    clock = parse_clock(match.group("clock"))
    if clock is None:
        return None
    zone = zone_from_token(offset) if offset else None
    rest = match.group("rest")
    if zone is None:
        zone, rest = take_zone(rest)
    rest = _CLOSE.sub("", rest, count=1)
    if rest.startswith(_APPROXIMATE):  # "23:00-ish": keep the hedge with the text
        author, text = None, rest.strip()
    elif _SEPARATED.match(rest):
        author, text = split_author(rest)
    else:
        return None
    stamp = Stamp(clock=clock, day=day, day_hint=hint, zone=zone, twelve_hour=says_half_day(match.group("clock")))
    return Start(author=author, stamp=stamp, text=text,
                 name_over_body=author is None and lone_name(text))


def score_iso(line: str) -> int:
    match = match_full(line)
    return 3 if match and (match.group("sep") in "Tt" or match.group("offset")) and scan_stamped(line) else 0


def score_datetime(line: str) -> int:
    return 2 if scan_stamped(line) else 0
