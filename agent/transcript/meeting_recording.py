"""Meeting recording transcripts (Zoom, Teams, Otter, Google Meet), whose clocks count from the start of the
recording; the "zoom" format reads them, and Zoom's saved chat (`zoom_chat`) when the lines are not a recording.

Shapes (`Shape`):
- cued: WebVTT, SRT or SubViewer (.sbv: YouTube's captions, Google Meet's saved chat) cues, `00:00:05.120 -->
  00:00:09.000` or `0:00:05.120,0:00:09.000`, then the words; the speaker as `Alice Smith: text`, `[Alice Smith]
  text`, a `<v Alice Smith>` voice tag, or a name on its own line above the words (Teams' old .docx export writes
  `0:0:2.100 --> 0:0:7.320`). A cue's number or identifier line starts its message.
- spoken: `00:05:12 Alice Smith: text` lines
- headed: the speaker and the offset on one line over the words, as Otter.ai (`Alice Smith  0:06`), Teams'
  transcript download (`Alice Smith   1:02:03`) and others (`Alice Smith (00:01:02):`, `Alice Smith - 0:06`) write them
- marked: Google Meet's transcript, an offset alone on a line (`00:05:30`) now and then over `Alice Smith: text`
  lines; the first line under a mark takes its offset, the others have no time of their own
Their clocks begin within NEAR_START of 00:00:00 and never go back.
A message's time is the recording start plus its offset. The start is read from a line before the first
message ("Recording started: 2026-03-10 14:02 UTC"; a time alone takes its day from --date), else from a date
with its year and a time written there (the header of Otter's "Thu, Nov 26, 2026 4:02PM • 31:48", Teams' "May
14, 2026, 9:31AM", Meet's "Bridge (2026-08-17 02:10 GMT-4) - Transcript"), from the name Zoom gives cloud
recordings (`GMT20260310-140211_Recording.transcript.vtt`, in UTC), or, failing those, from a wall-clock time
said early in the call ("ok, it's 15:02 UTC, let's start", or in words, "it's twenty past eleven in the
morning", as `spoken_clock` reads them: the start is that time minus the offset of the cue that says it).
Without a start, messages carry no time: offsets read as times of day would put the call just after midnight
and make every metric wrong.
"""

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from enum import Enum
from functools import lru_cache
from itertools import islice, pairwise
from pathlib import PurePath

from agent.transcript import zoom_chat
from agent.transcript.assemble import Scan, Start
from agent.transcript.authors import lone_name, looks_like_name
from agent.transcript.clock import CLOCK, Stamp, parse_clock
from agent.transcript.days import date_text
from agent.transcript.layout import expand_tokens
from agent.transcript.spoken_clock import spoken_clock
from agent.transcript.stamped import scan_stamped, take_zone
from agent.transcript.zones import UTC, zone_from_token

NEAR_START = timedelta(minutes=2)
SPOKEN_CUES = 40  # a time said later than this is about something else, not the call's start
SAMPLE_LINES = 400  # as many non-blank lines as format detection reads

_OFFSET = r"(?:\d{1,3}:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?"
# a cue's timing: WebVTT's and SRT's arrow, or SubViewer's comma (YouTube's .sbv, Google Meet's saved chat), which
# stands alone on its line
_CUE = re.compile(r"^(?P<clock>" + _OFFSET + r")(?:\s*-->\s*(?P<end>" + _OFFSET + r")(?:\s.*)?|,(?P<sbv_end>"
                  + _OFFSET + r")\s*)$", re.ASCII)
# A cue line after `_cleaned_cues` moved the cue's speaker onto it.
_CUE_HEAD = re.compile(r"^(?P<clock>" + _OFFSET + r") --> " + _OFFSET + r"(?:\t(?P<author>[^\t]+))?$", re.ASCII)
_SPOKEN = re.compile(r"^\[?(?P<clock>\d{2}:\d{2}:\d{2}(?:[.,]\d{1,3})?)\]?[ \t]+(?P<rest>\S.*)$", re.ASCII)
_NAMED = re.compile(r"^(?P<author>[^:\t<>]{1,40}?):\s+(?P<text>.*)$", re.DOTALL)
_BRACKETED = re.compile(r"^\[(?P<author>[^\[\]:]{1,40})\]\s*(?P<text>.*)$", re.DOTALL)
# What captions put in brackets that is a sound, not a speaker ("[inaudible] so the", "[Music]")
SOUND_TAGS = frozenset({"inaudible", "unintelligible", "indiscernible", "crosstalk", "music", "laughter", "laughs",
                        "laughing", "applause", "silence", "pause", "noise", "background noise", "coughs", "coughing",
                        "typing", "no audio", "blank audio", "static"})
_HEADED = re.compile(r"^(?P<author>[^\W\d_][^:\t<>\[\]()]{0,39}?)[ \t]+(?:[-\u2013\u2014|\u00b7\u2022][ \t]+)?"
                     r"(?P<open>[(\[])?(?P<clock>" + _OFFSET + r")(?(open)[)\]]):?$")
_MARK = re.compile(r"^(?P<clock>\d{1,2}:\d{2}:\d{2})$", re.ASCII)
# "00:03" or "07:45" beside a name is a chat's 24-hour clock (a Slack copy just after midnight): recordings write a
# minute count without a leading zero ("0:03", "12:05") or hours, minutes and seconds ("00:01:02").
_CLOCK_LIKE = re.compile(r"^0\d:\d{2}$", re.ASCII)
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
_SAID_WORDS = re.compile(r"\b(?:it['\u2019]?s|it is|time is|we['\u2019]re at)\b", re.IGNORECASE)
_CLOCK_FIRST = re.compile(r"^(?P<clock>" + CLOCK + r")(?P<rest>.*)$")
_CLOUD_FILE = re.compile(r"GMT(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})", re.ASCII)
_WORD_START = re.compile(r"(?<!\w)\w")
_BRACKETS_AS_SPACES = str.maketrans("()[]", "    ")
_ANY_DAY = date(2000, 1, 1)  # carries the arithmetic when only the start's time of day is known


class Shape(Enum):
    """How a recording transcript writes its offsets (see the module's docstring)."""

    CUED = "cued"
    SPOKEN = "spoken"
    HEADED = "headed"
    MARKED = "marked"


def prepare(lines: list[str], source_name: str) -> tuple[list[str], Scan, list[str]]:
    """(cleaned lines, scanner, warnings) for a chat or a recording transcript, whichever `lines` hold."""
    shape = recording_shape(lines)
    if shape is None:
        return zoom_chat.unindent(lines), zoom_chat.scan, []
    start = recording_start(lines, source_name) or spoken_start(lines)
    warnings = [] if start else [_unknown_start(source_name, shape)]
    cleaned = _cleaned_cues(lines) if shape is Shape.CUED else _marks_moved(lines) if shape is Shape.MARKED else lines
    return cleaned, _recording_scanner(start, shape), warnings


def is_recording(lines: Iterable[str]) -> bool:
    """Whether `lines` are a recording transcript, whose clocks count from its start (see `recording_shape`)."""
    return recording_shape(lines) is not None


def recording_shape(lines: Iterable[str]) -> Shape | None:
    """WebVTT/SRT cues, or offsets in one of the other shapes that start near 00:00:00 and never go back (chat
    shapes, whose times are wall-clock readings, rule a file out); None for anything else."""
    sample = islice((line for line in lines if line.strip()), SAMPLE_LINES)
    cues = 0
    readings: dict[Shape, list[timedelta]] = {shape: [] for shape in (Shape.SPOKEN, Shape.HEADED, Shape.MARKED)}
    for number, line in enumerate(sample):
        if number == 0 and line.startswith("WEBVTT"):
            return Shape.CUED
        if _CUE.match(line):
            cues += 1
        elif line[:1].isdigit() and zoom_chat.match_chat(line):
            return None
        else:
            reading = _reading(line)
            if reading is not None and reading[1] is not None:
                readings[reading[0]].append(reading[1])
    if cues >= 2:
        return Shape.CUED
    return next((shape for shape, offsets in readings.items() if len(offsets) >= 2 and offsets[0] <= NEAR_START
                 and all(a <= b for a, b in pairwise(offsets))), None)


def _reading(line: str) -> tuple[Shape, timedelta | None] | None:
    """The shape and offset of a line that starts a message (or, for MARKED, a run of messages) outside cues."""
    if line[:1].isdigit() or line[:1] == "[":
        mark = _MARK.match(line)
        if mark:
            return Shape.MARKED, _offset(mark.group("clock"))
        spoken = _SPOKEN.match(line)
        if spoken and _named(spoken.group("rest"))[0]:
            return Shape.SPOKEN, _offset(spoken.group("clock"))
        return None
    headed = _headed(line)
    return (Shape.HEADED, headed[1]) if headed else None


def _headed(line: str) -> tuple[str, timedelta | None] | None:
    """(speaker, offset) of an Otter/Teams-download header, `Alice Smith  0:06`; None for anything else."""
    headed = _HEADED.match(line.strip())
    author = headed.group("author").strip() if headed else ""
    if headed is None or not looks_like_name(author) or _CLOCK_LIKE.match(headed.group("clock")):
        return None
    return author, _offset(headed.group("clock"))


def recording_start(lines: list[str], source_name: str) -> Stamp | None:
    """When the recording began: a note before the first message that says so, else a date-time in the export's
    header (outside NOTE blocks, which may note other moments), else Zoom's cloud-recording file name (UTC)."""
    header: Stamp | None = None
    in_note = False
    for line in lines:
        if _CUE.match(line) or _reading(line):
            break
        in_note = bool(line.strip()) and (in_note or line.startswith("NOTE"))
        # inside a NOTE block, the lines under its NOTE line may say when the call started
        text = f"NOTE {line}" if in_note and not line.startswith("NOTE") else line
        note = _START_NOTE.search(text)
        stamp = _start_stamp(text[note.end():]) if note else None
        if stamp:
            return stamp
        header = header or (None if in_note else _dated_header(line))
    if header:
        return header
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
        cue = _CUE.match(line) or _SPOKEN.match(line) or _HEADED.match(line.strip()) or _MARK.match(line)
        if cue:
            offset, cues = _offset(cue.group("clock")), cues + 1
            if cues > SPOKEN_CUES:
                return None
            line = cue.groupdict().get("rest") or ""
        said = _said_clock(line) if offset is not None else None
        if said and offset is not None:
            clock, rest = said
            try:
                moment = datetime.combine(_ANY_DAY, clock) - offset
            except OverflowError:
                return None
            return Stamp(clock=moment.time(), zone=take_zone(rest)[0])
    return None


def _said_clock(line: str) -> tuple[time, str] | None:
    """(the time of day, the words after it) of "it's 15:02 UTC" or "it's twenty-three thirty-six UTC"."""
    said = _SAID_TIME.search(line)
    clock = parse_clock(said.group("clock")) if said else None
    if said and clock is not None:
        return clock, said.group("rest")
    for trigger in _SAID_WORDS.finditer(line):
        spoken = spoken_clock(line[trigger.end():])
        if spoken:
            return spoken.clock, line[trigger.end() + spoken.end:]
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


def _dated_header(line: str) -> Stamp | None:
    """A date with its year and a time of day anywhere on a header line: the export's own record of the start
    (brackets read as spaces: Meet writes "Bridge (2026-08-17 02:10 GMT-4) - Transcript")."""
    line = line.translate(_BRACKETS_AS_SPACES)
    for word in _WORD_START.finditer(line):
        stamp = _start_stamp(line[word.start():])
        if stamp and stamp.day:
            return stamp
    return None


def _unknown_start(source_name: str, shape: Shape) -> str:
    hint = "" if shape is Shape.CUED else "; if they are times of day, pass --format plain"
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


def _recording_scanner(start: Stamp | None, shape: Shape) -> Scan:
    def scan_recording(line: str) -> Start | None:
        if shape is Shape.HEADED:
            headed = _headed(line)
            if headed is None or headed[1] is None:
                return None
            return Start(author=headed[0], stamp=_at(start, headed[1]))
        if not line[:1].isdigit() and line[:1] != "[":
            # under a Meet mark, each `Name: text` line is a message whose moment the transcript does not give
            author, text = _named(line) if shape is Shape.MARKED else (None, line)
            return Start(author=author, text=text) if author else None
        match = (_CUE_HEAD if shape is Shape.CUED else _SPOKEN).match(line)
        offset = _offset(match.group("clock")) if match else None
        if match is None or offset is None:
            return None
        if shape is Shape.CUED:
            return Start(author=match.group("author"), stamp=_at(start, offset))
        author, text = _named(match.group("rest"))
        return Start(author=author, stamp=_at(start, offset), text=text)

    return scan_recording


def _marks_moved(lines: list[str]) -> list[str]:
    """Line for line: each Meet mark (`00:05:30` alone) moved onto the next line, as `00:05:30 Name: text`."""
    cleaned = list(lines)
    mark: str | None = None
    for index, line in enumerate(lines):
        found = _MARK.match(line.strip())
        if found:
            mark, cleaned[index] = found.group("clock"), ""
        elif mark and line.strip():
            cleaned[index], mark = f"{mark} {line.strip()}", None
    return cleaned


def _cleaned_cues(lines: list[str]) -> list[str]:
    """Line for line: VTT headers and notes blanked, each cue's timing and speaker moved onto its first line (its
    number or identifier, else the timing line itself), which starts the message; the spoken words become its text."""
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
        head_index = index
        if index and lines[index - 1].strip() and (index == 1 or not lines[index - 2].strip()):
            head_index = index - 1  # the cue's number or identifier: where the cue begins
            cleaned[index] = ""
        head = f"{cue.group('clock')} --> {cue.group('end') or cue.group('sbv_end')}"
        following = index + 1
        if following < len(lines) and lines[following].strip() and not _CUE.match(lines[following]):
            words = lines[following + 1] if following + 1 < len(lines) else ""
            author, text = _speaker(lines[following], words_below=bool(words.strip()) and not _CUE.match(words))
            cleaned[following] = text
            head = f"{head}\t{author}" if author else head
        cleaned[head_index] = head
    return cleaned


def _speaker(line: str, words_below: bool) -> tuple[str | None, str]:
    """(speaker, words) of a cue's first line; a name alone over more lines is the speaker (Teams' .docx)."""
    voice = _VOICE.match(line.strip())
    if voice:
        author = voice.group("author").strip()
        return (author if looks_like_name(author) else None), _VOICE_END.sub("", voice.group("text"))
    bracketed = _BRACKETED.match(line.strip())
    if bracketed and looks_like_name(bracketed.group("author")) and bracketed.group("author").lower() not in SOUND_TAGS:
        return bracketed.group("author"), bracketed.group("text")
    if words_below and _name_alone(line.strip()):
        return line.strip(), ""
    author, text = _named(line.strip())
    return author, _VOICE_END.sub("", text)


def _name_alone(text: str) -> bool:
    """`Mia Thompson`: every word capitalised, none a word chat writes in lower case; not `Okay then`."""
    return lone_name(text) and all(word[:1].isupper() for word in text.split())


def _named(text: str) -> tuple[str | None, str]:
    """`Alice Smith: text` -> ("Alice Smith", "text"); (None, text) without a speaker. IRC's `<nick>` and
    tabbed shapes are left alone: near midnight they are wall-clock logs, not recordings."""
    named = _NAMED.match(text)
    if named and looks_like_name(named.group("author").strip()):
        return named.group("author").strip(), named.group("text")
    return None, text
