"""`postmortem eval`: the eval suite on recorded transcripts, compared with the stored baseline."""

import os
import sys
from pathlib import Path

import click

from agent.cli.app import ENV_HELP, EXIT_CODES, cli, json_option, model_option, offline_option


@cli.command("eval", epilog=f"{ENV_HELP} {EXIT_CODES}")
@click.option("--cases", "cases_dir", type=click.Path(path_type=Path), envvar="POSTMORTEM_EVAL_CASES", show_envvar=True,
              metavar="DIR", help="Folder of eval cases, one sub-folder each  [default: evals/cases under the current folder]")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False, path_type=Path),
              envvar="POSTMORTEM_EVAL_BASELINE", show_envvar=True, metavar="PATH",
              help="Baseline scores to compare with  [default: baseline.json beside the cases folder]")
@json_option("Print one JSON document: cases, scores, baseline deltas, regressions, leaks, passed.")
@offline_option("Evaluate the offline engine even when a model is configured.")
@model_option("Evaluate this model by replaying each case's cassette.yaml (or recording it with --record).")
@click.option("--record", is_flag=True,
              help="Draft every case against the real model API and rewrite its cassette.yaml (needs the key and "
                   "the dev extra).")
@click.option("--update-baseline", is_flag=True,
              help="Store this run's scores as the engine's new baseline (not when anything leaked).")
def evaluate(cases_dir, baseline_path, as_json, offline, model, record, update_baseline) -> int:
    """Run the eval suite: draft every case, score it, compare with the baseline.

    Each case is a transcript of our own with expected.yaml (metrics, key timeline events, actions and owners,
    impact figures, strings that must never appear). Measures: fact accuracy, timeline / action / impact recall,
    owner accuracy, action precision, gate honesty (every failing gate sits on a labelled unknown) and the
    rubric share. Exit 0 when nothing fell more than 0.02 below the baseline and nothing leaked, 1 on a
    regression or any leak, 2 when a case or the baseline cannot be read.

    \b
    Examples:
      postmortem eval
      postmortem eval --cases my/cases --json | jq '.mean'
      postmortem eval --update-baseline
    """
    from agent.contracts import EvalOutput, render
    from agent.evaluation import default_cases_dir, render_report
    from agent.evaluation import evaluate as run_evaluation

    report = run_evaluation(
        cases_dir or default_cases_dir(Path.cwd()),
        env=os.environ,
        console=sys.stderr,
        baseline_path=baseline_path,
        model=model,
        offline=offline,
        record=record,
        update_baseline=update_baseline,
    )
    if as_json:
        click.echo(render(EvalOutput.model_validate(report.to_json())), nl=False)
    else:
        render_report(report, sys.stdout)
    return 0 if report.passed else 1
