"""What every `--json` document shares: a schema version, and room for fields added later.

The fields a contract model names are guaranteed. New fields may appear without notice (the schemas allow
additional properties), so additions keep `schema_version`; renaming or removing a field, or changing its type,
raises it.
"""

from typing import Final, Literal

from pydantic import BaseModel, ConfigDict

SCHEMA_VERSION: Final = 1


class Part(BaseModel):
    """A part of a contract document: the named fields are checked, further fields pass through."""

    # The schema describes what is printed, where a field with a default is always present. A command prints one
    # contract: each is built when first used, not all thirty when the package is imported (a twentieth of a draft).
    model_config = ConfigDict(extra="allow", json_schema_serialization_defaults_required=True, defer_build=True)


class Contract(Part):
    """A whole `--json` document."""

    schema_version: Literal[1] = SCHEMA_VERSION
