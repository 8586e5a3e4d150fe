"""Closed sets of option values, read from their registries only when an option is used or help is shown.

Loading the registries (transcript parsers, rubric files) at start-up would slow every command, `--help` too.
"""

import functools
from collections.abc import Callable, Sequence
from pathlib import Path

import click
from click.shell_completion import CompletionItem


class LazyChoice(click.Choice):
    """click.Choice whose choices come from `load()` on first use."""

    def __init__(self, load: Callable[[], Sequence[str]]) -> None:
        self._load = load
        self.case_sensitive = True

    @functools.cached_property
    def choices(self) -> tuple[str, ...]:  # type: ignore[override]
        return tuple(self._load())


class ChoiceOrFile(LazyChoice):
    """One of the shipped names, or the path of a file of the user's own."""

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return f"[{'|'.join(self.choices)}|PATH]"

    def convert(self, value, param, ctx):
        if value in self.choices or Path(value).expanduser().is_file():
            return value
        self.fail(f"{value!r} is neither one of {', '.join(self.choices)} nor an existing file", param, ctx)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        """The shipped names that match, then the shell's own file completion for a path of one's own."""
        return [*super().shell_complete(ctx, param, incomplete), CompletionItem(incomplete, type="file")]


def transcript_formats() -> Sequence[str]:
    from agent.transcript.parse import FORMATS

    return FORMATS


def rubric_names() -> Sequence[str]:
    from agent.grading.rubric import available_rubrics

    return available_rubrics()


def contract_names() -> Sequence[str]:
    from agent.contracts import CONTRACTS

    return list(CONTRACTS)
