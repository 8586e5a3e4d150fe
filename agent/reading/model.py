"""The message-kind classifier at run time: a linear model over features.py, weights read with numpy.

Trained by evals/training/train_reader.py (scikit-learn, a dev dependency) on the labelled corpus in
evals/training/messages; its cross-validated figures are in the README.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import TYPE_CHECKING

from agent.reading.features import MessageFeatures

if TYPE_CHECKING:
    import numpy

WEIGHTS = "message_kinds.npz"


class KindModel:
    """Multinomial logistic regression: one weight row per known sparse key, dense weights for the rest."""

    def __init__(self, classes: list[str], keys: numpy.ndarray, sparse: numpy.ndarray, dense: numpy.ndarray,
                 bias: numpy.ndarray, least_confidence: float = 0.0) -> None:
        self.classes = classes
        # Below this, a reading is too doubtful to put on a timeline (chosen on held-out transcripts when trained).
        self.least_confidence = least_confidence
        self.keys = keys  # sorted int64
        self.sparse = sparse.astype("float32")  # (len(keys), classes)
        self.dense = dense.astype("float32")  # (meaning + shape, classes)
        self.bias = bias.astype("float32")

    def probabilities(self, features: MessageFeatures, extras: numpy.ndarray | None = None) -> numpy.ndarray:
        """(messages, classes) probabilities, rows summing to 1. `extras`: further dense columns, after shape."""
        import numpy as np

        dense = [features.meaning, features.shape] + ([extras] if extras is not None else [])
        logits = np.concatenate(dense, axis=1) @ self.dense + self.bias
        if len(features.keys) and len(self.keys):
            rows = np.searchsorted(self.keys, features.keys).clip(max=len(self.keys) - 1)
            known = self.keys[rows] == features.keys
            owner = np.repeat(np.arange(len(features.offsets) - 1), np.diff(features.offsets))
            counts = np.bincount(owner, minlength=len(logits)).astype(np.float32)
            scale = 1.0 / np.sqrt(np.maximum(counts, 1.0))  # each message's keys as one unit-length vector
            contributions = self.sparse[rows[known]] * scale[owner[known]][:, None]
            for column in range(len(self.classes)):
                logits[:, column] += np.bincount(owner[known], weights=contributions[:, column], minlength=len(logits))
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, path) -> None:
        import numpy as np

        np.savez_compressed(path, classes=np.array(self.classes), keys=self.keys, sparse=self.sparse.astype(np.float16),
                            dense=self.dense, bias=self.bias, least_confidence=np.float32(self.least_confidence))


def load_model(name: str) -> KindModel:
    """A model shipped in agent/reading/data."""
    import numpy as np

    with resources.files("agent.reading").joinpath("data", name).open("rb") as handle:
        data = np.load(handle)
        least = float(data["least_confidence"]) if "least_confidence" in data.files else 0.0
        return KindModel([str(c) for c in data["classes"]], data["keys"], data["sparse"], data["dense"], data["bias"],
                         least)


@functools.cache
def kind_model() -> KindModel:
    return load_model(WEIGHTS)
