"""Group source lines into messages: a format's scanner (or a reader that looks at several lines at once) says
which lines start messages, everything else continues the message above.

Lines inside a fenced code block (```) never start a message, so pasted logs stay with the message that
quoted them. A block opened but never closed is not treated as a fence.
"""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from agent.models.message import MessageKind
from agent.transcript.authors import lone_name, split_author
from agent.transcript.clock import Stamp
from agent.transcript.days import DayHint


@dataclass(slots=True)
class Start:
    """A line that begins a message; `text` is its first line of text (None for header-only lines)."""

    author: str | None = None
    stamp: Stamp | None = None
    text: str | None = None
    kind: MessageKind = "chat"
    author_from_body: bool = False  # a bare time line whose next line is "<nick> text"
    name_over_body: bool = False  # the line's only text may be a name: its author when lines of text follow
    entries_below: bool = False  # a header with no text of its own ("Update 14:05 UTC (Ana)"): see `_entries`
    replying_to: str | None = None  # the start of the message it answers in a thread ("Ana replied to a thread: …")


class Section:
    """A Markdown heading between messages: a new pasted log whose days restart where the previous one began."""


class Continued:
    """A line that belongs to the header above it (a user handle, a badge, the time line): neither a start nor text."""


SECTION = Section()
CONTINUED = Continued()
Found = Start | DayHint | Section | Continued | None
Scan = Callable[[str], Start | DayHint | Section | None]


@dataclass(slots=True)
class DayMark:
    hint: DayHint
    line: int


@dataclass(slots=True)
class SectionMark:
    """A new pasted log. Without a `stream` its days restart where the previous section's began; with one (a
    block of another layout), each stream keeps its own day and clock, so a log pasted into a chat neither
    moves the chat's day nor rolls it over midnight."""

    line: int
    stream: str | None = None


@dataclass(slots=True)
class Draft:
    """A message being built; `stamp` is still unresolved."""

    line: int
    author: str | None = None
    stamp: Stamp | None = None
    kind: MessageKind = "chat"
    parts: list[str] = field(default_factory=list)
    end_line: int = 0
    author_from_body: bool = False
    name_over_body: bool = False
    entries_below: bool = False
    thread_parent_line: int | None = None
    source: str | None = None
    replying_to: str | None = None

    def add(self, text: str, number: int) -> None:
        text = text.rstrip()
        if text or self.parts:
            self.parts.append(text)
        if text:
            self.end_line = number

    @property
    def text(self) -> str:
        end = len(self.parts)
        while end and not self.parts[end - 1]:
            end -= 1
        return "\n".join(self.parts[:end])


_NICK_LINE = re.compile(r"^\s*<[@+%&~]?([^<>\s]{1,40})>\s*(.*)$")
MIN_NAME_OVER_TEXT = 2  # entries a name must head before a lone line of it is taken for an author


def close_message(found: list[Found], start: Start, first: int, closing: int) -> None:
    """A message from line `first` to line `closing`, which closes it with its time: the lines between are its text,
    the closing line is part of it but not its text (status pages, Signal's copy)."""
    for index in range(first + 1, closing):
        found[index] = None
    found[first] = start
    found[closing] = CONTINUED


def scores_at(count: int, firsts: list[int], score: int) -> list[int]:
    """A format's detection scores: `score` on the first line of each message it reads, nothing elsewhere."""
    scores = [0] * count
    for first in firsts:
        scores[first] = score
    return scores


def scan_lines(lines: list[str], scan: Scan) -> list[Found]:
    """What `scan` finds on each line; blank lines are never looked at."""
    return [scan(line) if line.strip() else None for line in lines]


def assemble(lines: list[str], scan: Scan) -> tuple[list[Draft], list[Draft | DayMark | SectionMark]]:
    """Drafts in source order, plus the same drafts interleaved with day and section marks for the clock."""
    return assemble_found(lines, scan_lines(lines, scan))


def assemble_found(
    lines: list[str], found_per_line: list[Found], streams: dict[int, str] | None = None
) -> tuple[list[Draft], list[Draft | DayMark | SectionMark]]:
    """`assemble` from what was already found on each line (readers that look at several lines at once).
    `streams` maps the index of each line that begins a block of another layout to that block's stream."""
    streams = streams or {}
    protected = fenced_lines(lines)
    drafts: list[Draft] = []
    events: list[Draft | DayMark | SectionMark] = []
    current: Draft | None = None
    for index, line in enumerate(lines):
        number = index + 1
        if index in streams:
            current = None
            events.append(SectionMark(number, streams[index]))
        found = None if protected[index] or not line.strip() else found_per_line[index]
        if found is None:
            if current is None:
                if not line.strip():
                    continue
                current = Draft(line=number, kind="system")
                drafts.append(current)
                events.append(current)
            current.add(line, number)
        elif isinstance(found, Start):
            current = Draft(line=number, author=found.author, stamp=found.stamp, kind=found.kind,
                            end_line=number, author_from_body=found.author_from_body,
                            name_over_body=found.name_over_body, entries_below=found.entries_below,
                            replying_to=found.replying_to)
            if found.text:
                current.add(found.text, number)
            drafts.append(current)
            events.append(current)
        elif isinstance(found, DayHint):
            events.append(DayMark(found, number))
        elif isinstance(found, Section) and current is not None and current.author is not None and not current.parts:
            current.add(line, number)  # right under an author line, "## …" is what they wrote, not a new log
        elif isinstance(found, Section):
            current = None
            events.append(SectionMark(number))
        elif current is not None:
            current.end_line = number
    bare = [draft for draft in drafts if draft.author_from_body and draft.author is None and draft.parts]
    # a name alone over the text counts once it recurs: a one-off first word ("Slight" over "dip in traffic") is text
    names = Counter(name for draft in bare if (name := _name_over_text(draft) or _name_before_colon(draft)))
    for draft in bare:
        _take_nick(draft, names)
    _thread_replies(drafts)
    if any(draft.name_over_body or draft.entries_below for draft in drafts):
        entries = {id(draft): _entries(draft, lines) for draft in drafts if draft.name_over_body or draft.entries_below}
        drafts = [entry for draft in drafts for entry in entries.get(id(draft), [draft])]
        events = [entry for event in events
                  for entry in (entries.get(id(event), [event]) if isinstance(event, Draft) else [event])]
    return drafts, events


# Slack's copy puts "replied to a thread: <the start of the parent>" as the first line of a reply shown in the channel
# (older copies write the words alone on that line).
_REPLIED_LINE = re.compile(r"^\s*replied to a thread:\s*(?P<parent>\S.*)?$", re.I)
_ELLIPSIS = re.compile(r"\s*(?:\u2026|\.{3})\s*$")
_SPACES = re.compile(r"\s+")


def _thread_replies(drafts: list[Draft]) -> None:
    """A reply that quotes the start of the message it answers gets that message's line as its thread parent: the
    latest earlier message with those words (the quote may leave out a leading @mention)."""
    for index, draft in enumerate(drafts):
        if draft.replying_to is None and len(draft.parts) > 1 and (line := _REPLIED_LINE.match(draft.parts[0])):
            draft.replying_to = line.group("parent")
            draft.parts = draft.parts[1:]
        if draft.replying_to is None:
            continue
        quoted = _squashed(_ELLIPSIS.sub("", draft.replying_to))
        parent = next((earlier for earlier in reversed(drafts[:index])
                       if quoted and quoted in _squashed(earlier.text)), None)
        if parent is not None:
            draft.thread_parent_line = parent.line


def _squashed(text: str) -> str:
    return _SPACES.sub(" ", text).strip().lower()


_BULLET = re.compile(r"^(?P<indent>\s*)(?:[-*\u2022\u25e6]|\d{1,2}[.)])\s+(?=\S)")


def _entries(draft: Draft, lines: list[str]) -> list[Draft]:
    """A header over lines of text, as hand-kept timelines, state documents and live notes write their entries:
    each paragraph of the body is an entry of its own at the header's time and by its author, and so is each item
    of a list that is a paragraph of its own (a list right under a line of prose stays with it). A header whose
    whole text may be a name ("2015-10-21 15:28 UTC jennifer" over "  - Increasing capacity") takes that name as its
    author; an update header ("Update 14:05 UTC (Ana)", "## 09:30") brings its author, if any, and no text."""
    body = draft.text.split("\n")
    author = draft.author
    if draft.name_over_body:
        author, body = body[0].strip(), body[1:]
    if not any(part.strip() for part in body):
        # nothing below: a name stays the line's text, an update header's own line is its text
        return [draft] if draft.name_over_body else [replace(draft, parts=[lines[draft.line - 1].strip()])]
    first = draft.end_line - len(body) + 1
    whole = replace(draft, author=author, parts=[part.strip() for part in body if part.strip()], name_over_body=False,
                    entries_below=False)
    # a part's line is known only when the body is the source lines right above the draft's last line
    if first <= draft.line or [line.rstrip() for line in lines[first - 1:draft.end_line]] != body:
        return [whole]
    items = [len(match.group("indent")) for part in body if (match := _BULLET.match(part))]
    level = min(items or [_indent(part) for part in body if part.strip()])  # the list's indent, else the text's
    entries: list[Draft] = []
    in_list = False  # the paragraph being read opened with an item: each item at the list's indent is an entry
    for index, part in enumerate(body):
        item = _BULLET.match(part)
        top = item is not None and len(item.group("indent")) <= level
        opens = bool(part.strip()) and (index == 0 or not body[index - 1].strip())
        # a paragraph opens an entry (prose keeps the list under it); a line indented deeper continues the one above
        if (opens and (top or _indent(part) <= level)) or (in_list and top) or (not entries and part.strip()):
            in_list = top if opens or not entries else in_list
            entries.append(replace(whole, line=first + index, parts=[], end_line=first + index))
            part = part[item.end():] if item else part
        if entries:
            entries[-1].add(part.strip(), first + index)
    if draft.entries_below:
        entries[0].line = draft.line  # an update header is its first entry's header, as a chat's author line is
    return entries


def _indent(part: str) -> int:
    return len(part) - len(part.lstrip())


def _name_over_text(draft: Draft) -> str | None:
    """The name alone on the first line of a body that goes on below it, if that line may be a name."""
    lines = [part.strip() for part in draft.parts if part.strip()]
    return lines[0] if len(lines) > 1 and lone_name(lines[0]) else None


def _name_before_colon(draft: Draft) -> str | None:
    """The name opening the first line of a body as "Name: text", if what precedes the colon may be a writer."""
    first = next((part.strip() for part in draft.parts if part.strip()), "")
    return split_author(first)[0] if ":" in first else None


def _take_nick(draft: Draft, names: Counter[str]) -> None:
    """The author a bare time line's body names first: "<nick> text", or a name alone on the line above the text
    or before a colon opening it, that heads other entries too (a pager timeline's "11:47 PM" over "Datadog" over
    the alert; a phone's exported thread; a caption file's "Name: text" cues)."""
    first = next((index for index, part in enumerate(draft.parts) if part.strip()), None)
    if first is None:
        return
    name = _name_over_text(draft)
    if name and names[name] >= MIN_NAME_OVER_TEXT:
        del draft.parts[first]
        draft.author = name
        return
    name = _name_before_colon(draft)
    if name and names[name] >= MIN_NAME_OVER_TEXT:
        draft.author, draft.parts[first] = split_author(draft.parts[first].strip())
        return
    match = _NICK_LINE.match(draft.parts[first])
    if match:
        draft.author = match.group(1)
        draft.parts[first] = match.group(2)
        if not match.group(2):
            del draft.parts[first]
        if len(draft.parts) > first:
            draft.parts[first] = draft.parts[first].lstrip()


def assemble_lines(lines: list[str]) -> list[Draft]:
    """Fallback when no line looks like a message start: every non-blank line is a message of its own."""
    drafts = []
    for index, line in enumerate(lines):
        if line.strip():
            author, text = split_author(line.strip())
            drafts.append(Draft(line=index + 1, author=author, parts=[text], end_line=index + 1))
    return drafts


def fenced_lines(lines: list[str]) -> list[bool]:
    """True for lines after a line with an odd number of ``` up to the line that closes it."""
    protected = [False] * len(lines)
    opened: int | None = None
    for index, line in enumerate(lines):
        if "```" not in line:
            continue
        if line.count("```") % 2 == 1:
            if opened is None:
                opened = index
            else:
                for inside in range(opened + 1, index + 1):
                    protected[inside] = True
                opened = None
    return protected
