"""A message read in its place in the channel. The first reading (model.py) sees one message alone; the same words
do different work in different places: "seeing 502s on checkout" is the report that starts an incident when nothing
came before it, and one more voice when three people said so already; "rolled back" followed by "graphs are green"
is a mitigation that worked. A second linear model reads each message's first reading together with the readings
around it: the previous and the next message's, the most any earlier message and any later one was read as each
kind, and the most within the next few messages.

Trained by evals/training/train_reader.py on the first model's out-of-fold readings of the labelled corpus; weights
read with numpy. Where a message sits in the channel (its index, its author) is left out on purpose: real channels
open on anything, so only what was said around a message counts.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy

WEIGHTS = "message_context.npz"
NEXT_MESSAGES = 5  # how far ahead "soon after" reaches: a fix is confirmed within a few messages, or not at all
_FLOOR = 1e-4  # log of a reading: no kind is impossible


def context_features(readings: numpy.ndarray) -> numpy.ndarray:
    """(messages, 7 * kinds) from the first readings `(messages, kinds)` of one channel, in order: each message's
    reading and its log, the previous and the next message's, the most before it, the most after it, and the most
    within the next NEXT_MESSAGES."""
    import numpy as np

    count, kinds = readings.shape
    none = np.zeros((1, kinds), dtype=readings.dtype)
    previous = np.vstack([none, readings[:-1]])[:count]
    following = np.vstack([readings[1:], none])[:count]
    before = np.vstack([none, np.maximum.accumulate(readings, axis=0)[:-1]])[:count]
    after = np.vstack([np.maximum.accumulate(readings[::-1], axis=0)[::-1][1:], none])[:count]
    padded = np.vstack([readings[1:], np.zeros((NEXT_MESSAGES, kinds), dtype=readings.dtype)])
    soon = np.lib.stride_tricks.sliding_window_view(padded, NEXT_MESSAGES, axis=0).max(axis=2)[:count]
    return np.hstack([readings, np.log(readings + _FLOOR), previous, following, before, after, soon])


class ContextModel:
    """Multinomial logistic regression over `context_features`, its inputs' scaling folded into the weights."""

    def __init__(self, classes: list[str], weights: numpy.ndarray, bias: numpy.ndarray,
                 least_confidence: float, share: float = 1.0) -> None:
        self.classes = classes
        # The reading in context counts this much, the message's own reading the rest: the channels the corpus was
        # written as are not every channel (follow-ups said mid-incident, reports in an idle channel), so the words
        # of a message keep a vote of their own (chosen on held-out transcripts when trained).
        self.share = share
        # Below this, a reading in context is too doubtful to put on a timeline (chosen on held-out transcripts).
        self.least_confidence = least_confidence
        self.weights = weights.astype("float32")  # (features, classes)
        self.bias = bias.astype("float32")

    def probabilities(self, readings: numpy.ndarray) -> numpy.ndarray:
        """(messages, classes) from the first readings of one channel's messages, in order: the reading in context
        and the first reading, weighed by `share`."""
        import numpy as np

        if not len(readings):
            return readings
        in_context = self.probabilities_of(context_features(readings.astype(np.float32)))
        return self.share * in_context + (1.0 - self.share) * readings

    def probabilities_of(self, inputs: numpy.ndarray) -> numpy.ndarray:
        """(messages, classes) from `context_features` already computed."""
        import numpy as np

        logits = inputs @ self.weights + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, path) -> None:
        import numpy as np

        np.savez_compressed(path, classes=np.array(self.classes), weights=self.weights, bias=self.bias,
                            least_confidence=np.float32(self.least_confidence), share=np.float32(self.share))


def load_context_model(name: str = WEIGHTS) -> ContextModel:
    """A model shipped in agent/reading/data."""
    with resources.files("agent.reading").joinpath("data", name).open("rb") as handle:
        return read_context_model(handle)


def read_context_model(handle) -> ContextModel:
    """A model from an open .npz file."""
    import numpy as np

    data = np.load(handle)
    return ContextModel([str(c) for c in data["classes"]], data["weights"], data["bias"],
                        float(data["least_confidence"]), float(data["share"]))


@functools.cache
def context_model() -> ContextModel:
    return load_context_model()
