"""Timeline tables: a Markdown table (`| 14:02 | Ana | failed over |`), or rows copied from a web page or a
spreadsheet with their cells separated by tabs (an HTML page's tables reach here that way too).

A header row names the columns (names in `layouts.yaml`, `csv_columns`, in several languages): a time column and a
text column are needed; an author column and a date column beside the time may be there. Each row with a readable
time is a message at that time, by the person its author column names (without one, by whoever kept the table);
its text is every text column, in order. A zone in the time column's header ("Time (UTC)", "Zeit, MEZ") is every
row's that writes none. The Markdown rule row (`|---|:---|`) belongs to the header. Lines that are no row of the
table (a cell's text going on over several lines, a pasted query result) continue the message above, and so does
a Markdown row without a time. A Markdown table ends at a blank line; a copied one, whose cells may hold blank
lines, at a row without a time (a follow-up table under it)."""

import re
from dataclasses import dataclass, replace
from datetime import date, tzinfo

from agent.transcript.assemble import CONTINUED, Found, Start
from agent.transcript.date_order import day_first_order
from agent.transcript.incident_csv import cell_stamp, column_key, names_field
from agent.transcript.plain import parting_line
from agent.transcript.zones import zone_from_token

# A row under a header that names its author column is read surer than a layout's guess at which column is whose
# (an event log's second column); without one, a tool's own layout (its log copied from the web) reads it better.
ROW_SCORE = 3
UNSIGNED_ROW_SCORE = 2
HEADER_SCORE = 2  # enough for a table pasted into a chat to start a block of its own with its header
_PIPE = re.compile(r"(?<!\\)\|")
_RULE_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")
_HEADER_ZONE = re.compile(r"^(?P<name>[^(),]+?)\s*(?:\((?P<zone>[^()]{1,40})\)|,\s*(?P<zone2>\S{1,40}))\s*$")
_EMPHASIS = re.compile(r"^(?:\*\*|__|\*|_)(.*?)(?:\*\*|__|\*|_)$")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MAX_HEADER_WORDS = 4


@dataclass(frozen=True, slots=True)
class Columns:
    """Where a table's fields are: the time, maybe a separate date, maybe an author, and its text columns."""

    time: int
    text: tuple[int, ...]
    author: int | None = None
    date: int | None = None
    zone: tzinfo | None = None  # named in the time column's header
    piped: bool = True  # a Markdown table, else tab-separated cells


def _cells(line: str) -> tuple[list[str], bool] | None:
    """The cells of a table row and whether it is a Markdown one; None for a line that is no row."""
    if "\t" in line:
        return [cell.strip() for cell in line.split("\t")], False
    stripped = line.strip()
    if stripped.count("|") - stripped.count("\\|") < 2:
        return None
    return [cell.strip().replace("\\|", "|") for cell in _PIPE.split(stripped.strip("|"))], True


def _header_columns(row: list[str], piped: bool) -> Columns | None:
    """The columns a header row names, or None when it names no time column or has no other column. A name counts
    whole ("occurred at") or by one of its words ("Created Date Time", "Logged by"); without a text column named,
    the columns that are neither time, date nor author hold the text ("Datum | Uhrzeit | Wer | Eintrag")."""
    keys, zones = zip(*(_named(cell) for cell in row), strict=True)
    if any(len(key.split()) > _MAX_HEADER_WORDS for key in keys):
        return None  # a header names its columns in a few words; a row of text is no header
    dates = [index for index, key in enumerate(keys) if names_field(key, "date")]
    times = [index for index, key in enumerate(keys) if names_field(key, "time") and index not in dates] or dates[:1]
    if not times:
        return None
    time = times[0]
    authors = [index for index, key in enumerate(keys) if names_field(key, "author") and index not in (time, *dates)]
    author = authors[0] if authors else None
    others = [index for index, key in enumerate(keys) if key and index not in (time, author, *dates)]
    text = tuple(index for index in others if names_field(keys[index], "text")) or tuple(others)
    if not text:
        return None
    day = next((index for index in dates if index != time), None)
    return Columns(time=time, text=text, author=author, date=day, zone=zones[time], piped=piped)


def read(lines: list[str], anchor: date | None = None) -> tuple[list[str], list[Found], list[str]]:
    """(lines as their text should read, what each line is, warnings); `anchor` (--date) settles the order of
    ambiguous numeric dates."""
    rows = list(_rows(lines))
    in_table = _table_lines(lines, rows)
    cleaned = list(lines)
    found: list[Found] = [None if index in in_table else parting_line(line) for index, line in enumerate(lines)]
    day_first, warnings = day_first_order((_when(row, columns) for _, row, columns in rows if row), anchor=anchor)
    for index, row, columns in rows:
        if row is None:  # the header, or a Markdown rule under it
            found[index] = CONTINUED
            continue
        opens = not columns.piped and lines[index].count('"') % 2 == 1  # a quoted cell going on below
        text = ": ".join(part for position in columns.text if (part := _text(_cell(row, position), opens)))
        found[index] = _start(row, columns, text, day_first)
        if found[index] is None:  # no time: the row's text goes on with the message above
            cleaned[index] = text
    return cleaned, found, warnings


def line_scores(lines: list[str]) -> list[int]:
    """A score on each timed row of a table under a header (ROW_SCORE when the header names an author column, else
    UNSIGNED_ROW_SCORE) and HEADER_SCORE on its header and rule rows."""
    rows = list(_rows(lines))
    day_first, _ = day_first_order((_when(row, columns) for _, row, columns in rows if row))
    scores = [0] * len(lines)
    for index, row, columns in rows:
        if row is None:
            scores[index] = HEADER_SCORE
        elif _start(row, columns, "", day_first) is not None:
            scores[index] = ROW_SCORE if columns.author is not None else UNSIGNED_ROW_SCORE
    return scores


def _start(row: list[str], columns: Columns, text: str, day_first: bool) -> Start | None:
    stamp = cell_stamp(_when(row, columns), day_first)
    if stamp is None:
        return None
    if stamp.zone is None and columns.zone is not None:
        stamp = replace(stamp, zone=columns.zone)
    author = _plain(_cell(row, columns.author)) if columns.author is not None else ""
    return Start(author=author or None, stamp=stamp, text=text or None)


def _rows(lines: list[str]):
    """(index, cells or None for a header or rule row, columns) of every row in a table under a header. A
    spreadsheet's copy quotes a cell that holds line breaks ("curl output:<newline>…"<TAB>): its lines are the
    cell's, tabs or not."""
    columns: Columns | None = None
    quoted = False
    for index, line in enumerate(lines):
        if quoted:
            quoted = line.count('"') % 2 == 0  # an odd count closes the cell ("" inside it is an escaped quote)
            continue
        split = _cells(line)
        if split is None or (columns is not None and split[1] != columns.piped):
            if not line.strip() and columns is not None and columns.piped:
                columns = None  # a Markdown table ends at a blank line; a copied one's cells may hold them
            continue
        row, piped = split
        timed = columns is not None and any(cell_stamp(_when(row, columns), order) for order in (True, False))
        named = None if timed else _header_columns(row, piped)  # a timed row is data, whatever words it holds
        if named is not None:
            columns = named
            yield index, None, columns
        elif columns is None:
            continue
        elif piped and all(_RULE_CELL.match(cell) for cell in row if cell):
            yield index, None, columns
        elif not piped and not timed:
            columns = None  # a copied row without a time: another table (follow-ups, owners) begins
        else:
            yield index, row, columns
            quoted = not piped and line.count('"') % 2 == 1


def _table_lines(lines: list[str], rows: list) -> set[int]:
    """Each table's header and rows, and the lines of text going on right under a row (up to a blank line)."""
    starts = {index for index, *_ in rows}
    inside: set[int] = set()
    for index, line in enumerate(lines):
        if index in starts or (line.strip() and index - 1 in inside):
            inside.add(index)
    return inside


def _when(row: list[str], columns: Columns) -> str:
    time = _plain(_cell(row, columns.time))
    day = _plain(_cell(row, columns.date)) if columns.date is not None else ""
    return f"{day} {time}".strip()


def _cell(row: list[str], position: int | None) -> str:
    return row[position] if position is not None and position < len(row) else ""


def _text(cell: str, opens: bool = False) -> str:
    """A text cell as written, without HTML line breaks, or the quote that opens it when it `opens` a cell going
    on over several lines."""
    cell = _BREAK.sub(" ", cell).strip()
    return cell[1:] if opens and cell.startswith('"') and cell.count('"') % 2 == 1 else cell


def _plain(cell: str) -> str:
    """A time, date or name cell without the Markdown emphasis around it ("**09:13**")."""
    cell = _text(cell)
    emphasised = _EMPHASIS.match(cell)
    return emphasised.group(1).strip() if emphasised else cell


def _named(cell: str) -> tuple[str, tzinfo | None]:
    """A header cell's name as the column lists write it, and the zone it names ("Time (UTC)")."""
    text = _plain(cell)
    zoned = _HEADER_ZONE.match(text)
    if zoned:
        zone = zone_from_token((zoned.group("zone") or zoned.group("zone2")).strip())
        if zone is not None:
            return column_key(zoned.group("name")), zone
    return column_key(text), None
