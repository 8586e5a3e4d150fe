"""Scoring: fixtures of our own from excellent to skeletal, explainable evidence, the JSON contract, severity
floors, --min-score, the judge hook and the rule that a draft's failing gates are exactly its unknowns."""

import io
import json

import pytest

from agent.errors import InputError
from agent.grading import AllspawVerdict, JudgeVerdict, grade_text, render_grade
from agent.grading.text import mentions_unknown
from agent.models.pack import UNKNOWN_PREFIX, unknown

LADDER = ("excellent", "good", "mediocre", "skeletal")


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), start=1) if needle in line)


@pytest.fixture
def fixture_text(fixtures_dir):
    return lambda name: (fixtures_dir / "grading" / f"{name}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("rubric", ["default", "sre-weighted"])
def test_fixtures_are_ordered_from_excellent_to_skeletal(fixture_text, rubric):
    scores = [grade_text(fixture_text(name), rubric=rubric).rubric.score for name in LADDER]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores), scores


def test_excellent_document_ships(fixture_text):
    report = grade_text(fixture_text("excellent"))
    assert (report.rubric.score, report.rubric.max, report.rubric.band) == (12, 12, "ship")
    assert report.passed is True and report.findings == []
    assert {g.id: g.passed for g in report.gates}["allspaw_test"] is None
    assert all(g.passed for g in report.gates if g.id != "allspaw_test")
    sre = grade_text(fixture_text("excellent"), rubric="sre-weighted")
    assert sre.rubric.score >= 4.2 and sre.rubric.band == "exemplary" and sre.rubric.passed
    assert sre.rubric.severity == "SEV2"  # read from the header table


def test_skeletal_document_goes_back_to_intake(fixture_text):
    report = grade_text(fixture_text("skeletal"))
    assert report.rubric.band == "re-intake" and report.passed is False
    assert "intake" in report.rubric.next_step
    failed = {g.id for g in report.gates if g.passed is False}
    assert {"required_sections", "timeline_timestamps", "impact_quantified", "actions_complete"} <= failed


def test_mediocre_document_fails_on_vague_actions_and_blame(fixture_text):
    report = grade_text(fixture_text("mediocre"))
    failed = {g.id for g in report.gates if g.passed is False}
    assert "no_vague_actions" in failed
    vague = [f for f in report.findings if f.gate == "no_vague_actions"]
    assert [f.text for f in vague] == ["Be more careful with deploys on Fridays", "Improve monitoring", "Improve testing"]
    assert all(f.suggestion and f.line for f in vague)


def test_evidence_explains_each_level(fixture_text):
    text = fixture_text("good")
    report = grade_text(text, rubric="sre-weighted")
    for criterion in report.rubric.criteria:
        assert criterion.evidence[0].startswith(f"level {criterion.score}: ")
        if criterion.score < 5:
            assert any(line.startswith(f"level {criterion.score + 1} (") and "✗" in line for line in criterion.evidence)
    timeline = next(c for c in report.rubric.criteria if c.id == "timeline")
    held = [line for line in timeline.evidence if line.startswith("✓ timeline.timestamped_rows")]
    assert held and f"at line {line_of(text, '- 14:20 A catalogue')}," in held[0]


def test_json_matches_the_command_contract(fixture_text):
    data = json.loads(json.dumps(grade_text(fixture_text("good")).model_dump(mode="json")))
    assert set(data) == {"rubric", "gates", "findings", "passed"}
    assert set(data["rubric"]) == {"name", "score", "max", "passed", "band", "criteria"}
    assert all(set(c) == {"id", "score", "evidence"} for c in data["rubric"]["criteria"])
    assert all(set(g) == {"id", "passed", "detail", "line", "fix"} for g in data["gates"])
    assert all(set(f) == {"gate", "line", "text", "suggestion"} for f in data["findings"])
    allspaw = next(g for g in data["gates"] if g["id"] == "allspaw_test")
    assert allspaw["passed"] is None
    assert isinstance(data["rubric"]["criteria"][0]["evidence"], list)


def test_min_score_and_severity_floors(fixture_text):
    excellent = grade_text(fixture_text("excellent"), min_score=12)
    assert excellent.passed is True
    stricter = grade_text(fixture_text("excellent"), min_score=12.5)
    assert stricter.passed is False and any("--min-score" in f for f in stricter.rubric.failures)
    good = grade_text(fixture_text("good"), rubric="sre-weighted", severity="SEV1")
    unrated = grade_text(fixture_text("good"), rubric="sre-weighted")
    assert unrated.rubric.band == "production-ready" and unrated.rubric.score >= 3.5
    # a broken SEV1 floor keeps it out of production-ready; publishing as it stands does not apply the floors
    assert good.rubric.severity == "SEV1" and good.rubric.band == "publishable" and good.rubric.passed is True
    strict = grade_text(fixture_text("good"), rubric="sre-weighted", severity="SEV1", min_score=3.8)
    assert strict.passed is False
    mapped = grade_text(fixture_text("good"), rubric="sre-weighted", severity="P1")
    assert mapped.rubric.severity == "SEV1"


def test_empty_input_is_an_input_error():
    with pytest.raises(InputError):
        grade_text("  \n")


class QuotingJudge:
    """A stand-in for the model judge: proposes a level with a quote, or an Allspaw verdict."""

    name = "fake-judge"

    def __init__(self, level=None, quote="", reason="the quoted line shows it", allspaw=None):
        self.level, self.quote, self.reason, self.verdict = level, quote, reason, allspaw
        self.seen = []

    def adjust(self, criterion_id, offline_level, evidence, doc):
        self.seen.append((criterion_id, offline_level, evidence[0]))
        if criterion_id != "corrective_actions" or self.level is None:
            return None
        return JudgeVerdict(level=self.level, reason=self.reason, quote=self.quote)

    def allspaw(self, doc):
        return self.verdict


def corrective(report):
    return next(c for c in report.rubric.criteria if c.id == "corrective_actions")


def test_judge_may_move_a_level_only_with_a_real_quote(fixture_text):
    text = fixture_text("good")
    offline = corrective(grade_text(text, rubric="sre-weighted"))
    quote = "Alert when the indexing consumer restarts more than 3 times in 10 minutes"
    judge = QuotingJudge(level=offline.score + 1, quote=quote)
    judged = grade_text(text, rubric="sre-weighted", judge=judge)
    assert corrective(judged).score == offline.score + 1
    note = corrective(judged).evidence[-1]
    assert note.startswith("judge fake-judge moved") and f"quoting line {line_of(text, quote)}" in note
    assert [seen[0] for seen in judge.seen][:2] == ["timeline", "impact"] and judge.seen[0][2].startswith("level ")
    made_up = grade_text(text, rubric="sre-weighted", judge=QuotingJudge(level=5, quote="every action has a due date"))
    assert corrective(made_up).score == offline.score
    assert "rejected: its quote does not appear in the document" in corrective(made_up).evidence[-1]
    off_scale = grade_text(text, rubric="sre-weighted", judge=QuotingJudge(level=9, quote=quote))
    assert corrective(off_scale).score == offline.score and "not on the 1-5 scale" in corrective(off_scale).evidence[-1]
    no_reason = grade_text(text, rubric="sre-weighted", judge=QuotingJudge(level=1, quote=quote, reason=" "))
    assert "no reason was given" in corrective(no_reason).evidence[-1]


def test_allspaw_test_with_a_judge(fixture_text):
    text = fixture_text("good")
    unfair = QuotingJudge(allspaw=AllspawVerdict(passed=False, reason="the trigger is told from one side",
                                                 quote="The catalogue import does not validate price fields"))
    report = grade_text(text, judge=unfair)
    allspaw = next(g for g in report.gates if g.id == "allspaw_test")
    quoted = line_of(text, "does not validate price fields")
    assert allspaw.passed is False and allspaw.line == quoted and report.passed is False
    assert any(f.gate == "allspaw_test" and f.line == quoted for f in report.findings)
    fair = grade_text(text, judge=QuotingJudge(allspaw=AllspawVerdict(passed=True, reason="fair to all")))
    assert next(g for g in fair.gates if g.id == "allspaw_test").passed is True
    invented = grade_text(text, judge=QuotingJudge(allspaw=AllspawVerdict(passed=False, reason="x", quote="not in it at all")))
    assert next(g for g in invented.gates if g.id == "allspaw_test").passed is None


def test_a_drafts_failing_gates_are_exactly_its_unknowns(fixture_text):
    """Our drafts label what the source did not say; grading must fail on those labels and nothing else."""
    text = fixture_text("excellent")
    text = text.replace("| Tomasz Wilk | 2025-06-20 |", f"| {unknown('Who owns the dashboard change?')} | 2025-06-20 |")
    text = text.replace("| The alert fires in a staged pool-exhaustion drill |",
                        f"| {unknown('What shows the pool alert works?')} |")
    text = text.replace("| Page the database on-call and freeze config deploys |", f"| {unknown('What do we do then?')} |")
    went_well = text.index("## What went well")
    section_end = text.index("## What went poorly")
    text = text[:went_well] + f"## What went well\n\n- {unknown('What helped the response?')}\n\n" + text[section_end:]
    unknown_lines = {n for n, line in enumerate(text.split("\n"), start=1) if UNKNOWN_PREFIX in line}
    report = grade_text(text)
    failing_lines = {f.line for f in report.findings}
    assert failing_lines == unknown_lines
    # the unowned action still has a ticket, so it is not an orphan
    assert {g.id for g in report.gates if g.passed is False} == {
        "actions_complete", "triggers_committed", "went_well_present", "no_template_text"}
    # open questions are what keeps a draft from passing: the only blocking gate that fails
    assert [g.id for g in report.gates if g.passed is False and g.blocking] == ["no_template_text"]


def test_render_grade_shows_criteria_gates_band_and_next_step(fixture_text):
    out = io.StringIO()
    render_grade(grade_text(fixture_text("mediocre")), out)
    text = out.getvalue()
    for expected in ("Clarity of scope", "Evidence (what set the score)", "✗ no_vague_actions",
                     "line 21: Be more careful", "fix:", "band re-intake", "FAIL", "Next:", "– allspaw_test"):
        assert expected in text, expected


def test_a_real_offline_draft_fails_only_where_it_labelled_unknowns():
    """The same contract end to end: draft the bundled example offline, then grade the Markdown."""
    from datetime import date

    from agent.draft import draft
    from agent.paths import EXAMPLES_DIR

    result = draft(str(EXAMPLES_DIR / "checkout-outage.slack.txt"), today=date(2026, 3, 12), env={})
    lines = result.markdown.split("\n")
    report = grade_text(result.markdown)
    failing = [f for f in report.findings if f.gate != "allspaw_test"]
    assert failing, "the example leaves questions open, so some gate must fail"
    assert all(f.line and mentions_unknown(lines[f.line - 1]) for f in failing), [
        (f.gate, f.line, f.text) for f in failing if not (f.line and mentions_unknown(lines[f.line - 1]))]
    from agent.document import read_markdown

    actions = read_markdown(result.markdown).section("action_items")
    open_rows = [line for table in actions.tables for row, line in zip(table.rows, table.row_lines, strict=True)
                 if any(mentions_unknown(cell) for cell in row)]
    assert open_rows and set(open_rows) <= {f.line for f in failing if f.gate == "actions_complete"}
