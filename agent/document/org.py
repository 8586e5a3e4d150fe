"""Org mode -> Markdown, line for line (agent/document/line_markup.py).

- `* Heading` is level 1, `** Heading` level 2 and so on; with a `#+TITLE:` the title is level 1 and every
  heading one level deeper. TODO keywords stay (they say what is open); trailing `:tags:` go.
- `#+AUTHOR:`, `#+DATE:` and other keywords become `Author: ...` header lines; `#+BEGIN_SRC`/`#+BEGIN_EXAMPLE` blocks become
  code; other `#+BEGIN_`/`#+END_` lines, `# comments` and `:PROPERTIES:` drawers go.
- Tables (`| a | b |`, with `|---+---|` under the header) become tables. Lists are Markdown's already.
"""

import re

from agent.document.line_markup import RULE, TableRow, convert_constructs, field, place_table, split_lines

_HEADING = re.compile(r"^(?P<stars>\*+)\s+(?P<title>.*?)(?:\s+:[\w@#%:]+:)?\s*$")
_KEYWORD = re.compile(r"^\s*#\+(?P<name>\w+):\s*(?P<value>.*)$")
_BLOCK = re.compile(r"^\s*#\+(?P<edge>begin|end)_(?P<kind>\w+)", re.I)
_COMMENT = re.compile(r"^\s*#(?:\s|$)")
_DRAWER = re.compile(r"^\s*:(?P<name>[\w-]+):\s*$")
_ROW = re.compile(r"^\s*\|")
_SEPARATOR = re.compile(r"^\s*\|[-+]+\|?\s*$")
_CODE_BLOCKS = frozenset({"src", "example"})


def org_to_markdown(text: str) -> str:
    lines = split_lines(text)
    titled = any((k := _KEYWORD.match(line)) and k.group("name").lower() == "title" for line in lines)
    return convert_constructs(lines, lambda lines, out, index: _convert(lines, out, index, titled))


def _convert(lines: list[str], out: list[str], index: int, titled: bool) -> int:
    line = lines[index]
    if (block := _BLOCK.match(line)) is not None:
        if block.group("edge").lower() == "begin" and block.group("kind").lower() in _CODE_BLOCKS:
            return _code(lines, out, index, block.group("kind"))
        out[index] = ""
    elif _ROW.match(line):
        return _table(lines, out, index)
    elif (heading := _HEADING.match(line)) is not None:
        out[index] = "#" * min(len(heading.group("stars")) + titled, 6) + " " + heading.group("title")
    elif (keyword := _KEYWORD.match(line)) is not None:
        name, value = keyword.group("name"), keyword.group("value")
        if not value.strip() or name.lower() in _SETTINGS:
            out[index] = ""
        else:
            out[index] = ("# " + value.strip()) if name.lower() == "title" else field(name.capitalize(), value)
    elif (drawer := _DRAWER.match(line)) is not None and drawer.group("name").lower() != "end":
        return _drawer(lines, out, index)
    elif _COMMENT.match(line) or RULE.match(line):
        out[index] = ""
    return index + 1


# Keywords that configure export, not facts about the incident.
_SETTINGS = frozenset({"options", "startup", "setupfile", "latex_header", "html_head", "language", "property",
                       "filetags", "tags", "todo", "seq_todo", "typ_todo", "export_file_name", "include", "name",
                       "caption", "attr_html", "attr_latex", "results", "call", "macro", "link", "html", "latex"})


def _code(lines: list[str], out: list[str], start: int, kind: str) -> int:
    closer = re.compile(r"^\s*#\+end_" + re.escape(kind) + r"\b", re.I)
    end = next((i for i in range(start + 1, len(lines)) if closer.match(lines[i])), len(lines))
    out[start] = "```"
    if end < len(lines):
        out[end] = "```"
    return end + 1


def _drawer(lines: list[str], out: list[str], start: int) -> int:
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip().lower() == ":end:"), None)
    if end is None:
        out[start] = ""
        return start + 1
    for position in range(start, end + 1):
        out[position] = ""
    return end + 1


def _table(lines: list[str], out: list[str], start: int) -> int:
    rows: list[TableRow] = []
    index = start
    header_marked = False
    while index < len(lines) and _ROW.match(lines[index]):
        if _SEPARATOR.match(lines[index]):
            if rows and not header_marked:  # the rows above the first rule under a row are the header
                for row in rows:
                    row.header = True
                header_marked = True
        else:
            cells = lines[index].strip().strip("|").split("|")
            rows.append(TableRow(line=index, cells=cells))
        index += 1
    place_table(out, rows, start, index - 1)
    return index
