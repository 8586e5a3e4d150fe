"""Customers named in the chat ("customer Priya Patel", "for Acme's Priya Patel", "Priya Patel (+44 7700 900456)
says ..."), found by the cue words in data/customers.yaml or by the phone number given with the name, so their
names can be masked wherever they recur, also where no cue stands next to them.

Responders are people too, but their names become roles (agent.privacy.names); a customer is no participant
and gets no role: the name is removed. A name is one to three capitalised words (any alphabet) that are not
words a cue is often followed by ("Customer Impact", "customer Support").
"""

import functools
import re
from collections.abc import Iterable
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

from agent.privacy.names import FUNCTION_WORDS
from agent.yaml_data import validated_yaml

CUES_FILE = "customers.yaml"
_NAME_WORD = r"[^\W\d_][\w'’-]*"
_NAME = rf"(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})"
_POSSESSIVE_TAIL = re.compile(r"['’]s?$")


class CustomerCues(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: int = Field(ge=1, le=1)
    cues: list[str] = Field(min_length=1)
    never_names: str = Field(description="words that follow a cue without being a name, separated by spaces")


class CustomerFinder:
    """Finds customer names in text with the cues of one CustomerCues file."""

    def __init__(self, cues: CustomerCues) -> None:
        words = "|".join(re.escape(cue).replace(r"\ ", r"[ \t]+") for cue in sorted(cues.cues, key=len, reverse=True))
        self._never = frozenset(cues.never_names.lower().split()) | FUNCTION_WORDS
        # cues are found in the lower-cased text (a case-insensitive alternation tried at every position is slow)
        self._cue = re.compile(rf"\b(?:{words})")
        self._name_after_cue = re.compile(rf"(?:[ \t]*[:,–—-][ \t]*|[ \t]+(?i:(?:named|called)[ \t]+)?){_NAME}")
        self._cue_after_name = re.compile(
            rf"[ \t]*\((?i:the[ \t]+|a[ \t]+|our[ \t]+)?(?i:{words})\)|,[ \t]+(?i:a|an|our|the)[ \t]+(?i:{words})\b"
        )
        # a person given with their own phone number ("VIP escalation, Priya Patel (+44 7700 900456) says ...")
        self._contact_after_name = re.compile(r"[ \t]*[(,][ \t]*(?:\+\d[\d ().-]{6,}\d|\(\d{3}\)[ .-]?\d{3}[ .-]\d{4})")
        self._of_organisation = re.compile(
            rf"\b(?i:for|from|at|with|of|by)[ \t]+[A-Z][\w&.-]*['’]s[ \t]+(?P<name>{_NAME_WORD}[ \t]+{_NAME_WORD})(?![ \t]+[A-Z])"
        )
        self._any_cue = re.compile("|".join(re.escape(" ".join(cue.lower().split())) for cue in cues.cues)).search

    def names_in(self, text: str) -> list[str]:
        lowered = text.lower()
        found: list[str | None] = []
        if self._any_cue(lowered):
            found += [self._leading_name(m.group("name"), whole=False) for m in self._names_after_cues(text, lowered)]
            found += [self._trailing_name(text[max(0, m.start() - 80):m.start()]) for m in self._cue_after_name.finditer(text)]
        if "(" in text or "," in text:
            found += [self._trailing_name(text[max(0, m.start() - 80):m.start()])
                      for m in self._contact_after_name.finditer(text)]
        if "'s " in text or "’s " in text:
            found += [self._leading_name(m.group("name"), whole=True) for m in self._of_organisation.finditer(text)]
        return list(dict.fromkeys(name for name in found if name))

    def _names_after_cues(self, text: str, lowered: str) -> list[re.Match[str]]:
        if len(lowered) != len(text):  # lower-casing changed the length (a dotted İ): positions would not align
            lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
        return [m for cue in self._cue.finditer(lowered) if (m := self._name_after_cue.match(text, cue.end()))]

    def _trailing_name(self, before: str) -> str | None:
        """The name words that end `before` ("... emailed by Priya Patel"), at most three."""
        words: list[str] = []
        for word in reversed(before.split()[-3:]):
            word = word.lstrip("\"'“‘(<[")
            if not self._is_name_word(word):
                break
            words.insert(0, word)
        return " ".join(words) or None

    def _leading_name(self, candidate: str, *, whole: bool) -> str | None:
        """The name words at the start of `candidate` (all of it when `whole`), or None."""
        words = []
        for word in candidate.split():
            bare = _POSSESSIVE_TAIL.sub("", word)
            if not self._is_name_word(bare):
                if whole:
                    return None
                break
            words.append(bare)
            if bare != word:
                break
        return " ".join(words) or None

    def _is_name_word(self, word: str) -> bool:
        # "IPs", "APIs", "URLs": a second capital makes an acronym, not a name ("McKenzie" keeps a small second)
        return (len(word) > 1 and word[0].isupper() and not word[1].isupper() and word.lower() not in self._never
                and not any(ch.isdigit() for ch in word))


def load_cues(text: str, name: str = CUES_FILE) -> CustomerFinder:
    return CustomerFinder(validated_yaml(CustomerCues, text, name))


@functools.cache
def shipped_finder() -> CustomerFinder:
    return load_cues(resources.files("agent.privacy").joinpath("data", CUES_FILE).read_text(encoding="utf-8"))


def customer_names(texts: Iterable[str]) -> list[str]:
    """Every customer name the texts mention, in order of first mention."""
    finder = shipped_finder()
    found: list[str] = []
    for text in texts:
        found.extend(name for name in finder.names_in(text) if name not in found)
    return found


def name_pattern(names: Iterable[str], *, except_words: Iterable[str] = ()) -> re.Pattern[str] | None:
    """One pattern for every name and each of its words (a surname alone still names the customer), longest
    first. `except_words` (lower case: the participants' own names) are never masked alone."""
    skip = {word.lower() for word in except_words}
    spellings = set()
    for name in names:
        spellings.add(name)
        spellings.update(word for word in name.split() if len(word) > 2 and word.lower() not in skip)
    if not spellings:
        return None
    alternatives = "|".join(r"[ \t]+".join(map(re.escape, s.split())) for s in sorted(spellings, key=len, reverse=True))
    return re.compile(rf"(?<![\w@.-])(?:{alternatives})(?![\w@]|-\w)")
