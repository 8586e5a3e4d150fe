"""`grade_text`: the one call the CLI and the drafter use (a post-mortem in, GradeReport out)."""

from agent.document import read_markdown, to_markdown
from agent.errors import InputError
from agent.grading.checks import check_gates
from agent.grading.gates import load_gates
from agent.grading.judge import Judge
from agent.grading.models import Finding, GradeReport
from agent.grading.rubric import load_rubric
from agent.grading.scoring import score
from agent.privacy.redact import Redactor

# The longest real post-mortems we know run to a few thousand lines; grading time grows with length
# (about 10 s at this limit), so a longer file is not one review and would keep a CI job busy for minutes.
MAX_DOCUMENT_LINES = 20_000


def grade_text(
    text: str,
    *,
    rubric: str = "default",
    judge: Judge | None = None,
    min_score: float | None = None,
    severity: str | None = None,
    filename: str | None = None,
) -> GradeReport:
    """Grade a post-mortem: Markdown, or HTML, reST, AsciiDoc, Confluence wiki, Org or plain text, recognised by
    `filename`'s extension or the content (agent/document/formats.py). `passed` = every judged blocking gate
    passes, the rubric passes, and the score reaches `min_score` when one is given. A gate that was not judged
    (`passed: null`) never fails the grade; an advisory gate (`blocking: false` in gates.yaml) reports its findings
    without failing it."""
    if not text.strip():
        raise InputError("the document is empty: nothing to grade")
    line_count = text.count("\n") + 1
    if line_count > MAX_DOCUMENT_LINES:
        raise InputError(f"the document has {line_count:,} lines, more than one post-mortem "
                         f"(the limit is {MAX_DOCUMENT_LINES:,}); grade one review at a time")
    loaded = load_rubric(rubric)
    markdown = to_markdown(text, filename)
    if not markdown.strip():
        raise InputError("the document has no text once its markup is set aside: nothing to grade")
    doc = read_markdown(markdown)
    results = check_gates(doc, load_gates(), judge=judge)
    rubric_score = score(doc, loaded, results, judge=judge, severity=severity)
    if min_score is not None and rubric_score.score < min_score:
        rubric_score.failures.append(f"score {rubric_score.score} is below --min-score {min_score:g}")
    passed = (
        all(result.passed is not False for result in results if result.blocking)
        and rubric_score.passed
        and (min_score is None or rubric_score.score >= min_score)
    )
    return GradeReport(
        rubric=rubric_score,
        gates=results,
        findings=_without_secrets([finding for result in results for finding in result.findings]),
        passed=passed,
        min_score=min_score,
    )


def _without_secrets(findings: list[Finding]) -> list[Finding]:
    """Findings quote the document; the report must not repeat a secret or an address it holds."""
    redactor = Redactor()
    for finding in findings:
        finding.text = redactor.redact(finding.text)
        finding.suggestion = redactor.redact(finding.suggestion)
    return findings
