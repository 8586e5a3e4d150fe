"""Train the message-kind classifier on the labelled corpus and measure it with grouped cross-validation.

Usage: python evals/training/train_reader.py [--folds 5] [--no-save]
Needs scikit-learn (the dev extra). Each labelled message is read the way `postmortem draft` reads it: the
transcript is parsed by the shipped parsers, and a label takes the parsed message found at its line (so text
and parser kind are what the reader sees at run time); a label whose message the parser does not find falls
back to the label's own text. Cross-validation folds are whole transcripts (GroupKFold), and a second split
holds out each writer in turn, the honest figure for "transcripts nobody tuned for".

Writes agent/reading/data/message_kinds.npz and evals/training/cv_report.json (the figures in the README).
"""

import argparse
import datetime as dt
import json
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import GroupKFold

from agent.errors import PostmortemError
from agent.reading import READING_KINDS
from agent.reading.features import MessageFeatures, message_features
from agent.reading.model import WEIGHTS, KindModel
from agent.transcript.parse import load_transcript

HERE = Path(__file__).resolve().parent
MESSAGES = HERE / "messages"
REPORT = HERE / "cv_report.json"
OUT = HERE.parents[1] / "agent" / "reading" / "data" / WEIGHTS
MIN_KEY_COUNT = 2  # a piece or pair seen once says more about that transcript than about the kind
REGULARISATION = 4.0
_SPACE = re.compile(r"\s+")
ALIGN_LOOKAHEAD = 3


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def load_corpus() -> list[dict]:
    """One entry per transcript: its messages' texts, parser kinds, labels, writer and how many aligned."""
    corpus = []
    for folder in sorted(p.parent for p in MESSAGES.rglob("labels.jsonl")):
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        labels = [json.loads(line) for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines()
                  if line.strip()]
        parsed = _parsed_messages(folder, meta)
        texts, kinds, aligned = [], [], 0
        for label in labels:
            found = _aligned(label, parsed)
            aligned += found is not None
            texts.append(found.text if found is not None else label["text"])
            kinds.append(found.kind if found is not None else "chat")
        corpus.append({"name": folder.name, "writer": meta["writer"], "format": meta["format"], "texts": texts,
                       "parser_kinds": kinds, "labels": [label["kind"] for label in labels], "aligned": aligned})
    return corpus


def _parsed_messages(folder: Path, meta: dict) -> list:
    anchor = dt.date.fromisoformat(meta["date"]) if meta.get("date") else None
    try:
        return load_transcript(str(folder / "transcript.txt"), tz=None, anchor_date=anchor,
                               today=anchor or dt.date(2026, 1, 1)).messages
    except PostmortemError:
        return []


def _aligned(label: dict, parsed: list):
    first = _squash(next((part for part in label["text"].split("\n") if part.strip()), ""))[:40]
    for message in parsed:
        if label["line"] <= message.line <= label["line"] + ALIGN_LOOKAHEAD and first in _squash(message.text):
            return message
    return None


def features_of(transcripts: list[dict]) -> tuple[MessageFeatures, list[str], np.ndarray]:
    """Features of every message of these transcripts (positions counted per transcript), labels, groups."""
    parts, labels, groups = [], [], []
    for index, transcript in enumerate(transcripts):
        parts.append(message_features(transcript["texts"], transcript["parser_kinds"]))
        labels += transcript["labels"]
        groups += [index] * len(transcript["labels"])
    offsets, keys, start = [np.zeros(1, dtype=np.int64)], [], 0
    for part in parts:
        keys.append(part.keys)
        offsets.append(part.offsets[1:] + start)
        start += len(part.keys)
    merged = MessageFeatures(np.concatenate(keys), np.concatenate(offsets),
                             np.concatenate([p.meaning for p in parts]), np.concatenate([p.shape for p in parts]))
    return merged, labels, np.array(groups)


def design(features: MessageFeatures, rows: np.ndarray, vocabulary: np.ndarray) -> sparse.csr_matrix:
    """The matrix the model sees for messages `rows`: sparse keys in `vocabulary` (scaled as model.py does),
    then meaning and shape."""
    data, indices, indptr = [], [], [0]
    for row in rows:
        keys = features.keys[features.offsets[row]:features.offsets[row + 1]]
        columns = np.searchsorted(vocabulary, keys).clip(max=len(vocabulary) - 1)
        known = vocabulary[columns] == keys
        indices.append(columns[known])
        data.append(np.full(known.sum(), 1.0 / np.sqrt(max(len(keys), 1)), dtype=np.float32))
        indptr.append(indptr[-1] + known.sum())
    lexical = sparse.csr_matrix((np.concatenate(data), np.concatenate(indices), np.array(indptr)),
                                shape=(len(rows), len(vocabulary)))
    dense = sparse.csr_matrix(np.concatenate([features.meaning[rows], features.shape[rows]], axis=1))
    return sparse.hstack([lexical, dense], format="csr")


def vocabulary_of(features: MessageFeatures, rows: np.ndarray) -> np.ndarray:
    counts = Counter()
    for row in rows:
        counts.update(features.keys[features.offsets[row]:features.offsets[row + 1]].tolist())
    return np.array(sorted(key for key, count in counts.items() if count >= MIN_KEY_COUNT), dtype=np.int64)


def fit(features: MessageFeatures, labels: np.ndarray, rows: np.ndarray) -> tuple[LogisticRegression, np.ndarray]:
    vocabulary = vocabulary_of(features, rows)
    classifier = LogisticRegression(C=REGULARISATION, max_iter=3000, class_weight="balanced")
    classifier.fit(design(features, rows, vocabulary), labels[rows])
    return classifier, vocabulary


def cross_validate(features, labels: np.ndarray, splits) -> dict:
    predicted = np.empty(len(labels), dtype=object)
    for train, test in splits:
        classifier, vocabulary = fit(features, labels, train)
        predicted[test] = classifier.predict(design(features, test, vocabulary))
    kinds = [kind for kind in READING_KINDS if kind in set(labels)]
    precision, recall, f1, support = precision_recall_fscore_support(labels, predicted, labels=kinds, zero_division=0)
    per_kind = {kind: {"precision": round(float(p), 3), "recall": round(float(r), 3), "f1": round(float(f), 3),
                       "support": int(s)} for kind, p, r, f, s in zip(kinds, precision, recall, f1, support)}
    return {"accuracy": round(float((predicted == labels).mean()), 3),
            "macro_f1": round(float(np.mean(f1)), 3), "per_kind": per_kind}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-save", action="store_true", help="measure only; keep the shipped weights")
    args = parser.parse_args(argv)
    corpus = load_corpus()
    features, label_list, groups = features_of(corpus)
    labels = np.array(label_list, dtype=object)
    writers = np.array([t["writer"] for t in corpus])[groups]
    total, aligned = sum(len(t["labels"]) for t in corpus), sum(t["aligned"] for t in corpus)
    print(f"{len(corpus)} transcripts, {total} messages ({aligned / total:.0%} found by the parsers at their line), "
          f"{len(set(t['format'] for t in corpus))} formats, {len(set(writers))} writers", file=sys.stderr)
    by_transcript = cross_validate(features, labels, GroupKFold(n_splits=args.folds).split(labels, labels, groups))
    by_writer = cross_validate(features, labels, [(np.flatnonzero(writers != w), np.flatnonzero(writers == w))
                                                  for w in sorted(set(writers))])
    report = {"transcripts": len(corpus), "messages": total, "formats": len(set(t["format"] for t in corpus)),
              "writers": sorted(set(writers.tolist())), "aligned_share": round(aligned / total, 3),
              "grouped_by_transcript": by_transcript, "leave_one_writer_out": by_writer}
    for name in ("grouped_by_transcript", "leave_one_writer_out"):
        print(f"{name}: accuracy {report[name]['accuracy']}, macro F1 {report[name]['macro_f1']}", file=sys.stderr)
    if not args.no_save:
        everything = np.arange(len(labels))
        classifier, vocabulary = fit(features, labels, everything)
        weights = classifier.coef_.T  # (features, classes)
        lexical = len(vocabulary)
        KindModel([str(c) for c in classifier.classes_], vocabulary, weights[:lexical], weights[lexical:],
                  classifier.intercept_).save(OUT)
        REPORT.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB) and {REPORT}", file=sys.stderr)
    print(json.dumps(report["grouped_by_transcript"]["per_kind"], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
