"""Heading text -> canonical pack section id.

Real post-mortems name the same section many ways ("Lessons learned", "Key takeaways", "Corrective and
preventative measures", "Remediation" ...). Exact synonyms are tried first, then keyword rules in a fixed
priority order, so that "Follow-up timeline" is a timeline and "Impact & Learnings review" is dissemination.
"""

import re
from functools import lru_cache

CANONICAL_SECTIONS: tuple[str, ...] = (
    "header",
    "roles",
    "brief",
    "summary",
    "background",
    "impact",
    "metrics",
    "timeline",
    "detection",
    "response",
    "recovery",
    "went_well",
    "went_poorly",
    "lucky",
    "contributing_factors",
    "root_cause",
    "learnings",
    "action_items",
    "parked_ideas",
    "triggers",
    "dissemination",
    "similar_incidents",
    "risks",
    "open_questions",
    "next_steps",
    "appendix",
)

# Whole-title synonyms (after normalisation). Only these may turn a plain, unstyled line into a heading.
EXACT: dict[str, str] = {
    # header and roles
    "metadata": "header", "incident metadata": "header", "details": "header", "incident details": "header",
    "date": "header", "status": "header", "severity": "header", "severity and impact": "impact",
    "incident date": "header", "duration": "header", "incident id": "header", "published": "header",
    "authors": "roles", "author": "roles", "owner": "roles", "owners": "roles", "roles": "roles",
    "attendees": "roles", "participants": "roles", "people involved": "roles", "involved": "roles",
    "contacts": "roles", "responders": "roles", "shared with": "header", "audience": "header",
    "meeting": "header", "meeting scheduled for": "header", "meeting date": "header", "call recording": "header",
    # brief
    "retro brief": "brief", "brief": "brief", "agenda": "brief", "ground rules": "brief", "goal": "brief",
    # summary
    "summary": "summary", "overview": "summary", "executive summary": "summary", "tl dr": "summary",
    "tldr": "summary", "incident summary": "summary", "issue summary": "summary", "problem summary": "summary",
    "what happened": "summary", "description": "summary", "abstract": "summary",
    # background
    "background": "background", "leadup": "background", "lead up": "background", "context": "background",
    "glossary": "appendix",
    # impact
    "impact": "impact", "user impact": "impact", "customer impact": "impact", "revenue impact": "impact",
    "team impact": "impact", "business impact": "impact", "what was impacted": "impact",
    # metrics
    "metrics": "metrics", "stats": "metrics", "statistics": "metrics", "key metrics": "metrics",
    # timeline
    "timeline": "timeline", "events": "timeline", "events timeline": "timeline",
    "sequence of events": "timeline", "chronology": "timeline",
    # detection, response, recovery
    "detection": "detection", "how was it detected": "detection", "response": "response",
    "recovery": "recovery", "resolution": "recovery", "mitigation": "recovery", "recovery efforts": "recovery",
    "action taken": "response", "actions taken": "response", "trigger": "root_cause", "fault": "root_cause",
    # lessons
    "what went well": "went_well", "things that went well": "went_well", "went well": "went_well",
    "what went right": "went_well", "what went poorly": "went_poorly", "what went wrong": "went_poorly",
    "things that went poorly": "went_poorly", "things that went wrong": "went_poorly",
    "where we got lucky": "lucky", "where did we get lucky": "lucky", "lucky": "lucky",
    # analysis
    "contributing factors": "contributing_factors", "root cause": "root_cause", "root causes": "root_cause",
    "five whys": "root_cause", "5 whys": "root_cause", "root cause analysis": "root_cause",
    "root causes and trigger": "root_cause", "causes": "root_cause", "cause": "root_cause",
    "analysis": "root_cause", "technical analysis": "root_cause", "incident analysis": "root_cause",
    "lessons learned": "learnings", "lessons": "learnings", "learnings": "learnings",
    "key takeaways": "learnings", "takeaways": "learnings", "insights": "learnings", "conclusions": "learnings",
    # actions
    "action items": "action_items", "action item": "action_items", "actions": "action_items",
    "actionables": "action_items", "action plan": "action_items", "corrective actions": "action_items",
    "remediation": "action_items", "follow up": "action_items", "follow ups": "action_items",
    "next actions": "action_items", "todo": "action_items", "future measures": "action_items",
    "parked ideas": "parked_ideas", "later ideas": "parked_ideas", "parking lot": "parked_ideas",
    "kill criteria": "triggers", "triggers": "triggers", "tripwires": "triggers",
    # sharing and wrap-up
    "dissemination": "dissemination", "shareout": "dissemination", "share out": "dissemination",
    "distribution": "dissemination", "communication plan": "dissemination",
    "similar incidents": "similar_incidents", "related incidents": "similar_incidents",
    "recurrence": "similar_incidents", "risks": "risks", "open questions": "open_questions",
    "questions": "open_questions", "unknowns": "open_questions", "next steps": "next_steps",
    "moving forward": "next_steps", "appendix": "appendix", "supporting information": "appendix",
    "links": "appendix", "references": "appendix", "related links": "appendix", "graphs": "appendix",
}

# Keyword rules, first match wins; the order resolves titles that mention two sections.
RULES: tuple[tuple[str, str], ...] = (
    (r"impact (and|&) learnings? review|share ?out|dissemination|distribution list|publish", "dissemination"),
    (r"kill criteri|tripwire|\btriggers\b", "triggers"),
    (r"parked|parking lot|later ideas", "parked_ideas"),
    (r"timeline|chronolog|sequence of events", "timeline"),
    (r"went (well|right)|what worked", "went_well"),
    (r"went (poorly|wrong|badly)|did ?n.?t go (so |very )?well|could have gone better|what did ?n.?t work"
     r"|mistakes", "went_poorly"),
    (r"lucky|luck\b", "lucky"),
    (r"contributing", "contributing_factors"),
    (r"five whys|5 whys|root cause|causal|why did it happen|why it (failed|happened)|fault tree|fishbone"
     r"|how (did )?(this|it) (happen|occur)|what caused",
     "root_cause"),
    (r"action item|actionable|corrective|preventa?tive|remediation|follow ?ups?\b|improvement|improving"
     r"|what we.?re doing|preventing|future (measures|actions|work)|next actions|action tracker", "action_items"),
    (r"lessons?|learnings?|takeaways?|insights?", "learnings"),
    (r"open questions|unknowns|(outstanding|unanswered|unresolved|remaining) questions", "open_questions"),
    (r"next steps|moving forward|going forward|looking ahead|what ?s next", "next_steps"),
    (r"\brisks?\b", "risks"),
    (r"similar|related incidents|recurren|previous incidents", "similar_incidents"),
    (r"metrics|\bstats\b|\bttd\b|\bmttr\b", "metrics"),
    (r"impact|affected", "impact"),
    (r"\bdetect", "detection"),
    (r"recover|resolution|mitigation|restor", "recovery"),
    (r"response|escalation", "response"),
    (r"summary|overview|tl ?dr", "summary"),
    (r"retro brief|agenda|ground rules", "brief"),
    (r"roles|attendees|participants|people involved", "roles"),
    (r"background|lead ?up|context", "background"),
    (r"appendi|supporting|glossary|references|chat ?logs?|transcript", "appendix"),
)
_COMPILED = tuple((re.compile(pattern), canonical) for pattern, canonical in RULES)

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_FOOTNOTE = re.compile(r"\[\^?\d+\]|\[\d+\]\([^)]*\)|\d+\]\([^)]*\)")
_NUMBERING = re.compile(r"^(section\s+)?(\d+(\.\d+)*|[ivx]+|[a-h])[.):]\s+")
_NOISE = re.compile(r"[^a-z0-9&/ ]+")


@lru_cache(maxsize=4096)
def normalise_title(title: str) -> str:
    """Lowercase words only: markup, links, footnote markers, numbering and punctuation removed."""
    text = _FOOTNOTE.sub(" ", title)
    text = _LINK.sub(r"\1", text)
    text = text.replace("*", " ").replace("_", " ").replace("`", " ").lower()
    text = text.replace("-", " ").replace("\u2019", "'").replace("'", "")
    text = _NOISE.sub(" ", text).strip()
    text = _NUMBERING.sub("", text)
    return " ".join(text.split())


@lru_cache(maxsize=4096)
def canonical_for(title: str, *, exact_only: bool = False) -> str | None:
    """The pack section a heading names, or None when it is not a section we know."""
    label, colon, _value = title.partition(":")
    if colon and 0 < len(label.strip(" *_")) <= 30:
        labelled = canonical_for(label, exact_only=exact_only)
        if labelled:
            return labelled
    key = normalise_title(title)
    if not key:
        return None
    if key in EXACT:
        return EXACT[key]
    bare = key.removesuffix(" section").strip()
    if bare in EXACT:
        return EXACT[bare]
    if exact_only or len(key) > 80:
        return None
    for pattern, canonical in _COMPILED:
        if pattern.search(key):
            return canonical
    return None


_TIME_OR_DATE_TITLE = re.compile(
    r"^\W*("
    r"\d{1,2}:\d{2}(:\d{2})?\s*([ap]\.?m\.?)?|"
    r"\d{4}-\d{2}-\d{2}([ t,]+\d{1,2}:\d{2}.*)?|"
    r"(mon|tue|wed|thu|fri|sat|sun)\w*,?\s+.*\d.*|"
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(st|nd|rd|th)?(,?\s+\d{4})?.*|"
    r"\d{1,2}(st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*(\s+\d{4})?.*|"
    r"day \d+|t\s?[+-]\s?\d+.*"
    r")\W*$",
    re.IGNORECASE,
)


def is_time_or_date_title(title: str) -> bool:
    """Headings such as '### 14:05', '## May 12' or '### 2023-07-20' that split a timeline into parts."""
    return len(title) <= 60 and bool(_TIME_OR_DATE_TITLE.match(title.strip()))
