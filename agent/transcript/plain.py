"""Plain time-first lines, and the generic scanner other line formats fall back on.

Shapes:
- `14:02 alice: text`, `[2:02 PM] alice: text`, `(14:02:11) alice: text` (XMPP clients' logs), `14:02:11 UTC - text`,
  `- 14:02 <alice> text`
- a time alone on its line, its text on the following lines (wiki timeline tables flatten that way;
  a first following line of `<nick> text` names the author, and so does a name alone on that line when it heads
  other entries too: a pager's timeline pane, a phone's exported thread)
- date lines between messages ("March 10, 2026", "## 2026-03-10") set the day; other `##` headings start
  a new pasted log section
"""

import re

from agent.transcript.assemble import SECTION, Scan, Section, Start
from agent.transcript.authors import lone_name, split_author
from agent.transcript.clock import CLOCK, CLOCK_DIGITS, Stamp, leaves_half_day_open, parse_clock, says_half_day
from agent.transcript.days import DayHint, parse_day_line
from agent.transcript.stamped import scan_stamped, take_zone
from agent.transcript.update_header import scan_update

# the clock bare, in brackets or, as XMPP clients (Pidgin, Adium) log it, in parentheses: "(23:41:55) jonas: text"
_PLAIN_SHAPE = (r"^(?:[-*\u2022\u00b7]\s+)?(?:\*\*|__)?[\[(]?(?P<clock>{clock})[\])]?(?:\*\*|__)?"
                r"(?P<rest>(?:[\s:|].*|[\-\u2013\u2014](?:\s.*)?|-ish\b.*)?)$")
_PLAIN = re.compile(_PLAIN_SHAPE.format(clock=CLOCK))
_PLAIN_DIGITS = re.compile(_PLAIN_SHAPE.format(clock=CLOCK_DIGITS))  # the clock without AM/PM
_HEADING = re.compile(r"^#{2,6}\s+\S")
_INITIALS_AFTER = re.compile(r"^:\s")
_TIME_FIRST = frozenset("0123456789[(-*\u2022\u00b7_")
_UPDATE_FIRST = frozenset("0123456789#*_[")


def scan_plain(line: str, *, initials: bool = False) -> Start | DayHint | Section | None:
    """`initials`: an "AM" or "PM" right after the time and before ":" is whoever wrote the line (see `prepare`)."""
    stripped = line.lstrip()
    first = stripped[:1]
    update = scan_update(stripped) if ":" in stripped and (first in _UPDATE_FIRST or first.isalpha()) else None
    if update is not None:
        return update
    if first in _TIME_FIRST:
        match = _PLAIN.match(stripped)
        if match:
            return _start(_as_initials(match) if initials else match)
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
    stamp = Stamp(clock=clock, zone=zone, twelve_hour=says_half_day(match.group("clock")),
                  half_day_open=leaves_half_day_open(match.group("clock")))
    if rest.startswith("-ish"):  # "23:00-ish": keep the hedge with the text
        return Start(stamp=stamp, text=rest)
    if not rest.strip(" \t:|-\u2013\u2014"):
        return Start(stamp=stamp, author_from_body=True)
    author, text = split_author(rest)
    return Start(author=author, stamp=stamp, text=text, name_over_body=author is None and lone_name(text))


def parting_line(line: str) -> DayHint | Section | None:
    """A heading or a date line between the entries of a document a reader of tables or cards reads: it parts the
    document (the follow-ups under the timeline) and dates the entries below it."""
    found = scan_plain(line) if line.strip() else None
    return found if isinstance(found, DayHint | Section) else None


def scan_generic(line: str) -> Start | DayHint | Section | None:
    """Full date-time lines first, then plain time-first lines, dates and headings."""
    return scan_stamped(line) or scan_plain(line)


def _scan_with_initials(line: str) -> Start | DayHint | Section | None:
    return scan_stamped(line) or scan_plain(line, initials=True)


def prepare(lines: list[str]) -> tuple[list[str], Scan, list[str]]:
    """The scanner for these lines. Notes signed with initials ("09:14 JP: alert fired", "10:12 PM: mobile on-call
    joined") can look like a 12-hour time: when most time-first lines carry no AM/PM and every one that does is
    followed by ":", those letters are initials, not half of the day (a 12-hour clock writes AM/PM on most lines)."""
    with_half_day = without = 0
    for line in lines:
        match = _PLAIN.match(line.lstrip()) if line.lstrip()[:1] in _TIME_FIRST else None
        if match is None:
            continue
        if not says_half_day(match.group("clock")):
            without += 1
        elif _INITIALS_AFTER.match(match.group("rest")) and match.group("clock")[-1:] in "Mm":
            with_half_day += 1
        else:
            return lines, scan_generic, []
    return lines, (_scan_with_initials if 0 < with_half_day < without else scan_generic), []


def _as_initials(match: re.Match) -> re.Match:
    """The match re-read with its "AM"/"PM" moved from the clock into the rest, when a ":" follows it."""
    clock = match.group("clock")
    if not says_half_day(clock) or not _INITIALS_AFTER.match(match.group("rest")):
        return match
    return _PLAIN_DIGITS.match(match.string) or match


def score(line: str) -> int:
    found = scan_plain(line)
    if isinstance(found, Start):
        return 2 if found.author or found.entries_below else 1
    return 0
