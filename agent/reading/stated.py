"""Times stated inside messages ("it started at 02:10 CET", "fixed since 21:06", "errors from 7:31 to 8:34"),
and which event each one dates.

Finding a clock time and placing it on the message's clock is exact work, done by code. Which event a stated time
dates is judged by a second linear model (trained with the message kinds, evals/training/train_reader.py) from
the words around the time and where it falls against the message.

A time is read on the clock of the message times: in the zone they were written in, or the zone the speaker
names after it ("3am CET"), on the day the message was said, or the day before when that time had not yet come;
"today" and "yesterday" next to the time pin the day.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo

from agent.reading.features import message_features
from agent.reading.model import KindModel, load_model
from agent.transcript.layout import expand_tokens
from agent.transcript.zones import as_written_by, zone_from_token

WEIGHTS = "stated_times.npz"
# "detection": when the problem was first noticed, told afterwards ("first support ticket was 11:24", "the monitor
# fired at 18:55"), whether by an alert, a page or a person.
STATED_KINDS = ("impact_start", "impact_end", "change", "trigger", "detection", "mitigation", "recovery", "other")
_CLOCK = re.compile(
    r"(?<![\w:.])(?P<hour>[01]?\d|2[0-3])(?:(?:[:h](?P<minute>[0-5]\d))(?P<second>:[0-5]\d)?(?:\s?(?P<ampm>(?i:[ap]))\.?(?i:m)\b\.?)?"
    r"|\s?(?P<ampm_only>(?i:[ap]))\.?(?i:m)\b\.?)(?!\d)"
    r"(?:\s*\(?(?P<zone>[A-Z]{2,5}|Z)\b|\s+(?P<offset>(?:UTC|GMT)?[+-]\d{2}:?\d{2})\b)?"
)
# "~2h45 of no SSO", "about 1h20": the hour-h-minute form is a clock time in many languages ("entre 22h e 22h40"), but
# after a word of approximate length it is a duration.
_DURATION_BEFORE = re.compile(r"(?:~|\u2248|\b(?i:about|approx\.?|approximately|roughly|for|took|lasted|after))\s*$")
# "7:31-8:34", "from 23:47 to 00:20", "05/Mar 11:47 PM \u2192 06/Mar 12:18 PM": the end of a range may carry its day
# (the day as chat and ticket tools write it, layouts.yaml's date tokens)
_RANGE_DAY = expand_tokens("(?:<<MDATE>>|<<NDATE>>|<<ISODATE>>|<<REL>>)")
_RANGE_JOIN = re.compile(
    rf"^\s*(?:[-\u2013\u2014\u2192\u27f6\u21d2]|->|=>|to|and|until|till|through|thru)\s*(?:{_RANGE_DAY},?(?:\s+at)?\s*)?$", re.I
)
# "all UTC", "all times CET", "times in UTC", "times are UTC": said once for every time the message lists
_DECLARES_ZONE = re.compile(r"\b(?i:all(?:\s+times?)?(?:\s+(?:are|in))?|times?(?:\s+are)?(?:\s+in)?)\s+(?P<zone>[A-Z]{2,5})\b")
_DAY_WORD = re.compile(r"\b(?:(?P<today>today|this\s+morning)|yesterday|last\s+night)\b", re.I)
DAY_WORD_REACH = 24  # characters either side of a stated time that may say which day it was
WINDOW_BEFORE, WINDOW_AFTER = 48, 24  # the words that say what a stated time dates sit mostly before it
_IMPACT_BOUNDS = frozenset({"impact_start", "impact_end", "recovery"})
PLACEMENT = ("before_message", "after_message", "unplaced")
_SAME_MINUTE = timedelta(seconds=59)  # message clocks drop seconds: "at 14:05" said at 14:05:30 is not later


@dataclass(frozen=True, slots=True)
class ClockMention:
    """A clock time written in a message, as written."""

    hour: int
    minute: int
    meridiem: str | None  # "a" or "p"
    zone: tzinfo | None
    start: int
    end: int
    days_back: tuple[int, ...]
    # "01:00" or "1:00:41" is written on a 24-hour clock; "1:00" may mean 13:00 when said in the afternoon.
    twenty_four: bool = False


@dataclass(frozen=True, slots=True)
class StatedTime:
    kind: str  # one of STATED_KINDS
    time: datetime
    confidence: float
    position: int


def clock_mentions(text: str) -> list[ClockMention]:
    """Every clock time in `text` that could be a time of day (not a version, a date or a duration)."""
    found = []
    for match in _CLOCK.finditer(text):
        meridiem = (match.group("ampm") or match.group("ampm_only") or "").lower() or None
        if meridiem is None and match.group("minute") is None:
            continue  # a bare number is a count, not a time
        if text[match.end("hour"):match.end("hour") + 1] == "h" and _DURATION_BEFORE.search(text[:match.start()]):
            continue
        hour = int(match.group("hour"))
        if meridiem and not 1 <= hour <= 12:
            continue
        zone_token = match.group("zone") or match.group("offset")
        zone = zone_from_token(zone_token.removeprefix("UTC").removeprefix("GMT") or "UTC") if zone_token else None
        end = match.end() if zone is not None else _end_without_zone(match)  # "14:05 IT team" names no zone
        twenty_four = meridiem is None and (match.group("hour").startswith("0") or match.group("second") is not None)
        found.append(ClockMention(hour, int(match.group("minute") or 0), meridiem, zone, match.start(), end,
                                  _days_back(text, match.start(), end), twenty_four))
    return _ranges_share_zones(text, found)


def _ranges_share_zones(text: str, found: list[ClockMention]) -> list[ClockMention]:
    """"between 01:06 and 01:24 UTC", "7:31-8:34 CET": the zone written after a range's end is its start's too."""
    for index in range(len(found) - 2, -1, -1):
        first, second = found[index], found[index + 1]
        if first.zone is None and second.zone is not None and _RANGE_JOIN.match(text[first.end:second.start]):
            found[index] = replace(first, zone=second.zone)
    return found


def _end_without_zone(match: re.Match[str]) -> int:
    name = "zone" if match.group("zone") else "offset" if match.group("offset") else None
    return match.start(name) if name else match.end()


def _days_back(text: str, start: int, end: int) -> tuple[int, ...]:
    """(0,) for "today", (1,) for "yesterday" next to the time; else today or, if it had not yet come, yesterday."""
    near = _DAY_WORD.search(text[max(0, start - DAY_WORD_REACH):end + DAY_WORD_REACH])
    if near is None:
        return (0, 1)
    return (0,) if near.group("today") else (1,)


def place(mention: ClockMention, said_at: datetime | None, incident_date: date | None,
          zone: tzinfo | None) -> datetime | None:
    """The mention as a moment comparable with `said_at` (naive stays naive, aware stays aware): the latest
    reading of it that is not after the message was said."""
    if mention.meridiem:
        hours = [mention.hour % 12 + (12 if mention.meridiem == "p" else 0)]
    elif 1 <= mention.hour < 12 and not mention.twenty_four:
        hours = [mention.hour, mention.hour + 12]  # "2:05" said at 15:05 means 14:05
    else:
        hours = [mention.hour]
    if said_at is None:
        if incident_date is None:
            return None
        return datetime.combine(incident_date - timedelta(days=min(mention.days_back)), time(hours[0], mention.minute))
    clock = None  # naive messages keep naive times: a named zone cannot be placed on an unknown clock
    if said_at.tzinfo is not None:
        clock = as_written_by(mention.zone, zone, said_at) if mention.zone else zone or said_at.tzinfo
    local_said = said_at.astimezone(clock) if clock is not None else said_at
    days = [local_said.date() - timedelta(days=back) for back in mention.days_back]
    candidates = [datetime.combine(day, time(h, mention.minute), tzinfo=clock) for h in hours for day in days]
    candidates = [c if said_at.tzinfo is None else c.astimezone(said_at.tzinfo) for c in candidates]
    earlier = [c for c in candidates if c <= said_at + _SAME_MINUTE]
    return max(earlier) if earlier else None



def declared_in(text: str) -> tzinfo | None:
    """The zone a message declares for the times it lists ("CloudTrail for the key, all UTC:", "(times in CET)")."""
    declared = _DECLARES_ZONE.search(text)
    return zone_from_token(declared.group("zone")) if declared else None


def mention_window(text: str, mention: ClockMention) -> str:
    """The words around a mention, the time itself replaced by a marker so the model learns the wording."""
    before = text[max(0, mention.start - WINDOW_BEFORE):mention.start]
    after = text[mention.end:mention.end + WINDOW_AFTER]
    return f"{before} [TIME] {after}"


def stated_features(windows: list[str]):
    """The reader's features of the windows around stated times. A window has no place in a channel: each sits at
    0, whatever its index among the times of a message (or, at training, of the whole corpus)."""
    return message_features(windows, ["chat"] * len(windows), [0.0] * len(windows))


def mention_extras(placed: datetime | None, said_at: datetime | None, index: int, count: int):
    """Dense features beside the window: where the time falls against the message, and whether it is the first, a
    middle or the last of several times (a range "from X to Y"). The message's own kind is left out on purpose:
    at run time it is the reader's guess, and a stated time must not inherit its mistakes."""
    import numpy as np

    extras = np.zeros(len(PLACEMENT) + 3, dtype=np.float32)
    if placed is None or said_at is None:
        extras[2] = 1.0
    else:
        extras[0 if placed <= said_at + _SAME_MINUTE else 1] = 1.0
    extras[len(PLACEMENT):] = (count > 1 and index == 0, 0 < index < count - 1, count > 1 and index == count - 1)
    return extras


def stated_times(text: str, said_at: datetime | None, incident_date: date | None,
                 zone: tzinfo | None) -> list[StatedTime]:
    """The times `text` states, each with the event it dates; times the model reads as `other`, or that cannot
    be placed before the message, are left out."""
    import numpy as np

    mentions = clock_mentions(text)
    if not mentions:
        return []
    zone = declared_in(text) or zone
    placed = [place(mention, said_at, incident_date, zone) for mention in mentions]
    windows = [mention_window(text, mention) for mention in mentions]
    extras = np.stack([mention_extras(at, said_at, i, len(mentions)) for i, at in enumerate(placed)])
    model = stated_model()
    probabilities = model.probabilities(stated_features(windows), extras)
    kinds = [model.classes[int(row.argmax())] for row in probabilities]
    confidences = [float(row.max()) for row in probabilities]
    bounds = [model.classes.index(kind) for kind in _IMPACT_BOUNDS if kind in model.classes]
    for index in range(len(mentions) - 1):
        # "impact window 19:05-19:26", "errors from 7:31 to 8:34": a range bounding the impact starts at its first
        # time and ends at its second, whichever of the two the words around them made clearer
        pair = slice(index, index + 2)
        if _RANGE_JOIN.match(text[mentions[index].end:mentions[index + 1].start]) and _IMPACT_BOUNDS & set(kinds[pair]):
            kinds[pair] = ["impact_start", "impact_end"]
            confidences[pair] = [float(probabilities[i, bounds].sum()) for i in (index, index + 1)]
    return [StatedTime(kind, at, confidence, mention.end)
            for mention, at, kind, confidence in zip(mentions, placed, kinds, confidences, strict=True)
            if kind != "other" and at is not None]


@functools.cache
def stated_model() -> KindModel:
    return load_model(WEIGHTS)
