"""The model judges of `postmortem eval` (pydantic-evals LLMJudge): skipped, with the reason, unless the run is
live; when live, each reads the redacted document (claim support also the redacted transcript) and scores it."""

import asyncio

from pydantic_ai import ModelResponse, ToolCallPart
from pydantic_ai.messages import UserPromptPart
from pydantic_ai.models.function import AgentInfo, FunctionModel
from pydantic_evals.evaluators import EvaluatorContext

from agent.draft import draft
from agent.evaluation.cases import load_cases
from agent.llm.eval_judges import JUDGED, model_judges
from agent.paths import PROJECT_ROOT

CASE = "search-reindex-irc"


def test_without_a_live_run_the_judges_are_skipped_and_the_run_says_why():
    judges, note = model_judges(object(), live=False)
    assert judges == [] and all(name in note for name in JUDGED) and "--record" in note


def test_a_live_judge_reads_the_redacted_document_and_scores_it():
    case = next(c for c in load_cases(PROJECT_ROOT / "evals" / "cases") if c.name == CASE)
    options = case.expected.draft_options
    result = draft(str(case.transcript), today=options.today, env={}, fmt=options.format, tz=options.tz,
                   anchor_date=options.date, offline=True)
    seen = []

    def grader(messages, info: AgentInfo) -> ModelResponse:
        seen.append(next(p.content for p in messages[0].parts if isinstance(p, UserPromptPart)))
        return ModelResponse(parts=[ToolCallPart(info.output_tools[0].name,
                                                 {"reason": "roles only, no counterfactuals", "pass": True, "score": 0.8})])

    judges, note = model_judges(FunctionModel(grader, model_name="claude-sonnet-5-5"), live=True)
    assert note is None
    ctx = EvaluatorContext(name=CASE, inputs=case, metadata=None, expected_output=None, output=result,
                           duration=0.0, _span_tree=None, attributes={}, metrics={})
    scores = [asyncio.run(judge.evaluate(ctx)) for judge in judges]
    assert [next(iter(s)) for s in scores] == list(JUDGED)
    assert all(next(iter(s.values())).value == 0.8 for s in scores)
    transcript = case.transcript.read_text(encoding="utf-8")
    assert "<Input>" in seen[JUDGED.index("claim_support")] and "<Input>" not in seen[0]
    assert result.markdown.splitlines()[0] in seen[0]
    assert all(secret not in prompt for prompt in seen for secret in case.expected.must_not_contain if secret in transcript)
