"""Moments of the incident said in plain answers ("it started at 19:42 when Sentinel promoted cache-2; the alert
fired at 19:49") as timeline events.

An answer is kept as said (kind, line, the clock as written) and placed on the timeline only when the document is
built, with the date and zone known by then: a date or zone given later re-reads every earlier answer. Each
question asks for one moment or a pair ("what worked, and when were users fine again?"): the times in the answer
date those moments in order. A further time is not guessed at: the message reader (agent.reading) is trained on
incident chat, and on a clause cut from an answer it is wrong too often to date an event with.
"""

import re
from datetime import UTC, date, datetime, time, tzinfo
from itertools import pairwise

from pydantic import BaseModel

from agent.facilitation.fields import Line
from agent.facts.phrasing import capitalise, shorten
from agent.models import TimelineEvent
from agent.models.timeline import EventKind


class Moment(BaseModel):
    kind: EventKind
    line: int
    text: str
    hour: int
    minute: int
    meridiem: str | None = None
    zone: str | None = None  # the zone written next to the time ("3am CET"), when one was
    twenty_four: bool = False  # written with a leading zero or seconds ("01:30"): never the afternoon


# A question about one moment also asks for the ones after it; a further time dates one of those only when its
# clause names it (data/answer_cues.yaml, moment_cues).
FOLLOWS: dict[str, tuple[EventKind, ...]] = {"impact_start": ("detection_alert", "acknowledgement"),
                                             "mitigation": ("recovery", "resolution")}
_LATE_KINDS = frozenset({"mitigation", "recovery", "resolution"})
_BOUNDARY = re.compile(r"[,;]\s*(?:and\s+)?|\s+and\s+|\.\s+")
_SPOKEN_ZONE = re.compile(r"^\s*(?:\(|(?:my|our|local)\s+time,?\s*)?"
                          r"(utc|gmt|cet|cest|eet|eest|bst|wet|west|est|edt|cst|cdt|mst|mdt|pst|pdt|ist|jst|aest)\b", re.I)


def said_moments(lines: list[Line], asked: EventKind | None) -> list[Moment]:
    """The moments an answer states, in the order the question asked for them; none when it asked for none."""
    from agent.facilitation.cues import corrects, names_moment, restates
    from agent.reading.stated import clock_mentions

    if asked is None:
        return []
    later = list(FOLLOWS.get(asked, ()))
    found: list[Moment] = []
    for number, text in lines:
        mentions = clock_mentions(text)
        used = None  # the index of the mention that dated the last moment found in this line
        for index, mention in enumerate(mentions):
            before = text[mentions[index - 1].end:mention.start] if index else ""
            clause = _clause(text, mention.start, mention.end,
                             mentions[index - 1].end if index else 0,
                             mentions[index + 1].start if index + 1 < len(mentions) else len(text))
            if used is not None and (restates(before) or (used == index - 1 and len(before) <= 120 and corrects(before))):
                # the same moment on another clock, or taken back: the later reading wins ("10:07. Actually no, …
                # 09:11 UTC, so 10:11 our time"); a correction is quoted as corrected. A restatement may follow
                # times that dated nothing ("2:30 Berlin time. Well, the second 2:30. That's 01:30 UTC").
                update = {"hour": mention.hour, "minute": mention.minute, "meridiem": mention.meridiem,
                          "zone": _said_zone(text, mention), "twenty_four": mention.twenty_four}
                if not restates(before):
                    update["text"] = capitalise(shorten(clause)) or text
                found[-1] = found[-1].model_copy(update=update)
                used = index
                continue
            kind = asked if not found else next((k for k in later if names_moment(k, clause)), None)
            if kind is None:
                continue  # a later time whose clause does not say what it dates is not guessed at
            if found:
                later.remove(kind)
            found.append(Moment(kind=kind, line=number, text=capitalise(shorten(clause)) or text,
                                hour=mention.hour, minute=mention.minute, meridiem=mention.meridiem,
                                zone=_said_zone(text, mention), twenty_four=mention.twenty_four))
            used = index
    return found


def _said_zone(text: str, mention) -> str | None:
    from agent.transcript.zones import zone_from_token

    zone = mention.zone
    if zone is None and (spoken := _SPOKEN_ZONE.match(text[mention.end:])) is not None:
        zone = zone_from_token(spoken.group(1).upper())
    return _zone_name(zone)


def clock_offset(lines: list[Line]) -> str | None:
    """The zone of the clock people use, when an answer restates a zoned time on it ("the alert says 09:07 UTC,
    which is 10:07 for us" -> UTC+01:00); None when no answer does."""
    from datetime import timedelta, timezone

    from agent.facilitation.cues import restates
    from agent.reading.stated import clock_mentions

    for _, text in lines:
        mentions = clock_mentions(text)
        for first, second in pairwise(mentions):
            if first.zone is None or second.zone is not None or not restates(text[first.end:second.start]):
                continue
            said = datetime(2000, 1, 2, first.hour, first.minute, tzinfo=first.zone).astimezone(UTC)
            minutes = round(((second.hour * 60 + second.minute) - (said.hour * 60 + said.minute)) / 15) * 15
            minutes = (minutes + 12 * 60) % (24 * 60) - 12 * 60  # across midnight: the offset nearest zero
            return _zone_name(timezone(timedelta(minutes=minutes)))
    return None


def _clause(text: str, start: int, end: int, floor: int, ceiling: int) -> str:
    """The part of a sentence a time sits in: from the comma, 'and' or stop before it to the one after it."""
    cuts = [m.span() for m in _BOUNDARY.finditer(text)]
    left = max([b for a, b in cuts if floor <= a and b <= start] or [floor])
    right = min([a for a, b in cuts if a >= end and b <= ceiling] or [ceiling])
    return text[left:right].strip(" ,;.")


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
    elif 1 <= moment.hour < 12 and not moment.twenty_four:
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
        inside = [c for c in candidates if min(anchors) <= c <= max(anchors)]
        if len(inside) > 1:  # both readings fall among the known events: early moments early, late ones late
            return inside[-1] if moment.kind in _LATE_KINDS else inside[0]
        return min(candidates, key=lambda c: min(abs(c - a) for a in anchors))
    return candidates[0]


def _on_clock(local: datetime, clock: tzinfo | None, aware: bool) -> datetime:
    if not aware:
        return local
    return local.replace(tzinfo=clock or UTC).astimezone(UTC)
