"""Failure classes and contributing factors that repeat across post-mortems: the systemic debt to look at.

Failure classes group by name (case-insensitive). Contributing factors are written differently every
time, so they group by meaning: embedded, then joined greedily to the first group whose first factor is
at least FACTOR_SIMILARITY similar. A pattern needs at least two different post-mortems.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import TYPE_CHECKING

from agent.kb.models import ManifestEntry, Occurrence, OpenAction, RecurringPattern

if TYPE_CHECKING:
    from agent.kb.embedder import Embedder
    from agent.kb.lexical import LexicalIndex

# Measured with all-MiniLM-L6-v2 on the 142 contributing factors of the DFDS post-mortems: pairs from
# different documents have median cosine 0.13 and 95th percentile 0.33; the 0.4% above 0.62 are real
# repeats ("too much alert noise" twice, Traefik faults, no version lock on Flux).
FACTOR_SIMILARITY = 0.62
MIN_SOURCES = 2


def find_recurring(
    lexical: LexicalIndex, embedder: Embedder, *, window_days: int, today: date
) -> list[RecurringPattern]:
    """Patterns among the post-mortems dated within `window_days` before `today` (undated ones cannot count)."""
    start = today - timedelta(days=window_days)
    entries = {
        e.source: e for e in lexical.manifest() if e.metadata.date is not None and start <= e.metadata.date <= today
    }
    findings = {source: (factors, actions) for source, factors, actions in lexical.findings() if source in entries}

    def open_actions(sources: set[str]) -> list[OpenAction]:
        return [
            OpenAction(source=s, title=entries[s].metadata.title, action=a.action, owner=a.owner, due=a.due)
            for s in sorted(sources, key=lambda s: (entries[s].metadata.date, s))
            for a in findings.get(s, ([], []))[1]
            if not a.done
        ]

    patterns = [
        RecurringPattern(
            kind="failure_class", label=label, occurrences=occurrences, open_actions=open_actions(sources)
        )
        for label, occurrences, sources in _class_groups(entries)
    ]
    patterns += [
        RecurringPattern(
            kind="contributing_factor", label=label, occurrences=occurrences, open_actions=open_actions(sources)
        )
        for label, occurrences, sources in _factor_groups(entries, findings, embedder)
    ]
    patterns.sort(key=lambda p: (-p.count, p.kind != "failure_class", p.label.casefold()))
    return patterns


def _occurrence(entry: ManifestEntry, text: str) -> Occurrence:
    return Occurrence(source=entry.source, title=entry.metadata.title, date=entry.metadata.date, text=text)


def _class_groups(entries: dict[str, ManifestEntry]):
    groups: dict[str, list[ManifestEntry]] = {}
    for entry in entries.values():
        if entry.metadata.failure_class:
            groups.setdefault(entry.metadata.failure_class.casefold(), []).append(entry)
    for members in groups.values():
        if len(members) < MIN_SOURCES:
            continue
        label = Counter(m.metadata.failure_class for m in members).most_common(1)[0][0]
        members.sort(key=lambda m: (m.metadata.date, m.source))
        yield label, [_occurrence(m, m.metadata.failure_class or "") for m in members], {m.source for m in members}


def _factor_groups(entries: dict[str, ManifestEntry], findings: dict, embedder: Embedder):
    items = [(source, factor) for source, (factors, _) in sorted(findings.items()) for factor in factors]
    if not items:
        return
    vectors = embedder.embed([factor for _, factor in items])
    groups: list[list[int]] = []
    for index, vector in enumerate(vectors):
        for group in groups:
            if float(vectors[group[0]] @ vector) >= FACTOR_SIMILARITY:
                group.append(index)
                break
        else:
            groups.append([index])
    for group in groups:
        sources = {items[i][0] for i in group}
        if len(sources) < MIN_SOURCES:
            continue
        first_per_source: dict[str, int] = {}
        for i in group:
            first_per_source.setdefault(items[i][0], i)
        ordered = sorted(first_per_source.values(), key=lambda i: (entries[items[i][0]].metadata.date, items[i][0]))
        occurrences = [_occurrence(entries[items[i][0]], items[i][1]) for i in ordered]
        yield items[group[0]][1], occurrences, sources
