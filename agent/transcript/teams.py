"""Microsoft Teams chat copied from the app (or saved by export tools), author line first, text below.

Shapes:
- `[10/03/2026 14:02] Alice Smith`, `[2:02 PM] Alice Smith`, `[Yesterday 2:02 PM] Alice Smith` (`[Ieri 22:31]`),
  `[Monday 9:15 AM] Alice Smith`
- `Alice Smith 2:02 PM`, `Alice Smith, 10/03/2026 14:02`, `Alice Smith Yesterday 2:02 PM`
- a time alone on its line under someone's message (`7:02 AM`): their next message, as Google Chat groups them
- date dividers as in Slack ("March 10, 2026", "Today"); `##` headings start a new pasted section.
- notices Teams writes into the chat, alone on their line and maybe after a bracketed stamp, are kind
  "system": "Dana Whitfield added Priya Raman to the meeting.", "Recording has started",
  "Meeting ended: 45m 12s", "X joined", "X left the chat", "X changed the meeting title to ...",
  "X is now presenting"
Numeric dates follow the file's own order: a first number above 12 means day first, a second number
above 12 means month first; when every date is ambiguous, day first is assumed and a warning says so.
"""

import re
from collections.abc import Callable
from datetime import date

from agent.transcript.assemble import SECTION, Section, Start
from agent.transcript.authors import looks_like_name, split_bot_marker
from agent.transcript.clock import CLOCK, Stamp, parse_clock, says_half_day
from agent.transcript.date_order import day_first_order
from agent.transcript.days import (
    RELATIVE_DAY_NAME,
    WEEKDAY_NAME,
    WEEKDAYS,
    DayHint,
    numeric_date,
    parse_day_line,
    word_day,
)

_DATE = r"(?P<date>\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?|\d{4}-\d{2}-\d{2}|" + RELATIVE_DAY_NAME + "|" + WEEKDAY_NAME + r")"
_BRACKET = re.compile(
    r"^\[(?:" + _DATE + r",?\s+)?(?P<clock>" + CLOCK + r")\]\s+(?P<author>[^\[\]<>:]{1,60}?)\s*$", re.IGNORECASE
)
# "Grafana, App, 10:46 AM" and "Wren Alvarez, 8:34 PM, Edited": Google Chat copies mark apps and edits this way.
_TRAILING = re.compile(
    r"^(?P<author>[^\[\]<>:\t,]{1,60}?)(?:,\s+(?P<badge>app|bot))?,?\s+(?:" + _DATE + r",?\s+)?(?P<clock>" + CLOCK
    + r")(?:,?\s+edited)?\s*$", re.IGNORECASE
)
# What Teams writes after a name: "(Guest)", "(External)", a team or company ("Ana Costa (Customer Care)").
_AFFILIATIONS = re.compile(r"(?:\s*\([^()\n]{1,40}\))+$")
_WHO = r"(?P<who>[^\W\d_][\w.'\u2019\-]*(?: [\w.'\u2019()\-]+){0,3}?)"
_PLACE = r"(?:the )?(?:meeting|chat|call|conversation|group|team)"
_NOTICE = re.compile(
    r"(?:\[(?:" + _DATE + r",?\s+)?(?P<clock>" + CLOCK + r")\]\s+)?(?P<notice>(?:"
    + _WHO + r" (?:(?:has )?(?:joined|left)(?: " + _PLACE + r")?"
    r"|added .{1,200} to " + _PLACE + r"|removed .{1,200} from " + _PLACE +
    r"|(?:changed|renamed|updated) the (?:meeting |chat |group )?(?:title|name|topic)(?: to .*)?"
    r"|renamed the (?:meeting|chat|group) to .*"
    r"|(?:is now|started|stopped) presenting"
    r"|(?:started|stopped|ended) (?:the )?(?:recording|transcription|meeting|call)(?: and transcription)?)"
    r"|(?:recording|transcription|recording and transcription) (?:has |have )?(?:started|stopped)"
    r"|(?:meeting|call) (?:started|ended)(?::?\s*(?:\d{1,3}\s?[hms]\s*){1,3}|\s+(?:at\s+)?" + CLOCK + r")?"
    r")\.?)\s*",
    re.IGNORECASE,
)
# Subjects that make "<someone> joined" an ordinary sentence rather than a notice.
_NOT_PARTICIPANTS = frozenset("i we you he she they it this that who someone everyone everybody nobody".split())
_HEADING = re.compile(r"^#{2,6}\s+\S")
_BARE_TIME = re.compile(r"^\s*(?P<clock>" + CLOCK + r")\s*$", re.IGNORECASE)


def prepare(
    lines: list[str], anchor: date | None = None
) -> tuple[Callable[[str], Start | DayHint | Section | None], list[str]]:
    """The scanner for this file (day/month order decided from all its dates, or from `anchor`) and any warning."""
    day_first, warnings = _day_order(lines, anchor)
    last_header: list[Start] = []  # the header above, whose author a bare time's follow-up keeps

    def scan(line: str) -> Start | DayHint | Section | None:
        notice = _notice(line, day_first)
        if notice:
            return notice
        header = _header(line, day_first)
        if header:
            last_header[:] = [header]
            return header
        if last_header and (follow_up := _follow_up(line, last_header[0])):
            return follow_up
        if line[:1] == "#" and _HEADING.match(line):
            return parse_day_line(line, relative=False) or SECTION
        return parse_day_line(line, relative=True)

    return scan, warnings


def _match(line: str) -> re.Match | None:
    if line[:1] == "[":
        return _BRACKET.match(line)
    return _TRAILING.match(line) if line.rstrip()[-1:] in "Mm.0123456789dD" else None  # "d": ", Edited"


def _header(line: str, day_first: bool) -> Start | None:
    match = _match(line)
    if not match:
        return None
    author, bot = split_bot_marker(match.group("author").strip())
    if not looks_like_name(author):
        author = _AFFILIATIONS.sub("", author)
    bot = bot or bool(match.groupdict().get("badge"))
    clock = parse_clock(match.group("clock"))
    if clock is None or not looks_like_name(author):
        return None
    hint = _day_hint(match.group("date"), day_first)
    if match.group("date") and hint is None:
        return None
    stamp = Stamp(clock=clock, day_hint=hint, twelve_hour=says_half_day(match.group("clock")))
    # "Tue 10/03/2026 13:14", as Outlook dates a mail: a weekday before the date writes no one's name
    writer = None if author.lower().rstrip(".,") in WEEKDAYS and match.group("date") else author
    return Start(author=writer, kind="bot" if bot else "chat", stamp=stamp)


def _follow_up(line: str, header: Start) -> Start | None:
    """A time alone on its line under someone's messages: their next message, grouped under their name as Google
    Chat and Teams copies show it ("7:02 AM")."""
    match = _BARE_TIME.match(line)
    written = match.group("clock") if match else None
    clock = parse_clock(written) if written else None
    if written is None or clock is None:
        return None
    day = header.stamp.day_hint if header.stamp else None
    return Start(author=header.author, kind=header.kind,
                 stamp=Stamp(clock=clock, day_hint=day, twelve_hour=says_half_day(written)))


def _day_hint(text: str | None, day_first: bool) -> DayHint | None:
    return (word_day(text) or numeric_date(text, day_first=day_first)) if text else None


def _notice(line: str, day_first: bool) -> Start | None:
    match = _NOTICE.fullmatch(line) if len(line) <= 300 else None
    if not match:
        return None
    who = match.group("who")
    if who is not None and (who.split()[0].lower() in _NOT_PARTICIPANTS or not looks_like_name(who)):
        return None
    clock = parse_clock(match.group("clock")) if match.group("clock") else None
    stamp = Stamp(clock=clock, day_hint=_day_hint(match.group("date"), day_first)) if clock else None
    return Start(kind="system", stamp=stamp, text=match.group("notice"))


def _day_order(lines: list[str], anchor: date | None) -> tuple[bool, list[str]]:
    matches = (_match(line) for line in lines if "/" in line or "." in line)
    return day_first_order((match.group("date") for match in matches if match), anchor=anchor)


def score(line: str) -> int:
    match = _match(line)
    if match and looks_like_name(split_bot_marker(match.group("author").strip())[0]):
        return 3 if line[:1] == "[" else 2
    return 1 if parse_day_line(line, relative=True) else 0
