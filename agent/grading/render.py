"""Human output for `postmortem grade`: criteria with evidence, gates with lines and fixes, band and next step."""

from typing import TextIO

from agent.grading.expressions import show
from agent.grading.models import GateResult, GradeReport

MAX_FINDINGS_PER_GATE = 8


def _mark(gate: GateResult) -> str:
    if gate.passed is None:
        return "[yellow]–[/yellow]"
    return "[green]✓[/green]" if gate.passed else "[red]✗[/red]"


def render_grade(report: GradeReport, file: TextIO) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(file=file, highlight=False, soft_wrap=False)
    rubric = report.rubric
    criteria = Table(title=f"Rubric: {rubric.name}", show_lines=True, expand=True)
    criteria.add_column("Criterion", ratio=2)
    criteria.add_column("Score", justify="right", no_wrap=True)
    criteria.add_column("Evidence (what set the score)", ratio=6)
    for criterion in rubric.criteria:
        label = criterion.title or criterion.id
        weight = f"\n[dim]weight {show(criterion.weight)}[/dim]" if criterion.weight != 1 else ""
        criteria.add_row(f"{escape(label)}{weight}", f"{show(criterion.score)}/{criterion.max}",
                         escape("\n".join(criterion.evidence)))
    console.print(criteria)

    console.print("\n[bold]Gates[/bold]")
    for gate in report.gates:
        where = f" (line {gate.line})" if gate.line else ""
        console.print(f" {_mark(gate)} [bold]{gate.id}[/bold]{where}: {escape(gate.detail)}")
        for finding in gate.findings[:MAX_FINDINGS_PER_GATE]:
            line = f"line {finding.line}" if finding.line else "document"
            console.print(f"     {line}: {escape(finding.text)}")
            console.print(f"       [cyan]fix:[/cyan] {escape(finding.suggestion)}")
        hidden = len(gate.findings) - MAX_FINDINGS_PER_GATE
        if hidden > 0:
            console.print(f"     … and {hidden} more (see --json)")

    verdict = "[green]PASS[/green]" if report.passed else "[red]FAIL[/red]"
    severity = f", severity {rubric.severity}" if rubric.severity else ""
    console.print(f"\n[bold]Score {show(rubric.score)}/{show(rubric.max)}[/bold] · band [bold]{rubric.band}[/bold]"
                  f"{severity} · {verdict}")
    for failure in rubric.failures:
        console.print(f" - {escape(failure)}")
    failed = [g.id for g in report.gates if g.passed is False and g.blocking]
    if failed:
        console.print(f" - failed gates: {', '.join(failed)}")
    advice = [g.id for g in report.gates if g.passed is False and not g.blocking]
    if advice:
        console.print(f" - advice (does not fail the grade): {', '.join(advice)}")
    raised = [c for c in rubric.criteria if c.levels_lost]
    if raised:
        console.print("[bold]Answers that raise the score[/bold] (the open questions on these lines):")
        for criterion in raised:
            lines = ", ".join(str(n) for n in criterion.open_questions)
            console.print(f" - {criterion.title or criterion.id}: up to +{criterion.levels_lost} "
                          f"(line {escape(lines)})")
    console.print(f"[bold]Next:[/bold] {escape(rubric.next_step)}")
