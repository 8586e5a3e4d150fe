"""Sentences that feed What went well, What went poorly, Where we got lucky, the stated causes and the root-cause
hypotheses. Causes and hypotheses are what the message reader (agent.reading) reads as such; the other sections
come from the wording of retrospective remarks."""

import re
from collections.abc import Iterable
from functools import lru_cache

from pydantic import BaseModel, Field

from agent.facts.blameless import judges_a_person
from agent.facts.cue import Cue, CueGroup
from agent.facts.naming import RoleNamer, is_system
from agent.facts.phrasing import capitalise, in_question, sentence_at, strip_code
from agent.models import Message, Observation
from agent.reading import Reading

WENT_WELL = Cue(
    r"\b(?:things\s+that\s+(?:helped|went\s+well|worked)|what\s+(?:went\s+well|helped|worked)|went\s+well|worked\s+well|"
    r"good\s+thing|kudos|props\s+to|shout-?out|glad\s+(?:that|we)|helped\s+(?:a\s+lot|us))\b",
    ("things", "what", "went", "worked", "good", "kudos", "props", "shout", "glad", "helped"),
)
LUCKY = Cue(
    r"\b(?:luckily|fortunately|thankfully|we\s+got\s+lucky|lucky\s+(?:that|we|this)|by\s+luck)\b", ("luck", "fortunately", "thankfully")
)
WENT_POORLY = Cue(
    r"\b(?:the\s+(?:problem|issue)\s+was|took\s+(?:too\s+long|way\s+too\s+long|(?:us\s+)?\d+\s+min\w*\s+to)|"
    r"did(?:n't|\s+not)\s+(?:have|know)|no\s+(?:alert|runbook|dashboard|monitoring)\s+(?:for|on)|was(?:n't|\s+not)\s+clear|"
    r"confusing|we\s+missed|slow\s+to|could(?:n't|\s+not)\s+find|went\s+(?:poorly|badly)|what\s+went\s+wrong|"
    r"things\s+that\s+(?:hurt|slowed\s+us\s+down|didn't\s+go\s+well))\b",
    ("problem", "issue", "took", "did", "didn", "no", "was", "wasn", "confusing", "missed", "slow", "could", "couldn", "went",
     "what", "things"),
)
_ANY = CueGroup([WENT_WELL, LUCKY, WENT_POORLY])
_MARKER_THEN_COLON = re.compile(r"^\s*[:\-–]\s*")


class Observations(BaseModel):
    went_well: list[Observation] = Field(default_factory=list)
    went_poorly: list[Observation] = Field(default_factory=list)
    lucky: list[Observation] = Field(default_factory=list)
    hypotheses: list[Observation] = Field(default_factory=list)
    causes: list[Observation] = Field(default_factory=list)


READ_AS = {"cause_statement": "causes", "hypothesis": "hypotheses"}


def extract_observations(messages: Iterable[Message], namer: RoleNamer,
                         readings: list[Reading] | None = None) -> Observations:
    found = Observations()
    seen: set[tuple[str, str]] = set()
    for position, message in enumerate(messages):
        if is_system(message):
            continue
        for bucket, observed in _observed_in(message.text):
            _add(found, seen, bucket, observed, message, namer)
        read_bucket = READ_AS.get(readings[position].kind) if readings is not None else None
        if read_bucket is not None:
            _add(found, seen, read_bucket, _stated_part(strip_code(message.text)), message, namer)
    return found


def _stated_part(text: str) -> str:
    """A cause or hypothesis as said: its first sentence, or after a lead-in that ends in a colon."""
    head, colon, rest = text.partition(":")
    if colon and len(head) <= 40 and rest.strip():
        text = rest
    return sentence_at(text.strip(), 0)


@lru_cache(maxsize=1 << 14)  # a pure function of the text, and long channels repeat their lines
def _observed_in(text: str) -> tuple[tuple[str, str], ...]:
    """(bucket, observation) pairs a message states, in the order they are added."""
    if not _ANY.could_match(text):
        return ()
    text = strip_code(text)
    found = []
    for bucket, pattern in (("went_well", WENT_WELL), ("lucky", LUCKY), ("went_poorly", WENT_POORLY)):
        match = pattern.search(text)
        if match is not None and not in_question(text, match.start()):
            found.append((bucket, _observed(text, match)))
    return tuple(found)


def _observed(text: str, match: re.Match[str]) -> str:
    """After a heading-like marker ("things that helped: ...") the list is the observation; else the sentence."""
    sentence = sentence_at(text, match.start())
    return sentence.partition(":")[2] if _MARKER_THEN_COLON.match(text[match.end():]) else sentence


def _add(found: Observations, seen: set[tuple[str, str]], bucket: str, text: str, message: Message, namer: RoleNamer) -> None:
    written = capitalise(namer.replace(text.strip(" .,;:-")))
    # a repeat is left out before it is linted: linting is the costly step, and a channel repeats itself
    if len(written) < 4 or (bucket, written.lower()) in seen or judges_a_person(text, namer.people, message=message.text):
        return
    seen.add((bucket, written.lower()))
    getattr(found, bucket).append(Observation(text=written, source_lines=[message.line]))
