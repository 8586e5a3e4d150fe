"""Rubrics as data (rubrics/*.yaml): the schema, and loading by name or path with field-precise errors."""

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from agent.errors import ConfigError, UsageError
from agent.grading.expressions import parse
from agent.grading.schema_errors import cache_key, describe, read_yaml
from agent.models.impact import SeverityLevel
from agent.paths import RUBRICS_DIR

_SLUG = re.compile(r"^[a-z][a-z0-9_-]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Level(_Strict):
    level: int
    label: str = Field(min_length=1)
    summary: str = Field(min_length=1, description="what a document at this level looks like, in plain words")
    signals: list[str] = Field(default_factory=list, description="all must hold (on top of the lower levels)")
    requires: list[str] = Field(
        default_factory=list, description="like signals, but never forgiven by the rubric's unmet_allowed",
    )

    @field_validator("signals", "requires")
    @classmethod
    def _known_signals(cls, expressions: list[str]) -> list[str]:
        from agent.grading.signals import is_known

        for expression in expressions:
            for condition in parse(expression):
                if not is_known(condition.name):
                    raise ValueError(f"unknown signal {condition.name!r} (rubrics/README.md lists the vocabulary)")
        return expressions


class Criterion(_Strict):
    id: str
    title: str = Field(min_length=1)
    weight: float = Field(default=1.0, gt=0)
    description: str = ""
    levels: list[Level] = Field(min_length=2)
    sections: list[str] = Field(
        default_factory=list,
        description="sections this criterion reads: an open question left in them ('Unknown — ask') costs a level",
    )

    @field_validator("sections")
    @classmethod
    def _known_sections(cls, value: list[str]) -> list[str]:
        from agent.document import CANONICAL_SECTIONS

        unknown = [name for name in value if name not in CANONICAL_SECTIONS]
        if unknown:
            raise ValueError(f"unknown section(s) {unknown}; use the ids in rubrics/README.md's heading table")
        return value

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise ValueError("must be lowercase letters, digits, '-' or '_' (e.g. 'root_cause')")
        return value


class Scale(_Strict):
    min: int
    max: int

    @model_validator(mode="after")
    def _ordered(self) -> "Scale":
        if self.max <= self.min:
            raise ValueError(f"max ({self.max}) must be greater than min ({self.min})")
        return self


class Band(_Strict):
    id: str = Field(min_length=1)
    min: float
    passes: bool
    next_step: str = Field(min_length=1)
    severity_floors: bool = Field(default=True, description="reached only when every severity_minimums floor holds")


class Rubric(_Strict):
    name: str = Field(min_length=1)
    title: str = Field(min_length=1)
    description: str = ""
    scale: Scale
    aggregate: Literal["sum", "weighted_mean"]
    criteria: list[Criterion] = Field(min_length=1)
    bands: list[Band] = Field(min_length=1)
    severity_minimums: dict[SeverityLevel, float] = Field(default_factory=dict)
    unmet_allowed: int = Field(
        default=0, ge=0,
        description="a level listing more signals than this plus one is reached with this many of them unmet",
    )

    @model_validator(mode="after")
    def _consistent(self) -> "Rubric":
        expected = list(range(self.scale.min, self.scale.max + 1))
        seen: set[str] = set()
        for index, criterion in enumerate(self.criteria):
            if criterion.id in seen:
                raise ValueError(f"criteria[{index}].id: {criterion.id!r} is used twice")
            seen.add(criterion.id)
            found = [level.level for level in criterion.levels]
            if found != expected:
                raise ValueError(f"criteria[{index}].levels: must list levels {expected} in order (found {found})")
        lowest, highest = self.score_range
        mins = [band.min for band in self.bands]
        if mins != sorted(mins, reverse=True):
            raise ValueError("bands: list them from the highest min to the lowest")
        if self.bands[-1].min > lowest:
            raise ValueError(f"bands: the last band must start at or below the lowest possible score ({lowest:g})")
        if mins[0] > highest:
            raise ValueError(f"bands: {self.bands[0].id!r} starts above the highest possible score ({highest:g})")
        for severity, minimum in self.severity_minimums.items():
            if not self.scale.min <= minimum <= self.scale.max:
                raise ValueError(f"severity_minimums.{severity}: {minimum:g} is outside the scale")
        return self

    @property
    def score_range(self) -> tuple[float, float]:
        if self.aggregate == "sum":
            return self.scale.min * len(self.criteria), self.scale.max * len(self.criteria)
        return float(self.scale.min), float(self.scale.max)


_CACHE: dict[tuple[str, float], Rubric] = {}


# Other data files that live beside the rubrics but are not rubrics.
NOT_RUBRICS = frozenset({"gates", "blame_lint", "people_gates"})  # data files that share the folder


def available_rubrics() -> list[str]:
    return sorted(p.stem for p in RUBRICS_DIR.glob("*.yaml") if p.stem not in NOT_RUBRICS)


def load_rubric(name_or_path: str) -> Rubric:
    """'default', 'sre-weighted', or a path to a user's YAML file."""
    candidate = Path(name_or_path).expanduser()
    if candidate.suffix in (".yaml", ".yml") or candidate.is_file() or "/" in name_or_path:
        file = candidate
    else:
        file = RUBRICS_DIR / f"{name_or_path}.yaml"
        if name_or_path in NOT_RUBRICS or not file.is_file():
            raise UsageError(f"unknown rubric {name_or_path!r}; available: {', '.join(available_rubrics())}, "
                             "or a path to a .yaml file")
    key = cache_key(file)
    if key is not None and key in _CACHE:
        return _CACHE[key]
    data = read_yaml(file)
    try:
        rubric = Rubric.model_validate(data)
    except ValidationError as error:
        raise ConfigError(describe(file, error)) from None
    if key is not None:
        _CACHE[key] = rubric
    return rubric
