"""`postmortem facilitate`: a guided conversation in the terminal that ends with the whole document."""

import os
import sys

import click

from agent.cli.app import ENV_HELP, EXIT_CODES, cli, emit, model_option, offline_option, output_option


@cli.command(epilog=f"{ENV_HELP} {EXIT_CODES}")
@click.option("--resume", envvar="POSTMORTEM_RESUME", show_envvar=True, metavar="ID",
              help="Continue a saved session where it stopped (its id is printed when it starts).")
@offline_option("Use the offline engine (question bank and code) even when a model is configured.")
@model_option("Any pydantic-ai model string; the model picks the questions and writes sections through the tools.")
@output_option("Write the finished document here instead of standard output.")
@click.option("--show-gaps", is_flag=True, envvar="POSTMORTEM_SHOW_GAPS", show_envvar=True,
              help="Print each question's gap id under it (e.g. 'gap: confirm'), for scripts and the facilitation "
                   "benchmark (evals/bench/facilitation.py).")
def facilitate(resume, offline, model, output, show_gaps) -> int:
    """Walk the seven steps of a blameless review as a conversation and finish with the whole document.

    One question at a time on stderr, chosen after every answer and paste from what the record still lacks;
    answers are plain prose read from stdin, each ending at an empty line. /paste adds a chat log or alert feed
    (end it with /end), /skip leaves a question open, /done finishes now, /quit saves and stops. Every answer is
    redacted and saved at once under $POSTMORTEM_HOME/sessions, so `--resume ID` continues exactly where a session
    stopped. The finished document goes to stdout (or -o).

    \b
    Examples:
      postmortem facilitate -o review.md
      postmortem facilitate --resume 3f9c2a1b
    """
    from agent.cli.terminal import answer_stream
    from agent.clock import Clock
    from agent.facilitation.conversation import facilitate as run_facilitation
    from agent.facilitation.store import SessionStore
    from agent.llm.models import resolve_model
    from agent.paths import postmortem_home
    from agent.privacy.redact import format_counts

    choice = resolve_model(model, offline=offline, env=os.environ)
    if choice.notice:
        click.echo(f"note: {choice.notice}", err=True)
    store = SessionStore(postmortem_home())
    outcome = run_facilitation(store=store, today=Clock().today(), stdin=answer_stream(sys.stdin), console=sys.stderr, resume=resume,
                               engine=_engine(choice), show_gaps=show_gaps)
    if outcome.markdown is None:
        return 0
    emit(outcome.markdown, output)
    kept = store.keep_draft(outcome.state.id, outcome.markdown)
    report = outcome.report
    open_gates = [g.id for g in report.gates if g.passed is False]
    click.echo(format_counts(outcome.redactions), err=True)
    click.echo(
        f"engine: {outcome.state.engine}; rubric {report.rubric.name} {report.rubric.score:g}/{report.rubric.max:g} "
        f"({report.rubric.band}); {len(open_gates)} gate(s) open{': ' + ', '.join(open_gates) if open_gates else ''}; "
        f"copy kept at {kept}",
        err=True,
    )
    return 0


def _engine(choice):
    if choice.offline:
        return None
    from agent.cli.kb import open_kb_for_drafting
    from agent.facilitation.model_turn import ModelEngine
    from agent.llm.faults import build_chain

    return ModelEngine(name=choice.name, model=build_chain(choice).model, kb=open_kb_for_drafting())
