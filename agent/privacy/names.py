"""Replace people's names in narrative text with their roles ("the on-call engineer") or pseudonyms.

Real names belong only in the roles table and the owner column (SPEC, Privacy and safety); everything
else is rewritten here. A person is recognised by full name, by first or last name when no other
participant shares it, by chat handle (`@priya`, `@priya.raman`, `@praman`) and by `priya@host`.
Single names that are also ordinary words ("Mark", "Will", "Max", "Page") only match when capitalised,
so "mark the incident resolved" and "max connections" stay as written.
"""

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from agent.privacy.common_words import COMMON_WORD_NAMES

_SPLIT = re.compile(r"[\s._-]+")
_DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b")
_BOT_SUFFIXES = (" app", " bot", "[bot]", "-bot", "_bot")


def pseudonym(name: str, index: int) -> str:
    """Stable stand-in for the `index`-th (1-based) participant: "responder 2", or "bot 1" for chat bots."""
    lowered = name.strip().lower()
    is_bot = lowered.endswith(_BOT_SUFFIXES) or lowered == "bot"
    return f"{'bot' if is_bot else 'responder'} {index}"


def assign_pseudonyms(names: Iterable[str]) -> dict[str, str]:
    """Name -> pseudonym in order of first appearance; people and bots are numbered separately."""
    mapping: dict[str, str] = {}
    numbers: Counter[str] = Counter()
    for name in names:
        if name in mapping:
            continue
        kind = pseudonym(name, 0).split()[0]
        numbers[kind] += 1
        mapping[name] = pseudonym(name, numbers[kind])
    return mapping


def replace_names(text: str, people: dict[str, str]) -> str:
    """`text` with every mention of a person in `people` (real name -> role phrase) replaced by the role."""
    if not people or not text:
        return text
    return _matcher_for(frozenset(people.items())).replace(text)


@lru_cache(maxsize=32)
def _matcher_for(people: frozenset[tuple[str, str]]) -> "_NameMatcher":
    """Callers rewrite thousands of messages with the same people; compile their pattern once."""
    return _NameMatcher(dict(people))


class _NameMatcher:
    """One combined pattern over every spelling of every person; longest spellings win.

    A spelling claimed by two people (a shared first name, "Lee Park" and "Ann Lee") names nobody and is
    skipped, except that a full name always belongs to its owner.
    """

    def __init__(self, people: dict[str, str]) -> None:
        self.roles: dict[str, str] = {}  # lower-cased spelling -> role
        for name, role in people.items():
            for spelling in _full_spellings(name):
                self.roles.setdefault(spelling, role)
        full = set(self.roles)
        derived: dict[str, set[str]] = {}  # spelling -> roles of the people it could mean
        for name, role in people.items():
            tokens = _tokens(name)
            for spelling in {*tokens, *_handle_spellings(tokens)}:
                derived.setdefault(spelling, set()).add(role)
        handle_only = {spelling for name in people for spelling in _handle_spellings(_tokens(name))}
        handle_only -= full | {token for name in people for token in _tokens(name)}
        for spelling, roles in derived.items():
            if len(roles) == 1 and spelling not in full and len(spelling) > 1:
                self.roles[spelling] = roles.pop()
        self.pattern = _compile(set(self.roles) - handle_only, set(self.roles))

    def replace(self, text: str) -> str:
        if self.pattern is None:
            return text
        return self.pattern.sub(self._substitute, text)

    def _substitute(self, match: re.Match[str]) -> str:
        if match.group("handle") is not None:
            return self._role_for(match, "handle")
        if match.group("user") is not None:
            host = match.group("host") or ""
            role = self._role_for(match, "user")
            # an e-mail address as a whole is the person; a shell prompt or ssh target keeps its host
            return role if _DOMAIN.fullmatch(host) else f"{role}@{host}"
        role = self._role_for(match, "name")
        possessive = match.group("possessive")
        if not possessive or (len(possessive) == 1 and not match.group("name").lower().endswith("s")):
            return role + (possessive or "")  # a lone apostrophe after "Priya" is a closing quote
        return role + possessive[0] + "s"

    def _role_for(self, match: re.Match[str], group: str) -> str:
        spelling = match.group(group)
        role = self.roles[_normalise(spelling)]
        if spelling[:1].isupper() and _at_sentence_start(match.string, match.start()):
            return role[:1].upper() + role[1:]
        return role


def _compile(plain: set[str], handles: set[str]) -> re.Pattern[str] | None:
    if not handles:
        return None
    handle_alternatives = "|".join(_alternative(s, as_word=False) for s in sorted(handles, key=len, reverse=True))
    parts = [
        rf"@(?P<handle>{handle_alternatives})(?![\w]|[.-]\w)",
        rf"(?<![\w.+-])(?P<user>{handle_alternatives})@(?P<host>[\w-]+(?:\.[\w-]+)*)?",
    ]
    if plain:
        plain_alternatives = "|".join(_alternative(s, as_word=True) for s in sorted(plain, key=len, reverse=True))
        parts.append(
            rf"(?<![\w@])(?P<name>{plain_alternatives})(?![\w@]|\.\w)(?P<possessive>['’]s\b|['’](?!\w))?"
        )
    return re.compile("|".join(parts), re.IGNORECASE)


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 40) : start].rstrip(" \t")
    if not before:
        return start <= 40 or not text[:start].strip()
    return before[-1] in ".!?\n" or (before[-1] in "-*>" and before[:-1].rstrip(" \t")[-1:] in ("", "\n"))


def _normalise(spelling: str) -> str:
    return " ".join(spelling.lower().split())


def _tokens(name: str) -> list[str]:
    return [token.lower() for token in _SPLIT.split(name.strip()) if token]


def _full_spellings(name: str) -> set[str]:
    tokens = _tokens(name)
    spellings = {_normalise(name)} if name.strip() else set()
    if len(tokens) > 1:
        spellings |= {" ".join(tokens), ".".join(tokens), "_".join(tokens)}
    return spellings


def _handle_spellings(tokens: list[str]) -> set[str]:
    if not tokens:
        return set()
    first, last = tokens[0], tokens[-1]
    spellings = {first, last, "".join(tokens), ".".join(tokens), "_".join(tokens), "-".join(tokens)}
    if len(tokens) > 1:
        spellings |= {first[0] + last, first + last[0], f"{first}.{last[0]}", f"{first[0]}.{last}"}
    return spellings


def _alternative(spelling: str, *, as_word: bool) -> str:
    """A regex alternative. As a plain word, a name that is also an ordinary word must be capitalised."""
    if as_word and spelling in COMMON_WORD_NAMES:
        return f"(?-i:{re.escape(spelling.capitalize())})"
    return r"\s+".join(re.escape(part) for part in spelling.split())
