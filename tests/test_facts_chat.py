"""Test support for the facts tests: incident chats written as `HH:MM|Author|text` lines.

The facts extractor is tested on Message objects built here, independently of the transcript parsers.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path
from unittest.mock import patch

from agent.models import Message, Transcript
from agent.reading import Reading
from agent.reading.machine import machine_kind

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "facts"


def chat(text: str, day: date = date(2026, 3, 10), *, first_line: int = 1) -> Transcript:
    """Each `HH:MM|Author|text` line is one message on `day` (rolling over midnight when times go back).
    Blank and `#` lines are skipped but counted, so `line` is the line in `text`."""
    messages: list[Message] = []
    current, previous = day, None
    for number, raw in enumerate(text.splitlines(), start=first_line):
        if not raw.strip() or raw.startswith("#"):
            continue
        clock, author, body = raw.split("|", 2)
        hours, minutes = (int(part) for part in clock.strip().split(":"))
        if previous is not None and (hours, minutes) < previous:
            current += timedelta(days=1)
        previous = (hours, minutes)
        author = author.strip()
        messages.append(
            Message(
                line=number,
                end_line=number,
                time=datetime.combine(current, time(hours, minutes)),
                author=author,
                text=body.replace("\\n", "\n"),
                kind="bot" if author.endswith(" APP") else "chat",
            )
        )
    return Transcript(format="test-chat", messages=messages, incident_date=day if messages else None)


def load_chat(name: str) -> Transcript:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    day = next(date.fromisoformat(line.split(":", 1)[1].strip()) for line in text.splitlines() if line.startswith("# date:"))
    return chat(text, day)


def line_of(transcript: Transcript, fragment: str) -> int:
    """The source line of the first message containing `fragment`."""
    return next(m.line for m in transcript.messages if fragment in m.text)


def read_as(*kinds: str) -> list[Reading]:
    """Readings given by hand, one kind per message: tests of the facts rules must not depend on the learned
    reader's judgement."""
    return [Reading(kind, 0.9, "chatter", 0.05) for kind in kinds]


def reader_by(table: dict[str, str]) -> Callable[[list[Message]], list[Reading]]:
    """A stand-in for `agent.reading.read_messages`: bot lines by the shipped machine rules (exact, not learned),
    people's messages by the first `table` fragment their lowered text contains, else chatter."""

    def read(messages: list[Message]) -> list[Reading]:
        readings = []
        for message in messages:
            ruled = machine_kind(message)
            if ruled is not None:
                readings.append(Reading(ruled, 1.0, "chatter", 0.0, by_rule=True))
                continue
            kind = next((kind for fragment, kind in table.items() if fragment in message.text.lower()), "chatter")
            readings.append(Reading(kind, 0.9, "chatter", 0.05))
        return readings

    return read


@contextmanager
def reading_by(table: dict[str, str]) -> Iterator[None]:
    """Run `extract_facts` / `classify_events` with `reader_by(table)` in place of the learned reader."""
    read = reader_by(table)
    with patch("agent.facts.read_messages", read), patch("agent.facts.events.read_messages", read):
        yield


@contextmanager
def stating(table: dict[str, str | tuple[str, str]]) -> Iterator[None]:
    """Stated times given by hand, in place of the learned model that judges which event a stated time dates: a
    message containing a `table` fragment states either ("kind", "HH:MM") on the day it was said, or "kind" for
    every clock time written in it, placed by the real code (agent.reading.stated.place: the message's clock and
    zone, the day before when that time had not yet come). No other message states a time."""
    from agent.reading.stated import StatedTime, clock_mentions, place

    def stated(text, *given):
        said_at, incident_date, zone = given[-3:]  # (text, [reading,] said_at, incident_date, zone)
        for fragment, told in table.items():
            if fragment not in text.lower():
                continue
            if isinstance(told, str):
                placed = [(place(m, said_at, incident_date, zone), m.end) for m in clock_mentions(text)]
                return [StatedTime(told, at, 0.9, end) for at, end in placed if at is not None]
            kind, clock = told
            hours, minutes = (int(part) for part in clock.split(":"))
            day = said_at.date() if said_at is not None else incident_date
            return [StatedTime(kind, datetime.combine(day, time(hours, minutes), tzinfo=said_at and said_at.tzinfo),
                               0.9, len(text))]
        return []

    with patch("agent.facts.events.stated_times", stated):
        yield


def test_chat_keeps_file_line_numbers_and_marks_bots():
    transcript = chat("# comment\n09:00|Ana Lima|deploying\n\n09:05|Grafana APP|[FIRING:1] x")
    assert [(m.line, m.author, m.kind) for m in transcript.messages] == [
        (2, "Ana Lima", "chat"),
        (4, "Grafana APP", "bot"),
    ]


def test_chat_rolls_over_midnight():
    transcript = chat("23:58|Ana Lima|a\n00:03|Ana Lima|b", date(2026, 1, 31))
    assert [m.time for m in transcript.messages] == [datetime(2026, 1, 31, 23, 58), datetime(2026, 2, 1, 0, 3)]


def test_reader_by_reads_bots_by_rule_and_people_by_the_table():
    transcript = chat("10:00|Grafana APP|[FIRING:1] api 5xx above 2%\n10:01|Ana Lima|Rolled back\n10:02|Ana Lima|hi")
    readings = reader_by({"rolled back": "mitigation"})(transcript.messages)
    assert [(r.kind, r.by_rule) for r in readings] == [("detection_alert", True), ("mitigation", False), ("chatter", False)]
    assert [r.kind for r in read_as("page", "recovery")] == ["page", "recovery"]


def test_fixtures_have_dates_and_messages():
    for path in sorted(FIXTURES.glob("*.chat")):
        transcript = load_chat(path.name)
        assert transcript.incident_date is not None and len(transcript.messages) >= 15, path.name
