"""Regenerate knowledge/seed-vectors.npz: the all-MiniLM-L6-v2 vectors of every seed-corpus chunk.

Run it after editing, adding or removing a file in knowledge/, or after a change that alters what gets
embedded (chunking, redaction, the embedded text, the embedder's VECTOR_VERSION). tests/test_kb_seed_vectors.py
fails until it has been run. Takes about half a minute on two cores.

Usage: .venv/bin/python evals/bench/build_seed_vectors.py [--out PATH]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from agent.kb.embedder import default_embedder  # noqa: E402
from agent.kb.seed import seed_files  # noqa: E402
from agent.kb.seed_vectors import SeedVectors, seed_texts, seed_vectors_path  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=seed_vectors_path(), help="where to write (default: %(default)s)")
    args = parser.parse_args()

    started = time.perf_counter()
    files = seed_files()
    texts = seed_texts(files)
    embedder = default_embedder()
    vectors = embedder.embed(texts)
    SeedVectors.write(args.out, embedder.identity, texts, vectors)
    seconds = time.perf_counter() - started

    written = SeedVectors.load(args.out)
    print(f"{args.out}: {len(written)} chunk vectors from {len(files)} post-mortems")
    print(f"size: {args.out.stat().st_size / 1024:.0f} KiB; embedder: {written.identity}; {seconds:.1f} s")


if __name__ == "__main__":
    main()
