"""Key timeline events from chat messages: one pass, the first matching cue wins, people named by role."""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import NamedTuple

from agent.facts import event_cues as cues
from agent.facts.cue import Cue, Said, said
from agent.facts.impact_start import stated_impact_end, stated_impact_start
from agent.facts.key_events import key_events
from agent.facts.naming import RoleNamer, is_pager, is_system, role_map, system_name
from agent.facts.phrasing import capitalise, first_sentence, in_question, is_hypothesis, sentence_at, strip_code
from agent.models import Message, RoleAssignment, TimelineEvent
from agent.models.timeline import EventKind

CHANGE_MERGE_WINDOW = timedelta(minutes=30)  # "deploying ..." then "deploy finished" is one change
# Once the incident is declared resolved, the channel turns to notes and follow-ups: only these still count.
AFTER_RESOLUTION = frozenset({"impact_start", "communication"})
# The incident is under way once any of these has happened: from then on "switched traffic to eu-west" is a
# mitigation, not a change, and "dashboards look normal" may report a recovery. Decisions and changes do not
# count: a planned change is decided and made before anything has gone wrong.
UNDER_WAY = frozenset({
    "impact_start", "detection_alert", "detection_report", "page", "acknowledgement", "declaration", "escalation",
    "mitigation", "mitigation_failed", "recovery", "resolution",
})
_ONCE = frozenset({"acknowledgement"})  # only the first human acknowledgement matters for the metrics
# A repeat of an event already on the timeline is dropped, unless the incident changed phase in between:
# an alert that fires again after a recovery is news, and so is a recovery after a new failure.
_RELAPSE = frozenset({"detection_alert", "mitigation_failed"})
_RELIEF = frozenset({"recovery", "mitigation"})
MAX_REPEATS = 3  # a flapping alert or a chat loop must not flood the timeline
_DIGITS = re.compile(r"\d+")


@dataclass(slots=True)
class _Found:
    """An event before it is written up: repeats are dropped before any text is composed."""

    text: str  # the message without its code blocks: pasted logs are evidence, not events
    kind: EventKind
    time: datetime | None
    actor: str | None
    hypothesis: bool
    lines: list[int]
    tentative: bool = False  # a mitigation reported done without evidence yet that it worked
    position: int | None = None  # where the wording sits in the message; None quotes the first sentence


class KeyTimeline(NamedTuple):
    events: list[TimelineEvent]
    folded: int  # events left out to keep the timeline to key events (key_events.MAX_TIMELINE_EVENTS)


def classify_events(
    messages: list[Message], roles: list[RoleAssignment], *, incident_date: date | None = None,
    zone: tzinfo | None = None,
) -> list[TimelineEvent]:
    """Key events in time order (source order where times are missing or cannot be compared). `zone` is the zone
    the message clocks were written in, when known: times stated in the text are read on that clock."""
    return key_timeline(messages, roles, incident_date=incident_date, zone=zone).events


def key_timeline(
    messages: list[Message], roles: list[RoleAssignment], *, incident_date: date | None = None,
    zone: tzinfo | None = None,
) -> KeyTimeline:
    """`classify_events`, with how many events were folded away to stay within the cap."""
    actors = role_map(roles)
    if incident_date is None:
        incident_date = next((m.time.date() for m in messages if m.time is not None), None)
    found: list[_Found] = []
    resolved = attempted = under_way = False
    for message in messages:
        if message.kind == "system":
            continue
        system = is_system(message)
        text = message.text if system else strip_code(message.text)
        if system:
            kinds = [(kind, None) for kind in _bot_kinds(text, message.author)]
        else:
            kinds = _person_kinds(text, attempted, under_way)
        statement = None if system else stated_impact_start(text, message.time, incident_date, zone)
        ended = None if system else stated_impact_end(text, message.time, incident_date, zone)
        if resolved:
            kinds = [(kind, position) for kind, position in kinds if kind in AFTER_RESOLUTION]
        if not kinds and statement is None and ended is None:
            continue
        actor = system_name(message.author) if system else actors.get((message.author or "").strip())
        hypothesis = not system and is_hypothesis(text)
        if statement is not None:
            found.append(_Found(text, "impact_start", statement.time, actor, hypothesis, [message.line],
                                position=statement.position))
        if ended is not None:  # "exposure from 09:12 to 10:09": the stated end is when the impact was over
            found.append(_Found(text, "recovery", ended.time, actor, hypothesis, [message.line], position=ended.position))
        for kind, position in kinds:
            tentative = kind == "mitigation" and not _shows_effect(text)
            found.append(_Found(text, kind, message.time, actor, hypothesis, [message.line], tentative, position))
            attempted = attempted or kind in ("decision", "mitigation", "mitigation_failed")
            resolved = resolved or kind == "resolution"
        under_way = under_way or statement is not None or any(kind in UNDER_WAY for kind, _ in kinds)
    namer = RoleNamer(actors)
    tidy = _tidy(found)
    key = key_events(tidy)
    return KeyTimeline(_in_time_order([_written(item, namer) for item in key]), len(tidy) - len(key))


@lru_cache(maxsize=1 << 16)  # a pure function of the text, and channels repeat lines ("+1", "still seeing 5xx")
def _person_kinds(text: str, attempted: bool, under_way: bool) -> tuple[tuple[EventKind, int], ...]:
    """The events a person's message reports, each with where its wording sits (to quote that sentence).
    `attempted`: a mitigation was decided or tried before; `under_way`: the incident had begun (see UNDER_WAY)."""
    return tuple(_reported_kinds(text, attempted, under_way))


def _reported_kinds(text: str, attempted: bool, under_way: bool) -> list[tuple[EventKind, int]]:
    found = said(text)
    if found.cues.isdisjoint(cues.PERSON_CUES.members):
        return []
    for kind, cue in (("resolution", cues.RESOLUTION), ("declaration", cues.DECLARATION)):
        if (match := _stated(cue, text, found)) and (under_way or _says_it_failed(kind, match)):
            return [(kind, match.start())]
    decision = _stated(cues.DECISION, text, found)
    failed = _stated(cues.FAILED, text, found)
    if failed and (attempted or cues.ATTEMPT.search(text, found)):
        return [("mitigation_failed", failed.start())] + ([("decision", decision.start())] if decision else [])
    if decision:
        return [("decision", decision.start())]
    if match := _stated(cues.ESCALATION, text, found):
        return [("escalation", match.start())]
    adjusted = _stated(cues.ADJUSTMENT, text, found)
    response = (adjusted or _stated(cues.OPERATION_DONE, text, found)) if under_way else None
    if match := _stated(cues.MITIGATION_DONE, text, found) or _stated(cues.MITIGATION_WORKED, text, found) or response:
        recovered = _stated(cues.RECOVERY, text, found)
        return [("mitigation", match.start())] + ([("recovery", recovered.start())] if recovered else [])
    for kind, cue in cues.LATER_PERSON_CUES:
        if (match := _stated(cue, text, found)) and (under_way or _says_it_failed(kind, match)):
            return [] if _not_yet(kind, text, found) else [(kind, match.start())]
    fix = cues.NOT_A_CHANGE.search(text, found) is not None
    change = _stated(cues.CHANGE, text, found)
    if change and not (fix or cues.INTENT.search(text, found)):
        return [("change", change.start())]
    if adjusted and not fix:  # said in the past tense, so an intention elsewhere in the message does not undo it
        return [("change", adjusted.start())]
    cause = _stated(cues.CAUSE, text, found) if is_hypothesis(text) else None  # "I think it's the deploy"
    if match := cause or _stated(cues.TRIGGER, text, found):
        return [("trigger", match.start())]
    return []


def _says_it_failed(kind: EventKind, match: re.Match[str]) -> bool:
    """Before the incident is under way, a recovery or resolution counts only when its own words say something
    had gone wrong ("back to normal", "closing the incident"); "dashboards look normal so far" right after a
    change is a status, not a recovery."""
    if kind == "resolution":
        return "incident" in match.group()
    return kind != "recovery" or cues.AFTER_FAILURE.search(match.group()) is not None


def _not_yet(kind: EventKind, text: str, found: Said) -> bool:
    """An intended update is not yet a communication; a conditional or denied report is no detection."""
    if kind == "communication":
        return cues.INTENT.search(text, found) is not None
    return kind == "detection_report" and cues.NO_REPORT.search(text, found) is not None


def _stated(cue: Cue, text: str, found: Said) -> re.Match[str] | None:
    """The first match of `cue` outside a question and outside a condition ("once the backup is done")."""
    if cue not in found.cues:
        return None
    target = text if cue.cased else found.lowered
    match = cue.pattern.search(target)
    while match is not None and (in_question(text, match.start()) or _conditional(match)):
        match = cue.pattern.search(target, match.end())
    return match


def _conditional(match: re.Match[str]) -> bool:
    return "condition" in match.re.groupindex and match.group("condition") is not None


def _shows_effect(text: str) -> bool:
    return cues.MITIGATION_WORKED.search(text) is not None or cues.WORKING_AGAIN.search(text) is not None


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
    for kind, cue in (("recovery", cues.BOT_RECOVERY), ("page", cues.BOT_PAGE), ("detection_alert", cues.BOT_ALERT),
                      ("page", cues.BOT_NUMBERED)):
        if cue.search(text):
            return [kind]
    if cues.CHANGE.search(text) and not cues.NOT_A_CHANGE.search(text):
        return ["change"]
    return []


def _written(item: _Found, namer: RoleNamer) -> TimelineEvent:
    text = item.text
    summary = sentence_at(text, item.position) if item.position is not None else first_sentence(text)
    return TimelineEvent(
        time=item.time,
        kind=item.kind,
        event=capitalise(namer.replace(summary)),
        actor=item.actor,
        source_lines=item.lines,
        certainty="hypothesis" if item.hypothesis else "fact",
        decision_point=item.kind == "decision",
    )


def _tidy(found: list[_Found]) -> list[_Found]:
    """Fold follow-on messages into the event they belong to and drop repeats."""
    last_start = max((i for i, item in enumerate(found) if item.kind == "impact_start"), default=None)
    kept: list[_Found] = []
    seen: dict[str, set[str]] = {}
    times_kept: dict[tuple[str, str], int] = {}
    for index, item in enumerate(found):
        if item.kind == "impact_start" and index != last_start:
            continue  # a later statement corrects an earlier one
        if item.kind == "mitigation_failed" and kept and kept[-1].tentative:
            # "rollback done" followed by "still failing" is one failed attempt, not a mitigation.
            item.lines = sorted({*kept.pop().lines, *item.lines})
        elif kept and _same_change(kept[-1], item):
            kept[-1].lines = sorted({*kept[-1].lines, *item.lines})
            continue
        key = "" if item.kind in _ONCE else _DIGITS.sub("#", item.text.lower())
        if key in seen.setdefault(item.kind, set()) or times_kept.get((item.kind, key), 0) >= MAX_REPEATS:
            continue
        seen[item.kind].add(key)
        times_kept[(item.kind, key)] = times_kept.get((item.kind, key), 0) + 1
        for kind in _RELAPSE if item.kind in _RELIEF else _RELIEF if item.kind in _RELAPSE else ():
            seen.pop(kind, None)
        kept.append(item)
    return kept


def _same_change(previous: _Found, event: _Found) -> bool:
    if not (previous.kind == event.kind == "change" and previous.actor == event.actor):
        return False
    if cues.ADJUSTMENT.search(event.text):
        return False  # "alias switched to v7" after "starting the reindex" is a second change, not its completion
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
