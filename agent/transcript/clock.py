"""Wall-clock readings as written on a line ("2:09 PM", "14:02:11"), before any day or zone is resolved."""

import re
from dataclasses import dataclass
from datetime import date, time, tzinfo
from functools import lru_cache

from agent.transcript.days import DayHint

# One regex fragment for every format: 24-hour or 12-hour clock, optional seconds and fraction. Chinese, Japanese
# and Korean write the half of the day before the clock: 上午/下午, 午前/午後, 오전/오후 ("오후 11:37").
_BEFORE_NOON, _AFTER_NOON = ("\u4e0a\u5348", "\u5348\u524d", "\uc624\uc804"), ("\u4e0b\u5348", "\u5348\u5f8c", "\uc624\ud6c4")
_HALF_BEFORE = "(?:" + "|".join(_BEFORE_NOON + _AFTER_NOON) + ")"
CLOCK_DIGITS = r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?"
# AM/PM as "PM", "p.m." or, as Spanish locales write it, "p. m." (often with a no-break space); Arabic locales write
# \u0635 (morning) and \u0645 (evening) after the clock
_ARABIC_HALVES = {"\u0635": "a", "\u0645": "p"}
_MERIDIEM_WORD = r"(?:[AaPp](?:\.\s?)?[Mm]\.?|[\u0635\u0645](?!\w))"
CLOCK = rf"(?:{_HALF_BEFORE}\s?)?" + CLOCK_DIGITS + rf"(?:\s?{_MERIDIEM_WORD})?"
_MERIDIEM = re.compile(rf"{_MERIDIEM_WORD}\s*$|^\s*{_HALF_BEFORE}")
_CLOCK_PARTS = re.compile(rf"(?:({_HALF_BEFORE})\s?)?"
                          r"(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6})\d*)?)?\s?"
                          r"(?:([AaPp])(?:\.\s?)?[Mm]\.?|([\u0635\u0645]))?")


@dataclass(frozen=True, slots=True)
class Stamp:
    """What a line says about when it was written: a clock reading, maybe a day, maybe a zone."""

    clock: time
    day: date | None = None
    day_hint: DayHint | None = None
    zone: tzinfo | None = None
    twelve_hour: bool = False  # written with AM/PM: the transcript's clock is a 12-hour one
    half_day_open: bool = False  # written "3:55", a one-digit hour without AM/PM: either half of the day (`half_day`)


def says_half_day(clock_text: str) -> bool:
    """`2:09 PM`, `7:16 a.m.`: the reading names its half of the day."""
    return _MERIDIEM.search(clock_text) is not None


def leaves_half_day_open(clock_text: str) -> bool:
    """`3:55`: a one-digit hour from 1 to 9 and no AM/PM, as people write a 12-hour clock in notes (a 24-hour
    writer pads to `03:55` or means the afternoon as `15:55`)."""
    text = clock_text.strip()
    return text[:1] in "123456789" and text[1:2] == ":" and not says_half_day(text)


@lru_cache(maxsize=4096)
def parse_clock(text: str) -> time | None:
    """`2:09 PM` -> 14:09, `14:02:11.5` -> 14:02:11.500000; None when the reading is impossible."""
    match = _CLOCK_PARTS.fullmatch(text.strip())
    if not match:
        return None
    hour, minute = int(match.group(2)), int(match.group(3))
    second = int(match.group(4) or 0)
    micro = int((match.group(5) or "0").ljust(6, "0"))
    meridiem = match.group(6) or _ARABIC_HALVES.get(match.group(7) or "") or (
        match.group(1) and ("p" if match.group(1) in _AFTER_NOON else "a"))
    if meridiem:
        if not 0 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem in "Pp" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second, micro)
