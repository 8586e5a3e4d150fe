"""Explicit statements of when impact began ("error graph says it started around 2:05") beat message times."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from agent.facts.cue import Cue

_TIME = (
    r"(?P<hour>[01]?\d|2[0-3])(?:(?::|h)(?P<minute>[0-5]\d)(?::[0-5]\d)?\s*(?P<ampm>[ap]\.?\s?m\b\.?)?"
    r"|\s*(?P<ampm_only>[ap]\.?\s?m\b\.?))(?:\s*(?:utc|gmt|z)\b)?"
)
_APPROX = r"(?:(?:at|around|about|approximately|approx\.?|roughly|~|near|circa|just\s+(?:before|after))\s*)*"
_STATEMENTS = Cue(
    r"(?:\bimpact\s+(?:start(?:ed|s)?|began|begins|beginning)\s*(?:time)?\s*(?:was|is)?\s*[:=]?\s*"
    r"|(?P<subject>(?<![\w'])[\w'’ ,-]{0,60}?)\b(?:started|began|kicked\s+in|start(?:ed)?\s+(?:happening|showing\s+up|failing))"
    r"\s+(?=at|around|about|approximately|roughly|~|near))"
    rf"{_APPROX}{_TIME}",
    ("impact", "start", "began", "kicked"),
)
# The subject must be the impact, not the change or a person's own activity.
_IMPACT_SUBJECT = re.compile(
    r"\b(?:it|errors?|5xx|500s|failures?|failing|impact|outage|problems?|issues?|incident|latency|timeouts?|"
    r"degradation|trouble|spike|alerts?|graph|dashboard|checkouts?|requests?)\b",
    re.IGNORECASE,
)
_NOT_IMPACT = re.compile(
    r"\b(?:deploy\w*|roll\s?out|rollout|migration|roll\s?back|rollback|restart\w*|job|backup|meeting|call|shift|"
    r"release|maintenance|i|we|you|they)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ImpactStartStatement:
    time: datetime
    position: int  # where the stated time sits in the message text


def stated_impact_start(text: str, said_at: datetime | None, incident_date: date | None) -> ImpactStartStatement | None:
    """The impact start `text` states, placed on the clock of the message times (naive stays naive)."""
    for match in _STATEMENTS.finditer(text):
        subject = match.group("subject")
        if subject is not None and (not _IMPACT_SUBJECT.search(subject) or _NOT_IMPACT.search(subject)):
            continue
        stated = _place(match, said_at, incident_date)
        if stated is not None:
            return ImpactStartStatement(time=stated, position=match.end() - 1)
    return None


def _place(match: re.Match[str], said_at: datetime | None, incident_date: date | None) -> datetime | None:
    hour = int(match.group("hour"))
    minute = int(match.group("minute") or 0)
    meridiem = (match.group("ampm") or match.group("ampm_only") or "").lower()[:1]
    if meridiem and not 1 <= hour <= 12:
        return None
    if meridiem:
        hours = [hour % 12 + (12 if meridiem == "p" else 0)]
    elif 1 <= hour < 12:
        hours = [hour, hour + 12]  # "2:05" said at 15:05 means 14:05
    else:
        hours = [hour]
    if said_at is None:
        if incident_date is None:
            return None
        return datetime.combine(incident_date, time(hours[0], minute))
    candidates = [
        datetime.combine(said_at.date() - timedelta(days=back), time(h, minute), tzinfo=said_at.tzinfo)
        for h in hours
        for back in (0, 1)
    ]
    earlier = [c for c in candidates if c <= said_at]
    return max(earlier) if earlier else None
