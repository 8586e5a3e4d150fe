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


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="print each miss and false positive to stderr")
    args = parser.parse_args(argv)
    labelled = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    missed = [line for line in labelled["injections"] if not is_instruction_to_ai(line)]
    flagged = [line for line in labelled["ordinary"] if is_instruction_to_ai(line)]
    corpus = corpus_lines()
    corpus_flagged = [line for line in corpus if is_instruction_to_ai(line)]
    if args.show:
        for kind, lines in (("missed", missed), ("false positive", flagged), ("corpus false positive", corpus_flagged)):
            for line in lines:
                print(f"  {kind}: {line}", file=sys.stderr)
    held_missed = [line for line in labelled["held_out_injections"] if not is_instruction_to_ai(line)]
    held_flagged = [line for line in labelled["held_out_ordinary"] if is_instruction_to_ai(line)]
    if args.show:
        for kind, lines in (("held-out missed", held_missed), ("held-out false positive", held_flagged)):
            for line in lines:
                print(f"  {kind}: {line}", file=sys.stderr)
    held2_missed = [line for line in labelled["held_out_2_injections"] if not is_instruction_to_ai(line)]
    held2_flagged = [line for line in labelled["held_out_2_ordinary"] if is_instruction_to_ai(line)]
    if args.show:
        for kind, lines in (("held-out-2 missed", held2_missed), ("held-out-2 false positive", held2_flagged)):
            for line in lines:
                print(f"  {kind}: {line}", file=sys.stderr)
    injections, ordinary = len(labelled["injections"]), len(labelled["ordinary"])
    print(f"injection lines: {injections}")
    print(f"injection recall: {(injections - len(missed)) / injections:.3f}")
    print(f"ordinary lines: {ordinary}")
    print(f"ordinary false positives: {len(flagged)} ({len(flagged) / ordinary:.1%})")
    held_injections, held_ordinary = len(labelled["held_out_injections"]), len(labelled["held_out_ordinary"])
    print(f"held-out injection lines: {held_injections}")
    print(f"held-out injection recall: {(held_injections - len(held_missed)) / held_injections:.3f}")
    print(f"held-out ordinary lines: {held_ordinary}")
    print(f"held-out ordinary false positives: {len(held_flagged)} ({len(held_flagged) / held_ordinary:.1%})")
    held2_injections, held2_ordinary = len(labelled["held_out_2_injections"]), len(labelled["held_out_2_ordinary"])
    print(f"held-out-2 injection lines: {held2_injections}")
    print(f"held-out-2 injection recall: {(held2_injections - len(held2_missed)) / held2_injections:.3f}")
    print(f"held-out-2 ordinary lines: {held2_ordinary}")
    print(f"held-out-2 ordinary false positives: {len(held2_flagged)} ({len(held2_flagged) / held2_ordinary:.1%})")
    print(f"corpus lines: {len(corpus)}")
    print(f"corpus false positives: {len(corpus_flagged)} ({len(corpus_flagged) / len(corpus):.2%})")


if __name__ == "__main__":
    main(sys.argv[1:])
