"""Gates a drafter may leave open: only those whose missing input is a question for people (rubrics/people_gates.yaml),
and only with that question, which then goes into the document's Open questions."""

from functools import lru_cache

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent.errors import ConfigError
from agent.paths import RUBRICS_DIR
from agent.yaml_data import parse_yaml

PEOPLE_GATES_FILE = "people_gates.yaml"
MIN_QUESTION_WORDS = 3


class PeopleGate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    needs: str = Field(description="what only people can supply")


class PeopleGates(BaseModel):
    model_config = ConfigDict(extra="forbid")

    gates: list[PeopleGate]


class OpenGate(BaseModel):
    gate: str = Field(description="id of a failing gate that only people can meet")
    question: str = Field(description="the question for people that would meet it; it goes into Open questions")


class RefusedGate(BaseModel):
    gate: str
    why: str = Field(description="'not_for_people' (the draft can meet it) or 'no_question' (no question given)")


@lru_cache(maxsize=1)
def people_gates() -> dict[str, str]:
    """Gate id -> what only people can supply."""
    path = RUBRICS_DIR / PEOPLE_GATES_FILE
    try:
        parsed = PeopleGates.model_validate(parse_yaml(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise ConfigError(f"{PEOPLE_GATES_FILE}: {str(error).splitlines()[0]}") from None
    return {gate.id: gate.needs for gate in parsed.gates}


def review_open_gates(declared: list[OpenGate], failing: set[str]) -> tuple[list[OpenGate], list[RefusedGate]]:
    """Which declared gates may stay open, and which may not and why; gates that pass now are dropped."""
    accepted: list[OpenGate] = []
    refused: list[RefusedGate] = []
    for open_gate in declared:
        if open_gate.gate not in failing:
            continue  # met meanwhile: nothing to leave open
        if open_gate.gate not in people_gates():
            refused.append(RefusedGate(gate=open_gate.gate, why="not_for_people"))
        elif len(open_gate.question.split()) < MIN_QUESTION_WORDS:
            refused.append(RefusedGate(gate=open_gate.gate, why="no_question"))
        else:
            accepted.append(open_gate)
    return accepted, refused
