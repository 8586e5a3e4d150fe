"""Past incidents like the one being written up, as the pack's "Similar past incidents" entries.

A hit counts as similar only when its closest chunk is near in meaning (cosine >= MIN_SIMILARITY): rank
fusion always returns something, even for a question the archive knows nothing about. Measured with
all-MiniLM-L6-v2 on the 58-document seed corpus: for 8 questions about incidents it holds, the closest
of the top 3 hits scored 0.38-0.72; for 8 questions about things it does not hold (office, marketing,
OKR topics), no hit scored above 0.33.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.models import SimilarIncident

if TYPE_CHECKING:
    from agent.kb.models import Hit
    from agent.kb.service import KnowledgeBase

MIN_SIMILARITY = 0.35
CHANGES_SHOWN = 3


def similar_incidents(
    kb: KnowledgeBase, query: str, *, failure_class: str | None = None, k: int = 3
) -> list[SimilarIncident]:
    """The k closest past post-mortems; `repeat` marks the same failure class again (systemic debt)."""
    return similar_from_hits(kb.search(query, k=k), failure_class=failure_class)


def similar_from_hits(hits: list[Hit], *, failure_class: str | None = None) -> list[SimilarIncident]:
    found = []
    for hit in hits:
        if hit.similarity is None or hit.similarity < MIN_SIMILARITY:
            continue
        past_class = hit.metadata.get("failure_class")
        changed = "; ".join(hit.actions[:CHANGES_SHOWN]) or "no action items recorded"
        found.append(
            SimilarIncident(
                title=hit.title,
                source=hit.metadata.get("source_url") or hit.source,
                score=hit.similarity,
                what_they_changed=changed,
                repeat=bool(failure_class and past_class and past_class.casefold() == failure_class.casefold()),
            )
        )
    return found
