"""The stored baseline (evals/baseline.json): per engine, per case, per measure; and the comparison with a run.

A measure that drops more than TOLERANCE below its baseline is a regression; a case or measure the baseline
does not have is "new", never a failure. Leaks fail a run whatever the baseline says (see report.py).
"""

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent.errors import ConfigError
from agent.evaluation.suite import SuiteRun

TOLERANCE = 0.02
Status = Literal["ok", "improved", "regressed", "new"]


class Baseline(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = "Scores of `postmortem eval`, per engine, case and measure; rewrite with --update-baseline."
    engines: dict[str, dict[str, dict[str, float]]] = Field(default_factory=dict)


class MetricComparison(BaseModel):
    score: float
    baseline: float | None
    delta: float | None
    status: Status


class CaseComparison(BaseModel):
    name: str
    metrics: dict[str, MetricComparison]

    @property
    def regressed(self) -> list[str]:
        return [name for name, metric in self.metrics.items() if metric.status == "regressed"]


def load_baseline(path: Path) -> Baseline:
    """An absent file is an empty baseline (every case is new); a broken one is a ConfigError naming the field."""
    from agent.grading.schema_errors import describe, display_path

    if not path.exists():
        return Baseline()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{display_path(path)}: cannot be read ({error.__class__.__name__})") from None
    except json.JSONDecodeError as error:
        raise ConfigError(f"{display_path(path)}: line {error.lineno}: {error.msg}") from None
    try:
        return Baseline.model_validate(data)
    except ValidationError as error:
        raise ConfigError(describe(path, error)) from None


def compare(run: SuiteRun, baseline: Baseline, tolerance: float = TOLERANCE) -> list[CaseComparison]:
    stored = baseline.engines.get(run.engine, {})
    return [
        CaseComparison(name=case.name, metrics={
            name: _metric(score, stored.get(case.name, {}).get(name), tolerance) for name, score in case.scores.items()
        })
        for case in run.cases
    ]


def _metric(score: float, before: float | None, tolerance: float) -> MetricComparison:
    if before is None:
        return MetricComparison(score=score, baseline=None, delta=None, status="new")
    delta = round(score - before, 4)
    status: Status = "regressed" if delta < -tolerance else "improved" if delta > tolerance else "ok"
    return MetricComparison(score=score, baseline=before, delta=delta, status=status)


def updated(baseline: Baseline, run: SuiteRun) -> Baseline:
    """The run's scores become its engine's baseline; other engines' entries stay as they are."""
    engines = {**baseline.engines, run.engine: {case.name: dict(case.scores) for case in run.cases}}
    return baseline.model_copy(update={"engines": dict(sorted(engines.items()))})


def save_baseline(baseline: Baseline, path: Path) -> None:
    from agent.output import write_atomically

    write_atomically(json.dumps(baseline.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n", path)
