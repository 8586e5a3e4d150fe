"""Test support for the facts tests: incident chats written as `HH:MM|Author|text` lines.

The facts extractor is tested on Message objects built here, independently of the transcript parsers.
"""

from datetime import date, datetime, time, timedelta
from pathlib import Path

from agent.models import Message, Transcript

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


def test_chat_keeps_file_line_numbers_and_marks_bots():
    transcript = chat("# comment\n09:00|Ana Lima|deploying\n\n09:05|Grafana APP|[FIRING:1] x")
    assert [(m.line, m.author, m.kind) for m in transcript.messages] == [
        (2, "Ana Lima", "chat"),
        (4, "Grafana APP", "bot"),
    ]


def test_chat_rolls_over_midnight():
    transcript = chat("23:58|Ana Lima|a\n00:03|Ana Lima|b", date(2026, 1, 31))
    assert [m.time for m in transcript.messages] == [datetime(2026, 1, 31, 23, 58), datetime(2026, 2, 1, 0, 3)]


def test_fixtures_have_dates_and_messages():
    for path in sorted(FIXTURES.glob("*.chat")):
        transcript = load_chat(path.name)
        assert transcript.incident_date is not None and len(transcript.messages) >= 15, path.name
