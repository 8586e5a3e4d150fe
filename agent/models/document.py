"""A Markdown post-mortem as read from disk: sections, tables and list items, each with its line number."""

from pydantic import BaseModel, Field


class Block(BaseModel):
    """A paragraph or list item inside a section."""

    text: str
    line: int
    is_list_item: bool = False


class Table(BaseModel):
    header: list[str]
    rows: list[list[str]]
    line: int = Field(description="line of the header row")
    row_lines: list[int] = Field(description="line of each data row")


class Section(BaseModel):
    title: str = Field(description="heading text as written")
    canonical: str | None = Field(
        default=None,
        description="pack section id (summary, impact, timeline, action_items, ...), None when unrecognised",
    )
    level: int
    line: int = Field(description="line of the heading")
    end_line: int
    blocks: list[Block] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)


class Document(BaseModel):
    title: str | None = None
    front_matter: dict = Field(default_factory=dict)
    sections: list[Section] = Field(default_factory=list)
    lines: list[str] = Field(default_factory=list, description="the source, for quoting offending lines")

    def section(self, canonical: str) -> Section | None:
        return next((s for s in self.sections if s.canonical == canonical), None)
