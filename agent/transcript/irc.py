"""IRC logs (irssi, WeeChat, HexChat, ZNC and bouncer styles).

Shapes:
- `[14:02] <alice> text`, `[14:02:11] <@alice> text`, `14:02 <alice> text`, `<alice> text` (no time);
  nicks ending in "bot" are kind "bot"
- actions: `[14:03] * alice restarts the pool` (text becomes "alice restarts the pool")
- WeeChat's buffer as it copies or logs it, the nick right-aligned in a column before "|":
  `16:38:04     @alice | text`, `16:39:02      * | alice restarts the pool`, `16:40:12   <-- | bob has quit`
- notices, as irssi shows them: `03:02 -nagios:#ops- PROBLEM: ...`, `-nickserv(NickServ@services.)- text`
- joins, quits, topics, modes: `14:02 -!- bob [~bob@host] has joined #ops`, `*** Joins: bob`, `-->`, `<--`
  (kind "system")
- day markers: `--- Day changed Tue Mar 10 2026`, `--- Log opened Tue Mar 10 13:58:01 2026`
- WeeChat's log file: `2026-03-10 14:02:11<TAB>@alice<TAB>text`, the same prefix column tab-separated after a full
  date (`-->`, `<--` and `--` lines are system lines, ` *` an action)
- lines with a full date (`[2026-03-10 14:02:11] <alice> text`) are read by the generic scanner.
"""

import re
from datetime import date

from agent.models.message import MessageKind
from agent.transcript.assemble import Section, Start
from agent.transcript.clock import CLOCK, Stamp, parse_clock
from agent.transcript.days import DayHint, find_date
from agent.transcript.plain import scan_generic
from agent.transcript.zones import zone_from_token

_TIME = r"^\[?(?P<clock>" + CLOCK + r")\]?\s+"
_MESSAGE = re.compile(_TIME + r"<[\s@+%&~]?(?P<nick>[^<>\s]{1,40})>\s?(?P<text>.*)$")
_ACTION = re.compile(_TIME + r"\*\s+(?P<nick>[^\s*]{1,40})\s+(?P<text>.+)$")
# a notice's sender between dashes, with the channel it went to or the sender's host ("-!-" is a server line)
_NOTICE = re.compile(_TIME + r"-(?P<nick>[^\s:()!\-][^\s:()]{0,39}?)(?::[#&!+][^\s]*?|\([^()\s]*\))?-\s(?P<text>.*)$")
_SYSTEM = re.compile(_TIME + r"(?:-!-|\*\*\*|-->|<--|--|=!=)\s*(?P<text>.+)$")
# WeeChat's prefix column: a nick (with its mode), " *" before an action, or an arrow or dashes before a notice
_COLUMN = re.compile(_TIME + r"(?P<prefix>[@+%&~]?[^\s|]{1,40})[ \t]+\|(?:[ \t](?P<text>.*))?$")
_NOTICE_PREFIXES = frozenset(("-->", "<--", "--", "-!-", "=!=", "***"))
# WeeChat's log file. Some tools paste an event timeline in the same three tab-separated columns (date and time,
# source, text: agent/transcript/layouts.yaml `event-log`), so a file is an IRC log only when its prefix column
# shows IRC's own marks somewhere: a join or quit arrow, a "--" notice, a " *" action, a nick's mode sign.
_LOGFILE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2}) (?P<clock>" + CLOCK + r")\t(?P<prefix>[^\t]{1,41})\t(?P<text>.*)$")
_IRC_MARKS = re.compile(r"^\s?(?:-->|<--|--|-!-|\*|[@+%&~][^\s@+%&~])")
LOGFILE_SCORE = 4  # above the event timeline's 3 for the same line: the marks settled it
_UNTIMED = re.compile(r"^<[\s@+%&~]?(?P<nick>[^<>\s]{1,40})>\s(?P<text>.*)$")
_DAY = re.compile(r"^-{2,3}\s+(?:day changed|date changed|log opened|log closed)\b(?P<rest>.*)$", re.IGNORECASE)


def scan(line: str) -> Start | DayHint | Section | None:
    first = line[:1]
    if first == "-":
        day = _DAY.match(line)
        if day:
            return find_date(day.group("rest"))
    if first == "[" or first.isdigit():
        column = _column(line) or _LOGFILE.match(line)
        if column:
            return _column_start(column)
        for pattern, kind in ((_MESSAGE, "chat"), (_ACTION, "chat"), (_NOTICE, "chat"), (_SYSTEM, "system")):
            match = pattern.match(line)
            if match:
                return _start(match, kind, pattern is _ACTION)
    elif first == "<":
        match = _UNTIMED.match(line)
        if match:
            return Start(author=match.group("nick"), text=match.group("text"), kind=_kind(match.group("nick")))
    return scan_generic(line)


def _start(match: re.Match, kind: str, action: bool) -> Start | None:
    clock = parse_clock(match.group("clock"))
    if clock is None:
        return None
    stamp = Stamp(clock=clock)
    if kind == "system":
        return Start(stamp=stamp, text=match.group("text"), kind="system")
    nick = match.group("nick")
    text = f"{nick} {match.group('text')}" if action else match.group("text")
    return Start(author=nick, stamp=stamp, text=text, kind=_kind(nick))


def _column(line: str) -> re.Match | None:
    """A WeeChat line; "14:02 UTC | deploy started" (a zone, then a table's column) is not one."""
    match = _COLUMN.match(line)
    return match if match and zone_from_token(match.group("prefix")) is None else None


def _column_start(match: re.Match) -> Start | None:
    clock = parse_clock(match.group("clock"))
    if clock is None:
        return None
    stamp = Stamp(clock=clock, day=date.fromisoformat(match.group("date")) if "date" in match.groupdict() else None)
    prefix, text = match.group("prefix").strip(), match.group("text") or ""
    if prefix in _NOTICE_PREFIXES:
        return Start(stamp=stamp, text=text, kind="system")
    if prefix == "*":
        nick = text.split(maxsplit=1)[0] if text.strip() else None
        return Start(author=nick, stamp=stamp, text=text, kind=_kind(nick) if nick else "system")
    nick = prefix.lstrip("@+%&~")
    return Start(author=nick, stamp=stamp, text=text, kind=_kind(nick))


def _kind(nick: str) -> MessageKind:
    """IRC has no bot badge; by convention bot nicks end in "bot" (alertbot, pager_bot)."""
    return "bot" if nick.lower().endswith("bot") else "chat"


def line_scores(lines: list[str]) -> list[int]:
    """Each line's score; a WeeChat log file's lines score only in a file whose prefix column shows IRC's marks."""
    logfile = [_LOGFILE.match(line) for line in lines]
    marked = any(match and _IRC_MARKS.match(match.group("prefix")) for match in logfile)
    return [LOGFILE_SCORE if match and marked else score(line) if line.strip() else 0
            for line, match in zip(lines, logfile, strict=True)]


def score(line: str) -> int:
    first = line[:1]
    if first == "-" and _DAY.match(line):
        return 3
    if first == "[" or first.isdigit():
        if _column(line) or _MESSAGE.match(line) or _NOTICE.match(line) or _SYSTEM.match(line):
            return 3
        if _ACTION.match(line):
            return 2
    elif first == "<" and _UNTIMED.match(line):
        return 2
    return 0
