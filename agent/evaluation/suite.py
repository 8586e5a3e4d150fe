"""Running the cases: a pydantic-evals Dataset whose task is the real draft pipeline, one case at a time.

One at a time because a replayed cassette patches the HTTP client process-wide; a draft takes well under a
second offline, so the suite stays fast anyway.
"""

from time import perf_counter
from typing import TextIO

from pydantic import BaseModel, Field

from agent.errors import PostmortemError
from agent.evaluation.cases import EvalCase
from agent.evaluation.engine import EvalEngine, check_engine, model_exchange
from agent.progress import progress

OVERALL = "overall"


class CaseResult(BaseModel):
    name: str
    scores: dict[str, float]
    reasons: dict[str, str] = Field(default_factory=dict)
    leaks: str | None = Field(default=None, description="which forbidden strings reached the output, masked")
    seconds: float


class SuiteRun(BaseModel):
    engine: str
    cases: list[CaseResult]
    seconds: float


async def _no_wait(_seconds: float) -> None:
    """A replay has no provider to wait for: a failed request means the cassette no longer matches."""


def run_suite(cases: list[EvalCase], engine: EvalEngine, *, console: TextIO) -> SuiteRun:
    """Draft every case with `engine` and score it; bad input re-raises as itself, a crash as RuntimeError."""
    from pydantic_evals import Case, Dataset

    from agent.evaluation.evaluators import EVALUATORS, PRIVACY, SCORES
    from agent.llm.eval_judges import JUDGED, model_judges

    started = perf_counter()
    failures: dict[str, PostmortemError] = {}
    seconds: dict[str, float] = {}

    def draft_case(case: EvalCase):
        from agent.draft import draft

        if failures:  # the first unreadable case or stale cassette decides the run; the rest would only repeat it
            raise RuntimeError(f"{case.name} skipped after an earlier failure")
        options = case.expected.draft_options
        began = perf_counter()
        try:
            with model_exchange(engine, case):
                result = draft(str(case.transcript), today=options.today, env=engine.env, fmt=options.format,
                               tz=options.tz, anchor_date=options.date, offline=engine.choice.offline,
                               model=None if engine.choice.offline else engine.name, console=console,
                               sleep=None if engine.record else _no_wait)
                check_engine(engine, case, result.pack.engine, next(iter(result.notices), None))
        except PostmortemError as error:
            failures[case.name] = error
            raise
        seconds[case.name] = perf_counter() - began
        update(len(seconds), f"eval: {case.name}: drafted by {result.pack.engine} in {seconds[case.name]:.2f} s")
        return result

    judges, skipped = model_judges(_judge_model(engine), live=engine.record)
    if skipped and not engine.choice.offline:
        console.write(f"eval: {skipped}\n")
    dataset = Dataset(
        name="postmortem-drafts",
        cases=[Case(name=case.name, inputs=case) for case in cases],  # evaluators read case.expected
        evaluators=[*EVALUATORS, *judges],
    )
    with progress(console, len(cases), "eval: drafting cases") as update:
        report = dataset.evaluate_sync(draft_case, name=engine.name, max_concurrency=1, progress=False)
    if failures:
        raise next(iter(failures.values()))
    if report.failures:
        failed = report.failures[0]
        raise RuntimeError(f"eval case {failed.name} crashed: {failed.error_message}")
    results = []
    for reported in sorted(report.cases, key=lambda c: c.name):
        if reported.evaluator_failures:
            broken = reported.evaluator_failures[0]
            raise RuntimeError(f"evaluator {broken.name} crashed on {reported.name}: {broken.error_message}")
        scores = {name: float(reported.scores[name].value) for name in SCORES if name in reported.scores}
        scores[OVERALL] = sum(scores.values()) / len(scores)
        # Model judges are reported beside the measures, outside "overall": replays (CI) cannot run them.
        scores.update({name: float(reported.scores[name].value) for name in JUDGED if name in reported.scores})
        privacy = reported.assertions[PRIVACY]
        results.append(CaseResult(
            name=reported.name,
            scores={name: round(value, 4) for name, value in scores.items()},
            reasons={name: result.reason or "" for name, result in reported.scores.items()},
            leaks=None if privacy.value else privacy.reason,
            seconds=round(seconds[reported.name], 3),
        ))
    return SuiteRun(engine=engine.name, cases=results, seconds=round(perf_counter() - started, 2))


def _judge_model(engine: EvalEngine):
    """The recording model judges the drafts (its chain: the fallback answers when it fails); None offline."""
    if engine.choice.offline or not engine.record:
        return None
    from agent.llm.faults import build_chain

    return build_chain(engine.choice).model
