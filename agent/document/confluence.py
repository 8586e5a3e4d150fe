"""Confluence (and Jira) wiki markup -> Markdown, line for line (agent/document/line_markup.py).

- `h1.` to `h6.` are headings; `*`, `-` and `#` items nest by the length of their marker (`**`, `*#`).
- `||Head||Head||` is a header row and `|cell|cell|` a row; a `|` inside `[link|url]` or `{macro|...}` is not a
  cell edge.
- `{code}` and `{noformat}` blocks become code; other macro lines (`{panel}`, `{info}`, `{toc}`) go and keep
  their content; `bq.` is a quote; `----` (a rule) goes.
"""

import re

from agent.document.line_markup import RULE, TableRow, convert_constructs, list_item, place_table, split_lines

_HEADING = re.compile(r"^\s*h(?P<level>[1-6])\.\s+(?P<title>.*\S)\s*$")
_LIST = re.compile(r"^\s*(?P<marks>[*#-]{1,6})\s+(?P<text>\S.*)$")
_CODE = re.compile(r"^\s*\{(?P<name>code|noformat)(?::[^}]*)?\}(?P<rest>.*)$", re.I)
_MACRO_LINE = re.compile(r"^\s*\{[a-z][\w-]*(?::[^}]*)?\}\s*$", re.I)
_QUOTE = re.compile(r"^\s*bq\.\s+")
_ROW = re.compile(r"^\s*\|")


def confluence_to_markdown(text: str) -> str:
    lines = split_lines(text)
    return convert_constructs(lines, _convert)


def _convert(lines: list[str], out: list[str], index: int) -> int:
    line = lines[index]
    if (code := _CODE.match(line)) is not None:
        return _code(lines, out, index, code.group("name").lower())
    if _ROW.match(line):
        return _table(lines, out, index)
    if (heading := _HEADING.match(line)) is not None:
        out[index] = "#" * int(heading.group("level")) + " " + heading.group("title")
    elif (item := _LIST.match(line)) is not None:
        marks = item.group("marks")
        out[index] = list_item(len(marks), marks.endswith("#"), item.group("text"))
    elif _QUOTE.match(line):
        out[index] = _QUOTE.sub("> ", line)
    elif _MACRO_LINE.match(line) or RULE.match(line):
        out[index] = ""
    return index + 1


def _code(lines: list[str], out: list[str], start: int, name: str) -> int:
    closer = re.compile(r"\{" + name + r"\}\s*$", re.I)
    end = next((i for i in range(start + 1, len(lines)) if closer.search(lines[i])), len(lines))
    out[start] = "```"
    for position in range(start + 1, min(end, len(lines))):
        out[position] = lines[position]
    if end < len(lines):
        out[end] = "```"
    return end + 1


def _table(lines: list[str], out: list[str], start: int) -> int:
    rows: list[TableRow] = []
    index = start
    while index < len(lines) and _ROW.match(lines[index]):
        line = lines[index].strip()
        header = line.startswith("||")
        cells = [cell for cell in _cells(line) if cell.strip() or not header]
        rows.append(TableRow(line=index, cells=cells, header=header))
        index += 1
    place_table(out, rows, start, index - 1)
    return index


def _cells(row: str) -> list[str]:
    """A row's cells: split on | (and ||) outside [links|…] and {macros|…}; the edges' empty pieces dropped."""
    cells, current, depth = [], "", 0
    for char in row:
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth = max(depth - 1, 0)
        if char == "|" and depth == 0:
            cells.append(current)
            current = ""
        else:
            current += char
    cells.append(current)
    pieces = [cell.strip() for cell in cells]
    while pieces and not pieces[0]:
        pieces.pop(0)
    while pieces and not pieces[-1]:
        pieces.pop()
    return pieces
