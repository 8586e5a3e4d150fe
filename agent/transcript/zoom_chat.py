"""Zoom's saved meeting chat (meeting_saved_chat.txt), whose times are the local wall clock of the machine that
saved the chat.

Shapes:
- `14:02:11 From Alice Smith to Everyone: text` (also `to Bob(Direct Message)` / `(privately)`)
- `14:02:11 From Alice Smith : text` (older clients)
- `14:02:11 From Alice Smith to Everyone:` with the text on the next, tab-indented lines (newer clients)
- `14:02:11<TAB>Alice Smith:<TAB>text`
"""

import re

from agent.transcript.assemble import Start
from agent.transcript.clock import Stamp, parse_clock

_CLOCK = r"^(?P<clock>\d{1,2}:\d{2}(?::\d{2})?)"
_ADDRESSED = re.compile(
    _CLOCK + r"\s+From\s+(?P<author>[^:]+?)\s+to\s+(?P<to>[^:]+?)(?:\s*\((?:Direct Message|privately)\))?\s*:(?:\s+(?P<text>.*))?$"
)
_SPEAKER = re.compile(_CLOCK + r"\s+From\s+(?P<author>[^:]+?)\s*:(?:\s+(?P<text>.*))?$")
_TABBED = re.compile(_CLOCK + r"\t(?P<author>[^\t:]{1,60}):\t(?P<text>.*)$")


def unindent(lines: list[str]) -> list[str]:
    """Newer clients indent message text by one tab under its `From ... to ...:` line."""
    return [line[1:] if line.startswith("\t") else line for line in lines]


def scan(line: str) -> Start | None:
    """A chat message start."""
    if not line[:1].isdigit():
        return None
    match = match_chat(line)
    if not match:
        return None
    clock = parse_clock(match.group("clock"))
    if clock is None:
        return None
    return Start(author=match.group("author").strip(), stamp=Stamp(clock=clock), text=match.group("text"))


def match_chat(line: str) -> re.Match | None:
    """A chat message line's match (its clock, author and text); None for any other line."""
    return _ADDRESSED.match(line) or _SPEAKER.match(line) or _TABBED.match(line)


def score(line: str) -> int:
    return 4 if scan(line) else 0
