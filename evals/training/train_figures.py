"""Train the impact-figure model on the annotated numbers and measure it with grouped cross-validation.

Usage: python evals/training/train_figures.py [--folds 5] [--no-save]
Needs scikit-learn (the dev extra). Every number the shipped finder (agent/reading/figures.py) sees in a labelled
corpus message is one example; annotators who never saw the engine labelled what each one counts, or `none`
(evals/training/figures/README.md). Folds are whole transcripts (GroupKFold). Transcripts two annotators both
labelled give the agreement figure; the first annotator's labels train.

Writes agent/reading/data/impact_figures.npz and the "impact_figures" entry of evals/training/cv_report.json.
"""

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_reader import DATA, MESSAGES, REPORT, _figures, cross_validate, fit

from agent.reading.figures import FIGURE_KINDS, WEIGHTS, decide, figure_features, number_mentions
from agent.reading.model import KindModel

FIGURES = Path(__file__).resolve().parent / "figures"
ANNOTATIONS = FIGURES / "annotated"  # <annotator>/<transcript>.jsonl: every number of corpus transcripts, labelled
WRITTEN = FIGURES / "written"  # <writer>.jsonl: single messages written with their numbers labelled
WRITTEN_GROUP = 20  # written messages stand alone; folds hold out runs of this many of one writer's, not single ones


def load_annotations() -> tuple[dict[str, str], dict[str, list[dict[str, str]]]]:
    """Labels by example id (first annotator of each transcript), and every annotator's labels by transcript."""
    chosen: dict[str, str] = {}
    by_transcript: dict[str, list[dict[str, str]]] = {}
    for path in sorted(ANNOTATIONS.glob("*/*.jsonl")):
        items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        labels = {item["id"]: item["label"] for item in items}
        by_transcript.setdefault(path.stem, []).append(labels)
        if len(by_transcript[path.stem]) == 1:
            chosen.update(labels)
    return chosen, by_transcript


def examples(labels: dict[str, str]):
    """Window features, shape extras, labels, groups, (text, mention) and whether it is in a corpus transcript, of
    every labelled number: in the corpus transcripts, then in the written single messages."""
    texts, mentions, kinds, groups, in_chat = [], [], [], [], []

    def add(text: str, mention, label: str, group: str, chat: bool) -> None:
        texts.append(text)
        mentions.append(mention)
        kinds.append(label)
        groups.append(group)
        in_chat.append(chat)

    for name in sorted({key.split(":")[0] for key in labels}):
        folder = next(MESSAGES.glob(f"*/{name}"))
        for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines():
            message = json.loads(line)
            for mention in number_mentions(message["text"]):
                label = labels.get(f"{name}:{message['line']}:{mention.start}")
                if label is not None:  # None: the finder changed since the annotation, a number nobody labelled
                    add(message["text"], mention, label, name, True)
    for path in sorted(WRITTEN.glob("*.jsonl")):
        for index, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            item = json.loads(line)
            # where each labelled number starts: the finder may since read more of it ("4" then, "4 godziny" now)
            starts = {item["text"].find(entry["number"]): entry["label"] for entry in item["numbers"]}
            for mention in number_mentions(item["text"]):
                if (label := starts.get(mention.start)) is not None:
                    add(item["text"], mention, label, f"{path.stem}-{index // WRITTEN_GROUP}", False)
    features, extras = figure_features(texts, mentions)
    group_ids = {group: i for i, group in enumerate(dict.fromkeys(groups))}
    return (features, extras, np.array(kinds, dtype=object), np.array([group_ids[g] for g in groups]),
            list(zip(texts, mentions, strict=True)), np.array(in_chat))


def agreement(by_transcript: dict[str, list[dict[str, str]]]) -> dict:
    """Plain agreement (not chance-corrected) on the transcripts two annotators labelled: every label, and impact or not."""
    pairs = [(first[key], second[key]) for labels in by_transcript.values() if len(labels) > 1
             for first, second in [labels[:2]] for key in first if key in second]
    if not pairs:
        return {}
    same = sum(a == b for a, b in pairs)
    same_impact = sum((a == "none") == (b == "none") for a, b in pairs)
    return {"examples": len(pairs), "same_label": round(same / len(pairs), 3),
            "same_impact_or_not": round(same_impact / len(pairs), 3)}


def decided(probabilities: np.ndarray, classes: list[str], numbers, threshold: float) -> np.ndarray:
    """What read_figures decides for each (text, mention) in `numbers` at this threshold."""
    chosen = [decide(text, mention, row, classes, threshold) for (text, mention), row in zip(numbers, probabilities, strict=True)]
    return np.array([figure.kind if figure else "none" for figure in chosen], dtype=object)


def best_threshold(labels: np.ndarray, probabilities: np.ndarray, classes: list[str], numbers) -> float:
    """The least impact probability that maximises F1 of impact-or-not on out-of-fold predictions."""
    def f1(threshold: float) -> float:
        found = impact_figures(labels, decided(probabilities, classes, numbers, threshold))
        precision, recall = found["impact_precision"], found["impact_recall"]
        return 2 * precision * recall / max(precision + recall, 1e-9)

    return max((float(t) for t in np.arange(0.3, 0.91, 0.05)), key=f1)


def impact_figures(labels: np.ndarray, predicted: np.ndarray) -> dict:
    """Is it an impact figure at all, and of those found, is the unit right."""
    truth, said = labels != "none", predicted != "none"
    hits = truth & said
    return {"impact_precision": round(float(hits.sum() / max(said.sum(), 1)), 3),
            "impact_recall": round(float(hits.sum() / max(truth.sum(), 1)), 3),
            "unit_right_when_found": round(float((labels[hits] == predicted[hits]).mean()) if hits.any() else 0.0, 3)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-save", action="store_true", help="measure only; keep the shipped weights")
    args = parser.parse_args(argv)
    labels, by_transcript = load_annotations()
    features, extras, kinds, groups, numbers, in_chat = examples(labels)
    print(f"{len(kinds)} numbers ({in_chat.sum()} in {len(set(groups[in_chat]))} transcripts, the rest in written "
          f"messages): {dict(Counter(kinds).most_common())}", file=sys.stderr)
    _, probabilities, classes = cross_validate(
        features, kinds, GroupKFold(n_splits=args.folds).split(kinds, kinds, groups), extras, FIGURE_KINDS)
    # Chosen and measured on the numbers of whole chats: written messages hold far more figures than chats do.
    chat_numbers = [number for number, chat in zip(numbers, in_chat, strict=True) if chat]
    threshold = best_threshold(kinds[in_chat], probabilities[in_chat], classes, chat_numbers)
    predicted = decided(probabilities, classes, numbers, threshold)
    report = {"examples": len(kinds), "in_transcripts": int(in_chat.sum()), "transcripts": len(set(groups[in_chat])),
              "least_impact_probability": round(threshold, 2),
              **_figures(kinds[in_chat], predicted[in_chat], FIGURE_KINDS),
              **impact_figures(kinds[in_chat], predicted[in_chat]),
              "written_messages": impact_figures(kinds[~in_chat], predicted[~in_chat]),
              "annotator_agreement": agreement(by_transcript)}
    print(json.dumps({k: v for k, v in report.items() if k != "per_kind"}), file=sys.stderr)
    for kind, per in report["per_kind"].items():
        print(f"impact_figures {kind:13} P {per['precision']:.2f}  R {per['recall']:.2f}  n {per['support']}")
    if not args.no_save:
        classifier, vocabulary = fit(features, kinds, np.arange(len(kinds)), extras)
        weights = classifier.coef_.T
        KindModel([str(c) for c in classifier.classes_], vocabulary, weights[:len(vocabulary)],
                  weights[len(vocabulary):], classifier.intercept_, least_confidence=threshold).save(DATA / WEIGHTS)
        stored = json.loads(REPORT.read_text(encoding="utf-8"))
        stored["impact_figures"] = report
        REPORT.write_text(json.dumps(stored, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {DATA / WEIGHTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
