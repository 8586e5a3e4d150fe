"""YAML (---) or TOML (+++) front matter at the top of a Markdown file."""

from datetime import date, datetime, time

_FENCES = {"---": "yaml", "+++": "toml"}
_MAX_FRONT_MATTER_LINES = 300


def split_front_matter(lines: list[str]) -> tuple[dict, int]:
    """(metadata, number of lines it occupies). A fence that does not parse to a mapping is not front matter."""
    if not lines or lines[0].strip() not in _FENCES:
        return {}, 0
    fence = lines[0].strip()
    closers = {fence, "..."} if fence == "---" else {fence}
    for index in range(1, min(len(lines), _MAX_FRONT_MATTER_LINES)):
        if lines[index].strip() in closers:
            body = "\n".join(lines[1:index])
            data = _parse(body, _FENCES[fence])
            return (_json_safe_mapping(data), index + 1) if isinstance(data, dict) else ({}, 0)
    return {}, 0


def _parse(body: str, kind: str) -> object:
    try:
        if kind == "toml":
            import tomllib

            return tomllib.loads(body)
        from agent.yaml_data import parse_yaml

        return parse_yaml(body)
    except Exception:  # any parser failure just means "this is not front matter"
        return None


def _json_safe(value: object) -> object:
    """YAML and TOML yield dates and times; the document keeps plain JSON values."""
    if isinstance(value, dict):
        return _json_safe_mapping(value)
    if isinstance(value, list | tuple):
        return [_json_safe(item) for item in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _json_safe_mapping(value: dict) -> dict[str, object]:
    return {str(key): _json_safe(item) for key, item in value.items()}
