"""The three agents: drafter, judge and the facilitator's turn. No model is fixed here: it is passed per run."""

import json
from dataclasses import replace
from functools import lru_cache

from pydantic import BaseModel, Field
from pydantic_ai import Agent, ModelResponse, ModelRetry, RunContext, TextPart, Tool, ToolCallPart
from pydantic_ai.capabilities import ProcessHistory

from agent.llm.deps import DraftDeps
from agent.llm.prompts import render_prompt
from agent.llm.sections import WRITABLE, section_json
from agent.llm.tools import DRAFT_TOOLS, SectionName, only_with_kb, search_past_incidents
from agent.llm.writes import SectionRejected, apply_section
from agent.models.document import Document

APPLIED = "(sent earlier; the results say what was applied, and a retry shows any section to rewrite)"


class SectionWrite(BaseModel):
    section: SectionName
    content: str = Field(description="the section as JSON text, in the section's shape (objects may be partial)")


class DraftReport(BaseModel):
    """The drafter's answer: sections to write (or none, when written with update_section) and what needs people."""

    sections: list[SectionWrite] = Field(default_factory=list, description="sections to write or rewrite")
    unresolved: list[str] = Field(
        default_factory=list,
        description="ids of failing gates (or 'rubric') that need facts the transcript does not contain",
    )


class FacilitatorTurn(BaseModel):
    questions: list[str] = Field(description="the next 3 to 5 questions, most useful first")
    sections_updated: list[str] = Field(default_factory=list)
    step: int = Field(ge=1, le=7, description="the workflow step these questions belong to")


def trim_applied_writes(messages: list) -> list:
    """Sections already applied need not be resent in full on every later request; the call itself stays."""
    trimmed = []
    for message in messages:
        if isinstance(message, ModelResponse):
            message = replace(message, parts=[_trimmed(part) for part in message.parts])
        trimmed.append(message)
    return trimmed


def _trimmed(part):
    if isinstance(part, ToolCallPart) and part.tool_name == "update_section":
        return replace(part, args={"section": part.args_as_dict().get("section"), "content": APPLIED})
    if isinstance(part, ToolCallPart) and "sections" in part.args_as_dict():
        return replace(part, args=_without_content(part.args_as_dict()))
    if isinstance(part, TextPart) and '"sections"' in part.content:
        try:
            answer = json.loads(part.content)
        except ValueError:
            return part
        if isinstance(answer, dict):
            return replace(part, content=json.dumps(_without_content(answer)))
    return part


def _without_content(answer: dict) -> dict:
    sections = answer.get("sections")
    if not isinstance(sections, list):
        return answer
    kept = [{"section": w.get("section"), "content": APPLIED} if isinstance(w, dict) else w for w in sections]
    return {**answer, "sections": kept}


async def validate_draft(ctx: RunContext[DraftDeps], report: DraftReport) -> DraftReport:
    """Accept when gates pass and the band is 'ship', when the rest is declared unresolvable, or at max rounds."""
    session = ctx.deps.session
    session.rounds += 1
    rejected = []
    for write in report.sections:
        try:
            apply_section(session, write.section, write.content)
        except SectionRejected as refusal:
            rejected.append(str(refusal))
    status = session.grade()
    if session.rounds >= session.max_rounds or (status.done and not rejected):
        return report
    pending = [g for g in status.failing if g["id"] not in report.unresolved]
    band_pending = status.band != "ship" and "rubric" not in report.unresolved
    if not pending and not band_pending and not rejected:
        return report
    names = [g["section"] for g in pending if g["section"] in WRITABLE]
    message = render_prompt(
        "gate_retry",
        round=session.rounds,
        max_rounds=session.max_rounds,
        rejected=rejected,
        gates=pending,
        band=status.band if band_pending else "",
        rubric_failures=status.rubric_failures,
        sections={name: section_json(session.pack, name) for name in dict.fromkeys(names)},
    )
    raise ModelRetry(session.view.scrub(message))


def _tools() -> list[Tool]:
    return [
        Tool(function, takes_ctx=True, prepare=only_with_kb if function is search_past_incidents else None)
        for function in DRAFT_TOOLS
    ]


@lru_cache(maxsize=1)
def drafter() -> Agent[DraftDeps, DraftReport]:
    agent = Agent(
        deps_type=DraftDeps,
        output_type=DraftReport,
        tools=_tools(),
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
        tools=_tools(),
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
