"""Regular expressions written in data files (rules, gates, cues): checked when the file is loaded, so a broken
pattern is a ConfigError naming its field, never a crash while reading a transcript or a document."""

import re
from functools import cache
from typing import Annotated

from pydantic import AfterValidator


@cache
def compiled_regex(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile`, kept for the process: a pattern checked with the flags it runs with is compiled once
    (compiling is most of a short draft's work on its rules; `re`'s own cache is too small to keep them)."""
    return re.compile(pattern, flags)


def checked_regex(pattern: str, *, flags: int = 0) -> str:
    """`pattern` unchanged when it compiles; a ValueError saying why when it does not."""
    try:
        compiled_regex(pattern, flags)
    except re.error as error:
        raise ValueError(f"not a valid regular expression ({error}): {pattern!r}") from None
    return pattern


RegexText = Annotated[str, AfterValidator(checked_regex)]
