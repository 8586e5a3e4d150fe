"""The knowledge base of past post-mortems: add, search, stats, remove, recurring patterns, rebuild.

State lives in $POSTMORTEM_HOME/kb/: `fts.sqlite` (manifest, chunks, BM25) and `chroma/` (vectors), or
a Chroma server when a URL is given. A damaged local store does not stop `open`: every other call then
raises StoreError naming the problem and `postmortem kb rebuild`, and rebuild() repairs it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from agent.errors import InputError, StoreError, UsageError
from agent.kb.embedder import Embedder
from agent.kb.lexical import REBUILD_HINT, LexicalIndex
from agent.kb.lock import StoreLock
from agent.kb.models import AddReport, FileReport, Hit, RecurringPattern, SearchFilters, SourceDocument, Stats
from agent.progress import progress

if TYPE_CHECKING:
    from agent.kb.store import DenseStore

EMBED_GROUP = 10  # documents embedded together (fuller batches), and one progress line per group


def _seed_enabled() -> bool:
    return os.environ.get("POSTMORTEM_KB_SEED", "1").strip().lower() not in {"0", "false", "no", "off"}


def chunk_id(source: str, position: int) -> str:
    return f"{hashlib.sha1(source.encode()).hexdigest()[:16]}:{position}"


def embedded_text(document: SourceDocument, index: int) -> str:
    chunk = document.chunks[index]
    return f"{document.metadata.title}. {chunk.section}: {chunk.text}"


def _chunk_metadata(document: SourceDocument, from_seed: bool) -> list[dict]:
    metadatas = [
        {"source": document.source, "section": c.section, "position": c.position, "title": document.metadata.title}
        for c in document.chunks
    ]
    # The first chunk carries the whole record so the dense store alone can rebuild a lost manifest.
    record = {**document.model_dump(mode="json", exclude={"chunks"}), "from_seed": from_seed}
    metadatas[0]["record"] = json.dumps(record)
    return metadatas


class KnowledgeBase:
    """Open with `KnowledgeBase.open(...)`. Processes take turns through one writer lock (agent.kb.lock): writes
    wait for each other, reads wait a few seconds at most."""

    def __init__(self, directory: Path, chroma_url: str | None, embedder: Embedder, console=None) -> None:
        self.directory = directory
        self.chroma_url = chroma_url
        self.embedder = embedder
        self._console = console
        self.lexical: LexicalIndex | None = None
        self.dense: DenseStore | None = None
        self.damage: list[str] = []
        self.notes: list[str] = []  # what readers should know: another writer is still busy
        self.unfinished: str | None = None  # an add or rebuild that was stopped part-way, until one completes
        self.lock = StoreLock.at(directory)

    @classmethod
    def open(
        cls,
        home: Path | None = None,
        *,
        chroma_url: str | None = None,
        embedder: Embedder | None = None,
        seed: bool = True,
        console=None,
        writer: bool = False,
    ) -> KnowledgeBase:
        """`writer` takes the writer lock now (waiting for another writer) and keeps it until `close()` or the
        end of the process; otherwise the stores are checked under a shared lock that is let go at once."""
        from agent.kb.embedder import default_embedder
        from agent.kb.store import DenseStore
        from agent.paths import postmortem_home

        directory = (home or postmortem_home()) / "kb"
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the knowledge base folder {directory} ({exc.strerror})") from exc
        url = chroma_url or os.environ.get("POSTMORTEM_CHROMA_URL") or None
        kb = cls(directory, url, embedder or default_embedder(), console)
        already_writing = kb.lock.exclusive  # this process writes already (another instance holds the lock)
        busy = False
        if writer:
            kb.lock.write(kb.say)
        elif not already_writing and not kb.lock.read():
            busy = True
            kb.notes.append("another process is still writing to the knowledge base: what it has not finished "
                            "yet is not shown")
        try:
            kb.lexical = LexicalIndex(directory / "fts.sqlite")
        except StoreError as exc:
            kb.damage.append(str(exc))
        if url:
            kb.dense = DenseStore.server(url)  # unreachable server: nothing to rebuild, say so now
        else:
            try:
                kb.dense = DenseStore.local(directory / "chroma")
            except StoreError as exc:
                kb.damage.append(str(exc))
        if not busy:
            kb._check_consistency()
            kb.unfinished = kb.lock.unfinished()
        if seed and _seed_enabled() and not kb.damage and not busy and (kb.lock.exclusive or kb.lock.try_write()):
            from agent.kb.seed import seed_if_changed

            seed_if_changed(kb)
        if not writer and not already_writing:
            kb.lock.release()
        return kb

    @property
    def embedder_name(self) -> str:
        """Recorded with the vectors so that a different model is noticed instead of silently mixed in."""
        return getattr(self.embedder, "name", type(self.embedder).__name__)

    @cached_property
    def seed_vectors(self):
        """The shipped vectors of the seed corpus when this embedder computed them, else None (embed everything)."""
        from agent.kb.seed_vectors import BUILD_SCRIPT, seed_vectors_for, seed_vectors_path

        try:
            return seed_vectors_for(self.embedder)
        except (OSError, ValueError) as exc:
            self.say(f"ignoring {seed_vectors_path()} ({exc}); embedding instead (regenerate: {BUILD_SCRIPT})")
            return None

    def _check_consistency(self) -> None:
        if self.damage or self.dense is None or self.lexical is None:
            return
        stored = self.lexical.chunk_count()
        recorded = self.lexical.get_meta("embedder")
        if stored and recorded and recorded != self.embedder_name:
            self.damage.append(
                f"the stored vectors come from embedder {recorded} but this run uses {self.embedder_name}; "
                + REBUILD_HINT
            )
        elif not self.dense.remote:  # a shared server also holds other machines' chunks: counts differ there
            vectors = self.dense.count()
            if stored != vectors:
                self.damage.append(
                    f"knowledge base stores disagree: {stored} chunks indexed in {self.lexical.path.name} but "
                    f"{vectors} vectors in {self.dense.location}; {REBUILD_HINT}"
                )

    def _healthy(self) -> LexicalIndex:
        return self.stores()[0]

    def stores(self) -> tuple[LexicalIndex, DenseStore]:
        """Both stores, or StoreError naming the damage `open` found."""
        if self.damage:  # after a stopped add, say that first: it is why the stores disagree
            raise StoreError("; ".join([self.unfinished, self.damage[0]] if self.unfinished else self.damage[:1]))
        assert self.lexical is not None and self.dense is not None
        return self.lexical, self.dense

    def say(self, message: str) -> None:
        if self._console is not None:
            self._console.print(message)
        else:
            print(message, file=sys.stderr)

    # -- writing ---------------------------------------------------------------------------------------------

    def add(self, paths: list[Path], *, from_seed: bool = False) -> AddReport:
        """Index Markdown files, folders (every *.md below) and `draft --json` files; unchanged files are skipped."""
        from agent.kb.ingest import expand, read_source

        self._writing()
        lexical = self._healthy()
        report = AddReport()
        pending: dict[str, SourceDocument] = {}  # by content hash: a copy of a file is not indexed twice
        for path in expand(paths):
            try:
                document = read_source(path)
            except InputError as exc:
                report.files.append(FileReport(path=str(path), status="unreadable", reason=str(exc)))
                continue
            previous = lexical.content_hash(document.source)
            twin = pending.get(document.content_hash) or lexical.source_with_hash(document.content_hash)
            twin_source = twin.source if isinstance(twin, SourceDocument) else twin
            if previous != document.content_hash and twin_source and twin_source != document.source:
                reason = f"same content as {twin_source}, already indexed"
                report.files.append(FileReport(path=str(path), status="skipped", reason=reason))
                continue
            status = "unchanged" if previous == document.content_hash else ("updated" if previous else "added")
            report.files.append(FileReport(path=str(path), status=status, redactions=document.redactions))
            if status != "unchanged":
                report.files[-1].chunks = len(document.chunks)
                pending[document.content_hash] = document
        self.index_documents(list(pending.values()), from_seed=from_seed)
        return report

    def index_documents(
        self, documents: list[SourceDocument], *, from_seed: bool | list[bool], doing: str = "kb add"
    ) -> None:
        """Embed and store documents a group at a time: one transaction and one vector write per group. A marker
        stays on disk while this runs, so a process stopped part-way is reported by the next one."""
        self._writing()
        lexical, dense = self.stores()
        if documents:
            self.lock.begin(doing, len(documents))
        seeds = from_seed if isinstance(from_seed, list) else [from_seed] * len(documents)
        # A bar on a terminal, the same lines when piped; the console may be a test double without a file.
        with progress(getattr(self._console, "file", sys.stderr), len(documents), "kb: indexing") as update:
            for start in range(0, len(documents), EMBED_GROUP):
                group = documents[start : start + EMBED_GROUP]
                texts = [embedded_text(d, i) for d in group for i in range(len(d.chunks))]
                stored = self.seed_vectors
                vectors = self.embedder.embed(texts) if stored is None else stored.embed(self.embedder, texts)
                ids: list[str] = []
                metadatas: list[dict] = []
                with lexical.transaction():
                    for document, seeded in zip(group, seeds[start : start + EMBED_GROUP], strict=True):
                        document_ids = [chunk_id(document.source, c.position) for c in document.chunks]
                        lexical.replace(document, document_ids, from_seed=seeded)
                        ids += document_ids
                        metadatas += _chunk_metadata(document, seeded)
                    dense.delete_sources([d.source for d in group])
                    dense.write(ids, vectors, [c.text for d in group for c in d.chunks], metadatas)
                done = min(start + EMBED_GROUP, len(documents))
                update(done, f"indexed {done}/{len(documents)} post-mortems" if len(documents) > EMBED_GROUP else "")
        if documents:
            lexical.set_meta("embedder", self.embedder_name)
            self.lock.end()
            self.unfinished = None

    def remove(self, source: str) -> int:
        """Forget one source (its key or its file path); returns the number of chunks removed, 0 if unknown."""
        from agent.kb.seed import remember_removed

        self._writing()
        lexical, dense = self.stores()
        key = source if lexical.content_hash(source) is not None else str(Path(source).expanduser().resolve())
        if lexical.content_hash(key) is None:
            return 0
        entry = lexical.manifest([key])[0]
        with lexical.transaction():
            removed = lexical.remove(key)
            dense.delete_sources([key])
        if entry.from_seed:
            remember_removed(lexical, key)
        return removed

    def rebuild(self) -> AddReport:
        from agent.kb.rebuild import rebuild

        self._writing()
        return rebuild(self)

    def _writing(self) -> None:
        if not self.lock.exclusive:
            self.lock.write(self.say)

    # -- reading ---------------------------------------------------------------------------------------------

    def search(self, query: str, *, k: int = 5, filters: SearchFilters | None = None) -> list[Hit]:
        from agent.kb.search import hybrid_search

        lexical, dense = self.stores()
        return hybrid_search(query, k=k, filters=filters, lexical=lexical, dense=dense, embedder=self.embedder)

    def stats(self) -> Stats:
        from collections import Counter

        from agent.kb.seed import FINGERPRINT_KEY

        lexical, dense = self.stores()
        entries = lexical.manifest()
        dates = [e.metadata.date for e in entries if e.metadata.date]
        return Stats(
            sources=len(entries),
            chunks=lexical.chunk_count(),
            seeded=lexical.get_meta(FINGERPRINT_KEY) is not None,
            embedder=self.embedder_name,
            store=dense.location,
            failure_classes=dict(Counter(e.metadata.failure_class for e in entries if e.metadata.failure_class)),
            severities=dict(Counter(e.metadata.severity for e in entries if e.metadata.severity)),
            oldest=min(dates, default=None),
            newest=max(dates, default=None),
            notes=[*self.notes, *([self.unfinished] if self.unfinished else [])],
        )

    def recurring(self, *, window_days: int = 365, today: date) -> list[RecurringPattern]:
        from agent.kb.recurring import find_recurring

        if window_days < 1:
            raise UsageError(f"the window must be at least 1 day (got {window_days})")
        return find_recurring(self._healthy(), self.embedder, window_days=window_days, today=today)

    def close(self) -> None:
        if self.lexical is not None:
            self.lexical.close()
        self.lock.release()
