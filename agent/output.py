"""Writing artifacts: atomically, so a failure never leaves a half-written file over a good one."""

from pathlib import Path

from agent.errors import UsageError


def write_atomically(text: str, destination: Path) -> None:
    if destination.is_dir():
        raise UsageError(f"{destination} is a directory; give a file path for -o")
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(destination)
    except OSError as error:
        raise UsageError(f"cannot write {destination}: {error.strerror}") from None


def keep_copy(home: Path, kind: str, stem: str, text: str, suffix: str = ".md") -> Path:
    """Every artifact is also kept under $POSTMORTEM_HOME so a lost terminal never loses work."""
    target = home / kind / f"{stem}{suffix}"
    write_atomically(text, target)
    return target
