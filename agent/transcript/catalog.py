"""Every transcript format with a one-line example, for `postmortem draft --help` and the README.

Read from the data files alone (no pattern is compiled), so that the CLI can show it without loading the readers."""

from functools import lru_cache
from importlib import resources

from agent.transcript.layout import layout_file
from agent.yaml_data import parse_yaml

EXAMPLES_FILE = "formats.yaml"


@lru_cache(maxsize=1)
def format_examples() -> dict[str, str]:
    """Format name -> example: the line formats of `formats.yaml`, then every layout that is a format of its own."""
    text = resources.files("agent.transcript").joinpath(EXAMPLES_FILE).read_text(encoding="utf-8")
    layouts = {name: spec.example for name, spec in layout_file().layouts.items() if spec.within is None}
    return {**{str(name): str(example) for name, example in parse_yaml(text).items()}, **layouts}


def format_help() -> str:
    """The formats as `--help` shows them: one line each, the name padded to a column."""
    width = max(map(len, format_examples()))
    return "\n".join(f"  {name.ljust(width)}  {example}" for name, example in format_examples().items())
