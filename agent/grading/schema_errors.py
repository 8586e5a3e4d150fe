"""Turning YAML and schema problems into one-line ConfigError messages: "file: field.path: problem"."""

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from agent.errors import ConfigError


def display_path(file: Path) -> str:
    """Relative to the working directory when possible, so messages read 'rubrics/x.yaml'."""
    try:
        return str(file.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(file)


def cache_key(file: Path) -> tuple[str, float] | None:
    """(resolved path, modification time) so an edited file is re-read; None when it cannot be stat'ed."""
    try:
        return str(file.resolve()), file.stat().st_mtime
    except OSError:
        return None


def read_yaml(file: Path) -> Any:
    import yaml

    from agent.yaml_data import parse_yaml

    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{display_path(file)}: file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{display_path(file)}: cannot be read ({error.__class__.__name__})") from None
    try:
        data = parse_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise ConfigError(f"{display_path(file)}: {where}{problem}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{display_path(file)}: expected a mapping at the top level")
    return data


def describe(file: Path, error: ValidationError) -> str:
    """The first schema problem as 'file: criteria[2].weight: must be > 0'."""
    first = error.errors()[0]
    path = ""
    for part in first["loc"]:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    message = first["msg"].removeprefix("Value error, ")
    message = message.replace("Input should be greater than or equal to", "must be >=").replace(
        "Input should be greater than", "must be >").replace("Input should be less than or equal to", "must be <=")
    message = message.replace("Extra inputs are not permitted", "unknown field (check the spelling)")
    message = message.replace("Field required", "missing (required)")
    count = len(error.errors())
    more = f" (and {count - 1} more problem{'s' if count > 2 else ''})" if count > 1 else ""
    where = f"{path}: " if path else ""
    return f"{display_path(file)}: {where}{message}{more}"
