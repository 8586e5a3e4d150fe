"""Fast cue matching: a regex plus guard words, so the regex only runs on messages that could match.

Extraction has to keep up with 20,000-message channels. Each distinct message text is lower-cased and cut
into runs of letters and runs of digits once (cached); from their prefixes follows the set of cues whose
guards the text contains, and only those cues run their regex. A guard is a word or word prefix that every
match contains: guards of three letters or more are compared on their first three or `STEM` letters
("escalat" covers "escalating", "fix" covers "fixed"); shorter guards ("on", "it") must be whole words.
`chars` guards are symbols such as "$" or "%". tests/test_facts_properties.py checks every cue's guards
against its pattern.
"""

import re
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

STEM = 4
_TOKEN = re.compile(r"[a-z]+|[0-9]+")
_UPPER_LITERAL = re.compile(r"(?<!\\)(?<!\(\?)(?<!\(\?-i:)[A-Z]")
_BY_STEM: dict[str, list["Cue"]] = {}
_GUARD_STEMS: set[str] = set()
_BY_CHAR: dict[str, list["Cue"]] = {}
_ALWAYS: list["Cue"] = []


class Said(NamedTuple):
    lowered: str  # same length as the text, so match positions carry over to the original
    cues: frozenset["Cue"]  # the cues whose guards the text contains


@lru_cache(maxsize=1 << 16)
def said(text: str) -> Said:
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two (İ); keep positions aligned
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    words = _TOKEN.findall(lowered)
    stems = {word[:STEM] for word in words} | {word[:3] for word in words}
    found = set(_ALWAYS)
    for stem in stems.intersection(_GUARD_STEMS):
        found.update(_BY_STEM[stem])
    for char in _BY_CHAR:
        if char in text:
            found.update(_BY_CHAR[char])
    return Said(lowered, frozenset(found))


def _stem(guard: str) -> str:
    words = _TOKEN.findall(guard.lower())
    if not words:
        raise ValueError(f"guard {guard!r} has no letters or digits")
    return words[0][:STEM]


class Cue:
    """A pattern written in lower case runs on the lower-cased text (fast; slice the original text with the
    match positions to quote it). `cased=True` runs it on the original text, ignoring case, for patterns that
    must tell capitals apart (names). No guards and no chars means the pattern always runs."""

    __slots__ = ("_compiled", "cased", "source")

    def __init__(self, pattern: str, guards: tuple[str, ...] = (), *, chars: str = "", cased: bool = False) -> None:
        if not cased and _UPPER_LITERAL.search(pattern):
            raise ValueError(f"a lower-case cue has a capital letter: {pattern[:60]!r}")
        self.cased = cased
        self.source = pattern
        self._compiled: re.Pattern[str] | None = None
        for stem in {_stem(guard) for guard in guards}:
            _BY_STEM.setdefault(stem, []).append(self)
            _GUARD_STEMS.add(stem)
        for char in set(chars):
            _BY_CHAR.setdefault(char, []).append(self)
        if not guards and not chars:
            _ALWAYS.append(self)
        said.cache_clear()  # texts seen before this cue existed must be indexed again

    @property
    def pattern(self) -> re.Pattern[str]:
        """Compiled on first use: a short transcript holds the guards of few cues, so most never run."""
        if self._compiled is None:
            self._compiled = re.compile(self.source, re.IGNORECASE if self.cased else 0)
        return self._compiled

    def could_match(self, text: str) -> bool:
        return self in said(text).cues

    def search(self, text: str, found: Said | None = None, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """`found` is `said(text)` when the caller already has it (saves a cache lookup in hot loops);
        `pos`/`endpos` limit the search to one sentence of the text."""
        found = found or said(text)
        if self not in found.cues:
            return None
        return self.pattern.search(text if self.cased else found.lowered, pos, endpos)

    def finditer(self, text: str, found: Said | None = None) -> Iterator[re.Match[str]]:
        found = found or said(text)
        if self not in found.cues:
            return iter(())
        return self.pattern.finditer(text if self.cased else found.lowered)


def registered_cues() -> list[Cue]:
    """Every cue created so far (the tests check each one's guards against its pattern)."""
    found = {id(cue): cue for cues in (*_BY_STEM.values(), *_BY_CHAR.values(), _ALWAYS) for cue in cues}
    return list(found.values())


class CueGroup:
    """Several cues checked at once: a message that could match none of them skips them all."""

    __slots__ = ("members",)

    def __init__(self, cues: Iterable[Cue]) -> None:
        self.members = frozenset(cues)

    def could_match(self, text: str) -> bool:
        return not self.members.isdisjoint(said(text).cues)
