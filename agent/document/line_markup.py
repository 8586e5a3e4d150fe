"""What the line-for-line converters (reST, AsciiDoc, Confluence wiki, Org, plain text) share.

Each converter turns line N of the user's file into line N of the Markdown, so every line number the reader
finds is the user's. A line that only carries markup (a reST underline, an AsciiDoc block delimiter) becomes
blank. Tables become HTML tables, one `<tr>` on the line of its row, because the Markdown reader reads HTML tables
with the line of each row and, unlike a pipe table, lets blank lines sit between rows.
"""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from agent.document.frontmatter import split_front_matter

_BACKTICK_FENCE = re.compile(r"^ {0,3}`{3,}")
# A horizontal rule (----, ***, '''): blank in the Markdown, where a rule under a line of text would make that
# line a heading.
RULE = re.compile(r"^\s*(?:-{4,}|\*{3,}|'{3,}|_{3,})\s*$")


def split_lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def front_matter_lines(lines: list[str]) -> int:
    """How many lines at the top are YAML or TOML front matter: kept as written, whatever the format."""
    return split_front_matter(lines)[1]


def fenced_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines inside ``` fences (and of the fences), which every converter keeps as written."""
    inside: set[int] = set()
    opened: str | None = None
    for index, line in enumerate(lines):
        fence = _BACKTICK_FENCE.match(line)
        if opened is None and fence:
            opened = fence.group(0).strip()
            inside.add(index)
        elif opened is not None:
            inside.add(index)
            if line.strip().startswith(opened) and not line.strip().strip("`"):
                opened = None
    return inside


def convert_constructs(lines: list[str], convert: Callable[[list[str], list[str], int], int], *,
                       out: list[str] | None = None, skipped: set[int] | None = None) -> str:
    """Walk the lines, letting `convert` rewrite `out` (a copy of the lines unless one is given) for the construct
    that starts at each index and say where the next one starts; the `skipped` lines (by default those every
    converter keeps as written) stay as they are."""
    out = list(lines) if out is None else out
    skipped = kept_as_written(lines) if skipped is None else skipped
    index = 0
    while index < len(lines):
        if index in skipped:
            index += 1
            continue
        index = convert(lines, out, index)
    return "\n".join(out)


def kept_as_written(lines: list[str]) -> set[int]:
    """The lines every converter keeps: inside ``` fences, and the front matter."""
    return fenced_lines(lines) | set(range(front_matter_lines(lines)))


def list_item(depth: int, ordered: bool, text: str) -> str:
    """A Markdown list item nested `depth` levels deep (1 = top). Four spaces a level nest under "- " and "1. "
    alike."""
    return " " * (4 * (max(depth, 1) - 1)) + ("1. " if ordered else "- ") + text


def field(name: str, value: str) -> str:
    """A metadata field (reST `:Date:`, AsciiDoc `:revdate:`, Org `#+DATE:`) as a header line, `Name: value`:
    text the header reads, not a bold label that would start a section of its own and take the text below."""
    return f"{name.strip()}: {value.strip()}"


@dataclass
class TableRow:
    line: int  # index of the source line the row starts on
    cells: list[str]
    header: bool = False


def place_table(out: list[str], rows: list[TableRow], first: int, last: int) -> None:
    """Write a table whose source spans lines first..last (indexes) into `out`: each row on its own line."""
    for index in range(first, last + 1):
        out[index] = ""
    for row in rows:
        tag = "th" if row.header else "td"
        cells = "".join(f"<{tag}>{html.escape(cell.strip())}</{tag}>" for cell in row.cells)
        out[row.line] = (out[row.line] + f"<tr>{cells}</tr>") if out[row.line] else f"<tr>{cells}</tr>"
    out[first] = "<table>" + out[first]
    out[last] = out[last] + "</table>"
