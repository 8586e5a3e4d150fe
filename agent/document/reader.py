"""Markdown -> Document: sections (with canonical ids), paragraphs, list items and tables, all with line numbers.

Rules that matter for real post-mortems:
- A section's blocks and tables are its own content, up to the next heading of any level; `end_line` is the
  last line before the next heading of the same or a higher level, so it spans its subsections.
- Content before the first heading is a level-0 section with an empty title.
- A subsection with an unknown title inherits its parent's canonical id ("### Why it failed" under "## Root
  cause"), except under a lone H1 that is just the document title. Date or time headings ("### 14:05",
  "## May 12") continue the timeline they follow.
- Where a document uses no real heading for a part, emphasised labels ("**Impact**: ...", "*Action Items*")
  and bare labels directly above a list ("Things that went well") start pseudo-sections one level below the heading they sit
  under. Inside a section we already recognise they stay ordinary text ("**TL;DR**" in a dissemination plan).
- Code blocks and raw HTML are not content; their lines stay in `lines` for quoting, except HTML tables, which
  are read like Markdown tables. A block that only looks like HTML because it starts with an IRC nick
  ("<volans> ...") is kept as text.
"""

import re
from functools import lru_cache

from agent.document.flattened import fold_flattened_tables
from agent.document.frontmatter import split_front_matter
from agent.document.headings import canonical_for, is_time_or_date_title
from agent.document.html_tables import closes_table, opens_table, read_html_tables
from agent.models.document import Block, Document, Section, Table

_FOOTNOTE_LINK = re.compile(r"\[\d+\]\([^)]*\)")
_WHOLE_EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(?P<title>[^\n]{1,80}?)\1\s*:?\s*$")
_LEADING_LABEL = re.compile(r"^(\*\*|__|\*|_)(?P<title>[^*_\n]{1,40}?)\s*(?::\s*\1|\1\s*:)\s*(?P<rest>.*)$", re.S)
_BARE_LABEL_MAX = 40
_LIST_OPENERS = ("bullet_list_open", "ordered_list_open")


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    # Inline parsing is not needed: blocks keep their raw inline source, which is faster and keeps markup for
    # the callers that look at links and emphasis.
    return MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])


class _Builder:
    def __init__(self, line_count: int, single_h1: bool):
        self.line_count = line_count
        self.single_h1 = single_h1
        self.sections: list[Section] = [Section(title="", canonical=None, level=0, line=1, end_line=line_count)]
        self.real: Section = self.sections[0]
        self.title_section: Section | None = None
        self.pseudo_lines: set[int] = set()

    @property
    def current(self) -> Section:
        return self.sections[-1]

    def heading(self, title: str, level: int, line: int) -> None:
        is_title = self.single_h1 and level == 1 and self.title_section is None
        canonical = canonical_for(title, exact_only=is_title)
        if canonical is None and not is_title:
            canonical = self._inherited(title, level)
        section = Section(title=title, canonical=canonical, level=level, line=line, end_line=self.line_count)
        if is_title:
            self.title_section = section
        self.sections.append(section)
        self.real = section

    def _inherited(self, title: str, level: int) -> str | None:
        if is_time_or_date_title(title):
            previous = next((s.canonical for s in reversed(self.sections) if s.canonical), None)
            if previous == "timeline":
                return "timeline"
        parent = next(
            (s for s in reversed(self.sections) if 0 < s.level < level and s.line not in self.pseudo_lines), None
        )
        if parent is None or parent is self.title_section:
            return None
        return parent.canonical

    def paragraph(self, text: str, line: int, in_list_item: bool, first_in_item: bool, before_list: bool) -> None:
        if not in_list_item and self.real.canonical is None and self._pseudo_heading(text, line, before_list):
            return
        if text.strip():
            self.current.blocks.append(Block(text=text, line=line, is_list_item=first_in_item))

    def _pseudo_heading(self, text: str, line: int, before_list: bool) -> bool:
        cleaned = _FOOTNOTE_LINK.sub("", text).strip()
        rest = ""
        whole = _WHOLE_EMPHASIS.match(cleaned)
        if whole:
            title = whole.group("title").strip().rstrip(":")
            canonical = canonical_for(title)
        elif (leading := _LEADING_LABEL.match(cleaned)) is not None:
            title, rest = leading.group("title").strip(), leading.group("rest").strip()
            canonical = canonical_for(title)
        elif before_list and "\n" not in cleaned and len(cleaned) <= _BARE_LABEL_MAX and not cleaned.endswith("."):
            title = cleaned.rstrip(":?").strip()
            canonical = canonical_for(title, exact_only=True)
        else:
            return False
        if canonical is None:
            return False
        level = self.real.level + 1
        section = Section(title=title, canonical=canonical, level=level, line=line, end_line=self.line_count)
        if rest:
            section.blocks.append(Block(text=rest, line=line))
        self.sections.append(section)
        self.pseudo_lines.add(line)
        return True

    def table(self, table: Table) -> None:
        self.current.tables.append(table)

    def finish(self) -> list[Section]:
        sections = [s for s in self.sections if s.level > 0 or s.blocks or s.tables]
        for index, section in enumerate(sections):
            following = next((s for s in sections[index + 1 :] if s.level <= section.level), None)
            section.end_line = (following.line - 1) if following else self.line_count
            section.end_line = max(section.end_line, section.line)
            if not section.tables and len(section.blocks) >= 6:
                section.blocks, section.tables = fold_flattened_tables(section.blocks)
        return sections


def read_markdown(text: str) -> Document:
    """Parse any Markdown (or plain text) post-mortem. Never raises on content; unknown sections are kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    front_matter, skipped = split_front_matter(lines)
    body = "\n" * skipped + "\n".join(lines[skipped:])
    tokens = _parser().parse(body)
    single_h1 = sum(1 for t in tokens if t.type == "heading_open" and t.tag == "h1") == 1
    builder = _Builder(max(len(lines), 1), single_h1)
    _walk(tokens, builder)
    sections = builder.finish()
    return Document(title=_title(front_matter, sections), front_matter=front_matter, sections=sections, lines=lines)


def _walk(tokens, builder: _Builder) -> None:
    item_depth = 0
    item_has_paragraph: list[bool] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "heading_open":
            inline = tokens[index + 1]
            builder.heading(inline.content.strip(), int(token.tag[1]), token.map[0] + 1)
            index += 3
            continue
        if kind == "list_item_open":
            item_depth += 1
            item_has_paragraph.append(False)
        elif kind == "list_item_close":
            item_depth -= 1
            item_has_paragraph.pop()
        elif kind == "paragraph_open":
            inline = tokens[index + 1]
            first = bool(item_has_paragraph) and not item_has_paragraph[-1]
            if item_has_paragraph:
                item_has_paragraph[-1] = True
            before_list = index + 3 < len(tokens) and tokens[index + 3].type in _LIST_OPENERS
            builder.paragraph(inline.content, token.map[0] + 1, item_depth > 0, first, before_list)
            index += 3
            continue
        elif kind == "html_block" and _is_chat_line(token.content):
            builder.paragraph(token.content.strip(), token.map[0] + 1, item_depth > 0, False, False)
        elif kind == "table_open":
            index = _read_table(tokens, index, builder)
            continue
        elif kind == "html_block" and opens_table(token.content):
            index = _read_html_table(tokens, index, builder)
            continue
        index += 1


_TAG = re.compile(r"^\s*</?([A-Za-z][\w-]*)")
HTML_TAGS = frozenset(
    "a abbr address article aside b blockquote br caption center code col colgroup dd del details div dl dt em "
    "figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe img input ins kbd label li "
    "link main mark meta nav ol p picture pre q s script section small source span strong style sub summary sup "
    "svg table tbody td tfoot th thead time title tr u ul video".split()
)


def _is_chat_line(html: str) -> bool:
    """'<volans> traffic is up' parses as an HTML block, but it is an IRC line: keep it as text."""
    match = _TAG.match(html)
    return match is not None and match.group(1).lower() not in HTML_TAGS


def _read_table(tokens, start: int, builder: _Builder) -> int:
    header: list[str] = []
    rows: list[list[str]] = []
    row_lines: list[int] = []
    header_line = (tokens[start].map[0] + 1) if tokens[start].map else 1
    in_head = False
    row: list[str] = []
    index = start + 1
    while index < len(tokens) and tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            row = []
            if not in_head and token.map:
                row_lines.append(token.map[0] + 1)
        elif token.type == "inline":
            row.append(token.content.strip())
        elif token.type == "tr_close":
            if in_head:
                header = row
            else:
                rows.append(row)
        index += 1
    if len(row_lines) < len(rows):
        row_lines += [header_line] * (len(rows) - len(row_lines))
    builder.table(Table(header=header, rows=rows, line=header_line, row_lines=row_lines))
    return index + 1


# A blank line ends a quoted block, so a quoted table may come back as several quotes.
_HTML_TABLE_TOKENS = frozenset({"html_block", "blockquote_open", "blockquote_close"})


def _read_html_table(tokens, start: int, builder: _Builder) -> int:
    """Blank lines split an HTML table into several html_block tokens; join them, keeping line offsets."""
    first_line = tokens[start].map[0]
    html, end, index = "", first_line, start
    while index < len(tokens) and tokens[index].type in _HTML_TABLE_TOKENS:
        token = tokens[index]
        index += 1
        if token.type == "html_block":
            html += "\n" * (token.map[0] - end) + token.content
            end = token.map[1]
            if closes_table(html):
                break
    for table in read_html_tables(html, first_line + 1):
        builder.table(table)
    return index


def _title(front_matter: dict, sections: list[Section]) -> str | None:
    title = front_matter.get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()
    first = next((s for s in sections if s.level == 1), None) or next((s for s in sections if s.level > 0), None)
    return first.title if first else None
