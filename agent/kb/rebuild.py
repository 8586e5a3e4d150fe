"""Repair the knowledge base: re-index every known source into fresh or cleaned stores.

The list of sources comes from the sqlite manifest, or, when that file is unreadable, from the records
the dense store keeps. A source is re-read from its file when the file is still there, otherwise restored
from its stored (already redacted) chunks. Unreadable stores are renamed aside, never deleted.
"""

from __future__ import annotations

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


def _fresh_stores(kb: KnowledgeBase, lexical_ok: bool, dense_ok: bool, report: AddReport) -> None:
    from agent.kb.lexical import LexicalIndex
    from agent.kb.store import DenseStore

    if not lexical_ok:
        path = kb.directory / "fts.sqlite"
        if kb.lexical is not None:
            kb.lexical.close()
        if path.exists():
            report.notes.append(f"unreadable index moved to {set_aside(path)}")
        kb.lexical = LexicalIndex(path)
    if not dense_ok:
        if kb.dense is not None and kb.dense.remote:
            raise StoreError(f"the Chroma server at {kb.dense.location} cannot be read; repair it there")
        from chromadb.api.shared_system_client import SharedSystemClient

        path = kb.directory / "chroma"
        SharedSystemClient.clear_system_cache()
        if path.exists():
            report.notes.append(f"unreadable vector store moved to {set_aside(path)}")
        kb.dense = DenseStore.local(path)


def rebuild(kb: KnowledgeBase) -> AddReport:
    from agent.kb.ingest import read_source
    from agent.kb.service import chunk_id

    report = AddReport()
    documents, lexical_ok, dense_ok = _recover(kb)
    _fresh_stores(kb, lexical_ok, dense_ok, report)
    kb.damage = []
    fresh: list[SourceDocument] = []
    seeds: list[bool] = []
    for stored, seeded in documents:
        path = Path(stored.source)
        document, status, reason = stored, "restored", "file no longer readable: restored from the stored chunks"
        if path.is_file():
            try:
                document, status, reason = read_source(path), "reindexed", None
            except InputError as exc:
                reason = f"{exc}: restored from the stored chunks"
        fresh.append(document)
        seeds.append(seeded)
        report.files.append(FileReport(path=str(path), status=status, chunks=len(document.chunks), reason=reason))
    kb.index_documents(fresh, from_seed=seeds)
    if not kb.dense.remote:  # a shared server also holds chunks written by other machines
        keep = {chunk_id(d.source, c.position) for d in fresh for c in d.chunks}
        stale = kb.dense.prune(keep)
        if stale:
            report.notes.append(f"removed {stale} vectors left over from earlier versions of indexed sources")
    return report
