"""What a typed answer amounts to before it enters the record: a non-answer, blame aimed at a person, or a yes/no
to a reading of the log. The wording lives in data/answer_cues.yaml; this module only applies it."""

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from agent.regex_text import RegexText

CUES_FILE = "answer_cues.yaml"


class NonAnswerCue(BaseModel):
    id: str
    pattern: RegexText
    reason: str


class AnswerCues(BaseModel):
    schema_version: Literal[1]
    non_answers: list[NonAnswerCue]
    blame_verbs: RegexText
    person_words: RegexText
    agreements: RegexText
    disagreements: RegexText
    moment_cues: dict[str, RegexText]
    corrections: RegexText
    failure_words: RegexText
    same_moment: RegexText


@dataclass(frozen=True)
class NonAnswer:
    id: str
    reason: str
    text: str


@lru_cache(maxsize=1)
def answer_cues() -> AnswerCues:
    from agent.errors import ConfigError
    from agent.grading.schema_errors import describe, read_yaml

    path = Path(str(resources.files("agent.facilitation").joinpath("data", CUES_FILE)))
    try:
        return AnswerCues.model_validate(read_yaml(path))
    except ValidationError as error:
        raise ConfigError(describe(path, error)) from None


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def non_answer(text: str, *, short_ok: bool = False) -> NonAnswer | None:
    """The cue a piece of an answer matches when it says nothing usable ('not sure', 'the usual', 'someone
    should…', 'discuss later'); `short_ok` accepts a plain yes/no (to 'is it over?' or a reading of the log)."""
    for cue in answer_cues().non_answers:
        if short_ok and cue.id == "guess":
            continue
        if _compiled(cue.pattern).search(text.strip()):
            return NonAnswer(cue.id, cue.reason, text.strip())
    return None


def agrees(text: str) -> bool | None:
    """True for 'yes, that's right', False for 'no, it was 19:40', None when the reply is neither."""
    if _compiled(answer_cues().disagreements).search(text):
        return False
    if _compiled(answer_cues().agreements).search(text):
        return True
    return None


def blame_verb(text: str) -> re.Match[str] | None:
    return _compiled(answer_cues().blame_verbs).search(text)


def person_word(text: str) -> re.Match[str] | None:
    return _compiled(answer_cues().person_words).search(text)


def names_moment(kind: str, clause: str) -> bool:
    """Whether a clause says which moment its time dates ('the alert fired at 19:49' for a detection)."""
    pattern = answer_cues().moment_cues.get(kind)
    return pattern is not None and _compiled(pattern).search(clause) is not None


def corrects(text: str) -> bool:
    """Whether words between two times take the first back ('actually no, let me correct that')."""
    return _compiled(answer_cues().corrections).search(text) is not None


def restates(between: str) -> bool:
    """Whether the words between a zoned time and a bare one say they are the same moment ('which is')."""
    return _compiled(answer_cues().same_moment).search(between) is not None


def tells_failure(text: str) -> bool:
    """Whether a sentence tells of something that did not work ('scaling made it worse')."""
    return _compiled(answer_cues().failure_words).search(text) is not None
