"""The measures as pydantic-evals evaluators: each reads the case's Expected and the DraftResult.

Scores are floats in [0, 1] with a reason naming what was missed; the privacy check is an assertion (bool),
so pydantic-evals reports it apart from the scores. A measure with nothing to check returns no entry.
"""

from dataclasses import dataclass

from pydantic_evals.evaluators import EvaluationReason, Evaluator, EvaluatorContext

from agent.draft import DraftResult
from agent.evaluation import scoring
from agent.evaluation.cases import EvalCase

# A case's inputs are the EvalCase itself, whose `expected` is also the dataset's expected output.
Context = EvaluatorContext[EvalCase, DraftResult, None]

# Column order of every report; "overall" is their mean, computed per case afterwards.
SCORES = ("fact_accuracy", "timeline_recall", "action_recall", "action_owners", "action_precision", "impact_recall",
          "gate_honesty", "rubric")
PRIVACY = "no_leaks"


def _reasons(measures: dict[str, scoring.Measure | None]) -> dict[str, EvaluationReason]:
    return {name: EvaluationReason(value=m.value, reason=m.reason) for name, m in measures.items() if m is not None}


@dataclass
class Facts(Evaluator[EvalCase, DraftResult, None]):
    def evaluate(self, ctx: Context) -> dict[str, EvaluationReason]:
        pack = ctx.output.pack
        return _reasons({
            "fact_accuracy": scoring.fact_accuracy(ctx.inputs.expected, pack),
            "timeline_recall": scoring.timeline_recall(ctx.inputs.expected.timeline, pack.timeline),
            "impact_recall": scoring.impact_recall(ctx.inputs.expected.impact, pack),
        })


@dataclass
class Actions(Evaluator[EvalCase, DraftResult, None]):
    def evaluate(self, ctx: Context) -> dict[str, EvaluationReason]:
        expected = ctx.inputs.expected
        if not expected.actions_checked:
            return {}
        actions = ctx.output.pack.action_items
        return _reasons({
            "action_recall": scoring.action_recall(expected.actions, actions),
            "action_owners": scoring.action_owners(expected.actions, actions),
            "action_precision": scoring.action_precision(expected.actions, actions),
        })


@dataclass
class Grade(Evaluator[EvalCase, DraftResult, None]):
    def evaluate(self, ctx: Context) -> dict[str, EvaluationReason]:
        grade = ctx.output.grade
        return _reasons({
            "gate_honesty": scoring.gate_honesty(grade, ctx.output.markdown),
            "rubric": scoring.rubric_share(grade),
        })


@dataclass
class Privacy(Evaluator[EvalCase, DraftResult, None]):
    def evaluate(self, ctx: Context) -> dict[str, EvaluationReason]:
        found = scoring.leaks(ctx.inputs.expected.must_not_contain, ctx.output.markdown, ctx.output.to_contract())
        # The report must not repeat the secret it caught: name the entry and show only its first characters.
        forbidden = ctx.inputs.expected.must_not_contain
        shown = [f"must_not_contain[{forbidden.index(text)}] ({text[:3]}…)" for text in found]
        reason = "leaked " + ", ".join(shown) if found else "nothing forbidden in the output"
        return {PRIVACY: EvaluationReason(value=not found, reason=reason)}


EVALUATORS = (Facts(), Actions(), Grade(), Privacy())
