"""Benchmark: blame-linter recall / false-positive rate on the shared dataset and on our own sentences, plus speed.

Run: .venv/bin/python evals/bench/blame_lint.py [--dataset PATH] [--verbose]
Prints `name: value` lines for the README. Targets: recall >= 0.85 on blameful sentences, false-positive
rate <= 0.10 on blameless ones, on both sets.

How the shared dataset (../shared/corpus/datasets/blame_language_pairs.json) is labelled, from its own tags:
- blameful: both "blameful" sides of `pairs`, `blameful_only`, and `in_the_wild` sentences;
- blameless: the "blameless" sides of `pairs` and `blameless_only`;
- an item whose tags say it is not blame ("not blame", "not_blame", "should probably NOT flag") counts as
  blameless whatever side it sits on (e.g. a vague action item: a real defect, but another gate's);
- an item tagged "borderline" is in neither set and is reported separately.
"""

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_ROOT))
DATASET = PROJECT_ROOT.parent / "shared" / "corpus" / "datasets" / "blame_language_pairs.json"
OWN_SENTENCES = PROJECT_ROOT / "tests" / "fixtures" / "blame" / "own_sentences.yaml"
RECALL_TARGET, FALSE_POSITIVE_TARGET = 0.85, 0.10


@dataclass
class LabelledSet:
    blameful: list[tuple[str, str]] = field(default_factory=list)  # (id, text)
    blameless: list[tuple[str, str]] = field(default_factory=list)
    borderline: list[tuple[str, str]] = field(default_factory=list)


def _says_not_blame(tags: list[str]) -> bool:
    text = " ".join(tags).lower()
    return "not blame" in text or "not_blame" in text or "not flag" in text


def dataset_cases(path: Path = DATASET) -> LabelledSet:
    data = json.loads(path.read_text(encoding="utf-8"))
    cases = LabelledSet()

    def place(case_id: str, text: str, tags: list[str], default: list) -> None:
        if any("borderline" in tag for tag in tags):
            cases.borderline.append((case_id, text))
        elif _says_not_blame(tags):
            cases.blameless.append((case_id, text))
        else:
            default.append((case_id, text))

    for pair in data["pairs"]:
        place(f"{pair['id']}/blameful", pair["blameful"], pair.get("tags", []), cases.blameful)
        cases.blameless.append((f"{pair['id']}/blameless", pair["blameless"]))
    for index, item in enumerate(data["blameful_only"]):
        place(f"blameful_only[{index}]", item["text"], item.get("tags", []), cases.blameful)
    for index, item in enumerate(data["blameless_only"]):
        cases.blameless.append((f"blameless_only[{index}]", item["text"]))
    for index, item in enumerate(data["in_the_wild"]):
        place(f"in_the_wild[{index}]", item["text"], item.get("collector_tags", []), cases.blameful)
    return cases


def own_cases(path: Path = OWN_SENTENCES) -> LabelledSet:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return LabelledSet(
        blameful=[(f"own-blameful[{i}]", text) for i, text in enumerate(data["blameful"])],
        blameless=[(f"own-blameless[{i}]", text) for i, text in enumerate(data["blameless"])],
    )


@dataclass
class Score:
    flagged_blameful: int
    blameful: int
    flagged_blameless: int
    blameless: int
    misses: list[tuple[str, str]]
    false_positives: list[tuple[str, str, list[str]]]

    @property
    def recall(self) -> float:
        return self.flagged_blameful / self.blameful if self.blameful else 0.0

    @property
    def false_positive_rate(self) -> float:
        return self.flagged_blameless / self.blameless if self.blameless else 0.0


def score(cases: LabelledSet, lint: Callable[[str], list]) -> Score:
    misses = [(case_id, text) for case_id, text in cases.blameful if not lint(text)]
    false_positives = []
    for case_id, text in cases.blameless:
        findings = lint(text)
        if findings:
            false_positives.append((case_id, text, [f"{f.rule}: {f.matched}" for f in findings]))
    return Score(
        flagged_blameful=len(cases.blameful) - len(misses),
        blameful=len(cases.blameful),
        flagged_blameless=len(false_positives),
        blameless=len(cases.blameless),
        misses=misses,
        false_positives=false_positives,
    )


def _report(prefix: str, result: Score, verbose: bool) -> None:
    print(f"{prefix}recall: {result.recall:.3f} ({result.flagged_blameful}/{result.blameful} blameful flagged)")
    print(
        f"{prefix}false_positive_rate: {result.false_positive_rate:.3f} "
        f"({result.flagged_blameless}/{result.blameless} blameless flagged)"
    )
    if verbose:
        for case_id, text in result.misses:
            print(f"  missed {case_id}: {text[:110]}")
        for case_id, text, rules in result.false_positives:
            print(f"  false positive {case_id}: {text[:90]} -> {rules}")


REVIEW = PROJECT_ROOT / "tests" / "fixtures" / "blame" / "review.md"


def document_milliseconds(lines: int = 1000) -> tuple[int, float]:
    """(line count, milliseconds) for lint_document on a review of about `lines` lines (reading not timed)."""
    from agent.document import read_markdown
    from agent.grading.blame import lint_document

    head, _, body = REVIEW.read_text(encoding="utf-8").partition("## Summary")
    section = "## Summary" + body
    text = head + section * max(1, lines // section.count("\n"))
    doc = read_markdown(text)
    lint_document(doc)
    started = time.perf_counter()
    lint_document(doc)
    return text.count("\n"), (time.perf_counter() - started) * 1000


def throughput(lint_text: Callable, sentences: list[str], lines: int = 1000) -> tuple[float, float]:
    """(milliseconds to lint `lines` lines of our own sentences, sentences per second): a worst case,
    since half of them are blameful and many name people."""
    body = "\n".join(sentences[i % len(sentences)] for i in range(lines))
    lint_text(body)  # compile rules outside the timing
    started = time.perf_counter()
    lint_text(body)
    elapsed = time.perf_counter() - started
    return elapsed * 1000, lines / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DATASET)
    parser.add_argument("--verbose", action="store_true", help="list every miss and false positive")
    args = parser.parse_args()
    from agent.grading.blame import lint_sentence, lint_text

    ok = True
    if args.dataset.is_file():
        cases = dataset_cases(args.dataset)
        result = score(cases, lint_sentence)
        _report("", result, args.verbose)
        borderline = sum(1 for _, text in cases.borderline if lint_sentence(text))
        print(f"borderline_flagged: {borderline}/{len(cases.borderline)} (in neither set)")
        ok &= result.recall >= RECALL_TARGET and result.false_positive_rate <= FALSE_POSITIVE_TARGET
    else:
        print(f"dataset: not found at {args.dataset} (shared corpus absent); own set only")
    own = own_cases()
    own_result = score(own, lint_sentence)
    _report("own_", own_result, args.verbose)
    ok &= own_result.recall >= RECALL_TARGET and own_result.false_positive_rate <= FALSE_POSITIVE_TARGET
    milliseconds, per_second = throughput(lint_text, [text for _, text in own.blameful + own.blameless])
    print(f"lint_1000_lines_ms: {milliseconds:.1f}")
    print(f"sentences_per_second: {per_second:.0f}")
    line_count, document_ms = document_milliseconds()
    print(f"lint_document_{line_count}_lines_ms: {document_ms:.1f}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
