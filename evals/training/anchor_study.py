"""Which message is *the* recovery (and so the mitigation that worked)? Compare selection rules on the corpus.

Usage: python evals/training/anchor_study.py [--folds 5]
The reader's out-of-fold readings of every labelled transcript (grouped by transcript, so no transcript is read
by a model that saw it) are fed to candidate selection rules; each rule's pick is compared with the moment the
writers' own labels give (the same metric definition applied to the true kinds). Ties to the labels only, never
to the development set, so the rule chosen here is measured there afterwards.
"""

import argparse
import datetime as dt
import sys
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_reader import cross_validate, features_of, least_confidence, load_corpus

RELAPSE = ("detection_alert", "mitigation_failed")
TOLERANCE = dt.timedelta(minutes=2)


def _moment(stamp: str | None) -> dt.datetime | None:
    if not stamp:
        return None
    if "T" in stamp:
        return dt.datetime.fromisoformat(stamp[:16])
    return dt.datetime.combine(dt.date(2000, 1, 1), dt.time.fromisoformat(stamp[:5]))


def _timed(kinds: list[str], confidences: list[float], raw: list[dict]) -> list[tuple[dt.datetime, str, float, int]]:
    """(time, kind, confidence, index) of the messages with a time, in transcript order, days rolled over at midnight."""
    out, day, last = [], 0, None
    for index, (kind, confidence, label) in enumerate(zip(kinds, confidences, raw, strict=True)):
        moment = _moment(label.get("time"))
        if moment is None:
            continue
        moment += dt.timedelta(days=day)
        if last is not None and moment < last - dt.timedelta(hours=6) and "T" not in label["time"]:
            day += 1
            moment += dt.timedelta(days=1)
        last = moment
        out.append((moment, kind, confidence, index))
    return out


def first_after_relapse(timed):
    relapses = [t for t, k, _, _ in timed if k in RELAPSE]
    after = max(relapses) if relapses else None
    return next((t for t, k, _, _ in timed if k == "recovery" and (after is None or t >= after)), None)


def surest_of_first_run(window: dt.timedelta):
    """The most confident recovery among those reported within `window` of the first eligible one."""
    def rule(timed):
        first = first_after_relapse(timed)
        if first is None:
            return None
        run = [(c, t) for t, k, c, _ in timed if k == "recovery" and first <= t <= first + window]
        return max(run, key=lambda pair: (pair[0], -pair[1].timestamp()))[1]
    return rule


def last_of_first_run(window: dt.timedelta):
    def rule(timed):
        first = first_after_relapse(timed)
        if first is None:
            return None
        return max(t for t, k, _, _ in timed if k == "recovery" and first <= t <= first + window)
    return rule


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    corpus = load_corpus()
    features, labels, groups = features_of(corpus)
    labels = np.array(labels, dtype=object)
    _, probabilities, classes = cross_validate(features, labels, GroupKFold(n_splits=args.folds).split(labels, labels, groups))
    threshold, _ = least_confidence(labels, probabilities, classes)
    rules = {"first after the last relapse (today)": first_after_relapse}
    for minutes in (5, 10, 15, 30):
        rules[f"surest within {minutes} min of it"] = surest_of_first_run(dt.timedelta(minutes=minutes))
        rules[f"last within {minutes} min of it"] = last_of_first_run(dt.timedelta(minutes=minutes))
    hits = dict.fromkeys(rules, 0)
    total = start = 0
    for transcript in corpus:
        rows = probabilities[start:start + len(transcript["labels"])]
        start += len(transcript["labels"])
        best = rows.argmax(axis=1)
        predicted = [classes[b] if row[b] >= threshold else "chatter" for row, b in zip(rows, best, strict=True)]
        recovery_column = classes.index("recovery")
        confidence = [float(row[recovery_column]) for row in rows]
        gold = first_after_relapse(_timed(transcript["labels"], [1.0] * len(rows), transcript["raw"]))
        if gold is None:
            continue
        total += 1
        timed = _timed(predicted, confidence, transcript["raw"])
        for name, rule in rules.items():
            pick = rule(timed)
            hits[name] += pick is not None and abs(pick - gold) <= TOLERANCE
    print(f"{total} transcripts with a labelled recovery; reader threshold {threshold}")
    for name, count in hits.items():
        print(f"{count / total:.3f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
