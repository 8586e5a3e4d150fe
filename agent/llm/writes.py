"""Writing one section of the working pack: check its grounding and code facts, refuse added blame, then apply
and say exactly what changed.

The model's write arrives already validated against the section's strict shape (agent.llm.section_models), so a
wrong key or type never gets here: pydantic-ai sends it back naming the field.
"""

import json
from typing import Any

from pydantic import TypeAdapter

from agent.llm.blame_guard import introduced_blame
from agent.llm.deps import Session
from agent.llm.grounding import check_write
from agent.llm.prompts import render_prompt
from agent.llm.section_models import SectionWrite
from agent.llm.sections import section_type

MAX_CHANGES = 12
SHORT = 70


class SectionRejected(Exception):
    """The write was refused; the message (already scrubbed) tells the model why. Nothing was applied."""


def apply_write(session: Session, section: str, write: SectionWrite) -> str:
    """Apply the write and return what to tell the model; raise SectionRejected when nothing was applied."""
    report = check_write(section, write, session.evidence, session.baseline)
    session.grounding.add(report)
    if report.findings:
        raise SectionRejected(session.view.scrub(render_prompt("section_rejected", section=section, issues=[],
                                                               findings=report.findings)))
    before = getattr(session.pack, section)
    after = write.to_pack(before)
    introduced = introduced_blame(before, after, session.view.names)
    if introduced:
        raise SectionRejected(session.view.scrub(render_prompt("section_rejected", section=section,
                                                               issues=introduced, findings=[])))
    session.pack = session.pack.model_copy(update={section: after})
    if section not in session.written:
        session.written.append(section)
    changes = describe_changes(_plain(section, before), _plain(section, after), section)
    return session.view.scrub(render_prompt("section_updated", section=section, changes=changes,
                                            hypotheses=report.hypotheses))


def describe_changes(before: Any, after: Any, path: str) -> list[str]:
    """Field by field, before → after; list items by position (+ added, - removed). Empty when nothing changed."""
    if before == after:
        return []
    if isinstance(before, dict) and isinstance(after, dict):
        lines = []
        for key in dict.fromkeys([*before, *after]):
            lines += describe_changes(before.get(key), after.get(key), f"{path}.{key}")
        return lines[:MAX_CHANGES]
    if isinstance(before, list) and isinstance(after, list):
        lines = [f"{path}: {len(before)} → {len(after)} item(s)"] if len(before) != len(after) else []
        for index in range(max(len(before), len(after))):
            where = f"{path}[{index}]"
            if index >= len(before):
                lines.append(f"+ {where} {_short(after[index])}")
            elif index >= len(after):
                lines.append(f"- {where} {_short(before[index])}")
            elif before[index] != after[index]:
                lines += describe_changes(before[index], after[index], where)
        if len(lines) > MAX_CHANGES:
            lines = lines[:MAX_CHANGES] + [f"… and {len(lines) - MAX_CHANGES} more"]
        return lines
    return [f"{path}: {_short(before)} → {_short(after)}"]


def _plain(section: str, value: Any) -> Any:
    return TypeAdapter(section_type(section)).dump_python(value, mode="json", exclude_none=True)


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if len(text) > SHORT:
        text = text[:SHORT] + "…"
    return json.dumps(text, ensure_ascii=False) if isinstance(value, str) else text
