"""How close a draft comes to what its case expects: one share in [0, 1] per measure, with the misses named.

Pure functions of the expected facts and the draft (pack, Markdown, grade report), so each measure can be checked
on its own; evaluators.py hands them to pydantic-evals.
"""

import datetime as dt
import json
from typing import NamedTuple

from agent.evaluation.cases import Expected, ExpectedAction, ExpectedEvent, ExpectedFigure
from agent.models import ActionItem, Pack, TimelineEvent, is_unknown

MINUTES_TOLERANCE = 1.0
FIGURE_TOLERANCE = 0.01  # relative: "about 2,340" written as 2,300 elsewhere still counts
_DAY_MINUTES = 24 * 60


class Measure(NamedTuple):
    value: float
    reason: str


def _share(found: int, total: int, misses: list[str]) -> Measure:
    return Measure(found / total if total else 1.0, "; ".join(misses) or f"{found}/{total}")


def _words(text: str) -> str:
    return " ".join(text.casefold().split())


def fact_accuracy(expected: Expected, pack: Pack) -> Measure | None:
    """Metrics within a minute of the expected value (null must stay null), and the severity level."""
    checks: list[tuple[str, str | float | None, str | float | None]] = [
        (name, want, getattr(pack.metrics, name)) for name, want in sorted(expected.metrics.checked().items())
    ]
    if expected.severity_checked:
        got = pack.header.severity.level if pack.header.severity else None
        checks.append(("severity", expected.severity, got))
    if not checks:
        return None
    misses = [f"{name}: expected {_show(want)}, got {_show(got)}" for name, want, got in checks if not _same(want, got)]
    return _share(len(checks) - len(misses), len(checks), misses)


def _same(want: str | float | None, got: str | float | None) -> bool:
    if want is None or got is None or isinstance(want, str) or isinstance(got, str):
        return want == got
    return abs(float(want) - float(got)) <= MINUTES_TOLERANCE


def _show(value: object) -> str:
    return "null" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def timeline_recall(expected: list[ExpectedEvent], timeline: list[TimelineEvent]) -> Measure | None:
    if not expected:
        return None
    misses = [f"{e.kind} at {e.time}" + (f" ({e.text!r})" if e.text else "") for e in expected
              if not any(_event_matches(e, event) for event in timeline)]
    return _share(len(expected) - len(misses), len(expected), misses)


def _event_matches(want: ExpectedEvent, event: TimelineEvent) -> bool:
    if event.kind != want.kind or event.time is None:
        return False
    if want.text and _words(want.text) not in _words(event.event):
        return False
    moment = want.moment()
    if isinstance(moment, dt.time):
        said = event.time.hour * 60 + event.time.minute + event.time.second / 60
        apart = abs(said - (moment.hour * 60 + moment.minute))
        return min(apart, _DAY_MINUTES - apart) <= MINUTES_TOLERANCE
    if (moment.tzinfo is None) != (event.time.tzinfo is None):
        return False
    return abs((event.time - moment).total_seconds()) / 60 <= MINUTES_TOLERANCE


def _stated(actions: list[ActionItem]) -> list[ActionItem]:
    """The draft's actions that carry content; labelled open questions are not actions."""
    return [a for a in actions if not is_unknown(a.action)]


def _find(want: ExpectedAction, actions: list[ActionItem]) -> ActionItem | None:
    return next((a for a in actions if _words(want.text) in _words(a.action)), None)


def action_recall(expected: list[ExpectedAction], actions: list[ActionItem]) -> Measure | None:
    if not expected:
        return None
    stated = _stated(actions)
    misses = [f"missing action {want.text!r}" for want in expected if _find(want, stated) is None]
    return _share(len(expected) - len(misses), len(expected), misses)


def action_owners(expected: list[ExpectedAction], actions: list[ActionItem]) -> Measure | None:
    """Of the expected actions the draft has, the share whose owner is the one stated (or none when none was)."""
    pairs = [(want, got) for want in expected
             if want.owner_checked and (got := _find(want, _stated(actions))) is not None]
    if not pairs:
        return None
    misses = [f"{want.text!r}: owner expected {want.owner or 'none'}, got {got.owner or 'none'}"
              for want, got in pairs if not _owner_matches(want.owner, got.owner)]
    return _share(len(pairs) - len(misses), len(pairs), misses)


def _owner_matches(want: str | None, got: str | None) -> bool:
    if want is None or is_unknown(got):
        return want is None and is_unknown(got)
    wanted, found = _words(want).split(), _words(got or "").split()
    return bool(wanted) and all(word in found for word in wanted)


def action_precision(expected: list[ExpectedAction], actions: list[ActionItem]) -> Measure:
    """Of the draft's actions, the share the transcript states: invented or garbled items lower it."""
    stated = _stated(actions)
    extra = [a.action for a in stated if not any(_words(want.text) in _words(a.action) for want in expected)]
    return _share(len(stated) - len(extra), len(stated), [f"not in the transcript: {text!r}" for text in extra])


def impact_recall(expected: list[ExpectedFigure], pack: Pack) -> Measure | None:
    if not expected:
        return None
    misses = [f"{want.value:g} {want.unit or ''}".strip() for want in expected
              if not any(_figure_matches(want, got.value, got.unit) for got in pack.impact.figures)]
    return _share(len(expected) - len(misses), len(expected), [f"missing figure {m}" for m in misses])


def _figure_matches(want: ExpectedFigure, value: float, unit: str) -> bool:
    return (want.unit is None or want.unit == unit) and abs(value - want.value) <= abs(want.value) * FIGURE_TOLERANCE


def leaks(forbidden: list[str], markdown: str, contract: dict) -> list[str]:
    """Forbidden strings found in the document or anywhere in the `draft --json` contract."""
    texts = (markdown.casefold(), json.dumps(contract, ensure_ascii=False).casefold())
    return [text for text in forbidden if any(text.casefold() in where for where in texts)]


def gate_honesty(grade, markdown: str) -> Measure:
    """Every failing gate must point at a labelled unknown: a draft may be incomplete, never silently wrong."""
    from agent.grading.text import mentions_unknown

    lines = markdown.split("\n")

    def labelled(line: int | None) -> bool:
        return line is not None and 0 < line <= len(lines) and mentions_unknown(lines[line - 1])

    failing = [gate for gate in grade.gates if gate.passed is False]
    dishonest = []
    for gate in failing:
        pointed = [f.line for f in grade.findings if f.gate == gate.id] or [gate.line]
        if not all(labelled(line) for line in pointed):
            dishonest.append(f"{gate.id} fails on line {next(line for line in pointed if not labelled(line))}, not an unknown")
    return _share(len(failing) - len(dishonest), len(failing), dishonest)


def rubric_share(grade) -> Measure:
    rubric = grade.rubric
    return Measure(rubric.score / rubric.max, f"{rubric.name} {rubric.score:g}/{rubric.max:g} ({rubric.band})")
