"""Running the `postmortem` command as a user does: a fresh interpreter, the repository as working directory."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-21"


def postmortem(*args: str, stdin: bytes | None = None, env: dict | None = None, text: bool = False,
               timeout: int = 300) -> subprocess.CompletedProcess:
    """`postmortem ARGS…` with this test's environment (isolated home, no keys) and a fixed today; `env`
    overrides. Output is bytes, or str with `text=True`."""
    full_env = {**os.environ, "POSTMORTEM_TODAY": TODAY, **(env or {})}
    return subprocess.run([sys.executable, "-m", "agent", *args], input=stdin, capture_output=True, env=full_env,
                          cwd=REPO, timeout=timeout, text=text)


def in_process(monkeypatch, capsys, *args: str, stdin: str = "") -> tuple[int, str, str]:
    """`postmortem ARGS…` through `agent.cli.main` in this interpreter (so a test can monkeypatch what it needs):
    the exit code, stdout and stderr."""
    import io

    import pytest

    from agent.cli import main

    monkeypatch.setenv("POSTMORTEM_TODAY", TODAY)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8"))
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    captured = capsys.readouterr()
    return exited.value.code, captured.out, captured.err
