"""People named in free prose when nothing says who the people are: no roster, no authors, no roles answer yet.

A facilitation answer ("the rebuild ran out of memory; Li Wei holds the heap dump") goes to a model before anyone
has said who took part, so the names in it must be found from the prose alone. There is no list of given names (it
would miss most of the world's names); a name is found by its shape and its place (cues in data/prose_names.yaml),
and the caller says which words name things (components, products, teams, places, calendar words):

- a run of two to four capitalised words, each of which could be a name and none a thing ("Noor Haddad", "Pieter
  van Dijk", "Jae-won Park"), wherever it stands;
- one capitalised word (or a run) beside a contact: "Li Wei (li.wei@…)", "Samir (@samir)", "Li Wei <[REDACTED:email]>";
- one capitalised word after words said to or about people ("thanks Emeka", "cc Ines", "escalated to Wanjiru");
- one capitalised word opening a clause and followed by what a person does in a story ("Dmitri rolled the canary
  back", "Hamid had already tried", "Anika and Joao restarted"), by a comma and the rest of a request ("Priya, can
  we fail back?") or by an action ("Tomas to put TTL changes behind a canary").

A word the texts also write in lower case is no name ("sentinel promoted cache-2": a component), and neither is a
capitalised word opening a sentence that incident chat writes in lower case (data/ordinary_words.yaml: "Thanks",
"Ask", "Then").
"""

import re
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

from agent.privacy.common_words import COMMON_WORD_NAMES
from agent.yaml_data import parse_yaml

# one name word: a capital, then lower-case letters ("PagerDuty" and "SEV2" are not names); "Al-Sayed", "Jae-won",
# "O'Brien", "Hopper-Smith", "Zoë" and "Ibáñez" are
_NAME_WORD = r"(?:Mc|Mac|O['’]|D['’])?[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:['’-][A-Za-zÀ-ÖØ-öø-ÿ][a-zß-öø-ÿ]+)*"
_CONTACT_AFTER = re.compile(
    r"\s*[(<]\s*(?:\[REDACTED:(?:email|phone)\]|@[\w.-]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?[\d ()-]{7,})\s*[)>]"
)
_POSSESSIVE = re.compile(r"['’]s[ \t]+[a-z]")
# a role, a team or a function in parentheses after a name: "Tom (payments)", "Mei (billing lead)"
_ROLE_IN_PARENTHESES = re.compile(r"[ \t]+\((?:the[ \t]+)?[a-z][a-z-]*(?:[ \t]+[a-z][a-z-]*){0,3}\)")
_REQUEST_AFTER = re.compile(r",[ \t]+[a-z]|[ \t]+to[ \t]+[a-z]{2,}\b")  # "Priya, can we", "Tomas to put"
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\"“(*-]\s*)$")
_CLAUSE_START = re.compile(r"(?:^|[.!?;:]\s+|\n\s*|,\s+(?:and|but|so|then)\s+|\b(?:when|because|after|before|while|"
                           r"until|and|but|so|then|that|since)\s+)$")
_LOWER_WORDS = re.compile(r"(?<![\w'’@./#-])[a-zà-öø-ÿ][\w'’-]*(?![\w'’.-]*@)")


class NameCues(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    schema_version: int = Field(ge=1, le=1)
    particles: list[str] = Field(description="lower-case words inside a name ('van' in 'Pieter van Dijk')")
    story_verbs: list[str] = Field(description="verbs after a clause-opening name that make it a person's")
    between: list[str] = Field(description="words that may stand between that name and its verb")
    before_name: list[str] = Field(description="words or phrases after which a capitalised word is a person")
    after_name: list[str] = Field(description="words or phrases after a clause-opening name that make it a person's")
    before_place: list[str] = Field(description="prepositions after which a capitalised word is a place or a channel")
    honorifics: list[str] = Field(description="suffixes written after a name with a hyphen ('Tanaka-san')")


class OrdinaryWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    schema_version: int = Field(ge=1, le=1)
    words: str = Field(description="space-separated lower-case words (evals/training/ordinary_words.py)")


def _data(name: str) -> object:
    return parse_yaml(resources.files("agent.privacy").joinpath("data", name).read_text(encoding="utf-8"))


@cache
def ordinary_words() -> frozenset[str]:
    """Words incident chat writes in lower case: a capitalised one opening a sentence is no name ("Ask Bilal")."""
    return frozenset(OrdinaryWords.model_validate(_data("ordinary_words.yaml")).words.split())


def is_everyday_word(word: str) -> bool:
    """A word incident chat writes in lower case and that is no given name or surname ("Phone", "Tea", "Center"; not
    "Will" or "Long", which are names too): capitalised, it is part of a product's, a shop's or a heading's name.
    Two letters are too few to tell ("Nguyen Van An")."""
    lowered = word.lower()
    return len(lowered) > 2 and lowered in ordinary_words() and lowered not in COMMON_WORD_NAMES


@cache
def name_particles() -> frozenset[str]:
    """Lower-case words a name holds between its capitalised ones ("van" in "Pieter van Dijk", "de" in "Ana de Souza")."""
    return frozenset(_cues().particles)


@cache
def place_prepositions() -> frozenset[str]:
    """Words after which a capitalised word names a place or a channel ("in Lagos", "via Voice"), never a person."""
    return frozenset(_cues().before_place)


def _phrases(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


class _Patterns:
    def __init__(self, cues: NameCues) -> None:
        self.particles = frozenset(cues.particles)
        self.run = re.compile(rf"(?<![\w@./#'’-])(?:{_NAME_WORD})(?:[ ](?:(?:{_phrases(cues.particles)})[ ])?"
                              rf"{_NAME_WORD}){{0,3}}(?![\w@-])")
        self.story = re.compile(rf"(?:[ ](?:and|&)[ ](?P<other>{_NAME_WORD}))?[ ](?:(?:{_phrases(cues.between)})[ ])*"
                                rf"(?:[a-z]+ed|{_phrases(cues.story_verbs)})\b")
        self.addressed = re.compile(rf"(?i:\b(?:{_phrases(cues.before_name)}))[ \t]+$")
        self.after = re.compile(rf"[ \t]+(?i:{_phrases(cues.after_name)})(?![\w-])")
        self.place = re.compile(rf"(?i:\b(?:{_phrases(cues.before_place)}))[ \t]+$")
        self.honorific = re.compile(rf"-(?:{_phrases(cues.honorifics)})$")
        self.mention = re.compile(rf"@({_NAME_WORD}(?:[ ]{_NAME_WORD}){{1,2}})(?![\w@-])")


@cache
def _cues() -> NameCues:
    return NameCues.model_validate(_data("prose_names.yaml"))


@cache
def _patterns() -> _Patterns:
    return _Patterns(_cues())


def people_in_prose(texts: Iterable[str], is_thing: Callable[[str], bool],
                    ordinary: frozenset[str] | None = None) -> list[str]:
    """The people the texts name, in order of first mention. `is_thing(word)` is True for a word that names a thing,
    a team, a place, a role or a time rather than a person (given as written, capitalised). `ordinary`: words that
    open sentences without being names (the shipped list when None)."""
    texts = list(texts)
    in_lower_case = {word.lower() for text in texts for word in _LOWER_WORDS.findall(text)}
    common = ordinary_words() if ordinary is None else ordinary

    def could_be_name(word: str) -> bool:
        return word.lower() not in in_lower_case and not is_thing(word)

    def alone_a_name(word: str) -> bool:
        return could_be_name(word) and word.lower() not in common

    patterns = _patterns()
    found: dict[str, None] = {}
    for text in texts:
        for run in patterns.run.finditer(text):
            found.update(dict.fromkeys(_people_in_run(text, run, patterns, could_be_name, alone_a_name)))
        for mention in patterns.mention.finditer(text) if "@" in text else ():  # "@Ivan Petrov": a display name
            words = mention.group(1).split(" ")
            if all(could_be_name(word) for word in words[1:]):
                found[mention.group(1)] = None
    return list(found)


def _people_in_run(text: str, run: re.Match[str], patterns: _Patterns, could_be_name: Callable[[str], bool],
                   alone_a_name: Callable[[str], bool]) -> list[str]:
    words = run.group().split(" ")
    named = [w for w in words if w[0].isupper()]
    # a sentence's opening word is capitalised anyway: "Thanks Amara Nwosu" -> "Amara Nwosu"
    if named and _SENTENCE_START.search(text[max(0, run.start() - 3) : run.start()]) and not alone_a_name(named[0]):
        named = named[1:]
    while named and not could_be_name(named[0]):
        named = named[1:]
    if len(named) >= 2 and is_everyday_word(named[-1]) and not _said_to_a_person(text, run, named[0], patterns):
        return []  # "Larkspur Tea", "Merchant Center": a shop's or a product's name ends in an everyday noun
    if len(named) >= 2 and all(could_be_name(w) for w in named):
        return [_span_from(words, named)]
    if len(named) >= 3:  # "Nguyen Van An": the longest stretch of name words, two or more
        return _longest_stretch(words, named, could_be_name)
    if len(named) != 1:
        return []
    name = named[0]
    if patterns.honorific.search(name):  # "Tanaka-san"
        return [name]
    if not alone_a_name(name):
        return []
    start = run.start() + run.group().index(name)
    before = text[max(0, start - 30) : start]
    # a contact after a place or a channel is someone's there: "called Peter in Lagos (+234 …)", "via Voice (+1 …)"
    contact = _CONTACT_AFTER.match(text, run.end()) and not patterns.place.search(before)
    if contact or patterns.addressed.search(before) or _alone_on_a_line(text, run):
        return named
    if _POSSESSIVE.match(text, run.end()) or _ROLE_IN_PARENTHESES.match(text, run.end()):
        return named  # "Hannah's team", "Tom (payments)"
    if before.endswith("(") and text.startswith(")", run.end()):
        return named  # "ingress PDB (Sota)": an owner in parentheses
    opens_clause = _CLAUSE_START.search(before[-12:])
    if opens_clause and (_REQUEST_AFTER.match(text, run.end()) or patterns.after.match(text, run.end())):
        return named
    story = patterns.story.match(text, run.end())
    if story and (opens_clause or len(words) == 2):  # "Then Dmitri rolled ...": the opening word is no name
        other = story.group("other")
        return [name, *([other] if other and alone_a_name(other) else [])]
    return []


def _said_to_a_person(text: str, run: re.Match[str], first: str, patterns: _Patterns) -> bool:
    """Whether words said to or about people stand before the name ("assigned to", "thanks")."""
    start = run.start() + run.group().index(first)
    return patterns.addressed.search(text[max(0, start - 30) : start]) is not None


def _alone_on_a_line(text: str, run: re.Match[str]) -> bool:
    """A name alone on the last line of a multi-line message: a signature ("…\n\nSato")."""
    line_start = text.rfind("\n", 0, run.start()) + 1
    return line_start > 0 and not text[line_start : run.start()].strip() and not text[run.end() :].strip(" \t.\n")


def _longest_stretch(words: list[str], named: list[str], could_be_name: Callable[[str], bool]) -> list[str]:
    stretches: list[list[str]] = [[]]
    for word in named:
        if could_be_name(word):
            stretches[-1].append(word)
        elif stretches[-1]:
            stretches.append([])
    longest = max(stretches, key=len)
    return [_span_from(words, longest)] if len(longest) >= 2 else []


def _span_from(words: list[str], named: list[str]) -> str:
    """The words of the run from the first name word to the last, particles inside kept ("Pieter van Dijk")."""
    start = words.index(named[0])
    end = len(words) - words[::-1].index(named[-1])
    return " ".join(words[start:end])
