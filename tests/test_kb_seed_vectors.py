"""The shipped seed-corpus vectors (knowledge/seed-vectors.npz): complete, faithful to the model, and used.

When the coverage test fails, a seed document (or what gets embedded from it) changed after the vectors
were built: run the build script it names, then commit the regenerated file.
"""

import shutil
from pathlib import Path

import numpy as np
import pytest

from agent.kb.embedder import HashingEmbedder, MiniLMEmbedder, default_embedder, minilm_model_dir
from agent.kb.seed import seed_files
from agent.kb.seed_vectors import BUILD_SCRIPT, SEED_VECTORS_NAME, SeedVectors, seed_texts, seed_vectors_for
from agent.kb.service import KnowledgeBase

REGENERATE = f"run `.venv/bin/python {BUILD_SCRIPT}` and commit knowledge/{SEED_VECTORS_NAME}"


class Counting:
    """Passes texts to another embedder and keeps them; name and identity are the inner embedder's."""

    def __init__(self, inner, *, keep_identity: bool = True) -> None:
        self.inner = inner
        self.name = inner.name
        if keep_identity and hasattr(inner, "identity"):
            self.identity = inner.identity
        self.texts: list[str] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.texts += texts
        return self.inner.embed(texts)


class Collecting:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def print(self, message: str) -> None:
        self.lines.append(message)


@pytest.fixture(scope="module")
def shipped() -> SeedVectors:
    from agent.paths import KNOWLEDGE_DIR

    path = KNOWLEDGE_DIR / SEED_VECTORS_NAME
    assert path.is_file(), f"{path} is missing; {REGENERATE}"
    return SeedVectors.load(path)


@pytest.fixture
def seed_folder(tmp_path, monkeypatch) -> Path:
    """A knowledge folder with three seed post-mortems as shipped and one edited since, plus the vectors."""
    import agent.paths

    folder = tmp_path / "knowledge"
    folder.mkdir()
    originals = seed_files()
    for path in originals[:3]:
        shutil.copy(path, folder / path.name)
    edited = originals[3]
    note = "\n\nA note added after the vectors were built: the on-call engineer paged the database team.\n"
    (folder / edited.name).write_text(edited.read_text(encoding="utf-8") + note, encoding="utf-8")
    shutil.copy(agent.paths.KNOWLEDGE_DIR / SEED_VECTORS_NAME, folder / SEED_VECTORS_NAME)
    monkeypatch.setattr(agent.paths, "KNOWLEDGE_DIR", folder)
    monkeypatch.setenv("POSTMORTEM_KB_SEED", "1")
    return folder


def test_the_shipped_vectors_cover_every_seed_chunk_and_nothing_else(shipped):
    assert shipped.identity == MiniLMEmbedder().identity, f"vectors from another embedder version; {REGENERATE}"
    texts = seed_texts(seed_files())
    missing = [text for text in texts if text not in shipped]
    stale = len(shipped) - len({text for text in texts if text in shipped})
    first = missing[0][:80] if missing else None
    assert not missing and not stale, (
        f"knowledge/{SEED_VECTORS_NAME} is out of date: {len(missing)} of {len(texts)} seed chunks have no "
        f"vector, {stale} vectors belong to no chunk (first missing: {first!r}); {REGENERATE}"
    )


def test_stored_vectors_equal_freshly_computed_ones(shipped):
    texts = seed_texts(seed_files()[:2])
    sample = [texts[0], texts[len(texts) // 2], texts[-1]]
    fresh = default_embedder().embed(sample)
    for text, vector in zip(sample, fresh, strict=True):
        stored = shipped.vector(text)
        assert stored is not None and stored.dtype == np.float32
        assert abs(float(np.linalg.norm(stored)) - 1.0) < 1e-5
        assert float(stored @ vector) > 0.999


def test_first_open_embeds_only_what_the_vectors_do_not_cover_and_finds_the_same(seed_folder, shipped, tmp_path):
    texts = seed_texts(seed_files())
    uncovered = [text for text in texts if text not in shipped]
    assert 0 < len(uncovered) < len(texts) // 4  # the edit changed a chunk of one file, not the corpus

    cached = Counting(default_embedder())
    kb = KnowledgeBase.open(tmp_path / "cached", embedder=cached, console=Collecting())
    assert sorted(cached.texts) == sorted(uncovered)
    assert kb.stats().sources == 4 and kb.stats().chunks == len(texts)

    plain = Counting(default_embedder(), keep_identity=False)
    reference = KnowledgeBase.open(tmp_path / "plain", embedder=plain, console=Collecting())
    assert sorted(plain.texts) == sorted(texts)
    for query in ("a configuration change broke production", "what did the team change afterwards"):
        ours, theirs = kb.search(query, k=4), reference.search(query, k=4)
        assert [h.title for h in ours] == [h.title for h in theirs]
        assert [h.section for h in ours] == [h.section for h in theirs]
        for mine, other in zip(ours, theirs, strict=True):
            assert (mine.similarity is None) == (other.similarity is None)
            assert mine.similarity is None or abs(mine.similarity - other.similarity) < 1e-3


def test_another_embedder_never_gets_the_stored_vectors(seed_folder, tmp_path):
    hashing = Counting(HashingEmbedder())
    KnowledgeBase.open(tmp_path / "home", embedder=hashing, console=Collecting())
    assert sorted(hashing.texts) == sorted(seed_texts(seed_files()))
    # Same model class, other weights folder: a different identity, so no reuse either.
    assert seed_vectors_for(MiniLMEmbedder(minilm_model_dir())) is None
    assert seed_vectors_for(default_embedder()) is not None


def test_a_damaged_vector_file_is_reported_and_everything_is_embedded(seed_folder, tmp_path):
    (seed_folder / SEED_VECTORS_NAME).write_bytes(b"PK\x03\x04 cut short")
    console = Collecting()
    kb = KnowledgeBase.open(tmp_path / "home", embedder=default_embedder(), console=console, seed=False)
    assert kb.seed_vectors is None
    assert any(SEED_VECTORS_NAME in line and BUILD_SCRIPT in line for line in console.lines), console.lines
