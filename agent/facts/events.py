"""Key timeline events from chat messages: the message reader's kinds, put in the incident's phases, repeats
dropped, people named by role."""

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import NamedTuple, TypeGuard, get_args

from agent.facts.blameless import judges_a_person
from agent.facts.chronology import in_order_of_events
from agent.facts.key_events import key_events
from agent.facts.metrics import DETECTION_KINDS, RESPONSE_WINDOW, compute_metrics, relapse_after_recovery
from agent.facts.naming import RoleNamer, is_system, role_map, system_name
from agent.facts.phrasing import capitalise, event_text, first_sentence, is_hypothesis, sentence_at
from agent.models import Message, RoleAssignment, TimelineEvent
from agent.models.timeline import EventKind, Metrics
from agent.reading import Reading, read_messages
from agent.reading.stated import StatedTime, stated_times
from agent.transcript.zones import zone_from_token

_MOMENTS = ("impact_start", "detected", "acknowledged", "mitigated", "recovered", "resolved")
_MOMENT_KINDS = frozenset({*DETECTION_KINDS, "impact_start", "acknowledgement", "escalation", "declaration", "mitigation",
                           "recovery", "resolution"})
CHANGE_MERGE_WINDOW = timedelta(minutes=30)  # "deploying ..." then "deploy finished" is one change
# Once the incident is declared resolved, the channel turns to notes and follow-ups: only these still count.
AFTER_RESOLUTION = frozenset({"impact_start", "communication"})
# The wrap-up after it states the impact window ("impact: from 17:30 to 20:24"): its stated end still dates the recovery.
STATED_AFTER_RESOLUTION = AFTER_RESOLUTION | {"recovery"}
# The incident is under way once any of these has happened: from then on "switched traffic to eu-west" is a
# mitigation, not a change, and "dashboards look normal" may report a recovery. Decisions and changes do not
# count: a planned change is decided and made before anything has gone wrong.
UNDER_WAY = frozenset({
    "impact_start", "detection_alert", "detection_report", "page", "acknowledgement", "declaration", "escalation",
    "mitigation", "mitigation_failed", "recovery", "resolution",
})
TIMELINE_KINDS = frozenset(get_args(EventKind))
# Before the incident is under way nothing can recover, fail to help or be resolved.
_NEED_INCIDENT = frozenset({"mitigation_failed", "recovery", "resolution"})
# Two steps one message may report together, the second as the reader's runner-up.
_PAIRED = frozenset({("mitigation", "recovery"), ("mitigation_failed", "decision"), ("detection_alert", "page")})
PAIRED_CONFIDENCE = 0.3
# A stated end of impact is the recovery; stated starts, changes, triggers and detections ("the first ticket came in at
# 11:24") are told in retrospect, so they count even before anything else has shown the incident under way.
_STATED_AS = {"impact_end": "recovery"}
_RETROSPECTIVE = frozenset({"impact_start", "change", "trigger", *DETECTION_KINDS})
_CAUSES = frozenset({"change", "trigger"})
_IMPACT_ENDS = frozenset({"mitigation", "recovery", "resolution"})
# A message that says the problem goes on (a failed attempt, a new alert or report) tells no end of impact: a time in
# it read as one is the moment something was still failing ("events at 09:45 and 09:46 were rejected as well").
STILL_BROKEN = frozenset({"mitigation_failed", "detection_alert", "detection_report"})
_STATED_ENDS = frozenset({"mitigation", "recovery", "impact_end"})
UNSTATED_TIME_WEIGHT = 0.5  # a message read as the impact start but stating no time dates it only by when it was said
# A recovery or acknowledgement this sure (a reading of 0.8 dated when it was said, or a stated time as sure) makes a
# less sure one before it doubtful: a partial improvement, a remark. Chosen on the corpus drafts: 0.35-0.45 all gain
# for recoveries, 0.40 is the middle; an acknowledgement only gives way to a sure one that follows within the half
# hour a response is looked for in (metrics.RESPONSE_WINDOW; 10 to 60 minutes all gain).
SURE_READING = 0.4
_SURE_LATER: dict[str, timedelta | None] = {"recovery": None, "acknowledgement": RESPONSE_WINDOW}
_ONCE = frozenset({"acknowledgement"})  # only the first human acknowledgement matters for the metrics
# A repeat of an event already on the timeline is dropped, unless the incident changed phase in between:
# an alert that fires again after a recovery is news, and so is a recovery after a new failure.
_RELAPSE = frozenset({"detection_alert", "mitigation_failed"})
_RELIEF = frozenset({"recovery", "mitigation"})
MAX_REPEATS = 3  # a flapping alert or a chat loop must not flood the timeline
# The metrics' anchors: impact start, detection, acknowledgement, mitigation, recovery, resolution.
WANTED_TIMED_EVENTS = 6
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
    confidence: float = 1.0  # how sure the reader is of the kind (and, for a stated time, of what it dates)
    author: str | None = None  # who wrote it: two people's changes are two changes, whatever their roles
    stated: bool = False  # placed at a time the message states, not at the time it was said


class KeyTimeline(NamedTuple):
    events: list[TimelineEvent]
    folded: int  # events left out to keep the timeline to key events (key_events.MAX_TIMELINE_EVENTS)
    metrics: Metrics  # measured on every event before the fold, so folding can move no number


def classify_events(
    messages: list[Message], roles: list[RoleAssignment], *, incident_date: date | None = None,
    zone: tzinfo | None = None,
) -> list[TimelineEvent]:
    """Key events in time order (source order where times are missing or cannot be compared). `zone` is the zone
    the message clocks were written in, when known: times stated in the text are read on that clock."""
    return key_timeline(messages, roles, incident_date=incident_date, zone=zone).events


def key_timeline(
    messages: list[Message], roles: list[RoleAssignment], *, incident_date: date | None = None,
    zone: tzinfo | None = None, readings: list[Reading] | None = None, opens_under_way: bool = False,
) -> KeyTimeline:
    """`classify_events`, with how many events were folded away to stay within the cap. `readings` are the
    messages' kinds (agent.reading.read_messages); they are read here when not given. `opens_under_way`: the
    transcript was written while the incident ran (a live state document), so its first entries may already be
    mitigations or recoveries.

    The reader's least confidence was chosen on chats, where most messages are talk. A written timeline or a short
    log has few messages and nearly every one matters: when the confident readings give fewer timed events than
    the metrics have anchors, the timed messages the reader was less sure of are read by their likeliest timeline
    kind too, surest first, until there are that many."""
    if incident_date is None:
        incident_date = next((m.time.date() for m in messages if m.time is not None), None)
    if readings is None:
        readings = read_messages(messages)
    timeline = _timeline(messages, roles, incident_date, zone, readings, opens_under_way)
    missing = WANTED_TIMED_EVENTS - sum(1 for event in timeline.events if event.time is not None)
    if missing > 0:
        doubtful = sorted((i for i, (message, reading) in enumerate(zip(messages, readings, strict=True))
                           if message.time is not None and message.kind != "system" and _doubtful(reading)),
                          key=lambda i: -readings[i].timeline_confidence)
        if doubtful:
            relaxed = list(readings)
            for i in doubtful[:missing]:
                relaxed[i] = replace(readings[i], kind=readings[i].timeline_kind,
                                     confidence=readings[i].timeline_confidence)
            timeline = _timeline(messages, roles, incident_date, zone, relaxed, opens_under_way)
    return timeline


def _doubtful(reading: Reading) -> bool:
    """Read as chatter, but not surely: the model's best guess was another kind below the least confidence, or
    chatter itself was less likely than not."""
    return reading.kind == "chatter" and (reading.runner_up != "chatter" or reading.confidence < 0.5)


def _timeline(messages: list[Message], roles: list[RoleAssignment], incident_date: date | None, zone: tzinfo | None,
              readings: list[Reading], opens_under_way: bool) -> KeyTimeline:
    actors = role_map(roles)
    found: list[_Found] = []
    resolved = attempted = False
    under_way = opens_under_way
    for message, reading in in_order_of_events(messages, readings):
        if message.kind == "system" and not reading.by_rule:
            continue  # joins, topic changes, meeting notices
        system = is_system(message)
        text = message.text if system else event_text(message.text)
        kinds = _phase_kinds(_read_kinds(reading), attempted=attempted, under_way=under_way, resolved=resolved)
        stated = [] if system else stated_times(text, message.time, incident_date, _clock(message, zone))
        if "impact_start" in kinds:
            stated = _dating_the_start(stated)
        stated = _ending_after_the_start(stated)
        if not kinds and not stated:
            continue
        actor = system_name(message.author) if system else actors.get((message.author or "").strip())
        hypothesis = not system and (reading.kind == "hypothesis" or is_hypothesis(text))
        signal = next((kind for kind in kinds if kind in DETECTION_KINDS), "detection_report")
        said_when = {_stated_as(item.kind, signal): item for item in stated}
        for item in stated:  # "it started at 02:10", "fixed since 21:06": placed at the time stated
            kind = _stated_as(item.kind, signal)
            if resolved and kind not in STATED_AFTER_RESOLUTION:
                continue
            # A stated time adds an event of its own only for what people tell in retrospect (a start, an end, the
            # change or trigger behind it); a stated mitigation only dates a message read as one.
            if (_is_timeline_kind(kind) and kind not in kinds
                    and (kind in _RETROSPECTIVE or (under_way and kind == "recovery" and reading.kind not in STILL_BROKEN))):
                found.append(_Found(text, kind, item.time, actor, hypothesis, [message.line], position=item.position,
                                    confidence=item.confidence, author=message.author, stated=True))
        told_at = dict(zip(reading.also, reading.also_at, strict=True))  # the line or sentence reporting each kind
        for kind in kinds:
            said = said_when.get(kind)
            found.append(_Found(text, kind, said.time if said else message.time, actor, hypothesis, [message.line],
                                kind == "mitigation", position=said.position if said else told_at.get(kind),
                                confidence=reading.confidence * (said.confidence if said else UNSTATED_TIME_WEIGHT),
                                author=message.author, stated=said is not None))
            attempted = attempted or kind in ("decision", "mitigation", "mitigation_failed")
            resolved = resolved or kind == "resolution"
        statement = any(item.kind == "impact_start" for item in stated)
        under_way = under_way or statement or any(kind in UNDER_WAY for kind in kinds)
    namer = RoleNamer(actors)
    tidy = _tidy(found)
    metrics = compute_metrics(_measurable(tidy))
    key = key_events(tidy, measured=_measured(tidy, metrics))
    # A remark that judges a person is no event at all, not even with its name or wording replaced: it would
    # still stand in the narrative as what happened (a "mitigation"). Drop it and choose the key events again.
    while blameful := {id(item) for item in key if judges_a_person(_summary(item), namer.people, message=item.text)}:
        tidy = [item for item in tidy if id(item) not in blameful]
        metrics = compute_metrics(_measurable(tidy))
        key = key_events(tidy, measured=_measured(tidy, metrics))
    return KeyTimeline(_in_time_order([_written(item, namer) for item in key]), len(tidy) - len(key), metrics)


def _stated_as(stated_kind: str, signal: str) -> str:
    """The timeline kind a stated time dates: a stated end of impact is the recovery; a stated detection is the
    signal the message itself reports (an alert, a page), else a report."""
    if stated_kind == "detection":
        return signal
    return _STATED_AS.get(stated_kind, stated_kind)


def _dating_the_start(stated: list[StatedTime]) -> list[StatedTime]:
    """A message read as telling when impact began ("the graph says it started around 2:05") whose times the
    stated-time model read only as a change or trigger: the first of those is the start it tells. The two readings
    are evidence about one sentence; the stated model alone confuses a start with its cause."""
    if any(item.kind == "impact_start" for item in stated):
        return stated
    first = next((i for i, item in enumerate(stated) if item.kind in _CAUSES), None)
    if first is None:
        return stated
    return [replace(item, kind="impact_start") if i == first else item for i, item in enumerate(stated)]


def _ending_after_the_start(stated: list[StatedTime]) -> list[StatedTime]:
    """A message that tells when the impact began ("impact window 19:05-19:26 (first errors at 19:05)") cannot also
    tell that it ended or was mitigated at or before that moment: of two such readings the surer stands ("from 17:30
    to 20:24", its 20:24 read surely as the end and doubtfully as a second start, keeps its end)."""
    starts = [item for item in stated if item.kind == "impact_start"]
    return [item for item in stated if item.kind not in _STATED_ENDS or not any(
        (start.time.tzinfo is None) == (item.time.tzinfo is None) and item.time <= start.time
        and start.confidence >= item.confidence for start in starts)]


def _clock(message: Message, zone: tzinfo | None) -> tzinfo | None:
    """The clock a message's stated times are on: the one its own time was written on (a log typed in one zone
    with lines pasted from another has no single clock), else the transcript's."""
    return (zone_from_token(message.clock_zone) if message.clock_zone else None) or zone


def _read_kinds(reading: Reading) -> list[EventKind]:
    """The timeline kinds a reading reports: its kind, and the runner-up when the message plainly reports two
    steps at once ("rolled back, errors dropping"; "restart didn't help, failing over")."""
    kinds: list[EventKind] = [reading.kind] if _is_timeline_kind(reading.kind) else []
    if (kinds and (reading.kind, reading.runner_up) in _PAIRED and reading.runner_up_confidence >= PAIRED_CONFIDENCE
            and _is_timeline_kind(reading.runner_up)):
        kinds.append(reading.runner_up)
    kinds += [kind for kind in reading.also if _is_timeline_kind(kind) and kind not in kinds]
    return kinds


def _is_timeline_kind(kind: str | None) -> TypeGuard[EventKind]:
    """Readings also name kinds that are no timeline event (an action item, a cause statement)."""
    return kind in TIMELINE_KINDS


def _phase_kinds(kinds: list[EventKind], *, attempted: bool, under_way: bool, resolved: bool) -> list[EventKind]:
    """What the phase of the incident allows: before anything has gone wrong, an action on a system is a change
    and nothing can recover or fail to help; a failed mitigation needs an attempt before it; once resolved, the
    channel turns to notes, and only statements of impact and communications still count."""
    phased: list[EventKind] = []
    for kind in kinds:
        if resolved and kind not in AFTER_RESOLUTION:
            continue
        if not under_way and kind == "mitigation":
            kind = "change"
        if not under_way and kind in _NEED_INCIDENT:
            continue
        if kind == "mitigation_failed" and not attempted:
            continue
        phased.append(kind)
    return phased


def _summary(item: _Found) -> str:
    return sentence_at(item.text, item.position) if item.position is not None else first_sentence(item.text)


def _measurable(items: Sequence[_Found]) -> list[TimelineEvent]:
    """What the metrics read of these events (kind, time, certainty, lines), before any is written up or folded."""
    return [TimelineEvent(time=item.time, kind=item.kind, event=item.text, source_lines=item.lines,
                          certainty="hypothesis" if item.hypothesis else "fact") for item in items]


def _measured(items: Sequence[_Found], metrics: Metrics) -> set[int]:
    """The events at the metrics' moments, and the relapse that left the end of impact unknown: a folded timeline
    still shows what each number was measured from, and why one is missing."""
    moments = {getattr(metrics, name) for name in _MOMENTS} - {None}
    relapse = relapse_after_recovery(items)
    return {i for i, item in enumerate(items) if (item.time in moments and item.kind in _MOMENT_KINDS) or i == relapse}


def _written(item: _Found, namer: RoleNamer) -> TimelineEvent:
    return TimelineEvent(
        time=item.time,
        kind=item.kind,
        event=capitalise(namer.replace(_summary(item))),
        actor=item.actor,
        source_lines=item.lines,
        certainty="hypothesis" if item.hypothesis else "fact",
        decision_point=item.kind == "decision",
    )


def _tidy(found: list[_Found]) -> list[_Found]:
    """Fold follow-on messages into the event they belong to and drop repeats."""
    # Only the first acknowledgement survives the fold, so a doubtful one gives way before it; a doubtful recovery
    # gives way after it, having still bounded the impact start (impact began before anything improved).
    found = _without_doubtful_before_sure(found, "acknowledgement")
    chosen_start = _impact_start(found)
    kept: list[_Found] = []
    seen: dict[str, set[str]] = {}
    times_kept: dict[tuple[str, str], int] = {}
    opened = False  # an acknowledgement before anything has gone wrong acknowledged nothing: a later one still counts
    for index, item in enumerate(found):
        if item.kind == "impact_start" and index != chosen_start:
            continue  # a later statement corrects an earlier one
        if item.kind == "mitigation_failed" and kept and kept[-1].tentative:
            # "rollback done" followed by "still failing" is one failed attempt, not a mitigation.
            item.lines = [*kept.pop().lines, *item.lines]
        elif kept and _same_change(kept[-1], item):
            kept[-1].lines.extend(item.lines)  # sorted once below: sorting at every fold is quadratic in repeats
            continue
        key = "" if item.kind in _ONCE else _DIGITS.sub("#", item.text.lower())
        if key in seen.setdefault(item.kind, set()) or times_kept.get((item.kind, key), 0) >= MAX_REPEATS:
            continue
        if opened or item.kind not in _ONCE:
            seen[item.kind].add(key)
        opened = opened or (item.kind in UNDER_WAY and item.kind not in _ONCE)
        times_kept[(item.kind, key)] = times_kept.get((item.kind, key), 0) + 1
        for kind in _RELAPSE if item.kind in _RELIEF else _RELIEF if item.kind in _RELAPSE else ():
            seen.pop(kind, None)
        kept.append(item)
    for item in kept:
        item.lines = sorted(set(item.lines))
    return _without_doubtful_before_sure(kept, "recovery")


def _without_doubtful_before_sure(found: list[_Found], kind: str) -> list[_Found]:
    """A recovery the reader doubts, before one it is sure of, is a sign of improvement ("queue draining", "lag 1.6M
    and falling"), not the end of impact: the surer, later report is. Likewise a doubtful acknowledgement ("yes",
    "flappy flappy") shortly before a sure one ("looking"): the sure one is who took it. Measured on the corpus
    drafts (evals/training/draft_study.py): recovery right within 2 minutes 0.49 -> 0.54, acknowledgement 0.79 ->
    0.80."""
    within = _SURE_LATER[kind]
    # the sure readings' times, apart by whether they know their zone (the two cannot be compared), in order
    sure: dict[bool, list[datetime]] = {True: [], False: []}
    for item in found:
        if item.kind == kind and item.time is not None and item.confidence >= SURE_READING:
            sure[item.time.tzinfo is not None].append(item.time)
    for times in sure.values():
        times.sort()
    return [item for item in found if not (
        item.kind == kind and item.time is not None and item.confidence < SURE_READING
        and _sure_one_after(item.time, sure[item.time.tzinfo is not None], within))]


def _sure_one_after(moment: datetime, sure: list[datetime], within: timedelta | None) -> bool:
    """Whether a sure reading comes after `moment` (within `within`, if given): the first one after it decides."""
    after = bisect_right(sure, moment)
    return after < len(sure) and (within is None or sure[after] - moment <= within)


def _impact_start(found: list[_Found]) -> int | None:
    """Which statement of the impact start to keep: the one the reader is surest of, among those before the first
    mitigation, recovery or resolution reported as it happened (impact cannot begin after it was being fixed); a
    later one wins a tie. An end or a detection dated by a time stated inside a message bounds nothing: those are
    the stated-time model's least sure readings ("rescheduled to 13:00" read as a past mitigation), and one
    misplaced early would rule out every true start (measured on the corpus drafts, evals/training/draft_study.py)."""
    ends = [item.time for item in found if item.kind in _IMPACT_ENDS and item.time is not None and not item.stated]
    first_end = min(ends, key=_sortable, default=None)
    detections = [item.time for item in found if item.kind in DETECTION_KINDS and item.time is not None and not item.stated]
    first_detection = min(detections, key=_sortable, default=None)
    # A start that states no time is dated when it was said; said after the first detection, that date is a
    # retelling, not the start, and the detection stands in for it instead.
    candidates = [i for i, item in enumerate(found) if item.kind == "impact_start"
                  and (first_end is None or item.time is None or _before(item.time, first_end))
                  and (item.stated or first_detection is None or item.time is None
                       or not _before(first_detection, item.time))]
    return max(candidates, key=lambda i: (found[i].confidence, i), default=None)


def _before(moment: datetime, limit: datetime) -> bool:
    if (moment.tzinfo is None) != (limit.tzinfo is None):
        return True  # cannot compare: keep the statement
    return moment < limit


def _sortable(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None) if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)


def _same_change(previous: _Found, event: _Found) -> bool:
    if not (previous.kind == event.kind == "change" and previous.author == event.author):
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
