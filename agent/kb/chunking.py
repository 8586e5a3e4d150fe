"""A read post-mortem (agent.models.document.Document) -> section chunks, contributing factors and action items.

One chunk per section, split further when a section is longer than the embedder reads (256 word pieces,
roughly 180 words): retrieval then matches the part of a past incident that resembles the query.
"""

import re

from agent.kb.models import Chunk, FollowUp
from agent.models.document import Document, Section

CHUNK_WORDS = 170
# Never indexed: attendee lists hold people's names and say nothing about the failure; a retro brief is
# boilerplate; a "similar incidents" note describes other incidents and would make this one match them.
SKIPPED_SECTIONS = {"roles", "brief", "similar_incidents"}
FACTOR_SECTIONS = ("contributing_factors", "root_cause")
MAX_ITEM_CHARS = 400
_ITEM_COLUMNS = ("factor", "cause")

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|~~|`)")
_CHECKBOX = re.compile(r"^\s*\[( |x|X)\]\s*")
_DONE_WORDS = re.compile(r"\b(done|completed?|closed|fixed|resolved|shipped|merged)\b|✅|✔", re.IGNORECASE)
_INLINE_OWNER = re.compile(r"\bowner\s*[:=]\s*([^,;)\]]+)", re.IGNORECASE)
_INLINE_DUE = re.compile(r"\bdue\s*[:=]?\s*(\d{4}-\d{2}-\d{2})", re.IGNORECASE)


def plain(text: str) -> str:
    """Markdown inline syntax removed, whitespace collapsed: what a reader sees."""
    return " ".join(_EMPHASIS.sub("", _LINK.sub(r"\1", text)).split())


def section_text(section: Section) -> str:
    lines = []
    for block in section.blocks:
        text = plain(block.text)
        lines.append(f"- {text}" if block.is_list_item else text)
    for table in section.tables:
        if table.header:
            lines.append(" | ".join(plain(cell) for cell in table.header))
        lines.extend(" | ".join(plain(cell) for cell in row) for row in table.rows)
    return "\n".join(line for line in lines if line.strip())


def chunk_document(document: Document, *, max_words: int = CHUNK_WORDS) -> list[Chunk]:
    """Every indexed section as one or more chunks of at most `max_words`, split at line boundaries."""
    chunks: list[Chunk] = []
    for section in document.sections:
        if section.canonical in SKIPPED_SECTIONS:
            continue
        text = section_text(section)
        if not text:
            continue
        name = section.title or "Introduction"
        for piece in _pieces(text, max_words):
            chunks.append(Chunk(section=name, text=piece, position=len(chunks)))
    return chunks


def _pieces(text: str, max_words: int) -> list[str]:
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.split("\n"):
        words = line.split()
        while len(words) > max_words:  # one very long paragraph: cut it by words
            if current:
                pieces.append("\n".join(current))
                current, size = [], 0
            pieces.append(" ".join(words[:max_words]))
            words = words[max_words:]
        if size + len(words) > max_words and current:
            pieces.append("\n".join(current))
            current, size = [], 0
        current.append(" ".join(words))
        size += len(words)
    if current:
        pieces.append("\n".join(current))
    return [p for p in pieces if p.strip()]


def _items(section: Section) -> list[str]:
    """List items (or, where a section has none, its paragraphs) plus table rows, as plain text."""
    listed = [b for b in section.blocks if b.is_list_item]
    items = [plain(b.text) for b in (listed or section.blocks)]
    for table in section.tables:
        columns = [h.strip().lower() for h in table.header]
        main = next((i for i, c in enumerate(columns) if any(word in c for word in _ITEM_COLUMNS)), None)
        for row in table.rows:
            if main is not None and main < len(row):
                items.append(plain(row[main]))
            else:
                items.append(" | ".join(plain(cell) for cell in row if cell.strip()))
    return [item[:MAX_ITEM_CHARS] for item in items if item.strip()]


def contributing_factors(document: Document) -> list[str]:
    """The document's contributing factors; its root-cause items when it has no such section."""
    for canonical in FACTOR_SECTIONS:
        sections = [s for s in document.sections if s.canonical == canonical]
        items = [item for section in sections for item in _items(section)]
        if items:
            return items
    return []


def action_items(document: Document) -> list[FollowUp]:
    actions: list[FollowUp] = []
    for section in (s for s in document.sections if s.canonical == "action_items"):
        listed = [b for b in section.blocks if b.is_list_item]
        for block in listed or section.blocks:
            actions.append(_inline_action(block.text))
        for table in section.tables:
            actions.extend(_table_action(table.header, row) for row in table.rows)
    return [a for a in actions if a.action]


def _inline_action(raw: str) -> FollowUp:
    checkbox = _CHECKBOX.match(raw)
    done = (checkbox is not None and checkbox.group(1).lower() == "x") or raw.strip().startswith("~~")
    text = plain(_CHECKBOX.sub("", raw))
    owner = _INLINE_OWNER.search(text)
    due = _INLINE_DUE.search(text)
    return FollowUp(
        action=text[:MAX_ITEM_CHARS],
        owner=owner.group(1).strip() if owner else None,
        due=due.group(1) if due else None,
        done=done,
    )


def _table_action(header: list[str], row: list[str]) -> FollowUp:
    columns = [h.strip().lower() for h in header]

    def cell(*names: str) -> str | None:
        for index, column in enumerate(columns):
            if index < len(row) and any(name in column for name in names) and row[index].strip():
                return plain(row[index])
        return None

    action = cell("action", "item", "task", "what", "description") or plain(row[0] if row else "")
    status = cell("status", "state", "done")
    return FollowUp(
        action=action[:MAX_ITEM_CHARS],
        owner=cell("owner", "who", "assignee"),
        due=cell("due", "deadline", "date"),
        done=bool(status and _DONE_WORDS.search(status)) or (row[0].strip().startswith("~~") if row else False),
    )
