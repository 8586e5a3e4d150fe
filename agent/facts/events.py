"""Key timeline events from chat messages: one pass, the first matching cue wins, people named by role."""

from dataclasses import dataclass
from datetime import date, timedelta

from agent.facts import event_cues as cues
from agent.facts.impact_start import stated_impact_start
from agent.facts.naming import RoleNamer, is_pager, is_system, role_map, system_name
from agent.facts.phrasing import capitalise, first_sentence, is_hypothesis, is_question, sentence_at
from agent.models import Message, RoleAssignment, TimelineEvent
from agent.models.timeline import EventKind

CHANGE_MERGE_WINDOW = timedelta(minutes=30)  # "deploying ..." then "deploy finished" is one change
# Once the incident is declared resolved, the channel turns to notes and follow-ups: only these still count.
AFTER_RESOLUTION = frozenset({"impact_start", "communication"})
_ONCE = frozenset({"acknowledgement"})  # only the first human acknowledgement matters for the metrics


@dataclass
class _Found:
    event: TimelineEvent
    tentative: bool = False  # a mitigation reported done without evidence yet that it worked


def classify_events(
    messages: list[Message], roles: list[RoleAssignment], *, incident_date: date | None = None
) -> list[TimelineEvent]:
    """Key events in time order (source order where times are missing or cannot be compared)."""
    actors = role_map(roles)
    namer = RoleNamer(actors)
    if incident_date is None:
        incident_date = next((m.time.date() for m in messages if m.time is not None), None)
    found: list[_Found] = []
    resolved = attempted = False
    for message in messages:
        if message.kind == "system":
            continue
        system = is_system(message)
        kinds = _bot_kinds(message.text, message.author) if system else _person_kinds(message.text, attempted)
        statement = None if system else stated_impact_start(message, incident_date)
        if resolved:
            kinds = [kind for kind in kinds if kind in AFTER_RESOLUTION]
        if not kinds and statement is None:
            continue
        actor = system_name(message.author) if system else actors.get((message.author or "").strip())
        hypothesis = not system and is_hypothesis(message.text)
        if statement is not None:
            text = capitalise(namer.replace(sentence_at(message.text, statement.position)))
            found.append(_Found(_event(message, "impact_start", text, actor, hypothesis, time=statement.time)))
        for kind in kinds:
            text = capitalise(namer.replace(first_sentence(message.text)))
            tentative = kind == "mitigation" and not cues.MITIGATION_WORKED.search(message.text)
            found.append(_Found(_event(message, kind, text, actor, hypothesis), tentative))
            attempted = attempted or kind in ("decision", "mitigation", "mitigation_failed")
            resolved = resolved or kind == "resolution"
    return _in_time_order(_tidy(found))


def _person_kinds(text: str, attempted: bool) -> list[EventKind]:
    if is_question(text):
        return []
    if cues.RESOLUTION.search(text):
        return ["resolution"]
    if cues.DECLARATION.search(text):
        return ["declaration"]
    decision = cues.DECISION.search(text) is not None
    if cues.FAILED.search(text) and (attempted or cues.ATTEMPT.search(text)):
        return ["mitigation_failed", "decision"] if decision else ["mitigation_failed"]
    if decision:
        return ["decision"]
    if cues.ESCALATION.search(text):
        return ["escalation"]
    if cues.MITIGATION_DONE.search(text) or cues.MITIGATION_WORKED.search(text):
        return ["mitigation", "recovery"] if cues.RECOVERY.search(text) else ["mitigation"]
    for kind, cue in cues.LATER_PERSON_CUES:
        if cue.search(text):
            return [] if kind == "communication" and cues.INTENT.search(text) else [kind]
    if cues.CHANGE.search(text) and not cues.NOT_A_CHANGE.search(text):
        return ["change"]
    if (is_hypothesis(text) and cues.CAUSE.search(text)) or cues.TRIGGER.search(text):
        return ["trigger"]
    return []


def _bot_kinds(text: str, author: str | None) -> list[EventKind]:
    if cues.BOT_ACK.search(text):
        return ["acknowledgement"]  # a person acknowledged the page
    if cues.BOT_RESOLVED_BY.search(text):
        return ["resolution"]  # a person resolved the incident in the pager
    if is_pager(author):
        for kind, cue in (("acknowledgement", cues.PAGER_ACK), ("resolution", cues.PAGER_RESOLVED), ("page", cues.PAGER_PAGE)):
            if cue.search(text):
                return [kind]
        return []
    for kind, cue in (("recovery", cues.BOT_RECOVERY), ("page", cues.BOT_PAGE), ("detection_alert", cues.BOT_ALERT)):
        if cue.search(text):
            return [kind]
    if cues.CHANGE.search(text) and not cues.NOT_A_CHANGE.search(text):
        return ["change"]
    return []


def _event(
    message: Message, kind: EventKind, text: str, actor: str | None, hypothesis: bool, *, time=None
) -> TimelineEvent:
    return TimelineEvent(
        time=time or message.time,
        kind=kind,
        event=text,
        actor=actor,
        source_lines=[message.line],
        certainty="hypothesis" if hypothesis else "fact",
        decision_point=kind == "decision",
    )


def _tidy(found: list[_Found]) -> list[TimelineEvent]:
    """Fold follow-on messages into the event they belong to and drop repeats."""
    last_start = max((i for i, item in enumerate(found) if item.event.kind == "impact_start"), default=None)
    kept: list[_Found] = []
    seen: set[tuple[str, str]] = set()
    for index, item in enumerate(found):
        event = item.event
        if event.kind == "impact_start" and index != last_start:
            continue  # a later statement corrects an earlier one
        if event.kind == "mitigation_failed" and kept and kept[-1].tentative:
            # "rollback done" followed by "still failing" is one failed attempt, not a mitigation.
            event.source_lines = sorted({*kept.pop().event.source_lines, *event.source_lines})
        elif kept and _same_change(kept[-1].event, event):
            kept[-1].event.source_lines = sorted({*kept[-1].event.source_lines, *event.source_lines})
            continue
        key = (event.kind, "" if event.kind in _ONCE else event.event.lower())
        if key in seen:
            continue
        seen.add(key)
        kept.append(item)
    return [item.event for item in kept]


def _same_change(previous: TimelineEvent, event: TimelineEvent) -> bool:
    if not (previous.kind == event.kind == "change" and previous.actor == event.actor):
        return False
    if previous.time is None or event.time is None:
        return previous.time is event.time
    if (previous.time.tzinfo is None) != (event.time.tzinfo is None):
        return False
    return timedelta(0) <= event.time - previous.time <= CHANGE_MERGE_WINDOW


def _in_time_order(events: list[TimelineEvent]) -> list[TimelineEvent]:
    timed = [e.time for e in events if e.time is not None]
    if len({t.tzinfo is None for t in timed}) > 1:
        return events  # naive and aware times cannot be compared; keep source order
    return sorted(events, key=lambda e: (0, e.time, e.source_lines[0]) if e.time is not None else (1, e.source_lines[0]))
