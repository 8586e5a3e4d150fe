"""Progress of a long run on stderr: a rich bar on a terminal, the same notes as plain lines when piped or logged."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

# update(done, note): `done` of the total are finished; `note`, if any, is printed (a terminal also moves the bar).
Update = Callable[[int, str], None]


@contextmanager
def progress(stream: TextIO, total: int, label: str) -> Iterator[Update]:
    """Report `total` steps on `stream`. A log or CI keeps one line per note; a terminal gets a bar under them."""
    if not total or not _is_terminal(stream):
        def line(done: int, note: str) -> None:
            if note:
                stream.write(f"{note}\n")
                stream.flush()

        yield line
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=stream, highlight=False)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console) as bar:
        task = bar.add_task(label, total=total)

        def advance(done: int, note: str) -> None:
            if note:
                bar.console.print(note, markup=False)
            bar.update(task, completed=done)

        yield advance


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or minimal stream is no terminal
        return False
