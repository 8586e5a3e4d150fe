"""Systems-thinking signals read from how real reviews are written: a why-chain told as nested "Why ..." headings
counts as depth, and "it was a reasonable change" counts as saying why a decision made sense."""

from agent.grading import grade_text

ANALYSIS = """# Export queue stall

## Summary

Exports stalled for 48 minutes after a worker release.

## Root cause

Release 7.2 of the export worker read its batch size from a setting that older schedulers never send.

### Why it failed

Schedulers are upgraded a week after workers, so for that week workers ran with {made_sense}.

### Why it was not caught

1. The staging scheduler is always upgraded together with the workers, so the mixed versions never met in tests.
2. No alert watches the age of the oldest queued export.
3. The release checklist has no step for version skew between the two services.
"""


REASONABLE = "a zero batch size; defaulting to the sender's value was a reasonable choice"


def systems(text: str):
    report = grade_text(text)
    return next(c for c in report.rubric.criteria if c.id == "systems_thinking")


def evidence_value(criterion, signal: str) -> str:
    line = next(e for e in criterion.evidence if f"{signal} = " in e)
    return line.split(f"{signal} = ")[1]


def test_nested_why_headings_are_a_three_step_chain_and_a_reasonable_choice_made_sense():
    criterion = systems(ANALYSIS.format(made_sense=REASONABLE))
    assert criterion.score == 2, criterion.evidence
    assert evidence_value(criterion, "whys.depth").startswith("3 at line 7, 11, 15")


def test_the_same_analysis_without_the_why_headings_reads_no_chain():
    flat = ANALYSIS.replace("### Why it failed\n", "").replace("### Why it was not caught\n", "")
    criterion = systems(flat.format(made_sense=REASONABLE))
    assert evidence_value(criterion, "whys.depth").startswith("0")
    # one gap at a level is read as a reviewer reads the level as a whole, and the evidence says so
    assert criterion.score == 2
    assert any("✗ whys.depth>=3" in e and "allowed: 1 unmet" in e for e in criterion.evidence)


def test_without_the_chain_and_without_why_it_made_sense_the_factors_alone_are_not_enough():
    flat = ANALYSIS.replace("### Why it failed\n", "").replace("### Why it was not caught\n", "")
    criterion = systems(flat.format(made_sense="a zero batch size"))
    assert criterion.score == 1
    evidence = " ".join(criterion.evidence)
    assert "factors.made_sense = no" in evidence and "whys.depth = 0" in evidence


def test_a_method_heading_is_not_a_step_of_its_own():
    text = ANALYSIS.replace("### Why it failed", "### Five whys").format(made_sense="a zero batch size")
    criterion = systems(text)
    assert evidence_value(criterion, "whys.depth").startswith("2 at line 7, 15")  # the cause and one why
