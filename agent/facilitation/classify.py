"""Short answers read by code: review type, whether the incident is still active, severity, date and zone."""

import re
from datetime import date, timedelta

from agent.facilitation.fields import Line, joined
from agent.models import Severity
from agent.models.pack import Confidence, ReviewType

_TYPES: list[tuple[ReviewType, re.Pattern[str]]] = [
    ("okr", re.compile(r"\bokrs?\b|\bobjectives?\b|\bkey\s+results?\b|\bquarter(?:ly)?\s+goals?\b", re.I)),
    ("project", re.compile(r"\bprojects?\b|\binitiatives?\b|\blaunch\w*\b|\bprogram(?:me)?s?\b|\bmigrations?\b|\brelease\b", re.I)),
    ("incident", re.compile(r"\bincidents?\b|\boutages?\b|\bdowntime\b|\bbreach\b|\bdegrad\w*|\bnear[\s-]?miss\b", re.I)),
]
_ACTIVE = re.compile(
    r"\bstill\s+(?:down|degraded|ongoing|happening|failing|broken|active|firing|open|in\s+progress|impacted|affected)\b"
    r"|\b(?:ongoing|in\s+progress|not\s+(?:yet\s+)?(?:over|resolved|stable|mitigated|fixed|recovered))\b"
    r"|\b(?:isn't|is\s+not|aren't|are\s+not)\s+(?:over|resolved|stable|fixed)\b",
    re.I,
)
# Said about the service in the same breath, these settle it: "No, it's fully resolved" answers "still going on?".
_OVER = re.compile(r"\b(?:resolved|over|stable|fixed|recovered|restored|back\s+to\s+normal|fine\s+now|all\s+good)\b", re.I)
_FIRST_SENTENCE = re.compile(r"^.*?(?:[.!?](?=\s|$)|$)", re.S)
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?(?:,?\s+(\d{4}))?\b")
_MONTH_DAY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?")
_CONFIDENCE = re.compile(r"[(\[—–-]?\s*(?:confidence\s*[:=]?\s*)?\b(high|medium|med|low)\b(?:\s+confidence)?\s*[)\]]?\s*\.?\s*$",
                         re.I)


def review_type(lines: list[Line]) -> ReviewType | None:
    text = joined(lines)
    hits = [(m.start(), kind) for kind, pattern in _TYPES for m in [pattern.search(text)] if m]
    return min(hits)[1] if hits else None


_FAILURE = re.compile(r"\b(?:fail\w*|errors?|down|outage|broke\w*|crash\w*|stall\w*|timed?\s*out|timeouts?|unavailable|"
                      r"degrad\w*|declined|lost|stuck|alert\w*|paged|incident|sev\s*\d|stopped|halted|delayed|backlog\w*|"
                      r"(?:were|was|is|are)\s+not\s+\w+ed)\b", re.I)


def describes_failure(lines: list[Line]) -> bool:
    """Whether an account of what happened describes something breaking (then it is an incident review)."""
    return bool(_FAILURE.search(joined(lines)))


def still_active(lines: list[Line]) -> bool:
    """Whether the first sentence says the incident is still going on. A bare yes or no says nothing by itself:
    people answer "is it over?" and "is it still going on?" alike."""
    match = _FIRST_SENTENCE.match(joined(lines))
    first = match.group(0) if match else ""
    return bool(_ACTIVE.search(first)) and not _OVER.search(_ACTIVE.sub("", first))


def severity(lines: list[Line]) -> Severity | None:
    from agent.facts import normalise_severity

    for number, text in lines:
        found = normalise_severity(text)
        if found is not None:
            return found.model_copy(update={"source_lines": [number]})
    return None


def incident_date(lines: list[Line], said_on: date) -> date | None:
    """The day stated: ISO, '10 March', 'March 10', 'yesterday'. A day without a year is the latest one not
    after the day it was said: reviews look back."""
    text = joined(lines)
    if match := _ISO.search(text):
        return _date(*(int(g) for g in match.groups()))
    lowered = text.lower()
    if re.search(r"\byesterday\b", lowered):
        return said_on - timedelta(days=1)
    if re.search(r"\btoday\b", lowered):
        return said_on
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        for match in pattern.finditer(text):
            month = _MONTHS.get(match.group(month_group)[:3].lower())
            if month is None:
                continue
            year = int(match.group(3)) if match.group(3) else said_on.year
            found = _date(year, month, int(match.group(day_group)))
            if found is not None and not match.group(3) and found > said_on:
                found = _date(year - 1, month, found.day)
            if found is not None:
                return found
    return None


_DAY_ONLY = re.compile(r"\b(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)\b", re.I)
_WEEKDAY = re.compile(r"\b(?:on\s+|last\s+)(?:a\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()


def recent_day(lines: list[Line], said_on: date) -> date | None:
    """The incident day as people say it in a story: a full date, 'on the 14th' or 'on Sunday' (the latest such day
    before the review)."""
    found = incident_date(lines, said_on)
    if found is not None:
        return found
    text = joined(lines)
    day = _DAY_ONLY.search(text)
    weekday = _WEEKDAY.search(text)
    if day is not None and (weekday is None or day.start() < weekday.start()):
        number, month, year = int(day.group(1)), said_on.month, said_on.year
        for _ in range(12):
            candidate = _date(year, month, number)
            if candidate is not None and candidate <= said_on:
                return candidate
            month, year = (month - 1, year) if month > 1 else (12, year - 1)
        return None
    if weekday is not None:
        back = (said_on.weekday() - _WEEKDAYS.index(weekday.group(1).lower())) % 7 or 7
        return said_on - timedelta(days=back)
    return None


def time_zone(lines: list[Line]) -> str | None:
    """The zone named anywhere in the answer: an IANA name, UTC, an offset or a common abbreviation."""
    from agent.transcript.zones import zone_from_token, zone_label

    for token in re.findall(r"[A-Za-z_]+/[A-Za-z_/+-]+|[A-Za-z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2}", joined(lines)):
        if token.isalpha() and not token.isupper() and "/" not in token:
            continue  # zone abbreviations are written in capitals; 'at', 'Mar' are words
        zone = zone_from_token(token)
        if zone is not None:
            return zone_label(zone)
    return None


def confidence(text: str) -> tuple[str, Confidence | None]:
    """('Pool sizes are not validated', 'high') for 'Pool sizes are not validated (high)'."""
    match = _CONFIDENCE.search(text)
    if match is None:
        return text.strip(), None
    level = match.group(1).lower()
    statement = text[: match.start()].strip(" ,;:—–-")
    return (statement or text.strip()), ("med" if level.startswith("med") else level)  # type: ignore[return-value]


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
