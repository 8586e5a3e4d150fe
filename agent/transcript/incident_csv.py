"""Pager logs exported as CSV (PagerDuty log entries, Opsgenie alert or incident logs).

A header row names the columns (names in `layouts.yaml`, `csv_columns`): a time column, a text column and
maybe an author column. Each record is one message (kind "bot": a log entry, whoever
its agent was) starting at its first line; quoted cells may span lines.
Times may be ISO-8601 (`2026-10-16T22:45:03Z`), `2026-10-16 22:45:03 UTC`, month-name or numeric dates (their
order decided from the whole file)."""

import csv
import re
from datetime import date
from functools import lru_cache
from itertools import islice

from agent.transcript.assemble import CONTINUED, Found, Start
from agent.transcript.clock import Stamp, parse_clock
from agent.transcript.date_order import day_first_order
from agent.transcript.days import date_text
from agent.transcript.layout import expand_tokens, layout_file
from agent.transcript.plain import scan_plain
from agent.transcript.stamped import scan_stamped
from agent.transcript.zones import zone_from_token

RECORD_SCORE = 4
HEADER_SEARCH = 3
_MAX_HEADER = 400  # characters; a longer first line is not a header row
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1)
def _numeric_stamp() -> re.Pattern:
    return re.compile(expand_tokens(
        r"^(?P<date><<NDATE>>|<<ISODATE>>)[,T\s]+(?P<clock><<CLOCK>>)\s*(?P<zone><<ZONE>>)?$"), re.IGNORECASE)


def column_key(name: str) -> str:
    """A column name as the names in `csv_columns` are compared: lower case, spaces and "_" alike, no quotes."""
    return " ".join(name.strip().strip('"').lower().replace("_", " ").split())


def _columns(header: list[str]) -> tuple[int, int, int | None, bool] | None:
    """(time, text, author) column positions and whether people wrote the text (a chat's export: its text column
    is named as `csv_columns.said` names it), or None when the row is not such a header. A column named whole wins
    (in the order `csv_columns` lists the names); else one whose name holds one of them as a word, in the same order
    ("Post Creation Time", "Post Message" before "User Type")."""
    keys = [column_key(cell) for cell in header]

    def position(field: str, taken: tuple[int | None, ...] = ()) -> int | None:
        whole = (keys.index(name) for name in _ordered_column_names(field) if name in keys)
        words = [_WORD.findall(key) for key in keys]
        by_word = (index for name in _ordered_column_names(field) for index in range(len(keys)) if name in words[index])
        return next((index for index in (*whole, *by_word) if index not in taken), None)

    time = position("time")
    text = position("text", (time,))
    if time is None or text is None:
        return None
    return time, text, position("author", (time, text)), names_field(keys[text], "said")


@lru_cache(maxsize=8)
def _ordered_column_names(field: str) -> tuple[str, ...]:
    """The names `csv_columns` gives a field's column ("time", "text", "author", "date", "said"), compared as
    `column_key`."""
    return tuple(column_key(name) for name in getattr(layout_file().csv_columns, field))


@lru_cache(maxsize=8)
def _column_name_set(field: str) -> frozenset[str]:
    return frozenset(_ordered_column_names(field))


def names_field(key: str, field: str) -> bool:
    """Whether a column named `key` (`column_key`) holds `field`: its whole name is one of the field's, or one of
    its words is ("Created Date Time", "Logged by")."""
    names = _column_name_set(field)
    return key in names or any(word in names for word in _WORD.findall(key))


def _header_row(lines: list[str]) -> int | None:
    """Index of the header row: one of the first HEADER_SEARCH non-blank lines (a title may precede it) that
    names a time and a text column."""
    candidates = (index for index, line in enumerate(lines) if line.strip())
    for index in islice(candidates, HEADER_SEARCH):
        line = lines[index]
        if len(line) <= _MAX_HEADER and "," in line and _columns(_cells(line)):
            return index
    return None


def _cells(line: str) -> list[str]:
    try:
        return next(csv.reader([line]), [])
    except csv.Error:  # a stray carriage return inside the line: no header row
        return []


def _records(lines: list[str], header: int):
    """(first line index, cells) of each record after the header row."""
    reader = csv.reader(line + "\n" for line in lines[header:])  # the newline keeps line breaks inside cells
    columns = _columns(next(reader))
    consumed = reader.line_num
    for row in reader:
        start = header + consumed
        consumed = reader.line_num
        if any(cell.strip() for cell in row):
            while start < len(lines) and not lines[start].strip():
                start += 1
            yield start, header + consumed, row, columns


def read(lines: list[str], anchor: date | None = None) -> tuple[list[Found], list[str]]:
    """What each line is, and warnings; `anchor` (--date) settles the order of ambiguous numeric dates."""
    found: list[Found] = [None] * len(lines)
    header = _header_row(lines)
    if header is None:
        return found, []
    found[header] = CONTINUED
    try:
        records = list(_records(lines, header))
    except csv.Error:
        return found, ["the CSV could not be read past a malformed row; later rows are read as text"]
    day_first, warnings = day_first_order((_cell(row, columns[0]) for _, _, row, columns in records), anchor=anchor)
    for start, end, row, (time, text, author, said) in records:
        who = _cell(row, author).strip() if author is not None else ""
        found[start] = Start(author=who or None, stamp=cell_stamp(_cell(row, time), day_first),
                             text=_cell(row, text).strip(), kind="chat" if said and who else "bot")
        for following in range(start + 1, min(end, len(lines))):
            found[following] = CONTINUED
    return found, warnings


def _cell(row: list[str], position: int | None) -> str:
    return row[position] if position is not None and position < len(row) else ""


def cell_stamp(value: str, day_first: bool) -> Stamp | None:
    """The time a table cell holds: a date and time (numeric dates in the order `day_first` says), or a clock
    alone ("09:13", "9:13 PM UTC")."""
    value = value.strip()
    dated = scan_stamped(value)
    if dated is not None and dated.stamp is not None and not dated.text:
        return dated.stamp
    clock_alone = scan_plain(value)
    if isinstance(clock_alone, Start) and clock_alone.stamp is not None and not clock_alone.text:
        return clock_alone.stamp
    match = _numeric_stamp().match(value)
    clock = parse_clock(match.group("clock")) if match else None
    hint = date_text(match.group("date"), day_first=day_first) if match else None
    if match is None or clock is None or hint is None:
        return None
    zone = zone_from_token(match.group("zone")) if match.group("zone") else None
    return Stamp(clock=clock, day_hint=hint, zone=zone)


def line_scores(lines: list[str]) -> list[int]:
    """RECORD_SCORE on the first line of each record with a readable time; nothing when there is no header row."""
    found, _ = read(lines)
    return [RECORD_SCORE if isinstance(item, Start) and item.stamp else 0 for item in found]
