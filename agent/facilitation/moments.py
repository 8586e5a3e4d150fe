"""Moments of the incident said in plain answers ("it started at 19:42 when Sentinel promoted cache-2; the alert
fired at 19:49") as timeline events.

An answer is kept as said (kind, line, the clock as written) and placed on the timeline only when the document is
built, with the date and zone known by then: a date or zone given later re-reads every earlier answer. The first
time in an answer dates what the question asked about; other times are dated by the incident-channel classifier
and the stated-time reader (agent.reading.stated), the same readers the draft uses.
"""

from datetime import date, datetime, time, timezone, tzinfo

from pydantic import BaseModel

from agent.facilitation.fields import Line
from agent.facts.phrasing import capitalise, shorten
from agent.models import Message, TimelineEvent
from agent.models.timeline import EventKind

_STATED_KINDS: dict[str, EventKind] = {
    "impact_start": "impact_start", "impact_end": "recovery", "change": "change", "trigger": "trigger",
    "mitigation": "mitigation", "recovery": "recovery",
}


class Moment(BaseModel):
    kind: EventKind
    line: int
    text: str
    hour: int
    minute: int
    meridiem: str | None = None
    zone: str | None = None  # the zone written next to the time ("3am CET"), when one was


def said_moments(lines: list[Line], asked: EventKind | None) -> list[Moment]:
    """The moments an answer states; the first dates `asked`."""
    from agent.reading.stated import clock_mentions

    found: list[Moment] = []
    for number, text in lines:
        mentions = clock_mentions(text)
        for index, mention in enumerate(mentions):
            start = mentions[index - 1].end if index else 0
            end = mentions[index + 1].start if index + 1 < len(mentions) else len(text)
            clause = text[start:end].strip(" ,;.")
            kind = asked if asked is not None and not found else _kind_of(clause, text, mention)
            if kind is None:
                continue
            zone = _zone_name(mention.zone)
            found.append(Moment(kind=kind, line=number, text=capitalise(shorten(clause)) or text, hour=mention.hour,
                                minute=mention.minute, meridiem=mention.meridiem, zone=zone))
    return found


def _kind_of(clause: str, text: str, mention) -> EventKind | None:
    from agent.facts import classify_events
    from agent.reading.stated import stated_times

    moment = datetime(2000, 1, 1, mention.hour % 24, mention.minute)
    events = classify_events([Message(line=1, end_line=1, time=moment, author="responder", text=clause)], [])
    kinds = [e.kind for e in events if e.kind != "communication"]
    if kinds:
        return kinds[0]
    for stated in stated_times(text, None, date(2000, 1, 1), None):
        if stated.position == mention.end:
            return _STATED_KINDS.get(stated.kind)
    return None


def _zone_name(zone: tzinfo | None) -> str | None:
    if zone is None:
        return None
    from agent.transcript.zones import zone_label

    return zone_label(zone)


def placed_events(moments: list[Moment], *, day: date, zone: str | None, aware: bool,
                  near: list[datetime]) -> list[TimelineEvent]:
    """Timeline events for the moments on `day`, on the incident's clock (`zone`); aware UTC when the rest of the
    timeline is. A time without am/pm is read as the reading nearest the other events."""
    from agent.transcript.zones import zone_from_token

    clock = zone_from_token(zone) if zone else None
    events = []
    for moment in moments:
        local = _local(moment, day, clock, near)
        at = _on_clock(local, clock, aware)
        events.append(TimelineEvent(time=at, kind=moment.kind, event=moment.text, actor=None,
                                    source_lines=[moment.line], certainty="fact", decision_point=moment.kind == "decision"))
    return events


def _local(moment: Moment, day: date, clock: tzinfo | None, near: list[datetime]) -> datetime:
    """The moment as a naive reading of the incident's clock."""
    from agent.transcript.zones import zone_from_token

    if moment.meridiem:
        hours = [moment.hour % 12 + (12 if moment.meridiem == "p" else 0)]
    elif 1 <= moment.hour < 12:
        hours = [moment.hour, moment.hour + 12]
    else:
        hours = [moment.hour % 24]
    said_zone = zone_from_token(moment.zone) if moment.zone else None
    candidates = []
    for hour in hours:
        reading = datetime.combine(day, time(hour, moment.minute))
        if said_zone is not None and clock is not None:
            reading = reading.replace(tzinfo=said_zone).astimezone(clock).replace(tzinfo=None)
        candidates.append(reading)
    if near and len(candidates) > 1:
        anchors = [n.replace(tzinfo=None) for n in near]
        return min(candidates, key=lambda c: min(abs(c - a) for a in anchors))
    return candidates[0]


def _on_clock(local: datetime, clock: tzinfo | None, aware: bool) -> datetime:
    if not aware:
        return local
    return local.replace(tzinfo=clock or timezone.utc).astimezone(timezone.utc)
