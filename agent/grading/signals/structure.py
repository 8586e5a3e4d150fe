"""Structure, scope and timeliness signals: which sections exist, who is named in which role, dates."""

import re

from agent.document import CANONICAL_SECTIONS
from agent.document.query import items_of, sections_of
from agent.grading.signals import Measure, SignalContext, signal
from agent.grading.text import URL, is_placeholder, plain

CORE_GROUPS = (("summary",), ("impact",), ("timeline",), ("contributing_factors", "root_cause"), ("action_items",))
ROLE_WORDS: dict[str, str] = {
    "facilitator": "facilitator", "moderator": "facilitator", "scribe": "scribe", "note taker": "scribe",
    "notetaker": "scribe", "decision owner": "decision owner", "decision maker": "decision owner",
    "approver": "decision owner", "incident commander": "incident commander", "ic": "incident commander",
    "author": "author", "authors": "author", "owner": "owner", "owners": "owner", "postmortem owner": "owner",
    "reviewer": "reviewer", "reviewers": "reviewer", "on call": "on-call", "on call engineer": "on-call",
    "responder": "responder", "responders": "responder", "attendees": "attendees", "participants": "attendees",
    "involved": "attendees", "communications lead": "comms lead", "comms lead": "comms lead",
}
CORE_ROLES = ("facilitator", "scribe", "decision owner")
_ROLE_PATTERNS = [(re.compile(rf"\b{word}\b"), role) for word, role in ROLE_WORDS.items() if len(word) > 2]
_AUDIENCE_KEYS = ("audience", "shared with", "distribution", "readers", "review audience", "intended audience")


def has_section(context: SignalContext, canonical: str) -> Measure:
    sections = sections_of(context.doc, canonical)
    filled = [i for i in items_of(context.doc, canonical) if not is_placeholder(i.text)]
    if canonical == "summary" and not filled and context.view.summary_items:
        return Measure(value=True, lines=[context.view.summary_items[0].line], note="opening paragraphs (no Summary heading)")
    if canonical == "timeline" and not filled and context.view.timeline[1]:
        entries = context.view.timeline[0]
        return Measure(value=True, lines=[entries[0].line], note=context.view.timeline[1])
    return Measure(value=bool(filled), lines=[s.line for s in sections][:5])


@signal("sections.core", "how many of summary, impact, timeline, factors/root cause and action items have content")
def _core(context: SignalContext) -> Measure:
    present = [group for group in CORE_GROUPS if any(context.get(f"has.{c}").value for c in group)]
    lines = [context.get(f"has.{group[0]}").lines[0] for group in present if context.get(f"has.{group[0]}").lines]
    return Measure(value=float(len(present)), lines=lines, note=", ".join(g[0] for g in present))


@signal("sections.recognized", "how many distinct pack sections have content")
def _recognized(context: SignalContext) -> Measure:
    present = [c for c in CANONICAL_SECTIONS if context.get(f"has.{c}").value]
    return Measure(value=float(len(present)), note=", ".join(present))


@signal("sections.empty", "recognised sections that hold nothing but a heading or a placeholder")
def _empty(context: SignalContext) -> Measure:
    empty = [s for s in context.doc.sections
             if s.canonical and not context.get(f"has.{s.canonical}").value]
    return Measure(value=float(len(empty)), lines=[s.line for s in empty][:5])


@signal("doc.tables", "number of tables")
def _tables(context: SignalContext) -> Measure:
    tables = [t for s in context.doc.sections for t in s.tables]
    return Measure(value=float(len(tables)), lines=[t.line for t in tables][:5])


@signal("doc.links", "number of links to evidence (dashboards, tickets, logs)")
def _links(context: SignalContext) -> Measure:
    lines = [n for n, text in enumerate(context.doc.lines, start=1) if URL.search(text)]
    return Measure(value=float(len(lines)), lines=lines[:5])


def _roles(context: SignalContext) -> dict[str, int]:
    found: dict[str, int] = {}
    for field in context.view.header_fields:
        role = ROLE_WORDS.get(field.key) or ROLE_WORDS.get(field.key.removesuffix("s"))
        if role and not is_placeholder(field.value):
            found.setdefault(role, field.line)
    for item in items_of(context.doc, "roles"):
        text = plain(item.text).lower()
        if is_placeholder(item.cells[-1] if item.cells else text):
            continue
        for pattern, role in _ROLE_PATTERNS:
            if pattern.search(text):
                found.setdefault(role, item.line)
    return found


@signal("roles.count", "distinct roles named (author, facilitator, incident commander, ...)")
def _role_count(context: SignalContext) -> Measure:
    roles = _roles(context)
    return Measure(value=float(len(roles)), lines=sorted(roles.values())[:5], note=", ".join(sorted(roles)))


@signal("roles.core", "how many of facilitator, scribe and decision owner are assigned")
def _core_roles(context: SignalContext) -> Measure:
    roles = {r: line for r, line in _roles(context).items() if r in CORE_ROLES}
    return Measure(value=float(len(roles)), lines=sorted(roles.values()), note=", ".join(sorted(roles)))


@signal("scope.audience", "the intended audience is stated")
def _audience(context: SignalContext) -> Measure:
    for field in context.view.header_fields:
        if any(key in field.key for key in _AUDIENCE_KEYS) and not is_placeholder(field.value):
            return Measure(value=True, lines=[field.line], note=field.value[:60])
    return Measure(value=False)


@signal("scope.goal", "the review states its goal (retro brief)")
def _goal(context: SignalContext) -> Measure:
    for field in context.view.header_fields:
        if field.key in ("goal", "purpose", "review goal") and not is_placeholder(field.value):
            return Measure(value=True, lines=[field.line])
    return Measure(value=bool(context.get("has.brief").value), lines=context.get("has.brief").lines)


@signal("scope.blameless_norm", "blameless ground rules are stated explicitly")
def _norm(context: SignalContext) -> Measure:
    lines = [n for n, text in enumerate(context.doc.lines, start=1)
             if re.search(r"\bblameless\b|\bground rules?\b|\bno blame\b", text, re.I) and not is_placeholder(text)]
    return Measure(value=bool(lines), lines=lines[:3])


@signal("header.severity", "a severity is stated in the header")
def _severity(context: SignalContext) -> Measure:
    return Measure(value=context.view.severity is not None, note=context.view.severity or "")


@signal("timeliness.draft_lag_days", "days from the incident date to the date the review was written or published")
def _lag(context: SignalContext) -> Measure:
    incident, written = context.view.incident_date, context.view.written_date
    if incident is None or written is None:
        return Measure(value=None, note="incident date or written/published date not stated")
    return Measure(value=float((written - incident).days), note=f"{incident} -> {written}")
