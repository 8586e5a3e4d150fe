"""The pack's sections as units the model can read and rewrite one at a time; code-owned parts stay code-owned.

The shape a model writes each section in is in agent.llm.section_models."""

from typing import Any

from pydantic import TypeAdapter

from agent.llm.section_models import WRITE_MODELS
from agent.models import Pack

# Sections a model may write, in document order; metrics, similar incidents and open questions come from code.
WRITABLE = tuple(WRITE_MODELS)

# Document headings (as rendered) -> section, for pointing a failing gate at the section to rewrite.
HEADINGS = {
    "roles": "header", "retro brief": "brief", "summary": "summary", "impact": "impact", "metrics": "metrics",
    "timeline": "timeline", "what went well": "went_well", "what went poorly": "went_poorly",
    "where we got lucky": "lucky", "contributing factors": "contributing_factors", "root cause": "root_cause",
    "learnings": "learnings", "action items": "action_items", "parked": "parked_ideas", "kill criteria": "triggers",
    "triggers": "triggers", "dissemination": "dissemination", "shareout": "dissemination",
    "similar": "similar_incidents", "risks": "risks", "open questions": "open_questions", "next steps": "next_steps",
}


def section_type(section: str) -> Any:
    return Pack.model_fields[section].annotation


def section_json(pack: Pack, section: str) -> str:
    """One section as compact JSON, for showing the model what it is about to rewrite."""
    return TypeAdapter(section_type(section)).dump_json(getattr(pack, section), exclude_none=True).decode()


def section_for_line(markdown: str, line: int | None) -> str | None:
    """The pack section a rendered document line belongs to (the title and header table are 'header')."""
    if line is None:
        return None
    current = "header"
    for number, text in enumerate(markdown.splitlines(), start=1):
        if number > line:
            break
        if text.startswith("## "):
            heading = text[3:].strip().lower()
            current = next((s for prefix, s in HEADINGS.items() if heading.startswith(prefix)), current)
    return current
