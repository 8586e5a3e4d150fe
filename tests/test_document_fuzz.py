"""Property tests: the reader never crashes and every line number it reports points into the source."""

from hypothesis import given
from hypothesis import strategies as st

from agent.document import read_markdown

MARKDOWN_BITS = st.sampled_from([
    "# ", "## ", "### ", "#", "- ", "* ", "1. ", "  - ", "> ", "| a | b |", "|---|---|", "| 1 | 2 |", "```", "---",
    "+++", "===", "**Impact**: ", "*Action Items*", "**", "_", "[x](http://e.x)", "<div>", "\t", "\n", "\n\n",
    "\r\n", "14:05", "Summary", "Timeline", "What went well", "title: x", "Unknown — ask: who?", "\\", "`",
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
