"""A transcript pasted into a file and read the way `postmortem draft` reads it, on a fixed day."""

from datetime import date, datetime
from pathlib import Path

from agent.models.message import Transcript
from agent.transcript import Source, load_transcript, parse_transcript

TODAY = date(2026, 12, 20)


def read_pasted(folder: Path, text: str, **options) -> Transcript:
    path = folder / "paste.txt"
    path.write_text(text, encoding="utf-8")
    return load_transcript(str(path), today=TODAY, **options)


def parse_pasted(text: str, *, today: date, name: str = "pasted.txt", **options) -> Transcript:
    """The text as if pasted under `name`, read in memory (no file, so no normal form of the whole text first)."""
    return parse_transcript(Source(name=name, text=text, encoding="utf-8"), today=today, **options)


def who_when(transcript: Transcript, *, timed: bool = False) -> list[tuple[str | None, datetime | None]]:
    """Each message's author and time (only the timed ones with `timed`): what most reader tests compare."""
    return [(m.author, m.time) for m in transcript.messages if m.time or not timed]
