"""Facts for a facilitated review: what code extracts from pasted logs, merged with what people typed."""

import re
from datetime import UTC, date, datetime

from agent.facilitation.intake import Intake
from agent.facilitation.moments import placed_events
from agent.facilitation.people import looks_like_person
from agent.facilitation.record import pasted_transcript
from agent.facilitation.state import FacilitationState
from agent.facilitation.timeline import typed_events
from agent.models import ActionItem, Facts, Message, Observation, RoleAssignment, TimelineEvent


def merged_facts(state: FacilitationState, intake: Intake, *, today: date) -> Facts:
    """Pasted logs go through the draft's extractor; typed timeline lines, figures, severity, roles and actions
    join them. Metrics are computed by code from the merged timeline."""
    from agent.facts import compute_metrics, extract_facts, extract_impact
    from agent.facts.services import mentioned_services

    stamped_day = None if intake.incident_date else _stamped_day(state, intake.timezone)
    if stamped_day is not None:  # the day a pasted alert stamps, when nobody said one: the log's own date
        intake = intake.model_copy(update={"incident_date": stamped_day})
    pasted = pasted_transcript(state, today=today, anchor_date=intake.incident_date, tz=intake.timezone)
    base = extract_facts(pasted, today=today) if pasted is not None else Facts()
    if pasted is not None:
        base.timeline = _dated_by_stamps(base.timeline, pasted.messages, intake.timezone)
    notes: list[str] = []
    typed, zone = typed_events(intake.timeline_lines, anchor=intake.incident_date or base.incident_date,
                               zone=intake.timezone, today=today, notes=notes)
    zone = intake.timezone or base.timezone or zone or next((m.zone for m in intake.moments if m.zone), None)
    day = intake.incident_date or base.incident_date or next((e.time.date() for e in typed if e.time), None)
    timed = [e.time for e in base.timeline + typed if e.time is not None]
    said = placed_events(intake.moments, day=day or state.started, zone=zone,
                         aware=any(t.tzinfo is not None for t in timed), near=timed)
    said = [e for e in said if not _logged(e, base.timeline)]
    timeline = _on_clock(sorted(_superseded(base.timeline, said) + typed + said, key=_when), intake.timezone)
    headline = [Message(line=0, end_line=0, text=intake.headline)] if intake.headline else []
    impact = _impact(base, extract_impact(intake.impact_messages + headline), intake)
    actions = [_updated(item, intake.action_updates)
               for item in _merged_actions(base.action_items, intake.actions, intake.parked)]
    mentioned = [Message(line=0, end_line=0, text=intake.headline or ""), *intake.impact_messages]
    mentioned += [Message(line=n, end_line=n, text=t) for n, t in intake.timeline_lines]
    first_typed = next((e.time.date() for e in typed if e.time is not None), None)
    return base.model_copy(update={
        "incident_date": intake.incident_date or base.incident_date or first_typed or (day if said else None),
        "date_known": intake.incident_date is not None or any(p.date_known for p in state.pastes) or (
            bool(typed) and not said),
        "timezone": zone,
        "timeline": timeline,
        "metrics": compute_metrics(timeline),
        "impact": impact,
        "severity": intake.severity or base.severity,
        "action_items": actions,
        "went_well": base.went_well + intake.went_well + _probed(intake, ("probe_fix",)),
        "went_poorly": base.went_poorly + intake.went_poorly + _probed(intake, ("probe_failed", "probe_escalation",
                                                                                "probe_silence")),
        "lucky": base.lucky + intake.lucky,
        "services": list(dict.fromkeys(base.services + mentioned_services(mentioned))),
        "roles": _roles(intake, base, actions),
        "warnings": _still_true(base.warnings + [w for p in state.pastes for w in p.warnings], timeline, actions,
                                dated=intake.incident_date is not None) + notes,
    })


# A full date and time with its zone, as alert and pager blocks stamp their lines ("Triggered: 2024-11-14 09:07:12 UTC").
_STAMP = re.compile(r"\b(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s*(UTC|GMT|Z|[+-]\d{2}:?\d{2})\b")


def _dated_by_stamps(timeline: list[TimelineEvent], messages: list[Message], zone: str | None) -> list[TimelineEvent]:
    """Pasted events without a time whose own line carries a full zoned stamp, placed on the incident's clock once
    that clock is known (the chat's times then compare with the stamp): the page and the acknowledgement of an
    alert block pasted into a chat with bare times."""
    from agent.transcript.zones import zone_from_token

    clock = zone_from_token(zone) if zone else None
    timed = [e.time for e in timeline if e.time is not None]
    aware = bool(timed) and timed[0].tzinfo is not None
    if clock is None and not aware:
        return timeline
    said = {m.line: m.text for m in messages}
    dated = []
    for event in timeline:
        moment = stamp_of(said.get(event.source_lines[0], "")) if event.time is None and event.source_lines else None
        if moment is not None:
            at = moment.astimezone(UTC) if aware else moment.astimezone(clock).replace(tzinfo=None)
            event = event.model_copy(update={"time": at})
        dated.append(event)
    return dated


def _stamped_day(state: FacilitationState, zone: str | None) -> date | None:
    """The day of the first full stamp in the pasted lines, on the people's clock when it is known."""
    from agent.transcript.zones import zone_from_token

    clock = zone_from_token(zone) if zone else None
    for message in state.record:
        if (message.source or "").startswith("paste:") and (moment := stamp_of(message.text)) is not None:
            return (moment.astimezone(clock) if clock is not None else moment).date()
    return None


def stamp_of(text: str) -> datetime | None:
    """The full zoned date and time a line is stamped with, as an aware datetime."""
    stamp = _STAMP.search(text)
    if stamp is None:
        return None
    offset = "+00:00" if stamp.group(3) in ("UTC", "GMT", "Z") else stamp.group(3)
    if len(offset) == 5:  # "+0100"
        offset = f"{offset[:3]}:{offset[3:]}"
    try:
        return datetime.fromisoformat(f"{stamp.group(1)}T{stamp.group(2).zfill(5)}{offset}")
    except ValueError:
        return None


# A kind the metrics read once: a said moment of the same kind replaces what the log reading chose.
_SINGLE_KINDS = frozenset({"impact_start", "recovery", "resolution"})


def _superseded(pasted: list[TimelineEvent], said: list[TimelineEvent]) -> list[TimelineEvent]:
    """The log's events, less those of a once-only kind the people in the review dated themselves."""
    dated = {e.kind for e in said if e.kind in _SINGLE_KINDS}
    return [e for e in pasted if e.kind not in dated]


def _on_clock(timeline: list[TimelineEvent], zone: str | None) -> list[TimelineEvent]:
    """With the people's clock known, the document tells time on it, as they do in their answers ("resolved at
    12:35"): UTC readings of the log move to that clock, so the words and the metrics agree."""
    from agent.transcript.zones import zone_from_token

    clock = zone_from_token(zone) if zone else None
    if clock is None:
        return timeline
    return [e.model_copy(update={"time": e.time.astimezone(clock).replace(tzinfo=None)})
            if e.time is not None and e.time.tzinfo is not None else e for e in timeline]


SAME_MOMENT_MINUTES = 2  # a said time this close to a logged event of the same kind retells that event


def _logged(said: TimelineEvent, pasted: list[TimelineEvent]) -> bool:
    """The log already has this moment (the answer retells the acknowledgement the alert block stamps): the log's
    line, with its evidence, stays; the retelling adds no second row."""
    return said.time is not None and any(
        e.kind == said.kind and e.time is not None and (e.time.tzinfo is None) == (said.time.tzinfo is None)
        and abs((e.time - said.time).total_seconds()) <= SAME_MOMENT_MINUTES * 60 for e in pasted)


_PROBE_LEADS = {
    "probe_fix": "How the fix was found: ", "probe_failed": "Why the first attempt was the obvious move: ",
    "probe_escalation": "Why escalation waited: ", "probe_silence": "During the quiet minutes: ",
}


def _probed(intake: Intake, kinds: tuple[str, ...]) -> list[Observation]:
    """Answers to the expert probes, kept where a reader looks for them."""
    return [Observation(text=_PROBE_LEADS[kind] + text[:1].lower() + text[1:], source_lines=[line])
            for kind, text, line in intake.probes if kind in kinds and text]


def _still_true(warnings: list[str], timeline: list[TimelineEvent], actions: list[ActionItem], *,
                dated: bool) -> list[str]:
    """The log reading's notes that the review has not since settled: a start someone dated, owners given later, a
    day said or stamped since."""
    kept = []
    for warning in dict.fromkeys(warnings):
        if dated and warning.startswith("date unknown"):
            continue
        if warning.startswith("impact start was not stated") and any(e.kind == "impact_start" for e in timeline):
            continue
        if re.match(r"\d+ action item\(s\) have no owner", warning):
            unowned = [item for item in actions if item.owner is None]
            if not unowned:
                continue
            lines = ", ".join(str(item.source_lines[0]) for item in unowned if item.source_lines)
            warning = f"{len(unowned)} action item(s) have no owner (line {lines})"
        kept.append(warning)
    return kept


def _when(event: TimelineEvent) -> tuple[bool, datetime]:
    """Events without a time go last; aware and naive times sort together on their clock reading."""
    moment = event.time.replace(tzinfo=None) if event.time is not None else datetime.max
    return event.time is None, moment


def _impact(base: Facts, typed, intake: Intake):
    known = {(f.value, f.unit) for f in base.impact.figures}
    figures = base.impact.figures + [f for f in typed.figures if (f.value, f.unit) not in known]
    return base.impact.model_copy(update={
        "figures": figures,
        "customer": base.impact.customer or typed.customer,
        "business": base.impact.business or typed.business,
        "how_we_know": intake.how_we_know or base.impact.how_we_know or typed.how_we_know,
    })


_WORD = re.compile(r"[a-z][a-z0-9-]{2,}")
SAME_ACTION = 0.5  # share of the shorter action's words two actions must share to be the same follow-up


def _merged_actions(logged: list[ActionItem], said: list[ActionItem], parked: list[str]) -> list[ActionItem]:
    """The log's follow-ups with what people said about the same follow-up filled in, then the new ones: an IC who
    retells an action from the log with its owner and date does not create a second row. Once the review has said
    its actions, a follow-up from the chat that it did not take up is parked (added to `parked`), not tracked."""
    merged = list(logged)
    taken: set[int] = set()
    for item in said:
        words = set(_WORD.findall(item.action.lower()))
        match = next((i for i, old in enumerate(merged) if _overlap(words, set(_WORD.findall(old.action.lower())))), None)
        if match is None:
            merged.append(item)
            continue
        taken.add(match)
        old = merged[match]
        filled = {k: v for k, v in item.model_dump(exclude={"action", "source_lines", "type"}).items() if v is not None}
        merged[match] = old.model_copy(update={**filled, "source_lines": old.source_lines + item.source_lines})
    if not said:
        return merged
    parked += [f"From the incident channel, not taken up as an action yet: {old.action}" for i, old in enumerate(logged)
               if i not in taken and old.action not in " ".join(parked)]
    return [item for i, item in enumerate(merged) if i >= len(logged) or i in taken]


def _overlap(first: set[str], second: set[str]) -> bool:
    shorter = min(len(first), len(second))
    return shorter > 0 and len(first & second) / shorter >= SAME_ACTION


def _updated(item: ActionItem, updates: dict[str, dict]) -> ActionItem:
    fields = {name: value for name, value in updates.get(item.action, {}).items() if value}
    return item.model_copy(update=fields) if fields else item


def _roles(intake: Intake, base: Facts, actions: list[ActionItem]) -> list[RoleAssignment]:
    """Stated review roles first, then roles read from pasted chat; a person who owns an action or a trigger but
    holds no role gets a numbered stand-in, so the narrative can refer to them without their name."""
    roles = list(intake.roles)
    roles += [r for r in base.roles if not _known(r.name, roles) and r.role not in {x.role for x in roles}]
    owners = [a.owner for a in actions] + [t.owner for t in intake.triggers] + [intake.review_owner]
    number = 0
    for owner in owners:
        if owner and looks_like_person(owner) and not _known(owner, roles):
            number += 1
            roles.append(RoleAssignment(role=f"owner {number}", name=owner))
    return roles


def _known(name: str | None, roles: list[RoleAssignment]) -> bool:
    if not name:
        return False
    first = name.split()[0].lower()
    return any(name.lower() == r.name.lower() or first == r.name.split()[0].lower() for r in roles if r.name.split())
