"""Benchmark: how well the blame linter tells people's names from components, products and ordinary words.

Run: .venv/bin/python evals/bench/name_detection.py [--verbose]
Reads evals/names/people_and_things.yaml (sentences written for the purpose, each labelled with the people it
names) and lints each sentence alone with no roster, as in a document without a roles table. A predicted name is
the text of a `named-person` finding. Prints `name: value` lines for the README: precision and recall over the
names, and the sentences without people that were given one.
"""

import argparse
import sys
from pathlib import Path

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_ROOT))
LABELLED = PROJECT_ROOT / "evals" / "names" / "people_and_things.yaml"


def predicted_people(text: str) -> set[str]:
    from agent.grading.blame import lint_text

    return {finding.matched for finding in lint_text(text) if finding.rule == "named-person"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--verbose", action="store_true", help="print every sentence that is not read right")
    args = parser.parse_args()
    sentences = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))["sentences"]
    found = right = expected = 0
    misread = []
    for sentence in sentences:
        gold, predicted = set(sentence["people"]), predicted_people(sentence["text"])
        found += len(predicted)
        right += len(predicted & gold)
        expected += len(gold)
        if predicted != gold:
            misread.append((sentence["text"], sorted(predicted - gold), sorted(gold - predicted)))
    without_people = [s for s in sentences if not s["people"]]
    wrongly_named = sum(1 for text, extra, _ in misread if extra and text in {s["text"] for s in without_people})
    print(f"name_precision: {right / found if found else 1.0:.2f} ({right}/{found} names found are people)")
    print(f"name_recall: {right / expected if expected else 1.0:.2f} ({right}/{expected} people found)")
    print(f"sentences_without_people_given_one: {wrongly_named}/{len(without_people)}")
    if args.verbose:
        for text, extra, missed in misread:
            print(f"  {text}\n    wrongly named: {extra}  missed: {missed}")


if __name__ == "__main__":
    main()
