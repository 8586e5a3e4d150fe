"""Observable signals: the fixed vocabulary rubric levels are written in (thresholds live in rubrics/*.yaml).

A signal is a named measurement of the document with the lines that support it, e.g.
`timeline.timestamped_rows` = 17 at lines 75, 76 ... Rubric levels combine them in expressions such as
`timeline.timestamped_rows>=5` or `actions.all_owned`. Families:
- `has.<section>`: the section exists with real content (any canonical id from agent.document).
- `gate.<gate id>`: the gate passed (unknown when it was not judged); `gate.<gate id>.findings`: how many items
  it flagged.
Everything else is registered by the modules of this package with @signal.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from agent.grading.models import GateResult
from agent.grading.view import DocumentView


@dataclass(frozen=True)
class Measure:
    """One measurement (a number, a yes/no, or None when it cannot be told) and the lines behind it.
    A plain dataclass: dozens are made per grade and they never leave the scorer."""

    value: float | bool | None
    lines: list[int] = field(default_factory=list)
    note: str = ""


SignalFunction = Callable[["SignalContext"], Measure]
SIGNALS: dict[str, SignalFunction] = {}
DESCRIPTIONS: dict[str, str] = {}


def signal(name: str, description: str) -> Callable[[SignalFunction], SignalFunction]:
    def register(function: SignalFunction) -> SignalFunction:
        SIGNALS[name] = function
        DESCRIPTIONS[name] = description
        return function

    return register


class SignalContext:
    """One document's signals, each computed on first use."""

    def __init__(self, view: DocumentView, gate_results: list[GateResult]):
        self.view = view
        self.doc = view.doc
        self.gates = {g.id: g for g in gate_results}
        self._cache: dict[str, Measure] = {}

    def get(self, name: str) -> Measure:
        if name not in self._cache:
            self._cache[name] = self._compute(name)
        return self._cache[name]

    def _compute(self, name: str) -> Measure:
        if name in SIGNALS:
            return SIGNALS[name](self)
        if name.startswith("has."):
            from agent.grading.signals.structure import has_section

            return has_section(self, name.removeprefix("has."))
        if name.startswith("gate."):
            return self._gate(name.removeprefix("gate."))
        return Measure(value=None, note=f"unknown signal {name}")

    def _gate(self, rest: str) -> Measure:
        gate_id, _, suffix = rest.partition(".")
        result = self.gates.get(gate_id)
        if result is None:
            return Measure(value=None, note=f"gate {gate_id} was not run")
        lines = [f.line for f in result.findings if f.line][:5]
        if suffix == "findings":
            return Measure(value=float(len(result.findings)), lines=lines)
        return Measure(value=result.passed, lines=lines, note=result.detail)


def is_known(name: str) -> bool:
    """Whether a rubric may use this name (checked when a rubric file is loaded)."""
    from agent.document import CANONICAL_SECTIONS
    from agent.grading.gates import GATE_IDS

    load_all()
    if name in SIGNALS:
        return True
    if name.startswith("has."):
        return name.removeprefix("has.") in CANONICAL_SECTIONS
    if name.startswith("gate."):
        gate_id, _, suffix = name.removeprefix("gate.").partition(".")
        return gate_id in GATE_IDS and suffix in ("", "findings")
    return False


def load_all() -> None:
    """Import the modules that register signals (kept out of module import time for `--help` speed)."""
    from agent.grading.signals import actions, analysis, evidence, sharing, structure, tone  # noqa: F401
