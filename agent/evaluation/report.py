"""The eval report: scores against the baseline, the verdict, and its two renderings (a table, one JSON document)."""

from typing import TextIO

from pydantic import BaseModel

from agent.evaluation.baseline import TOLERANCE, Baseline, CaseComparison, compare
from agent.evaluation.suite import OVERALL, CaseResult, SuiteRun

# Short column headings for the table; the JSON keeps the measure ids.
HEADINGS = {
    "fact_accuracy": "facts", "timeline_recall": "timeline", "action_recall": "actions", "action_owners": "owners",
    "action_precision": "act.prec", "impact_recall": "impact", "gate_honesty": "honesty", "rubric": "rubric",
    OVERALL: "overall",
}


class EvalReport(BaseModel):
    engine: str
    cases: list[CaseResult]
    comparisons: list[CaseComparison]
    baseline_path: str
    tolerance: float
    seconds: float
    baseline_updated: bool = False

    @property
    def regressions(self) -> list[tuple[str, str]]:
        return [(c.name, metric) for c in self.comparisons for metric in c.regressed]

    @property
    def leaks(self) -> list[tuple[str, str]]:
        return [(case.name, case.leaks) for case in self.cases if case.leaks]

    @property
    def passed(self) -> bool:
        """Leaks always fail; regressions fail unless this run was just accepted as the new baseline."""
        return not self.leaks and (self.baseline_updated or not self.regressions)

    def mean(self, metric: str) -> float | None:
        values = [case.scores[metric] for case in self.cases if metric in case.scores]
        return round(sum(values) / len(values), 4) if values else None

    def metrics(self) -> list[str]:
        present = {name for case in self.cases for name in case.scores}
        return [name for name in HEADINGS if name in present]

    def verdict(self) -> str:
        overall = self.mean(OVERALL)
        summary = f"{len(self.cases)} case(s), engine {self.engine}, mean overall {overall:.2f}, {self.seconds:.1f} s"
        problems = [f"privacy leak in {name}: {what}" for name, what in self.leaks]
        for name, metric in self.regressions:
            compared = next(c for c in self.comparisons if c.name == name).metrics[metric]
            problems.append(
                f"{name} {metric} {compared.score:.2f} < baseline {compared.baseline:.2f} - {self.tolerance:g}")
        if self.leaks or (problems and not self.baseline_updated):
            return f"FAIL ({summary}): " + "; ".join(problems)
        if self.baseline_updated:
            accepted = f"; accepted: {'; '.join(problems)}" if problems else ""
            return f"BASELINE UPDATED ({summary}){accepted}"
        new = sum(1 for c in self.comparisons for m in c.metrics.values() if m.status == "new")
        fresh = f"; {new} score(s) new to the baseline" if new else ""
        return f"PASS ({summary}): no regression beyond {self.tolerance:g}, no leaks{fresh}"

    def to_json(self) -> dict:
        by_name = {c.name: c for c in self.comparisons}
        return {
            "engine": self.engine,
            "baseline": self.baseline_path,
            "tolerance": self.tolerance,
            "seconds": self.seconds,
            "cases": [
                {"name": case.name, "scores": case.scores,
                 "baseline": {m: c.baseline for m, c in by_name[case.name].metrics.items()},
                 "delta": {m: c.delta for m, c in by_name[case.name].metrics.items()},
                 "status": {m: c.status for m, c in by_name[case.name].metrics.items()},
                 "reasons": case.reasons, "leaks": case.leaks, "seconds": case.seconds}
                for case in self.cases
            ],
            "mean": {metric: self.mean(metric) for metric in self.metrics()},
            "regressions": [{"case": name, "metric": metric} for name, metric in self.regressions],
            "leaks": [{"case": name, "detail": what} for name, what in self.leaks],
            "baseline_updated": self.baseline_updated,
            "passed": self.passed,
            "verdict": self.verdict(),
        }


def build_report(run: SuiteRun, baseline: Baseline, baseline_path: str, tolerance: float = TOLERANCE) -> EvalReport:
    return EvalReport(engine=run.engine, cases=run.cases, comparisons=compare(run, baseline, tolerance),
                      baseline_path=baseline_path, tolerance=tolerance, seconds=run.seconds)


def _cell(metric) -> str:
    shown = f"{metric.score:.2f}"
    if metric.status == "new":
        return f"{shown} [dim]new[/dim]"
    if metric.delta == 0:
        return shown
    colour = {"regressed": "red", "improved": "green"}.get(metric.status, "dim")
    return f"{shown} [{colour}]{metric.delta:+.2f}[/{colour}]"


def render_report(report: EvalReport, file: TextIO) -> None:
    """Case x measure, each score with its delta against the baseline, then the privacy column and the verdict."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    metrics = report.metrics()
    table = Table(title=f"postmortem eval · {report.engine} · baseline {report.baseline_path}", show_lines=False)
    table.add_column("case", no_wrap=True)
    for metric in metrics:
        table.add_column(HEADINGS[metric], justify="right", no_wrap=True)
    table.add_column("privacy", justify="center", no_wrap=True)
    for case, compared in zip(report.cases, report.comparisons, strict=True):
        cells = [_cell(compared.metrics[m]) if m in compared.metrics else "[dim]–[/dim]" for m in metrics]
        table.add_row(escape(case.name), *cells, "[red]✗ leak[/red]" if case.leaks else "[green]✓[/green]")
    means = [f"{value:.2f}" if (value := report.mean(m)) is not None else "–" for m in metrics]
    table.add_section()
    table.add_row("[bold]mean[/bold]", *means, "")
    # Wider than the terminal rather than cut: a column of "0.…" says nothing.
    detected = Console(file=file)
    needed = detected.measure(table, options=detected.options.update_width(1000)).maximum
    console = Console(file=file, highlight=False, soft_wrap=False, width=max(detected.width, needed))
    console.print(table)
    for case in report.cases:
        misses = [f"{HEADINGS[m]}: {case.reasons[m]}" for m in metrics
                  if case.scores.get(m, 1.0) < 1.0 and m in case.reasons]
        if misses:
            console.print(f"[bold]{escape(case.name)}[/bold]")
            for miss in misses:
                console.print(f"  {escape(miss)}", soft_wrap=True)
    colour = "green" if report.passed else "red"
    console.print(f"\n[{colour}]{escape(report.verdict())}[/{colour}]", soft_wrap=True)
