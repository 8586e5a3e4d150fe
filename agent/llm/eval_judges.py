"""Model-judged measures for `postmortem eval`: blamelessness, causal depth and claim support, as pydantic-evals
LLMJudge evaluators on the default Claude model.

They call the model live, so they run only when the suite drafts live too (`eval --record`, which needs a key):
a replay in CI must stay deterministic and free, so there they are skipped and the run says so. The judge reads
the document with secrets and personal data redacted and, for claim support, the redacted transcript.
"""

from dataclasses import dataclass, replace
from pathlib import Path

from pydantic_evals.evaluators import Evaluator, EvaluatorContext, EvaluatorOutput, LLMJudge

from agent.draft import DraftResult
from agent.evaluation.cases import EvalCase
from agent.llm.prompts import render_prompt
from agent.privacy.redact import redact_text

JUDGED = ("blamelessness", "causal_depth", "claim_support")
SKIPPED = ("model judges (" + ", ".join(JUDGED) + ") skipped: they call the model live, so they run with "
           "--record and a key")


@dataclass
class DocumentJudge(Evaluator[EvalCase, DraftResult, None]):
    """An LLMJudge that reads the redacted document (and, when it includes input, the redacted transcript)."""

    judge: LLMJudge

    async def evaluate(self, ctx: EvaluatorContext[EvalCase, DraftResult, None]) -> EvaluatorOutput:
        """The judge's score; none when the judge model fails (the drafts' own measures still stand)."""
        from pydantic_ai.exceptions import AgentRunError, FallbackExceptionGroup

        document = redact_text(ctx.output.markdown)[0]
        transcript = redact_text(Path(ctx.inputs.transcript).read_text(encoding="utf-8"))[0]
        # LLMJudge reads `output` (and `inputs`) as text: the same context, carrying the redacted texts instead.
        judged: EvaluatorContext = replace(ctx, output=document, inputs=transcript if self.judge.include_input  # type: ignore[arg-type]
                                           else None)
        try:
            return await self.judge.evaluate(judged)
        except (AgentRunError, FallbackExceptionGroup):
            return {}


def model_judges(model, *, live: bool) -> tuple[list[DocumentJudge], str | None]:
    """The three judges on `model` (a pydantic-ai Model) when the run is live; else none, and the note why."""
    if not live or model is None:
        return [], SKIPPED
    from agent.llm.models import model_settings

    return [
        DocumentJudge(LLMJudge(
            rubric=render_prompt(f"eval_{name}"), model=model, include_input=name == "claim_support",
            model_settings=model_settings("judge"), score={"evaluation_name": name, "include_reason": True},
            assertion=False,
        ))
        for name in JUDGED
    ], None
