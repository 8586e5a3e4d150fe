"""YAML as the data files (rules, layouts, rubrics) and front matter are written: parsed by libyaml when PyYAML
has it. The pure-Python parser took about a tenth of a short draft reading the shipped rule files; the C one
reads the same values (safe types only) in a tenth of the time."""

from typing import Any

import yaml

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """What `yaml.safe_load(text)` returns; raises yaml.YAMLError the same way."""
    return yaml.load(text, Loader=_SAFE_LOADER)
