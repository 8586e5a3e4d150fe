"""The pack's sections as units the model can rewrite one at a time; code-owned parts stay code-owned."""

from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from agent.models import Pack

# Sections a model may write, in document order. Metrics and similar incidents come from code only.
WRITABLE = (
    "header", "brief", "summary", "impact", "timeline", "went_well", "went_poorly", "lucky",
    "contributing_factors", "root_cause", "learnings", "action_items", "parked_ideas", "triggers",
    "dissemination", "risks", "next_steps",
)
# Plans and meeting process, not claims about what happened: a threshold or a due date cannot cite the chat.
UNGROUNDED = ("brief", "action_items", "parked_ideas", "triggers", "risks", "next_steps")
CODE_OWNED = ("metrics", "similar_incidents", "open_questions", "engine", "warnings")
# Header fields the code sets from facts; a model's value for them is ignored.
HEADER_CODE_FIELDS = ("roles", "date", "draft_date", "timezone", "duration_minutes", "review_type")

# Document headings (as rendered) -> section, for pointing a failing gate at the section to rewrite.
HEADINGS = {
    "roles": "header", "retro brief": "brief", "summary": "summary", "impact": "impact", "metrics": "metrics",
    "timeline": "timeline", "what went well": "went_well", "what went poorly": "went_poorly",
    "where we got lucky": "lucky", "contributing factors": "contributing_factors", "root cause": "root_cause",
    "learnings": "learnings", "action items": "action_items", "parked": "parked_ideas", "kill criteria": "triggers",
    "triggers": "triggers", "dissemination": "dissemination", "shareout": "dissemination",
    "similar": "similar_incidents", "risks": "risks", "open questions": "open_questions", "next steps": "next_steps",
}


class SectionError(ValueError):
    """The model sent content that does not fit the section; the message is shown to the model."""


def section_type(section: str) -> Any:
    return Pack.model_fields[section].annotation


def parse_section(pack: Pack, section: str, content: Any) -> Any:
    """Validate content for one section. Object sections accept a partial update merged onto the current value."""
    if section in CODE_OWNED:
        raise SectionError(f"'{section}' is computed by code and cannot be written; rewrite another section")
    if section not in WRITABLE:
        raise SectionError(f"unknown section '{section}'; use one of: {', '.join(WRITABLE)}")
    current = getattr(pack, section)
    if isinstance(current, BaseModel) and isinstance(content, dict):
        merged = current.model_dump() | content
        if section == "header":
            merged |= {name: getattr(current, name) for name in HEADER_CODE_FIELDS}
        content = merged
    try:
        return TypeAdapter(section_type(section)).validate_python(content)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or section}: {e['msg']}" for e in error.errors()[:5]
        )
        raise SectionError(f"'{section}' content is invalid: {problems}") from None


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
