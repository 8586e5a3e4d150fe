"""Exact machine formats (pager, monitor and bot lines), read by the rules in data/machine_formats.yaml."""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from agent.facts.naming import is_pager, is_system, is_work_system
from agent.models.message import Message
from agent.reading import ReadingKind
from agent.regex_text import RegexText
from agent.yaml_data import validated_yaml

RULES = "machine_formats.yaml"


class MachineRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    source: Literal["pager", "alerting", "any_system"]
    pattern: RegexText
    kind: ReadingKind
    why: str = Field(min_length=1)


class MachineRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rules: list[MachineRule]

    @field_validator("rules")
    @classmethod
    def _unique(cls, rules: list[MachineRule]) -> list[MachineRule]:
        ids = [rule.id for rule in rules]
        if len(ids) != len(set(ids)):
            raise ValueError("rule ids must be unique")
        return rules


def load_rules(text: str, name: str = RULES) -> list[tuple[MachineRule, re.Pattern[str]]]:
    """Validated rules with their compiled patterns; a bad file is a ConfigError naming the field."""
    parsed = validated_yaml(MachineRules, text, name)
    return [(rule, re.compile(rule.pattern, re.I)) for rule in parsed.rules]


@functools.cache
def _shipped_rules() -> list[tuple[MachineRule, re.Pattern[str]]]:
    return load_rules(resources.files("agent.reading").joinpath("data", RULES).read_text(encoding="utf-8"))


def machine_kind(message: Message) -> str | None:
    """The kind an exact machine format gives this message, or None (a person's message, or no rule matches)."""
    if not is_system(message):
        return None
    pager = is_pager(message.author)
    # a pager alerts, and so may any system that is no tracker, build or reminder bot (a monitor, an unnamed bot)
    applies = {"any_system": True, "alerting": pager or not is_work_system(message.author), "pager": pager}
    for rule, pattern in _shipped_rules():
        if applies[rule.source] and pattern.search(message.text):
            return rule.kind
    return None
