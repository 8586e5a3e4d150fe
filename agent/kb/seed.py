"""The bundled seed corpus (knowledge/*.md): indexed on first open, again only when those files change.

`POSTMORTEM_KB_SEED=0` (or `seed=False`) switches it off. A seed post-mortem the user removed stays removed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from agent.kb.ingest import source_key

if TYPE_CHECKING:
    from agent.kb.lexical import LexicalIndex
    from agent.kb.service import KnowledgeBase

FINGERPRINT_KEY = "seed_fingerprint"
REMOVED_KEY = "seed_removed"


def seed_files(directory: Path | None = None) -> list[Path]:
    from agent.paths import KNOWLEDGE_DIR

    folder = directory or KNOWLEDGE_DIR
    return sorted(p for p in folder.glob("*.md") if p.is_file() and p.name.lower() != "readme.md")


def fingerprint(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        stat = path.stat()
        digest.update(f"{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def removed_sources(lexical: LexicalIndex) -> set[str]:
    return set(json.loads(lexical.get_meta(REMOVED_KEY) or "[]"))


def remember_removed(lexical: LexicalIndex, source: str) -> None:
    lexical.set_meta(REMOVED_KEY, json.dumps(sorted(removed_sources(lexical) | {source})))


def seed_if_changed(kb: KnowledgeBase) -> None:
    lexical = kb.stores()[0]
    files = seed_files()
    current = fingerprint(files)
    if not files or lexical.get_meta(FINGERPRINT_KEY) == current:
        return
    skipped = removed_sources(lexical)
    wanted = [p for p in files if source_key(p) not in skipped]
    kb.say(f"indexing the seed corpus: {len(wanted)} post-mortems (once; POSTMORTEM_KB_SEED=0 switches it off)")
    report = kb.add(wanted, from_seed=True)
    for file_report in report.files:
        if file_report.status in ("skipped", "unreadable"):
            kb.say(f"seed corpus: skipped {file_report.path}: {file_report.reason}")
    lexical.set_meta(FINGERPRINT_KEY, current)
