"""`postmortem grade`: score any post-mortem (Markdown, HTML, Word .docx, PDF, reST, AsciiDoc, Confluence wiki, Org,
plain text);
the exit code makes it a CI check."""

import os
import sys

import click

from agent.cli.app import ENV_HELP, EXIT_CODES, cli, json_option, model_option, offline_option, source_argument
from agent.cli.choices import ChoiceOrFile, rubric_names


@cli.command(epilog=f"{ENV_HELP} {EXIT_CODES}")
@click.argument("source", required=False, metavar="FILE|-")
@click.option("--rubric", default="sre-weighted", envvar="POSTMORTEM_RUBRIC", show_envvar=True, show_default=True,
              type=ChoiceOrFile(rubric_names),
              help="sre-weighted (8 weighted 1-5; agrees best with expert reviewers on existing documents), "
                   "default (6 x 0-2, our drafting process), or a YAML file of your own.")
@json_option("Print one JSON document: rubric, gates, findings, passed.")
@click.option("--min-score", type=float, envvar="POSTMORTEM_MIN_SCORE", show_envvar=True, metavar="X",
              help="Also fail (exit 1) when the rubric score is below X.")
@offline_option("Score with code only, even when a model judge is configured.")
@model_option("Model that judges the Allspaw test and may adjust levels with a quoted reason.")
def grade(source, rubric, as_json, min_score, offline, model) -> int:
    """Score any Markdown post-mortem against a rubric and the checklist gates. HTML (Confluence, wiki and
    Google Docs exports), Word (.docx), PDF, reST, AsciiDoc, Confluence wiki markup, Org and plain text are read
    too.

    Every criterion shows the evidence that set its level; every failed gate names its line and a concrete
    fix; blameful sentences get a system-focused rewrite. Exit 0 when everything passes, 1 when a gate or
    the rubric (or --min-score) fails, 2 when the input cannot be read. Use it as a docs CI check.

    \b
    Examples:
      postmortem grade review.md
      postmortem grade docs/incidents/2026-03-10.md --rubric sre-weighted --min-score 3.5
      postmortem grade review.md --rubric team-rubric.yaml --json | jq '.findings'
    """
    from agent.contracts import GradeOutput, render
    from agent.grading import grade_text, render_grade
    from agent.llm.judge import make_judge
    from agent.llm.models import resolve_model
    from agent.transcript import read_source

    text = read_source(source_argument(source), stdin=sys.stdin.buffer).text
    choice = resolve_model(model, offline=offline, env=os.environ)
    if choice.notice:
        click.echo(f"note: {choice.notice}", err=True)
    report = grade_text(text, rubric=rubric, min_score=min_score, judge=make_judge(choice, console=sys.stderr),
                        filename=source)
    if as_json:
        click.echo(render(GradeOutput.model_validate(report.model_dump(mode="json"))), nl=False)
    else:
        render_grade(report, sys.stdout)
    return 0 if report.passed else 1


