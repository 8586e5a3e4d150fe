"""Command line: turns arguments and stdin into one call of a plain function and renders the result."""

import gc
import json
import os
import sys
from pathlib import Path

import click

from agent import __version__
from agent.errors import PostmortemError

ENV_HELP = "Every option can also be set with the environment variable shown next to it."


def _source_argument(source: str | None) -> str:
    """Read stdin for '-' or when something is piped and no file is given."""
    if source is not None:
        return source
    if not sys.stdin.isatty():
        return "-"
    raise click.UsageError("give a FILE, or '-' to read standard input")


def _emit(text: str, output: str | None) -> None:
    if output:
        from agent.output import write_atomically

        write_atomically(text, Path(output))
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=not text.endswith("\n"))


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=ENV_HELP,
)
@click.version_option(__version__, prog_name="postmortem")
def cli() -> None:
    """Blameless post-mortems from incident chat: grounded in the source, graded in code, offline by default.

    \b
    Examples:
      postmortem draft examples/checkout-outage.slack.txt
      pbpaste | postmortem draft - --json > draft.json
      postmortem grade docs/incidents/2026-03-10.md --rubric sre-weighted
      postmortem kb add ~/postmortems && postmortem kb search "connection pool exhausted"

    Exit codes: 0 success, 1 a quality gate or threshold was not met, 2 bad usage or unreadable input.
    """


@cli.command(epilog=ENV_HELP)
@click.argument("source", required=False, metavar="FILE|-")
@click.option("--json", "as_json", is_flag=True, envvar="POSTMORTEM_JSON", show_envvar=True,
              help="Print one JSON document (metrics, timeline, impact, actions, gates, rubric, markdown).")
@click.option("--offline", is_flag=True, envvar="POSTMORTEM_OFFLINE", show_envvar=True,
              help="Use the offline engine even when a model is configured.")
@click.option("--model", envvar="POSTMORTEM_MODEL", show_envvar=True, metavar="MODEL",
              help="Any pydantic-ai model string, e.g. anthropic:claude-sonnet-4-5 or ollama:llama3.1.")
@click.option("--format", "fmt", envvar="POSTMORTEM_FORMAT", show_envvar=True, metavar="NAME",
              help="Transcript format when auto-detection guesses wrong (slack, slack-export, irc, iso, teams, zoom, plain, alerts ...).")
@click.option("--tz", envvar="POSTMORTEM_TZ", show_envvar=True, metavar="ZONE",
              help="IANA zone of times written without an offset, e.g. Europe/Berlin; they are then shown in UTC.")
@click.option("--date", "anchor_date", envvar="POSTMORTEM_DATE", show_envvar=True, metavar="YYYY-MM-DD",
              type=click.DateTime(formats=["%Y-%m-%d"]), help="Date of the first message, for logs that carry times only.")
@click.option("-o", "--output", envvar="POSTMORTEM_OUTPUT", show_envvar=True, metavar="PATH",
              help="Write the document here instead of standard output.")
@click.option("--kb/--no-kb", "use_kb", default=True, envvar="POSTMORTEM_KB", show_envvar=True, show_default=True,
              help="Search the knowledge base for similar past incidents (the seed corpus is indexed on first use).")
def draft(source, as_json, offline, model, fmt, tz, anchor_date, output, use_kb) -> int:
    """Draft a whole post-mortem from a pasted incident chat transcript.

    Reads Slack (copy-paste or export folder), IRC, Teams, Zoom, ISO-timestamped lines, and alert or pager
    lines. Secrets and personal data are redacted before anything is written; people appear as roles in the
    narrative and by name only in the roles and owner columns. What the transcript does not say becomes a
    labelled "Unknown — ask: ..." placeholder and an open question, never a guess.
    """
    from agent.clock import Clock
    from agent.draft import draft as run_draft
    from agent.paths import postmortem_home
    from agent.privacy.redact import format_counts

    result = run_draft(
        _source_argument(source),
        today=Clock().today(),
        env=os.environ,
        fmt=fmt,
        tz=tz,
        anchor_date=anchor_date.date() if anchor_date else None,
        stdin=sys.stdin.buffer,
        model=model,
        offline=offline,
        kb=_open_kb_for_drafting() if use_kb else None,
        console=sys.stderr,
    )
    for notice in result.notices:
        click.echo(f"note: {notice}", err=True)
    for warning in result.pack.warnings:
        click.echo(f"note: {warning}", err=True)
    click.echo(format_counts(result.redactions), err=True)
    text = json.dumps(result.to_contract(), indent=2, ensure_ascii=False) + "\n" if as_json else result.markdown
    _emit(text, output)
    from agent.output import keep_copy

    kept = keep_copy(postmortem_home(), "drafts", result.pack.header.title.replace(" ", "-").lower(), result.markdown)
    rubric = result.grade.rubric
    click.echo(
        f"engine: {result.pack.engine}; rubric {rubric.name} {rubric.score:g}/{rubric.max:g} ({rubric.band}); "
        f"{sum(1 for g in result.grade.gates if g.passed is False)} gate(s) open; copy kept at {kept}",
        err=True,
    )
    return 0


@cli.command(epilog=ENV_HELP)
@click.argument("source", required=False, metavar="FILE|-")
@click.option("--rubric", default="default", envvar="POSTMORTEM_RUBRIC", show_envvar=True, show_default=True,
              metavar="NAME|PATH", help="default (6 x 0-2), sre-weighted (8 weighted 1-5), or a YAML file of your own.")
@click.option("--json", "as_json", is_flag=True, envvar="POSTMORTEM_JSON", show_envvar=True,
              help="Print one JSON document: rubric, gates, findings, passed.")
@click.option("--min-score", type=float, envvar="POSTMORTEM_MIN_SCORE", show_envvar=True, metavar="X",
              help="Also fail (exit 1) when the rubric score is below X.")
@click.option("--offline", is_flag=True, envvar="POSTMORTEM_OFFLINE", show_envvar=True,
              help="Score with code only, even when a model judge is configured.")
@click.option("--model", envvar="POSTMORTEM_MODEL", show_envvar=True, metavar="MODEL",
              help="Model that judges the Allspaw test and may adjust levels with a quoted reason.")
def grade(source, rubric, as_json, min_score, offline, model) -> int:
    """Score any Markdown post-mortem against a rubric and the checklist gates.

    Every criterion shows the evidence that set its level; every failed gate names its line and a concrete
    fix; blameful sentences get a system-focused rewrite. Exit 0 when everything passes, 1 when a gate or
    the rubric (or --min-score) fails, 2 when the input cannot be read. Use it as a docs CI check.
    """
    from agent.grading import grade_text, render_grade
    from agent.llm.judge import make_judge
    from agent.llm.models import resolve_model
    from agent.transcript import read_source

    text = read_source(_source_argument(source), stdin=sys.stdin.buffer).text
    choice = resolve_model(model, offline=offline, env=os.environ)
    if choice.notice:
        click.echo(f"note: {choice.notice}", err=True)
    report = grade_text(text, rubric=rubric, min_score=min_score, judge=make_judge(choice, console=sys.stderr))
    if as_json:
        click.echo(json.dumps(report.model_dump(mode="json"), indent=2, ensure_ascii=False))
    else:
        render_grade(report, sys.stdout)
    return 0 if report.passed else 1


@cli.group()
def kb() -> None:
    """The knowledge base of past post-mortems: add your archive, search it, spot recurring failures.

    State lives under $POSTMORTEM_HOME/kb (or a Chroma server given by --chroma-url). A seed corpus of
    well-known public incidents, retold in our own words, is indexed on first use; set POSTMORTEM_KB_SEED=0
    to leave it out.
    """


def _open_kb_for_drafting():
    """A draft never fails because the knowledge base does: it is drafted without similar incidents instead."""
    from agent.errors import StoreError

    try:
        return _open_kb(os.environ.get("POSTMORTEM_CHROMA_URL"))
    except StoreError as error:
        click.echo(f"note: similar incidents skipped: {error}", err=True)
        return None


def _open_kb(chroma_url: str | None):
    from rich.console import Console

    from agent.kb.service import KnowledgeBase

    return KnowledgeBase.open(chroma_url=chroma_url, console=Console(stderr=True))


CHROMA_URL = click.option("--chroma-url", envvar="POSTMORTEM_CHROMA_URL", show_envvar=True, metavar="URL",
                          help="Use a Chroma server instead of the local store, e.g. http://chroma.internal:8000.")
AS_JSON = click.option("--json", "as_json", is_flag=True, envvar="POSTMORTEM_JSON", show_envvar=True,
                       help="Print one JSON document instead of text.")


def _show(result, as_json: bool, as_text) -> None:
    if as_json:
        payload = [r.model_dump(mode="json") for r in result] if isinstance(result, list) else result.model_dump(mode="json")
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        click.echo(as_text(result))


@kb.command("add", epilog=ENV_HELP)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@AS_JSON
@CHROMA_URL
def kb_add(paths, as_json, chroma_url) -> int:
    """Add Markdown post-mortems, folders of them, or `draft --json` files. Re-adding updates in place.

    Each file is redacted before it is stored.
    """
    from agent.kb.present import add_report_text

    _show(_open_kb(chroma_url).add(list(paths)), as_json, add_report_text)
    return 0


@kb.command("search", epilog=ENV_HELP)
@click.argument("query")
@click.option("--k", default=5, show_default=True, type=click.IntRange(1, 100), help="How many hits.")
@click.option("--filter", "filters", multiple=True, metavar="KEY=VALUE",
              help="service=, severity=, class=, since=YYYY-MM-DD, until=YYYY-MM-DD (repeatable).")
@AS_JSON
@CHROMA_URL
def kb_search(query, k, filters, as_json, chroma_url) -> int:
    """Find past post-mortems similar to QUERY (dense + BM25, fused by reciprocal rank)."""
    from agent.kb.filters import parse_filters
    from agent.kb.present import hits_text

    _show(_open_kb(chroma_url).search(query, k=k, filters=parse_filters(list(filters))), as_json, hits_text)
    return 0


@kb.command("stats", epilog=ENV_HELP)
@AS_JSON
@CHROMA_URL
def kb_stats(as_json, chroma_url) -> int:
    """How many documents and chunks are indexed, by failure class and source."""
    from agent.kb.present import stats_text

    _show(_open_kb(chroma_url).stats(), as_json, stats_text)
    return 0


@kb.command("remove", epilog=ENV_HELP)
@click.argument("source")
@CHROMA_URL
def kb_remove(source, chroma_url) -> int:
    """Remove one source (as shown by `kb search`) from the knowledge base."""
    from agent.errors import UsageError

    removed = _open_kb(chroma_url).remove(source)
    if not removed:
        raise UsageError(f"{source} is not in the knowledge base (see `postmortem kb stats`)")
    click.echo(f"removed {removed} chunk(s) of {source}", err=True)
    return 0


@kb.command("recurring", epilog=ENV_HELP)
@click.option("--window-days", default=365, show_default=True, type=click.IntRange(1), help="Look back this far.")
@AS_JSON
@CHROMA_URL
def kb_recurring(window_days, as_json, chroma_url) -> int:
    """Failure classes and contributing factors that repeat, with the actions still open for them."""
    from agent.clock import Clock
    from agent.kb.present import recurring_text

    patterns = _open_kb(chroma_url).recurring(window_days=window_days, today=Clock().today())
    _show(patterns, as_json, lambda found: recurring_text(found, window_days))
    return 0


@kb.command("rebuild", epilog=ENV_HELP)
@CHROMA_URL
@AS_JSON
def kb_rebuild(chroma_url, as_json) -> int:
    """Re-index every known source from scratch (after a corrupt or deleted store). Damaged files are kept."""
    from agent.kb.present import add_report_text

    _show(_open_kb(chroma_url).rebuild(), as_json, add_report_text)
    return 0


def main(argv: list[str] | None = None) -> None:
    """Map every failure to one line on stderr and an exit code; tracebacks only with POSTMORTEM_DEBUG=1."""
    debug = os.environ.get("POSTMORTEM_DEBUG") == "1"
    try:
        code = cli.main(args=argv, prog_name="postmortem", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("postmortem: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(2 if isinstance(error, click.UsageError) else error.exit_code)
    except PostmortemError as error:
        if debug:
            raise
        click.echo(f"postmortem: error: {error}", err=True)
        sys.exit(error.exit_code)
    except Exception as error:  # a bug of ours: still one line unless debugging
        if debug:
            raise
        click.echo(f"postmortem: internal error: {type(error).__name__}: {error} (POSTMORTEM_DEBUG=1 shows details)", err=True)
        sys.exit(1)
    # The collector's final sweep would rescan every object pydantic-ai left behind (~0.2 s) just to exit.
    gc.freeze()
    sys.exit(code if isinstance(code, int) else 0)
