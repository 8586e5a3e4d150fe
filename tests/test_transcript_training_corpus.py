"""The labelled training corpus (evals/training/messages, written by others in many formats) as a parser check:
most labelled messages must be found at their line with the time they show.

The labels count every line a chat shows as its own message, even follow-up lines that a copy does not mark
(a Slack or Discord paste groups them under one author line); that is why the floor per transcript is below 1.

A recording's messages are timed from its start. When the file states that start only in words the parser cannot
settle ("it's quarter past three": 03:15 or 15:15?), the parser leaves them untimed and says so, while the writers
labelled the time they inferred from the story; such labels count as found at their line without a time. Only
then: a recording whose header (the lines above its first message, where NOTE blocks and export headers state the
start) writes a time of day in digits must be timed."""

import json
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from agent.models.message import Transcript
from agent.transcript import load_transcript

CORPUS = Path(__file__).resolve().parent.parent / "evals" / "training" / "messages"
CASES = sorted(path.parent for path in CORPUS.glob("*/*/labels.jsonl")) if CORPUS.is_dir() else []
TODAY = date(2026, 12, 20)
FLOOR = 0.7  # of a transcript's labelled messages found at their line with their time
MEAN_FLOOR = 0.9  # over the whole corpus
HEADER_REACH = 5  # lines a label may sit below the line where its message starts
UNKNOWN_START = "its start is not stated"  # how the parser warns that a recording's offsets have no wall clock
CLOCK_IN_DIGITS = re.compile(r"\b\d{1,2}:\d{2}\b")


def shown(moment: datetime | None, zone: ZoneInfo | None) -> set[str]:
    """How a parsed time may appear in a label: as written (naive), or an aware time in UTC or the chat's zone."""
    if moment is None:
        return set()
    readings = {moment.replace(tzinfo=None)}
    if moment.tzinfo is not None and zone is not None:
        readings.add(moment.astimezone(zone).replace(tzinfo=None))
    return {form for reading in readings for form in (reading.strftime("%Y-%m-%dT%H:%M"), reading.strftime("%H:%M"))}


def found_share(case: Path) -> float:
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    labels = [json.loads(line) for line in (case / "labels.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    anchor = date.fromisoformat(meta["date"]) if meta.get("date") else None
    transcript = load_transcript(str(case / "transcript.txt"), anchor_date=anchor, today=TODAY)
    zone = ZoneInfo(meta["timezone"]) if meta.get("timezone") else None
    by_line = {message.line: message for message in transcript.messages}
    untimeable = start_only_in_words(transcript, (case / "transcript.txt").read_text(encoding="utf-8").split("\n"))
    found = 0
    for label in labels:
        # the label names the header line, or (as the corpus checker allows) a line of text up to 3 below it; an
        # e-mail's header block (From, Sent, To, Cc, Subject) is longer, and its writers named any of its lines
        message = next((by_line[line] for line in range(label["line"], label["line"] - HEADER_REACH - 1, -1)
                        if line in by_line), None)
        if message is not None and (label["time"] is None or label["time"] in shown(message.time, zone)
                                    or (message.time is None and untimeable)):
            found += 1
    return found / len(labels) if labels else 1.0


def start_only_in_words(transcript: Transcript, lines: list[str]) -> bool:
    """The parser found a recording without a start, and nothing above its first message writes a time in digits."""
    if not transcript.messages or not any(UNKNOWN_START in warning for warning in transcript.warnings):
        return False
    return not any(CLOCK_IN_DIGITS.search(line) for line in lines[:transcript.messages[0].line - 1])


@pytest.mark.skipif(not CASES, reason="no labelled training transcripts yet")
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_labelled_messages_are_found_at_their_line_with_their_time(case):
    assert found_share(case) >= FLOOR


@pytest.mark.skipif(not CASES, reason="no labelled training transcripts yet")
def test_most_labelled_messages_in_the_corpus_are_found():
    shares = [found_share(case) for case in CASES]
    assert sum(shares) / len(shares) >= MEAN_FLOOR
