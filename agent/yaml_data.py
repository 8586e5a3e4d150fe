"""YAML as the data files (rules, layouts, rubrics) and front matter are written: parsed by libyaml when PyYAML
has it. The pure-Python parser took about a tenth of a short draft reading the shipped rule files; the C one
reads the same values (safe types only) in a tenth of the time."""

from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from agent.errors import ConfigError

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """What `yaml.safe_load(text)` returns; raises yaml.YAMLError the same way."""
    return yaml.load(text, Loader=_SAFE_LOADER)


Model = TypeVar("Model", bound=BaseModel)


def validated_yaml(model: type[Model], text: str, name: str) -> Model:
    """`text` parsed and validated as `model`; a bad file is a ConfigError naming the file and the first failing
    field (pydantic's "For further information" link left out)."""
    try:
        return model.model_validate(parse_yaml(text))
    except (ValidationError, yaml.YAMLError) as error:
        raise ConfigError(f"{name}: {error}".split("\n    For further")[0]) from None
