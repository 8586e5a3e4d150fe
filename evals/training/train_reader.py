"""Train the message-kind classifier on the labelled corpus and measure it with grouped cross-validation.

Usage: python evals/training/train_reader.py [--folds 5] [--no-save] [--stated-only]
Needs scikit-learn (the dev extra). Each labelled message is read the way `postmortem draft` reads it: the
transcript is parsed by the shipped parsers and redacted as a draft redacts it, and a label takes the parsed
message found at its line (so text and parser kind are what the reader sees at run time: a pasted key reads
"[REDACTED:...]" there too); a label whose message the parser does not find falls back to the label's own
text, redacted. Cross-validation folds are whole transcripts (GroupKFold), and a second split
holds out each writer in turn, the honest figure for "transcripts nobody tuned for".

A second, smaller model reads which event each stated time dates ("it started at 02:10"): every clock time the
shipped finder sees in a labelled message is one example, labelled by the message's `stated` entry with the same
clock time, else `other`.

The reader is two models. The first reads each message alone; the second (agent/reading/context.py) reads the
first's readings of a message and of the messages around it. The second is trained on the first's out-of-fold
readings (each transcript read by a first model that never saw it), the way it meets readings at run time, and is
measured on the same folds: its figures are the reader's. The first model's own figures are kept in the report
as `first_reading`.

Writes agent/reading/data/message_kinds.npz, agent/reading/data/message_context.npz,
agent/reading/data/stated_times.npz and evals/training/cv_report.json (the figures in the README).
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
from agent.privacy.redact import redact_text, redact_transcript
from agent.reading import READING_KINDS
from agent.reading.context import WEIGHTS as CONTEXT_WEIGHTS
from agent.reading.context import ContextModel, context_features
from agent.reading.features import MessageFeatures, message_features, reading_text
from agent.reading.model import WEIGHTS, KindModel
from agent.reading.stated import STATED_KINDS, clock_mentions, mention_extras, mention_window, place, stated_features
from agent.reading.stated import WEIGHTS as STATED_WEIGHTS
from agent.transcript.parse import load_transcript

HERE = Path(__file__).resolve().parent
MESSAGES = HERE / "messages"
REPORT = HERE / "cv_report.json"
DATA = HERE.parents[1] / "agent" / "reading" / "data"
OUT = DATA / WEIGHTS
MIN_KEY_COUNT = 2  # a piece or pair seen once says more about that transcript than about the kind
REGULARISATION = 16.0
# The context model's inputs are standardised before fitting (its weights take the scaling back in); C=0.1 was the
# best of 0.03, 0.1 and 0.3 on a held-out fold (accuracy 0.784 against 0.784 and 0.780), and the quickest to fit.
CONTEXT_REGULARISATION = 0.1
CONTEXT_SHARES = (0.25, 0.5, 0.75, 1.0)
_SPACE = re.compile(r"\s+")
ALIGN_LOOKAHEAD = 3
MIN_HELD_OPENING = 12  # shorter openings ("ok", "done") occur inside any label's text


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def load_corpus() -> list[dict]:
    """One entry per transcript: its messages' texts, parser kinds, labels, writer and how many aligned."""
    corpus = []
    for folder in sorted(p.parent for p in MESSAGES.rglob("labels.jsonl")):
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        labels = [json.loads(line) for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines()
                  if line.strip()]
        parsed, redacted = _parsed_messages(folder, meta)
        texts, kinds, aligned = [], [], 0
        for label in labels:
            index = _aligned(label, parsed)
            aligned += index is not None
            found = redacted[index] if index is not None else None
            texts.append(reading_text(found) if found is not None else redact_text(label["text"])[0])
            kinds.append(found.kind if found is not None else "chat")
        corpus.append({"name": folder.name, "writer": meta["writer"], "format": meta["format"], "texts": texts,
                       "parser_kinds": kinds, "labels": [label["kind"] for label in labels], "aligned": aligned,
                       "raw": labels, "date": meta.get("date")})
    return corpus


def _parsed_messages(folder: Path, meta: dict) -> tuple[list, list]:
    """The parsed messages as written (to find a label's message) and as a draft reads them: redacted first."""
    anchor = dt.date.fromisoformat(meta["date"]) if meta.get("date") else None
    try:
        transcript = load_transcript(str(folder / "transcript.txt"), tz=None, anchor_date=anchor,
                                     today=anchor or dt.date(2026, 1, 1))
    except PostmortemError:
        return [], []
    return transcript.messages, redact_transcript(transcript)[0].messages


def _aligned(label: dict, parsed: list) -> int | None:
    """The index of the parsed message at the label's line whose text starts the way the label's does, or which
    the label's text holds (a note in a pager log is labelled with the tool's "Note added by ...:" around it)."""
    first = _squash(next((part for part in label["text"].split("\n") if part.strip()), ""))[:40]
    whole = _squash(label["text"])
    for index, message in enumerate(parsed):
        if not label["line"] <= message.line <= label["line"] + ALIGN_LOOKAHEAD:
            continue
        opening = _squash(message.text)[:40]
        if first in _squash(message.text) or (len(opening) >= MIN_HELD_OPENING and opening in whole):
            return index
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


def design(features: MessageFeatures, rows: np.ndarray, vocabulary: np.ndarray,
           extras: np.ndarray | None = None) -> sparse.csr_matrix:
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
    blocks = [features.meaning[rows], features.shape[rows]] + ([extras[rows]] if extras is not None else [])
    dense = sparse.csr_matrix(np.concatenate(blocks, axis=1))
    return sparse.hstack([lexical, dense], format="csr")


def vocabulary_of(features: MessageFeatures, rows: np.ndarray) -> np.ndarray:
    counts = Counter()
    for row in rows:
        counts.update(features.keys[features.offsets[row]:features.offsets[row + 1]].tolist())
    return np.array(sorted(key for key, count in counts.items() if count >= MIN_KEY_COUNT), dtype=np.int64)


def fit(features: MessageFeatures, labels: np.ndarray, rows: np.ndarray,
        extras: np.ndarray | None = None) -> tuple[LogisticRegression, np.ndarray]:
    vocabulary = vocabulary_of(features, rows)
    classifier = LogisticRegression(C=REGULARISATION, max_iter=3000, class_weight="balanced")
    classifier.fit(design(features, rows, vocabulary, extras), labels[rows])
    return classifier, vocabulary


def cross_validate(features, labels: np.ndarray, splits, extras: np.ndarray | None = None,
                   kinds: tuple[str, ...] = READING_KINDS) -> tuple[dict, np.ndarray, list[str]]:
    """Figures of out-of-fold predictions, and the out-of-fold probabilities (columns in `classes` order)."""
    classes = sorted(set(labels))
    probabilities = np.zeros((len(labels), len(classes)))
    for train, test in splits:
        classifier, vocabulary = fit(features, labels, train, extras)
        columns = [classes.index(c) for c in classifier.classes_]
        probabilities[np.ix_(test, columns)] = classifier.predict_proba(design(features, test, vocabulary, extras))
    predicted = np.array(classes, dtype=object)[probabilities.argmax(axis=1)]
    return _figures(labels, predicted, kinds), probabilities, classes


def _figures(labels: np.ndarray, predicted: np.ndarray, kinds: tuple[str, ...]) -> dict:
    kinds = [kind for kind in kinds if kind in set(labels)]
    precision, recall, f1, support = precision_recall_fscore_support(labels, predicted, labels=kinds, zero_division=0)
    per_kind = {kind: {"precision": round(float(p), 3), "recall": round(float(r), 3), "f1": round(float(f), 3),
                       "support": int(s)} for kind, p, r, f, s in zip(kinds, precision, recall, f1, support, strict=True)}
    return {"accuracy": round(float((predicted == labels).mean()), 3),
            "macro_f1": round(float(np.mean(f1)), 3), "per_kind": per_kind}


def least_confidence(labels: np.ndarray, probabilities: np.ndarray, classes: list[str]) -> tuple[float, dict]:
    """The confidence below which a message is better read as chatter: the one that maximises F1 on the timeline
    kinds (micro-averaged) over out-of-fold predictions. A timeline row from a doubtful reading costs the reader
    as much as a missing one."""
    timeline = set(READING_KINDS[:15])
    best, best_f1 = 0.0, -1.0
    chosen = {}
    for threshold in np.arange(0.0, 0.81, 0.05):
        predicted = _thresholded(probabilities, classes, threshold)
        hits = sum(p == label for p, label in zip(predicted, labels, strict=True) if p in timeline)
        said = sum(p in timeline for p in predicted)
        true = sum(label in timeline for label in labels)
        precision, recall = hits / max(said, 1), hits / max(true, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        if f1 > best_f1:
            best, best_f1 = float(threshold), f1
            chosen = {"threshold": round(best, 2), "timeline_precision": round(precision, 3),
                      "timeline_recall": round(recall, 3), "timeline_f1": round(f1, 3)}
    return best, chosen


def _thresholded(probabilities: np.ndarray, classes: list[str], threshold: float) -> np.ndarray:
    predicted = np.array(classes, dtype=object)[probabilities.argmax(axis=1)]
    predicted[probabilities.max(axis=1) < threshold] = "chatter"
    return predicted


def stated_examples(corpus: list[dict]) -> tuple[MessageFeatures, np.ndarray, np.ndarray, np.ndarray]:
    """One example per clock time found in a labelled message: window features, extras, label, transcript."""
    windows, extras, labels, groups = [], [], [], []
    for index, transcript in enumerate(corpus):
        for label in transcript["raw"]:
            said_at = _said_at(label.get("time"), transcript["date"])
            mentions = clock_mentions(label["text"])
            for i, mention in enumerate(mentions):
                placed = place(mention, said_at, said_at.date() if said_at else None, None)
                windows.append(mention_window(label["text"], mention))
                extras.append(mention_extras(placed, said_at, i, len(mentions)))
                labels.append(_stated_label(mention, label["stated"]))
                groups.append(index)
    features = stated_features(windows)
    return features, np.stack(extras), np.array(labels, dtype=object), np.array(groups)


def _said_at(stamp: str | None, day: str | None) -> dt.datetime | None:
    if not stamp:
        return None
    if "T" in stamp:
        return dt.datetime.fromisoformat(stamp)
    return dt.datetime.combine(dt.date.fromisoformat(day) if day else dt.date(2026, 1, 1), dt.time.fromisoformat(stamp))


# The facts read a stated end of impact as the recovery (agent/facts/events.py); writers split the two by wording
# ("errors stopped at" / "back to normal at") that the model could not tell apart (recovery F1 0.18, impact_end
# 0.63, each mostly read as the other), so the model learns them as one kind (F1 0.66).
_STATED_AS = {"impact_end": "recovery"}
# Which signal first showed the problem is the message's own kind; the stated time only says when.
_STATED_AS.update(dict.fromkeys(("detection_alert", "detection_report", "page"), "detection"))


def _stated_label(mention, stated: list[dict]) -> str:
    hours = {mention.hour % 12 + (12 if mention.meridiem == "p" else 0)} if mention.meridiem else {mention.hour, mention.hour + 12}
    for entry in stated:
        hour, minute = (int(part) for part in entry["time"].split(":"))
        if hour in hours and minute == mention.minute:
            event = _STATED_AS.get(entry["event"], entry["event"])
            return event if event in STATED_KINDS else "other"
    return "other"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-save", action="store_true", help="measure only; keep the shipped weights")
    parser.add_argument("--stated-only", action="store_true", help="train only the stated-time model")
    args = parser.parse_args(argv)
    corpus = load_corpus()
    total, aligned = sum(len(t["labels"]) for t in corpus), sum(t["aligned"] for t in corpus)
    print(f"{len(corpus)} transcripts, {total} messages ({aligned / total:.0%} found by the parsers at their line), "
          f"{len(set(t['format'] for t in corpus))} formats, {len({t['writer'] for t in corpus})} writers",
          file=sys.stderr)
    if args.stated_only:
        report = json.loads(REPORT.read_text(encoding="utf-8"))
    else:
        report = {"transcripts": len(corpus), "messages": total, "formats": len(set(t["format"] for t in corpus)),
                  "writers": sorted({t["writer"] for t in corpus}), "aligned_share": round(aligned / total, 3),
                  **train_kinds(corpus, args)}
    report["stated_times"] = train_stated(corpus, args)
    if not args.no_save:
        REPORT.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    for name in ("grouped_by_transcript", "stated_times"):
        for kind, figures in report[name]["per_kind"].items():
            print(f"{name:22} {kind:18} P {figures['precision']:.2f}  R {figures['recall']:.2f}  n {figures['support']}")
    return 0


def train_kinds(corpus: list[dict], args) -> dict:
    """Both reading models: grouped and leave-one-writer-out figures, then (unless --no-save) the weights."""
    features, label_list, groups = features_of(corpus)
    labels = np.array(label_list, dtype=object)
    writers = np.array([t["writer"] for t in corpus])[groups]
    report, saved = {}, {}
    for name, splits in (
        ("grouped_by_transcript", list(GroupKFold(n_splits=args.folds).split(labels, labels, groups))),
        ("leave_one_writer_out", [(np.flatnonzero(writers != w), np.flatnonzero(writers == w))
                                  for w in sorted(set(writers))]),
    ):
        first, probabilities, classes = cross_validate(features, labels, splits)
        first_threshold, first["with_least_confidence"] = least_confidence(labels, probabilities, classes)
        inputs = context_inputs(probabilities, groups)
        in_context = cross_validate_context(inputs, labels, splits, classes)
        share, threshold, figures = best_share(labels, probabilities, in_context, classes)
        figures["first_reading"] = first
        report[name] = figures
        print(f"{name}: accuracy {figures['accuracy']}, macro F1 {figures['macro_f1']}, share {share}, "
              f"{figures['with_least_confidence']} (first reading alone: accuracy {first['accuracy']}, "
              f"{first['with_least_confidence']})", file=sys.stderr)
        if name == "grouped_by_transcript":
            saved = {"inputs": inputs, "first_threshold": first_threshold, "threshold": threshold, "share": share}
    if not args.no_save:
        classifier, vocabulary = fit(features, labels, np.arange(len(labels)))
        weights = classifier.coef_.T  # (features, classes)
        KindModel([str(c) for c in classifier.classes_], vocabulary, weights[:len(vocabulary)],
                  weights[len(vocabulary):], classifier.intercept_,
                  least_confidence=saved["first_threshold"]).save(OUT)
        context = fit_context(saved["inputs"], labels, np.arange(len(labels)), saved["threshold"], saved["share"])
        if context.classes != [str(c) for c in classifier.classes_]:
            raise SystemExit("the context model learned other kinds than the message model")
        context.save(DATA / CONTEXT_WEIGHTS)
        print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.2f} MB) and {DATA / CONTEXT_WEIGHTS}", file=sys.stderr)
    return report


def context_inputs(probabilities: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """The context model's inputs for every message: each transcript's readings in order (`features_of` keeps a
    transcript's messages together and in order)."""
    return np.vstack([context_features(probabilities[groups == group]) for group in np.unique(groups)])


def fit_context(inputs: np.ndarray, labels: np.ndarray, rows: np.ndarray, threshold: float,
                share: float = 1.0) -> ContextModel:
    """The context model fitted on `rows`, with its inputs' standardisation folded into the weights."""
    mean, scale = inputs[rows].mean(axis=0), inputs[rows].std(axis=0) + 1e-6
    classifier = LogisticRegression(C=CONTEXT_REGULARISATION, max_iter=3000)
    classifier.fit((inputs[rows] - mean) / scale, labels[rows])
    weights = classifier.coef_.T / scale[:, None]
    return ContextModel([str(c) for c in classifier.classes_], weights, classifier.intercept_ - mean @ weights,
                        threshold, share)


def cross_validate_context(inputs: np.ndarray, labels: np.ndarray, splits, classes: list[str]) -> np.ndarray:
    """Out-of-fold probabilities of the context model over first readings that are out-of-fold too."""
    probabilities = np.zeros((len(labels), len(classes)))
    for train, test in splits:
        model = fit_context(inputs, labels, train, 0.0)
        columns = [classes.index(c) for c in model.classes]
        probabilities[np.ix_(test, columns)] = model.probabilities_of(inputs[test])
    return probabilities


def best_share(labels: np.ndarray, first: np.ndarray, in_context: np.ndarray,
               classes: list[str]) -> tuple[float, float, dict]:
    """How much the reading in context counts against the first reading (context.ContextModel.share), its least
    confidence and the figures there: the share whose timeline F1 at its own least confidence is best."""
    best: tuple[float, float, dict] | None = None
    for share in CONTEXT_SHARES:
        blended = share * in_context + (1 - share) * first
        threshold, at_threshold = least_confidence(labels, blended, classes)
        if best is None or at_threshold["timeline_f1"] > best[2]["with_least_confidence"]["timeline_f1"]:
            figures = _figures(labels, np.array(classes, dtype=object)[blended.argmax(axis=1)], READING_KINDS)
            best = (share, threshold, {**figures, "share": share, "with_least_confidence": at_threshold})
    assert best is not None
    return best


def train_stated(corpus: list[dict], args) -> dict:
    """The stated-time model: grouped figures, then (unless --no-save) the weights."""
    features, extras, labels, groups = stated_examples(corpus)
    figures, _, _ = cross_validate(features, labels, GroupKFold(n_splits=args.folds).split(labels, labels, groups),
                                   extras, STATED_KINDS)
    figures["examples"] = len(labels)
    print(f"stated times: {len(labels)} examples, accuracy {figures['accuracy']}, macro F1 {figures['macro_f1']}",
          file=sys.stderr)
    if not args.no_save:
        classifier, vocabulary = fit(features, labels, np.arange(len(labels)), extras)
        weights = classifier.coef_.T
        KindModel([str(c) for c in classifier.classes_], vocabulary, weights[:len(vocabulary)],
                  weights[len(vocabulary):], classifier.intercept_).save(DATA / STATED_WEIGHTS)
    return figures


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
