"""Spot transcript lines that try to steer an AI. Such lines stay data: callers flag or quarantine them.

The shapes are data (data/injection.yaml, schema below): role markers, "ignore previous instructions", persona
switches, a model or bot addressed and given orders, orders about what the review must conclude. Text is
screened in its readable form (NFKC without invisible characters) with look-alike letters read as the Latin
letters they imitate, so a disguised copy of a flagged line is flagged too.
"""

import re
from functools import cache, lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from agent.regex_text import RegexText, checked_regex
from agent.transcript.decoding import readable
from agent.yaml_data import validated_yaml

RULES_FILE = "injection.yaml"
_FRAGMENT = re.compile(r"\{\{([A-Z_]+)\}\}")
_MAX_NESTING = 4


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class InjectionShape(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    why: str = Field(description="what the shape catches, with an example")
    pattern: str = Field(description="a regular expression; {{NAME}} inserts a fragment")
    case_sensitive: bool = False


class InjectionRules(_Strict):
    schema_version: int = Field(ge=1, le=1)
    fragments: dict[str, RegexText] = Field(default_factory=dict)
    hints: list[RegexText] = Field(min_length=1, description="one of these is in any lower-cased text a shape matches")
    look_alikes: dict[str, str] = Field(default_factory=dict, description="a letter -> the Latin letter it imitates")
    shapes: list[InjectionShape] = Field(min_length=1)

    @field_validator("look_alikes")
    @classmethod
    def _single_letters(cls, table: dict[str, str]) -> dict[str, str]:
        if bad := [key for key, value in table.items() if len(key) != 1 or not value.isascii() or len(value) != 1]:
            raise ValueError(f"look_alikes maps one letter to one ASCII letter: {bad}")
        return table

    @model_validator(mode="after")
    def _shapes_compile(self) -> "InjectionRules":
        for shape in self.shapes:
            try:
                expanded = self.expand(shape)
                if unknown := set(_FRAGMENT.findall(expanded)):
                    raise ValueError(f"unknown fragment(s) {sorted(unknown)}")
                checked_regex(expanded)
            except ValueError as error:
                raise ValueError(f"shape {shape.id}: {error}") from None
        return self

    def expand(self, shape: InjectionShape) -> str:
        """The shape's pattern with every fragment inserted; fragments may use fragments defined in the file."""
        pattern = shape.pattern
        for _ in range(_MAX_NESTING):
            expanded = _FRAGMENT.sub(lambda found: self.fragments.get(found.group(1), found.group(0)), pattern)
            if expanded == pattern:
                return pattern  # an unknown fragment is left in place for the validator to name
            pattern = expanded
        raise ValueError(f"shape {shape.id}: fragments nested more than {_MAX_NESTING} deep (a fragment uses itself?)")


def load_rules(text: str, name: str = RULES_FILE) -> InjectionRules:
    """The validated rules; a bad file is a ConfigError naming the field."""
    return validated_yaml(InjectionRules, text, name)


RULES = load_rules(resources.files("agent.privacy").joinpath("data", RULES_FILE).read_text(encoding="utf-8"))
# A 20,000-message channel skips the big alternation (about 20 µs a message) on nearly every line.
_HINTS = re.compile("|".join(f"(?:{hint})" for hint in RULES.hints))
_LATIN = str.maketrans(RULES.look_alikes)


@cache
def _shape_finders() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The case-sensitive shapes, then the others, each joined into one alternation. Compiled when a line first
    passes the hints: most transcripts have none that does, and compiling took a tenth of a short draft."""
    sensitive = "|".join(f"(?:{RULES.expand(s)})" for s in RULES.shapes if s.case_sensitive)
    insensitive = "|".join(f"(?:{RULES.expand(s)})" for s in RULES.shapes if not s.case_sensitive)
    return re.compile(sensitive), re.compile(insensitive, re.IGNORECASE)


def screening_form(text: str) -> str:
    """What the shapes read: the readable form, look-alike letters replaced by the Latin ones they imitate."""
    return text if text.isascii() else readable(text).translate(_LATIN)


def could_instruct(text: str) -> bool:
    """False only when no shape can match. Non-ASCII text always counts: re's IGNORECASE folds a few
    non-ASCII letters onto ASCII ones (Kelvin sign, long s) that `str.lower` keeps apart."""
    return not text.isascii() or _HINTS.search(text.lower()) is not None


@lru_cache(maxsize=1 << 16)  # channels repeat lines (alerts firing again, bots, "+1"); every line is screened
def instruction_span(text: str) -> str | None:
    """The first phrase of `text` that addresses an AI with instructions, or None. Useful in warnings."""
    screened = screening_form(text)
    if not could_instruct(screened):
        return None
    for pattern in _shape_finders():
        found = pattern.search(screened)
        if found:
            return found.group(0).strip()
    return None


def is_instruction_to_ai(text: str) -> bool:
    """True when `text` tries to instruct an AI (prompt injection); such text must be treated as data only."""
    return instruction_span(text) is not None
