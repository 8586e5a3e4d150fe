"""Reading a Document by pack section: every section with a canonical id, and its items in document order."""

from typing import ClassVar, Literal

from pydantic import BaseModel, Field

from agent.models.document import Document, Section

ItemKind = Literal["list", "paragraph", "row", "heading"]


class Item(BaseModel):
    """One entry of a section: a list item, a paragraph, a table row, or a heading that is itself an entry
    (a timeline split into "### 14:05" headings)."""

    text: str
    line: int
    kind: ItemKind
    section_title: str
    indent: int = 0
    cells: list[str] = Field(default_factory=list)
    header: list[str] = Field(default_factory=list)


def sections_of(doc: Document, *canonicals: str) -> list[Section]:
    return [s for s in doc.sections if s.canonical in canonicals]


class _Memo:
    """Items of the most recently read document, by section. Grading asks for the same sections many times;
    the document is held here so the section ids stay valid. Callers must not mutate the returned lists."""

    doc: ClassVar[Document | None] = None
    by_section: ClassVar[dict[int, list[Item]]] = {}


def items_in(doc: Document, section: Section) -> list[Item]:
    if _Memo.doc is not doc:
        _Memo.doc, _Memo.by_section = doc, {}
    cached = _Memo.by_section.get(id(section))
    if cached is not None:
        return cached
    entries: list[Item] = []
    for block in section.blocks:
        kind: ItemKind = "list" if block.is_list_item else "paragraph"
        entries.append(
            Item.model_construct(text=block.text, line=block.line, kind=kind, section_title=section.title,
                                 indent=_indent(doc, block.line), cells=[], header=[])
        )
    for table in section.tables:
        for row, line in zip(table.rows, table.row_lines, strict=False):
            entries.append(
                Item.model_construct(text=" | ".join(row), line=line, kind="row", section_title=section.title,
                                     indent=0, cells=row, header=table.header)
            )
    entries.sort(key=lambda item: item.line)
    _Memo.by_section[id(section)] = entries
    return entries


def items_of(doc: Document, *canonicals: str) -> list[Item]:
    """All items of every section with one of these canonical ids, in document order."""
    entries: list[Item] = []
    for section in sections_of(doc, *canonicals):
        entries.extend(items_in(doc, section))
    return entries


def _indent(doc: Document, line: int) -> int:
    if 0 < line <= len(doc.lines):
        source = doc.lines[line - 1].replace("\t", "    ")
        stripped = source.lstrip(" >")
        return len(source) - len(stripped)
    return 0


def top_level(items: list[Item]) -> list[list[Item]]:
    """List items grouped with what is nested under them: [[parent, child, child], [parent], ...].

    A list item deeper than the shallowest list item of its section, or an indented paragraph that continues
    a list item, belongs to the item above it. Rows and other paragraphs are groups of their own.
    """
    base: dict[str, int] = {}
    for item in items:
        if item.kind == "list":
            base[item.section_title] = min(item.indent, base.get(item.section_title, item.indent))
    groups: list[list[Item]] = []
    for item in items:
        shallowest = base.get(item.section_title, 0)
        continues = bool(groups) and groups[-1][0].kind == "list" and groups[-1][0].section_title == item.section_title
        nested = item.indent > shallowest and item.kind in ("list", "paragraph")
        if continues and nested:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups
