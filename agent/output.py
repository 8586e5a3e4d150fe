"""Writing artifacts: atomically, so a failure never leaves a half-written file over a good one, nor an empty
`.partial` beside it; never over a device or the input itself; and never silently into a closed stdout."""

import os
import stat
import sys
from pathlib import Path

from agent.errors import UsageError


def check_destination(destination: Path, inputs: list[str]) -> None:
    """Refuse -o paths that are not (or would not be) a regular file, or that name one of the inputs."""
    try:
        mode = destination.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise UsageError(f"cannot write {destination}: {error.strerror}") from None
    if stat.S_ISDIR(mode):
        raise UsageError(f"{destination} is a directory; give a file path for -o")
    if not stat.S_ISREG(mode):
        raise UsageError(f"{destination} is not a regular file (a device, FIFO or socket); give a file path for -o")
    for name in inputs:
        if name != "-" and Path(name).exists() and os.path.samefile(name, destination):
            raise UsageError(f"{destination} is the input; write the document to another file")


def write_atomically(text: str, destination: Path) -> None:
    check_destination(destination, [])
    partial = destination.with_name(destination.name + ".partial")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot write {destination}: {error.strerror or error}") from None
    try:
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), "w", encoding="utf-8") as handle:
            handle.write(text)
        partial.replace(destination)
    except BaseException as error:
        partial.unlink(missing_ok=True)  # a full disk must not leave an empty or cut-off file behind
        if isinstance(error, OSError):
            raise UsageError(f"cannot write {destination}: {error.strerror or error}") from None
        raise


def keep_copy(home: Path, kind: str, stem: str, text: str, suffix: str = ".md", *, distinct: bool = False) -> Path:
    """Every artifact is also kept under $POSTMORTEM_HOME so a lost terminal never loses work. With `distinct`,
    a different document under the same stem (two incidents with one title) gets its own file, stem-2 and on;
    the same document again reuses its file."""
    target = home / kind / f"{stem}{suffix}"
    number = 1
    while distinct and target.is_file() and target.read_text(encoding="utf-8", errors="replace") != text:
        number += 1
        target = home / kind / f"{stem}-{number}{suffix}"
    write_atomically(text, target)
    return target


def write_stdout(text: str) -> None:
    """The artifact on standard output. A closed stdout, or a reader that went away, is a UsageError instead of
    an exit 0 with the document dropped."""
    stream = sys.stdout
    if stream is None or stream.closed:
        raise UsageError("standard output is closed: the document was not printed (use -o FILE)")
    try:
        stream.write(text if text.endswith("\n") else text + "\n")
        stream.flush()
    except BrokenPipeError:
        # Point stdout at /dev/null so that the interpreter's own flush at exit does not fail a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        raise UsageError("standard output was closed before the whole document was printed (use -o FILE)") from None
    except ValueError:  # "I/O operation on closed file"
        raise UsageError("standard output is closed: the document was not printed (use -o FILE)") from None
