"""Rewrites the blame linter suggests must read as sentences: on the sentences two expert raters quoted as
blameful in real post-mortems (../shared/calibration, skipped without it) and on our own."""

import json
import re
from pathlib import Path

import pytest

from agent.document import read_markdown
from agent.grading.blame import lint_document, lint_sentence

SHARED_DIR = Path(__file__).resolve().parents[1].parent / "shared"

OWN = [
    "The on-call engineer forgot to renew the certificate before it expired.",
    "The developer should have run the migration against a copy of production first.",
    "Priya Raman (the database engineer) restarted the primary without checking the replicas.",
    "Jan Wiberg also mentions that the dashboard shows nothing.",
    "If only the reviewer had read the diff, the bad config would never have shipped.",
    "The outage was caused by an engineer running the cleanup job twice.",
    "The mobile teams still haven't followed the runbook for rotating signing keys.",
]
_UNFILLED = re.compile(r"\{\w+\}")
_DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
_QUOTED = re.compile(r':\s*"([^"]+)"')  # a whole rewritten sentence: Refer to the role ...: "The [role] ..."


def rated_sentences() -> list[str]:
    ratings = SHARED_DIR / "calibration" / "ratings.json"
    if not ratings.is_file():
        pytest.skip("../shared/calibration/ratings.json is not present")
    docs = json.loads(ratings.read_text(encoding="utf-8"))["docs"]
    return sorted({q for doc in docs.values() for rater in ("r1", "r2") for q in doc[rater].get("blameful", [])})


def assert_readable(suggestion: str) -> None:
    assert suggestion[:1].isupper(), suggestion
    assert not _UNFILLED.search(suggestion), suggestion
    assert not _DOUBLED.search(suggestion.replace("[role]", "ROLE")), suggestion
    assert suggestion.count("(") == suggestion.count(")") and suggestion.count('"') % 2 == 0, suggestion
    for rewritten in _QUOTED.findall(suggestion):
        if len(rewritten.split()) >= 4:
            assert rewritten[:1].isupper() and rewritten.rstrip()[-1] in ".?!", suggestion
            assert not re.search(r"\[role\]\s+[A-Z][a-z]", rewritten), suggestion  # "[role] Wiberg": half a name


def test_rewrites_of_the_raters_blameful_sentences_read_as_sentences():
    sentences = rated_sentences()
    findings = [f for sentence in sentences for f in lint_sentence(sentence)]
    assert findings, "the linter finds some of the raters' sentences"
    for finding in findings:
        assert_readable(finding.suggestion)


@pytest.mark.parametrize("sentence", OWN)
def test_rewrites_of_our_own_blameful_sentences_read_as_sentences(sentence):
    doc = read_markdown(f"## What went poorly\n\n{sentence}\n")
    findings = lint_document(doc)
    assert findings, sentence
    for finding in findings:
        assert_readable(finding.suggestion)
