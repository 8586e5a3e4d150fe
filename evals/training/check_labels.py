"""Validate the labelled message corpus (see README.md beside this file) and print what it holds.

Usage: python evals/training/check_labels.py [FOLDER ...]   (default: every writer under messages/)
Exit 0 when every transcript is valid, 1 otherwise; each problem is printed as `path:line: what`.
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

from json_lines import json_lines

KINDS = (
    "change", "trigger", "impact_start", "detection_alert", "detection_report", "page", "acknowledgement",
    "declaration", "escalation", "decision", "mitigation_failed", "mitigation", "recovery", "resolution",
    "communication", "impact_statement", "cause_statement", "hypothesis", "action_item", "chatter",
)
STATED_EVENTS = KINDS[:15] + ("impact_end",)
MESSAGES = Path(__file__).resolve().parent / "messages"
_TIME = re.compile(r"^(?:\d{4}-\d{2}-\d{2}T)?(?:[01]\d|2[0-3]):[0-5]\d$")
_CLOCK = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SPACE = re.compile(r"\s+")
LOOKAHEAD = 3  # formats that put author and time on a line of their own start the text a line or two later


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def check_transcript(folder: Path) -> tuple[list[str], list[dict], dict]:
    """Problems found, the labels and the meta of one transcript folder."""
    problems: list[str] = []
    meta_path, text_path, labels_path = folder / "meta.json", folder / "transcript.txt", folder / "labels.jsonl"
    for path in (meta_path, text_path, labels_path):
        if not path.is_file():
            return [f"{path}: missing"], [], {}
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        return [f"{meta_path}: not JSON ({error})"], [], {}
    for key in ("format", "writer", "timezone", "date", "summary"):
        if key not in meta:
            problems.append(f"{meta_path}: no '{key}'")
    if meta.get("date") is not None and not _DATE.match(str(meta["date"])):
        problems.append(f"{meta_path}: date must be YYYY-MM-DD or null")
    lines = text_path.read_text(encoding="utf-8").split("\n")
    labels: list[dict] = []
    previous = 0
    for number, label in json_lines(labels_path, problems):
        problems += [f"{labels_path}:{number}: {problem}" for problem in _label_problems(label, lines, previous)]
        if isinstance(label.get("line"), int):
            previous = label["line"]
        labels.append(label)
    if not labels:
        problems.append(f"{labels_path}: no labels")
    return problems, labels, meta


def _label_problems(label: dict, lines: list[str], previous: int) -> list[str]:
    problems = []
    missing = {"line", "author", "time", "text", "kind", "stated"} - label.keys()
    if missing:
        return [f"missing {', '.join(sorted(missing))}"]
    line, text = label["line"], label["text"]
    if not isinstance(line, int) or not 1 <= line <= len(lines):
        return [f"line {line!r} is not a line of transcript.txt"]
    if line <= previous:
        problems.append(f"line {line} is not after the previous label's line {previous}")
    if label["kind"] not in KINDS:
        problems.append(f"unknown kind {label['kind']!r}")
    if label["time"] is not None and not _TIME.match(str(label["time"])):
        problems.append(f"time {label['time']!r} is not HH:MM or YYYY-MM-DDTHH:MM")
    if not isinstance(text, str) or not text.strip():
        problems.append("empty text")
    else:
        first = _squash(next(part for part in text.split("\n") if part.strip()))
        window = _squash(" ".join(lines[line - 1: line - 1 + LOOKAHEAD + 1]))
        if first[:60] not in window:
            problems.append(f"text {first[:40]!r} is not on line {line} or the {LOOKAHEAD} after it")
    for stated in label["stated"] if isinstance(label["stated"], list) else [None]:
        if not isinstance(stated, dict):
            problems.append("stated must be a list of objects")
            continue
        if not _CLOCK.match(str(stated.get("time"))):
            problems.append(f"stated time {stated.get('time')!r} is not HH:MM")
        if stated.get("event") not in STATED_EVENTS:
            problems.append(f"stated event {stated.get('event')!r} is not a timeline kind or impact_end")
        if stated.get("date") is not None and not _DATE.match(str(stated["date"])):
            problems.append(f"stated date {stated.get('date')!r} is not YYYY-MM-DD")
        span = stated.get("span")
        if not isinstance(span, str) or _squash(span) not in _squash(text):
            problems.append(f"stated span {span!r} is not in the text")
    return problems


def main(argv: list[str]) -> int:
    roots = [Path(arg) for arg in argv] or sorted(p for p in MESSAGES.iterdir() if p.is_dir())
    folders = sorted({path.parent for root in roots for path in root.rglob("labels.jsonl")})
    kinds, formats, writers, stated = Counter(), Counter(), Counter(), 0
    failed = False
    for folder in folders:
        problems, labels, meta = check_transcript(folder)
        for problem in problems:
            print(problem)
        failed = failed or bool(problems)
        kinds.update(label.get("kind") for label in labels)
        formats[meta.get("format")] += 1
        writers[meta.get("writer")] += len(labels)
        stated += sum(len(label.get("stated") or []) for label in labels)
    print(f"{len(folders)} transcripts, {sum(kinds.values())} messages, {stated} stated times")
    print("writers: " + ", ".join(f"{name} {count}" for name, count in sorted(writers.items(), key=str)))
    print("formats: " + ", ".join(f"{name} {count}" for name, count in sorted(formats.items(), key=str)))
    print("kinds:   " + ", ".join(f"{name} {count}" for name, count in kinds.most_common()))
    return 1 if failed or not folders else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
