"""Quantified impact: numbers with a unit in the Impact section or the Summary, by dimension."""

import re
from typing import Literal

from pydantic import BaseModel

from agent.document.query import Item
from agent.grading.text import is_unknown_label, plain
from agent.models.impact import UNIT_WORDS

Dimension = Literal["scale", "duration", "money", "percent"]

_NOISE = re.compile(
    r"https?://\S+|\b\d{4}[-/]\d{1,2}[-/]\d{1,2}\b|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b|\b\d{1,2}:\d{2}(:\d{2})?\b|"
    r"\bv?\d+\.\d+\.\d+\S*|#\d+|\b(?:pr|issue|bug|inc|version|v)\s?-?\d+\b|\b(?:19|20)\d{2}\b",
    re.I,
)
_NUMBER = (r"(?:~|≈|about |around |approximately |over |nearly |almost |roughly |up to )?"
           r"\d+(?:[,.]\d+)*(?:\s?(?:k|m|bn|b|thousand|million|billion)\b)?")
_SCALE_UNITS = (
    r"users?|customers?|accounts?|teams?|organi[sz]ations?|orgs?|tenants?|sites?|projects?|repositor(?:y|ies)|repos?|"
    r"merchants?|people|clients?|members?|installs?|devices?|hosts?|servers?|nodes?|machines?|pods?|clusters?|"
    r"services?|instances?|regions?|crates?|packages?|downloads?|builds?|jobs?|pipelines?|comments?|snippets?|"
    r"records?|rows?|events?|messages?|emails?|tickets?|calls?|requests?|queries|query|transactions?|orders?|"
    r"payments?|errors?|exceptions?|failures?|checkouts?|sessions?|visitors?|page ?views?|rps|qps|req/s|"
    r"signups?|sign-ups?|subscribers?|files?|objects?|volumes?|databases?|workers?|hubs?|scans?|deploys?|"
    r"deployments?|reports?|sonnets?|pages?|responses?|uploads?|apps?|applications?|tasks?|person-hours|"
    r"engineer-hours|hours of engineering"
)
# Whatever the drafting side counts as affected (agent.facts.impact) a reader of the document counts too: a draft
# that lists "3,214 invoices" must not fail the gate it was written to pass.
_COUNTED_NOUNS = "|".join(re.escape(word[:-1]) + "s?" if word.endswith("s") else re.escape(word)
                          for word in sorted(UNIT_WORDS, key=len, reverse=True) if word[:1].isalpha())
_PATTERNS: tuple[tuple[Dimension, re.Pattern], ...] = (
    ("money", re.compile(r"[$€£]\s?\d[\d,.]*\s?(?:k|m|bn|million|thousand|billion)?"
                         r"|\b\d[\d,.]*\s?(?:k|m)?\s?(?:usd|eur|gbp|dollars|euros|pounds)\b", re.I)),
    ("percent", re.compile(r"\b\d+(?:\.\d+)?\s?(?:%|percent\b|per cent\b)", re.I)),
    ("scale", re.compile(rf"\b{_NUMBER}\s+(?:[\w-]+\s+){{0,2}}?(?:{_SCALE_UNITS}|{_COUNTED_NOUNS})\b", re.I)),
    ("duration", re.compile(r"\b\d+(?:\.\d+)?\s?(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|h\b|m\b|s\b)"
                            r"(?:\s?\d+\s?(?:minutes?|mins?|m\b))?", re.I)),
)
_NO_MONEY = re.compile(r"\bno (?:revenue|financial|monetary|billing) (?:impact|loss)\b", re.I)
SLO_WORDS = re.compile(r"\b(?:SLOs?|SLAs?|error budget|availability target|uptime)\b", re.I)


class Figure(BaseModel):
    text: str
    line: int
    dimension: Dimension


_DIMENSIONS: dict[str, Dimension] = {"money": "money", "percent": "percent", "minutes": "duration"}
# "(line 12)", "(lines 3, 5)": where a quote came from, no part of what it says (its numbers are no figures)
_CITATION = re.compile(r"\s*\((?:lines?|l\.)\s*\d+(?:\s*(?:,|-|–|and)\s*\d+)*\)", re.I)


def impact_figures(items: list[Item]) -> list[Figure]:
    """Figures in the given items (the Impact sections and the summary, where headline numbers live): those the
    patterns below find, and any other number the drafts' figure reader (agent/reading/figures.py) reads as impact,
    so a draft quoting "12+ hrs unmerged" or "1,320 technicians" passes the gate it was written to pass."""
    from agent.reading.figures import read_figures

    lines = [(raw, item.line + (0 if item.kind == "row" else offset))
             for item in items if not is_unknown_label(item.text) for offset, raw in enumerate(item.text.split("\n"))]
    figures: list[Figure] = []
    texts = [_CITATION.sub("", plain(raw)) for raw, _ in lines]
    for (raw, line), text, learned in zip(lines, texts, read_figures(texts), strict=True):
        found = figures_in(raw, line)
        for figure in learned:
            number = text[figure.mention.start:figure.mention.end]
            if not any(number in known.text for known in found):
                found.append(Figure(text=number, line=line, dimension=_DIMENSIONS.get(figure.kind, "scale")))
        figures += found
    return figures


def figures_in(raw: str, line: int) -> list[Figure]:
    text = _NOISE.sub(" ", plain(raw))
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for dimension, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            taken.append(match.span())
            found.append(Figure(text=match.group(0).strip(), line=line, dimension=dimension))
    if no_money := _NO_MONEY.search(text):
        found.append(Figure(text=no_money.group(0), line=line, dimension="money"))
    return found
