"""Writing one section of the working pack: validate its shape, ground it, refuse added blame, then apply.

Both routes a model has for writing (the update_section tool, and the sections it hands back in its final
answer) go through `apply_section`, so the same checks hold whichever the model uses.
"""

import json
from typing import Any

from agent.llm.blame_guard import introduced_blame
from agent.llm.deps import Session
from agent.llm.grounding import GroundingReport, ground_section
from agent.llm.prompts import render_prompt
from agent.llm.sections import UNGROUNDED, SectionError, parse_section


class SectionRejected(Exception):
    """The write was refused; the message (already scrubbed) tells the model why."""


def apply_section(session: Session, section: str, content: Any) -> str:
    """Apply the write and return what to tell the model; raise SectionRejected when nothing was applied."""
    try:
        parsed = parse_section(session.pack, section, decoded(content))
    except SectionError as error:
        raise SectionRejected(session.view.scrub(str(error))) from None
    if section in UNGROUNDED:
        grounded, report = parsed, GroundingReport()
    else:
        grounded, report = ground_section(section, parsed, session.evidence, fallback_severity=session.baseline.header.severity)
    session.grounding.add(report)
    if isinstance(parsed, list) and parsed and not grounded:
        message = render_prompt("section_updated", section=section, findings=report.findings, emptied=True)
        raise SectionRejected(session.view.scrub(message))
    introduced = introduced_blame(getattr(session.pack, section), grounded, session.view.names)
    if introduced:
        raise SectionRejected(session.view.scrub(render_prompt("section_rejected", section=section, issues=introduced)))
    session.pack = session.pack.model_copy(update={section: grounded})
    if section not in session.written:
        session.written.append(section)
    return session.view.scrub(render_prompt("section_updated", section=section, findings=report.findings, emptied=False))


def decoded(content: Any) -> Any:
    """Section content may come as JSON text (structured outputs carry it that way) or as JSON already."""
    if isinstance(content, str):
        try:
            return json.loads(content)
        except ValueError:
            return content
    return content
