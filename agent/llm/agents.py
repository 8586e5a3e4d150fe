"""The three agents: drafter, judge and the facilitator's turn. No model is fixed here: it is passed per run."""

from dataclasses import replace
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, Field
from pydantic_ai import Agent, ModelRequest, ModelResponse, ModelRetry, RunContext, ToolCallPart, ToolReturnPart
from pydantic_ai.capabilities import ProcessHistory

from agent.llm.deps import DraftDeps
from agent.llm.models import model_settings
from agent.llm.prompts import render_prompt
from agent.llm.sections import WRITABLE, section_json
from agent.llm.tools import WRITE_PREFIX, draft_tools
from agent.llm.waivers import OpenGate, review_open_gates
from agent.models.document import Document

APPLIED = "(sent earlier and applied; its result says what changed)"


class DraftReport(BaseModel):
    """The drafter's answer once its sections are written: the failing gates only people can meet, if any."""

    unresolved: list[OpenGate] = Field(
        default_factory=list,
        description="failing gates that need people (owner, due date, success signal), each with the question to ask",
    )


class FacilitatorTurn(BaseModel):
    questions: list[str] = Field(description="the next 3 to 5 questions, most useful first")
    sections_updated: list[str] = Field(default_factory=list)
    step: int = Field(ge=1, le=7, description="the workflow step these questions belong to")


def trim_applied_writes(messages: list) -> list:
    """An applied write need not be resent in full on every later request: its result says what changed. A write
    that was sent back keeps its arguments, so the model can see what to fix."""
    applied = {
        part.tool_call_id
        for message in messages if isinstance(message, ModelRequest)
        for part in message.parts
        if isinstance(part, ToolReturnPart) and part.tool_name.startswith(WRITE_PREFIX) and part.outcome == "success"
    }
    trimmed = []
    for message in messages:
        if isinstance(message, ModelResponse):
            message = replace(message, parts=[_trimmed(part, applied) for part in message.parts])
        trimmed.append(message)
    return trimmed


def _trimmed(part, applied: set[str]):
    if isinstance(part, ToolCallPart) and part.tool_call_id in applied:
        return replace(part, args={"applied": APPLIED})
    return part


async def validate_draft(ctx: RunContext[DraftDeps], report: DraftReport) -> DraftReport:
    """Accept when every failing gate is met or left for people with its question (and the band is 'ship', unless
    what is missing is people's answers), or at max rounds. Accepted questions go into Open questions."""
    session = ctx.deps.session
    session.rounds += 1
    status = session.grade()
    accepted, refused = review_open_gates(report.unresolved, {g["id"] for g in status.failing})
    left_open = {g.gate for g in accepted}
    pending = [g for g in status.failing if g["id"] not in left_open]
    band_pending = status.band != "ship" and not accepted
    if session.rounds >= session.max_rounds or not (pending or band_pending or refused):
        sections = {g["id"]: g["section"] for g in status.failing}
        for open_gate in accepted:
            session.ask(sections.get(open_gate.gate) or open_gate.gate, open_gate.question)
        return report
    names = [g["section"] for g in pending if g["section"] in WRITABLE]
    message = render_prompt(
        "gate_retry",
        round=session.rounds,
        max_rounds=session.max_rounds,
        refused=refused,
        gates=pending,
        band=status.band if band_pending else "",
        rubric_failures=status.rubric_failures,
        sections={name: section_json(session.pack, name) for name in dict.fromkeys(names)},
    )
    raise ModelRetry(session.view.scrub(message))


@lru_cache(maxsize=1)
def drafter() -> Agent[DraftDeps, DraftReport]:
    agent = Agent(
        deps_type=DraftDeps,
        output_type=DraftReport,
        tools=draft_tools(),
        capabilities=[ProcessHistory(trim_applied_writes)],
        end_strategy="graceful",
        name="drafter",
        model_settings=model_settings("drafter"),
    )

    @agent.instructions
    def instructions(ctx: RunContext[DraftDeps]) -> str:
        return render_prompt("drafter_instructions", review_type=ctx.deps.session.pack.header.review_type)

    agent.output_validator(validate_draft)
    return agent


@lru_cache(maxsize=1)
def judge() -> Agent[Document, Any]:
    """Output type is chosen per run: the grading module's JudgeVerdict or AllspawVerdict."""
    from agent.grading.judge import JudgeVerdict, quote_line

    agent = Agent(deps_type=Document, output_type=JudgeVerdict, name="judge", model_settings=model_settings("judge"))

    @agent.instructions
    def instructions() -> str:
        return render_prompt("judge_instructions")

    @agent.tool
    def find_quote(ctx: RunContext[Document], quote: str) -> str:
        """Whether a quote appears in the document exactly (markup and spacing ignored), and on which line."""
        line = quote_line(ctx.deps, quote)
        return f"found on line {line}" if line else "not in the document: a verdict with this quote would be rejected"

    return agent


@lru_cache(maxsize=1)
def facilitator() -> Agent[DraftDeps, FacilitatorTurn]:
    agent = Agent(
        deps_type=DraftDeps,
        output_type=FacilitatorTurn,
        tools=draft_tools(),
        capabilities=[ProcessHistory(trim_applied_writes)],
        name="facilitator",
        model_settings=model_settings("facilitator"),
    )

    @agent.instructions
    def instructions(ctx: RunContext[DraftDeps]) -> str:
        return render_prompt("facilitator_instructions", review_type=ctx.deps.session.pack.header.review_type)

    @agent.output_validator
    def at_most_five(ctx: RunContext[DraftDeps], turn: FacilitatorTurn) -> FacilitatorTurn:
        status = ctx.deps.session.grade()
        if len(turn.questions) > 5 or (len(turn.questions) < 3 and not status.done):
            raise ModelRetry(render_prompt("facilitator_retry", asked=len(turn.questions)))
        return turn

    return agent


@lru_cache(maxsize=1)
def summarizer() -> Agent[None, str]:
    """Map step for long transcripts: one stretch of left-out messages in, a short cited summary out."""
    agent = Agent(output_type=str, name="summarizer", model_settings=model_settings("summarizer"))

    @agent.instructions
    def instructions() -> str:
        return render_prompt("summarizer_instructions")

    return agent
