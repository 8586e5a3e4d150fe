"""Tone signals beyond the blame linter: system language, context for decisions, appreciation."""

import re

from agent.grading.checks import NAMING_RULES
from agent.grading.signals import Measure, SignalContext, signal
from agent.grading.text import any_of

# Searched in lower-cased narrative lines; any_of keeps each pattern fast on a long document.
_SYSTEM_SUBJECT = (r" (?:system|tooling|process|automation|pipeline|procedure) (?:did not|didn't|does not|doesn't|lacked|"
                   r"allowed|had no)")
_SYSTEM = any_of(
    "process gap", r"safeguards?", r"guardrails?", r"safety (?:check|net)",
    r"missing (?:check|test|validation|alert|safeguard|guard)", f"the{_SYSTEM_SUBJECT}", f"our{_SYSTEM_SUBJECT}",
    r"no (?:check|validation|alert|test|guard) (?:for|to|that)", "did not surface", "was not surfaced", "lacked",
    r"nothing (?:stopped|prevented)", "made it easy to", "not idempotent", r"fail-?safe")
_CONTEXT = any_of(
    r"\bpressure\b", r"trade-?offs?", r"constraints?", "fatigue", r"\btired\b", r"\bstress\w*",
    "made sense (?:at the time)?", r"given what (?:they|we|the \w+) knew", "locally rational",
    "reasonable (?:decision|choice|at the time|given)", r"competing priorit\w*", "late at night", "understaffed",
    "burnout", "under time", "without fear")
_APPRECIATION = any_of(r"\bthank\w*", r"\bkudos\b", r"\bcredit (?:to|goes)", r"shout-?out", "grateful",
                       r"appreciat\w*", "well done", r"\bcelebrat\w*")


def _lines(context: SignalContext, pattern: re.Pattern) -> list[int]:
    """Narrative lines matching a lower-case pattern (lowered text matches about twice as fast as re.I); the
    ground rules, open questions and column headers such as "Why it made sense" are not about this incident."""
    return [n for n, text in context.view.narrative_lines if pattern.search(text)]


@signal("tone.system_language", "sentences that name system conditions (missing safeguard, the process allowed ...)")
def _system(context: SignalContext) -> Measure:
    lines = _lines(context, _SYSTEM)
    return Measure(value=float(len(lines)), lines=lines[:5])


@signal("tone.context_language", "acknowledges pressure, constraints and trade-offs behind decisions")
def _context(context: SignalContext) -> Measure:
    lines = _lines(context, _CONTEXT)
    return Measure(value=float(len(lines)), lines=lines[:5])


@signal("tone.appreciation", "thanks or credits the people who responded")
def _appreciation(context: SignalContext) -> Measure:
    lines = _lines(context, _APPRECIATION)
    return Measure(value=float(len(lines)), lines=lines[:5])


ANSWERED_WEIGHT = 0.5


def _blame(context: SignalContext, naming: bool) -> Measure:
    result = context.gates.get("blameless_language")
    if result is None or result.passed is None:
        return Measure(value=None, note="the blame linter did not run")
    names = context.gates.get("roles_not_names")
    findings = [*result.findings, *(names.findings if names is not None else [])]
    hits = [f for f in findings if (f.rule in NAMING_RULES) == naming]
    rules = sorted({f.rule for f in hits})
    # a blameful sentence the analysis answers with a systemic cause weighs half of one left standing
    weight = sum(ANSWERED_WEIGHT if f.answered else 1.0 for f in hits)
    return Measure(value=weight, lines=[f.line for f in hits if f.line][:5], note=", ".join(rules))


@signal("blame.phrases", "blameful phrases found by the linter (should have, careless, human error ...), names excluded")
def _phrases(context: SignalContext) -> Measure:
    return _blame(context, naming=False)


@signal("blame.names", "people named in the narrative instead of their role")
def _names(context: SignalContext) -> Measure:
    return _blame(context, naming=True)
