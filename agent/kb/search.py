"""Hybrid search: dense (chromadb) and BM25 (sqlite FTS5) rankings fused with reciprocal-rank fusion.

Fusion happens per source document, so one long post-mortem cannot fill every slot; each hit shows the
chunk that matched best. Filters are applied before ranking, on both sides, from the manifest.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from agent.errors import UsageError
from agent.kb.lexical import LexicalIndex, query_terms
from agent.kb.models import Hit, SearchFilters

if TYPE_CHECKING:
    from agent.kb.embedder import Embedder
    from agent.kb.store import DenseStore

RRF_K = 60
MIN_POOL = 50
POOL_PER_HIT = 10
SNIPPET_CHARS = 280
HIT_ACTIONS = 5


def hybrid_search(
    query: str,
    *,
    k: int,
    filters: SearchFilters | None,
    lexical: LexicalIndex,
    dense: DenseStore,
    embedder: Embedder,
) -> list[Hit]:
    if not query.strip():
        raise UsageError("the search query is empty")
    if k < 1:
        raise UsageError(f"--k must be at least 1 (got {k})")
    allowed = None
    if filters is not None and not filters.is_empty():
        allowed = lexical.sources_matching(filters)
        if not allowed:
            return []
    pool = max(MIN_POOL, k * POOL_PER_HIT)
    # BM25 runs in a second thread while the query is embedded: sqlite and numpy both release the GIL.
    with ThreadPoolExecutor(max_workers=1) as worker:
        lexical_future = worker.submit(lexical.search, query, pool, allowed)
        dense_ranked = dense.query(embedder.embed([query])[0], pool, allowed)
        lexical_ranked = lexical_future.result()

    chunks: dict[str, tuple[str, str, str]] = {}  # chunk_id -> (source, section, text)
    chunk_score: dict[str, float] = {}
    doc_score: dict[str, float] = {}
    for ranking in ([row[:4] for row in dense_ranked], lexical_ranked):
        seen_docs: set[str] = set()
        for rank, (chunk_id, source, section, text) in enumerate(ranking, start=1):
            chunks[chunk_id] = (source, section, text)
            chunk_score[chunk_id] = chunk_score.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank)
            if source not in seen_docs:  # a document's rank is the rank of its best chunk among documents
                seen_docs.add(source)
                doc_score[source] = doc_score.get(source, 0.0) + 1.0 / (RRF_K + len(seen_docs))
    best_chunk: dict[str, str] = {}
    for chunk_id, _ in sorted(chunk_score.items(), key=lambda item: -item[1]):
        best_chunk.setdefault(chunks[chunk_id][0], chunk_id)
    similarity: dict[str, float] = {}
    for _, source, _, _, cosine in dense_ranked:
        similarity.setdefault(source, cosine)

    top = sorted(doc_score, key=lambda s: (-doc_score[s], s))[:k]
    entries = {e.source: e for e in lexical.manifest(top)}
    actions = lexical.actions_for(top)
    terms = query_terms(query)
    perfect = 2.0 / (RRF_K + 1)
    hits = []
    for source in top:
        _, section, text = chunks[best_chunk[source]]
        entry = entries[source]
        hits.append(
            Hit(
                source=source,
                title=entry.metadata.title,
                score=round(doc_score[source] / perfect, 4),
                similarity=round(similarity[source], 4) if source in similarity else None,
                snippet=snippet(text, terms),
                section=section,
                metadata={**entry.metadata.model_dump(mode="json", exclude={"title"}), "kind": entry.kind},
                actions=[a.action for a in actions.get(source, [])][:HIT_ACTIONS],
            )
        )
    return hits


def snippet(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> str:
    """The line of the chunk that shares most words with the query, and what follows it, cut at `width`."""
    lines = [line for line in text.split("\n") if line.strip()]
    wanted = set(terms)

    def overlap(line: str) -> int:
        return len(wanted & set(query_terms(line)))

    start = max(range(len(lines)), key=lambda i: (overlap(lines[i]), -i)) if lines else 0
    joined = " ".join(lines[start:])
    return joined if len(joined) <= width else joined[: width - 1].rsplit(" ", 1)[0] + "…"
