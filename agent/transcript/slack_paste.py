"""Slack channel history copied from the app and pasted as text.

Shapes:
- author lines: `Priya Raman  [2:09 PM]`, `Priya Raman  2:09 PM`, `Katharine [07:16 AM]`, `liggitt [14:02]`;
  relative stamps Slack shows for recent messages (`[3 hours ago]`) keep the author with no time
- bots: `Datadog APP  [2:09 PM]` or `DatadogAPP 2:09 PM` -> kind "bot"; other badges after two spaces are left out
  (Slack Connect's `Jonas Wirth  External  11:06 PM`)
- day dividers: `Tuesday, March 10th`, `March 10th, 2026`, `Today`, `Yesterday` (decorations such as
  `----- Today -----` are fine)
- every other line continues the message of the author line above it
- Markdown- or e-mail-quoted pastes (`>Katharine [8:27 AM]`, `> **Ana Silva** [4:06 PM](link) text`, `>> …`) are
  unquoted first; their author lines may carry the first line of text after a bracketed stamp; a bold name
  delimits itself, so its bare time may follow after any space (`> **elin.b**  22:31`, `> __Ana__ 4:06 PM`)
"""

import re
from collections.abc import Callable

from agent.models.message import MessageKind
from agent.transcript.assemble import SECTION, Section, Start
from agent.transcript.authors import looks_like_name, split_bot_marker
from agent.transcript.clock import CLOCK, Stamp, parse_clock, says_half_day
from agent.transcript.days import DayHint, parse_day_line, word_day
from agent.transcript.layout import layout_file

_BRACKET = re.compile(r"^(?P<head>[^\[\]]{1,80}?)\s*\[(?P<when>[^\[\]]{1,40})\]\s*$")
_SPACED = re.compile(r"^(?P<head>\S[^\t\[\]]{0,79}?)\s{2,}(?P<when>" + CLOCK + r")\s*$")
_WHEN = re.compile(r"^(?:(?P<word>today|yesterday)\s+at\s+)?(?P<clock>" + CLOCK + r")$", re.IGNORECASE)
_AGO = re.compile(r"^(?:\d+|an?)\s+(?:second|minute|hour|day)s?\s+ago$", re.IGNORECASE)
_BADGES = frozenset(layout_file().app_badges)  # "APP", "BOT", the Japanese UI's アプリ
# Slack sets a badge two spaces after the name: an app's, or Slack Connect's "External" for another company's people
_BADGE_GAP = re.compile(r"\s{2,}")
_MAX_BADGE = 20
_APP_NAME = re.compile(r"^[^\W\d_][\w .&'\u2019-]{0,39}$")
_HEADING = re.compile(r"^#{2,6}\s+\S")
_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+")
# A quoted author line: the name may be bold, the stamp a Markdown link, the text may follow on the same line.
_QUOTED = re.compile(
    r"^(?:\*\*|__)?(?P<head>[^\[\]*_][^\[\]*]{0,79}?)(?:\*\*|__)?\s*\[(?P<when>[^\[\]]{1,40})\](?:\([^)\s]*\))?(?:\s+(?P<text>\S.*?))?\s*$"
)
# A bold name, then a bare time: the bold marks end the name, so one space may part it from the time. Nothing
# follows the time: text there would make "**Decision** 14:05 roll back" an author line.
_BOLD_BARE = re.compile(
    r"^(?P<mark>\*\*|__)(?P<head>[^\[\]*_\s][^\[\]*]{0,79}?)(?P=mark)\s+(?P<when>" + CLOCK + r")\s*$"
)


def prepare(lines: list[str]) -> tuple[list[str], Callable[[str], Start | DayHint | Section | None], list[str]]:
    """(lines without quote markers when the author lines are quoted, the scanner for them, warnings)."""
    if any(line.lstrip()[:1] == ">" and _any_header(_QUOTE.sub("", line)) for line in lines[:400]):
        return [_QUOTE.sub("", line) for line in lines], scan_quoted, []
    return lines, scan, []


def scan_quoted(line: str) -> Start | DayHint | Section | None:
    return _any_header(line) or scan(line)


def _any_header(line: str) -> Start | None:
    return _header(line) or _quoted_header(line)


def scan(line: str) -> Start | DayHint | Section | None:
    last = line.rstrip()[-1:]
    if last in "]Mm.0123456789":
        header = _header(line)
        if header:
            return header
    if line[:1] == "#" and _HEADING.match(line):
        return parse_day_line(line, relative=False) or SECTION
    return parse_day_line(line, relative=True)


def _quoted_header(line: str) -> Start | None:
    match = _QUOTED.match(line) if "[" in line else _BOLD_BARE.match(line) if line[:1] in "*_" else None
    if match is None:
        return None
    header = _start(match)
    if header and match.groupdict().get("text"):
        header.text = match.group("text")
    return header


def _header(line: str) -> Start | None:
    match = _BRACKET.match(line) or _SPACED.match(line)
    return _start(match) if match else None


def _start(match: re.Match) -> Start | None:
    head, *badges = _BADGE_GAP.split(match.group("head").strip())
    if any(len(badge) > _MAX_BADGE for badge in badges):
        return None
    author, bot = split_bot_marker(head)
    bot = bot or any(badge in _BADGES for badge in badges)
    # an app's name need not look like a person's ("Brightcart Status  APP  2:26 PM"): the badge says what it is
    if author in _BADGES or not (looks_like_name(author) or (bot and _APP_NAME.match(author))):
        return None  # `APP  1:47 PM` under a bot's name line is the badge and time of that name, not an author
    kind: MessageKind = "bot" if bot else "chat"
    when = match.group("when").strip()
    if _AGO.match(when):
        return Start(author=author, kind=kind)
    parsed = _WHEN.match(when)
    clock = parse_clock(parsed.group("clock")) if parsed else None
    if parsed is None or clock is None:
        return None
    hint = word_day(parsed.group("word")) if parsed.group("word") else None
    return Start(author=author, kind=kind,
                 stamp=Stamp(clock=clock, day_hint=hint, twelve_hour=says_half_day(parsed.group("clock"))))


def score(line: str) -> int:
    quoted = line.lstrip()[:1] == ">"
    line = _QUOTE.sub("", line)
    header = _header(line) if line.rstrip()[-1:] in "]Mm.0123456789" else None
    if header is None and quoted:
        header = _quoted_header(line)
    if header:
        return 2 if _SPACED.match(line) and header.kind == "chat" else 3
    return 1 if parse_day_line(line, relative=True) else 0
