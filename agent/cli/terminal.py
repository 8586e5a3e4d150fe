"""How the terminal is read: answers typed into `facilitate` get line editing and history on a terminal."""

import io
from typing import TextIO


def answer_stream(stdin: TextIO) -> TextIO:
    """On a terminal, lines read through input() with readline loaded: arrow keys, history and line editing work
    as in a shell. A pipe or file is read as it is (readline would only get in the way of pasted input)."""
    if not stdin.isatty():
        return stdin
    try:
        import readline  # noqa: F401  (loading it is what gives input() editing and history)
    except ImportError:  # Windows and minimal builds have no readline: answers still work, without editing
        return stdin
    return _EditedLines()


class _EditedLines(io.StringIO):
    """Standard input read a line at a time through input(), the only reader that readline edits."""

    # typeshed gives StringIO both IOBase's bytes readline and TextIOBase's str one; StringIO returns str.
    def readline(self, size: int | None = -1, /) -> str:  # type: ignore[override]
        try:
            return input() + "\n"
        except EOFError:
            return ""

    def isatty(self) -> bool:
        return True
