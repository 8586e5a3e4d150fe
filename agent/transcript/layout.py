"""Chat, ticket and pager layouts described as data (`layouts.yaml`): WhatsApp, Signal, Discord, Telegram,
Mattermost, Rocket.Chat, Google Chat, Webex, Matrix, Discourse, Jira, ServiceNow, PagerDuty, Opsgenie, pasted event
logs, and Slack's name-over-time copy (read together with the Slack paste format).

Every layout is a list of header patterns; a header may span several lines (a name above its time), and the
text of a message is everything up to the next header. Numeric dates are read in the order the whole file
shows (`date_order`)."""

import html
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

from agent.errors import ConfigError
from agent.models.message import MessageKind
from agent.transcript.assemble import CONTINUED, Found, Start
from agent.transcript.authors import could_write, looks_like_name, split_bot_marker
from agent.transcript.clock import CLOCK, Stamp, parse_clock, says_half_day
from agent.transcript.date_order import day_first_order
from agent.transcript.days import (
    AT_WORD,
    MONTH_NAME,
    RELATIVE_DAY_NAME,
    WEEKDAY_NAME,
    date_text,
    parse_day_line,
    word_day,
)
from agent.transcript.zones import zone_from_token
from agent.yaml_data import parse_yaml

LAYOUTS_FILE = "layouts.yaml"
SIGN_SCORE = 3
# An HTML tag inside escaped markup (not "<http_request>" written in a comment, which the export escapes twice).
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
# Spaces chat apps put inside stamps ("10:45\u202fPM") and marks WhatsApp puts before lines.
_INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\ufeff"), None) | dict.fromkeys(map(ord, "\u202f\u00a0\u2007"), " ")


class HeaderRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pattern: str
    lines: int = Field(default=1, ge=1, le=6)
    kind: MessageKind = "chat"
    same_author: bool = False
    check_name: bool = False
    score: int = 3


class TicketOpening(BaseModel):
    """A ticket copied with its fields above the comments: the request it was opened with is its reporter's first
    message, said when the ticket was created. Each pattern is matched on the lines before the first comment."""

    model_config = ConfigDict(extra="forbid")

    created: str  # named groups date, clock and optionally zone: "Created:   06/Mar/26 8:55 AM"
    reporter: str  # named group author: "Reporter:          Lisa Moreno"
    heading: str  # the line the request's text follows: "Description"
    ends: list[str] = Field(default_factory=list)  # headings after the request's text: "Attachments", "Activity"
    # Who the request is from when its reporter never comments: a customer who raised a ticket is no responder, and
    # their name stays out of the draft (in the request's text too).
    requester: str = "reporter"


class LayoutSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    summary: str
    example: str
    headers: list[HeaderRule]
    skip: list[str] = Field(default_factory=list)
    signs: list[str] = Field(default_factory=list)
    author: str | None = None
    within: str | None = None
    loose: bool = False
    month_first: bool = False
    markup: bool = False  # the text is HTML escaped into XML (Jira's XML export)
    opening: TicketOpening | None = None


class CsvColumns(BaseModel):
    model_config = ConfigDict(extra="forbid")

    time: list[str]
    text: list[str]
    author: list[str]
    date: list[str] = []
    said: list[str] = Field(default=[], description="text column names of a chat's export, whose rows people wrote")


class Layouts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tokens: dict[str, str]
    app_badges: list[str] = Field(min_length=1, description="the badge a chat sets beside an app's name (<<APP_BADGE>>)")
    csv_columns: CsvColumns
    notes: list[str]
    layouts: dict[str, LayoutSpec]


@dataclass(frozen=True, slots=True)
class Rule:
    pattern: re.Pattern
    spec: HeaderRule


@dataclass(frozen=True, slots=True)
class Opening:
    created: re.Pattern
    reporter: re.Pattern
    heading: re.Pattern
    ends: tuple[re.Pattern, ...]
    requester: str


@dataclass(frozen=True, slots=True)
class Layout:
    spec: LayoutSpec
    rules: tuple[Rule, ...]
    skip: tuple[re.Pattern, ...]
    signs: tuple[re.Pattern, ...]
    opening: Opening | None = None


@dataclass(frozen=True, slots=True)
class _Request:
    """Where a ticket's opening request sits among the lines before the first comment."""

    heading: int  # the "Description" line
    first: int  # the request's first line of text
    end: int | None  # the heading after the request, if any
    created: re.Match
    reporter: str | None  # as the fields name them
    requester: str  # how the request's author is written when the reporter never comments


@dataclass(slots=True)
class _Header:
    index: int
    span: int
    rule: Rule
    match: re.Match


@lru_cache(maxsize=1)
def layout_file() -> Layouts:
    text = resources.files("agent.transcript").joinpath(LAYOUTS_FILE).read_text(encoding="utf-8")
    return Layouts.model_validate(parse_yaml(text))


@lru_cache(maxsize=1)
def layouts() -> dict[str, Layout]:
    """Every layout in `layouts.yaml`, compiled, in file order (earlier wins detection ties)."""
    data = layout_file()
    return {name: _compile(name, spec) for name, spec in data.layouts.items()}


def standalone_layouts(*, loose: bool) -> list[str]:
    """Names of the layouts that are formats of their own, loose or not."""
    return [name for name, layout in layouts().items() if layout.spec.within is None and layout.spec.loose == loose]


def layouts_within(format_name: str) -> list[Layout]:
    """Layouts that add header shapes to the line format `format_name`."""
    return [layout for layout in layouts().values() if layout.spec.within == format_name]


def expand_tokens(pattern: str) -> str:
    """A pattern with its <<TOKEN>>s replaced (tokens may use tokens)."""
    tokens = {"CLOCK": CLOCK, "MONTH": MONTH_NAME, "WEEKDAY": WEEKDAY_NAME, "RELDAY": RELATIVE_DAY_NAME,
              "AT": AT_WORD, "APP_BADGE": "(?:" + "|".join(map(re.escape, layout_file().app_badges)) + ")",
              **layout_file().tokens}
    for _ in range(3):
        for name, value in tokens.items():
            pattern = pattern.replace(f"<<{name}>>", value)
    return pattern


def compile_pattern(where: str, pattern: str, flags: int = re.IGNORECASE) -> re.Pattern:
    """A pattern of layouts.yaml with its tokens expanded; `where` names its place for the error a bad one gives."""
    try:
        return re.compile(expand_tokens(pattern), flags)
    except re.error as error:
        raise ConfigError(f"{LAYOUTS_FILE}: {where}: bad pattern {pattern!r}: {error}") from error


def _compile(name: str, spec: LayoutSpec) -> Layout:
    def compiled(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern:
        return compile_pattern(f"layout {name}", pattern, flags)

    rules = tuple(Rule(compiled(rule.pattern, re.IGNORECASE | re.MULTILINE), rule) for rule in spec.headers)
    opening = Opening(
        created=compiled(spec.opening.created), reporter=compiled(spec.opening.reporter),
        heading=compiled(spec.opening.heading), ends=tuple(compiled(pattern) for pattern in spec.opening.ends),
        requester=spec.opening.requester,
    ) if spec.opening else None
    return Layout(
        spec=spec, rules=rules,
        skip=tuple(compiled(pattern) for pattern in spec.skip),
        signs=tuple(compiled(pattern) for pattern in spec.signs),
        opening=opening,
    )


def _normalized(lines: list[str]) -> list[str]:
    """Lines without invisible marks, with odd spaces made plain."""
    return [line if line.isascii() else line.translate(_INVISIBLE) for line in lines]


def _headers(layout: Layout, lines: list[str], blocked: frozenset[int] = frozenset()) -> list[_Header]:
    """Every header, once more without the names that head a single message and read as prose ("ok looking",
    "pasting what i see" over a grouped follow-up's bare time): a chat copy's one-line messages sit where a
    name would. A name written that way that heads several messages ("monday automations") is a name."""
    headers = _scan_headers(layout, lines, blocked, frozenset())
    authors = Counter(_checked_author(header.rule, header.match) for header in headers)
    prose = frozenset(name for name, count in authors.items() if name and count == 1 and not could_write(name))
    return _scan_headers(layout, lines, blocked, prose) if prose else headers


def _scan_headers(layout: Layout, lines: list[str], blocked: frozenset[int], prose: frozenset[str]) -> list[_Header]:
    headers: list[_Header] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.strip() and index not in blocked:
            header = _header(layout, lines, index, prose)
            if header:
                headers.append(header)
                index += header.span
                continue
        index += 1
    return headers


def _header(layout: Layout, lines: list[str], index: int, prose: frozenset[str]) -> _Header | None:
    for rule in layout.rules:
        text = lines[index] if rule.spec.lines == 1 else "\n".join(lines[index:index + rule.spec.lines])
        match = rule.pattern.match(text)
        if match and _plausible(rule, match) and _checked_author(rule, match) not in prose:
            return _Header(index, match.group(0).count("\n") + 1, rule, match)
    return None


def _checked_author(rule: Rule, match: re.Match) -> str | None:
    """The author a header names, when its rule asks for the name to be checked."""
    author = match.groupdict().get("author") if rule.spec.check_name else None
    return split_bot_marker(author.strip())[0] if author else None


def _plausible(rule: Rule, match: re.Match) -> bool:
    author = _checked_author(rule, match)
    if author is not None and not looks_like_name(author):
        return False
    clock = match.groupdict().get("clock")
    return clock is None or parse_clock(clock) is not None


def read(
    layout: Layout, lines: list[str], anchor: date | None = None, *, beneath: list[Found] | None = None
) -> tuple[list[str], list[Found], list[str]]:
    """(lines as their text should read, what each line is, warnings); `anchor` (--date) settles the order of
    ambiguous numeric dates. `beneath` is what the line format a layout is `within` found on each line: the first
    line of text under one of its headers is that message's text, never a header of the layout, and a header that
    repeats the previous author takes the author of the message above it, whichever of the two found it."""
    cleaned = _normalized(lines)
    headers = _headers(layout, cleaned, _first_text_lines(beneath, cleaned) if beneath else frozenset())
    request = _request(layout.opening, cleaned[:headers[0].index] if headers else cleaned)
    day_first, warnings = day_first_order(
        itertools.chain((header.match.groupdict().get("date") for header in headers),
                        [request.created.groupdict().get("date")] if request else []),
        anchor=anchor, day_first_default=not layout.spec.month_first,
    )
    found: list[Found] = [None] * len(lines)
    if layout.spec.markup:
        lines = [_unmarked(line) for line in lines]
    for index, line in enumerate(cleaned):
        if line.strip() and any(pattern.match(line) for pattern in layout.skip):
            found[index] = CONTINUED
        elif line.strip() and len(line) <= 60:
            found[index] = parse_day_line(line, relative=True)
    # the authors of the messages the line format found (a system line names nobody)
    authors = {index: start.author for index, start in enumerate(beneath or [])
               if isinstance(start, Start) and start.kind != "system"}
    author, last = None, 0
    for header in headers:
        author = next((authors[index] for index in range(header.index - 1, last - 1, -1) if index in authors), author)
        last = header.index + header.span
        start = _start(layout, header, day_first, author)
        found[header.index] = start
        for following in range(header.index + 1, header.index + header.span):
            found[following] = CONTINUED
        author = start.author if start.kind != "system" else author
    if request is not None:
        commenters = {start.author for start in found if isinstance(start, Start) and start.author}
        author = request.reporter
        if author not in commenters:
            author = request.requester
            end = request.end if request.end is not None else len(lines)
            lines = list(lines)  # the caller's lines stay as written
            lines[request.first:end] = [line.replace(request.reporter, author) if request.reporter else line
                                        for line in lines[request.first:end]]
        found[request.heading] = CONTINUED
        found[request.first] = Start(author=author, stamp=_stamp(request.created.groupdict(), day_first),
                                     text=lines[request.first])
        if request.end is not None:  # attachments and the activity tabs are the page's, not the reporter's words
            found[request.end] = Start(kind="system", text=lines[request.end])
    return lines, found, warnings


def _request(opening: Opening | None, head: list[str]) -> _Request | None:
    """The request a ticket was opened with, when the lines above its first comment show when it was created
    and a heading its text follows."""
    if opening is None:
        return None
    created = next((match for line in head if (match := opening.created.match(line))), None)
    heading = next((index for index, line in enumerate(head) if opening.heading.match(line)), None)
    if created is None or heading is None or parse_clock(created.group("clock")) is None:
        return None
    first = next((index for index in range(heading + 1, len(head)) if head[index].strip()), None)
    if first is None or any(pattern.match(head[first]) for pattern in opening.ends):
        return None  # a ticket opened without a description
    end = next((index for index in range(first + 1, len(head))
                if any(pattern.match(head[index]) for pattern in opening.ends)), None)
    reporter = next((match.group("author").strip() for line in head if (match := opening.reporter.match(line))), None)
    return _Request(heading, first, end, created, reporter or None, opening.requester)


def _first_text_lines(beneath: list[Found], lines: list[str]) -> frozenset[int]:
    """The first non-blank line under each header without text of its own, unless something was found on it."""
    first: set[int] = set()
    for index, found in enumerate(beneath):
        if not isinstance(found, Start) or found.text:
            continue
        below = next((following for following in range(index + 1, len(lines))
                      if lines[following].strip() and beneath[following] is not CONTINUED), None)
        if below is not None and beneath[below] is None:
            first.add(below)
    return frozenset(first)


def _start(layout: Layout, header: _Header, day_first: bool, previous_author: str | None) -> Start:
    groups = header.match.groupdict()
    rule = header.rule.spec
    kind: MessageKind = rule.kind
    author = groups.get("author")
    if author is not None:
        author, bot = split_bot_marker(author.strip().strip("*_").strip())
        kind = "bot" if (bot or groups.get("badge")) and kind == "chat" else kind
    elif rule.same_author:
        author = previous_author
    elif kind != "system":
        author = layout.spec.author
    text = groups.get("text")
    return Start(author=author or None, stamp=_stamp(groups, day_first), kind=kind,
                 text=_unmarked(text) if text and layout.spec.markup else text, replying_to=groups.get("parent"))


def _stamp(groups: dict[str, str | None], day_first: bool) -> Stamp | None:
    """The stamp a match's clock, date or relative day and zone groups write."""
    written, relative, day, zone_written = (groups.get(name) for name in ("clock", "rel", "date", "zone"))
    clock = parse_clock(written) if written else None
    if written is None or clock is None:
        return None
    hint = word_day(relative) if relative else None
    if day:
        hint = date_text(day, day_first=day_first) or hint
    zone = zone_from_token(zone_written) if zone_written else None
    return Stamp(clock=clock, day_hint=hint, zone=zone, twelve_hour=says_half_day(written))


def _unmarked(text: str) -> str:
    """Escaped HTML as the reader sees it: `&lt;p&gt;a &amp;gt; b&lt;/p&gt;` -> `a > b`."""
    return html.unescape(_TAG.sub("", html.unescape(text))) if "&" in text or "<" in text else text


def _stacked_author(layout: Layout, header: _Header) -> str | None:
    """The author of a loose layout's name-over-time header (None for other headers)."""
    stacked = layout.spec.loose and header.rule.spec.lines > 1
    return header.match.groupdict().get("author") if stacked else None


def line_scores(layout: Layout, lines: list[str]) -> list[int]:
    """Detection weight of each line: its header's score, plus SIGN_SCORE for lines only this product writes
    (when the layout's headers are there at all: a chat that mentions "Resolved by" is still a chat)."""
    cleaned = _normalized(lines)
    scores = [0] * len(lines)
    headers = _headers(layout, cleaned)
    # A name line above a time is only taken for one when the name recurs: chat participants write many
    # messages, while a flattened timeline table puts a different line of text above each time.
    recurring = Counter(_stacked_author(layout, header) for header in headers)
    for header in headers:
        author = _stacked_author(layout, header)
        if author is None or recurring[author] > 1:
            scores[header.index] += header.rule.spec.score
            # the header's other lines (the time under the name) are this layout's too, not another format's
            for following in range(header.index + 1, min(header.index + header.span, len(scores))):
                scores[following] = max(scores[following], 1) if cleaned[following].strip() else scores[following]
    if layout.signs and any(scores):
        for index, line in enumerate(cleaned):
            if any(pattern.search(line) for pattern in layout.signs):
                scores[index] += SIGN_SCORE
    return scores
