"""Impact figures with units ("about 2,340 checkout attempts failed", "$48k", "12% of users", "down for 40 minutes").

Which numbers are impact figures, and what each counts, is read by the figure model (agent/reading/figures.py);
this module keeps the phrase each came from, one figure per value and unit, and where the numbers came from.
"""

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from agent.facts.cue import Cue
from agent.facts.phrasing import shorten, strip_code
from agent.models import Impact, ImpactFigure, Message

if TYPE_CHECKING:
    from agent.reading.figures import ReadFigure

# The phrase a figure is quoted with: its clause, cut at sentence and clause ends, where a mark is followed by a space
# ("1,320", "2.5" and "14:05" are no ends), and at a dash or an opening bracket.
_CLAUSE_END = re.compile(r"[.!?;,:]+(?=\s|$)|\n|\s[-\u2013\u2014(]\s?")
WORDS_BEFORE, WORDS_AFTER = 6, 8  # a quoted phrase: what is counted is said just after the number, the hedge before
_DIGIT = re.compile(r"\d")
HOW_WE_KNOW = Cue(
    r"\b(?:from|according\s+to|per|based\s+on)\s+(?P<source>(?:the\s+|our\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:logs?|dashboards?|metrics|analytics|data|tickets|graphs?|database|reports?|billing))\b",
    ("from", "according", "per", "based"),
)
_AFFECTED_PEOPLE = frozenset({"users", "customers", "requests", "errors", "other"})
_BUSINESS = frozenset({"money", "orders", "transactions"})


def extract_impact(messages: Iterable[Message]) -> Impact:
    from agent.reading.figures import read_figures

    said = [(message, strip_code(message.text)) for message in messages if _DIGIT.search(message.text)]
    quotes: dict[str, list[tuple[ReadFigure, str]]] = {}  # each distinct text's figures with their quoted phrases
    for text, read in zip((text for _, text in said), read_figures([text for _, text in said]), strict=True):
        if text not in quotes:
            clauses = _clause_spans(text, [figure.mention for figure in read])
            quotes[text] = [(figure, _phrase(text, *clauses[_clause_of(text, figure.mention.start)])) for figure in read]
    # A figure is kept when its quoted phrase still reads as that figure: the document shows the phrase, and a
    # reader of the document (the grader, a person) has only the phrase ("lag is 40k" reads as no impact alone).
    phrases = list(dict.fromkeys(phrase for found in quotes.values() for _, phrase in found))
    still = {phrase: {figure.value for figure in again} for phrase, again in zip(phrases, read_figures(phrases), strict=True)}
    figures: list[tuple[float, ImpactFigure]] = []
    known: set[tuple[float, str]] = set()  # (value, unit) of the figures so far: a long channel repeats them
    for message, text in said:
        for figure, phrase in quotes[text]:
            if (figure.value, figure.kind) not in known and figure.value in still[phrase]:
                figures.append((figure.confidence, ImpactFigure(value=figure.value, unit=figure.kind, text=phrase,
                                                                currency=figure.mention.currency,
                                                                source_lines=[message.line])))
                known.add((figure.value, figure.kind))
    # Surest first: the summary and the Impact section lead with the figures least likely to be misread.
    ordered = [figure for _, figure in sorted(figures, key=lambda pair: -pair[0])]
    lines = {line for figure in ordered for line in figure.source_lines}
    sources = [f"{text[match.start('source'):match.end('source')]} (line {message.line})"
               for message, text in said if message.line in lines and (match := HOW_WE_KNOW.search(text))]
    return Impact(
        figures=ordered,
        customer=_joined(f.text for f in ordered if f.unit in _AFFECTED_PEOPLE),
        business=_joined(f.text for f in ordered if f.unit in _BUSINESS),
        how_we_know=_joined(sources),
    )


def _clause_of(text: str, position: int) -> int:
    return sum(1 for _ in _CLAUSE_END.finditer(text, 0, position))


def _clause_spans(text: str, mentions) -> dict[int, tuple[int, int]]:
    """From the first to the last number read in each clause: figures said together ("Rp 12.500 each x 1.880
    couriers = Rp 23,5 juta") are quoted together, once."""
    spans: dict[int, tuple[int, int]] = {}
    for mention in mentions:
        clause = _clause_of(text, mention.start)
        start, end = spans.get(clause, (mention.start, mention.end))
        spans[clause] = (min(start, mention.start), max(end, mention.end))
    return spans


def _phrase(text: str, start: int, end: int) -> str:
    """The clause stating the figures from `start` to `end`, hedge and all ("about 2,340 checkout attempts
    failed"): at most a few words either side of them, an ellipsis where a longer clause was cut."""
    before, after = text[:start], text[end:]
    ends = list(_CLAUSE_END.finditer(before))
    lead = before[ends[-1].end() if ends else 0:].split()
    tail = after[:found.start()] if (found := _CLAUSE_END.search(after)) else after
    trail = tail.split()
    opening = ["…", *lead[-WORDS_BEFORE:]] if len(lead) > WORDS_BEFORE else lead
    closing = " ".join(trail[:WORDS_AFTER]) + (" …" if len(trail) > WORDS_AFTER else "")
    spacer = " " if tail[:1].isspace() else ""
    phrase = (" ".join([*opening, text[start:end]]) + spacer + closing).strip(" ,:;-(")
    return shorten(phrase[:-1] if phrase.endswith(")") and phrase.count(")") > phrase.count("(") else phrase, 120)


def _joined(parts: Iterable[str]) -> str | None:
    unique = list(dict.fromkeys(parts))
    return "; ".join(unique) if unique else None
