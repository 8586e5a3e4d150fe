"""The three agents: drafter, judge and the facilitator's turn. No model is fixed here: it is passed per run."""

from dataclasses import replace
from functools import lru_cache
from pydantic import BaseModel, Field
from pydantic_ai import Agent, ModelResponse, ModelRetry, RunContext, Tool, ToolCallPart
from pydantic_ai.capabilities import ProcessHistory

from agent.llm.deps import DraftDeps
from agent.llm.prompts import render_prompt
from agent.llm.sections import WRITABLE, section_json
from agent.llm.tools import DRAFT_TOOLS
from agent.models.document import Document

APPLIED = "(applied to the draft; the current content is shown when a section must be rewritten)"


class DraftReport(BaseModel):
    """What the drafter hands back when it considers the draft done."""

    sections_written: list[str] = Field(default_factory=list)
    unresolved: list[str] = Field(
        default_factory=list,
        description="ids of failing gates (or 'rubric') that need facts the transcript does not contain",
    )


class FacilitatorTurn(BaseModel):
    questions: list[str] = Field(description="the next 3 to 5 questions, most useful first")
    sections_updated: list[str] = Field(default_factory=list)
    step: int = Field(ge=1, le=7, description="the workflow step these questions belong to")


def trim_applied_writes(messages: list) -> list:
    """Sections already applied need not be resent in full on every later request; the tool call stays."""
    trimmed = []
    for message in messages:
        if isinstance(message, ModelResponse) and any(_is_write(p) for p in message.parts):
            parts = [
                replace(p, args={"section": p.args_as_dict().get("section"), "content": APPLIED}) if _is_write(p) else p
                for p in message.parts
            ]
            message = replace(message, parts=parts)
        trimmed.append(message)
    return trimmed


def _is_write(part) -> bool:
    return isinstance(part, ToolCallPart) and part.tool_name == "update_section" and part.args_as_dict().get("content") != APPLIED


async def validate_draft(ctx: RunContext[DraftDeps], report: DraftReport) -> DraftReport:
    """Accept when gates pass and the band is 'ship', when the rest is declared unresolvable, or at max rounds."""
    session = ctx.deps.session
    session.rounds += 1
    status = session.grade()
    if status.done or session.rounds >= session.max_rounds:
        return report
    pending = [g for g in status.failing if g["id"] not in report.unresolved]
    band_pending = status.band != "ship" and "rubric" not in report.unresolved
    if not pending and not band_pending:
        return report
    names = [g["section"] for g in pending if g["section"] in WRITABLE]
    message = render_prompt(
        "gate_retry",
        round=session.rounds,
        max_rounds=session.max_rounds,
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
        tools=[Tool(function, takes_ctx=True) for function in DRAFT_TOOLS],
        capabilities=[ProcessHistory(trim_applied_writes)],
        end_strategy="graceful",
        name="drafter",
    )

    @agent.instructions
    def instructions(ctx: RunContext[DraftDeps]) -> str:
        return render_prompt("drafter_instructions", review_type=ctx.deps.session.pack.header.review_type)

    agent.output_validator(validate_draft)
    return agent


@lru_cache(maxsize=1)
def judge() -> Agent:
    """Output type is chosen per run: the grading module's JudgeVerdict or AllspawVerdict."""
    from agent.grading.judge import JudgeVerdict, quote_line

    agent = Agent(deps_type=Document, output_type=JudgeVerdict, name="judge")

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
        tools=[Tool(function, takes_ctx=True) for function in DRAFT_TOOLS],
        capabilities=[ProcessHistory(trim_applied_writes)],
        name="facilitator",
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
