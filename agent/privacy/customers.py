"""Customers named in the chat ("customer Priya Patel", "for Acme's Priya Patel"), found by the cue words in
data/customers.yaml, so their names can be masked wherever they recur, also where no cue stands next to them.

Responders are people too, but their names become roles (agent.privacy.names); a customer is no participant
and gets no role: the name is removed. A name is one to three capitalised words (any alphabet) that are not
words a cue is often followed by ("Customer Impact", "customer Support").
"""

import functools
import re
from collections.abc import Iterable
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent.errors import ConfigError
from agent.privacy.names import FUNCTION_WORDS

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
        self._after_cue = re.compile(
            rf"(?i:\b(?:{words}))(?:[ \t]*[:,–—-][ \t]*|[ \t]+(?i:(?:named|called)[ \t]+)?){_NAME}"
        )
        self._before_cue = re.compile(
            rf"(?<![\w'’-]){_NAME}(?:[ \t]*\((?i:the[ \t]+|a[ \t]+|our[ \t]+)?(?i:{words})\)|,[ \t]+(?i:a|an|our|the)[ \t]+(?i:{words})\b)"
        )
        self._of_organisation = re.compile(
            rf"\b(?i:for|from|at|with|of|by)[ \t]+[A-Z][\w&.-]*['’]s[ \t]+(?P<name>{_NAME_WORD}[ \t]+{_NAME_WORD})(?![ \t]+[A-Z])"
        )
        self._cue_words = ("'s", "’s", *(cue.split()[0].lower() for cue in cues.cues))

    def names_in(self, text: str) -> list[str]:
        lowered = text.lower()
        if not any(word in lowered for word in self._cue_words):
            return []
        found: list[str] = []
        for pattern in (self._after_cue, self._before_cue, self._of_organisation):
            for match in pattern.finditer(text):
                name = self._leading_name(match.group("name"), whole=pattern is not self._after_cue)
                if name and name not in found:
                    found.append(name)
        return found

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
    try:
        return CustomerFinder(CustomerCues.model_validate(yaml.safe_load(text)))
    except (ValidationError, yaml.YAMLError) as error:
        raise ConfigError(f"{name}: {error}".split("\n    For further")[0]) from None


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
