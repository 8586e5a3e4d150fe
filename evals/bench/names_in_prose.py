"""Benchmark: people named in free prose, found with no roster (agent/facilitation/people.py:people_in_texts).

Two sets:
  answers  evals/privacy/names_in_answers.yaml: facilitation answers typed before any roles answer, each with the
           people it names; answers naming nobody are full of products, places and teams.
  chat     the labelled corpus (evals/training/messages) of the writers given by --held-out, with the list of
           ordinary words rebuilt from the other writers only (the shipped list is built from all of them). A
           message's people are the parts of its transcript's participants' names written in it, capitalised.
A person counts as found when every word of the name is covered by what was found (a first name alone found
for "Mei Lin" is a partial find, not a find). A found name that is no one's is a false positive; in the chat set
some are people who never posted (customers, vendors), so that figure is an upper bound.

    .venv/bin/python evals/bench/names_in_prose.py [--held-out w9,w10,w11,w12] [--show]
Prints `name: value` lines for the README.
"""

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "evals" / "training"))

from ordinary_words import labelled_transcripts, ordinary_words  # noqa: E402

from agent.facilitation.people import is_thing_word, people_in_texts  # noqa: E402
from agent.privacy import prose_names  # noqa: E402

ANSWERS = ROOT / "evals" / "privacy" / "names_in_answers.yaml"
_PARTS = re.compile(r"[\s._()\[\]-]+")
_CAPITALISED = re.compile(r"(?<![\w@./#'’-])[A-ZÀ-ÖØ-Þ][\w'’-]*")


def score(cases: list[tuple[str, list[str]]], show: bool) -> dict[str, float]:
    people = found = partial = false = named_none = flagged_none = 0
    for text, expected in cases:
        got = people_in_texts([text])
        covered = {word for name in got for word in name.split()}
        for person in expected:
            words = person.split()
            people += 1
            found += all(w in covered for w in words)
            partial += any(w in covered for w in words) and not all(w in covered for w in words)
        wrong = [name for name in got if not any(w in p.split() for p in expected for w in name.split())]
        false += len(wrong)
        if not expected:
            named_none += 1
            flagged_none += bool(wrong)
        if show and (wrong or any(not all(w in covered for w in p.split()) for p in expected)):
            print(f"  expected {expected} found {got}: {text[:110]}", file=sys.stderr)
    return {"people": people, "recall": found / max(people, 1), "partial": partial / max(people, 1),
            "false_positives": false, "texts_naming_nobody_with_a_false_positive": flagged_none / max(named_none, 1),
            "texts": len(cases)}


def answer_cases() -> list[tuple[str, list[str]]]:
    return [(a["text"], a["people"]) for a in yaml.safe_load(ANSWERS.read_text(encoding="utf-8"))["answers"]]


def chat_cases(writers: list[str]) -> list[tuple[str, list[str]]]:
    cases = []
    for messages in labelled_transcripts(writers):
        participant_words = {part for m in messages for part in _PARTS.split(m.get("author") or "")
                             if part[:1].isupper() and len(part) > 1 and not is_thing_word(part)}
        for message in messages:
            written = {word.rstrip("'’s") if word.endswith(("'s", "’s")) else word
                       for word in _CAPITALISED.findall(message["text"])}
            cases.append((message["text"], sorted(written & participant_words)))
    return cases


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--held-out", default="w9,w10,w11,w12", help="writers whose chat is measured")
    parser.add_argument("--show", action="store_true", help="print each miss and false positive to stderr")
    args = parser.parse_args(argv)
    held_out = args.held_out.split(",")
    for name, value in score(answer_cases(), args.show).items():
        print(f"answers {name}: {value:.3f}" if isinstance(value, float) else f"answers {name}: {value}")
    every = sorted({p.parts[-3] for p in (ROOT / "evals" / "training" / "messages").glob("*/*/labels.jsonl")})
    trained = frozenset(ordinary_words(labelled_transcripts([w for w in every if w not in held_out])))
    prose_names.ordinary_words.cache_clear()
    original = prose_names.ordinary_words
    prose_names.ordinary_words = lambda: trained  # type: ignore[assignment]
    try:
        result = score(chat_cases(held_out), args.show)
    finally:
        prose_names.ordinary_words = original
    for name, value in result.items():
        print(f"chat ({args.held_out}) {name}: {value:.3f}" if isinstance(value, float) else
              f"chat ({args.held_out}) {name}: {value}")


if __name__ == "__main__":
    main(sys.argv[1:])
