"""Plain time-first lines, and the generic scanner other line formats fall back on.

Shapes:
- `14:02 alice: text`, `[2:02 PM] alice: text`, `14:02:11 UTC - text`, `- 14:02 <alice> text`
- a time alone on its line, its text on the following lines (wiki timeline tables flatten that way;
  a first following line of `<nick> text` names the author)
- date lines between messages ("March 10, 2026", "## 2026-03-10") set the day; other `##` headings start
  a new pasted log section
"""

import re

from agent.transcript.assemble import SECTION, Section, Start
from agent.transcript.authors import lone_name, split_author
from agent.transcript.clock import CLOCK, Stamp, parse_clock, says_half_day
from agent.transcript.days import DayHint, parse_day_line
from agent.transcript.stamped import scan_stamped, take_zone

_PLAIN = re.compile(
    r"^(?:[-*\u2022]\s+)?(?:\*\*|__)?\[?(?P<clock>" + CLOCK + r")\]?(?:\*\*|__)?(?P<rest>(?:[\s:|].*|[\-\u2013\u2014](?:\s.*)?|-ish\b.*)?)$"
)
_HEADING = re.compile(r"^#{2,6}\s+\S")
_TIME_FIRST = frozenset("0123456789[-*\u2022_")


def scan_plain(line: str) -> Start | DayHint | Section | None:
    stripped = line.lstrip()
    first = stripped[:1]
    if first in _TIME_FIRST:
        match = _PLAIN.match(stripped)
        if match:
            return _start(match)
    if first == "#" and _HEADING.match(stripped):
        return parse_day_line(stripped, relative=False) or SECTION
    if len(stripped) <= 60:
        return parse_day_line(stripped, relative=False)
    return None


def _start(match: re.Match) -> Start | None:
    clock = parse_clock(match.group("clock"))
    if clock is None:
        return None
    zone, rest = take_zone(match.group("rest"))
    stamp = Stamp(clock=clock, zone=zone, twelve_hour=says_half_day(match.group("clock")))
    if rest.startswith("-ish"):  # "23:00-ish": keep the hedge with the text
        return Start(stamp=stamp, text=rest)
    if not rest.strip(" \t:|-\u2013\u2014"):
        return Start(stamp=stamp, author_from_body=True)
    author, text = split_author(rest)
    return Start(author=author, stamp=stamp, text=text, name_over_body=author is None and lone_name(text))


def scan_generic(line: str) -> Start | DayHint | Section | None:
    """Full date-time lines first, then plain time-first lines, dates and headings."""
    return scan_stamped(line) or scan_plain(line)


def score(line: str) -> int:
    found = scan_plain(line)
    if isinstance(found, Start):
        return 2 if found.author else 1
    return 0
