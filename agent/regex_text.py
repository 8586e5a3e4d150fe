"""Regular expressions written in data files (rules, gates, cues): checked when the file is loaded, so a broken
pattern is a ConfigError naming its field, never a crash while reading a transcript or a document."""

import re
from typing import Annotated

from pydantic import AfterValidator


def checked_regex(pattern: str) -> str:
    """`pattern` unchanged when it compiles; a ValueError saying why when it does not."""
    try:
        re.compile(pattern)
    except re.error as error:
        raise ValueError(f"not a valid regular expression ({error}): {pattern!r}") from None
    return pattern


RegexText = Annotated[str, AfterValidator(checked_regex)]
