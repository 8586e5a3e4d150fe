"""Precomputed vectors of the seed corpus (knowledge/seed-vectors.npz), so that the first open takes seconds.

Each vector is keyed by sha256(embedder identity, text embedded): it is reused only for exactly the text
and the model it was computed from. A seed file edited since the vectors were built, a new file, or a
different embedder simply finds no key and is embedded as usual. Vectors are stored as float16 (half the
size; cosine to the float32 original > 0.99999) and renormalised to unit float32 on load.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy

    from agent.kb.embedder import Embedder

SEED_VECTORS_NAME = "seed-vectors.npz"
BUILD_SCRIPT = "evals/bench/build_seed_vectors.py"
DIGEST_BYTES = 32


def seed_vectors_path() -> Path:
    from agent.paths import KNOWLEDGE_DIR

    return KNOWLEDGE_DIR / SEED_VECTORS_NAME


def text_digest(identity: str, text: str) -> bytes:
    return hashlib.sha256(identity.encode() + b"\0" + text.encode()).digest()


def seed_texts(files: list[Path]) -> list[str]:
    """Every text that indexing these files hands the embedder, in indexing order (read, redacted, chunked)."""
    from agent.kb.ingest import read_source
    from agent.kb.service import embedded_text

    texts: list[str] = []
    for path in files:
        document = read_source(path)
        texts += [embedded_text(document, i) for i in range(len(document.chunks))]
    return texts


class SeedVectors:
    """The vectors one embedder identity computed, looked up by the digest of their text."""

    def __init__(self, identity: str, digests: numpy.ndarray, vectors: numpy.ndarray) -> None:
        import numpy as np

        if digests.ndim != 2 or digests.shape[1] != DIGEST_BYTES or vectors.ndim != 2 or len(vectors) != len(digests):
            raise ValueError(f"digests {digests.shape} and vectors {vectors.shape} do not fit together")
        self.identity = identity
        self._rows = {digest.tobytes(): row for row, digest in enumerate(digests)}
        unit = vectors.astype(np.float32)
        self._vectors = unit / np.clip(np.linalg.norm(unit, axis=1, keepdims=True), 1e-12, None)

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, text: str) -> bool:
        return text_digest(self.identity, text) in self._rows

    @classmethod
    def load(cls, path: Path) -> SeedVectors:
        """Raises OSError or ValueError when the file is missing or not one `write` made."""
        import zipfile

        import numpy as np

        try:
            with np.load(path, allow_pickle=False) as data:
                return cls(str(data["identity"]), data["digests"], data["vectors"])
        except (KeyError, zipfile.BadZipFile, EOFError) as exc:
            raise ValueError(f"not a seed vector file: {type(exc).__name__}: {exc}") from exc

    @staticmethod
    def write(path: Path, identity: str, texts: list[str], vectors: numpy.ndarray) -> None:
        import numpy as np

        rows = {text_digest(identity, text): row for row, text in enumerate(texts)}  # repeats stored once
        digests = np.frombuffer(b"".join(rows), dtype=np.uint8).reshape(len(rows), DIGEST_BYTES)
        half = vectors[list(rows.values())].astype(np.float16)
        with path.open("wb") as handle:  # np.savez would append .npz to a name without it
            np.savez_compressed(handle, identity=np.array(identity), digests=digests, vectors=half)

    def vector(self, text: str) -> numpy.ndarray | None:
        row = self._rows.get(text_digest(self.identity, text))
        return None if row is None else self._vectors[row]

    def embed(self, embedder: Embedder, texts: list[str]) -> numpy.ndarray:
        """Vectors for `texts`: the stored one where the text is known, the embedder's for the rest."""
        import numpy as np

        from agent.kb.embedder import EMBEDDING_DIM

        out = np.empty((len(texts), EMBEDDING_DIM), dtype=np.float32)
        missing: list[int] = []
        for index, text in enumerate(texts):
            stored = self.vector(text)
            if stored is None:
                missing.append(index)
            else:
                out[index] = stored
        if missing:
            out[missing] = embedder.embed([texts[i] for i in missing])
        return out


def seed_vectors_for(embedder: Embedder, path: Path | None = None) -> SeedVectors | None:
    """The stored vectors when they were computed by this very embedder; None otherwise or without a file.

    Raises OSError/ValueError for a file that exists but cannot be read (the caller says so and embeds).
    """
    identity = getattr(embedder, "identity", None)
    path = path or seed_vectors_path()
    if not isinstance(identity, str) or not path.is_file():
        return None
    stored = SeedVectors.load(path)
    return stored if stored.identity == identity else None
