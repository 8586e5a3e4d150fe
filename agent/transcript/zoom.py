"""Zoom meetings: the saved chat, whose times are wall-clock readings, and recording transcripts, whose clocks
count from the start of the recording.

Chat shapes (meeting_saved_chat.txt), times being the local wall clock of the machine that saved the chat:
- `14:02:11 From Alice Smith to Everyone: text` (also `to Bob(Direct Message)` / `(privately)`)
- `14:02:11 From Alice Smith : text` (older clients)
- `14:02:11 From Alice Smith to Everyone:` with the text on the next, tab-indented lines (newer clients)
- `14:02:11<TAB>Alice Smith:<TAB>text`

Recording transcripts:
- WebVTT cues as cloud recordings write them: `00:00:05.120 --> 00:00:09.000`, then `Alice Smith: text`
  (a numbered cue line before it, as in SRT, is fine; so are `<v Alice Smith>text</v>` voice tags)
- `00:05:12 Alice Smith: text` lines whose clocks begin within NEAR_START of 00:00:00 and never go back
A message's time is the recording start plus its offset. The start is read from a line before the first
message ("Recording started: 2026-03-10 14:02 UTC"; a time alone takes its day from --date) or from the
name Zoom gives cloud recordings (`GMT20260310-140211_Recording.transcript.vtt`, in UTC), a WebVTT NOTE block
("NOTE Meeting started 2026-03-10 14:02 UTC"), or, failing those, a wall-clock time said early in the call ("ok,
it's 15:02 UTC, let's start": the start is that time minus the offset of the cue that says it). Without a start,
messages carry no time: offsets read as times of day would put the call just after midnight and make every
metric wrong.
"""

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import islice, pairwise
from pathlib import PurePath

from agent.transcript.assemble import Scan, Start
from agent.transcript.authors import looks_like_name
from agent.transcript.clock import CLOCK, Stamp, parse_clock
from agent.transcript.days import date_text
from agent.transcript.layout import expand_tokens
from agent.transcript.stamped import scan_stamped, take_zone
from agent.transcript.zones import UTC, zone_from_token

NEAR_START = timedelta(minutes=2)
SPOKEN_CUES = 40  # a time said later than this is about something else, not the call's start
SAMPLE_LINES = 400  # as many non-blank lines as format detection reads

_CLOCK = r"^(?P<clock>\d{1,2}:\d{2}(?::\d{2})?)"
_ADDRESSED = re.compile(
    _CLOCK + r"\s+From\s+(?P<author>[^:]+?)\s+to\s+(?P<to>[^:]+?)(?:\s*\((?:Direct Message|privately)\))?\s*:(?:\s+(?P<text>.*))?$"
)
_SPEAKER = re.compile(_CLOCK + r"\s+From\s+(?P<author>[^:]+?)\s*:(?:\s+(?P<text>.*))?$")
_TABBED = re.compile(_CLOCK + r"\t(?P<author>[^\t:]{1,60}):\t(?P<text>.*)$")

_OFFSET = r"(?:\d{1,3}:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?"
_CUE = re.compile(r"^(?P<clock>" + _OFFSET + r")\s*-->\s*(?P<end>" + _OFFSET + r")(?:\s.*)?$", re.ASCII)
# A cue line after `_cleaned_cues` moved the cue's speaker onto it.
_CUE_HEAD = re.compile(r"^(?P<clock>" + _OFFSET + r") --> " + _OFFSET + r"(?:\t(?P<author>[^\t]+))?$", re.ASCII)
_SPOKEN = re.compile(r"^\[?(?P<clock>\d{2}:\d{2}:\d{2}(?:[.,]\d{1,3})?)\]?[ \t]+(?P<rest>\S.*)$", re.ASCII)
_NAMED = re.compile(r"^(?P<author>[^:\t<>]{1,40}?):\s+(?P<text>.*)$", re.DOTALL)
_VOICE = re.compile(r"^<v(?:\.[\w.-]+)?\s+(?P<author>[^>]{1,60})>(?P<text>.*)$")
_VOICE_END = re.compile(r"\s*</v>\s*$")
_VTT_BLOCK = re.compile(r"^(?:WEBVTT|NOTE|STYLE|REGION)(?:\s|$)")
_START_NOTE = re.compile(
    r"\b(?:(?:recording|meeting|call)\s+(?:start(?:ed|s)?|began)|^NOTE\b.*?\b(?:start(?:ed|s)?|began|wall[- ]clock))\b"
    r"(?:\s+(?:at|on|time))?\s*[:=\-\u2013]?\s*"
    r"|^\s*start(?:ed|s)?(?:\s+(?:time|at|on))?\s*[:=]\s*",  # a "Start time: ..." line inside a NOTE block
    re.IGNORECASE,
)
_SAID_TIME = re.compile(
    r"\b(?:it'?s|it is|time is|the time is|we're at|now)\s+(?:about\s+|exactly\s+|just\s+)?(?P<clock>" + CLOCK + r")(?P<rest>.*)$",
    re.IGNORECASE,
)
_CLOCK_FIRST = re.compile(r"^(?P<clock>" + CLOCK + r")(?P<rest>.*)$")
_CLOUD_FILE = re.compile(r"GMT(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})", re.ASCII)
_ANY_DAY = date(2000, 1, 1)  # carries the arithmetic when only the start's time of day is known


def unindent(lines: list[str]) -> list[str]:
    """Newer clients indent message text by one tab under its `From ... to ...:` line."""
    return [line[1:] if line.startswith("\t") else line for line in lines]


def scan(line: str) -> Start | None:
    """A chat message start."""
    if not line[:1].isdigit():
        return None
    match = _chat(line)
    if not match:
        return None
    clock = parse_clock(match.group("clock"))
    if clock is None:
        return None
    return Start(author=match.group("author").strip(), stamp=Stamp(clock=clock), text=match.group("text"))


def _chat(line: str) -> re.Match | None:
    return _ADDRESSED.match(line) or _SPEAKER.match(line) or _TABBED.match(line)


def score(line: str) -> int:
    return 4 if scan(line) else 0


def prepare(lines: list[str], source_name: str) -> tuple[list[str], Scan, list[str]]:
    """(cleaned lines, scanner, warnings) for a chat or a recording transcript, whichever `lines` hold."""
    if not is_recording(lines):
        return unindent(lines), scan, []
    cued = any(_CUE.match(line) for line in lines)
    start = recording_start(lines, source_name) or spoken_start(lines)
    warnings = [] if start else [_unknown_start(source_name, cued)]
    return (_cleaned_cues(lines) if cued else lines), _recording_scanner(start, cued), warnings


def is_recording(lines: Iterable[str]) -> bool:
    """WebVTT/SRT cues, or `hh:mm:ss Name: text` lines that start near 00:00:00 and never go back (chat
    shapes, whose times are wall-clock readings, rule a file out)."""
    sample = islice((line for line in lines if line.strip()), SAMPLE_LINES)
    cues, readings = 0, []
    for number, line in enumerate(sample):
        if number == 0 and line.startswith("WEBVTT"):
            return True
        if not line[:1].isdigit() and line[:1] != "[":
            continue
        if _CUE.match(line):
            cues += 1
        elif _chat(line):
            return False
        else:
            spoken = _SPOKEN.match(line)
            offset = _offset(spoken.group("clock")) if spoken else None
            if spoken and offset is not None and _named(spoken.group("rest"))[0]:
                readings.append(offset)
    if cues >= 2:
        return True
    return len(readings) >= 2 and readings[0] <= NEAR_START and all(a <= b for a, b in pairwise(readings))


def recording_start(lines: list[str], source_name: str) -> Stamp | None:
    """When the recording began: a note before the first message, else Zoom's cloud-recording file name (UTC)."""
    for line in lines:
        if _CUE.match(line) or _SPOKEN.match(line):
            break
        note = _START_NOTE.search(line)
        stamp = _start_stamp(line[note.end():]) if note else None
        if stamp:
            return stamp
    found = _CLOUD_FILE.search(PurePath(source_name).name)
    if found:
        try:
            year, month, day, hour, minute, second = (int(part) for part in found.groups())
            moment = datetime(year, month, day, hour, minute, second)
        except ValueError:
            return None
        return Stamp(clock=moment.time(), day=moment.date(), zone=UTC)
    return None


def spoken_start(lines: list[str]) -> Stamp | None:
    """The recording start implied by the first time of day someone says in the first SPOKEN_CUES cues."""
    offset, cues = None, 0
    for line in lines:
        cue = _CUE.match(line) or _SPOKEN.match(line)
        if cue:
            offset, cues = _offset(cue.group("clock")), cues + 1
            if cues > SPOKEN_CUES:
                return None
            line = cue.groupdict().get("rest") or ""
        said = _SAID_TIME.search(line) if offset is not None else None
        clock = parse_clock(said.group("clock")) if said else None
        if said and clock is not None and offset is not None:
            try:
                moment = datetime.combine(_ANY_DAY, clock) - offset
            except OverflowError:
                return None
            return Stamp(clock=moment.time(), zone=take_zone(said.group("rest"))[0])
    return None


@lru_cache(maxsize=1)
def _day_first_stamp() -> re.Pattern:
    """`03 December 2026 16:30 (UTC+05:30)`, `16/10/2026 15:02 UTC`: dates that `scan_stamped` does not read."""
    return re.compile(expand_tokens(
        r"^(?P<date><<MDATE>>|<<NDATE>>),?\s+(?:at\s+)?(?P<clock><<CLOCK>>)\s*\(?(?P<zone><<ZONE>>)?"), re.IGNORECASE)


def _start_stamp(text: str) -> Stamp | None:
    dated = scan_stamped(text)
    if dated and dated.stamp:
        return Stamp(clock=dated.stamp.clock, day=dated.stamp.day, zone=dated.stamp.zone)
    written = _day_first_stamp().match(text.strip())
    hint = date_text(written.group("date"), day_first=True) if written else None
    clock = parse_clock(written.group("clock")) if written else None
    if written and hint is not None and hint.year and clock is not None:
        day, _ = hint.resolve(_ANY_DAY)
        zone = zone_from_token(written.group("zone")) if written.group("zone") else None
        if day is not None:
            return Stamp(clock=clock, day=day, zone=zone)
    timed = _CLOCK_FIRST.match(text.strip())
    clock = parse_clock(timed.group("clock")) if timed else None
    if timed is None or clock is None:
        return None
    return Stamp(clock=clock, zone=take_zone(timed.group("rest"))[0])


def _unknown_start(source_name: str, cued: bool) -> str:
    hint = "" if cued else "; if they are times of day, pass --format plain"
    return (
        f"{source_name}: the times are offsets into a recording and its start is not stated, so messages have no "
        "time; put a line such as 'Recording started: 2026-03-10 14:02 UTC' first, or keep the file name Zoom "
        f"gives cloud recordings (GMT20260310-140211_Recording...){hint}"
    )


def _offset(text: str) -> timedelta | None:
    """`00:05:12.120`, `5:12,120` or `0:0:5.12` -> time since the recording began; None when impossible."""
    *rest, seconds = text.replace(",", ".").split(":")
    hours, minutes = (int(rest[0]), int(rest[1])) if len(rest) == 2 else (0, int(rest[0]))
    whole, _, fraction = seconds.partition(".")
    if minutes > 59 or int(whole) > 59:
        return None
    return timedelta(hours=hours, minutes=minutes, seconds=int(whole), milliseconds=int(fraction.ljust(3, "0")))


def _at(start: Stamp | None, offset: timedelta) -> Stamp | None:
    if start is None:
        return None
    try:
        moment = datetime.combine(start.day or _ANY_DAY, start.clock) + offset
    except OverflowError:  # a start near the calendar's end
        return None
    return Stamp(clock=moment.time(), day=moment.date() if start.day else None, zone=start.zone)


def _recording_scanner(start: Stamp | None, cued: bool) -> Scan:
    def scan_recording(line: str) -> Start | None:
        if not line[:1].isdigit() and line[:1] != "[":
            return None
        match = (_CUE_HEAD if cued else _SPOKEN).match(line)
        offset = _offset(match.group("clock")) if match else None
        if match is None or offset is None:
            return None
        if cued:
            return Start(author=match.group("author"), stamp=_at(start, offset))
        author, text = _named(match.group("rest"))
        return Start(author=author, stamp=_at(start, offset), text=text)

    return scan_recording


def _cleaned_cues(lines: list[str]) -> list[str]:
    """Line for line: VTT headers, notes and cue numbers blanked, each cue's speaker moved onto its timing line.
    Timing lines stay message starts and keep the line numbers; the spoken words become the message text."""
    cleaned = list(lines)
    block_start = True
    skipping = False
    for index, line in enumerate(lines):
        if not line.strip():
            block_start, skipping = True, False
            continue
        if block_start and _VTT_BLOCK.match(line):
            skipping = True
        block_start = False
        if skipping:
            cleaned[index] = ""
            continue
        cue = _CUE.match(line)
        if not cue:
            cleaned[index] = _VOICE_END.sub("", cleaned[index])
            continue
        if index and lines[index - 1].strip() and (index == 1 or not lines[index - 2].strip()):
            cleaned[index - 1] = ""  # the cue's number or name
        head = f"{cue.group('clock')} --> {cue.group('end')}"
        following = index + 1
        if following < len(lines) and lines[following].strip() and not _CUE.match(lines[following]):
            author, text = _speaker(lines[following])
            cleaned[following] = text
            head = f"{head}\t{author}" if author else head
        cleaned[index] = head
    return cleaned


def _speaker(line: str) -> tuple[str | None, str]:
    voice = _VOICE.match(line.strip())
    if voice:
        author = voice.group("author").strip()
        return (author if looks_like_name(author) else None), _VOICE_END.sub("", voice.group("text"))
    author, text = _named(line.strip())
    return author, _VOICE_END.sub("", text)


def _named(text: str) -> tuple[str | None, str]:
    """`Alice Smith: text` -> ("Alice Smith", "text"); (None, text) without a speaker. IRC's `<nick>` and
    tabbed shapes are left alone: near midnight they are wall-clock logs, not recordings."""
    named = _NAMED.match(text)
    if named and looks_like_name(named.group("author").strip()):
        return named.group("author").strip(), named.group("text")
    return None, text
