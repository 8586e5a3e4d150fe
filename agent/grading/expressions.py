"""Signal expressions used in rubric levels: `name`, `name>=3`, `a>=1 or b` (any alternative may hold)."""

import re
from functools import lru_cache

from pydantic import BaseModel

from agent.grading.signals import Measure, SignalContext

_TERM = re.compile(r"^\s*(?P<name>[a-z_]+(?:\.[a-z_]+)*)\s*(?:(?P<op>>=|<=|==|!=|>|<)\s*(?P<number>-?\d+(?:\.\d+)?))?\s*$")
_OPERATORS = {
    ">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, "<": lambda a, b: a < b,
    "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
}


class Condition(BaseModel):
    name: str
    op: str | None = None
    number: float | None = None

    def holds(self, measure: Measure) -> bool:
        value = measure.value
        if value is None:
            return False
        if self.op is None:
            return bool(value)
        return _OPERATORS[self.op](float(value), self.number)


@lru_cache(maxsize=1024)
def parse(expression: str) -> tuple[Condition, ...]:
    """The alternatives of an expression; raises ValueError naming the part that does not parse."""
    conditions = []
    for part in expression.split(" or "):
        match = _TERM.match(part)
        if not match:
            raise ValueError(f"cannot read signal expression {part.strip()!r} (write e.g. 'impact.figures>=2')")
        number = match.group("number")
        conditions.append(Condition(name=match.group("name"), op=match.group("op"),
                                    number=float(number) if number is not None else None))
    return tuple(conditions)


def evaluate(expression: str, context: SignalContext) -> tuple[bool, list[tuple[Condition, Measure]]]:
    """(holds, every alternative with its measurement)."""
    measured = [(condition, context.get(condition.name)) for condition in parse(expression)]
    return any(condition.holds(measure) for condition, measure in measured), measured


def show(value: float | bool | None) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"
