"""One facilitation turn: the user's answer updates sections through the same tools; 3-5 next questions come back."""

import asyncio
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any, TextIO

from agent.llm.deps import DraftDeps, Session
from agent.llm.prompts import as_data, render_prompt
from agent.llm.request import open_sections


def facilitator_turn(
    session: Session,
    answer: str,
    *,
    model: Any,
    step: int,
    today: date,
    asked: Sequence[str] = (),
    kb=None,
    console: TextIO | None = None,
):
    """Run one turn against `model` (a pydantic-ai Model); returns agent.llm.agents.FacilitatorTurn."""
    from agent.llm.agents import facilitator

    status = session.grade()
    prompt = render_prompt(
        "facilitator_turn",
        step=step,
        failing_gates=[g["id"] for g in status.failing],
        open_sections=open_sections(session.pack),
        questions_asked=[session.view.scrub(q) for q in asked],
        answer=as_data(session.view.scrub(answer)),
    )
    deps = DraftDeps(session=session, today=today, kb=kb, console=console or sys.stderr)
    result = asyncio.run(facilitator().run(prompt, model=model, deps=deps))
    return result.output
