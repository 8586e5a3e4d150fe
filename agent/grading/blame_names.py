"""People's names without a list of names: a capitalised word is a name when what surrounds it says so.

A list of given names misses most of the world's names and reads product and place names as people, so
none is used. A name-shaped word ("Kofi", "Marta Novak") counts as a person when the sentence gives it a
person's part: the subject of a verb only people do ("Kofi decided", "Aoife and Ines discussed"), a slip
adverb ("Kofi accidentally ..."), "who" after it, something only a person has ("Kofi's manager"), the object
of a verb addressed to people ("pinged Kofi"), or a role beside it ("SRE Kofi", "Kofi, the on-call
engineer"). Verbs that tools also do ("ran", "deleted", "paged") are not cues: "Terraform deleted the group"
is about a tool. Names found this way, and the names in fields such as "Owner: Kofi Mensah", are then
matched everywhere else in the same text, so one clear mention is enough.
"""

import re
from collections.abc import Callable, Container

from agent.grading.blame_rules import PeopleLexicon
from agent.grading.text import is_placeholder, plain
from agent.privacy.prose_names import ordinary_words

_TOKEN = r"[A-Z][a-z]+(?:['’-][A-Z]?[a-z]{2,})?"
# The capital comes first so the regex engine can skip ahead to capitals; the look-behind then checks the
# character before it ("@Kofi", "db.Kofi" and "O'Kofi" are not name starts).
_NAME = rf"[A-Z](?<![\w@.#/'’-][A-Z])[a-z]+(?:['’-][A-Z]?[a-z]{{2,}})?(?:[ ]{_TOKEN})?(?![\w@-])"
_NAME_SHAPE = re.compile(rf"{_TOKEN}(?: {_TOKEN}){{0,2}}")
_NICK = re.compile(r"[a-z][a-z0-9._-]{1,30}")
# Words that may sit between a subject and its verb. Not "is/was/were": "Prow is confirmed" is passive.
_AUXILIARIES = (
    r"had|has|have|did|does|then|also|just|still|never|again|not|first|finally|immediately|later|soon|only|"
    r"already|\w+ly|didn['’]t|hadn['’]t|doesn['’]t"
)
# After a past form, these make it a passive or a headline ("Issue noticed by the team", "Bug noticed.").
_NOT_ACTIVE = r"(?!(?<=ed)(?:[ \t]+by\b|[ \t]*(?:[.,;:!?)\n]|$)))"
_DETERMINERS = frozenset(
    "the a an our their its this that these those my your his her each every any some no another which whose".split()
)
# "who" after a name opens a clause about that person ("Idris, who owns billing"); followed by a subject it asks
# a question ("the client never asks Sentinel who the primary is"), which says nothing about the name.
_NOT_A_QUESTION = (r"(?![ \t]+(?:the|a|an|our|their|its|this|that|these|those|my|your|his|her|we|they|it|i|you|he|she)"
                   r"\b)")
_PREPOSITIONS = frozenset("at in on of to from with for by via into onto about against than like per".split())
_NOMINAL_ENDINGS = ("tion", "sion", "ment", "ness", "sis", "ncy")
_WORDS = re.compile(r"[\w'’-]+")
_PREVIOUS_WORD = re.compile(r"([\w'’-]+)([^\w]*)$")
_LIST_SPLIT = re.compile(r"\s*(?:[,;/&|+]|\band\b)\s*")
# What only an organisation has or is: "Netflix customers", "Payments team", "Canonical's infrastructure
# team", "at Phylum". A person may have a team or run an investigation, so "Kofi's team" is no evidence.
_ORGANISATION_NOUNS = (
    r"customers?|users?|employees?|infrastructure|systems?|services?|platform|servers?|network|"
    r"data\s*cent(?:er|re)s?|cloud|products?|apis?|status\s+page|website|\w+\s+team"
)
_ORGANISATION_MODIFIED = rf"{_ORGANISATION_NOUNS}|engineers?|staff|team|security|support|investigation|exchange"


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in sorted(set(words), key=len, reverse=True))


class NameCues:
    """Finds name-shaped words that the sentence around them marks as people."""

    def __init__(self, lexicon: PeopleLexicon, kind_of: Callable[[str], str | None]) -> None:
        cues = lexicon.name_cues
        self.kind_of = kind_of
        self.function_words = {word.lower() for word in lexicon.not_names}
        self.not_names = self.function_words | {w.lower() for w in [*lexicon.organisations, *lexicon.org_words]}
        roles = [r for r in lexicon.role_nouns if r.lower() not in {w.lower() for w in cues.not_before_names}]
        two = rf"(?P<n1>{_NAME})(?:[ \t]*(?:,|and|&)[ \t]+(?P<n2>{_NAME}))?"
        human = rf"(?:{_alternation(cues.human_verbs)})(?![\w-]){_NOT_ACTIVE}"
        # (pattern, whether the name is the subject, which needs it to stand free of a preposition)
        self.patterns = [
            (re.compile(rf"{two}(?:[ \t]+(?:{_AUXILIARIES}))*[ \t]+{human}"), True),
            (re.compile(rf"(?P<n1>{_NAME})[ \t]+(?:{_alternation(cues.slip_adverbs)})[ \t]+[a-z]"), True),
            (re.compile(rf"(?P<n1>{_NAME}),?[ \t]+who\b{_NOT_A_QUESTION}"), True),
            (re.compile(rf"(?P<n1>{_NAME})['’]s?[ \t]+(?:[a-z][\w-]*[ \t]+)?(?:{_alternation(cues.relation_nouns)})\b"), False),
            (re.compile(rf"(?P<n1>{_NAME}),[ \t]+(?:the|our|an?)[ \t]+(?:[\w-]+[ \t]+)?(?i:(?:{_alternation(roles)}))[ \t]*[,)]"), True),
        ]
        # Cues before the name, looked up from the one to three words before each name-shaped word:
        # "pinged Kofi", "handed over to Kofi", "SRE Kofi", "our release manager Kofi".
        self.name_shaped = re.compile(_NAME)
        self.address_verbs = {" ".join(v.lower().split()) for v in cues.address_verbs}
        self.roles = {" ".join(r.lower().split()) for r in roles}

    def find(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every name the text marks as a person's (organisations it names are left out)."""
        spans: set[tuple[int, int]] = set()
        for pattern, as_subject in self.patterns:
            for match in pattern.finditer(text):
                for group in ("n1", "n2"):
                    if match.groupdict().get(group):
                        opening = _opens_clause(text, match.start(group))
                        span = self._name_span(match.start(group), match.group(group), opening)
                        if span and (group == "n2" or self._free_standing(text, span[0], as_subject)):
                            spans.add(span)
        for match in self.name_shaped.finditer(text):
            if match.start() and text[match.start() - 1] in " \t" and self._cue_before(text, match.start()):
                span = self._name_span(match.start(), match.group(), opening=False)
                if span:
                    spans.add(span)
        if not spans:
            return []
        organisations = self._organisations(text, {text[start:end].split(" ")[0] for start, end in spans})
        return sorted(span for span in spans if text[span[0] : span[1]].split(" ")[0] not in organisations
                      and not _written_in_lower_case(text, text[span[0] : span[1]]))

    def _cue_before(self, text: str, start: int) -> bool:
        line_start = text.rfind("\n", 0, start) + 1
        found = list(_WORDS.finditer(text, max(line_start, start - 40), start))
        if not found or text[found[-1].end() : start].strip(" \t"):
            return False  # "ask: Is this ..." - punctuation between, so no cue
        words = [word.group() for word in found]
        for count in (1, 2, 3):
            if len(words) < count:
                break
            phrase = " ".join(words[-count:])
            if phrase.lower() in self.address_verbs:
                return True
            if phrase.lower() in self.roles:
                return not re.match(r"[A-Z][a-z]", phrase)  # "Incident Commander Notes" is a heading
        return False

    def is_name_word(self, word: str) -> bool:
        lowered = word.lower()
        if lowered in self.not_names or self.kind_of(word) is not None:
            return False
        if lowered.endswith("s") and len(lowered) > 3 and lowered[-2] not in "suioa":
            return False  # a plural: "Retries", "Errors", "Deploys"
        if lowered.endswith(_NOMINAL_ENDINGS) or (lowered.endswith(("ing", "ity")) and len(lowered) > 6):
            return False  # "Automation", "Diagnosis", "Dependency", "Monitoring", "Community"
        return not (lowered.endswith("ly") and len(lowered) >= 7)  # "Eventually", "Initially"

    def _name_span(self, start: int, name: str, opening: bool) -> tuple[int, int] | None:
        """The name in a one- or two-word candidate ("Then Kofi" -> "Kofi"); None for "Tech Lead" or "Load
        Balancers", where the last word says what the thing is. Opening a clause, a word that incident writing
        uses in lower case ("Not", "Only", "Ask") owes its capital to its place, which says nothing about a name."""
        words = name.split(" ")
        if len(words) == 2 and not self.is_name_word(words[1]):
            return None
        offset = 0
        lowered = words[0].lower()
        ordinary_opener = opening and lowered in ordinary_words()
        if ordinary_opener or not self.is_name_word(words[0]):
            if len(words) == 1 or not (ordinary_opener or lowered in self.function_words):
                return None
            offset, words = len(words[0]) + 1, words[1:]
        return start + offset, start + offset + len(" ".join(words))

    def _free_standing(self, text: str, start: int, as_subject: bool) -> bool:
        """Not after a determiner ("the Vault"), nor a subject after a preposition ("a researcher at Phylum
        told"), nor the second word of a longer proper noun ("GitHub Actions", "Google Cloud")."""
        line_start = text.rfind("\n", 0, start) + 1
        previous = _PREVIOUS_WORD.search(text, line_start, start)
        if previous is None:
            return True
        word, gap = previous.group(1), previous.group(2)
        lowered = word.lower()
        if lowered in _DETERMINERS or (as_subject and gap == " " and lowered in _PREPOSITIONS):
            return False
        joined = gap == " "
        ordinary_opener = lowered in ordinary_words() and _opens_clause(text, previous.start(1))
        return not (joined and word[0].isupper() and lowered not in self.function_words and self.kind_of(word) is None
                    and not ordinary_opener)

    @staticmethod
    def _organisations(text: str, candidates: set[str]) -> set[str]:
        """Candidates the text treats as organisations: "at X", "X customers", "X's infrastructure team"."""
        alternation = "|".join(re.escape(c) for c in candidates)
        evidence = re.compile(
            rf"\bat\s+(?P<a>{alternation})\b(?!['’])|\b(?P<b>{alternation})\s+(?:{_ORGANISATION_MODIFIED})\b"
            rf"|\b(?P<d>{alternation})['’]s?\s+(?:{_ORGANISATION_NOUNS})\b"
            rf"|\b(?P<c>{alternation}),\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,2}}(?:company|vendor|provider|contractor|firm)\b"
        )
        return {m.group("a") or m.group("b") or m.group("c") or m.group("d") for m in evidence.finditer(text)}


def names_in(
    value: str, finder, *, trust_shape: bool, nicks: bool = False, common_words: Container[str] = frozenset()
) -> list[str]:
    """'Alice Smith, @bob and Payments team' -> ['Alice Smith', '@bob']: the parts of a value that are people.

    With `trust_shape` (the value is stated to be people: a roles table, an "Owner:" field, front matter) any
    name-shaped part counts unless it names a role, team or function; otherwise (an owner cell, which often
    names a team such as "Checkout") a single word counts only when the text around never uses it as an
    ordinary lower-case word (`common_words`). Lower-case chat nicks ("tomas") count only with `nicks` (a
    roles table or front matter, where every value is a person).
    """
    names = []
    for part in (p.strip(" .()*_") for p in _LIST_SPLIT.split(plain(value))):
        if not part or is_placeholder(part) or len(part) > 40:
            continue
        if any(ref.text == part or ref.kind in {"handle", "email"} for ref in finder.addresses_and_known(part)):
            names.append(part)
        elif nicks and _NICK.fullmatch(part) and finder.cues.is_name_word(part):
            names.append(part)  # a chat nick in a roles table: "tomas", "j_doe"
        elif _NAME_SHAPE.fullmatch(part) and not finder.names_a_function(part):
            words = part.split(" ")
            ordinary = not trust_shape and len(words) == 1 and words[0].lower() in common_words
            if all(finder.cues.is_name_word(word) for word in words) and not ordinary:
                names.append(part)
    return names


_CLAUSE_OPENING = re.compile(r"(?:^|[.:;!?(\"“\u2014-])[\W_]*$", re.MULTILINE)


def _opens_clause(text: str, position: int) -> bool:
    """Only punctuation between the start of the line (one sentence per line) or a clause opener and `position`."""
    line_start = text.rfind("\n", 0, position) + 1
    return _CLAUSE_OPENING.search(text, line_start, position) is not None


def _written_in_lower_case(text: str, name: str) -> bool:
    """A one-word name the same text also writes in lower case as a word of its own ("sentinel promoted
    cache-2" in a pasted log) names a thing: people's names keep their capital. (str.find, not a regex with a
    look-behind first: that would try every position of a long document for every name.)"""
    if " " in name:
        return False
    word = name.lower()
    position = text.find(word)
    while position >= 0:
        end = position + len(word)
        if not (position and _joins_a_word(text[position - 1], "@./#")) and not (
                end < len(text) and _joins_a_word(text[end], "@")):
            return True
        position = text.find(word, position + 1)
    return False


def _joins_a_word(character: str, also: str) -> bool:
    """The character would continue a word beside it: a word character, an apostrophe, a hyphen, or `also`."""
    return character.isalnum() or character in "_'’-" or character in also
