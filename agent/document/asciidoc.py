"""AsciiDoc -> Markdown, line for line (agent/document/line_markup.py).

- `= Title` is the document title (level 1), `== Section` level 2, down to `====== ` (level 6).
- `*`, `**`, `-` bullets and `.`, `..` numbered items nest by their marker's length; `.Title` block titles
  become bold labels; `:name: value` attributes become `name: value` header lines.
- `----` and `....` blocks become code; other delimiters (`====`, `****`, `____`, `--`) and attribute lines
  (`[source,python]`) go, keeping their content; `//` comments go.
- `|===` tables become tables: cells start with `|`, the column count comes from `[cols=...]` or the first line,
  the first line is a header when a blank line follows it or the table is marked `%header`.
"""

import re

from agent.document.line_markup import RULE, TableRow, convert_constructs, field, list_item, place_table, split_lines

_HEADING = re.compile(r"^(?P<marks>={1,6})\s+(?P<title>\S.*?)\s*=*\s*$")
_LIST = re.compile(r"^\s*(?P<marks>\*{1,5}|-|\.{1,5})\s+(?P<text>\S.*)$")
_BLOCK_TITLE = re.compile(r"^\.(?P<title>[^.\s].*)$")
_ATTRIBUTE_ENTRY = re.compile(r"^:(?P<name>!?[\w-]+!?):(?:\s+(?P<value>.*))?$")
_ATTRIBUTE_LIST = re.compile(r"^\[[^\]]*\]\s*$")
_CODE_DELIMITER = re.compile(r"^(?:-{4,}|\.{4,})\s*$")
_OTHER_DELIMITER = re.compile(r"^(?:={4,}|\*{4,}|_{4,}|\+{4,}|--)\s*$")
_COMMENT_BLOCK = re.compile(r"^/{4,}\s*$")
_TABLE = re.compile(r"^[|!,:]===\s*$")
# A cell starts at "|", after an optional spec at the start of a line or after a space ("2+|", "a|", "^.^|").
_CELL_SPEC = re.compile(r"(?:(?:^|(?<=\s))[\d.+*<>^]*[aehlmsdv]?)?\|")


def asciidoc_to_markdown(text: str) -> str:
    lines = split_lines(text)
    return convert_constructs(lines, _convert)


def _convert(lines: list[str], out: list[str], index: int) -> int:
    line = lines[index]
    if _TABLE.match(line):
        return _table(lines, out, index)
    if _CODE_DELIMITER.match(line) or _COMMENT_BLOCK.match(line):
        return _delimited(lines, out, index, code=not _COMMENT_BLOCK.match(line))
    if (heading := _HEADING.match(line)) is not None:
        out[index] = "#" * len(heading.group("marks")) + " " + heading.group("title")
    elif (item := _LIST.match(line)) is not None:
        marks = item.group("marks")
        out[index] = list_item(len(marks), marks.startswith("."), item.group("text"))
    elif (title := _BLOCK_TITLE.match(line)) is not None:
        out[index] = f"**{title.group('title').strip()}**"
    elif (attribute := _ATTRIBUTE_ENTRY.match(line)) is not None:
        out[index] = field(attribute.group("name").strip("!"), attribute.group("value") or "")
    elif _ATTRIBUTE_LIST.match(line) or _OTHER_DELIMITER.match(line) or RULE.match(line) or line.startswith("//"):
        out[index] = ""
    return index + 1


def _delimited(lines: list[str], out: list[str], start: int, code: bool) -> int:
    """A listing or literal block as a ``` fence (a comment block as blank lines)."""
    delimiter = lines[start].strip()
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() == delimiter), len(lines))
    for position in range(start, min(end + 1, len(lines))):
        out[position] = lines[position] if code else ""
    if code:
        out[start] = "```"
        if end < len(lines):
            out[end] = "```"
    return end + 1


def _table(lines: list[str], out: list[str], start: int) -> int:
    end = next((i for i in range(start + 1, len(lines)) if _TABLE.match(lines[i])), len(lines))
    spec = lines[start - 1] if start > 0 and _ATTRIBUTE_LIST.match(lines[start - 1]) else ""
    separator = lines[start][0]
    cells: list[tuple[int, str]] = []
    first_line_cells = 0
    first_content: int | None = None
    for position in range(start + 1, end):
        line = lines[position]
        if not line.strip():
            continue
        if separator in line.lstrip()[:1] or _CELL_SPEC.match(line.lstrip()):
            parts = _CELL_SPEC.split(line.strip()) if separator == "|" else line.strip().split(separator)
            found = [(position, part.strip()) for part in parts[1:]]
            if first_content is None:
                first_content, first_line_cells = position, len(found)
            cells.extend(found)
        elif cells:  # a cell's text goes on over the next line
            last_line, last_text = cells[-1]
            cells[-1] = (last_line, f"{last_text} {line.strip()}")
    columns = _column_count(spec) or first_line_cells or 1
    header = "header" in spec or (
        first_content is not None and first_line_cells == columns
        and first_content + 1 < end and not lines[first_content + 1].strip() and "noheader" not in spec)
    rows = [TableRow(line=cells[i][0], cells=[text for _, text in cells[i : i + columns]],
                     header=header and i == 0) for i in range(0, len(cells), columns)]
    last = min(end, len(lines) - 1)
    if start > 0 and spec:
        out[start - 1] = ""
    place_table(out, rows, start, last)
    return last + 1


def _column_count(spec: str) -> int:
    cols = re.search(r'cols\s*=\s*"?(?P<cols>[^"\]]+)"?', spec)
    if cols is None:
        return 0
    value = cols.group("cols").strip()
    if (multiplied := re.match(r"^(\d+)\*", value)) is not None:
        return int(multiplied.group(1))
    return len(value.split(","))
