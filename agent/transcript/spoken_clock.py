"""Times of day said in words, as speech-to-text writes them: "twenty-three thirty-six", "nine oh four", "five past
eight in the morning", "quarter to six", "twenty to midnight", "fourteen hundred".

A recording transcript often gives its wall clock only this way ("ok, for the record it's ten past two"). A reading
counts only when its half of the day is settled: a 24-hour hour (13 to 23), a time relative to midnight or
noon, or words after it that say the half ("in the morning", "pm", "this afternoon", "at night"). "Quarter past
three" alone could be 03:15 or 15:15; guessing would shift every time in the transcript by twelve hours, so it is
no reading.
"""

import re
from dataclasses import dataclass
from datetime import time

_UNITS = {word: value for value, word in enumerate("one two three four five six seven eight nine".split(), start=1)}
_TEENS = {word: value for value, word in enumerate(
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(), start=10)}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_NAMED_HOURS = {"midnight": 0, "noon": 12, "midday": 12}
_PAST = frozenset({"past", "after"})
_TO = frozenset({"to", "till", "til"})
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|[^\sa-z]", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.?!;]")
_MORNING = re.compile(r"^\W*(?:a\.\s?m\b\.?|am\b|in the morning\b|this morning\b)", re.IGNORECASE)
_AFTERNOON = re.compile(r"^\W*(?:p\.\s?m\b\.?|pm\b|in the (?:afternoon|evening)\b|this (?:afternoon|evening)\b)",
                        re.IGNORECASE)
_NIGHT = re.compile(r"^\W*(?:at night|tonight)\b", re.IGNORECASE)
EVENING_FROM = 6  # "eleven at night" is 23:00, "two at night" is 02:00


@dataclass(frozen=True, slots=True)
class SpokenClock:
    """A time of day said in words, and where in the text its words end."""

    clock: time
    end: int


def spoken_clock(text: str) -> SpokenClock | None:
    """The first time of day said in words in the first sentence of `text`, if its half of the day is settled."""
    text = text.replace("\u2019", "'")
    words = [(match.group().lower(), match.end()) for match in _WORD.finditer(text)]
    for index in range(len(words)):
        if _SENTENCE_END.fullmatch(words[index][0]):
            return None
        said = _relative(words, index) or _plain(words, index)
        if said is None:
            continue
        hour, minute, settled, last = said
        settled_hour = hour if settled else _settled_hour(hour, text[words[last][1]:])
        return None if settled_hour is None else SpokenClock(clock=time(settled_hour, minute), end=words[last][1])
    return None


def _number(words: list[tuple[str, int]], index: int) -> tuple[int, int] | None:
    """(value, index of its last word) of a number from 1 to 59 said at `index`."""
    if index >= len(words):
        return None
    word = words[index][0]
    if word in _UNITS or word in _TEENS:
        return (_UNITS.get(word) or _TEENS[word]), index
    if word in _TENS:
        step = _next(words, index)
        if step < len(words) and words[step][0] in _UNITS:
            return _TENS[word] + _UNITS[words[step][0]], step
        return _TENS[word], index
    return None


def _next(words: list[tuple[str, int]], index: int) -> int:
    """The index of the next word, past one hyphen ("nine-oh-four")."""
    return index + 1 + (index + 1 < len(words) and words[index + 1][0] == "-")


def _relative(words: list[tuple[str, int]], index: int) -> tuple[int, int, bool, int] | None:
    """`ten past two`, `quarter to six`, `half past eleven`, `twenty to midnight`: (hour, minute, settled, last)."""
    word = words[index][0]
    if word in ("quarter", "half"):
        minutes, last = (15 if word == "quarter" else 30), index
    else:
        number = _number(words, index)
        if number is None or number[0] > 30:
            return None
        minutes, last = number
        if last + 1 < len(words) and words[last + 1][0] in ("minute", "minutes"):
            last += 1
    relation = last + 1
    if relation + 1 >= len(words) or words[relation][0] not in _PAST | _TO:
        return None
    if word == "half" and words[relation][0] in _TO:
        return None
    target = words[relation + 1][0]
    if target in _NAMED_HOURS:
        hour, settled = _NAMED_HOURS[target], True
    elif target in _UNITS or target in ("ten", "eleven", "twelve"):
        hour, settled = (_UNITS.get(target) or _TEENS[target]), False
    else:
        return None
    total = (hour * 60 + (minutes if words[relation][0] in _PAST else -minutes)) % (24 * 60)
    return total // 60, total % 60, settled, relation + 1


def _plain(words: list[tuple[str, int]], index: int) -> tuple[int, int, bool, int] | None:
    """`twenty-three thirty-six`, `nine oh four`, `seven o'clock`, `fourteen hundred`, `midnight`."""
    word = words[index][0]
    if word in ("midnight", "noon", "midday"):
        return _NAMED_HOURS[word], 0, True, index
    number = _number(words, index)
    if number is None or number[0] > 23:
        return None
    hour, last = number
    step = _next(words, last)
    if step >= len(words):
        return None
    follower = words[step][0]
    if follower in ("o'clock", "hundred"):
        minute, last = 0, step
    elif follower in ("oh", "zero"):
        unit = _next(words, step)
        if unit >= len(words) or words[unit][0] not in _UNITS:
            return None
        minute, last = _UNITS[words[unit][0]], unit
    else:
        number = _number(words, step)
        if number is None or number[0] < 10:
            return None
        minute, last = number
    return hour, minute, hour > 12, last


def _settled_hour(hour: int, after: str) -> int | None:
    """The 24-hour hour of a 12-hour reading, from the words right after it; None when they do not say."""
    if hour > 12:
        return None
    if _MORNING.match(after):
        return hour % 12
    if _AFTERNOON.match(after):
        return hour % 12 + 12
    if _NIGHT.match(after):
        return hour % 12 + (12 if hour >= EVENING_FROM else 0)
    return None
