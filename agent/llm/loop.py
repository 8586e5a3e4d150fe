"""draft_with_agent: one loop for every engine. A configured model drafts, scores and rewrites through the tools;
the offline engine drives the same tools; a model that keeps failing hands over to the offline engine.
"""

import asyncio
import sys
import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any, TextIO

from pydantic import BaseModel, Field

from agent.llm.budget import DEFAULT_TRANSCRIPT_BUDGET
from agent.llm.deps import DraftDeps, Session
from agent.llm.evidence import Evidence
from agent.llm.grounding import GroundingReport
from agent.llm.models import ModelChoice
from agent.llm.usage import UsageReport
from agent.llm.view import ModelView
from agent.models import Facts, Pack, SimilarIncident, Transcript

TOTAL_TOKEN_LIMIT = 400_000
PROMPT_TOKEN_LIMIT = 60_000  # one drafter prompt, as the provider counts it


class DraftOutcome(BaseModel):
    pack: Pack
    engine: str = Field(description="'offline' or the model name")
    rounds: int
    grounding: GroundingReport
    usage: UsageReport
    fallback_reason: str | None = None
    still_failing: list[str] = Field(default_factory=list, description="gate ids (and 'rubric') still open")
    partial_path: str | None = None
    redactions: dict[str, int] = Field(default_factory=dict)
    transcript_compacted: bool = False
    prompt_tokens: int | None = Field(default=None, description="the first prompt's size as the provider counted it")


def prepare_session(
    transcript: Transcript, facts: Facts, *, today: date, max_rounds: int, similar: Sequence[SimilarIncident] = ()
) -> Session:
    """The baseline is the offline builder's pack in model space (names as roles); the loop improves on it."""
    from agent.offline import build_pack

    view = ModelView(transcript, facts)
    baseline = view.rename(build_pack(facts, today=today, similar=list(similar)))
    evidence = Evidence.from_messages(view.messages, view.facts, today=today)
    evidence.allow_numbers({len(baseline.open_questions), len(baseline.action_items), len(baseline.timeline)})
    return Session(view=view, pack=baseline, baseline=baseline, evidence=evidence, max_rounds=max_rounds)


async def run_loop(session: Session, model: Any, *, today: date, kb=None, console: TextIO, engine: str,
                   budget: int = DEFAULT_TRANSCRIPT_BUDGET, counter=None, summarizer: tuple[Any, str] | None = None,
                   progress=None) -> tuple[UsageReport, bool]:
    """One drafter run against `model` (any pydantic-ai Model). Mutates the session; returns the run's usage as
    pydantic-ai counted it (requests and tokens of the drafter only) and whether the transcript was compacted.

    `counter` is the provider's token count (Anthropic's endpoint); when the prompt is over the limit by its
    count, the transcript is compacted harder before anything is sent. `summarizer` (model, name) summarises
    what compaction left out (None: no summaries; the offline engine never reads the prompt). `progress`
    (agent.llm.progress.Progress) prints each request and round.
    """
    from pydantic_ai import UsageLimits

    from agent.llm.agents import drafter
    from agent.llm.request import draft_prompt

    prompt, compacted = draft_prompt(session, today=today, budget=budget)
    if counter is not None:
        try:
            session.prompt_tokens = await counter(prompt)
        except Exception:  # the exact count only refines the offline estimate; never fatal
            session.prompt_tokens = None
        if session.prompt_tokens is not None and session.prompt_tokens > PROMPT_TOKEN_LIMIT:
            smaller = int(compacted.tokens * PROMPT_TOKEN_LIMIT / session.prompt_tokens * 0.9)
            prompt, compacted = draft_prompt(session, today=today, budget=max(smaller, 1_000))
    if summarizer is not None and compacted.compacted:
        prompt = await _with_summaries(session, compacted, summarizer, today=today, budget=budget, progress=progress)
    deps = DraftDeps(session=session, today=today, kb=kb, console=console)
    limits = UsageLimits(request_limit=4 * session.max_rounds + 4, total_tokens_limit=TOTAL_TOKEN_LIMIT)
    async with drafter().iter(
        prompt, model=model, deps=deps, usage_limits=limits, retries={"tools": 3, "output": session.max_rounds + 1},
    ) as run:
        async for node in run:
            if progress is not None:
                progress.node(node, session)
    if progress is not None:
        progress.finished(session)
    session.pack = session.pack.model_copy(update={"engine": engine})
    usage = run.usage
    report = UsageReport(
        requests=usage.requests, input_tokens=usage.input_tokens, cache_read_tokens=usage.cache_read_tokens,
        cache_write_tokens=usage.cache_write_tokens, output_tokens=usage.output_tokens, tool_calls=usage.tool_calls,
    )
    return report, compacted.compacted


async def _with_summaries(session: Session, compacted, summarizer: tuple[Any, str], *, today: date, budget: int,
                          progress) -> str:
    """The prompt again, each stretch of left-out messages replaced by its summary (map); the drafter reduces."""
    from agent.llm.request import draft_prompt
    from agent.llm.summaries import notes, summarize

    model, name = summarizer
    summaries = await summarize(compacted, session.view.messages, session.view.facts, model=model, name=name,
                                scrub=session.view.scrub)
    if progress is not None:
        by = sorted({s.by for s in summaries})
        progress.say(f"  summarised {compacted.total - compacted.kept:,} left-out messages in {len(summaries)} "
                     f"stretch(es) ({', '.join(by)})")
    prompt, _ = draft_prompt(session, today=today, budget=budget, notes=notes(summaries), compacted=compacted)
    return prompt


def draft_with_agent(
    transcript: Transcript,
    facts: Facts,
    *,
    model: ModelChoice,
    today: date,
    kb=None,
    console: TextIO | None = None,
    max_rounds: int = 3,
    llm: Any = None,
    sleep=None,
) -> DraftOutcome:
    """Draft with the chosen engine. `llm` overrides the built model chain (tests, benchmarks): one pydantic-ai
    Model, or a list asked in turn (the fallback); `sleep` replaces the backoff's wait."""
    return asyncio.run(_draft(transcript, facts, model, today, kb, console or sys.stderr, max_rounds, llm, sleep))


async def _draft(transcript, facts, choice: ModelChoice, today, kb, console, max_rounds, llm, sleep) -> DraftOutcome:
    from pydantic_ai.exceptions import (
        AgentRunError,
        FallbackExceptionGroup,
        UnexpectedModelBehavior,
        UsageLimitExceeded,
    )

    from agent.llm.faults import ModelChain, build_chain, describe_fault, save_partial
    from agent.llm.progress import Progress

    similar = _similar(kb, facts, console)
    if choice.offline and llm is None:
        return await _offline(transcript, facts, today, kb, console, similar)
    session = prepare_session(transcript, facts, today=today, max_rounds=max_rounds, similar=similar)
    progress = Progress(console)

    def noted(reason, attempt: int, delay: float | None) -> None:
        """A retry (after `delay` seconds), or with delay None a cut-off reply that is not asked again."""
        what = reason if isinstance(reason, str) else describe_fault(reason)
        again = "" if delay is None else f": asking again ({attempt}){f' in {delay:g} s' if delay else ''}"
        progress.say(f"  {what}{again}")

    options = {"sleep": sleep, "on_retry": noted}
    if llm is None:
        chain = build_chain(choice, **options)
    else:
        models = list(llm) if isinstance(llm, (list, tuple)) else [llm]
        chain = ModelChain(models, labels=[choice.name] + [f"{m.system}:{m.model_name}" for m in models[1:]], **options)
    engine = choice.name
    progress.say(f"drafting with {chain.describe()}")
    summary_link = chain.links[-1]  # the cheaper model when there is a fallback: it writes the summaries
    try:
        usage, compacted = await run_loop(session, chain.model, today=today, kb=kb, console=console, engine=engine,
                                          counter=_provider_counter(chain.links[0].wrapped),
                                          summarizer=(summary_link, summary_link.usage_label), progress=progress)
    except UsageLimitExceeded as error:
        console.write(f"Model usage limit reached ({error}); keeping the draft as it stands.\n")
        usage, compacted = UsageReport(), False
    except UnexpectedModelBehavior as error:
        # The model answered but kept breaking the rules (a tool's retries ran out): what it wrote passed every
        # check when it was applied, so its partial draft is the result, not a silent switch to the offline engine.
        path = save_partial(session.view.restore(session.pack, facts), uuid.uuid4().hex[:12], reason=str(error))
        console.write(f"{engine} stopped early: {_first_line(error)}; keeping its checked partial draft "
                      f"(saved to {path}).\n")
        usage, compacted = UsageReport(), False
        session.pack = session.pack.model_copy(update={"engine": engine})
    except (AgentRunError, FallbackExceptionGroup) as error:  # the group: every model of the chain failed
        run_id = uuid.uuid4().hex[:12]
        path = save_partial(session.view.restore(session.pack, facts), run_id, reason=describe_fault(error))
        reason = f"{chain.describe(short=True)} failed: {describe_fault(error)} after {chain.retries + 1} attempt(s)"
        console.write(f"{reason}; partial draft saved to {path}; continuing with the offline engine.\n")
        outcome = await _offline(transcript, facts, today, kb, console, similar)
        spent = chain.meter.report(retries=chain.retries, truncations=chain.truncations)
        return outcome.model_copy(update={"fallback_reason": reason, "partial_path": str(path), "usage": spent})
    answered = chain.answered_by()
    if answered and answered != engine:
        console.write(f"{engine} did not answer; {answered} finished the draft.\n")
        engine = answered
        session.pack = session.pack.model_copy(update={"engine": engine})
    usage = chain.meter.report(tool_calls=usage.tool_calls, retries=chain.retries, truncations=chain.truncations)
    return _outcome(session, facts, engine, usage, compacted)


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _provider_counter(model: Any):
    """Anthropic's count endpoint when the model is Claude (a key is configured by then); else None: tiktoken."""
    from agent.llm.budget import count_tokens_anthropic

    if type(model).__name__ != "AnthropicModel":
        return None
    return lambda text: count_tokens_anthropic(model.client, model.model_name, text)


def _similar(kb, facts: Facts, console: TextIO) -> list[SimilarIncident]:
    """Past incidents like this one, for every engine: searched once from what the code extracted."""
    if kb is None:
        return []
    from agent.errors import StoreError
    from agent.kb.similar import similar_incidents

    words = facts.services + [e.event for e in facts.timeline if e.kind in ("change", "trigger", "mitigation")]
    query = " ".join(words)[:500]
    if not query:
        return []
    try:
        return similar_incidents(kb, query, k=3)
    except StoreError as error:
        console.write(f"Knowledge base not searched: {error}\n")
        return []


async def _offline(transcript, facts, today, kb, console, similar) -> DraftOutcome:
    from pydantic_ai.exceptions import UsageLimitExceeded

    from agent.llm.offline_model import OFFLINE_MODEL_NAME, OFFLINE_ROUNDS, offline_model

    session = prepare_session(transcript, facts, today=today, max_rounds=OFFLINE_ROUNDS, similar=similar)
    try:
        usage, compacted = await run_loop(
            session, offline_model(), today=today, kb=kb, console=console, engine=OFFLINE_MODEL_NAME
        )
    except UsageLimitExceeded as error:
        # The baseline pack is already complete; an oversized prompt must not cost the user the draft.
        console.write(f"Offline loop stopped at its usage limit ({error}); keeping the code-built draft.\n")
        session.pack = session.pack.model_copy(update={"engine": OFFLINE_MODEL_NAME})
        usage, compacted = UsageReport(), True
    free = UsageReport.offline().model_copy(update={"requests": usage.requests, "tool_calls": usage.tool_calls})
    return _outcome(session, facts, OFFLINE_MODEL_NAME, free, compacted)


def _outcome(session: Session, facts: Facts, engine: str, usage: UsageReport, compacted: bool) -> DraftOutcome:
    status = session.grade()
    pack = session.view.restore(session.pack, facts)
    return DraftOutcome(
        pack=pack,
        engine=engine,
        rounds=session.rounds,
        grounding=session.grounding,
        usage=usage,
        still_failing=status.open_ids(),
        redactions=dict(session.view.counts.counts),
        transcript_compacted=compacted,
        prompt_tokens=session.prompt_tokens,
    )
