"""Chats handed over as HTML: an exporter's page read by its shape (html_exports.yaml), any other page as the
text a browser shows of it.

- A known exporter (Telegram Desktop, DiscordChatExporter, Element, a Slack or Teams page saved from the browser)
  is found by its message elements; each becomes a message with the author, time, text and kind its selectors
  find, at the line where its element starts in the file. The tool with the most message elements wins.
- Any other HTML page is turned into its visible lines (agent/html_page.py) and read by the text
  formats exactly as a copy of the chat would be; its messages' lines are then put back on the file's lines. A
  page in which nothing reads as a message with an author or a time holds no chat: an InputError says so.
- `--format html` reads a page as its visible text even when an exporter's shape is there; `--format slack` (or
  any text format) reads the visible text in that format; `--format telegram-html` insists on that exporter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from agent.errors import InputError
from agent.html_page import looks_like_html, parse_page, visible_lines
from agent.models.message import MessageKind, Transcript
from agent.transcript.assemble import Draft
from agent.transcript.clock import CLOCK, Stamp, parse_clock, says_half_day
from agent.transcript.date_order import day_first_order
from agent.transcript.days import date_text, parse_day_line
from agent.transcript.file_lines import on_file_lines
from agent.transcript.layout import expand_tokens
from agent.transcript.source import Source
from agent.transcript.zones import zone_from_token
from agent.yaml_data import validated_yaml

if TYPE_CHECKING:  # bs4 is imported when a page is parsed (agent/html_page.py)
    from bs4 import Tag

EXPORTS_FILE = "html_exports.yaml"
VISIBLE_TEXT = "html"  # the --format that reads any page as the text it shows


class TimeRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    select: str
    attribute: str | None = None  # else the element's text
    epoch: bool = False  # seconds since 1970, UTC


class ExporterSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    summary: str
    sign: str  # text every page of this exporter holds (a class name): pages without it are not searched
    message: str
    author: list[str]
    time: list[TimeRule]
    text: list[str] = Field(min_length=1)
    system: str | None = None
    bot: str | None = None
    drop: list[str] = Field(default_factory=list)
    month_first: bool = False


class HtmlExports(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    exporters: dict[str, ExporterSpec]


@lru_cache(maxsize=1)
def exporters() -> dict[str, ExporterSpec]:
    text = resources.files("agent.transcript").joinpath(EXPORTS_FILE).read_text(encoding="utf-8")
    return validated_yaml(HtmlExports, text, EXPORTS_FILE).exporters


def html_formats() -> tuple[str, ...]:
    return (VISIBLE_TEXT, *exporters())


@dataclass(slots=True)
class HtmlChat:
    """An HTML input: an exporter's messages (`drafts`), or else the page's visible text (`text`, read in
    `text_format`, None to detect it) with the file line of each of its lines (`origins`)."""

    name: str
    format: str
    drafts: list[Draft] | None = None
    warnings: list[str] = field(default_factory=list)
    text: Source | None = None
    text_format: str | None = None
    origins: list[int] = field(default_factory=list)

    def placed(self, transcript: Transcript) -> Transcript:
        """The transcript read from the visible text, its messages on the lines of the file."""
        if not any(message.author or message.time for message in transcript.messages):
            raise InputError(f"{self.name}: this HTML page holds no chat (nothing in its text reads as a message "
                             "with an author or a time); export the chat itself, as HTML or text")
        return on_file_lines(transcript, self.origins)


def read_html(source: Source, fmt: str | None, anchor_date: date | None) -> HtmlChat | None:
    """None unless the input is an HTML page (or `fmt` names an HTML format, and then it must be one)."""
    if fmt == "slack-export" or source.files or not (looks_like_html(source.text) or fmt in html_formats()):
        return None
    if not looks_like_html(source.text):
        raise InputError(f"{source.name}: --format {fmt} reads HTML pages, and this is not one")
    soup = parse_page(source.text, source.name)
    named = exporters().get(fmt or "")
    if fmt is None or named is not None:
        found = {name: _outermost(soup.select(spec.message)) for name, spec in exporters().items()
                 if fmt in (None, name) and spec.sign in source.text}
        best = max(found, key=lambda name: len(found[name]), default=None)
        if best is not None and found[best]:
            drafts, warnings = _read_export(found[best], exporters()[best], anchor_date)
            if drafts:
                return HtmlChat(source.name, best, drafts=drafts, warnings=warnings)
        if named is not None:
            raise InputError(f"{source.name}: no {named.summary} messages in this page (no '{named.message}' "
                             "elements with text)")
    lines = visible_lines(soup)
    if not lines:
        raise InputError(f"{source.name}: the HTML page has no visible text")
    text = Source(name=source.name, text="\n".join(line.text for line in lines), encoding=source.encoding,
                  warnings=source.warnings)
    return HtmlChat(source.name, VISIBLE_TEXT, text=text, text_format=None if fmt == VISIBLE_TEXT else fmt,
                    origins=[line.line for line in lines])


def _outermost(elements: list[Tag]) -> list[Tag]:
    """Matches that are not inside another match (a message element and a wrapper both matching)."""
    chosen = {id(element) for element in elements}
    return [element for element in elements if not any(id(parent) in chosen for parent in element.parents)]


@dataclass(slots=True)
class _Found:
    element: Tag
    kind: MessageKind
    author: str | None
    when: str | None
    epoch: bool
    lines: list[tuple[str, int]]


def _read_export(elements: list[Tag], spec: ExporterSpec, anchor_date: date | None) -> tuple[list[Draft], list[str]]:
    found = [item for item in (_found(element, spec) for element in elements) if item is not None]
    written = (_DATE_TIME.search(item.when) for item in found if item.when and not item.epoch)
    day_first, warnings = day_first_order((match.group("date") for match in written if match),
                                          anchor=anchor_date, day_first_default=not spec.month_first)
    drafts: list[Draft] = []
    author = None
    for item in found:
        if item.author is None and item.kind != "system":
            item.author = author
        elif item.kind != "system":
            author = item.author
        stamp = _stamp(item.when, item.epoch, day_first) if item.when else None
        drafts.append(Draft(line=item.element.sourceline or 1, end_line=max(line for _, line in item.lines),
                            author=item.author, stamp=stamp, kind=item.kind, parts=[text for text, _ in item.lines]))
    return drafts, warnings


def _found(element: Tag, spec: ExporterSpec) -> _Found | None:
    if spec.drop:
        for part in element.select(", ".join(spec.drop)):
            part.extract()
    kind: MessageKind = "system" if spec.system and element.css.match(spec.system) else "chat"
    author_element = next((match for selector in spec.author if (match := element.select_one(selector))), None)
    author = _one_line(author_element) if author_element is not None else None
    badge = element.select_one(spec.bot) if spec.bot else None
    if badge is not None and kind == "chat":
        kind = "bot"
        author = author and author.removesuffix(_one_line(badge)).strip()  # a badge inside the name's element
    lines = [(line.text, line.line) for part in _outermost(element.select(", ".join(spec.text)))
             for line in visible_lines(part)]
    while lines and not lines[0][0]:
        lines.pop(0)
    if not lines or (kind == "system" and len(lines) == 1 and parse_day_line(lines[0][0], relative=False)):
        return None  # nothing written (a sticker, a file), or a day divider
    when, epoch = None, False
    for rule in spec.time:
        match = element.select_one(rule.select)
        value = (match.get(rule.attribute) if rule.attribute else _one_line(match)) if match is not None else None
        if isinstance(value, str) and value.strip():
            when, epoch = value.strip(), rule.epoch
            break
    return _Found(element, kind, author or None, when, epoch, lines)


def _one_line(element: Tag) -> str:
    return " ".join(line.text for line in visible_lines(element) if line.text)


_DATE_TIME = re.compile(expand_tokens(
    r"(?P<date><<ISODATE>>|<<YMDATE>>|<<NDATE>>)(?:T|,?\s+(?:at\s+)?)(?P<clock>" + CLOCK + r")"
    r"(?:\s*(?P<zone>(?:UTC|GMT)?[+-]\d{1,2}(?::?\d{2})?|UTC|GMT|Z)\b)?"), re.IGNORECASE)


def _stamp(when: str, epoch: bool, day_first: bool) -> Stamp | None:
    if epoch:
        try:
            moment = datetime.fromtimestamp(int(float(when)), UTC)  # Slack's fraction is a sequence, not time
        except (ValueError, OverflowError, OSError):
            return None
        return Stamp(clock=moment.time(), day=moment.date(), zone=UTC)
    match = _DATE_TIME.search(when)
    clock = parse_clock(match.group("clock")) if match else None
    if match is None or clock is None:
        return None
    zone = zone_from_token(match.group("zone")) if match.group("zone") else None
    return Stamp(clock=clock, day_hint=date_text(match.group("date"), day_first=day_first), zone=zone,
                 twelve_hour=says_half_day(match.group("clock")))

