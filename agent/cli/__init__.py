"""Command line: turns arguments and stdin into one call of a plain function and renders the result.

One module per command; importing them registers the commands on the group. `main` maps every failure to one
line and an exit code, once for all commands.
"""

import gc
import os
import sys

import click

from agent.cli import draft, facilitate, grade, kb, schema  # noqa: F401  (registers the commands)
from agent.cli import eval as eval_command  # noqa: F401  (registers `postmortem eval`)
from agent.cli.app import EXIT_CODES, cli
from agent.errors import PostmortemError

__all__ = ["INTERNAL_ERROR", "cli", "main"]

INTERNAL_ERROR = 3


def _document_exit_codes(group: click.Group) -> None:
    """Every command's --help ends with the exit codes, a command added later included."""
    for command in group.commands.values():
        if EXIT_CODES not in (command.epilog or ""):
            command.epilog = f"{command.epilog or ''} {EXIT_CODES}".strip()
        if isinstance(command, click.Group):
            _document_exit_codes(command)


_document_exit_codes(cli)


def main(argv: list[str] | None = None) -> None:
    """Map every failure to one line on stderr and an exit code; tracebacks only with POSTMORTEM_DEBUG=1."""
    debug = os.environ.get("POSTMORTEM_DEBUG") == "1"
    # pydantic-ai greets a terminal with a banner on its first agent run; stderr is for our notes only.
    os.environ.setdefault("PYDANTIC_AI_NO_BANNER", "1")
    try:
        code = cli.main(args=argv, prog_name="postmortem", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("postmortem: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as error:  # bad usage, or a file option click could not open
        error.show()
        sys.exit(2)
    except PostmortemError as error:
        if debug:
            raise
        click.echo(f"postmortem: error: {error}", err=True)
        sys.exit(error.exit_code)
    except Exception as error:  # a bug of ours: still one line unless debugging
        if debug:
            raise
        click.echo(f"postmortem: internal error: {type(error).__name__}: {error} (POSTMORTEM_DEBUG=1 shows details)", err=True)
        sys.exit(INTERNAL_ERROR)
    finally:
        # What the command built lives until exit: frozen, the collector's final sweep does not rescan every object
        # pydantic-ai left behind (~0.2 s), nor does re-enabling it after `draft` (which turns it off) sweep them.
        gc.freeze()
        gc.enable()
    sys.exit(code if isinstance(code, int) else 0)
