"""Who a sentence talks about: named people, handles, roles, "we", and the subject right before a phrase.

Without a list of the people involved, names are found by shape, from most to least reliable:
@handles and Google-style `user@` (unambiguous); e-mail addresses; "<Name> (the on-call engineer)" and
"the on-call engineer (Name / JD)" (a role vouches for the name); then common given names. The last is a
trade-off: a list of common names misses rare ones and could hit product names, so names that are also
products or places (Aurora, Cassandra, Sydney) are left out of the list, and names that are ordinary words
(Will, Mark, Grace) count only when capitalised mid-sentence. When the caller knows the people (the roles
table, the owner column, front matter), those names are matched too, whatever their shape.
"""

import bisect
import re
from dataclasses import dataclass

from agent.grading.blame_rules import COLLECTIVE_MARK, PERSON_MARK, PeopleLexicon

NAMED_KINDS = frozenset({"name", "handle", "email", "initials", "known"})
_SKIPPED_BEFORE_VERB = frozenset(
    """just also then still again even never already really not had has have did does do was were is are been
    be being could would should might must may can will shall only all both each ever once""".split()
)
_TOKEN = re.compile(r"\([^()]*\)|[\w'’§¤-]+|[^\s\w]")
_WORD = re.compile(r"[^\W_][\w'’-]*")
_CONTRACTED_NOT = re.compile(r"n['’]t$")
_CAPITALISED = re.compile(r"[A-Z][a-z]+(?:['’-][A-Za-z]+)?")
_PROPER_NOUN = re.compile(r"[A-Z][a-z]*[A-Z]?\w*")  # "Lockheed", "San", "DropletWorkflow"
_DATE_NEXT = re.compile(r"[ \t]+\d{1,4}(?:st|nd|rd|th)?\b")
_DATE_BEFORE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?[ \t]+$")
_CLAUSE_OPENERS = frozenset('.:;!?("“\u2014-')
_EMAIL = re.compile(r"(?<![\w@.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Google-style "user@"; hyphenated ones ("sre-team@", "project-discuss@") are lists, not people.
_USER_AT = re.compile(r"(?<![\w@.+-])[a-z][a-z0-9._]{1,30}@(?![\w.-])")
_HANDLE = re.compile(r"(?<![\w@.])@([A-Za-z0-9][\w.-]*[A-Za-z0-9_]|[A-Za-z0-9])")
# "Priya (the on-call engineer)" and "the on-call engineer (Priya)" / "(JD)": a role next to a name.
_PARENTHESIS = re.compile(r"\(\s*([^()]{1,60}?)\s*\)")
_WORDS_BEFORE = re.compile(r"([A-Z][a-z]+(?: [A-Z][a-z]+)?|[\w-]+)\s+$")
_STATED_ROLE = re.compile(r"(?:the|our|an?)\s+\S")
_NAME_OR_INITIALS = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?|[A-Z]{2,3}|(?:[A-Z]\.){2,3}")
_CLAUSE_BREAK = re.compile(
    r"[;:!?\u2014]|\s\u2013\s|,\s+(?:and|but|so|because|while|whereas|although|which)\b|\b(?:because|but|although|whereas)\b"
)


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
        self.word_like = {name.lower() for name in lexicon.word_like_first_names}
        self._names = {name.lower() for name in lexicon.first_names} | self.word_like
        self._kinds: dict[str, str] = {}
        self._phrases: dict[str, str] = {}
        for kind, entries in (("role", lexicon.role_nouns), ("pronoun", lexicon.pronouns), ("collective", lexicon.collective)):
            single, phrases = _words(entries)
            self._kinds.update(dict.fromkeys(single, kind))
            self._phrases.update(dict.fromkeys(phrases, kind))
        plurals = {f"{word}{ending}" for word, kind in self._kinds.items() if kind == "role" for ending in ("s", "es")}
        self._worth_a_look = self._names | set(self._kinds) | plurals | {p.split()[0] for p in self._phrases}
        self._non_person = {handle.lower() for handle in lexicon.non_person_handles}
        self._org_words = {word.lower() for word in lexicon.org_words}
        self._not_initials = set(lexicon.not_initials)
        self.speaker_label = re.compile(lexicon.speaker_label, re.MULTILINE)
        self._known_cache: dict[tuple[str, ...], re.Pattern | None] = {}

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
        self, text: str, known: re.Pattern | None = None, sentence_starts: list[int] | None = None
    ) -> list[PersonRef]:
        """Every person reference; where two overlap, the more reliable kind (checked first) wins.

        `sentence_starts` (sorted offsets) says where sentences begin, for names that are also words.
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
        for match in known.finditer(text) if known is not None else ():
            if not (match.group().isupper() and len(match.group()) > 1):
                add(match.start(), match.end(), "known")
        for match in _PARENTHESIS.finditer(text) if "(" in text else ():
            self._name_beside_role(text, match, add)
        self._find_words(text, starts, add)
        return sorted(refs, key=lambda ref: ref.start)

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
                    if match.group().strip("@").split("@")[0].lower() not in self._non_person:
                        yield match.start(), match.end(), kind
                    break
            position = text.find("@", position + 1)

    def _name_beside_role(self, text: str, parenthesis: re.Match, add) -> None:
        before = _WORDS_BEFORE.search(text, max(0, parenthesis.start() - 40), parenthesis.start())
        if before is None:
            return
        inside = parenthesis.group(1)
        if _STATED_ROLE.match(inside) and self.has_role(inside):
            name = _CAPITALISED.match(before.group(1))
            if name and self.kind_of(before.group(1).split()[0]) is None and before.group(1)[0].isupper():
                add(before.start(1), before.end(1), "name")
        elif self.kind_of(before.group(1).split()[-1]) == "role" and _NAME_OR_INITIALS.fullmatch(inside):
            if inside.replace(".", "").upper() not in self._not_initials:
                start = parenthesis.start(1)
                add(start, start + len(inside), "initials" if inside.replace(".", "").isupper() else "name")

    def _find_words(self, text: str, starts: list[int], add) -> None:
        words = list(_WORD.finditer(text))
        for index, match in enumerate(words):
            word = match.group()
            if _without_possessive(word.lower()) not in self._worth_a_look:
                continue
            start = match.start()
            if start and text[start - 1] in "@.":
                continue
            previous = words[index - 1] if index else None
            after_proper_noun = (
                previous is not None
                and text[previous.end() : start] == " "
                and _PROPER_NOUN.fullmatch(previous.group()) is not None
                and not previous.group().isupper()
                and self.kind_of(previous.group()) is None
                and previous.group().lower() not in self._names
                and not _opens_clause(text, previous.start(), _sentence_start(starts, start))
            )
            following = words[index + 1] if index + 1 < len(words) else None
            adjacent = following is not None and text[match.end() : following.start()] == " "
            if adjacent:
                second = _without_possessive(following.group())
                phrase = f"{word.lower()} {second.lower()}"
                if phrase in self._phrases:
                    add(start, following.start() + len(second), self._phrases[phrase])
                    continue
            bare = _without_possessive(word)
            if bare.lower() in self._names and not after_proper_noun and self._plausible_name(bare, text, start, starts):
                end = start + len(bare)
                if adjacent and bare[0].isupper() and _CAPITALISED.fullmatch(following.group()):
                    if self.kind_of(following.group()) is None and following.group().lower() not in self._names:
                        end = following.start() + len(_without_possessive(following.group()))
                add(start, end, "name")
                continue
            kind = self.kind_of(word)
            if kind == "role" and word[0].isupper() and after_proper_noun:
                continue  # "Secrets Manager", "Workflow Manager": a product, not a person
            if kind and not (kind == "collective" and word.isupper()):
                add(start, start + len(bare), kind)

    def _plausible_name(self, word: str, text: str, start: int, starts: list[int]) -> bool:
        """Title case or all lower case (never an ACRONYM); words that are also names need a capital mid-sentence."""
        if not (word.islower() or _CAPITALISED.fullmatch(word)):
            return False
        if _DATE_NEXT.match(text, start + len(word)) or _DATE_BEFORE.search(text[max(0, start - 8) : start]):
            return False  # "Jan 5", "12 May": a month
        if word.lower() in self.word_like:
            return word[0].isupper() and not _opens_clause(text, start, _sentence_start(starts, start))
        return True

    def known_pattern(self, people: tuple[str, ...]) -> re.Pattern | None:
        """A pattern for the given people: whole names, handles, and each given or family name of 3+ letters."""
        if people not in self._known_cache:
            self._known_cache[people] = self._compile_known(people)
        return self._known_cache[people]

    def _compile_known(self, people: tuple[str, ...]) -> re.Pattern | None:
        words: set[str] = set()
        for person in people:
            cleaned = person.strip().lstrip("@").strip()
            if cleaned:
                words.add(cleaned)
                words.update(part for part in re.split(r"[\s._]+", cleaned) if len(part) >= 3 and part.isalpha())
        words = {w for w in words if w.lower() not in self._non_person and self.kind_of(w) is None}
        words -= {w for w in words if w.lower() in self.word_like}  # 'Mark' stays a name via the word-like rule
        if not words:
            return None
        alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
        return re.compile(r"(?<![\w@.-])@?(?:" + alternation + r")(?![\w@-])", re.IGNORECASE)


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


def head_subject(masked: str, position: int) -> str:
    """'person', 'collective' or 'other': who does the verb at `position`, judged from the words before it."""
    tokens = _TOKEN.findall(masked[:position])
    if _person_with_relative_clause(tokens):
        return "person"  # "The engineer who wrote the migration | shouldn't have ..."
    looked_through_relative = False
    while tokens:
        token = tokens.pop()
        lowered = token.lower()
        if token.startswith("(") or lowered in _SKIPPED_BEFORE_VERB or _CONTRACTED_NOT.search(lowered):
            continue
        if len(lowered) > 4 and lowered.endswith("ly") and lowered.isalpha():
            continue
        if token.startswith(PERSON_MARK) or lowered == "who":
            generic = bool(tokens) and tokens[-1].lower() in {"any", "every", "each"}  # "any engineer could have"
            return "other" if generic or _gerund_subject(tokens) else "person"
        if token.startswith(COLLECTIVE_MARK):
            return "collective"
        if lowered in {"that", "which"} and not looked_through_relative:
            looked_through_relative = True
            continue
        return "other"
    return "other"


def _person_with_relative_clause(tokens: list[str]) -> bool:
    clause = _current_clause(tokens)
    for index, token in enumerate(clause[:3]):
        if token.startswith(PERSON_MARK):
            return index + 1 < len(clause) - 1 and clause[index + 1].lower() == "who"
    return False


def _current_clause(tokens: list[str]) -> list[str]:
    for index in range(len(tokens) - 1, -1, -1):
        if tokens[index] in {",", ";", ":", ".", "!", "?"}:
            return tokens[index + 1 :]
    return tokens


def _gerund_subject(tokens: list[str]) -> bool:
    """'Appointing an incident manager could have helped': the subject is the action, not the manager."""
    clause = _current_clause(tokens)
    return bool(clause) and len(clause[0]) > 4 and clause[0].lower().endswith("ing") and clause[0].isalpha()


def clause_subjects(masked: str, start: int, end: int) -> set[str]:
    """Kinds of reference ('person', 'collective') anywhere in the clause around [start, end)."""
    before = list(_CLAUSE_BREAK.finditer(masked, 0, start))
    clause_start = before[-1].end() if before else 0
    after = _CLAUSE_BREAK.search(masked, end)
    clause = masked[clause_start : after.start() if after else len(masked)]
    return {kind for mark, kind in ((PERSON_MARK, "person"), (COLLECTIVE_MARK, "collective")) if mark in clause}
