"""Repair the knowledge base: re-index every known source into fresh or cleaned stores.

The list of sources comes from the sqlite manifest, or, when that file is unreadable, from the records
the dense store keeps. A source is re-read from its file when the file is still there, otherwise restored
from its stored (already redacted) chunks. A store that cannot be read is rebuilt beside it (`<name>.rebuilding`)
and swapped in only once complete: the old one is then renamed aside, never deleted, and a rebuild that fails
(a full disk) leaves it exactly where it was.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from agent.errors import InputError, StoreError
from agent.kb.models import AddReport, FileReport, SourceDocument

if TYPE_CHECKING:
    from agent.kb.service import KnowledgeBase


def set_aside(path: Path) -> Path:
    """Rename a damaged store file or folder to the first free `<name>.damaged-N`."""
    number = 1
    while (target := path.with_name(f"{path.name}.damaged-{number}")).exists():
        number += 1
    path.rename(target)
    return target


def _recover(kb: KnowledgeBase) -> tuple[list[tuple[SourceDocument, bool]], bool, bool]:
    """(documents, lexical readable, dense readable)."""
    lexical_ok = dense_ok = True
    documents: list[tuple[SourceDocument, bool]] = []
    try:
        if kb.lexical is None:
            raise StoreError("unreadable")
        documents = list(kb.lexical.documents())
    except StoreError:
        lexical_ok = False
    try:
        if kb.dense is None:
            raise StoreError("unreadable")
        known = {document.source for document, _ in documents}
        # Sources only the dense store still has (a lost manifest, a write cut short) are kept, not dropped.
        documents += [(d, seeded) for d, seeded in kb.dense.records() if d.source not in known]
    except StoreError:
        dense_ok = False
    return documents, lexical_ok, dense_ok


def _fresh_stores(kb: KnowledgeBase, lexical_ok: bool, dense_ok: bool) -> list[tuple[Path, Path, bool]]:
    """Empty stores beside the current ones for the rebuild to fill: (new path, final path, old one readable).
    Even a readable store is not rewritten in place: a write that fails half-way would damage it."""
    from agent.kb.lexical import LexicalIndex
    from agent.kb.store import DenseStore

    if kb.dense is not None and kb.dense.remote and not dense_ok:
        raise StoreError(f"the Chroma server at {kb.dense.location} cannot be read; repair it there")
    if kb.lexical is not None:
        kb.lexical.close()
    path = kb.directory / "fts.sqlite"
    kb.lexical = LexicalIndex(_emptied(path.with_name(f"{path.name}.rebuilding")))
    swaps = [(kb.lexical.path, path, lexical_ok)]
    if kb.dense is None or not kb.dense.remote:  # a server is rewritten in place: its chunks are re-sent
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
        path = kb.directory / "chroma"
        fresh = _emptied(path.with_name(f"{path.name}.rebuilding"))
        kb.dense = DenseStore.local(fresh)
        swaps.append((fresh, path, dense_ok))
    return swaps


def _emptied(path: Path) -> Path:
    """`path` with nothing left from an earlier rebuild that did not finish."""
    if path.is_dir():
        shutil.rmtree(path)
    for leftover in (path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
        if leftover.is_file():
            leftover.unlink()
    return path


def _swap_in(kb: KnowledgeBase, swaps: list[tuple[Path, Path, bool]], report: AddReport) -> None:
    """The complete new stores take the places of the old ones: readable ones are replaced, unreadable ones are
    renamed aside."""
    from chromadb.api.shared_system_client import SharedSystemClient

    from agent.kb.lexical import LexicalIndex
    from agent.kb.store import DenseStore

    if kb.lexical is not None:
        kb.lexical.close()
    SharedSystemClient.clear_system_cache()
    for fresh, path, readable in swaps:
        if path.exists() and not readable:
            what = "index" if path.suffix == ".sqlite" else "vector store"
            report.notes.append(f"unreadable {what} moved to {set_aside(path)}")
        elif path.is_dir():
            shutil.rmtree(path)
        fresh.replace(path)
    kb.lexical = LexicalIndex(kb.directory / "fts.sqlite")
    if any(path.name == "chroma" for _, path, _ in swaps):
        kb.dense = DenseStore.local(kb.directory / "chroma")


def _discard(kb: KnowledgeBase, swaps: list[tuple[Path, Path, bool]]) -> None:
    """A rebuild that failed: its half-built stores go, the old ones stay untouched."""
    if kb.lexical is not None:
        kb.lexical.close()
    for fresh, _, _ in swaps:
        _emptied(fresh)


def rebuild(kb: KnowledgeBase) -> AddReport:

    report = AddReport()
    documents, lexical_ok, dense_ok = _recover(kb)
    swaps = _fresh_stores(kb, lexical_ok, dense_ok)
    try:
        _reindex(kb, documents, report)
    except BaseException:
        _discard(kb, swaps)
        raise
    _swap_in(kb, swaps, report)
    kb.damage = []
    kb.lock.end()  # whatever a stopped add left half-done has been indexed again
    kb.unfinished = None
    return report


def _reindex(kb: KnowledgeBase, documents: list[tuple[SourceDocument, bool]], report: AddReport) -> None:
    from agent.kb.ingest import read_source
    from agent.kb.service import chunk_id

    kb.damage = []
    fresh: list[SourceDocument] = []
    seeds: list[bool] = []
    for stored, seeded in documents:
        path = Path(stored.source)
        document, status = stored, "restored"
        reason: str | None = "file no longer readable: restored from the stored chunks"
        if path.is_file():
            try:
                document, status, reason = read_source(path), "reindexed", None
            except InputError as exc:
                reason = f"{exc}: restored from the stored chunks"
        fresh.append(document)
        seeds.append(seeded)
        report.files.append(FileReport(path=str(path), status=status, chunks=len(document.chunks), reason=reason))
    kb.index_documents(fresh, from_seed=seeds, doing="kb rebuild")
    dense = kb.stores()[1]
    if not dense.remote:  # a shared server also holds chunks written by other machines
        keep = {chunk_id(d.source, c.position) for d in fresh for c in d.chunks}
        stale = dense.prune(keep)
        if stale:
            report.notes.append(f"removed {stale} vectors left over from earlier versions of indexed sources")
