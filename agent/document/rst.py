"""reStructuredText (Sphinx docs) -> Markdown, line for line (agent/document/line_markup.py).

- A section title is a line underlined (and optionally overlined) with one punctuation character repeated at
  least as long as the title; levels follow the order in which the styles first appear, as docutils does.
- Field lists (`:Date: 2024-05-01`) become header lines (`Date: 2024-05-01`); code directives (`.. code-block::`)
  and literal blocks (`::`) become indented code; a list-table becomes a table; other directives (`.. note::`)
  keep their text; comments and link targets go.
- Grid tables (`+---+---+`) and simple tables (`===  ===`) become tables.
"""

import itertools
import re

from agent.document.line_markup import TableRow, convert_constructs, field, kept_as_written, place_table, split_lines

_ADORNMENT = re.compile(r"""^([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])\1{2,}\s*$""")
_FIELD = re.compile(r"^:(?P<name>[^:`\s][^:`]{0,40}):(?:\s+(?P<value>.*))?$")
_DIRECTIVE = re.compile(r"^(?P<indent>\s*)\.\.\s+(?P<name>[\w:-]+)::(?P<argument>.*)$")
_EXPLICIT = re.compile(r"^(?P<indent>\s*)\.\.(?:\s|$)")
_CODE_DIRECTIVES = frozenset({"code", "code-block", "sourcecode", "literalinclude", "highlight", "parsed-literal"})
_GRID_BORDER = re.compile(r"^\s*\+(?:[-=]+\+)+\s*$")
_SIMPLE_BORDER = re.compile(r"^\s*=+(?:\s+=+)+\s*$")
_ENUMERATED_AUTO = re.compile(r"^(\s*)#\.(\s+)")


def underline_headings(lines: list[str]) -> dict[int, tuple[int, str, list[int]]]:
    """{title index: (level, title, indexes of its adornment lines)}."""
    styles: list[tuple[str, bool]] = []
    found: dict[int, tuple[int, str, list[int]]] = {}
    for index in range(len(lines) - 1):
        title, under = lines[index].strip(), _ADORNMENT.match(lines[index + 1])
        if not title or under is None or _ADORNMENT.match(lines[index]) or len(lines[index + 1].strip()) < len(title):
            continue
        if lines[index] != lines[index].lstrip() and not _overlined(lines, index, under.group(1)):
            continue
        overlined = _overlined(lines, index, under.group(1))
        style = (under.group(1), overlined)
        if style not in styles:
            styles.append(style)
        adornments = [index - 1, index + 1] if overlined else [index + 1]
        found[index] = (min(styles.index(style) + 1, 6), title, adornments)
    return found


def _overlined(lines: list[str], index: int, char: str) -> bool:
    return index > 0 and lines[index - 1].strip().startswith(char * 3) and bool(_ADORNMENT.match(lines[index - 1]))


def rst_to_markdown(text: str) -> str:
    lines = split_lines(text)
    out = list(lines)
    kept = kept_as_written(lines)
    done: set[int] = set(kept)
    for index, (level, title, adornments) in underline_headings(lines).items():
        if index in kept:
            continue
        out[index] = "#" * level + " " + title
        for adornment in adornments:
            out[adornment] = ""
        done.update([index, *adornments])
    return convert_constructs(lines, _convert_block, out=out, skipped=done)


def _convert_block(lines: list[str], out: list[str], index: int) -> int:
    """Convert the construct starting at `index`; return the index after it."""
    line = lines[index]
    if _GRID_BORDER.match(line):
        return _grid_table(lines, out, index)
    if _SIMPLE_BORDER.match(line):
        return _simple_table(lines, out, index)
    directive = _DIRECTIVE.match(line)
    if directive:
        return _directive(lines, out, index, directive)
    if (explicit := _EXPLICIT.match(line)) is not None:  # a comment, link target or substitution: not text
        end = _indented_end(lines, index, len(explicit.group("indent")))
        for position in range(index, end):
            out[position] = ""
        return end
    if (fields := _FIELD.match(line)) is not None:
        out[index] = field(fields.group("name"), fields.group("value") or "")
        return index + 1
    if line.rstrip().endswith("::") and not line.strip().startswith(".."):
        out[index] = line.rstrip()[:-1] if line.rstrip()[:-2].strip() else ""
        return _code(lines, out, index + 1, _indent(line))
    out[index] = _ENUMERATED_AUTO.sub(r"\g<1>1.\g<2>", line)
    return index + 1


def _directive(lines: list[str], out: list[str], index: int, directive: re.Match) -> int:
    """A code directive becomes code; a list-table a table; any other keeps its body as text, dedented so that
    the loop converts it like the rest."""
    indent, name = len(directive.group("indent")), directive.group("name").lower()
    if name in _CODE_DIRECTIVES:
        out[index] = ""
        return _code(lines, out, index + 1, indent)
    end = _indented_end(lines, index, indent)
    start = _after_options(lines, out, index + 1, end)
    if name == "list-table":
        return _list_table(lines, out, index, start, end)
    argument = directive.group("argument").strip()
    out[index] = f"**{argument}**" if argument else ""
    margin = min((_indent(lines[p]) for p in range(start, end) if lines[p].strip()), default=0)
    for position in range(start, end):
        lines[position] = out[position] = lines[position][margin:]
    return start


def _after_options(lines: list[str], out: list[str], start: int, end: int) -> int:
    """A directive's options (`:linenos:`, `:header-rows: 1`) right under it: blanked; the index after them."""
    position = start
    while position < end and _FIELD.match(lines[position].strip()):
        out[position] = ""
        position += 1
    return position


def _code(lines: list[str], out: list[str], start: int, indent: int) -> int:
    """The indented block after `::` or a code directive, as Markdown's indented code."""
    end = _indented_end(lines, start - 1, indent)
    start = _after_options(lines, out, start, end)
    margin = min((_indent(lines[p]) for p in range(start, end) if lines[p].strip()), default=0)
    for position in range(start, end):
        out[position] = ("    " + lines[position][margin:]) if lines[position].strip() else ""
    return end


_LIST_TABLE_ROW = re.compile(r"^\s*\*\s+-\s+(?P<cell>.*)$")
_LIST_TABLE_CELL = re.compile(r"^\s*-\s+(?P<cell>.*)$")


def _list_table(lines: list[str], out: list[str], index: int, start: int, end: int) -> int:
    header_rows = next((int(m.group(1)) for p in range(index + 1, start)
                        if (m := re.search(r":header-rows:\s*(\d+)", lines[p]))), 0)
    rows: list[TableRow] = []
    for position in range(start, end):
        if (row := _LIST_TABLE_ROW.match(lines[position])) is not None:
            rows.append(TableRow(line=position, cells=[row.group("cell")], header=len(rows) < header_rows))
        elif rows and (cell := _LIST_TABLE_CELL.match(lines[position])) is not None:
            rows[-1].cells.append(cell.group("cell"))
        elif rows and lines[position].strip():
            rows[-1].cells[-1] += " " + lines[position].strip()
    caption = _DIRECTIVE.match(lines[index])
    out[index] = f"**{caption.group('argument').strip()}**" if caption and caption.group("argument").strip() else ""
    if rows:
        place_table(out, rows, index + 1, end - 1)
    return end


def _indented_end(lines: list[str], index: int, indent: int) -> int:
    """The index after the block indented deeper than `indent` that follows line `index`."""
    position = index + 1
    while position < len(lines) and (not lines[position].strip() or _indent(lines[position]) > indent):
        position += 1
    while position - 1 > index and not lines[position - 1].strip():
        position -= 1
    return position


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _grid_table(lines: list[str], out: list[str], start: int) -> int:
    border = lines[start]
    edges = [i for i, char in enumerate(border) if char == "+"]
    rows: list[TableRow] = []
    current: TableRow | None = None
    index = start + 1
    while index < len(lines) and lines[index].strip().startswith(("|", "+")):
        line = lines[index]
        if _GRID_BORDER.match(line):
            if current is not None:
                rows.append(current)
                current.header = "=" in line
            current = None
        else:
            cells = [line[a + 1 : b].strip() for a, b in itertools.pairwise(edges)]
            if current is None:
                current = TableRow(line=index, cells=cells)
            else:
                current.cells = [f"{old} {new}".strip() for old, new in zip(current.cells, cells, strict=False)]
        index += 1
    if current is not None:
        rows.append(current)
    place_table(out, rows, start, index - 1)
    return index


def _simple_table(lines: list[str], out: list[str], start: int) -> int:
    columns = [(m.start(), m.end()) for m in re.finditer(r"=+", lines[start])]
    rows: list[TableRow] = []
    borders = [start]
    index = start + 1
    while index < len(lines) and len(borders) < 3:
        line = lines[index]
        if _SIMPLE_BORDER.match(line):
            borders.append(index)
        elif not line.strip():
            if len(borders) == 2 and index + 1 < len(lines) and not lines[index + 1].strip():
                break
        else:
            starts: list[int | None] = [a for a, _ in columns] + [None]
            cells = [line[a:b].strip() for a, b in itertools.pairwise(starts)]
            rows.append(TableRow(line=index, cells=cells))
        index += 1
    if len(borders) == 3:
        for row in rows:
            row.header = row.line < borders[1]
    last = borders[-1] if len(borders) > 1 else index - 1
    place_table(out, rows, start, last)
    return last + 1
