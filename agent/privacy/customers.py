"""Customers named in the chat ("customer Priya Patel", "for Acme's Priya Patel", "Priya Patel (+44 7700 900456)
says ..."), found by the cue words in data/customers.yaml or by the phone number given with the name, so their
names can be masked wherever they recur, also where no cue stands next to them.

Responders are people too, but their names become roles (agent.privacy.names); a customer is no participant
and gets no role: the name is removed. A name is one to three capitalised words (any alphabet) that are not
words a cue is often followed by ("Customer Impact", "customer Support"), and not everyday words alone ("via
Phone (+1 …)", "Merchant Center"). A capitalised cue inside a sentence is part of a product's name ("the Client
Portal"), and a number after a place or a channel ("in Lagos (+234 …)", "via Voice (+1 …)") is no one's own.
A name is masked whole or not at all: a customer's first name inside someone else's full name ("Note added by
Rosa Villanueva" when the customer is "Rosa") is that other person's, and stays for the roles to replace.
"""

import functools
import re
from collections.abc import Callable, Iterable
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

from agent.privacy.names import FUNCTION_WORDS
from agent.privacy.prose_names import is_everyday_word, place_prepositions
from agent.yaml_data import validated_yaml

CUES_FILE = "customers.yaml"
_NAME_WORD = r"[^\W\d_][\w'’-]*"
_NAME = rf"(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})"
_NAME_SHAPE = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-])*")  # no digits and no punctuation: "Contact:" is a label
_DASHES = frozenset("-–—")
# what a capitalised word stands after when it opens a sentence, a line, a quote or a list item
_OPENING = re.compile(r"(?:^|[.!?:;\n\"“‘'(*>•-])[ \t]*$")
_POSSESSIVE_TAIL = re.compile(r"['’]s?$")


class CustomerCues(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: int = Field(ge=1, le=1)
    cues: list[str] = Field(min_length=1)
    responder_cues: list[str] = Field(
        min_length=1, description="phrases of incident tools' logs after which a name is a responder's")
    titles: list[str] = Field(description="titles written before a name, compared case-insensitively ('Mr', 'Dr')")
    never_names: str = Field(description="words that follow a cue without being a name, separated by spaces")


class CustomerFinder:
    """Finds customer names in text with the cues of one CustomerCues file."""

    def __init__(self, cues: CustomerCues) -> None:
        words = "|".join(re.escape(cue).replace(r"\ ", r"[ \t]+") for cue in sorted(cues.cues, key=len, reverse=True))
        self._never = frozenset(cues.never_names.lower().split()) | FUNCTION_WORDS
        # cues are found in the lower-cased text (a case-insensitive alternation tried at every position is slow)
        self._cue = re.compile(rf"\b(?:{words})")
        # a title and initials before the name are no part of it: "a patient (Mrs. L. Moreau, …)", "customer Dr. Lim"
        self._titles = frozenset(title.lower() for title in cues.titles)
        titles = "|".join(map(re.escape, cues.titles))
        self._name_after_cue = re.compile(
            rf"(?:[ \t]*(?P<separator>[:,–—(-])[ \t]*|[ \t]+(?i:(?:named|called)[ \t]+)?)"
            rf"(?P<title>(?i:{titles})\.?[ \t]+)?(?:[A-Z]\.[ \t]*)*{_NAME}")
        # "Priya Patel (customer)", "Priya Patel, a customer"; not "…, a patient (Mrs. L. Moreau)": the name follows
        self._cue_after_name = re.compile(
            rf"[ \t]*\((?i:the[ \t]+|a[ \t]+|our[ \t]+)?(?i:{words})\)"
            rf"|,[ \t]+(?i:a|an|our|the)[ \t]+(?i:{words})\b(?![ \t]*\()"
        )
        # a person given with their own phone number ("VIP escalation, Priya Patel (+44 7700 900456) says ...")
        self._contact_after_name = re.compile(r"[ \t]*[(,][ \t]*(?:\+\d[\d ().-]{6,}\d|\(\d{3}\)[ .-]?\d{3}[ .-]\d{4})")
        self._of_organisation = re.compile(
            rf"\b(?i:for|from|at|with|of|by)[ \t]+[A-Z][\w&.-]*['’]s[ \t]+(?P<name>{_NAME_WORD}[ \t]+{_NAME_WORD})(?![ \t]+[A-Z])"
        )
        responders = "|".join(re.escape(cue.lower()).replace(r"\ ", r"[ \t]+") for cue in cues.responder_cues)
        self._responder_cue = re.compile(rf"\b(?:{responders})")  # found in the lower-cased text, as the cues are
        self._name_after_responder_cue = re.compile(rf"[ \t]+{_NAME}")
        self._any_cue = re.compile("|".join(re.escape(" ".join(cue.lower().split())) for cue in cues.cues)).search

    def names_in(self, text: str) -> list[str]:
        lowered = text.lower()
        found: list[str | None] = []
        if self._any_cue(lowered):
            found += [self._name_after(m) for m in self._names_after_cues(text, lowered)]
            found += [self._trailing_name(text[max(0, m.start() - 80):m.start()]) for m in self._cue_after_name.finditer(text)]
        if "(" in text or "," in text:
            found += [self._contact_name(text[max(0, m.start() - 80):m.start()])
                      for m in self._contact_after_name.finditer(text)]
        if "'s " in text or "’s " in text:
            found += [self._leading_name(m.group("name"), whole=True) for m in self._of_organisation.finditer(text)]
        return list(dict.fromkeys(name for name in map(_without_everyday_words, found) if name))

    def responders_in(self, text: str) -> list[str]:
        """The people a tool's log names as responders: "Note added by Rosa Villanueva", "Acknowledged by …"."""
        lowered = text.lower()
        if not self._responder_cue.search(lowered):
            return []
        found = [self._leading_name(m.group("name"), whole=False) for cue in self._responder_cue.finditer(_lowered(text))
                 if (m := self._name_after_responder_cue.match(text, cue.end()))]
        return list(dict.fromkeys(name for name in found if name))

    def _names_after_cues(self, text: str, lowered: str) -> list[re.Match[str]]:
        lowered = _lowered(text) if len(lowered) != len(text) else lowered
        return [m for cue in self._cue.finditer(lowered)
                if not _inside_a_product_name(text, cue) and (m := self._name_after_cue.match(text, cue.end()))]

    def _name_after(self, match: re.Match[str]) -> str | None:
        """The name a cue introduces. After a dash or a parenthesis comes what the cue is made of ("the staff tenant
        - Moodle, HR portal, payroll", "the HTTP client (OkHttp)", "a customer (Acme Dental)"): a person there is
        written with a title ("a patient (Mrs. Moreau, …)"), or after a dash with their full name."""
        name = self._leading_name(match.group("name"), whole=False)
        separator = match.group("separator")
        if name and not match.group("title") and (separator == "(" or (separator in _DASHES and " " not in name)):
            return None
        return name

    def _contact_name(self, before: str) -> str | None:
        """The name a phone number is given with, unless a place or a channel stands there ("in Lagos", "via SMS")."""
        name = self._trailing_name(before)
        if name is None:
            return None
        preceding = before[: before.rfind(name)].split()[-1:]
        return None if preceding and preceding[0].lower() in place_prepositions() else name

    def is_title(self, word: str) -> bool:
        return word.lower() in self._titles

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
                and _NAME_SHAPE.fullmatch(word) is not None)


def _without_everyday_words(name: str | None) -> str | None:
    """The name without the everyday words that open it ("Notified Ana Lima": a capitalised sentence opener), or
    None when it is all everyday words ("via Phone", "Merchant Center")."""
    words = (name or "").split()
    while words and is_everyday_word(words[0]):
        words.pop(0)
    return " ".join(words) or None


def _lowered(text: str) -> str:
    """`text` in lower case, character for character (a dotted İ lower-cases to two: positions would not align)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


def _inside_a_product_name(text: str, cue: re.Match[str]) -> bool:
    """A cue chat writes in lower case, capitalised inside a sentence, is part of a name: "Merchant Center", "the
    Client Portal" (a German "Kundin" is capitalised anyway)."""
    start = cue.start()
    return (text[start].isupper() and is_everyday_word(cue.group())
            and not _OPENING.search(text[max(0, start - 3) : start]))


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


def responder_names(texts: Iterable[str]) -> set[str]:
    """Every person the texts name as a responder (a tool's log: "Note added by Rosa Villanueva")."""
    finder = shipped_finder()
    return {name for text in texts for name in finder.responders_in(text)}


class CustomerMentions:
    """Where customers' names stand in a text: each whole name, and each of its words alone (a surname alone still
    names the customer), longest first. One word is masked only where it stands alone: beside another name word
    ("Rosa Villanueva" when the customer is "Rosa" or "Rosa Patel") it is part of someone else's name, which is
    masked whole or not at all."""

    def __init__(self, names: list[str], except_words: Iterable[str] = ()) -> None:
        skip = {word.lower() for word in except_words}
        spellings = set(names)
        for name in names:
            spellings.update(word for word in name.split() if len(word) > 2 and word.lower() not in skip)
        alternatives = "|".join(r"[ \t]+".join(map(re.escape, s.split()))
                                for s in sorted(spellings, key=len, reverse=True))
        self._pattern = re.compile(rf"(?<![\w@.-])(?:{alternatives})(?![\w@]|-\w)") if spellings else None

    def masked(self, text: str, mask: Callable[[], str]) -> str:
        """`text` with each mention replaced by what `mask` returns."""
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: m.group() if self._in_another_name(m) else mask(), text)

    def _in_another_name(self, match: re.Match[str]) -> bool:
        if not _ONE_WORD.fullmatch(match.group()):
            return False
        text = match.string
        after = _WORD_AFTER.match(text, match.end())
        if after and _could_be_name_word(after.group(1)):
            return True
        before = _WORD_BEFORE.search(text, 0, match.start())
        return bool(before and _could_be_name_word(before.group(1))
                    and not _OPENING.search(text[max(0, before.start(1) - 3) : before.start(1)]))


_ONE_WORD = re.compile(r"\S+")
_WORD_AFTER = re.compile(r"[ \t]+([^\W\d_][\w'’-]*)")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'’-]*)[ \t]+$")


def _could_be_name_word(word: str) -> bool:
    """Capitalised, and no everyday word, function word or title: "Villanueva" in "Rosa Villanueva", not "Says",
    "Team" or "Frau"."""
    return (len(word) > 1 and word[0].isupper() and word[1].islower() and not is_everyday_word(word)
            and word.lower() not in FUNCTION_WORDS and not shipped_finder().is_title(word))
