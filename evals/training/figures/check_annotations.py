"""Check an annotator's folder: every item of every <transcript>.jsonl has a label from the allowed set.

Usage: python evals/training/figures/check_annotations.py FOLDER   (as the annotators ran it; see ANNOTATOR-BRIEF.md)
"""

import collections
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from json_lines import json_lines

ALLOWED = {"users", "customers", "requests", "orders", "transactions", "errors", "money", "percent", "minutes", "other",
           "none"}


def main(folder: pathlib.Path) -> int:
    counts: collections.Counter[str] = collections.Counter()
    problems, todo = [], 0
    for path in sorted(folder.glob("*.jsonl")):
        for number, item in json_lines(path, problems, path.name):
            label = item.get("label", "")
            if label == "":
                todo += 1
            elif label not in ALLOWED:
                problems.append(f"{path.name}:{number}: label {label!r} is not one of {sorted(ALLOWED)}")
            else:
                counts[label] += 1
    print("\n".join(problems[:30]))
    print(f"{len(problems)} problems, {todo} items still unlabelled, labelled: {dict(counts)}")
    return 1 if problems or todo else 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1])))
