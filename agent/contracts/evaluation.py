"""The `eval --json` document."""

from pydantic import Field

from agent.contracts.contract import Contract, Part


class CaseRow(Part):
    name: str
    scores: dict[str, float]
    baseline: dict[str, float | None]
    delta: dict[str, float | None]
    status: dict[str, str] = Field(description="per measure: ok, improved, regressed or new")
    reasons: dict[str, str]
    leaks: str | None
    seconds: float


class RegressionRow(Part):
    case: str
    metric: str


class LeakRow(Part):
    case: str
    detail: str


class EvalOutput(Contract):
    """`postmortem eval --json`."""

    engine: str
    baseline: str = Field(description="path of the baseline file compared with")
    tolerance: float
    seconds: float
    cases: list[CaseRow]
    mean: dict[str, float | None]
    regressions: list[RegressionRow]
    leaks: list[LeakRow]
    baseline_updated: bool
    passed: bool
    verdict: str
