"""Update headers of live notes and status documents: a line that opens a section with a time, maybe a zone and an
author ("Status update 11:20 PT (Dana Whitfield)", "Update 14:05 UTC — Ana Lima", "## 09:30 (Ana)", "09:30 (Ana)").
The bullets and paragraphs under it are entries at that time (`assemble._entries`); a Markdown heading that carries
text of its own ("## 14:05 Rollback started") is an entry itself."""

import re

from agent.transcript.assemble import Start
from agent.transcript.authors import lone_name, looks_like_name, split_author
from agent.transcript.clock import CLOCK, Stamp, leaves_half_day_open, parse_clock, says_half_day
from agent.transcript.stamped import take_zone

# The words a live document opens an update with; "#3" may number it and "at" or a dash lead to the time.
_WORD = r"(?:(?:status|incident|progress|situation)\s+)?update|status|checkpoint|as\s+of"
_UPDATE = re.compile(
    rf"^(?P<heading>#{{1,6}}\s+)?[*_]{{0,3}}(?:(?P<word>{_WORD})(?:\s*#\d{{1,3}})?\s*(?:[:\-\u2013\u2014@|]\s*|at\s+)?)?"
    rf"[*_]{{0,2}}\[?(?P<clock>{CLOCK})\]?(?P<rest>(?:[\s:|,(\-\u2013\u2014*_].*)?)$",
    re.IGNORECASE,
)
_CLOSING = re.compile(r"^\s*[*_]+|[*_]+\s*$")  # bold or italic marks around the stamp
_IN_PARENS = re.compile(r"^\s*[\-\u2013\u2014]?\s*\((?P<name>[^()]{1,40})\)\s*$")
_BY = re.compile(r"^\s*(?:[\-\u2013\u2014|,]\s*)?by\s+(?P<name>\S.{0,39}?)\s*$", re.IGNORECASE)


def scan_update(line: str) -> Start | None:
    """The message start an update header makes, or None when the line is no update header: it needs the word
    "update" (or "status", "checkpoint", "as of") or a Markdown heading before the time, or a name in parentheses
    after it."""
    match = _UPDATE.match(line)
    if match is None:
        return None
    clock = parse_clock(match.group("clock"))
    if clock is None:
        return None
    zone, rest = take_zone(match.group("rest"))
    rest = _CLOSING.sub("", rest).strip()
    named = _IN_PARENS.match(rest) or _BY.match(rest)
    if not (match.group("word") or match.group("heading") or named):
        return None  # a plain time-first line: plain.py reads it
    stamp = Stamp(clock=clock, zone=zone, twelve_hour=says_half_day(match.group("clock")),
                  half_day_open=leaves_half_day_open(match.group("clock")))
    if named and looks_like_name(named.group("name").strip()):
        return Start(author=named.group("name").strip(), stamp=stamp, entries_below=True)
    if not rest.strip(" \t:|-\u2013\u2014,"):
        return Start(stamp=stamp, entries_below=True)
    author, text = split_author(rest)
    lone = author is None and lone_name(text)  # "Update 14:05 UTC — Ana Lima": her name when text follows below
    if not (lone or match.group("heading")):
        # "Update 18:14 UTC: service back online" is a note, often added atop a document whose timeline starts
        # the day before: its day is unknown, and read as an entry it would be a recovery before anything began
        return None
    return Start(author=author, stamp=stamp, text=text, name_over_body=lone, entries_below=lone)
