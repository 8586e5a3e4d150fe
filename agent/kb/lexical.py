"""The local sqlite database: manifest of indexed sources (the rebuild list) and the BM25 index (FTS5).

Local chromadb has no sparse index, and the standard library's sqlite3 ships FTS5 with BM25 ranking.
The database also keeps each source's redacted chunks, factors and actions, so a lost or corrupt
dense store can be rebuilt without the original files.
"""

import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from agent.errors import StoreError
from agent.kb.metadata import canonical_severity
from agent.kb.models import Chunk, FollowUp, ManifestEntry, SearchFilters, SourceDocument, SourceMetadata

SCHEMA_VERSION = "1"
REBUILD_HINT = "run `postmortem kb rebuild`"
MAX_QUERY_TERMS = 64
_STOPWORDS = frozenset(
    "a an and are as at be been but by for from had has have in into is it its of on or our that the their "
    "then there these this to was were which while with we they not no".split()
)
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    source TEXT PRIMARY KEY, kind TEXT NOT NULL, content_hash TEXT NOT NULL, chunk_count INTEGER NOT NULL,
    from_seed INTEGER NOT NULL DEFAULT 0, metadata TEXT NOT NULL, factors TEXT NOT NULL, actions TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks USING fts5(
    chunk_id UNINDEXED, source UNINDEXED, position UNINDEXED, section, title, text,
    tokenize = 'porter unicode61'
);
"""


def query_terms(query: str) -> list[str]:
    seen: dict[str, None] = {}
    for term in re.findall(r"\w+", query.lower()):
        if len(term) > 1 and term not in _STOPWORDS:
            seen.setdefault(term, None)
    return list(seen)[:MAX_QUERY_TERMS]


class LexicalIndex:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            # Search reads from a worker thread; writes never overlap with it (see agent.kb.search).
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            # Unicode-aware case folding for filters (sqlite's lower() folds ASCII only).
            self._db.create_function("casefold", 1, lambda text: text.casefold() if text else text, deterministic=True)
            self._db.executescript(_SCHEMA)
            version = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if version is None:
                self._db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
            elif version[0] != SCHEMA_VERSION:
                raise StoreError(
                    f"{path}: index schema {version[0]}, this version reads {SCHEMA_VERSION}; {REBUILD_HINT}"
                )
            self._db.execute("SELECT count(*) FROM chunks").fetchone()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"knowledge base index {path} is unreadable ({exc}); {REBUILD_HINT}") from exc

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _guard(self) -> Iterator[sqlite3.Connection]:
        try:
            yield self._db
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"knowledge base index {self.path} failed ({exc}); {REBUILD_HINT}") from exc

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything inside commits together or not at all (the dense store is written inside it)."""
        with self._guard() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def get_meta(self, key: str) -> str | None:
        with self._guard() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._guard() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def content_hash(self, source: str) -> str | None:
        with self._guard() as db:
            row = db.execute("SELECT content_hash FROM sources WHERE source = ?", (source,)).fetchone()
        return row[0] if row else None

    def source_with_hash(self, content_hash: str) -> str | None:
        with self._guard() as db:
            row = db.execute("SELECT source FROM sources WHERE content_hash = ? LIMIT 1", (content_hash,)).fetchone()
        return row[0] if row else None

    def replace(self, document: SourceDocument, chunk_ids: list[str], *, from_seed: bool) -> None:
        """Store a source's chunks and manifest entry in place of any earlier version (inside a transaction)."""
        with self._guard() as db:
            db.execute("DELETE FROM chunks WHERE source = ?", (document.source,))
            db.execute(
                "INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    document.source, document.kind, document.content_hash, len(document.chunks), int(from_seed),
                    document.metadata.model_dump_json(), json.dumps(document.factors),
                    json.dumps([a.model_dump() for a in document.actions]),
                ),
            )
            db.executemany(
                "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (chunk_id, document.source, chunk.position, chunk.section, document.metadata.title, chunk.text)
                    for chunk_id, chunk in zip(chunk_ids, document.chunks, strict=True)
                ],
            )

    def remove(self, source: str) -> int:
        with self._guard() as db:
            removed = db.execute("SELECT count(*) FROM chunks WHERE source = ?", (source,)).fetchone()[0]
            db.execute("DELETE FROM chunks WHERE source = ?", (source,))
            db.execute("DELETE FROM sources WHERE source = ?", (source,))
        return removed

    def manifest(self, sources: list[str] | None = None) -> list[ManifestEntry]:
        """Every indexed source, or just the ones named."""
        sql = "SELECT source, kind, content_hash, chunk_count, from_seed, metadata FROM sources"
        params: tuple = ()
        if sources is not None:
            sql += " WHERE source IN (SELECT value FROM json_each(?))"
            params = (json.dumps(sources),)
        with self._guard() as db:
            rows = db.execute(sql + " ORDER BY source", params).fetchall()
        return [
            ManifestEntry(
                source=source, kind=kind, content_hash=content_hash, chunk_count=count, from_seed=bool(seed),
                metadata=SourceMetadata.model_validate_json(metadata),
            )
            for source, kind, content_hash, count, seed, metadata in rows
        ]

    def chunk_count(self) -> int:
        with self._guard() as db:
            return db.execute("SELECT count(*) FROM chunks").fetchone()[0]

    def search(self, query: str, limit: int, sources: list[str] | None = None) -> list[tuple[str, str, str, str]]:
        """(chunk_id, source, section, text) best first by BM25 (section and text weigh more than the title)."""
        terms = query_terms(query)
        if not terms or sources == []:
            return []
        match = " OR ".join(f'"{term}"' for term in terms)
        sql = "SELECT rowid FROM chunks WHERE chunks MATCH ?"
        params: list[object] = [match]
        if sources is not None:
            sql += " AND source IN (SELECT value FROM json_each(?))"
            params.append(json.dumps(sources))
        sql += " ORDER BY bm25(chunks, 0, 0, 0, 0.5, 0.5, 1.0) LIMIT ?"
        params.append(limit)
        with self._guard() as db:
            ranked = [row[0] for row in db.execute(sql, params)]
            # Texts are read for the winners only: ranking thousands of matches is cheaper without them.
            rows = db.execute(
                "SELECT rowid, chunk_id, source, section, text FROM chunks "
                "WHERE rowid IN (SELECT value FROM json_each(?))",
                (json.dumps(ranked),),
            ).fetchall()
        by_rowid = {row[0]: row[1:] for row in rows}
        return [by_rowid[rowid] for rowid in ranked]

    def sources_matching(self, filters: SearchFilters) -> list[str]:
        """Sources whose metadata passes every filter (any listed value of a field matches)."""
        clauses: list[str] = []
        params: list[object] = []

        def any_of(expression: str, values: list[str]) -> None:
            clauses.append(f"casefold({expression}) IN (SELECT value FROM json_each(?))")
            params.append(json.dumps([v.casefold() for v in values]))

        if filters.services:
            clauses.append(
                "EXISTS (SELECT 1 FROM json_each(metadata, '$.services') AS s "
                "WHERE casefold(s.value) IN (SELECT value FROM json_each(?)))"
            )
            params.append(json.dumps([v.casefold() for v in filters.services]))
        if filters.severities:
            any_of("json_extract(metadata, '$.severity')", [str(canonical_severity(s)) for s in filters.severities])
        if filters.failure_classes:
            any_of("json_extract(metadata, '$.failure_class')", filters.failure_classes)
        if filters.date_from:
            clauses.append("json_extract(metadata, '$.date') >= ?")
            params.append(filters.date_from.isoformat())
        if filters.date_to:
            clauses.append("json_extract(metadata, '$.date') <= ?")
            params.append(filters.date_to.isoformat())
        where = " AND ".join(clauses) or "1"
        with self._guard() as db:
            return [row[0] for row in db.execute(f"SELECT source FROM sources WHERE {where}", params)]

    def findings(self) -> list[tuple[str, list[str], list[FollowUp]]]:
        """(source, contributing factors, action items) for every source."""
        with self._guard() as db:
            rows = db.execute("SELECT source, factors, actions FROM sources").fetchall()
        return [
            (source, json.loads(factors), [FollowUp.model_validate(a) for a in json.loads(actions)])
            for source, factors, actions in rows
        ]

    def documents(self) -> Iterator[tuple[SourceDocument, bool]]:
        """Every stored source rebuilt from the database alone, with its from-seed flag."""
        findings = {source: (factors, actions) for source, factors, actions in self.findings()}
        for entry in self.manifest():
            with self._guard() as db:
                rows = db.execute(
                    "SELECT position, section, text FROM chunks WHERE source = ? ORDER BY CAST(position AS INTEGER)",
                    (entry.source,),
                ).fetchall()
            factors, actions = findings.get(entry.source, ([], []))
            yield SourceDocument(
                source=entry.source, kind=entry.kind, content_hash=entry.content_hash, metadata=entry.metadata,
                chunks=[Chunk(position=int(p), section=s, text=t) for p, s, t in rows],
                factors=factors, actions=actions,
            ), entry.from_seed

    def actions_for(self, sources: list[str]) -> dict[str, list[FollowUp]]:
        with self._guard() as db:
            rows = db.execute(
                "SELECT source, actions FROM sources WHERE source IN (SELECT value FROM json_each(?))",
                (json.dumps(sources),),
            ).fetchall()
        return {source: [FollowUp.model_validate(a) for a in json.loads(actions)] for source, actions in rows}
