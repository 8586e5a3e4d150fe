"""Reading the JSON-lines files the writers and annotators hand in, for the checkers beside them."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def json_lines(path: Path, problems: list[str], name: str | None = None) -> Iterator[tuple[int, Any]]:
    """Each non-blank line of `path` as (its line number, its value). A line that is not JSON is reported in
    `problems` as "NAME:LINE: not JSON (...)" (NAME defaults to the path) and skipped."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"{name or path}:{number}: not JSON ({error})")
