"""Tables written as raw HTML inside Markdown (`<table><tr><td>…`), as Pandoc, Confluence and wiki exports produce.

A header is the first row when it is made of `<th>` cells (or sits in `<thead>`); otherwise the table has no
header. Each row keeps the source line of its `<tr>`, so findings still point at the right line. Markup inside
a cell is dropped; list items inside a cell are joined with "; ".
"""

from html.parser import HTMLParser

from agent.models.document import Table

_BREAKS = frozenset({"li", "p", "br", "div"})


class _TableParser(HTMLParser):
    def __init__(self, first_line: int):
        super().__init__(convert_charrefs=True)
        self.first_line = first_line
        self.tables: list[Table] = []
        self._depth = 0
        self._rows: list[tuple[int, list[str], bool]] = []
        self._row: list[str] | None = None
        self._row_line = 0
        self._row_is_header = False
        self._in_head = False
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self._rows = []
        elif self._depth != 1:
            return
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row, self._row_line, self._row_is_header = [], self.first_line + self.getpos()[0] - 1, self._in_head
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            self._row_is_header = self._row_is_header or (tag == "th" and not self._row)
        elif tag in _BREAKS and self._cell is not None:
            self._cell.append("\n")
        elif tag == "caption":
            self._caption = []

    def handle_endtag(self, tag):
        if tag == "table":
            if self._depth == 1:
                self._finish_table()
            self._depth = max(self._depth - 1, 0)
        elif self._depth != 1:
            return
        elif tag == "thead":
            self._in_head = False
        elif tag in ("td", "th"):
            self._close_cell()
        elif tag == "tr":
            self._close_row()
        elif tag == "caption":
            self._caption = None

    def handle_data(self, data):
        if self._depth == 1 and self._cell is not None:
            self._cell.append(data)

    def _close_cell(self):
        if self._cell is not None and self._row is not None:
            parts = [" ".join(part.split()) for part in "".join(self._cell).split("\n")]
            self._row.append("; ".join(part for part in parts if part))
        self._cell = None

    def _close_row(self):
        self._close_cell()
        if self._row:
            self._rows.append((self._row_line, self._row, self._row_is_header))
        self._row = None

    def _finish_table(self):
        self._close_row()
        if not self._rows:
            return
        header: list[str] = []
        line = self._rows[0][0]
        rows = self._rows
        if rows[0][2]:
            header, rows = rows[0][1], rows[1:]
        self.tables.append(Table(header=header, rows=[r[1] for r in rows], line=line,
                                 row_lines=[r[0] for r in rows]))


def opens_table(html: str) -> bool:
    return "<table" in html.lower()


def closes_table(html: str) -> bool:
    lowered = html.lower()
    return lowered.count("</table") >= lowered.count("<table")


def read_html_tables(html: str, first_line: int) -> list[Table]:
    """Every top-level table in an HTML fragment whose first line is `first_line` of the document."""
    parser = _TableParser(first_line)
    parser.feed(html)
    parser.close()
    if parser._depth:
        parser._finish_table()  # an unclosed table still yields the rows it has
    return parser.tables
