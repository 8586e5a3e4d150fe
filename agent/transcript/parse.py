"""From a decoded source to a `Transcript`: pick the format, group lines into messages, resolve times."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from typing import BinaryIO

from agent.errors import InputError, UsageError
from agent.models.message import Message, Transcript
from agent.transcript import (
    alerts,
    closing_time,
    email_thread,
    feed,
    incident_csv,
    irc,
    meeting_recording,
    plain,
    slack_paste,
    status_history,
    table,
    teams,
)
from agent.transcript.assemble import (
    CONTINUED,
    DayMark,
    Draft,
    Found,
    Scan,
    SectionMark,
    Start,
    assemble_found,
    assemble_lines,
    scan_lines,
)
from agent.transcript.authors import given_name_first
from agent.transcript.bots import mark_bots
from agent.transcript.chat_json import chat_json_formats, read_chat_json
from agent.transcript.decoding import readable
from agent.transcript.detect import Block, detect_blocks
from agent.transcript.html_export import HtmlChat, html_formats, read_html
from agent.transcript.layout import layouts, layouts_within, standalone_layouts
from agent.transcript.layout import read as read_layout
from agent.transcript.log_notes import people_notes
from agent.transcript.raw_mail import RAW_FORMAT, read_raw_mail
from agent.transcript.resolve import resolve_times
from agent.transcript.slack_export import parse_export
from agent.transcript.source import Source, read_source
from agent.transcript.zones import declared_zone, zone_from_option


@dataclass(frozen=True, slots=True)
class Context:
    """What a reader may need besides the lines: the file name and the day given with --date."""

    source_name: str
    anchor_date: date | None


Reader = Callable[[list[str], Context], tuple[list[str], list[Found], list[str]]]
Prepare = Callable[[list[str], Context], tuple[list[str], Scan, list[str]]]


def _scanned(prepare: Prepare) -> Reader:
    def read(lines: list[str], context: Context) -> tuple[list[str], list[Found], list[str]]:
        cleaned, scan, warnings = prepare(lines, context)
        return cleaned, scan_lines(cleaned, scan), warnings

    return read


def _fixed(scan: Scan) -> Prepare:
    return lambda lines, _context: (lines, scan, [])


def _teams(lines: list[str], context: Context) -> tuple[list[str], Scan, list[str]]:
    scan, warnings = teams.prepare(lines, context.anchor_date)
    return lines, scan, warnings


def _with_layouts(name: str, reader: Reader) -> Reader:
    """`reader`, plus the header shapes the layouts `within` this format add on lines it finds nothing on. A layout's
    header of several lines keeps its lines: the date line under "Name <address>" in a mail is that header's, even
    where the format alone would read it as a header of its own."""
    extra = layouts_within(name)

    def read(lines: list[str], context: Context) -> tuple[list[str], list[Found], list[str]]:
        cleaned, found, warnings = reader(lines, context)
        for layout in extra:
            _, more, more_warnings = read_layout(layout, cleaned, context.anchor_date, beneath=found)
            found = [theirs if mine is None or theirs is CONTINUED else mine
                     for mine, theirs in zip(found, more, strict=True)]
            warnings.extend(more_warnings)
        return cleaned, found, warnings

    return read if extra else reader


def _layout_reader(name: str) -> Reader:
    return lambda lines, context: read_layout(layouts()[name], lines, context.anchor_date)


def _csv(lines: list[str], context: Context) -> tuple[list[str], list[Found], list[str]]:
    found, warnings = incident_csv.read(lines, context.anchor_date)
    return lines, found, warnings


# Each line format: (lines, context) -> (lines as their text should read, what each line is, warnings).
_LINE_FORMATS: dict[str, Reader] = {
    "slack": _with_layouts("slack", _scanned(lambda lines, context: slack_paste.prepare(lines))),
    "irc": _scanned(_fixed(irc.scan)),
    "iso": _scanned(_fixed(plain.scan_generic)),
    "datetime-name": _scanned(_fixed(plain.scan_generic)),
    "teams": _with_layouts("teams", _scanned(_teams)),
    "zoom": _scanned(lambda lines, context: meeting_recording.prepare(lines, context.source_name)),
    "plain": _scanned(lambda lines, _context: plain.prepare(lines)),
    "alerts": _scanned(_fixed(alerts.scan)),
    "incident-csv": _csv,
    "table": lambda lines, context: table.read(lines, context.anchor_date),
    "feed": lambda lines, _context: feed.read(lines),
    "status-history": lambda lines, _context: status_history.read(lines),
    "closing-time": lambda lines, _context: closing_time.read(lines),
    "email": lambda lines, context: email_thread.read(lines, context.anchor_date),
    **{name: _layout_reader(name) for loose in (False, True) for name in standalone_layouts(loose=loose)},
}
FORMATS: tuple[str, ...] = (
    "slack", "slack-export", *(name for name in _LINE_FORMATS if name != "slack"), *chat_json_formats(),
    *html_formats())


def check_options(fmt: str | None, tz: str | None) -> None:
    """Usage errors for `--format` and `--tz` before any input is read."""
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}' (choose one of: {', '.join(FORMATS)})")
    if tz is not None:
        zone_from_option(tz)


def parse_transcript(
    source: Source,
    *,
    fmt: str | None = None,
    tz: str | None = None,
    anchor_date: date | None = None,
    today: date,
) -> Transcript:
    """Messages with source lines and resolved times. `fmt` overrides detection; `tz` names the zone of
    times written without one; `anchor_date` is the day for transcripts that carry no dates. Raw mail (an .eml or
    mbox) is read as MIME (agent/transcript/raw_mail.py); an HTML page by its exporter's shape, or else as the text
    it shows (agent/transcript/html_export.py)."""
    check_options(fmt, tz)
    if not source.files and not source.text.strip():
        raise InputError(f"{source.name}: the transcript is empty")
    mail = read_raw_mail(source, fmt)
    if mail is not None:
        return mail.placed(_parse(mail.text, RAW_FORMAT, tz, anchor_date, today, None))
    page = read_html(source, fmt, anchor_date)
    if page is not None and page.text is not None:
        return page.placed(_parse(page.text, page.text_format, tz, anchor_date, today, None))
    return _parse(source, fmt, tz, anchor_date, today, page)


def _parse(
    source: Source, fmt: str | None, tz: str | None, anchor_date: date | None, today: date, page: HtmlChat | None
) -> Transcript:
    zone = zone_from_option(tz) if tz else None
    blocks = [Block(0, page.format)] if page else [Block(0, fmt)] if fmt else detect_blocks(source)
    name = "+".join(block.format for block in blocks)
    warnings = list(source.warnings)
    declared = None
    if name == "slack-export":
        drafts, found = parse_export(source.text, source.name, source.files)
        events: list[Draft | DayMark | SectionMark] = list(drafts)
    elif name in chat_json_formats() and not source.files:
        drafts, found = read_chat_json(source.text, source.name, name)
        events = list(drafts)
    elif page is not None and page.drafts is not None:
        drafts, found = page.drafts, page.warnings
        events = list(drafts)
    elif source.files:
        raise InputError(f"{source.name}: a Slack export folder can only be read as slack-export, not {name}")
    else:
        context = Context(source.name, anchor_date)
        lines, per_line, found = _read_blocks(source.text.split("\n"), blocks, context, zone is not None)
        streams = {block.start: block.format for block in blocks} if len(blocks) > 1 else {}
        drafts, events = assemble_found(lines, per_line, streams)
        if all(draft.kind == "system" and draft.author is None and draft.stamp is None for draft in drafts):
            drafts = assemble_lines(lines)
            events = list(drafts)
        declared = None if zone or len(blocks) > 1 else declared_zone(lines)
    warnings.extend(found)
    resolution = resolve_times(events, zone=zone, declared=declared, anchor_date=anchor_date, today=today)
    warnings.extend(resolution.warnings)
    messages = mark_bots(people_notes([_message(draft, time, zone)
                                       for draft, time, zone in zip(drafts, resolution.times, resolution.zones, strict=True)]))
    first = next((message.time for message in messages if message.time is not None), None)
    if first is None and messages and not found:
        # A format reader that warned has already said why its messages have no time (a Zoom recording whose
        # start is not stated); the generic note is for when nothing more specific was said.
        warnings.append(f"{source.name}: no timestamps found; messages have no times")
    return Transcript(
        format=name,
        messages=messages,
        incident_date=first.date() if first else None,
        timezone=resolution.timezone if first else None,
        date_known=resolution.date_known,
        warnings=warnings,
    )


def _read_blocks(
    lines: list[str], blocks: list[Block], context: Context, zone_given: bool
) -> tuple[list[str], list[Found], list[str]]:
    """Each block read in its own format; times without a zone take the zone the block itself declares."""
    cleaned: list[str] = []
    found: list[Found] = []
    warnings: list[str] = []
    bounds = [block.start for block in blocks[1:]] + [len(lines)]
    for block, end in zip(blocks, bounds, strict=True):
        part = lines[block.start:end]
        part_lines, part_found, part_warnings = _LINE_FORMATS[block.format](part, context)
        if len(blocks) > 1 and not zone_given:
            part_found = _in_zone(part_found, declared_zone(part_lines))
        cleaned.extend(part_lines)
        found.extend(part_found)
        warnings.extend(part_warnings)
    return cleaned, found, warnings


def _in_zone(found: list[Found], zone: tzinfo | None) -> list[Found]:
    if zone is None:
        return found
    return [
        replace(item, stamp=replace(item.stamp, zone=zone))
        if isinstance(item, Start) and item.stamp is not None and item.stamp.zone is None else item
        for item in found
    ]


def _message(draft: Draft, time: datetime | None, zone: str | None) -> Message:
    text = readable(draft.text)  # every format, exports too: screens and readers see one normal form
    kind, author = draft.kind, draft.author and given_name_first(draft.author)
    if alerts.may_be_alert(text):
        from_person = kind == "chat" and author is not None and not alerts.is_alert_source(author)
        system = alerts.alert_system(text, from_person=from_person)
        if system:
            kind, author = "alert", author or system
    return Message(
        line=draft.line,
        end_line=max(draft.end_line, draft.line),
        time=time,
        author=author,
        text=text,
        kind=kind,
        thread_parent_line=draft.thread_parent_line,
        clock_zone=zone,
        source=draft.source,
    )


def load_transcript(
    path: str,
    *,
    fmt: str | None = None,
    tz: str | None = None,
    anchor_date: date | None = None,
    today: date,
    stdin: BinaryIO | None = None,
) -> Transcript:
    """`read_source` + `parse_transcript`; option errors are raised before the input is read."""
    check_options(fmt, tz)
    return parse_transcript(read_source(path, stdin), fmt=fmt, tz=tz, anchor_date=anchor_date, today=today)
