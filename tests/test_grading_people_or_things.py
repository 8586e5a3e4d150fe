"""Who counts as a person in the narrative: a capital earned by the word's place, a question after "who", and a word
the document also writes in lower case are no evidence of a name (measured by evals/bench/name_detection.py)."""

from agent.grading import grade_text
from agent.grading.blame import lint_text


def named(text: str) -> list[str]:
    return [f.matched for f in lint_text(text) if f.rule == "named-person"]


def test_an_ordinary_word_opening_a_sentence_is_not_a_name():
    assert named("Not investigated further at the time, because the errors stopped.") == []
    assert named("Only noticed during the weekly review, two days later.") == []
    assert named("Checkout tried three times before giving up.") == []
    assert named("The replica lagged behind by a minute. Not investigated further at the time.") == []


def test_the_name_after_an_ordinary_opener_is_found_without_it():
    assert named("Only Kalani knew the replica had been resized the week before.") == ["Kalani"]
    assert named("Ask Bongani who has the credentials for the old account.") == ["Bongani"]
    assert named("The replica lagged behind by a minute. Only Kalani knew why.") == ["Kalani"]


def test_who_asking_a_question_says_nothing_about_the_word_before_it():
    assert named("The order client never queries Sentinel who the primary is after a failover.") == []
    assert named("We escalated to Idris, who owns the billing service.") == ["Idris"]


REVIEW = """# Orders failed after a cache failover

| Field | Value |
|---|---|
| Date | 2026-11-14 |
| Severity | SEV2 |
| Incident commander | Kofi Mensah |

## Summary

For 38 minutes about 900 orders failed because the order service kept writing to a replica after a failover.

## Timeline

All times UTC.

| Time | Event |
|---|---|
| 19:42 | sentinel promoted cache-2 to primary |
| 19:44 | READONLY errors on the order service |
| 20:20 | the order service restarted and wrote to cache-2 |

## Contributing factors

- The order client never asks Sentinel who the primary is after a failover.
- {extra}

## Action items

| Action | Owner | Due |
|---|---|---|
| Make the order client follow the primary after a failover | platform lead | 2026-12-01 |
"""


def roles_gate(extra: str):
    report = grade_text(REVIEW.format(extra=extra))
    return next(gate for gate in report.gates if gate.id == "roles_not_names")


def test_a_component_the_document_writes_in_lower_case_is_not_a_person():
    gate = roles_gate("Failover drills only ran in staging, so the stale writes were never seen.")
    assert gate.passed is True, [f.text for f in gate.findings]


def test_a_person_named_in_the_same_narrative_is_still_reported():
    gate = roles_gate("Adaeze decided to restart the order service instead of failing back.")
    assert gate.passed is False
    assert [f.text for f in gate.findings] == ["Adaeze decided to restart the order service instead of failing back."]


def test_an_abbreviation_does_not_end_the_sentence_a_finding_quotes():
    findings = [f for f in lint_text("Dr. Okafor decided to skip the canary, e.g. on the Friday deploy.")
                if f.rule == "named-person"]
    assert [(f.matched, f.text) for f in findings] == [
        ("Okafor", "Dr. Okafor decided to skip the canary, e.g. on the Friday deploy.")]
