"""The `grade --json` document, and the gate and rubric parts `draft --json` shares with it."""

from pydantic import Field

from agent.contracts.contract import Contract, Part


class GateRow(Part):
    id: str
    passed: bool | None = Field(description="null when the gate was not judged (the Allspaw test offline)")
    detail: str


class CriterionRow(Part):
    id: str
    score: int | float
    evidence: list[str]


class RubricRow(Part):
    name: str
    score: int | float
    max: int | float
    passed: bool
    criteria: list[CriterionRow]


class FindingRow(Part):
    gate: str
    line: int | None
    text: str
    suggestion: str


class GradeOutput(Contract):
    """`postmortem grade --json`."""

    rubric: RubricRow
    gates: list[GateRow]
    findings: list[FindingRow]
    passed: bool
