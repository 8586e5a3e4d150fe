"""Whether a document was written while its incident was under way: a live state document says so in its header
("Status: active", "Incident #465 (ongoing)"), above its first timed entry. The words are data
(`live_status.yaml`); the shapes they are written in are here."""

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

from agent.models.message import Message
from agent.yaml_data import validated_yaml

STATUS_FILE = "live_status.yaml"
# Markdown and table markup around a field ("**Status**: active", "| Status | Active |", "_Status_ - ongoing").
_MARKUP = re.compile(r"[*_`|]+")
_TITLE_MARK = re.compile(r"^\s*#{1,6}\s")


class StatusWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    labels: list[str] = Field(min_length=1)
    under_way: list[str] = Field(min_length=1)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a status field whose value starts with a running state, a running state in brackets or parentheses)."""
    text = resources.files("agent.transcript").joinpath(STATUS_FILE).read_text(encoding="utf-8")
    words = validated_yaml(StatusWords, text, STATUS_FILE)
    labels = _alternatives(words.labels)
    states = _alternatives(words.under_way)
    # The value may open with a marker ("Status: 🔴 Active", "State: - ongoing"), never with another word.
    field = re.compile(rf"^\W*{labels}\s*(?:[:=\-\u2013\u2014]\s*|\s+)[^\w\s]*\s*{states}\b", re.IGNORECASE)
    marked = re.compile(rf"[(\[]\s*{states}\s*[)\]]", re.IGNORECASE)
    return field, marked


def _alternatives(words: list[str]) -> str:
    return "(?:" + "|".join(r"\s+".join(map(re.escape, word.split())) for word in sorted(words, key=len)[::-1]) + ")"


def opens_under_way(messages: list[Message]) -> bool:
    """True when the messages before the first timed one (the document's header) state that the incident is still
    running: in a status field, or as a bracketed status in the title or a heading."""
    return states_under_way(_header_lines(messages))


def states_under_way(lines: Iterable[str]) -> bool:
    """True when these header lines state a running incident (the first non-blank line is the title)."""
    field, marked = _patterns()
    title_seen = False
    for line in lines:
        if not line.strip():
            continue
        plain = _MARKUP.sub(" ", line)
        if field.match(plain):
            return True
        if (not title_seen or _TITLE_MARK.match(line)) and marked.search(plain):
            return True
        title_seen = True
    return False


def _header_lines(messages: list[Message]) -> list[str]:
    lines: list[str] = []
    for message in messages:
        if message.time is not None:
            return lines
        lines.extend(message.text.split("\n"))
    return []  # nothing timed: no timeline for a header to stand above
