"""Impact figures with units ("about 2,340 checkout attempts failed", "$48k", "12% of users", "down for 40 minutes")."""

import re
from collections.abc import Iterable
from functools import lru_cache

from agent.facts.cue import Cue, CueGroup
from agent.facts.phrasing import shorten, strip_code
from agent.models import Impact, ImpactFigure, Message
from agent.models.impact import UNIT_WORDS, ImpactUnit

CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "usd": "USD", "eur": "EUR", "gbp": "GBP", "jpy": "JPY",
              "cad": "CAD", "aud": "AUD", "dollars": "USD", "euros": "EUR", "pounds": "GBP"}
MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6, "bn": 1e9, "b": 1e9, "billion": 1e9}

# Patterns start at the number (or currency sign) so the regex engine can jump between digits; a hedge word
# just before the match ("about", "roughly") is added to the quoted phrase afterwards.
_NUM = r"(?P<num>\d(?<![\w.,#/:-]\d)(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?)"
_MULT = r"(?:\s*(?P<mult>k|mm|m|bn|b|thousand|million|billion)\b)?"
_UNITS = "|".join(re.escape(w) for w in sorted(UNIT_WORDS, key=len, reverse=True))
_CODES = "usd|eur|gbp|jpy|cad|aud|dollars|euros|pounds"
_OUTCOME_WORDS = (
    r"\s+(?:failed|affected|impacted|delayed|lost|dropped|errored|were\s+(?:affected|impacted|lost|delayed)"
    r"|could\s+not\s+\w+|couldn't\s+\w+)"
)
_OUTCOME = rf"(?:{_OUTCOME_WORDS})?"


def _singular(plural: str) -> str:
    if plural.endswith("ies"):
        return plural[:-3] + "y"
    return plural[:-2] if plural.endswith(("ches", "shes")) else plural[:-1]


# "41,000 payment confirmations delayed": a unit word used as a modifier ("payment") names what was affected,
# when the sentence says what happened to them (else "12 customer tickets" would count customers).
MODIFIERS: dict[str, ImpactUnit] = {
    _singular(word): unit for word, unit in UNIT_WORDS.items()
    if unit in ("users", "customers", "requests", "orders", "transactions") and word.endswith("s") and word.isalpha()
}
_MODIFIER_WORDS = "|".join(sorted(MODIFIERS, key=len, reverse=True))
_IN_WHAT = r"(?:\s+in\s+[a-z]+(?:\s+(?:delayed|lost|refunded|affected|failed|impacted|at\s+risk|not\s+[a-z]+))?)?"
_SPAN = r"(?P<span>minutes?|mins?|hours?|hrs?)"
_APPROX_BEFORE = re.compile(
    r"(?:about|around|roughly|approximately|approx\.?|~|over|more\s+than|nearly|almost|at\s+least|up\s+to|some)\s*$"
)
_SPAN_GUARDS = ("min", "hour", "hrs", "hr")
# (unit family, cue); money first so "$48,000 in orders" is money, not a count of orders.
PATTERNS: list[tuple[str, Cue]] = [
    ("money", Cue(rf"(?P<currency>[$€£¥])\s?{_NUM}{_MULT}{_IN_WHAT}", chars="$€£¥")),
    ("money", Cue(rf"{_NUM}{_MULT}\s*(?P<currency>{_CODES})\b{_IN_WHAT}", tuple(_CODES.split("|")))),
    ("money", Cue(rf"\b(?P<currency>{_CODES})\s?{_NUM}{_MULT}{_IN_WHAT}", tuple(_CODES.split("|")))),
    ("percent", Cue(
        rf"{_NUM}\s?%\s+(?:of\s+(?:all\s+|the\s+|our\s+)*(?:[a-z-]+\s+)?(?:{_UNITS})\b|(?:error|failure)\s+rate)",
        chars="%")),
    ("percent", Cue(
        r"\b(?:error|failure|5xx)\s+rate\s+(?:peaked|maxed|topped|hit|reached|spiked)\s+(?:out\s+)?(?:at\s+|to\s+)?"
        rf"(?:about\s+)?{_NUM}\s?%",
        chars="%")),
    ("minutes", Cue(
        r"\b(?:down|outage|unavailable|degraded|broken|failing|impact(?:ed)?|errors?|downtime|lasted)\b[^.\n]{0,30}?"
        rf"\b(?:for|lasted)\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|almost\s+|over\s+)?{_NUM}\s*{_SPAN}\b", _SPAN_GUARDS)),
    ("minutes", Cue(
        rf"{_NUM}\s*{_SPAN}\s+(?:of|without)\s+(?:downtime|impact|outage|errors|degradation|disruption|writes|service|"
        r"checkouts?|orders|payments|access)\b", _SPAN_GUARDS)),
    ("count", Cue(rf"{_NUM}{_MULT}(?:\s+[a-z][a-z'-]*){{0,2}}?\s+(?P<unit>{_UNITS})\b{_OUTCOME}",
                  tuple({word.split()[-1] for word in UNIT_WORDS}))),
    ("count", Cue(rf"{_NUM}{_MULT}\s+(?P<unit>{_MODIFIER_WORDS})\s+[a-z][a-z'-]*s\b{_OUTCOME_WORDS}", tuple(MODIFIERS))),
]
_ANY_FIGURE = CueGroup(cue for _, cue in PATTERNS)
_DIGIT = re.compile(r"\d")
HOW_WE_KNOW = Cue(
    r"\b(?:from|according\s+to|per|based\s+on)\s+(?P<source>(?:the\s+|our\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:logs?|dashboards?|metrics|analytics|data|tickets|graphs?|database|reports?|billing))\b",
    ("from", "according", "per", "based"),
)
_AFFECTED_PEOPLE = frozenset({"users", "customers", "requests", "errors"})
_BUSINESS = frozenset({"money", "orders", "transactions"})


def extract_impact(messages: Iterable[Message]) -> Impact:
    figures: list[ImpactFigure] = []
    known: set[tuple[float, str]] = set()  # (value, unit) of the figures so far: a long channel repeats them
    sources: list[str] = []
    for message in messages:
        if not _ANY_FIGURE.could_match(message.text) or not _DIGIT.search(message.text):
            continue
        text = strip_code(message.text)
        stated = _stated_figures(text)
        new = [f.model_copy(update={"source_lines": [message.line]}) for f in stated if (f.value, f.unit) not in known]
        figures += new
        known.update((f.value, f.unit) for f in new)
        if stated and (source := HOW_WE_KNOW.search(text)):
            sources.append(f"{text[source.start('source'):source.end('source')]} (line {message.line})")
    return Impact(
        figures=figures,
        customer=_joined(f.text for f in figures if f.unit in _AFFECTED_PEOPLE),
        business=_joined(f.text for f in figures if f.unit in _BUSINESS),
        how_we_know=_joined(sources),
    )


@lru_cache(maxsize=1 << 14)
def _stated_figures(text: str) -> tuple[ImpactFigure, ...]:
    """The figures `text` states, in text order, without source lines (the caller adds them to copies).
    Cached: a long channel repeats its status updates ("error rate is 12%") many times over."""
    found: list[tuple[int, ImpactFigure]] = []
    taken: list[tuple[int, int]] = []
    for family, cue in PATTERNS:
        for match in cue.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            figure = _figure(family, match, text)
            if figure is not None:
                taken.append(match.span())
                found.append((match.start(), figure))
    return tuple(figure for _, figure in sorted(found, key=lambda pair: pair[0]))


def _figure(family: str, match: re.Match[str], text: str) -> ImpactFigure | None:
    value = _number(match.group("num"), match.groupdict().get("mult"))
    if value is None:
        return None
    hedge = _APPROX_BEFORE.search(match.string, max(0, match.start() - 24), match.start())
    phrase = shorten(text[hedge.start() if hedge else match.start():match.end()].strip(), 120)
    if family == "money":
        currency = CURRENCIES[match.group("currency")]
        return ImpactFigure(value=value, unit="money", text=phrase, currency=currency)
    if family == "minutes":
        minutes = value * 60 if match.group("span").startswith("h") else value
        return ImpactFigure(value=minutes, unit="minutes", text=phrase)
    unit = "percent" if family == "percent" else UNIT_WORDS.get(match.group("unit")) or MODIFIERS[match.group("unit")]
    return ImpactFigure(value=value, unit=unit, text=phrase)


def _number(digits: str, multiplier: str | None) -> float | None:
    try:
        value = float(digits.replace(",", ""))
    except ValueError:
        return None
    return value * MULTIPLIERS.get(multiplier or "", 1)


def _joined(parts: Iterable[str]) -> str | None:
    unique = list(dict.fromkeys(parts))
    return "; ".join(unique) if unique else None
