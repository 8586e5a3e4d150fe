"""The checklist gates as data (rubrics/gates.yaml): schema, loading and evaluation."""

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from agent.errors import ConfigError
from agent.grading.schema_errors import cache_key, describe, read_yaml
from agent.paths import RUBRICS_DIR
from agent.regex_text import RegexText

GATE_IDS = (
    "required_sections", "timeline_timestamps", "impact_quantified", "actions_complete", "no_orphan_actions",
    "no_vague_actions", "triggers_committed", "went_well_present", "risks_questions_next_steps",
    "blameless_language", "roles_not_names", "allspaw_test", "no_template_text", "no_secrets_or_personal_data",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SectionRequirement(_Strict):
    title: str
    any_of: list[str] = Field(min_length=1)
    hint: str
    keyword: str | None = Field(default=None, description="also satisfied by a combined heading naming it")


class VaguePattern(_Strict):
    name: str
    pattern: RegexText
    unless: RegexText | None = None
    rewrite: str


class GateParams(_Strict):
    sections: list[SectionRequirement] = Field(default_factory=list)
    min_timestamped: int = Field(default=3, ge=1)
    min_share: float = Field(default=0.8, ge=0, le=1)
    min_figures: int = Field(default=1, ge=1)
    required_fields: list[str] = Field(default_factory=lambda: ["owner", "due", "success_signal", "follow_up"])
    vague: list[VaguePattern] = Field(default_factory=list)
    noncommittal: list[str] = Field(default_factory=list)
    min_items: int = Field(default=1, ge=1)
    template_words: list[str] = Field(default_factory=list, description="words that make '[...]' a template hole")
    role_mailboxes: list[str] = Field(default_factory=list, description="e-mail local parts that name a role")

    @field_validator("required_fields")
    @classmethod
    def _known_fields(cls, value: list[str]) -> list[str]:
        unknown = [name for name in value if name not in ("owner", "due", "success_signal", "follow_up")]
        if unknown:
            raise ValueError(f"unknown action field(s) {unknown}; use owner, due, success_signal, follow_up")
        return value


class GateSpec(_Strict):
    id: str
    description: str
    fix: str
    enabled: bool = True
    blocking: bool = Field(default=True, description="a failure fails the grade; advisory gates only report")
    params: GateParams = Field(default_factory=GateParams)

    @field_validator("id")
    @classmethod
    def _known_gate(cls, value: str) -> str:
        if value not in GATE_IDS:
            raise ValueError(f"unknown gate id {value!r}; known gates: {', '.join(GATE_IDS)}")
        return value


class GateSet(_Strict):
    gates: list[GateSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> "GateSet":
        seen: set[str] = set()
        for gate in self.gates:
            if gate.id in seen:
                raise ValueError(f"gate {gate.id!r} is listed twice")
            seen.add(gate.id)
        return self

    def get(self, gate_id: str) -> GateSpec | None:
        return next((g for g in self.gates if g.id == gate_id), None)


_CACHE: dict[tuple[str, float], GateSet] = {}


def load_gates(path: str | Path | None = None) -> GateSet:
    """The shipped rubrics/gates.yaml, or a user's file; a bad file raises ConfigError naming the field."""
    file = Path(path) if path is not None else RUBRICS_DIR / "gates.yaml"
    key = cache_key(file)
    if key is None or key not in _CACHE:
        gates = _validate(read_yaml(file), file)
        if key is None:
            return gates
        _CACHE[key] = gates
    return _CACHE[key]


def _validate(data: Any, file: Path) -> GateSet:
    try:
        return GateSet.model_validate(data)
    except ValidationError as error:
        raise ConfigError(describe(file, error)) from None


def fill(template: str, **values: object) -> str:
    """Format a fix template; unknown placeholders stay visible instead of raising."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), template)
