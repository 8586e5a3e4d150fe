"""Fast cue matching: a regex plus guard words, so the regex only runs on messages that could match.

Extraction reads 20,000-message channels in well under a second. Every message is lower-cased and cut
into word stems once (cached), and a cue's regex runs only when one of its guard stems is present.
A guard is a word or word prefix that every match contains. Guards of three letters or more are compared
on their first three or `STEM` letters, so "escalat" covers "escalating" and "fix" covers "fixed";
shorter guards ("on", "it") must be whole words.
"""

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

STEM = 4
_TOKEN = re.compile(r"[a-z0-9]+")
_UPPER_LITERAL = re.compile(r"(?<!\\)(?<!\(\?)(?<!\(\?-i:)[A-Z]")


class Said(NamedTuple):
    lowered: str  # same length as the text, so match positions carry over
    stems: frozenset[str]


@lru_cache(maxsize=1 << 16)
def said(text: str) -> Said:
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two (İ); keep positions aligned
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    words = _TOKEN.findall(lowered)
    return Said(lowered, frozenset([*(word[:STEM] for word in words), *(word[:3] for word in words)]))


def _stem(guard: str) -> str:
    words = _TOKEN.findall(guard.lower())
    if not words:
        raise ValueError(f"guard {guard!r} has no letters or digits")
    return words[0][:STEM]


class Cue:
    """A pattern written in lower case runs on the lower-cased text (fast); `cased=True` runs it on the
    original text, ignoring case, for patterns that must keep the writer's capitals (names, quoted phrases).
    No guards and no chars means the pattern always runs."""

    __slots__ = ("cased", "chars", "pattern", "stems")

    def __init__(self, pattern: str, guards: tuple[str, ...] = (), *, chars: str = "", cased: bool = False) -> None:
        if not cased and _UPPER_LITERAL.search(pattern):
            raise ValueError(f"a lower-case cue has a capital letter: {pattern[:60]!r}")
        self.cased = cased
        self.pattern = re.compile(pattern, re.IGNORECASE if cased else 0)
        self.stems = frozenset(_stem(guard) for guard in guards)
        self.chars = chars  # symbols such as "$" or "%" that can stand in for a guard word

    def could_match(self, text: str) -> bool:
        if not self.stems and not self.chars:
            return True
        return not said(text).stems.isdisjoint(self.stems) or any(char in text for char in self.chars)

    def search(self, text: str) -> re.Match[str] | None:
        if not self.could_match(text):
            return None
        return self.pattern.search(text if self.cased else said(text).lowered)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if not self.could_match(text):
            return iter(())
        return self.pattern.finditer(text if self.cased else said(text).lowered)
