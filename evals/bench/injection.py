"""Benchmark: how many injection lines the screen catches (agent/privacy/injection.py), and how much ordinary chat it
withholds by mistake.

Sets:
  labelled  evals/privacy/injection_lines.yaml: injection lines in varied wordings, and ordinary incident chat that
            mentions AI, bots, models, summaries, severities, owners and instructions innocently; `held_out_*` was
            written after the first revision (and used for a second), `held_out_2_*` before the second and never
            tuned on; each is reported apart;
  corpus    every message of the labelled incident-chat corpus (evals/training/messages), none written as an
            injection: each one screened is a false positive.

    .venv/bin/python evals/bench/injection.py [--show]
Prints `name: value` lines for the README.
"""

import argparse
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from agent.privacy.injection import is_instruction_to_ai  # noqa: E402

LABELLED = ROOT / "evals" / "privacy" / "injection_lines.yaml"
CORPUS = ROOT / "evals" / "training" / "messages"


def corpus_lines() -> list[str]:
    return [json.loads(line)["text"] for path in sorted(CORPUS.glob("*/*/labels.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# (label printed, key of the injection lines, key of the ordinary lines) in the labelled file
SETS = (("", "injections", "ordinary"), ("held-out ", "held_out_injections", "held_out_ordinary"),
        ("held-out-2 ", "held_out_2_injections", "held_out_2_ordinary"))


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="print each miss and false positive to stderr")
    args = parser.parse_args(argv)
    labelled = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    for label, injections_key, ordinary_key in SETS:
        injections, ordinary = labelled[injections_key], labelled[ordinary_key]
        missed = [line for line in injections if not is_instruction_to_ai(line)]
        flagged = [line for line in ordinary if is_instruction_to_ai(line)]
        _show(args.show, f"{label}missed", missed)
        _show(args.show, f"{label}false positive", flagged)
        print(f"{label}injection lines: {len(injections)}")
        print(f"{label}injection recall: {(len(injections) - len(missed)) / len(injections):.3f}")
        print(f"{label}ordinary lines: {len(ordinary)}")
        print(f"{label}ordinary false positives: {len(flagged)} ({len(flagged) / len(ordinary):.1%})")
    corpus = corpus_lines()
    corpus_flagged = [line for line in corpus if is_instruction_to_ai(line)]
    _show(args.show, "corpus false positive", corpus_flagged)
    print(f"corpus lines: {len(corpus)}")
    print(f"corpus false positives: {len(corpus_flagged)} ({len(corpus_flagged) / len(corpus):.2%})")


def _show(show: bool, kind: str, lines: list[str]) -> None:
    for line in lines if show else ():
        print(f"  {kind}: {line}", file=sys.stderr)

if __name__ == "__main__":
    main(sys.argv[1:])
