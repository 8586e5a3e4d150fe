"""A model's turn after each answer: it reads the answer (redacted, people as roles, injected lines withheld),
writes sections through the drafter's tools (past-incident search included when a knowledge base is configured),
and words the next question. Code decides what is still missing: the model gets the same gap list the offline
planner uses, and the next question is about the first gap whatever the model would rather ask."""

import json
from dataclasses import dataclass
from datetime import date
from typing import Any, TextIO

from agent.facilitation.assembly import assemble
from agent.facilitation.gaps import Context
from agent.facilitation.record import answer_lines
from agent.facilitation.state import FacilitationState, Round
from agent.privacy.injection import is_instruction_to_ai

# The sections an answer to each bank question feeds: a newer answer replaces what a model wrote there before.
FEEDS = {
    "headline": ("summary",), "goal": ("brief",), "constraints": ("brief",), "timeline": ("timeline", "summary"),
    "impact": ("impact",), "evidence": ("impact",), "factors": ("contributing_factors",), "whys": ("root_cause",),
    "hypotheses": ("root_cause",), "learnings": ("learnings",), "went_well": ("went_well",),
    "went_poorly": ("went_poorly",), "lucky": ("lucky",), "actions": ("action_items",),
    "action_fields": ("action_items",), "parked": ("parked_ideas",), "triggers": ("triggers",),
    "publish": ("dissemination",), "cadence": ("dissemination",), "review_owner": ("dissemination",),
    "review_audience": ("dissemination",), "risks": ("risks",), "next_steps": ("next_steps",),
    "opening": ("summary",), "scope": ("brief",), "moment": ("timeline", "summary"), "confirm": ("timeline", "summary"),
    "why_made_sense": ("contributing_factors",), "dissemination": ("dissemination",), "closing": ("risks", "next_steps"),
    "action_details": ("action_items",), "trigger_owner": ("triggers",),
    "probe_failed": ("went_poorly",), "probe_escalation": ("went_poorly",),
    "probe_silence": ("went_poorly",), "probe_fix": ("went_well",), "clock": ("timeline", "summary"),
}
PASTE_FEEDS = ("timeline", "impact", "summary", "action_items")


@dataclass
class ModelEngine:
    name: str
    model: Any  # a pydantic-ai Model
    kb: Any = None  # a knowledge base for search_past_incidents, when one is configured


def forget_overwritten(state: FacilitationState, done: Round) -> None:
    """Code-read answers and pastes from this round are newer than a model's earlier write of the same section."""
    # a question in two parts (two probes) feeds the sections of both: its target names the second
    stale = {name for q in done.questions if done.answer_for(q.id)
             for name in (*FEEDS.get(q.kind, ()), *FEEDS.get(q.target or "", ()))}
    if done.pasted:
        stale.update(PASTE_FEEDS)
    for name in stale:
        state.model_sections.pop(name, None)


def model_round(state: FacilitationState, done: Round, engine: ModelEngine, *, today: date, console: TextIO,
                context: Context) -> str | None:
    """Run the turn; returns the model's wording of the next question, or None when code finds nothing missing or
    the model asked nothing."""
    from agent.facilitation.gaps import gaps
    from agent.llm.deps import Session
    from agent.llm.evidence import Evidence
    from agent.llm.sections import section_json
    from agent.llm.turns import facilitator_turn

    assembly = assemble(state, today=today)
    view = assembly.view
    evidence = Evidence.from_messages(view.messages, view.facts, today=today)
    pack = assembly.model_pack
    evidence.allow_numbers({len(pack.open_questions), len(pack.action_items), len(pack.timeline)})
    session = Session(view=view, pack=pack, baseline=pack, evidence=evidence)
    missing = [f"{gap.kind} (step {gap.step}): {gap.text}" for gap in gaps(context)]
    answers = view.scrub(round_answers(state, done, missing))  # names typed in answers become their roles too
    turn = facilitator_turn(session, answers, model=engine.model, step=done.step,
                            today=today, asked=[view.scrub(q.text) for q, _ in state.asked()], kb=engine.kb,
                            console=console)
    for name in session.written:
        state.model_sections[name] = json.loads(section_json(session.pack, name))
    questions = [q.strip() for q in turn.questions if q.strip()]
    return questions[0] if questions and missing else None


def round_answers(state: FacilitationState, done: Round, missing: tuple[str, ...] | list[str] = ()) -> str:
    """The round as data for the <user_answer> block: Q/A pairs citing their record lines, pastes by line range.
    A line that reads as an instruction to an AI is withheld (None), like the drafter's flagged lines."""
    from agent.llm.prompts import render_prompt

    questions = []
    for question in done.questions:
        answer = done.answer_for(question.id)
        lines = answer_lines(state, answer.lines) if answer is not None and not answer.skipped else []
        questions.append({"step": question.step, "text": question.text,
                          "lines": [(line, None if is_instruction_to_ai(text) else text) for line, text in lines]})
    return render_prompt("facilitator_round", questions=questions, pastes=[state.pastes[i] for i in done.pasted],
                         missing=list(missing))
