"""Explicit statements of when impact began (and, less often, ended) beat message times.

People say it forwards ("error graph says it started around 2:05", "checkout has been failing since 14:02",
"errors since the deploy at 14:02") or backwards, pointing at a time said just before ("the rebalance at 11:26,
the lag started right there", "expired at 06:00 today, so every call has failed since then").

A stated time is read on the clock of the message times: in the zone they were written in (`zone`, from `--tz` or
the transcript) and on the day the message was said, or the day before when that time had not yet come;
"today" and "yesterday" pin the day, and "UTC" / "Z" / "GMT" after the time pin the zone.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from agent.facts.cue import Cue, said

_TIME = (
    r"(?P<hour>[01]?\d|2[0-3])(?:(?::|h)(?P<minute>[0-5]\d)(?::[0-5]\d)?\s*(?P<ampm>[ap]\.?\s?m\b\.?)?"
    r"|\s*(?P<ampm_only>[ap]\.?\s?m\b\.?))(?:\s*(?P<utc>utc|gmt|z)\b)?"
)
_APPROX_WORD = r"(?:at|around|about|approximately|approx\.?|roughly|~|near|circa|just\s+(?:before|after))"
_APPROX = rf"(?:{_APPROX_WORD}\s*)*"
_DAY = r"(?:today|yesterday|last\s+night|this\s+morning)"
# Whoever speaks: the words before the verb (the last clause of them is checked, see _is_impact).
_SUBJECT = r"(?P<subject>(?<![\w'])[\w'’ ,-]{0,60}?)\b"
_STARTED = r"(?:started|starting|began|kicked\s+in|start(?:ed)?\s+(?:happening|showing\s+up|failing))"
# A state that is itself the impact: "failing since 14:02" needs no impact word in its subject.
_IMPAIRED = (
    r"(?:(?:has|have|had|is|are|was|were)\s+(?:been\s+)?)?(?:failing|failed|fail|fails|down|erroring|errored|broken|"
    r"degraded|unavailable|unreachable|timing\s+out|timed\s+out|slow|stuck|lagging|errors|[45]xx|[45]\d\ds|timeouts)"
)
_SELF_EVIDENT = re.compile(r"errors|[45]xx|[45]\d\ds|timeouts")  # "errors since 14:02" needs no subject
# What an incident's span is called: "exposure from 09:12 to 10:09", "the outage ran from 2 to 3pm".
_SPAN_SUBJECT = r"(?:impact|exposure|outage|downtime|disruption|degradation|data\s+loss|leak)"
_FORWARD = Cue(
    r"(?:\bimpact\s+(?:start(?:ed|s)?|began|begins|beginning)\s*(?:time)?\s*(?:was|is)?\s*[:=]?\s*"
    rf"|\b{_SPAN_SUBJECT}\s+(?:was\s+|lasted\s+|ran\s+)?from\s+(?=[^.;]*?\b(?:to|until|till)\s+~?\d)"
    rf"|{_SUBJECT}(?:{_STARTED}\s+(?:{_DAY}\s+)?(?=at|around|about|approximately|roughly|~|near)"
    rf"|(?P<state>{_IMPAIRED})\s+(?:ever\s+)?since\s+(?:the\s+(?:[\w-]+\s+){{1,3}}?at\s+)?))"
    rf"{_APPROX}{_TIME}",
    ("impact", "start", "began", "kicked", "since", "exposure", "outage", "downtime", "disruption", "degradation",
     "data", "leak"),
)
_BACKWARD = Cue(
    rf"{_SUBJECT}(?:{_STARTED}\s+(?:right\s+)?(?:there|then|at\s+that\s+(?:point|moment|time))\b"
    rf"|(?P<state>{_IMPAIRED})\s+(?:ever\s+)?since\s+then\b)"
    # "... 11:52, that is when impact began": the time was said just before the pointer
    rf"|\b(?:that|this|which)(?:'s|\s+is|\s+was)\s+(?:exactly\s+|also\s+)?when\s+(?:the\s+|our\s+)?"
    rf"(?:{_SPAN_SUBJECT}|it|errors?|failures?|problems?|issues?|backlog|lag)\s+{_STARTED}\b",
    ("start", "began", "kicked", "since"),
)
_TIME_UNNAMED = re.sub(r"\(\?P<\w+>", "(?:", _TIME)
# "exposure from 09:12 to 10:09", "the outage ended at 3pm": when the impact stopped, said outright.
_END = Cue(
    rf"\b{_SPAN_SUBJECT}\s+(?:(?:was\s+|lasted\s+|ran\s+)?from\s+{_APPROX}{_TIME_UNNAMED}\s*(?:to|until|till|-)"
    rf"|(?:ended|stopped|was\s+over)\s+){_APPROX}\s*{_TIME}",
    ("impact", "exposure", "outage", "downtime", "disruption", "degradation", "data", "leak"),
)
_EARLIER_TIME = re.compile(rf"(?:(?<!\w)(?:{_APPROX_WORD}|from|since)\s*)+{_TIME}")
_DAY_WORD = re.compile(rf"\b(?:(?P<today>today|this\s+morning)|{_DAY})\b")
_DAY_WORD_REACH = 24  # characters either side of a stated time that may say which day it was
# The subject must be the impact, not the change or a person's own activity.
_IMPACT_SUBJECT = re.compile(
    r"\b(?:it|errors?|[45]xx|[45]\d\ds|failures?|failing|impact|outage|problems?|issues?|incident|latency|timeouts?|"
    r"degradation|trouble|spike|alerts?|graph|dashboard|checkouts?|requests?|lag|backlog|delays?|slowness|calls?|"
    r"callbacks?|api|site|app|logins?|payments?|searches|queries|pages?)\b"
)
_CHANGE_OR_PERSON = re.compile(
    r"\b(?:deploy\w*|roll\s?out|rollout|migration|roll\s?back|rollback|restart\w*|job|backup|release|maintenance|"
    r"i|we|you|they)\b"
)
_ACTIVITY = re.compile(r"\b(?:meeting|call|shift)\b")  # these start without anything failing
_CLAUSE_BREAK = re.compile(r"[,;]|\b(?:so|and|but|then|when|because|which)\b")


@dataclass(frozen=True)
class ImpactTimeStatement:
    time: datetime
    position: int  # where the stated time (or the words pointing back at it) sits in the message text


def stated_impact_start(
    text: str, said_at: datetime | None, incident_date: date | None, zone: tzinfo | None = None
) -> ImpactTimeStatement | None:
    """The impact start `text` states, as a time comparable with `said_at` (naive stays naive, aware stays aware).
    `zone` is the zone the message clocks were written in, when known: people write times on that clock."""
    lowered = said(text).lowered
    for match in _FORWARD.finditer(text):
        if _is_impact(match):
            stated = _place(match, lowered, said_at, incident_date, zone)
            if stated is not None:
                return ImpactTimeStatement(time=stated, position=match.end() - 1)
    for match in _BACKWARD.finditer(text):
        earlier = _last_time_before(lowered, match.start() if match.group("subject") is None else match.end("subject"))
        if earlier is not None and _is_impact(match):
            stated = _place(earlier, lowered, said_at, incident_date, zone)
            if stated is not None:
                return ImpactTimeStatement(time=stated, position=match.end() - 1)
    return None


def stated_impact_end(
    text: str, said_at: datetime | None, incident_date: date | None, zone: tzinfo | None = None
) -> ImpactTimeStatement | None:
    """When `text` says the impact ended ("exposure from 09:12 to 10:09"), read like `stated_impact_start`."""
    lowered = said(text).lowered
    for match in _END.finditer(text):
        stated = _place(match, lowered, said_at, incident_date, zone)
        if stated is not None:
            return ImpactTimeStatement(time=stated, position=match.end() - 1)
    return None


def _is_impact(match: re.Match[str]) -> bool:
    """The last clause before the verb names the impact (requests, errors, "it"), not a change or a person;
    "failing since" needs that subject as much as "started at" does (uploads failing since 21:10 may be the cause)."""
    subject = match.group("subject")
    if subject is None:
        return True  # "impact started at ..."
    clause = _CLAUSE_BREAK.split(subject)[-1]
    state = match.group("state")
    if _CHANGE_OR_PERSON.search(clause) or (state is None and _ACTIVITY.search(clause)):
        return False
    if _IMPACT_SUBJECT.search(clause):
        return True
    return state is not None and _SELF_EVIDENT.fullmatch(state) is not None


def _last_time_before(lowered: str, end: int) -> re.Match[str] | None:
    matches = list(_EARLIER_TIME.finditer(lowered, 0, end))
    return matches[-1] if matches else None


def _place(
    match: re.Match[str], lowered: str, said_at: datetime | None, incident_date: date | None, zone: tzinfo | None
) -> datetime | None:
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
    days_back = _days_back(lowered, match.start("hour"), match.end())
    if said_at is None:
        if incident_date is None:
            return None
        return datetime.combine(incident_date - timedelta(days=min(days_back)), time(hours[0], minute))
    clock = _clock_zone(said_at, zone, stated_utc=match.group("utc") is not None)
    local_said = said_at.astimezone(clock) if clock is not None else said_at
    days = [local_said.date() - timedelta(days=back) for back in days_back]
    candidates = [_on_message_clock(datetime.combine(day, time(h, minute), tzinfo=clock), said_at) for h in hours for day in days]
    earlier = [c for c in candidates if c <= said_at]
    return max(earlier) if earlier else None


def _days_back(lowered: str, start: int, end: int) -> tuple[int, ...]:
    """(0,) for "today", (1,) for "yesterday" next to the time; else today or, if it had not yet come, yesterday."""
    near = _DAY_WORD.search(lowered[max(0, start - _DAY_WORD_REACH):end + _DAY_WORD_REACH])
    if near is None:
        return (0, 1)
    return (0,) if near.group("today") else (1,)


def _clock_zone(said_at: datetime, zone: tzinfo | None, *, stated_utc: bool) -> tzinfo | None:
    """The zone a time in the text is read in: naive messages keep naive times; aware ones use the zone the
    clocks were written in (UTC when the transcript does not say, or when the speaker wrote UTC)."""
    if said_at.tzinfo is None:
        return None
    if stated_utc:
        return UTC
    return zone or said_at.tzinfo


def _on_message_clock(moment: datetime, said_at: datetime) -> datetime:
    return moment if said_at.tzinfo is None else moment.astimezone(said_at.tzinfo)
