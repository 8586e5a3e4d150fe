"""Word pieces: the all-MiniLM-L6-v2 vocabulary and its distilled vectors, shipped with the package.

The vocabulary and one 64-dimensional vector per piece (evals/training/distill_embeddings.py) are all the
message reader needs from the sentence model, so reading works without the optional embedding package.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy
    from tokenizers import Tokenizer

TABLE = "token_vectors.npz"
MAX_PIECES = 128  # a pasted stack trace says no more about the message's kind than its first lines do


class PieceTable:
    """The tokenizer and the vector of each piece id."""

    def __init__(self, vocab: list[str], vectors: numpy.ndarray) -> None:
        from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

        tokenizer = Tokenizer(models.WordPiece({piece: i for i, piece in enumerate(vocab)}, unk_token="[UNK]"))
        tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True, clean_text=True, handle_chinese_chars=True)
        tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        tokenizer.enable_truncation(max_length=MAX_PIECES)
        self.tokenizer: Tokenizer = tokenizer
        self.vectors = vectors.astype("float32")
        self.size = len(vocab)

    def ids(self, texts: list[str]) -> list[list[int]]:
        """Piece ids of each text (no [CLS]/[SEP]: nothing is added around them)."""
        return [encoding.ids for encoding in self.tokenizer.encode_batch_fast(texts, add_special_tokens=False)]


@functools.cache
def piece_table() -> PieceTable:
    import numpy as np

    with resources.files("agent.reading").joinpath("data", TABLE).open("rb") as handle:
        data = np.load(handle)
        return PieceTable(data["vocab"].tolist(), data["vectors"])  # Python strings, as str() of each gives
