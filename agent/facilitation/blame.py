"""Blame in answers, judged both ways: "Bob messed up the config" is turned back with a question about the system,
and "the client does not ask Sentinel who the primary is" is not, because Sentinel is a component, not a person.

Who is a person comes from the session itself: authors of pasted chat (bots excluded), named roles and owners.
What is a component comes from the same record: bots, the services the facts layer names, and capitalised words
used as things ("the Jenkins job", "Sentinel promoted cache-2"). The wording that judges people is data
(data/answer_cues.yaml) plus the document linter's own rules (agent.grading.blame)."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from agent.facilitation.cues import blame_verb, person_word
from agent.models import Message

_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_CAPITALISED = re.compile(r"(?<![\w@.-])([A-Z][\w'’-]*)")
# Capitalised words that open a sentence or a clause without naming anyone.
SUBJECT_REACH = 3  # words before a judging phrase that can be its subject
_LOWER_WORD = re.compile(r"(?<![\w@.-])[a-z][a-z'’-]{2,}")
_OPENERS = frozenset(
    "the a an this that these those it its our we i then after before when while once so and but also because "
    "if there here what which our their my your his her on at in by from with during since until".split()
)
_THING_AFTER = re.compile(
    r"^\s+(?:job|jobs|service|cluster|node|pipeline|bot|primary|replica|server|instance|api|queue|worker|daemon|"
    r"proxy|client|config|build|deploy|run|alert|check|task|host|pod|pods|container|db|database|cache|app)\b", re.I)


@dataclass(frozen=True)
class Roster:
    people: frozenset[str]  # lower-case first names and full names
    components: frozenset[str]  # lower-case names of systems, bots and products, and words written in lower case

    @property
    def names(self) -> list[str]:
        return sorted(self.people)


@dataclass(frozen=True)
class Blame:
    sentence: str
    matched: str

    def reframe(self) -> str:
        return (f"“{self.sentence.strip()}” judges a person ({self.matched}). In a blameless review we ask what in the "
                "system made that easy to get wrong or hard to catch: a missing check, a default, a signal nobody saw, "
                "time pressure.")


def build_roster(messages: Iterable[Message], names: Iterable[str | None], services: Iterable[str]) -> Roster:
    """People: chat authors who are not bots, and the names given for roles and owners. Components: bots,
    services, and capitalised words used as things anywhere in the record."""
    from agent.facts.naming import is_system, system_name

    people: set[str] = set()
    components = {s.lower() for s in services}
    for message in messages:
        if message.author:
            if is_system(message):
                components.add((system_name(message.author) or message.author).lower())
            else:
                people |= _spellings(message.author)
        components |= _things_in(message.text)
        components |= set(_LOWER_WORD.findall(message.text))  # a word someone wrote in lower case names no person
    authors = people - components
    named: set[str] = set()
    for name in names:
        if name:
            named |= _spellings(name)
    # A name given for a role or an owner is a person even when someone typed it in lower case ("kofi notes").
    return Roster(frozenset(authors | named), frozenset(components - named))


def _spellings(name: str) -> set[str]:
    words = name.strip().lstrip("@").split()
    return {name.strip().lstrip("@").lower(), words[0].lower()} if words else set()


def _things_in(text: str) -> set[str]:
    found = set()
    for match in _CAPITALISED.finditer(text):
        word = match.group(1)
        before = text[max(0, match.start() - 4):match.start()].lower()
        if before.endswith("the ") or _THING_AFTER.match(text[match.end():]) or (word.isupper() and len(word) > 1):
            found.add(word.lower())
    return found


def blame_in(text: str, roster: Roster, *, as_cause: bool = False) -> Blame | None:
    """The first sentence of `text` that judges a person, or None. `as_cause`: the text is offered as a cause, so a
    sentence whose subject is a person ("Ravi set the job to Berlin time") is turned back too."""
    from agent.grading.blame import lint_text

    for sentence in (s for s in _SENTENCE.split(text) if s.strip()):
        if as_cause and (subject := _person_subject(sentence, roster)) is not None:
            return Blame(sentence, f"{subject} as the cause")
        verb = blame_verb(sentence)
        if verb is not None and _person_before(sentence[:verb.start()], roster) and \
                not _NEGATED.search(sentence[:verb.start()]):
            return Blame(sentence, verb.group(0))
        for finding in lint_text(sentence, people=roster.names):
            if finding.rule == "named-person":
                continue  # a name in an answer is a record of who did what; the document turns it into a role
            start = sentence.find(finding.matched)
            if start >= 0 and (_NEGATED.search(sentence[:start]) or _NOBODY.match(finding.matched)):
                continue  # denied, not judged
            if start < 0 or _person_before(sentence[:start], roster) or not _component_subject(sentence[:start], roster):
                return Blame(sentence, finding.matched)
    return None


def _person_before(text: str, roster: Roster) -> bool:
    if person_word(text):
        return True
    return any(_is_person(word, roster) for word in _capitalised_subjects(text))


_SUBJECT = re.compile(r"^\W*(?:(?:and|but|so|then|also|because)\s+)?(?P<who>[\w'’-]+)\s+(?!is\b|was\b|'s\b)", re.I)
_PRONOUNS = frozenset({"he", "she", "they"})
# "not really her fault", "it wasn't his fault", "nobody's fault": the judgement is denied, which is no blame.
_NOBODY = re.compile(r"(?:nobody|no\s+one)\b", re.I)
_NEGATED = re.compile(r"(?:\bnot|n['’]t|\bnobody['’]?s?|\bno\s+one['’]?s?|\bnever)(?:\s+[\w'’]+){0,2}\s*$", re.I)


def _person_subject(sentence: str, roster: Roster) -> str | None:
    match = _SUBJECT.match(sentence)
    if match is None:
        return None
    who = match.group("who")
    return who if who.lower() in _PRONOUNS or who.lower() in roster.people else None


def _component_subject(text: str, roster: Roster) -> bool:
    """A component names the subject right before the judging words ("Jenkins forgot to run …")."""
    near = " ".join(text.split()[-SUBJECT_REACH:])
    return any(not _is_person(word, roster) for word in _capitalised_subjects(near))


def _capitalised_subjects(text: str) -> list[str]:
    return [m.group(1) for m in _CAPITALISED.finditer(text) if m.group(1).lower() not in _OPENERS]


def _is_person(word: str, roster: Roster) -> bool:
    lowered = re.sub(r"['’]s$", "", word.lower())
    if lowered in roster.people:
        return True
    # An unknown capitalised subject of a blaming verb is read as a person: asking costs one question.
    return not (lowered in roster.components or word.isupper())
