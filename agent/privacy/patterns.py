"""The secret and personal-data rules (data/secrets.yaml): schema, loading, and the shipped set compiled once.

Each rule names a redaction type (the `<type>` in `[REDACTED:<type>]`; the names are stable, scripts may rely on
them, and the file's `kinds` documents each) and masks its whole match, or only the group named `secret` (the
password in a URL, the value after a key-like word), so the surrounding context stays readable. Rules apply in
file order: whole-block and URL shapes first, vendor keys before the generic "token after a key-like word" rule,
check-digit numbers before phone numbers, addresses before phone numbers.
"""

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from agent.privacy.checks import CHECKS
from agent.regex_text import RegexText, compiled_regex
from agent.yaml_data import validated_yaml

PLACEHOLDER_PREFIX = "[REDACTED:"
RULES_FILE = "secrets.yaml"
SECRET_GROUP = "secret"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Precheck(_Strict):
    """Cheap tests on the lower-cased text that say whether the rule can match at all; they keep thousands of
    clean chat lines fast. The rule runs when every test given holds."""

    contains: list[str] = Field(default_factory=list, description="lower-case substrings, at least one present")
    min_count: dict[str, int] = Field(default_factory=dict, description="characters and how often each must occur")
    min_digits: int = Field(default=0, ge=0, description="how many digits the text must hold")
    pattern: RegexText | None = Field(default=None, description="a regular expression found in the lower-cased text")

    @field_validator("contains")
    @classmethod
    def _lower_case(cls, words: list[str]) -> list[str]:
        if any(word != word.lower() or not word for word in words):
            raise ValueError("precheck substrings are matched against lower-cased text: write them in lower case")
        return words


class SecretRule(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    kind: str = Field(description="the redaction type shown as [REDACTED:<kind>]")
    pattern: RegexText
    ignore_case: bool = False
    dotall: bool = False
    verbose: bool = Field(default=False, description="whitespace outside character classes is ignored, so a long "
                          "pattern can be folded over several lines")
    long_token: bool = Field(default=False, description="the secret is one run of 16 or more token characters: "
                             "the rule is skipped for text without such a run (most chat lines)")
    precheck: Precheck | None = None
    check: str | None = Field(default=None, description="a named check the masked text must pass (privacy/checks.py)")

    @field_validator("check")
    @classmethod
    def _known_check(cls, name: str | None) -> str | None:
        if name is not None and name not in CHECKS:
            raise ValueError(f"unknown check {name!r}; known: {', '.join(sorted(CHECKS))}")
        return name


class SecretRules(_Strict):
    schema_version: int = Field(ge=1, le=1)
    kinds: dict[str, str] = Field(description="every redaction type and what it masks")
    rules: list[SecretRule] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> "SecretRules":
        ids = [rule.id for rule in self.rules]
        if len(ids) != len(set(ids)):
            raise ValueError(f"rule ids must be unique: {sorted({i for i in ids if ids.count(i) > 1})}")
        used = {rule.kind for rule in self.rules}
        if undocumented := used - self.kinds.keys():
            raise ValueError(f"kinds used by a rule but not described under 'kinds': {sorted(undocumented)}")
        return self


@dataclass(frozen=True)
class Rule:
    """One compiled rule. `group` 0 masks the whole match; otherwise only that group is masked."""

    id: str
    kind: str
    pattern: re.Pattern[str]
    group: int | str = 0
    long_token: bool = False
    precheck: Callable[[str], bool] | None = None
    accept: Callable[[str], bool] | None = None


def load_rules(text: str, name: str = RULES_FILE) -> tuple[SecretRules, tuple[Rule, ...]]:
    """The validated file and its compiled rules; a bad file is a ConfigError naming the field."""
    parsed = validated_yaml(SecretRules, text, name)
    return parsed, tuple(_compiled(rule) for rule in parsed.rules)


def _compiled(rule: SecretRule) -> Rule:
    flags = ((re.IGNORECASE if rule.ignore_case else 0) | (re.DOTALL if rule.dotall else 0)
             | (re.VERBOSE if rule.verbose else 0))
    pattern = compiled_regex(rule.pattern, flags)  # the check on loading compiled those without flags
    return Rule(
        id=rule.id,
        kind=rule.kind,
        pattern=pattern,
        group=SECRET_GROUP if SECRET_GROUP in pattern.groupindex else 0,
        long_token=rule.long_token,
        precheck=_precheck(rule.precheck) if rule.precheck else None,
        accept=CHECKS[rule.check] if rule.check else None,
    )


def _precheck(spec: Precheck) -> Callable[[str], bool]:
    tests: list[Callable[[str], bool]] = []
    if len(spec.contains) == 1:
        word = spec.contains[0]
        tests.append(lambda lowered: word in lowered)
    elif spec.contains:  # one scan in C instead of a Python loop over the words
        finder = re.compile("|".join(map(re.escape, spec.contains))).search
        tests.append(lambda lowered: finder(lowered) is not None)
    for char, count in spec.min_count.items():
        tests.append(functools.partial(_occurs, char, count))
    if spec.min_digits:
        tests.append(functools.partial(_has_digits, spec.min_digits))
    if spec.pattern:
        search = compiled_regex(spec.pattern).search
        tests.append(lambda lowered: search(lowered) is not None)
    if len(tests) == 1:
        return tests[0]
    first, *others = tests
    return lambda lowered: first(lowered) and all(test(lowered) for test in others)


def _has_digits(count: int, lowered: str) -> bool:
    return _digit_count(lowered) >= count


@functools.lru_cache(maxsize=4)
def _digit_count(lowered: str) -> int:
    """Counted once per text for all the rules that ask (a string's hash is cached, so the lookup is cheap)."""
    return sum(map(lowered.count, "0123456789"))


def _occurs(char: str, count: int, lowered: str) -> bool:
    return lowered.count(char) >= count


@functools.cache
def shipped_rules() -> tuple[SecretRules, tuple[Rule, ...]]:
    text = resources.files("agent.privacy").joinpath("data", RULES_FILE).read_text(encoding="utf-8")
    return load_rules(text)


RULES: tuple[Rule, ...] = shipped_rules()[1]
# Most chat lines hold no run of 16 token characters: for them, the rules that need one are not even visited.
SHORT_TEXT_RULES: tuple[Rule, ...] = tuple(rule for rule in RULES if not rule.long_token)
DESCRIPTIONS: dict[str, str] = dict(shipped_rules()[0].kinds)
KINDS: tuple[str, ...] = tuple(DESCRIPTIONS)
