"""Typed timeline lines ('14:05 impact start: checkout errors rise') into timeline events.

Times are read by the transcript parser (dates, zones, midnight roll-over), so a typed line and a pasted log
mean the same thing by '14:05'. A leading label names the event kind; without one, the chat classifier that
reads incident channels decides, and a line it cannot place is kept as a note on the timeline.
"""

import re
from datetime import date
from typing import Literal

from agent.errors import PostmortemError
from agent.facilitation.fields import Line
from agent.facts.phrasing import capitalise, is_hypothesis, shorten
from agent.models import Message, TimelineEvent
from agent.models.timeline import EventKind

LABELS: dict[str, EventKind] = {
    "change": "change", "deploy": "change", "deployed": "change", "config change": "change", "release": "change",
    "trigger": "trigger", "impact start": "impact_start", "impact started": "impact_start",
    "impact began": "impact_start", "impact begins": "impact_start", "start": "impact_start",
    "detected": "detection_alert", "detection": "detection_alert", "alert": "detection_alert",
    "report": "detection_report", "customer report": "detection_report", "user report": "detection_report",
    "page": "page", "paged": "page", "ack": "acknowledgement", "acked": "acknowledgement",
    "acknowledged": "acknowledgement", "acknowledgement": "acknowledgement", "declared": "declaration",
    "declaration": "declaration", "escalated": "escalation", "escalation": "escalation", "decision": "decision",
    "decided": "decision", "tried": "mitigation_failed", "attempt": "mitigation_failed",
    "failed mitigation": "mitigation_failed", "mitigation failed": "mitigation_failed", "mitigated": "mitigation",
    "mitigation": "mitigation", "fix": "mitigation", "recovered": "recovery", "recovery": "recovery",
    "restored": "recovery", "impact end": "recovery", "impact ended": "recovery", "resolved": "resolution",
    "resolution": "resolution", "closed": "resolution", "comms": "communication", "status page": "communication",
    "update": "communication", "communication": "communication",
}
_LABEL = re.compile(r"^\s*(" + "|".join(sorted(map(re.escape, LABELS), key=len, reverse=True)) + r")\s*(?:[:\-–—]\s*|$)", re.I)
_REPORTED = re.compile(r"\b(?:customer|user|support|ticket|report\w*|tweet\w*)\b", re.I)
_HEDGED_LABEL = re.compile(r"^\s*(?:hypothesis|suspected|unconfirmed)\s*[:\-–—]\s*", re.I)


def typed_events(
    lines: list[Line], *, anchor: date | None, zone: str | None, today: date, notes: list[str]
) -> tuple[list[TimelineEvent], str | None]:
    """Events for the typed lines, and the zone of their naive times when known."""
    from agent.transcript import Source, parse_transcript

    numbers = [number for number, _ in lines]
    text = "\n".join(t for _, t in lines)
    if not text.strip():
        return [], None
    try:
        parsed = parse_transcript(Source(name="timeline answer", text=text, encoding="utf-8"), tz=zone,
                                  anchor_date=anchor, today=today)
    except PostmortemError as error:
        notes.append(f"the timeline answer could not be read: {error}")
        return [], None
    events = []
    for message in parsed.messages:
        number = numbers[min(message.line, len(numbers)) - 1]
        said = f"{message.author}: {message.text}" if message.author else message.text
        if message.time is None:
            notes.append(f"line {number} has no time, so it stays out of the timeline: start each line with one")
            continue
        events += _events(said.strip(), message.time, number)
    return events, parsed.timezone


def _events(said: str, moment, number: int) -> list[TimelineEvent]:
    hedged = _HEDGED_LABEL.match(said)
    if hedged:
        said = said[hedged.end():]
    label = _LABEL.match(said)
    text = said[label.end():].strip() if label else said
    kinds = [_labelled_kind(label.group(1), text)] if label else _classified(said, moment, number)
    certainty: Literal["fact", "hypothesis"] = "hypothesis" if hedged or is_hypothesis(text) else "fact"
    event = capitalise(shorten(text or said))
    return [
        TimelineEvent(time=moment, kind=kind, event=event, actor=None, source_lines=[number], certainty=certainty,
                      decision_point=kind == "decision")
        for kind in kinds
    ]


def _labelled_kind(label: str, text: str) -> EventKind:
    kind = LABELS[label.lower()]
    if kind == "detection_alert" and label.lower() in ("detected", "detection") and _REPORTED.search(text):
        return "detection_report"
    return kind


def _classified(said: str, moment, number: int) -> list[EventKind]:
    """What the incident-channel classifier reads in the line; a line it cannot place is a note."""
    from agent.facts import classify_events

    found = classify_events([Message(line=number, end_line=number, time=moment, author="responder", text=said)], [])
    kinds = list(dict.fromkeys(event.kind for event in found))
    return kinds or ["communication"]
