"""Who a sentence talks about: named people, handles, roles, pronouns and "we" (subjects: blame_subjects).

Named people are found, from most to least reliable: @handles and Google-style `user@`; e-mail addresses
(not mailboxes such as help@ or sre-all@); the people the caller knows (the roles table, the owner column,
"Owner:" fields, front matter), whatever their shape; "<Name> (the on-call engineer)" and "the on-call
engineer (Name / JD)"; and capitalised words that the sentence marks as people (blame_names). There is no
list of given names.
"""

import bisect
import re
from dataclasses import dataclass

from agent.grading.blame_names import NameCues
from agent.grading.blame_rules import COLLECTIVE_MARK, PERSON_MARK, PeopleLexicon

NAMED_KINDS = frozenset({"name", "handle", "email", "initials", "known"})
_WORD = re.compile(r"[^\W_][\w'’-]*")
_CAPITALISED = re.compile(r"[A-Z][a-z]+(?:['’-][A-Za-z]+)?")
_PROPER_NOUN = re.compile(r"[A-Z][a-z]*[A-Z]?\w*")  # "Lockheed", "San", "DropletWorkflow"
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")
_KNOWN_CACHE_SIZE = 256
# Not right after a quantity ("5 min", "20 max"); a clock time ("14:05 Min restarted") is fine.
_AFTER_A_NUMBER = r"(?<!(?<![\d:.])\d )(?<!(?<![\d:.])\d\d )(?<!(?<![\d:.])\d\d\d )"
_CLAUSE_OPENERS = frozenset('.:;!?("“\u2014-')
_EMAIL = re.compile(r"(?<![\w@.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Google-style "user@"; hyphenated ones ("sre-team@", "project-discuss@") are lists, not people.
_USER_AT = re.compile(r"(?<![\w@.+-])[a-z][a-z0-9._]{1,30}@(?![\w.-])")
_HANDLE = re.compile(r"(?<![\w@.])@(?=[\w.-]*[A-Za-z])([A-Za-z0-9][\w.-]*[A-Za-z0-9_]|[A-Za-z])")  # "@1.2.2" is a version
_ADDRESS_PARTS = re.compile(r"[._+-]+")
# "Priya (the on-call engineer)" and "the on-call engineer (Priya)" / "(JD)": a role next to a name.
# Possessive spaces: a parenthesis left open before a run of blanked link text made the engine retry every split
# of the spaces (a thousand steps per parenthesis); an all-space inside, the only match lost, names nobody.
_PARENTHESIS = re.compile(r"\(\s*+([^()]{1,60}?)\s*+\)")
_WORDS_BEFORE = re.compile(r"([A-Z][a-z]+(?: [A-Z][a-z]+)?|[\w-]+)\s+$")
_STATED_ROLE = re.compile(r"(?:the|our|an?)\s+\S")
_NAME_OR_INITIALS = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?|[A-Z]{2,3}|(?:[A-Z]\.){2,3}")


@dataclass(frozen=True)
class PersonRef:
    start: int
    end: int
    text: str
    kind: str  # name, handle, email, initials, known (named); role, pronoun, collective (not findings)

    @property
    def named(self) -> bool:
        return self.kind in NAMED_KINDS


def _without_possessive(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _words(entries: list[str]) -> tuple[set[str], set[str]]:
    """Single words and two-word phrases ('tech lead', 'no one'), lower-cased."""
    lowered = {" ".join(entry.lower().split()) for entry in entries}
    return {e for e in lowered if " " not in e}, {e for e in lowered if " " in e}


class PeopleFinder:
    """Finds person references in cleaned text; `mask` then hides them from the rule patterns."""

    def __init__(self, lexicon: PeopleLexicon) -> None:
        self._kinds: dict[str, str] = {}
        self._phrases: dict[str, str] = {}
        for kind, entries in (("role", lexicon.role_nouns), ("pronoun", lexicon.pronouns), ("collective", lexicon.collective)):
            single, phrases = _words(entries)
            self._kinds.update(dict.fromkeys(single, kind))
            self._phrases.update(dict.fromkeys(phrases, kind))
        plurals = {f"{word}{ending}" for word, kind in self._kinds.items() if kind == "role" for ending in ("s", "es")}
        self._worth_a_look = set(self._kinds) | plurals | {p.split()[0] for p in self._phrases}
        # the same words with a possessive, so the scan over every word is one set lookup
        self._worth_with_possessive = self._worth_a_look | {f"{w}{s}" for w in self._worth_a_look for s in ("'s", "’s")}
        self._non_person = {handle.lower() for handle in lexicon.non_person_handles}
        self._org_words = {word.lower() for word in lexicon.org_words}
        self._not_initials = set(lexicon.not_initials)
        self.speaker_label = re.compile(lexicon.speaker_label, re.MULTILINE)
        self._known_cache: dict[tuple[str, ...], re.Pattern | None] = {}
        self.cues = NameCues(lexicon, self.kind_of)

    def kind_of(self, word: str) -> str | None:
        """'role', 'pronoun' or 'collective' for a single word (role plurals included), else None."""
        lowered = _without_possessive(word.lower())
        found = self._kinds.get(lowered)
        if found is None and lowered.endswith("s"):
            found = self._kinds.get(lowered[:-1]) or (self._kinds.get(lowered[:-2]) if lowered.endswith("es") else None)
            found = found if found == "role" else None
        return found

    def has_role(self, text: str) -> bool:
        return any(self.kind_of(m.group()) == "role" for m in _WORD.finditer(text)) or any(
            phrase in " ".join(text.lower().split()) for phrase, kind in self._phrases.items() if kind == "role"
        )

    def names_a_function(self, text: str) -> bool:
        """'Comms Lead', 'Payments team', 'On-call': a role, team or function, not a person's name."""
        return any(self.kind_of(word) or word.lower() in self._org_words for word in _WORD.findall(text))

    def find(
        self,
        text: str,
        known: re.Pattern | None = None,
        sentence_starts: list[int] | None = None,
        named_spans: list[tuple[int, int]] | None = None,
    ) -> list[PersonRef]:
        """Every person reference; where two overlap, the more reliable kind (checked first) wins.

        `sentence_starts` (sorted offsets) says where sentences begin; `named_spans` are names already found
        by their cues (NameCues.find on the same text), found here when not given.
        """
        starts = sentence_starts or [0]
        refs: list[PersonRef] = []
        taken = bytearray(len(text))

        def add(start: int, end: int, kind: str) -> None:
            if start < end and not any(taken[start:end]):
                taken[start:end] = b"\x01" * (end - start)
                refs.append(PersonRef(start, end, text[start:end], kind))

        for start, end, kind in self._at_signs(text):
            add(start, end, kind)
        if known is not None:
            self._find_known(text, known, starts, add)
        for match in _PARENTHESIS.finditer(text) if "(" in text else ():
            self._name_beside_role(text, match, add)
        for start, end in self.cues.find(text) if named_spans is None else named_spans:
            add(start, end, "name")
        self._find_words(text, starts, add)
        return sorted(refs, key=lambda ref: ref.start)

    def addresses_and_known(self, text: str, known: re.Pattern | None = None) -> list[PersonRef]:
        """Only the unambiguous references: handles, e-mail addresses and the given known people."""
        refs: list[PersonRef] = [PersonRef(s, e, text[s:e], kind) for s, e, kind in self._at_signs(text)]
        taken = {i for ref in refs for i in range(ref.start, ref.end)}
        for match in known.finditer(text) if known is not None else ():
            if not taken.intersection(range(match.start(), match.end())):
                refs.append(PersonRef(match.start(), match.end(), match.group(), "known"))
        return sorted(refs, key=lambda ref: ref.start)

    def _find_known(self, text: str, known: re.Pattern, starts: list[int], add) -> None:
        """Known people, except a capitalised word opening a clause that the text also uses in lower case
        ("Page the on-call ..." in a review that has a Jimmy Page and says "page" elsewhere)."""
        lower_words: set[str] | None = None
        for match in known.finditer(text):
            found = match.group()
            if found.isupper() and len(found) > 1:
                continue
            if found[:1].isupper() and " " not in found and _opens_clause(text, match.start(), _sentence_start(starts, match.start())):
                if lower_words is None:
                    lower_words = set(_LOWER_WORD.findall(text))
                if found.lower() in lower_words:
                    continue
            add(match.start(), match.end(), "known")

    def _at_signs(self, text: str):
        """E-mail addresses, `user@` and @handles: (start, end, kind) around each '@' in the text."""
        position = text.find("@")
        while position >= 0:
            window = max(0, position - 64)
            for pattern, kind in ((_EMAIL, "email"), (_USER_AT, "handle"), (_HANDLE, "handle")):
                match = pattern.search(text, window, position + 256)
                while match and match.end() <= position:
                    match = pattern.search(text, match.end(), position + 256)
                if match and match.start() <= position < match.end():
                    if not self._names_a_mailbox(match.group().strip("@").split("@")[0]):
                        yield match.start(), match.end(), kind
                    break
            position = text.find("@", position + 1)

    def _names_a_mailbox(self, local_part: str) -> bool:
        """'help', 'sre-all', 'payments-leads': a channel, list or function, not one person."""
        lowered = local_part.lower()
        if lowered in self._non_person:
            return True
        parts = [part for part in _ADDRESS_PARTS.split(lowered) if part]
        return len(parts) > 1 and any(
            part in self._non_person or part in self._org_words or self.kind_of(part) for part in parts
        )

    def _name_beside_role(self, text: str, parenthesis: re.Match, add) -> None:
        before = _WORDS_BEFORE.search(text, max(0, parenthesis.start() - 40), parenthesis.start())
        if before is None:
            return
        inside = parenthesis.group(1)
        if _STATED_ROLE.match(inside) and self.has_role(inside):
            name = _CAPITALISED.match(before.group(1))
            if name and before.group(1)[0].isupper() and all(self.cues.is_name_word(w) for w in before.group(1).split()):
                add(before.start(1), before.end(1), "name")
        elif (self.kind_of(before.group(1).split()[-1]) == "role" and _NAME_OR_INITIALS.fullmatch(inside)
              and inside.replace(".", "").upper() not in self._not_initials):
            start = parenthesis.start(1)
            add(start, start + len(inside), "initials" if inside.replace(".", "").isupper() else "name")

    def _find_words(self, text: str, starts: list[int], add) -> None:
        """Role nouns ("the on-call engineer"), pronouns and "we"."""
        words = list(_WORD.finditer(text))
        for index, match in enumerate(words):
            word = match.group()
            if word.lower() not in self._worth_with_possessive:
                continue
            start = match.start()
            if start and text[start - 1] in "@.":
                continue
            following = words[index + 1] if index + 1 < len(words) else None
            if following is not None and text[match.end() : following.start()] == " ":
                second = _without_possessive(following.group())
                phrase = f"{word.lower()} {second.lower()}"
                if phrase in self._phrases:
                    add(start, following.start() + len(second), self._phrases[phrase])
                    continue
            kind = self.kind_of(word)
            if kind == "role" and word[0].isupper() and index and self._after_proper_noun(text, words[index - 1], start, starts):
                continue  # "Secrets Manager", "Workflow Manager": a product, not a person
            if kind and not (kind == "collective" and word.isupper()):
                add(start, start + len(_without_possessive(word)), kind)

    def _after_proper_noun(self, text: str, previous: re.Match, start: int, starts: list[int]) -> bool:
        return (
            text[previous.end() : start] == " "
            and _PROPER_NOUN.fullmatch(previous.group()) is not None
            and not previous.group().isupper()
            and self.kind_of(previous.group()) is None
            and not _opens_clause(text, previous.start(), _sentence_start(starts, start))
        )

    def known_pattern(self, people: tuple[str, ...]) -> re.Pattern | None:
        """A pattern for the given people (see _compile_known), compiled once per set of people."""
        if people not in self._known_cache:
            if len(self._known_cache) >= _KNOWN_CACHE_SIZE:
                self._known_cache.clear()
            self._known_cache[people] = self._compile_known(people)
        return self._known_cache[people]

    def _compile_known(self, people: tuple[str, ...]) -> re.Pattern | None:
        """Whole names and handles in any case; each given or family name of 3+ letters only as written or
        capitalised, and never right after a number, so a "Min" in the roles table does not turn "(5 min)"
        into a person."""
        whole: set[str] = set()
        parts: set[str] = set()
        for person in people:
            cleaned = person.strip().lstrip("@").strip()
            if not cleaned:
                continue
            if not cleaned.isalpha():
                whole.add(cleaned)
            for part in re.split(r"[\s._]+", cleaned):
                if len(part) >= 3 and part.isalpha():
                    # a lower-case nick of three letters ("min", "max") is too often an ordinary word
                    parts.update({part, part[0].upper() + part[1:]} if len(part) > 3 else {part[0].upper() + part[1:]})
        whole = {w for w in whole if w.lower() not in self._non_person}
        parts = {w for w in parts if w.lower() not in self._non_person and self.kind_of(w) is None}
        if not whole and not parts:
            return None

        def alternation(words: set[str]) -> str:
            return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))

        options = [f"(?i:{alternation(whole)})"] if whole else []
        options += [alternation(parts)] if parts else []
        return re.compile(r"(?<![\w@.-])" + _AFTER_A_NUMBER + r"@?(?:" + "|".join(options) + r")(?![\w@-])")


def _sentence_start(starts: list[int], position: int) -> int:
    return starts[max(0, bisect.bisect_right(starts, position) - 1)]


def _opens_clause(text: str, position: int, floor: int) -> bool:
    """True when only punctuation lies between a clause opener (sentence start, ':', '(' ...) and `position`."""
    index = position - 1
    while index >= floor and not text[index].isalnum():
        if text[index] in _CLAUSE_OPENERS:
            return True
        index -= 1
    return index < floor


def mask(text: str, refs: list[PersonRef]) -> str:
    """The same text with every person reference overwritten by §___ (or ¤__ for "we"), keeping offsets."""
    chars = list(text)
    for ref in refs:
        mark = COLLECTIVE_MARK if ref.kind == "collective" else PERSON_MARK
        chars[ref.start : ref.end] = mark + "_" * (ref.end - ref.start - 1)
    return "".join(chars)
