"""Search tools for the drafter and the facilitator: the transcript (BM25) and past incidents (the knowledge base).

`search_transcript` ranks the redacted messages, people already replaced by roles, with SQLite's FTS5 BM25 (the
same ranking and query terms as the knowledge base's lexical side, agent.kb.lexical), in an in-memory table
built on first use: a long channel is searched instead of sent whole. `search_past_incidents` asks the
knowledge base; when its meaning-based side cannot run (the optional embedding package is missing, a store is
damaged) it falls back to the words-only ranking and says so, and without a knowledge base it says that.
"""

import sqlite3
from collections.abc import Sequence

from pydantic import BaseModel, Field
from pydantic_ai import RunContext, Tool
from pydantic_ai.tools import ToolDefinition

from agent.errors import StoreError
from agent.llm.budget import message_line
from agent.llm.deps import DraftDeps
from agent.models import Message, SimilarIncident

MAX_HITS = 20
PAST_INCIDENTS_MAX = 5
WORDS_ONLY_POOL = 20


class TranscriptIndex:
    """BM25 over messages, by position: rank(query) -> message indexes, best first."""

    def __init__(self, messages: Sequence[Message]) -> None:
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute("CREATE VIRTUAL TABLE messages USING fts5(author, text, tokenize = 'porter unicode61')")
        self._db.executemany(
            "INSERT INTO messages (rowid, author, text) VALUES (?, ?, ?)",
            ((index, message.author or "", message.text) for index, message in enumerate(messages)),
        )

    def rank(self, query: str, limit: int, *, start: int = 0, stop: int | None = None) -> list[int]:
        """Indexes in [start, stop) whose messages share words with `query`, best first (author weighs half)."""
        from agent.kb.lexical import query_terms  # the knowledge base's modules: only when a search runs

        terms = query_terms(query)
        if not terms or limit < 1:
            return []
        sql = "SELECT rowid FROM messages WHERE messages MATCH ? AND rowid >= ?"
        params: list[object] = [" OR ".join(f'"{term}"' for term in terms), start]
        if stop is not None:
            sql += " AND rowid < ?"
            params.append(stop)
        sql += " ORDER BY bm25(messages, 0.5, 1.0), rowid LIMIT ?"
        params.append(limit)
        return [row[0] for row in self._db.execute(sql, params)]


def transcript_index(messages: Sequence[Message]) -> TranscriptIndex:
    """The index of these messages, built once (kept on agent.llm.model_messages.ModelMessages when it is one)."""
    cached = getattr(messages, "search_index", None)
    if cached is not None:
        return cached
    index = TranscriptIndex(messages)
    if hasattr(messages, "search_index"):
        messages.search_index = index
    return index


def search_transcript(ctx: RunContext[DraftDeps], query: str, k: int = 8) -> str:
    """Transcript messages matching the words of `query` (BM25), best first, with their lines; for what the prompt
    left out of a long transcript. Read around a hit with get_messages before citing it."""
    session = ctx.deps.session
    messages = session.view.messages
    hits = transcript_index(messages).rank(query, max(1, min(k, MAX_HITS)))
    rows = [message_line(messages[index]) for index in hits]
    return session.view.scrub("\n".join(rows) or f"no message matches {query!r}")


class PastIncidents(BaseModel):
    """What a past-incident search found, and how: `note` says when the search was words-only or not possible."""

    incidents: list[SimilarIncident] = Field(default_factory=list)
    note: str | None = None

    def text(self) -> str:
        rows = [f"- {s.title} ({s.source}{f', similarity {s.score:.2f}' if s.score else ''}): {s.what_they_changed}"
                for s in self.incidents]
        if not rows and self.note:
            return self.note
        body = "\n".join(rows) or "no similar incidents found"
        return f"{body}\n({self.note})" if self.note else body


def find_past_incidents(kb, query: str, *, k: int = 3) -> PastIncidents:
    """Past post-mortems like `query` from the knowledge base `kb` (None: not configured), for any caller."""
    from agent.kb.similar import similar_from_hits

    if kb is None:
        return PastIncidents(note="no knowledge base is configured")
    k = max(1, min(k, PAST_INCIDENTS_MAX))
    try:
        return PastIncidents(incidents=similar_from_hits(kb.search(query, k=k)))
    except StoreError as error:
        lexical = getattr(kb, "lexical", None)
        if lexical is None:
            return PastIncidents(note=f"the knowledge base cannot be searched: {error}")
        return PastIncidents(incidents=_words_only(lexical, query, k),
                             note=f"matched by shared words only, not by meaning: {error}")


def _words_only(lexical, query: str, k: int) -> list[SimilarIncident]:
    """The knowledge base's BM25 side alone: best chunk per document, no similarity score to show."""
    sources: list[str] = []
    for _, source, _, _ in lexical.search(query, WORDS_ONLY_POOL):
        if source not in sources:
            sources.append(source)
    sources = sources[:k]
    entries = {entry.source: entry for entry in lexical.manifest(sources)}
    actions = lexical.actions_for(sources)
    return [
        SimilarIncident(
            title=entries[source].metadata.title,
            source=entries[source].metadata.source_url or source,
            score=0.0,
            what_they_changed="; ".join(a.action for a in actions.get(source, [])[:3]) or "no action items recorded",
        )
        for source in sources
        if source in entries
    ]


def search_past_incidents(ctx: RunContext[DraftDeps], query: str, k: int = 3) -> str:
    """Similar past post-mortems and what those teams changed."""
    deps = ctx.deps
    found = find_past_incidents(deps.kb, query, k=k)
    known = {s.source for s in deps.session.pack.similar_incidents}
    # Only matches by meaning join the document's "Similar past incidents"; words-only ones are leads for the model.
    added = [s for s in found.incidents if s.source not in known] if found.note is None else []
    if added:
        pack = deps.session.pack
        deps.session.pack = pack.model_copy(update={"similar_incidents": pack.similar_incidents + added})
    return deps.session.view.scrub(found.text())


async def only_with_kb(ctx: RunContext[DraftDeps], tool_def: ToolDefinition) -> ToolDefinition | None:
    """Offer the past-incident search only when a knowledge base is configured (a tool that can only say 'none'
    would cost its description on every request)."""
    return tool_def if ctx.deps.kb is not None else None


def search_tools() -> list[Tool[DraftDeps]]:
    """The two search tools, for any agent whose deps are DraftDeps (drafter, facilitator)."""
    return [
        Tool[DraftDeps](search_transcript, takes_ctx=True),
        Tool[DraftDeps](search_past_incidents, takes_ctx=True, prepare=only_with_kb),
    ]
