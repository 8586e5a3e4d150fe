"""One call for `postmortem eval`: load the cases, pick the engine, run, compare, and update the baseline if asked."""

from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from agent.evaluation.baseline import load_baseline, save_baseline, updated
from agent.evaluation.cases import load_cases
from agent.evaluation.engine import choose_engine
from agent.evaluation.report import EvalReport, build_report
from agent.evaluation.suite import run_suite

BASELINE_FILE = "baseline.json"


def default_baseline(cases_dir: Path) -> Path:
    """evals/baseline.json beside evals/cases, so a copied evals folder carries its own baseline."""
    return cases_dir.parent / BASELINE_FILE


def evaluate(
    cases_dir: Path,
    *,
    env: Mapping[str, str],
    console: TextIO,
    baseline_path: Path | None = None,
    model: str | None = None,
    offline: bool = False,
    record: bool = False,
    update_baseline: bool = False,
) -> EvalReport:
    """The report compares with the baseline as it was; with `update_baseline` the run then replaces its engine's
    entry, unless it leaked (a leaking run is never the new normal)."""
    from agent.grading.schema_errors import display_path

    cases = load_cases(cases_dir)
    baseline_path = baseline_path or default_baseline(cases_dir)
    baseline = load_baseline(baseline_path)
    engine = choose_engine(model, offline=offline, record=record, env=env, cases=cases)
    if engine.notice:
        console.write(f"note: {engine.notice}\n")
    run = run_suite(cases, engine, console=console)
    report = build_report(run, baseline, display_path(baseline_path))
    if update_baseline:
        if report.leaks:
            console.write(f"note: {display_path(baseline_path)} not updated: the run leaked\n")
        else:
            save_baseline(updated(baseline, run), baseline_path)
            console.write(f"wrote {display_path(baseline_path)} ({run.engine}: {len(run.cases)} case(s))\n")
            return report.model_copy(update={"baseline_updated": True})
    return report
