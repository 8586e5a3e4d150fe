"""Tables that a web clipper flattened into one short paragraph per cell.

Copies of HTML pages often turn a table into "Action Item / Type / Owner / Bug / <cell> / <cell> ..." with
every cell its own paragraph. When a section holds a run of paragraphs that starts with two or more known
column names, the paragraphs up to the next list item are folded back into a Table (rows of that width) so
that times, owners and types can be read. Two columns need at least two full rows to count.
"""

from agent.document.headings import normalise_title
from agent.models.document import Block, Table

COLUMN_NAMES = frozenset(
    {
        "action", "action item", "action items", "item", "task", "type", "category", "owner", "owners",
        "assignee", "bug", "tracking bug", "ticket", "issue", "priority", "status", "due", "due date",
        "deadline", "time", "event", "date", "signal", "threshold", "success signal", "follow up",
    }
)
_MIN_COLUMNS = 2
_MIN_ROWS = {2: 2}
_MAX_CELL_CHARS = 30


def fold_flattened_tables(blocks: list[Block]) -> tuple[list[Block], list[Table]]:
    """(remaining blocks, recovered tables) for one section's blocks, in document order."""
    kept: list[Block] = []
    tables: list[Table] = []
    index = 0
    while index < len(blocks):
        width = _header_width(blocks, index)
        if width < _MIN_COLUMNS:
            kept.append(blocks[index])
            index += 1
            continue
        run_end = index + width
        while run_end < len(blocks) and not blocks[run_end].is_list_item:
            run_end += 1
        cells = blocks[index + width : run_end]
        row_count = len(cells) // width
        if row_count < _MIN_ROWS.get(width, 1):
            kept.append(blocks[index])
            index += 1
            continue
        rows = [cells[r * width : (r + 1) * width] for r in range(row_count)]
        tables.append(
            Table(
                header=[b.text for b in blocks[index : index + width]],
                rows=[[cell.text for cell in row] for row in rows],
                line=blocks[index].line,
                row_lines=[row[0].line for row in rows],
            )
        )
        index += width + row_count * width
    return kept, tables


def _header_width(blocks: list[Block], start: int) -> int:
    width = 0
    for index in range(start, len(blocks)):  # not blocks[start:]: copying the tail at every start is quadratic
        block = blocks[index]
        text = block.text.strip()
        if block.is_list_item or len(text) > _MAX_CELL_CHARS or normalise_title(text) not in COLUMN_NAMES:
            break
        width += 1
    return width
