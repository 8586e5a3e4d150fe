"""Facts: the key events, metrics, impact, severity, roles and follow-ups that code can extract from a transcript.

Everything here is deterministic: regexes and small keyword tables, one pass per extractor. Messages that
try to instruct an AI are ignored (they are data and change nothing). People appear by role in every
narrative text; real names only in `roles` and action owners.
"""

from datetime import date, datetime

from agent.facts.actions import extract_action_items
from agent.facts.dates import resolve_relative_date
from agent.facts.events import classify_events, key_timeline
from agent.facts.impact import extract_impact
from agent.facts.key_events import MAX_TIMELINE_EVENTS
from agent.facts.metrics import DETECTION_KINDS, compute_metrics
from agent.facts.naming import RoleNamer, role_map
from agent.facts.observations import extract_observations
from agent.facts.roles import detect_roles, roles_from_messages
from agent.facts.screening import split_instructions
from agent.facts.services import mentioned_services
from agent.facts.severity import incident_severity, normalise_severity
from agent.models import ActionItem, Facts, Message, Metrics, Severity, TimelineEvent, Transcript
from agent.reading import read_messages
from agent.transcript.live_status import opens_under_way
from agent.transcript.zones import zone_from_token

__all__ = [
    "MAX_TIMELINE_EVENTS",
    "classify_events",
    "compute_metrics",
    "detect_roles",
    "extract_action_items",
    "extract_facts",
    "extract_impact",
    "key_timeline",
    "normalise_severity",
    "resolve_relative_date",
    "role_map",
]


def extract_facts(transcript: Transcript, *, today: date) -> Facts:
    """`today` anchors due dates only when the transcript carries no date at all."""
    messages, ignored = split_instructions(transcript.messages)
    warnings = [f"line {m.line} ignored: it reads as an instruction to an AI, and chat is data" for m in ignored]
    incident_date = transcript.incident_date or next((m.time.date() for m in messages if m.time is not None), None)
    roles = roles_from_messages(messages)
    zone = zone_from_token(transcript.timezone) if transcript.timezone else None
    readings = read_messages(messages)
    timeline, folded, metrics = key_timeline(messages, roles, incident_date=incident_date, zone=zone, readings=readings,
                                             opens_under_way=opens_under_way(transcript.messages))
    if folded:
        warnings.append(
            f"the timeline keeps {len(timeline)} key events: {folded} more (repeats between state changes and "
            f"chatter) were folded to stay within {MAX_TIMELINE_EVENTS}; the metrics are the same as without folding"
        )
    if incident_date is None:
        warnings.append(f"the transcript has no date: due dates are counted from today ({today.isoformat()})")
    observations = extract_observations(messages, RoleNamer(role_map(roles)), readings)
    # "things that helped: the runbook was up to date" says what happened, whatever the reader made of it
    looking_back = {line for item in (*observations.went_well, *observations.lucky) for line in item.source_lines}
    actions = extract_action_items(
        messages, incident_date=incident_date or today, roles=roles, after_line=_end_line(timeline, messages),
        readings=readings, from_line=_start_line(timeline, metrics, messages), looking_back=looking_back,
    )
    severity = incident_severity(messages)
    warnings += _assumptions(timeline, metrics, actions, severity, clock_zone_known=zone is not None)
    return Facts(
        incident_date=incident_date,
        timezone=transcript.timezone,
        timeline=timeline,
        metrics=metrics,
        impact=extract_impact(messages),
        severity=severity,
        action_items=actions,
        went_well=observations.went_well,
        went_poorly=observations.went_poorly,
        lucky=observations.lucky,
        hypotheses=observations.hypotheses,
        causes=observations.causes,
        services=mentioned_services(messages),
        roles=roles,
        warnings=warnings,
    )


def _start_line(timeline: list[TimelineEvent], metrics: Metrics, messages: list[Message]) -> int | None:
    """The line from which people are responding: the detection the metrics count (the first one answered), or the
    first message said at or after it when that is earlier in the file (a tool's timeline pasted at the end)."""
    found = [e.source_lines[0] for e in timeline if e.kind in DETECTION_KINDS and e.time == metrics.detected]
    return min([*found, *_said_from(messages, metrics.detected)], default=None) if found else None


def _end_line(timeline: list[TimelineEvent], messages: list[Message]) -> int | None:
    """The line after which the channel turns to follow-ups: the resolution, else the last recovery; or the first
    message said at or after it when that is earlier in the file."""
    resolutions = [e for e in timeline if e.kind == "resolution"]
    if resolutions:
        first = min(resolutions, key=lambda e: e.source_lines[0])
        return min([first.source_lines[0], *_said_from(messages, first.time)])
    recoveries = [e for e in timeline if e.kind == "recovery"]
    if not recoveries:
        return None
    last = max(recoveries, key=lambda e: e.source_lines[0])
    return min([last.source_lines[0], *_said_from(messages, last.time)])


def _said_from(messages: list[Message], moment: datetime | None) -> list[int]:
    """The line of the first message said at or after `moment`, if any (times that cannot be compared count not)."""
    if moment is None:
        return []
    return [m.line for m in messages if m.time is not None and (m.time.tzinfo is None) == (moment.tzinfo is None)
            and m.time >= moment][:1]


def _assumptions(
    timeline: list[TimelineEvent], metrics: Metrics, actions: list[ActionItem], severity: Severity | None,
    *, clock_zone_known: bool,
) -> list[str]:
    """What the extraction had to assume, for the reader (Facts.warnings)."""
    notes = []
    if metrics.impact_start is not None and not any(e.kind == "impact_start" for e in timeline):
        notes.append(
            "impact start was not stated: the first detection stands in for it, so time to mitigate, recover and "
            "close are lower bounds"
        )
    stated_starts = [e for e in timeline if e.kind == "impact_start" and e.time is not None and e.time.tzinfo is not None]
    if stated_starts and not clock_zone_known:
        notes.append(
            f"the impact start stated on line {stated_starts[0].source_lines[0]} was read as UTC, like the message "
            "times; check it if the speaker meant local time"
        )
    if severity is not None and severity.mapping_note:
        notes.append(f"severity {severity.mapping_note}")
    if any(item.due is not None for item in actions):
        notes.append(
            "due dates were resolved from relative phrases against the day they were said "
            "(\"next week\" = Friday of next week, \"next Friday\" = Friday of the following week)"
        )
    unowned = [item for item in actions if item.owner is None]
    if unowned:
        lines = ", ".join(str(item.source_lines[0]) for item in unowned)
        notes.append(f"{len(unowned)} action item(s) have no owner (line {lines})")
    return notes
