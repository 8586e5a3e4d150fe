"""The dense side: a chromadb collection (local PersistentClient, or a Chroma server over HTTP).

We always hand chromadb our own vectors (`embedding_function=None`): its default embedder would download
a model at run time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from agent.errors import StoreError
from agent.kb.lexical import REBUILD_HINT

if TYPE_CHECKING:
    import numpy

    from agent.kb.models import SourceDocument

COLLECTION = "postmortems"
WRITE_BATCH = 2000


def _settings():
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False)


class DenseStore:
    def __init__(self, client, location: str, *, remote: bool) -> None:
        self.location = location
        self.remote = remote
        self._client = client
        with self._guard("open the collection in"):
            self._collection = client.get_or_create_collection(
                COLLECTION, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
            )

    @classmethod
    def local(cls, directory: Path) -> DenseStore:
        try:
            import chromadb

            client = chromadb.PersistentClient(path=str(directory), settings=_settings())
        except Exception as exc:
            problem = f"knowledge base store {directory} cannot be opened ({_first_line(exc)})"
            raise StoreError(f"{problem}; {REBUILD_HINT}") from exc
        return cls(client, str(directory), remote=False)

    @classmethod
    def server(cls, url: str) -> DenseStore:
        parsed = urlparse(url if "://" in url else f"http://{url}")
        if not parsed.hostname:
            raise StoreError(f"Chroma server URL {url!r} has no host (expected e.g. http://127.0.0.1:8000)")
        try:
            import chromadb

            client = chromadb.HttpClient(
                host=parsed.hostname,
                port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                ssl=parsed.scheme == "https",
                settings=_settings(),
            )
        except Exception as exc:
            raise StoreError(f"cannot reach the Chroma server at {url} ({_first_line(exc)})") from exc
        return cls(client, url, remote=True)

    @contextmanager
    def _guard(self, doing: str) -> Iterator[None]:
        try:
            yield
        except StoreError:
            raise
        except Exception as exc:
            hint = "is the server running?" if self.remote else REBUILD_HINT
            problem = f"could not {doing} the knowledge base store {self.location} ({_first_line(exc)})"
            raise StoreError(f"{problem}; {hint}") from exc

    def count(self) -> int:
        with self._guard("count chunks in"):
            return self._collection.count()

    def write(self, ids: list[str], vectors: numpy.ndarray, texts: list[str], metadatas: list[dict]) -> None:
        with self._guard("write to"):
            for start in range(0, len(ids), WRITE_BATCH):
                end = start + WRITE_BATCH
                self._collection.upsert(
                    ids=ids[start:end],
                    embeddings=vectors[start:end],
                    documents=texts[start:end],
                    metadatas=metadatas[start:end],
                )

    def delete_sources(self, sources: list[str]) -> None:
        if not sources:
            return
        with self._guard("delete from"):
            self._collection.delete(where=_source_filter(sources))

    def query(
        self, vector: numpy.ndarray, limit: int, sources: list[str] | None = None
    ) -> list[tuple[str, str, str, str, float]]:
        """(chunk_id, source, section, text, cosine similarity), best first."""
        if sources == [] or limit <= 0:
            return []
        where = None if sources is None else _source_filter(sources)
        with self._guard("search"):
            result = self._collection.query(
                query_embeddings=[vector], n_results=limit, where=where, include=["metadatas", "documents", "distances"]
            )
        first = {key: result[key][0] for key in ("ids", "metadatas", "documents", "distances")}
        rows = zip(first["ids"], first["metadatas"], first["documents"], first["distances"], strict=True)
        return [(i, m["source"], m["section"], text, 1.0 - float(d)) for i, m, text, d in rows]

    def records(self) -> list[tuple[SourceDocument, bool]]:
        """Every source rebuilt from the dense store alone (for a lost manifest), with its from-seed flag."""
        from agent.kb.models import Chunk, SourceDocument

        records: dict[str, dict] = {}
        chunks: dict[str, list[Chunk]] = {}
        with self._guard("read"):
            total = self._collection.count()
            for offset in range(0, total, WRITE_BATCH):
                page = self._collection.get(include=["metadatas", "documents"], limit=WRITE_BATCH, offset=offset)
                for metadata, text in zip(page["metadatas"], page["documents"], strict=True):
                    source = metadata["source"]
                    chunks.setdefault(source, []).append(
                        Chunk(section=metadata["section"], text=text, position=int(metadata["position"]))
                    )
                    if "record" in metadata:
                        records[source] = json.loads(metadata["record"])
        found = []
        for source, record in sorted(records.items()):
            seeded = bool(record.pop("from_seed", False))
            ordered = sorted(chunks.get(source, []), key=lambda c: c.position)
            found.append((SourceDocument.model_validate({**record, "chunks": ordered}), seeded))
        return found

    def prune(self, keep: set[str]) -> int:
        """Delete every chunk whose id is not in `keep` (left over from a failed write); returns how many."""
        with self._guard("clean up"):
            stale: list[str] = []
            total = self._collection.count()
            for offset in range(0, total, WRITE_BATCH):
                page = self._collection.get(include=[], limit=WRITE_BATCH, offset=offset)
                stale.extend(i for i in page["ids"] if i not in keep)
            for start in range(0, len(stale), WRITE_BATCH):
                self._collection.delete(ids=stale[start : start + WRITE_BATCH])
        return len(stale)


def _source_filter(sources: list[str]) -> dict:
    return {"source": sources[0]} if len(sources) == 1 else {"source": {"$in": sources}}


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
