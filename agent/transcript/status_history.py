"""A status page's incident history copied from the page (Atlassian Statuspage and the pages modelled on it).

Each update is its status ("Investigating", "Identified", "Monitoring", "Update", "Resolved"), alone on its line or
opening it ("Resolved - This incident has been resolved."), then the words posted, then a line that closes the update
with the time it was posted:

    Monitoring
    A fix has been deployed and card payments are succeeding again.
    Posted 2 days ago. Mar 03, 2026 - 18:24 UTC

Each update is one message at its closing time, posted by the page (kind "bot", no author); the history lists them
newest first, which the clock reads as it reads any document written that way. The status words and the word for
"posted" are data (`status_history.yaml`), in several languages. Lines outside the updates (the page's title,
"This incident affected: …") read as plain notes do."""

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

from agent.transcript.assemble import Found, Start, close_message, scores_at
from agent.transcript.clock import Stamp
from agent.transcript.days import parse_day_line
from agent.transcript.plain import scan_generic
from agent.transcript.stamped import scan_stamped
from agent.yaml_data import validated_yaml

WORDS_FILE = "status_history.yaml"
UPDATE_SCORE = 4  # an update is surer than a date-time line read alone: the status above it and the time closing it
MIN_UPDATES = 2


class StatusPageWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    statuses: list[str] = Field(min_length=1, description="the states an update is posted under, lower case")
    posted: list[str] = Field(min_length=1, description="the word before the time an update was posted, lower case")


@dataclass(frozen=True, slots=True)
class Update:
    first: int  # the status line
    closing: int  # the line with the time it was posted
    stamp: Stamp


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a status line: the status alone or before a dash, the prefix of a closing line: "Posted 2 days ago. ")."""
    text = resources.files("agent.transcript").joinpath(WORDS_FILE).read_text(encoding="utf-8")
    words = validated_yaml(StatusPageWords, text, WORDS_FILE)
    statuses = "|".join(re.escape(word) for word in sorted(words.statuses, key=len, reverse=True))
    posted = "|".join(re.escape(word) for word in sorted(words.posted, key=len, reverse=True))
    status = re.compile(rf"^(?:{statuses})(?:\s*$|\s+[-\u2013\u2014]\s+\S)", re.IGNORECASE)
    # the age the page shows beside the time ("2 days ago.", "vor 2 Tagen.") is any short phrase ending in a full stop
    prefix = re.compile(rf"^(?:{posted})\s+(?:[^.\n\d]{{0,20}}\d{{0,3}}[^.\n\d]{{0,20}}\.\s+)?", re.IGNORECASE)
    return status, prefix


def _closing_stamp(line: str) -> Stamp | None:
    """The time a closing line states: "Posted 2 days ago. Mar 03, 2026 - 18:52 UTC", "Nov 18, 2026 - 16:12 PST"."""
    _, prefix = _patterns()
    text = line.strip()
    found = scan_stamped(prefix.sub("", text, count=1))
    if isinstance(found, Start) and found.stamp is not None and not found.text and not found.author:
        return found.stamp
    return None


def _updates(lines: list[str]) -> list[Update]:
    """The updates, when the text is a status history (at least MIN_UPDATES of them); else none."""
    status, _ = _patterns()
    updates: list[Update] = []
    first: int | None = None
    for index, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        if first is None:
            first = index if status.match(text) else None
            continue
        stamp = _closing_stamp(text)
        if stamp is not None:
            updates.append(Update(first, index, stamp))
            first = None
    return updates if len(updates) >= MIN_UPDATES else []


def read(lines: list[str]) -> tuple[list[str], list[Found], list[str]]:
    """(lines, what each line is, warnings): each update a message at the time that closes it."""
    found: list[Found] = [(parse_day_line(line, relative=True) or scan_generic(line)) if line.strip() else None
                          for line in lines]
    for update in _updates(lines):
        start = Start(stamp=update.stamp, kind="bot", text=lines[update.first].strip())
        close_message(found, start, update.first, update.closing)
    return lines, found, []


def line_scores(lines: list[str]) -> list[int]:
    """UPDATE_SCORE on each update's status line, for format detection; nothing when the text is no history."""
    return scores_at(len(lines), [update.first for update in _updates(lines)], UPDATE_SCORE)
