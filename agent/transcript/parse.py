"""From a decoded source to a `Transcript`: pick the format, group lines into messages, resolve times."""

from collections.abc import Callable
from datetime import date, datetime
from typing import BinaryIO

from agent.errors import InputError, UsageError
from agent.models.message import Message, Transcript
from agent.transcript import alerts, irc, plain, slack_paste, teams, zoom
from agent.transcript.assemble import DayMark, Draft, Scan, SectionMark, assemble, assemble_lines
from agent.transcript.detect import detect_format
from agent.transcript.resolve import resolve_times
from agent.transcript.slack_export import parse_export
from agent.transcript.source import Source, read_source
from agent.transcript.zones import declared_zone, zone_from_option

FORMATS: tuple[str, ...] = ("slack", "slack-export", "irc", "iso", "datetime-name", "teams", "zoom", "plain", "alerts")


def _plain_lines(lines: list[str], _source_name: str) -> tuple[list[str], Scan, list[str]]:
    return lines, plain.scan_generic, []


def _teams_lines(lines: list[str], _source_name: str) -> tuple[list[str], Scan, list[str]]:
    scan, warnings = teams.prepare(lines)
    return lines, scan, warnings


# Each line format: (lines, source name) -> (cleaned lines, scanner, warnings).
_LINE_FORMATS: dict[str, Callable[[list[str], str], tuple[list[str], Scan, list[str]]]] = {
    "slack": lambda lines, _source_name: (slack_paste.unquote(lines), slack_paste.scan, []),
    "teams": _teams_lines,
    "zoom": zoom.prepare,
    "irc": lambda lines, _source_name: (lines, irc.scan, []),
    "iso": _plain_lines,
    "datetime-name": _plain_lines,
    "plain": _plain_lines,
    "alerts": lambda lines, _source_name: (lines, alerts.scan, []),
}


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
    times written without one; `anchor_date` is the day for transcripts that carry no dates."""
    check_options(fmt, tz)
    if not source.files and not source.text.strip():
        raise InputError(f"{source.name}: the transcript is empty")
    zone = zone_from_option(tz) if tz else None
    name = fmt or detect_format(source)
    warnings = list(source.warnings)
    declared = None
    if name == "slack-export":
        drafts, found = parse_export(source.text, source.name, source.files)
        events: list[Draft | DayMark | SectionMark] = list(drafts)
    elif source.files:
        raise InputError(f"{source.name}: a Slack export folder can only be read as slack-export, not {name}")
    else:
        lines, scan, found = _LINE_FORMATS[name](source.text.split("\n"), source.name)
        drafts, events = assemble(lines, scan)
        if all(draft.kind == "system" and draft.author is None and draft.stamp is None for draft in drafts):
            drafts = assemble_lines(lines)
            events = list(drafts)
        declared = None if zone else declared_zone(lines)
    warnings.extend(found)
    resolution = resolve_times(events, zone=zone, declared=declared, anchor_date=anchor_date, today=today)
    warnings.extend(resolution.warnings)
    messages = [_message(draft, time) for draft, time in zip(drafts, resolution.times)]
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
        warnings=warnings,
    )


def _message(draft: Draft, time: datetime | None) -> Message:
    text = draft.text
    kind, author = draft.kind, draft.author
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
