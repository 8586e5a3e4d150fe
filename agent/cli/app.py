"""The `postmortem` command group and what every command shares: stdin handling, output, the env-variable note."""

import sys
from pathlib import Path

import click

from agent import __version__

ENV_HELP = ("Every option can also be set with the environment variable shown next to it, except options that "
            "write files.")
EXIT_CODES = ("Exit codes: 0 success, 1 a quality gate or threshold was not met, 2 bad usage or unreadable input, "
              "3 internal error.")


def source_argument(source: str | None) -> str:
    """Read stdin for '-' or when something is piped and no file is given."""
    if source is not None:
        return source
    if not sys.stdin.isatty():
        return "-"
    raise click.UsageError("give a FILE, or '-' to read standard input")


def emit(text: str, output: str | None) -> None:
    if output:
        from agent.output import write_atomically

        write_atomically(text, Path(output))
        click.echo(f"wrote {output}", err=True)
    else:
        from agent.output import write_stdout

        write_stdout(text)


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
      postmortem schema draft > draft.schema.json

    Exit codes: 0 success, 1 a quality gate or threshold was not met, 2 bad usage or unreadable input,
    3 internal error.

    \b
    Shell completion (commands, options, --format and --rubric names):
      bash: eval "$(_POSTMORTEM_COMPLETE=bash_source postmortem)"   in ~/.bashrc
      zsh:  eval "$(_POSTMORTEM_COMPLETE=zsh_source postmortem)"    in ~/.zshrc
      fish: _POSTMORTEM_COMPLETE=fish_source postmortem > ~/.config/fish/completions/postmortem.fish
    """


def json_option(help_text: str):
    return click.option("--json", "as_json", is_flag=True, envvar="POSTMORTEM_JSON", show_envvar=True, help=help_text)


def offline_option(help_text: str):
    return click.option("--offline", is_flag=True, envvar="POSTMORTEM_OFFLINE", show_envvar=True, help=help_text)


class _ModelOption(click.Option):
    """Names the default model in --help, importing the model registry only when help is shown."""

    def get_help_record(self, ctx: click.Context):
        from agent.llm.models import DEFAULT_MODEL, FALLBACK_MODEL

        record = super().get_help_record(ctx)
        if record is None:  # a hidden option has no help line
            return None
        names, text = record
        return names, (f"{text}  [default when ANTHROPIC_API_KEY is set: {DEFAULT_MODEL}; when it fails, "
                       f"{FALLBACK_MODEL} (POSTMORTEM_FALLBACK_MODEL, 'none' for no fallback), then offline]")


def model_option(help_text: str):
    return click.option("--model", envvar="POSTMORTEM_MODEL", show_envvar=True, metavar="MODEL", help=help_text,
                        cls=_ModelOption)


def output_option(help_text: str):
    """No environment variable: a setting left in the environment would silently overwrite files."""
    return click.option("-o", "--output", metavar="PATH", help=help_text)
