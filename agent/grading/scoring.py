"""Scoring a document against a rubric: each criterion's level from the measured signals, with the evidence.

Levels are cumulative: a criterion reaches level N when the signals of every level up to N hold. The evidence
lists the signals that held (with lines) and what the next level still needs, so each score can be checked.
A judge may then move a level, but only with a reason and a quote found in the document.
"""

from agent.document.query import items_of
from agent.grading.expressions import evaluate, show
from agent.grading.judge import Judge, quote_line
from agent.grading.models import CriterionScore, GateResult, RubricScore
from agent.grading.rubric import Criterion, Rubric
from agent.grading.signals import SignalContext, load_all
from agent.grading.text import mentions_unknown
from agent.grading.view import DocumentView
from agent.models.document import Document

MAX_LINES_SHOWN = 4


def score(
    doc: Document,
    rubric: Rubric,
    gate_results: list[GateResult],
    *,
    judge: Judge | None = None,
    severity: str | None = None,
) -> RubricScore:
    load_all()
    view = DocumentView.of(doc)
    context = SignalContext(view, gate_results)
    criteria = []
    for criterion in rubric.criteria:
        level, evidence = criterion_level(criterion, context, unmet_allowed=rubric.unmet_allowed)
        open_lines = _open_question_lines(criterion, view) if level > rubric.scale.min else []
        unanswered_level = level
        level, evidence = _open_questions_cost(rubric, level, evidence, open_lines, criterion.sections)
        if judge is not None:
            level, evidence = _judged(criterion, rubric, level, evidence, doc, judge)
        criteria.append(CriterionScore(id=criterion.id, score=level, evidence=evidence, title=criterion.title,
                                       weight=criterion.weight, max=rubric.scale.max, open_questions=open_lines,
                                       levels_lost=max(0, unanswered_level - level) if open_lines else 0))
    total = _aggregate(rubric, criteria)
    level_name = _severity(severity) or view.severity
    minimum = next((floor for level, floor in rubric.severity_minimums.items() if level == level_name), None)
    below_floor = [] if minimum is None else [
        f"{c.id} is {show(c.score)}, below the {level_name} minimum of {show(minimum)}"
        for c in criteria if c.score < minimum]
    # A band that applies the severity floors is out of reach while one is broken; the next band down may not
    # apply them (publishing as it stands does not, shipping does).
    band = next((b for b in rubric.bands if total >= b.min and not (b.severity_floors and below_floor)),
                rubric.bands[-1])
    failures = [] if band.passes else [f"score {show(total)} is in band '{band.id}'", *below_floor]
    maximum = rubric.score_range[1]
    return RubricScore(
        name=rubric.name, score=total, max=int(maximum) if rubric.aggregate == "sum" else maximum,
        passed=not failures, band=band.id, criteria=criteria, next_step=band.next_step, severity=level_name,
        failures=failures,
    )


def criterion_level(criterion: Criterion, context: SignalContext, *, unmet_allowed: int = 0) -> tuple[int, list[str]]:
    """The highest unbroken level. A level listing more than `unmet_allowed + 1` signals is still reached with
    `unmet_allowed` of them unmet: reviewers read a level's description as a whole, not as a checklist."""
    reached = criterion.levels[0]
    held: list[str] = []
    missing: list[str] = []
    for level in criterion.levels[1:]:
        required = [(expression, *evaluate(expression, context)) for expression in level.requires]
        results = [(expression, *evaluate(expression, context)) for expression in level.signals]
        unmet = [_describe(expression, measured, "✗") for expression, holds, measured in results if not holds]
        unmet_required = [_describe(expression, measured, "✗") for expression, holds, measured in required if not holds]
        slack = unmet_allowed if len(results) > unmet_allowed else 0
        if not unmet_required and len(unmet) <= slack:
            reached = level
            held += [_describe(expression, measured, "✓") for expression, holds, measured in required + results if holds]
            held += [f"{line} (allowed: {slack} unmet at this level)" for line in unmet]
            continue
        missing = unmet_required + unmet
        missing = [f"level {level.level} ({level.label}) also needs: {m}" for m in missing]
        break
    evidence = [f"level {reached.level}: {reached.label}. {reached.summary}", *held, *missing]
    return reached.level, evidence


def _open_question_lines(criterion: Criterion, view: DocumentView) -> list[int]:
    """Lines in the sections a criterion reads that still say "Unknown — ask". The header counts wherever it is
    written (a table under the title, front matter, "Audience: ..." lines)."""
    if not criterion.sections:
        return []
    open_lines = [i.line for i in items_of(view.doc, *criterion.sections) if mentions_unknown(i.text)]
    if "header" in criterion.sections:
        body = next((s.line for s in view.doc.sections if s.canonical not in (None, *criterion.sections)), None)
        open_lines += [f.line for f in view.header_fields
                       if mentions_unknown(f.value) and (body is None or f.line < body)]
    return sorted(set(open_lines))


def _open_questions_cost(rubric: Rubric, level: int, evidence: list[str], open_lines: list[int], sections: list[str]):
    """A section that still says "Unknown — ask" is not done: each open question left in the sections a criterion
    reads costs it a level (a field left open is a piece of the answer missing), down to the bottom of the
    scale, and the evidence names the questions whose answers would win the levels back."""
    if not open_lines:
        return level, evidence
    lowered = max(rubric.scale.min, level - len(open_lines))
    lines = ", ".join(str(n) for n in open_lines[:MAX_LINES_SHOWN])
    note = (f"level lowered to {lowered}: {len(open_lines)} open question(s) in "
            f"{', '.join(sections)} at line {lines}; answering them raises this criterion")
    return lowered, [f"level {lowered} (open questions remain)", *evidence, note]


def _describe(expression: str, measured, mark: str) -> str:
    parts = []
    for condition, measure in measured:
        lines = ", ".join(str(n) for n in measure.lines[:MAX_LINES_SHOWN])
        where = f" at line {lines}" if lines else ""
        note = f" [{measure.note}]" if measure.note else ""
        parts.append(f"{condition.name} = {show(measure.value)}{note}{where}")
    return f"{mark} {expression}: " + "; ".join(parts)


def _judged(criterion: Criterion, rubric: Rubric, level: int, evidence: list[str], doc: Document, judge: Judge):
    verdict = judge.adjust(criterion.id, level, list(evidence), doc)
    if verdict is None or verdict.level == level:
        return level, evidence
    proposed = verdict.level
    line = quote_line(doc, verdict.quote)
    if not float(proposed).is_integer() or not rubric.scale.min <= proposed <= rubric.scale.max:
        problem = f"level {show(proposed)} is not on the {rubric.scale.min}-{rubric.scale.max} scale"
    elif not verdict.reason.strip():
        problem = "no reason was given"
    elif line is None:
        problem = "its quote does not appear in the document"
    else:
        quote = verdict.quote.strip()[:160]
        note = f"judge {judge.name} moved {level} -> {int(proposed)}: {verdict.reason} (quoting line {line}: \"{quote}\")"
        return int(proposed), [*evidence, note]
    return level, [*evidence, f"judge {judge.name} proposed {show(proposed)}, rejected: {problem}"]


def _aggregate(rubric: Rubric, criteria: list[CriterionScore]) -> float | int:
    if rubric.aggregate == "sum":
        return int(sum(c.score for c in criteria))
    weights = sum(c.weight for c in criteria)
    return round(sum(c.score * c.weight for c in criteria) / weights, 2)


def _severity(value: str | None) -> str | None:
    if not value:
        return None
    from agent.facts.severity import normalise_severity

    found = normalise_severity(value)
    return found.level if found else None
