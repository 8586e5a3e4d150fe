"""Which questions come next: the seven steps in order, three to five at a time, only what is still missing;
then one more round aimed at the gates and rubric criteria that still fail; then the document is finished."""

from collections import Counter

from agent.facilitation.bank import BANK, BankQuestion, Context, action_follow_ups
from agent.facilitation.state import AskedQuestion, FacilitationState, Round

MAX_QUESTIONS = 5
MIN_QUESTIONS = 3


def plan_round(state: FacilitationState, context: Context) -> Round | None:
    """The next round, or None when nothing useful is left to ask."""
    if context.intake.active:
        chosen = [q for q in BANK if q.kind == "active"]
    else:
        chosen = _choose(state, context)
    if not chosen:
        return None
    first_id = int(state.next_question_id()[1:])
    asked = [
        AskedQuestion(id=f"q{first_id + i}", kind=q.kind, text=q.text, step=q.step, target=q.target)
        for i, q in enumerate(chosen)
    ]
    return Round(number=len(state.rounds) + 1, step=asked[0].step, questions=asked)


def _choose(state: FacilitationState, context: Context) -> list[BankQuestion]:
    times = Counter(question.key for question, _ in state.asked())
    review_type = context.intake.review_type or "incident"
    candidates = sorted(
        (q for q in (*BANK, *action_follow_ups(context)) if review_type in q.types),
        key=lambda q: q.step,
    )
    fresh = [q for q in candidates if times[q.key] == 0 and q.needed(context)]
    if fresh:
        return _by_step(fresh)
    again = [q for q in candidates if times[q.key] == 1 and q.needed(context) and context.failing.intersection(q.gates)]
    return again[:MAX_QUESTIONS]


def _by_step(fresh: list[BankQuestion]) -> list[BankQuestion]:
    """The earliest step's questions; a step with fewer than three left borrows from the next steps."""
    step = fresh[0].step
    chosen = [q for q in fresh if q.step == step][:MAX_QUESTIONS]
    if len(chosen) < MIN_QUESTIONS:
        chosen += [q for q in fresh if q.step > step][: MAX_QUESTIONS - len(chosen)]
    return chosen


def failing(report) -> frozenset[str]:
    """Failing gate ids and the rubric criteria below their top level, from a GradeReport."""
    gates = {g.id for g in report.gates if g.passed is False}
    criteria = {c.id for c in report.rubric.criteria if c.score < c.max}
    return frozenset(gates | criteria)
