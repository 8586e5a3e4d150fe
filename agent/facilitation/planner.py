"""Which question comes next: re-planned after every answer and every paste, one question at a time.

The next question is the first gap (agent.facilitation.gaps) at or after the step the conversation has reached,
so it never jumps back to an earlier step. A gap already asked comes back only when its answer could not be used
(a non-answer, or blame), at most three times in all (see GATE_KINDS), and then the question says why it is asked
again.
"""

from collections import Counter

from agent.facilitation.gaps import Context, Gap, gaps
from agent.facilitation.state import AskedQuestion, FacilitationState, Round

# How often a gap is asked when its answers cannot be used: three times for what a gate needs, twice for what the
# review's scope and analysis rest on, once for the rest (a probe or the time zone): then it is an open question.
GATE_KINDS = frozenset({"impact", "factors", "actions", "triggers", "went_well", "closing", "action_details"})
CORE_KINDS = frozenset({"opening", "headline", "scope", "goal", "audience", "roles", "why_made_sense", "severity",
                        "dissemination", "moment", "confirm"})


def next_gap(state: FacilitationState, context: Context) -> tuple[Gap, str | None] | None:
    """The gap to ask about now, and why it is asked again (None the first time); None when nothing is left."""
    asked = state.asked()
    times = Counter(question.key for question, answer in asked if not (answer is not None and answer.superseded))
    reached = max((question.step for question, _ in asked), default=1)
    for gap in gaps(context):
        if gap.step < reached:
            continue
        if times[gap.key] == 0:
            return gap, None
        reason = context.intake.rejected.get(gap.key)
        limit = 3 if gap.kind in GATE_KINDS else 2 if gap.kind in CORE_KINDS else 1
        if reason is not None and times[gap.key] < limit and _last_answered(state, gap.key):
            return gap, reason
    return None


def _last_answered(state: FacilitationState, key: str) -> bool:
    """The last time this gap was asked it got an answer (an empty answer or /skip leaves it for the document)."""
    last = [answer for question, answer in state.asked() if question.key == key][-1]
    return last is not None and not last.skipped


def plan_question(state: FacilitationState, context: Context) -> Round | None:
    """The next question as a one-question round, or None when nothing useful is left to ask."""
    if context.intake.active:
        chosen: tuple[Gap, str | None] | None = (Gap("active", 1, "Is it over now, with the service stable? If "
                                                      "anything is still degraded, say what."), None)
    else:
        chosen = next_gap(state, context)
    if chosen is None:
        return None
    gap, again = chosen
    text = gap.text if again is None else f"Asked again: {again} {_example(gap)}{gap.text}"
    question = AskedQuestion(id=state.next_question_id(), kind=gap.kind, text=text, step=gap.step, target=gap.target)
    return Round(number=len(state.rounds) + 1, step=gap.step, questions=[question])


def _example(gap: Gap) -> str:
    return f"For example: {gap.example} " if gap.example else ""


def failing(report) -> frozenset[str]:
    """Failing gate ids and the rubric criteria below their top level, from a GradeReport."""
    gates = {g.id for g in report.gates if g.passed is False}
    criteria = {c.id for c in report.rubric.criteria if c.score < c.max}
    return frozenset(gates | criteria)
