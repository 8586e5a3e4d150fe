"""The blame-lint rule file (rubrics/blame_lint.yaml): its schema, loading, and compiled rules.

Rules are data: each names its patterns, the subject it needs (a person, anyone but "we", anyone), an
explanation and rewrite templates. Loading validates everything (regexes compile, templates only use fields
that exist) so a broken file fails at start-up with its path and the field, not halfway through a lint.
"""

import re
import string
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from agent.errors import ConfigError
from agent.grading.schema_errors import describe, read_yaml
from agent.paths import RUBRICS_DIR
from agent.regex_text import checked_regex, compiled_regex

DEFAULT_RULES_PATH = RUBRICS_DIR / "blame_lint.yaml"
# Person references and "we"/"us" are masked with these characters (same length as the words they
# replace) so one macro matches a name, a handle or a role noun alike.
PERSON_MARK = "\u00a7"
COLLECTIVE_MARK = "\u00a4"
# A person may carry a parenthetical: "the team (especially two members)", "Priya (the on-call engineer)".
BUILTIN_MACROS = {"person": rf"{PERSON_MARK}_*(?:\s*\([^()]{{0,60}}\))?", "collective": f"{COLLECTIVE_MARK}_*"}
SENTENCE_FIELDS = frozenset({"sentence", "matched"})
_MACRO = re.compile(r"\{([a-z_]+)\}")


def _template_fields(template: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError as exc:
        raise ValueError(f"bad template {template!r}: {exc}") from None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NameCueWords(_Strict):
    """What around a capitalised word makes it a person's name (see blame_names)."""

    human_verbs: list[str] = Field(min_length=1)
    slip_adverbs: list[str] = Field(default_factory=list)
    relation_nouns: list[str] = Field(default_factory=list)
    address_verbs: list[str] = Field(default_factory=list)
    not_before_names: list[str] = Field(default_factory=list)


class PeopleLexicon(_Strict):
    role_nouns: list[str] = Field(min_length=1)
    pronouns: list[str]
    collective: list[str]
    name_cues: NameCueWords
    not_names: list[str] = Field(default_factory=list)
    organisations: list[str] = Field(default_factory=list)
    org_words: list[str] = Field(default_factory=list)
    non_person_handles: list[str] = Field(default_factory=list)
    field_labels: list[str] = Field(default_factory=list)
    not_initials: list[str] = Field(default_factory=list)
    speaker_label: str

    @field_validator("speaker_label")
    @classmethod
    def _label_compiles(cls, value: str) -> str:
        return checked_regex(value)


class Rewrite(_Strict):
    when: str
    template: str

    @model_validator(mode="after")
    def _template_uses_known_groups(self) -> "Rewrite":
        checked_regex(self.when, flags=re.IGNORECASE)
        unknown = _template_fields(self.template) - set(compiled_regex(self.when, re.IGNORECASE).groupindex)
        unknown -= SENTENCE_FIELDS
        if unknown:
            raise ValueError(f"template uses {sorted(unknown)}, which `when` does not capture")
        return self


class Rule(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    explanation: str = Field(min_length=1)
    patterns: list[str] = Field(min_length=1)
    subject: Literal["any", "person", "someone", "not_collective"] = "any"
    scope: Literal["head", "clause"] = "head"
    unless: list[str] = Field(default_factory=list)
    rewrites: list[Rewrite] = Field(default_factory=list)
    suggestion: str = Field(min_length=1)

    @field_validator("suggestion")
    @classmethod
    def _suggestion_fields(cls, value: str) -> str:
        unknown = _template_fields(value) - SENTENCE_FIELDS
        if unknown:
            raise ValueError(f"suggestion may use only {sorted(SENTENCE_FIELDS)}, not {sorted(unknown)}")
        return value

    @field_validator("unless")
    @classmethod
    def _unless_compiles(cls, value: list[str]) -> list[str]:
        return [checked_regex(pattern, flags=re.IGNORECASE) for pattern in value]


class NamedPersonRule(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    explanation: str = Field(min_length=1)
    role_placeholder: str = Field(min_length=1)
    suggestion: str
    unless: list[str] = Field(default_factory=list)  # sentences where naming is a credit or a citation

    @field_validator("unless")
    @classmethod
    def _unless_compiles(cls, value: list[str]) -> list[str]:
        return [checked_regex(pattern) for pattern in value]

    @field_validator("suggestion")
    @classmethod
    def _suggestion_fields(cls, value: str) -> str:
        unknown = _template_fields(value) - {"role_sentence", "person", "sentence"}
        if unknown:
            raise ValueError(f"suggestion may use only role_sentence, person, sentence, not {sorted(unknown)}")
        return value


class DocumentScope(_Strict):
    skip_sections: list[str] = Field(default_factory=list)
    skip_titles: str = "(?!)"
    owner_columns: str
    byline: str
    people_keys: list[str] = Field(default_factory=list)
    # Where a name stating who did what is a record, not blame (timeline rows, quoted chat logs).
    naming_neutral_sections: list[str] = Field(default_factory=list)
    chat_line: str = "(?!)"
    # Rules that are the section's own method there ("Why did ...?" in a five-whys).
    method_rules: dict[str, list[str]] = Field(default_factory=dict)
    # Rules that, in a record, count only when a person is in the clause: a quoted speaker's mood at the time
    # ("absurd throttling, glares at the cloud") is evidence of the moment, not the review's voice.
    record_mood_rules: list[str] = Field(default_factory=list)

    @field_validator("skip_titles", "owner_columns", "byline", "chat_line")
    @classmethod
    def _patterns_compile(cls, value: str) -> str:
        return checked_regex(value)


class BlameLintConfig(_Strict):
    version: Literal[1]
    macros: dict[str, str] = Field(default_factory=dict)
    people: PeopleLexicon
    named_person: NamedPersonRule
    rules: list[Rule] = Field(min_length=1)
    document: DocumentScope

    @model_validator(mode="after")
    def _patterns_expand_and_compile(self) -> "BlameLintConfig":
        clash = set(self.macros) & set(BUILTIN_MACROS)
        if clash:
            raise ValueError(f"macros: {sorted(clash)} are built in and cannot be redefined")
        ids = [rule.id for rule in self.rules] + [self.named_person.id]
        duplicates = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
        if duplicates:
            raise ValueError(f"rules: duplicate id {duplicates}")
        for rule in self.rules:
            for pattern in rule.patterns:
                try:
                    checked_regex(self.expand(pattern), flags=re.IGNORECASE)  # as CompiledRule runs it
                except (KeyError, ValueError) as exc:
                    raise ValueError(f"rule {rule.id!r}: {exc}") from None
        return self

    def expand(self, pattern: str) -> str:
        """Replace {macro} names; {0,3}-style quantifiers are left alone because they are not names."""

        def substitute(match: re.Match) -> str:
            name = match.group(1)
            if name in BUILTIN_MACROS:
                return BUILTIN_MACROS[name]
            if name in self.macros:
                return self.macros[name]
            raise KeyError(f"unknown macro {{{name}}} in {pattern!r}")

        return _MACRO.sub(substitute, pattern)


class CompiledRule:
    """A rule with its regexes compiled; patterns that use {person} run on the person-masked copy of a sentence.
    Loading the file compiled them already (checked with the flags they run with), so these are cache hits."""

    def __init__(self, rule: Rule, config: BlameLintConfig) -> None:
        self.rule = rule
        self.patterns = [
            (compiled_regex(config.expand(p), re.IGNORECASE), _uses_people(p))
            for p in rule.patterns
        ]
        # Strings of which every match contains at least one (lower-cased; None: unknown, check every sentence).
        self.triggers = [required_literals(p.pattern) for p, _ in self.patterns]
        self.unless = [compiled_regex(p, re.IGNORECASE) for p in rule.unless]
        self.rewrites = [(compiled_regex(r.when, re.IGNORECASE), r.template) for r in rule.rewrites]


def required_literals(pattern: str) -> tuple[str, ...] | None:
    """Lower-case strings of which at least one occurs in every match of `pattern`, or None if none is certain.

    A substring search for these is far cheaper than running the regex, so most clean sentences never see it.
    """
    try:
        # The stdlib's own regex parser (Python 3.11+); private modules, so typeshed does not list them.
        from re import _constants, _parser  # type: ignore[attr-defined]

        tree = _parser.parse(pattern, re.IGNORECASE)
    except (ImportError, re.error):
        return None
    best = _best_literals(list(tree), _constants)
    return tuple(sorted(set(best))) if best else None


def _selectivity(option: list[str]) -> float:
    """How rarely an option occurs in prose: longer strings are rarer, a person or "we" mark rarest of all."""
    if all(PERSON_MARK in text or COLLECTIVE_MARK in text for text in option):
        return 2.5  # a person is mentioned often: better than "is" or "if", worse than "had" or "caused"
    return min(map(len, option))


def _best_literals(items: list, constants) -> list[str] | None:
    best: list[str] | None = None
    run: list[str] = []

    def consider(option: list[str] | None) -> None:
        nonlocal best
        if option and all(option) and (best is None or _selectivity(option) > _selectivity(best)):
            best = option

    for op, argument in items:
        if op is constants.LITERAL:
            run.append(chr(argument).lower())
            continue
        consider(["".join(run)] if run else None)
        run = []
        if op is constants.SUBPATTERN:
            consider(_best_literals(list(argument[-1]), constants))
        elif op is constants.BRANCH:
            options = [found for branch in argument[1] if (found := _best_literals(list(branch), constants))]
            if len(options) == len(argument[1]):  # every branch has a literal
                consider([text for option in options for text in option])
        elif op in (constants.MAX_REPEAT, constants.MIN_REPEAT) and argument[0] >= 1:
            consider(_best_literals(list(argument[2]), constants))
    consider(["".join(run)] if run else None)
    return best


def _uses_people(pattern: str) -> bool:
    return any(f"{{{name}}}" in pattern for name in BUILTIN_MACROS)


def load_blame_config(path: Path | None = None) -> BlameLintConfig:
    """Read and validate a rule file; any problem is a ConfigError naming the file and the field."""
    return _load(str(path or DEFAULT_RULES_PATH))


@lru_cache(maxsize=8)
def _load(path_text: str) -> BlameLintConfig:
    path = Path(path_text)
    raw = read_yaml(path)
    try:
        return BlameLintConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(describe(path, exc)) from None
