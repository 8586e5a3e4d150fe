"""Numbers stated in messages ("1,320 technicians", "$62k", "18%", "Rp 23,5 juta", "47 minutes"), found and
valued by code; whether each one is an impact figure, and what it counts, is judged by a linear model.

Finding a number and its shape (currency, magnitude word, percent sign, time span) is exact work over the
spellings in data/number_formats.yaml. What the number means ("412 paying clinics on the list" counts customers,
"38 pods" and "p95 210ms" count nothing the incident did to anyone) is learned from labelled messages
(evals/training/train_figures.py) from the words around the number, like the stated-time model.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, get_args

from pydantic import BaseModel, ConfigDict, Field

from agent.models.impact import UNIT_WORDS, ImpactUnit
from agent.reading.features import MessageFeatures, message_features
from agent.reading.model import KindModel, load_model
from agent.yaml_data import validated_yaml

if TYPE_CHECKING:
    import numpy

FORMATS = "number_formats.yaml"
WEIGHTS = "impact_figures.npz"
COUNTS = ("users", "customers", "requests", "orders", "transactions", "errors", "other")
# What the model says a number is: an impact unit ("other" counts something else that was harmed: records, files,
# e-mails, tickets), or "none", no impact figure (a time, a version, a setting, a resource reading, a latency, a pod
# count, progress).
FIGURE_KINDS = (*get_args(ImpactUnit), "none")
_UNITS: dict[str, ImpactUnit] = {unit: unit for unit in get_args(ImpactUnit)}
WINDOW_BEFORE, WINDOW_AFTER = 48, 40  # what a number counts is mostly said just after it ("4,100 failed orders")


class NumberFormats(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    currencies: dict[str, list[str]] = Field(min_length=1)
    multipliers: dict[str, float] = Field(min_length=1)
    spans: dict[str, float] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A number written in a message, with the marks of its shape."""

    start: int
    end: int
    value: float  # scaled by its magnitude word ("62k" is 62000); a span stays in its own unit
    currency: str | None  # ISO code, when a currency mark is written next to it
    percent: bool
    span_minutes: float | None  # minutes per unit when a time span follows ("47 minutes": 1.0, "2 hours": 60.0)
    magnified: bool  # written with a magnitude word or suffix ("62k", "1.2 million")


def _alternatives(words) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class Spelling:
    """The number formats compiled: the pattern that finds a number with its marks, and what each mark means."""

    pattern: re.Pattern[str]
    currencies: dict[str, str]  # mark as written -> ISO code
    multipliers: dict[str, float]  # lower case
    spans: dict[str, float]  # lower case, minutes per unit


@functools.cache
def _spelling() -> Spelling:
    return load_formats(resources.files("agent.reading").joinpath("data", FORMATS).read_text(encoding="utf-8"))


def load_formats(text: str, name: str = FORMATS) -> Spelling:
    """The validated spellings, compiled; a bad file is a ConfigError naming the field."""
    formats = validated_yaml(NumberFormats, text, name)
    marks = {mark: code for code, written in formats.currencies.items() for mark in written}
    currency = _alternatives(marks)
    pattern = re.compile(
        # a currency mark, which may touch the number ("Rp4.200.000"), or no word, id, path, date or clock before it
        rf"(?:(?<![^\W_])(?P<before>{currency})\s?|(?<![\w/#:@])(?<!\w[.\-]))"
        r"(?P<num>\d{1,3}(?P<sep>[,.\u202f\u00a0' ])\d{3}(?:(?P=sep)\d{3})*(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
        rf"(?:\s?(?P<mult>(?i:{_alternatives(formats.multipliers)}))(?![^\W\d_]))?"
        r"(?P<percent>\s?%|\s(?i:per\s?cent)\b)?"
        rf"(?:[\s-]?(?P<span>(?i:{_alternatives(formats.spans)}))(?![^\W\d_])"  # "47 minutes", "a 3-hour outage"
        r"(?:\s?(?P<and_minutes>[0-5]?\d)\s?(?i:m|min|mins|minutes)(?![^\W\d_]))?)?"  # "1h 42m"
        rf"(?:\s?(?P<after>{currency})(?![^\W\d_]))?"
        r"(?![\w/]|[.,:\-]\d)"  # nor a version, a date or a clock after it
    )
    return Spelling(pattern, marks, {word.lower(): factor for word, factor in formats.multipliers.items()},
                    {word.lower(): minutes for word, minutes in formats.spans.items()})


_URL = re.compile(r"https?://\S+|www\.\S+|\b[\w.-]+\.(?:com|net|org|io|dev)\S*")
_WORD_NEXT = re.compile(r"\s*[^\W\d_]")


def number_mentions(text: str) -> list[NumberMention]:
    """Every number in `text` that could state an amount: not a clock time, a date, a version or part of an id or
    a link."""
    from agent.reading.stated import clock_mentions

    spelling = _spelling()
    taken = [(m.start, m.end) for m in clock_mentions(text)] + [m.span() for m in _URL.finditer(text)]
    found = []
    for match in spelling.pattern.finditer(text):
        if taken and any(match.start("num") < end and start < match.end("num") for start, end in taken):
            continue
        value = _value(match.group("num"), match.group("sep"))
        if value is None:
            continue
        mark = match.group("before") or match.group("after")
        multiplier, span = match.group("mult"), match.group("span")
        if multiplier in ("m", "M") and mark is None and span is None and not _WORD_NEXT.match(text, match.end()):
            multiplier, span = None, "min"  # "down for 45m": minutes; "5m users", "$2m": millions
        if multiplier is not None:
            value *= spelling.multipliers[multiplier.lower()]
        span_minutes = spelling.spans[span.lower()] if span is not None else None
        if span_minutes and match.group("and_minutes"):
            value += int(match.group("and_minutes")) / span_minutes  # "1h 42m" is 1.7 hours
        found.append(NumberMention(match.start(), match.end(), value, spelling.currencies[mark] if mark else None,
                                   match.group("percent") is not None, span_minutes, multiplier is not None))
    return found


def _value(digits: str, separator: str | None) -> float | None:
    """"1,320" and "1.320" group thousands; "23,5" and "2.35" have decimals: a group of three after the separator
    reads as thousands, as most locales write them, and the other mark after the groups is the decimal one."""
    if separator:
        decimal_mark = "." if separator == "," else ","
        grouped = digits.replace(separator, "")
        return float(grouped.replace(decimal_mark, ".")) if grouped.count(decimal_mark) <= 1 else None
    return float(digits.replace(",", "."))


@dataclass(frozen=True, slots=True)
class ReadFigure:
    """A number the model reads as an impact figure: what it counts, and its value in that unit."""

    mention: NumberMention
    kind: ImpactUnit
    value: float  # minutes for a duration, the amount otherwise
    confidence: float  # the model's probability that the number is an impact figure at all


SIDE = 1 << 40  # the keys of each part of the window sit in their own range: "failed" after a number is not "failed" before it
NEAR_AFTER, NEAR_BEFORE = 3, 2  # words right next to a number name what it counts ("1,320 [technicians couldn't load]")
_WORD = re.compile(r"[^\W\d_][\w'-]*")


def figure_features(texts: list[str], mentions: list[NumberMention]) -> tuple[MessageFeatures, numpy.ndarray]:
    """What the figure model reads of each number: as sparse keys, the words before it, after it, and right next to
    it on each side, each part apart; the meaning of each side, of the words right after it and of its whole
    message; the window's layout; and the number's shape."""
    import numpy as np

    def features_of(parts: list[str]) -> MessageFeatures:
        # A number's window has no place in a channel: each sits at 0, whatever its index in the batch.
        return message_features(parts, ["chat"] * len(parts), [0.0] * len(parts))

    before = [text[max(0, m.start - WINDOW_BEFORE):m.start] for text, m in zip(texts, mentions, strict=True)]
    after = [text[m.end:m.end + WINDOW_AFTER] for text, m in zip(texts, mentions, strict=True)]
    near_after = features_of([" ".join(_WORD.findall(words)[:NEAR_AFTER]) for words in after])
    near_before = features_of([" ".join(_WORD.findall(words)[-NEAR_BEFORE:]) for words in before])
    left, right = features_of(before), features_of(after)
    parts = (left, right, near_after, near_before)
    keys, offsets = [], [0]
    for i in range(len(texts)):
        for side, part in enumerate(parts):
            keys.append(part.keys[part.offsets[i]:part.offsets[i + 1]] + side * SIDE)
        offsets.append(offsets[-1] + sum(int(part.offsets[i + 1] - part.offsets[i]) for part in parts))
    window = features_of([f"{b} [NUMBER] {a}" for b, a in zip(before, after, strict=True)])
    features = MessageFeatures(
        np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64), np.array(offsets, dtype=np.int64),
        np.concatenate([left.meaning, right.meaning], axis=1), window.shape)
    whole = features_of(texts)  # what the message is about: an impact summary or a pasted log
    shapes = np.stack([figure_extras(m) for m in mentions]) if mentions else np.zeros((0, len(EXTRA_NAMES)), np.float32)
    return features, np.concatenate([near_after.meaning, whole.meaning, shapes], axis=1)


_MAGNITUDES = (10, 100, 1000, 10_000, 100_000)
EXTRA_NAMES = ("currency", "percent", "span", "magnified", "fraction", "year_like", *(f"below_{m}" for m in _MAGNITUDES))


def figure_extras(mention: NumberMention) -> numpy.ndarray:
    """The number's shape beside its window: its marks, whether it has a fraction or looks like a year, and its
    size (a count of 3 and a count of 30,000 are read differently)."""
    import numpy as np

    value = mention.value
    return np.array([mention.currency is not None, mention.percent, mention.span_minutes is not None,
                     mention.magnified, value != int(value), 1990 <= value <= 2100 and value == int(value),
                     *(value < m for m in _MAGNITUDES)], dtype=np.float32)


def allowed_kinds(mention: NumberMention) -> tuple[str, ...]:
    """What a number of this shape can count: a currency mark makes money, a percent sign a share and a time span a
    duration; a bare number is a count (or an amount of money written without its mark)."""
    if mention.currency is not None:
        return ("money", "none")
    if mention.percent:
        return ("percent", "none")
    if mention.span_minutes is not None:
        return ("minutes", "none")
    return (*COUNTS, "money", "none")


def read_figures(texts: list[str]) -> list[list[ReadFigure]]:
    """The impact figures each text states, in text order; all numbers of all texts read by the model at once (a
    long channel has thousands)."""
    unique = list(dict.fromkeys(texts))
    found = [number_mentions(text) for text in unique]
    owners = [i for i, mentions in enumerate(found) for _ in mentions]
    mentions = [mention for mentions in found for mention in mentions]
    read: list[list[ReadFigure]] = [[] for _ in unique]
    if mentions:
        model = figure_model()
        features, extras = figure_features([unique[i] for i in owners], mentions)
        for owner, mention, row in zip(owners, mentions, model.probabilities(features, extras), strict=True):
            if (figure := decide(unique[owner], mention, row, model.classes, model.least_confidence)) is not None:
                read[owner].append(figure)
    where = {text: i for i, text in enumerate(unique)}
    return [read[where[text]] for text in texts]


def decide(text: str, mention: NumberMention, row: numpy.ndarray, classes: list[str],
           least: float) -> ReadFigure | None:
    """An impact figure when the model's probability that it is one reaches `least` (chosen on held-out
    transcripts at training), counting what the words after it name, else the likeliest thing its shape allows."""
    impact = 1.0 - float(row[classes.index("none")])
    kinds = [classes.index(kind) for kind in allowed_kinds(mention) if kind != "none" and kind in classes]
    if impact < least or not kinds:
        return None
    kind = _UNITS[classes[max(kinds, key=lambda column: row[column])]]
    if kind in COUNTS:
        kind = _named_unit(text, mention) or kind
    value = mention.value * mention.span_minutes if mention.span_minutes is not None else mention.value
    return ReadFigure(mention, kind, value, impact)


def _named_unit(text: str, mention: NumberMention) -> ImpactUnit | None:
    """The unit a count names in so many words just after it ("3,100 customers", "4,600 partner api calls"): the
    source's own word decides over the model's guess, which only knows what such numbers usually count."""
    words = [word.lower() for word in _WORD.findall(text[mention.end:mention.end + WINDOW_AFTER])[:NEAR_AFTER]]
    return next((UNIT_WORDS[word] for word in words if word in UNIT_WORDS), None)


@functools.cache
def figure_model() -> KindModel:
    return load_model(WEIGHTS)
