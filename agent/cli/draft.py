"""`postmortem draft`: a pasted transcript in, the whole document out."""

import gc
import os
import sys
from pathlib import Path

import click

from agent.cli.app import (
    ENV_HELP,
    EXIT_CODES,
    cli,
    emit,
    json_option,
    model_option,
    offline_option,
    output_option,
    source_argument,
)
from agent.cli.choices import LazyChoice, transcript_formats
from agent.cli.kb import open_kb_for_drafting
from agent.errors import PostmortemError


class DraftCommand(click.Command):
    """Lists every transcript format with an example after the options, read only when help is shown."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from agent.transcript.catalog import format_help

        formatter.write_paragraph()
        formatter.write_text("Formats (--format NAME; ' / ' separates the lines of a header written on several lines):")
        formatter.write(format_help() + "\n")
        super().format_epilog(ctx, formatter)


@cli.command(cls=DraftCommand, epilog=f"{ENV_HELP} {EXIT_CODES}")
@click.argument("source", required=False, metavar="FILE|-")
@json_option("Print one JSON document (metrics, timeline, impact, actions, gates, rubric, markdown).")
@offline_option("Use the offline engine even when a model is configured.")
@model_option("Any pydantic-ai model string, e.g. ollama:llama3.1.")
@click.option("--format", "fmt", envvar="POSTMORTEM_FORMAT", show_envvar=True, type=LazyChoice(transcript_formats),
              help="Transcript format when auto-detection guesses wrong.")
@click.option("--tz", envvar="POSTMORTEM_TZ", show_envvar=True, metavar="ZONE",
              help="IANA zone of times written without an offset, e.g. Europe/Berlin; they are then shown in UTC.")
@click.option("--date", "anchor_date", envvar="POSTMORTEM_DATE", show_envvar=True, metavar="YYYY-MM-DD",
              type=click.DateTime(formats=["%Y-%m-%d"]), help="Date of the first message, for logs that carry times only.")
@output_option("Write the document here instead of standard output.")
@click.option("--kb/--no-kb", "use_kb", default=True, envvar="POSTMORTEM_KB", show_envvar=True, show_default=True,
              help="Search the knowledge base for similar past incidents (the seed corpus is indexed on first use).")
def draft(source, as_json, offline, model, fmt, tz, anchor_date, output, use_kb) -> int:
    """Draft a whole post-mortem from a pasted incident chat transcript.

    Reads chat pastes and exports (Slack, Teams, Discord, WhatsApp, Signal, Telegram, Mattermost, Rocket.Chat,
    Google Chat, Matrix, Webex, IRC, Zoom and meeting transcripts), Jira and ServiceNow comment histories,
    PagerDuty and Opsgenie logs, e-mail threads, scribe notes and alert lines; a paste that mixes layouts is read
    block by block.
    Every format is listed below. Secrets and personal data are redacted before anything is written; people appear as roles in the
    narrative and by name only in the roles and owner columns. What the transcript does not say becomes a
    numbered open question, asked once and marked "Unknown — ask Q3" where it is needed, never a guess.

    \b
    Examples:
      postmortem draft examples/checkout-outage.slack.txt
      postmortem draft chat.log --format irc --tz Europe/Berlin -o review.md
      pbpaste | postmortem draft - --json | jq '.metrics'
    """
    from agent.clock import Clock
    from agent.contracts import DraftOutput, render
    from agent.draft import draft as run_draft
    from agent.output import check_destination, keep_copy
    from agent.paths import postmortem_home
    from agent.privacy.redact import format_counts

    # One draft per process: what it builds lives until exit, so the collector stays off (main() freezes it all
    # at the end) instead of sweeping the whole draft's objects once the draft is done (~60 ms).
    gc.disable()
    source = source_argument(source)
    if output:
        check_destination(Path(output), [source])
    result = run_draft(
        source,
        today=Clock().today(),
        env=os.environ,
        fmt=fmt,
        tz=tz,
        anchor_date=anchor_date.date() if anchor_date else None,
        stdin=sys.stdin.buffer,
        model=model,
        offline=offline,
        kb=open_kb_for_drafting() if use_kb else None,
        console=sys.stderr,
    )
    for notice in result.notices:
        click.echo(f"note: {notice}", err=True)
    for warning in result.pack.warnings:
        click.echo(f"note: {warning}", err=True)
    click.echo(format_counts(result.redactions), err=True)
    click.echo(result.grounding.summary(), err=True)
    click.echo(result.usage.line(), err=True)
    text = render(DraftOutput.model_validate(result.to_contract())) if as_json else result.markdown
    try:  # kept before printing, so a closed stdout loses nothing
        stem = result.pack.header.title.replace(" ", "-").lower()
        kept = f"copy kept at {keep_copy(postmortem_home(), 'drafts', stem, result.markdown, distinct=True)}"
    except PostmortemError as error:  # a read-only or full $POSTMORTEM_HOME: the document is still printed
        kept = f"no copy kept ({error})"
    rubric = result.grade.rubric
    click.echo(
        f"engine: {result.pack.engine}; rubric {rubric.name} {rubric.score:g}/{rubric.max:g} ({rubric.band}); "
        f"{sum(1 for g in result.grade.gates if g.passed is False)} gate(s) open; {kept}",
        err=True,
    )
    emit(text, output)
    return 0


