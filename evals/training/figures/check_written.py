"""Check a writer's file of single messages: JSON lines, allowed labels, every number the finder reads labelled.

Usage: python evals/training/figures/check_written.py FILE   (as the writers ran it; see WRITER-BRIEF.md)
"""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[3]))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from check_annotations import ALLOWED
from json_lines import json_lines

from agent.reading.figures import number_mentions  # finds numbers the way the tool does


def problems_of(item: dict) -> list[str]:
    text, numbers = item.get("text"), item.get("numbers")
    if not isinstance(text, str) or not isinstance(numbers, list) or not numbers:
        return ["needs a 'text' string and a non-empty 'numbers' list"]
    read = {text[m.start:m.end] for m in number_mentions(text)}
    found = [f"label {e.get('label')!r} not allowed" for e in numbers if e.get("label") not in ALLOWED]
    found += [f"number {e.get('number')!r} is not read as one number here; numbers read: {sorted(read)}"
              for e in numbers if e.get("number") not in read]
    if missing := read - {e.get("number") for e in numbers}:
        found.append(f"numbers read but not labelled: {sorted(missing)}")
    return found


def main(path: pathlib.Path) -> int:
    problems, labelled = [], 0
    for number, item in json_lines(path, problems, path.name):
        problems += [f"{path.name}:{number}: {problem}" for problem in problems_of(item)]
        labelled += len(item.get("numbers") or [])
    print("\n".join(problems[:40]))
    print(f"{len(problems)} problems; {labelled} numbers labelled")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1])))
