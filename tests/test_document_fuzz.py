"""Property tests: the reader never crashes and every line number it reports points into the source."""

from hypothesis import given
from hypothesis import strategies as st

from agent.document import read_markdown

MARKDOWN_BITS = st.sampled_from([
    "# ", "## ", "### ", "#", "- ", "* ", "1. ", "  - ", "> ", "| a | b |", "|---|---|", "| 1 | 2 |", "```", "---",
    "+++", "===", "**Impact**: ", "*Action Items*", "**", "_", "[x](http://e.x)", "<div>", "\t", "\n", "\n\n",
    "\r\n", "14:05", "Summary", "Timeline", "What went well", "title: x", "Unknown — ask: who?", "\\", "`",
    "<table>", "</table>", "<tr>", "<td>", "</td>", "<th>x</th>", "<thead>", "<ul><li>", "&amp;",
])
DOCUMENTS = st.lists(st.one_of(MARKDOWN_BITS, st.text(max_size=12)), max_size=60).map("".join)


def check_invariants(text: str) -> None:
    doc = read_markdown(text)
    count = len(doc.lines)
    for section in doc.sections:
        assert 1 <= section.line <= section.end_line <= max(count, 1)
        for block in section.blocks:
            assert 1 <= block.line <= count
        for table in section.tables:
            assert 1 <= table.line <= count
            assert len(table.row_lines) == len(table.rows)
            assert all(1 <= line <= count for line in table.row_lines)
    lines = [s.line for s in doc.sections]
    assert lines == sorted(lines)


@given(DOCUMENTS)
def test_reader_never_crashes_and_lines_stay_in_range(text):
    check_invariants(text)


@given(st.text(max_size=400))
def test_reader_survives_arbitrary_unicode(text):
    check_invariants(text)


CELLS = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="<>&"), max_size=15)


@given(st.lists(st.lists(CELLS, min_size=1, max_size=4), min_size=1, max_size=6), st.booleans())
def test_html_tables_keep_every_row_and_its_line(rows, blank_lines_between_rows):
    separator = "\n\n" if blank_lines_between_rows else "\n"
    body = separator.join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    text = f"## Action items\n\n<table>\n{body}\n</table>\n"
    check_invariants(text)
    [table] = read_markdown(text).section("action_items").tables
    assert table.rows == [[" ".join(cell.split()) for cell in row] for row in rows]
    source = text.split("\n")
    assert all(source[line - 1].startswith("<tr>") for line in table.row_lines)
