"""draft_with_agent: one loop for every engine. A configured model drafts, scores and rewrites through the tools;
the offline engine drives the same tools; a model that keeps failing hands over to the offline engine.
"""

import asyncio
import sys
import uuid
from datetime import date
from typing import Any, TextIO

from pydantic import BaseModel, Field

from agent.llm.budget import DEFAULT_TRANSCRIPT_BUDGET
from agent.llm.deps import DraftDeps, Session
from agent.llm.evidence import Evidence
from agent.llm.grounding import GroundingReport
from agent.llm.models import ModelChoice, build_model
from agent.llm.view import ModelView
from agent.models import Facts, Pack, SimilarIncident, Transcript

TOTAL_TOKEN_LIMIT = 400_000
PROMPT_TOKEN_LIMIT = 60_000  # one drafter prompt, as the provider counts it


class UsageSummary(BaseModel):
    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    tool_calls: int = 0
    retries: int = Field(default=0, description="transient faults retried with backoff")


class DraftOutcome(BaseModel):
    pack: Pack
    engine: str = Field(description="'offline' or the model name")
    rounds: int
    grounding: GroundingReport
    usage: UsageSummary
    fallback_reason: str | None = None
    still_failing: list[str] = Field(default_factory=list, description="gate ids (and 'rubric') still open")
    partial_path: str | None = None
    redactions: dict[str, int] = Field(default_factory=dict)
    transcript_compacted: bool = False
    prompt_tokens: int | None = Field(default=None, description="the first prompt's size as the provider counted it")


def prepare_session(
    transcript: Transcript, facts: Facts, *, today: date, max_rounds: int, similar: list[SimilarIncident] = ()
) -> Session:
    """The baseline is the offline builder's pack in model space (names as roles); the loop improves on it."""
    from agent.offline import build_pack

    view = ModelView(transcript, facts)
    baseline = view.rename(build_pack(facts, today=today, similar=list(similar)))
    evidence = Evidence.from_messages(view.messages, view.facts, today=today)
    evidence.allow_numbers({len(baseline.open_questions), len(baseline.action_items), len(baseline.timeline)})
    return Session(view=view, pack=baseline, baseline=baseline, evidence=evidence, max_rounds=max_rounds)


async def run_loop(session: Session, model: Any, *, today: date, kb=None, console: TextIO, engine: str,
                   budget: int = DEFAULT_TRANSCRIPT_BUDGET, counter=None) -> tuple[UsageSummary, bool]:
    """One drafter run against `model` (any pydantic-ai Model). Mutates the session; returns usage.

    `counter` is the provider's token count (Anthropic's endpoint); when the prompt is over the limit by its
    count, the transcript is compacted harder before anything is sent.
    """
    from pydantic_ai import UsageLimits

    from agent.llm.agents import drafter
    from agent.llm.request import draft_prompt

    prompt, compacted = draft_prompt(session, today=today, budget=budget)
    if counter is not None:
        try:
            session.prompt_tokens = await counter(prompt)
        except Exception:  # noqa: BLE001 - the exact count only refines the offline estimate; never fatal
            session.prompt_tokens = None
        if session.prompt_tokens is not None and session.prompt_tokens > PROMPT_TOKEN_LIMIT:
            smaller = int(compacted.tokens * PROMPT_TOKEN_LIMIT / session.prompt_tokens * 0.9)
            prompt, compacted = draft_prompt(session, today=today, budget=max(smaller, 1_000))
    deps = DraftDeps(session=session, today=today, kb=kb, console=console)
    limits = UsageLimits(request_limit=4 * session.max_rounds + 4, total_tokens_limit=TOTAL_TOKEN_LIMIT)
    result = await drafter().run(
        prompt,
        model=model,
        deps=deps,
        usage_limits=limits,
        retries={"tools": 3, "output": session.max_rounds + 1},
    )
    session.pack = session.pack.model_copy(update={"engine": engine})
    usage = result.usage
    summary = UsageSummary(
        requests=usage.requests, input_tokens=usage.input_tokens, output_tokens=usage.output_tokens,
        tool_calls=usage.tool_calls, retries=getattr(model, "retries", 0),
    )
    return summary, compacted.compacted


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
    """Draft with the chosen engine. `llm` overrides the built model (tests, benchmarks); `sleep` the backoff's."""
    return asyncio.run(_draft(transcript, facts, model, today, kb, console or sys.stderr, max_rounds, llm, sleep))


async def _draft(transcript, facts, choice: ModelChoice, today, kb, console, max_rounds, llm, sleep) -> DraftOutcome:
    from pydantic_ai.exceptions import AgentRunError, UsageLimitExceeded

    from agent.llm.faults import RetryingModel, describe_fault, save_partial

    similar = _similar(kb, facts, console)
    if choice.offline and llm is None:
        return await _offline(transcript, facts, today, kb, console, max_rounds, similar)
    session = prepare_session(transcript, facts, today=today, max_rounds=max_rounds, similar=similar)
    remote = llm if llm is not None else build_model(choice)
    retrying = RetryingModel(remote, **({"sleep": sleep} if sleep else {}))
    engine = choice.name
    try:
        usage, compacted = await run_loop(session, retrying, today=today, kb=kb, console=console, engine=engine,
                                          counter=_provider_counter(remote))
    except UsageLimitExceeded as error:
        console.write(f"Model usage limit reached ({error}); keeping the draft as it stands.\n")
        usage, compacted = UsageSummary(retries=retrying.retries), False
    except AgentRunError as error:
        run_id = uuid.uuid4().hex[:12]
        path = save_partial(session.view.restore(session.pack, facts), run_id, reason=describe_fault(error))
        reason = f"{engine} failed: {describe_fault(error)} after {retrying.retries + 1} attempt(s)"
        console.write(f"{reason}; partial draft saved to {path}; continuing with the offline engine.\n")
        outcome = await _offline(transcript, facts, today, kb, console, max_rounds, similar)
        return outcome.model_copy(update={"fallback_reason": reason, "partial_path": str(path)})
    return _outcome(session, facts, engine, usage, compacted)


def _provider_counter(model: Any):
    """Anthropic's count endpoint when the model is Claude (a key is configured by then); else None: tiktoken."""
    from agent.llm.budget import count_tokens_anthropic

    if type(model).__name__ != "AnthropicModel":
        return None
    return lambda text: count_tokens_anthropic(model.client, model.model_name, text)


def _similar(kb, facts: Facts, console: TextIO) -> list[SimilarIncident]:
    """Past incidents like this one, for every engine: searched once from what the code extracted."""
    from agent.errors import StoreError
    from agent.kb.similar import similar_incidents

    if kb is None:
        return []
    words = facts.services + [e.event for e in facts.timeline if e.kind in ("change", "trigger", "mitigation")]
    query = " ".join(words)[:500]
    if not query:
        return []
    try:
        return similar_incidents(kb, query, k=3)
    except StoreError as error:
        console.write(f"Knowledge base not searched: {error}\n")
        return []


async def _offline(transcript, facts, today, kb, console, max_rounds, similar) -> DraftOutcome:
    from agent.llm.offline_model import OFFLINE_MODEL_NAME, offline_model

    from pydantic_ai.exceptions import UsageLimitExceeded

    session = prepare_session(transcript, facts, today=today, max_rounds=max_rounds, similar=similar)
    try:
        usage, compacted = await run_loop(
            session, offline_model(session), today=today, kb=kb, console=console, engine=OFFLINE_MODEL_NAME
        )
    except UsageLimitExceeded as error:
        # The baseline pack is already complete; an oversized prompt must not cost the user the draft.
        console.write(f"Offline loop stopped at its usage limit ({error}); keeping the code-built draft.\n")
        session.pack = session.pack.model_copy(update={"engine": OFFLINE_MODEL_NAME})
        usage, compacted = UsageSummary(), True
    return _outcome(session, facts, OFFLINE_MODEL_NAME, usage, compacted)


def _outcome(session: Session, facts: Facts, engine: str, usage: UsageSummary, compacted: bool) -> DraftOutcome:
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
