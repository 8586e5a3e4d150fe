"""Recall and false-positive rate of the blame linter, on our own sentences and on the shared dataset."""

import importlib.util
import string
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from agent.grading.blame import lint_sentence, lint_text

# The benchmark script owns the dataset labelling; the tests use the same code rather than a copy of it.
BENCH = Path(__file__).resolve().parent.parent / "evals" / "bench" / "blame_lint.py"
_spec = importlib.util.spec_from_file_location("blame_bench", BENCH)
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def test_own_sentences_meet_the_targets(fixtures_dir):
    cases = bench.own_cases(fixtures_dir / "blame" / "own_sentences.yaml")
    assert len(cases.blameful) >= 30 and len(cases.blameless) >= 30
    result = bench.score(cases, lint_sentence)
    assert result.recall >= bench.RECALL_TARGET, result.misses
    assert result.false_positive_rate <= bench.FALSE_POSITIVE_TARGET, result.false_positives


def test_held_out_sentences_keep_false_positives_low_and_recall_above_the_measured_floor(fixtures_dir):
    """Written before the list-free name detection: unusual names next to products that take the same places.

    Recall here is far below target (names with no cue around them are missed by design, see blame_names);
    the floor guards what was measured (0.47 at the time of writing; 0.27 with the former list of names).
    """
    cases = bench.own_cases(fixtures_dir / "blame" / "holdout_sentences.yaml")
    result = bench.score(cases, lint_sentence)
    assert result.false_positive_rate <= bench.FALSE_POSITIVE_TARGET, result.false_positives
    assert result.recall >= 0.45, result.misses


def test_shared_dataset_meets_the_targets(shared_corpus):
    cases = bench.dataset_cases(shared_corpus / "datasets" / "blame_language_pairs.json")
    assert len(cases.blameful) >= 20 and len(cases.blameless) >= 20
    result = bench.score(cases, lint_sentence)
    assert result.recall >= bench.RECALL_TARGET, result.misses
    assert result.false_positive_rate <= bench.FALSE_POSITIVE_TARGET, result.false_positives


def test_dataset_labels_follow_the_items_own_tags(shared_corpus):
    cases = bench.dataset_cases(shared_corpus / "datasets" / "blame_language_pairs.json")
    blameless_ids = {case_id for case_id, _ in cases.blameless}
    assert "gitlab-fragile/blameful" in blameless_ids  # tagged: about a system, a linter should not flag it
    assert "gitlab-deletion/blameful" in {case_id for case_id, _ in cases.borderline}
    assert not blameless_ids & {case_id for case_id, _ in cases.blameful}


WORDS = st.sampled_from(
    "the on-call engineer Priya @sam forgot should have failed to ignored human error we learned alert "
    "deploy careless why didn't you if only had . , ; ! ? ( ) : \n - * ` # | May 12 2024 instead of the wrong".split(" ")
)


@given(st.lists(WORDS, max_size=40).map(" ".join))
def test_lint_never_crashes_and_findings_point_into_the_text(text):
    findings = lint_text(text, first_line=7)
    lines = text.count("\n") + 1
    for finding in findings:
        assert 7 <= finding.line < 7 + lines
        assert finding.matched and finding.suggestion and finding.rule
        assert " ".join(finding.matched.split()) in " ".join(text.split())


@given(st.text(alphabet=string.printable + "’“”§¤İ—–é", max_size=300))
def test_lint_survives_arbitrary_text(text):
    for finding in lint_text(text):
        assert finding.line >= 1
