"""A transcript pasted into a file and read the way `postmortem draft` reads it, on a fixed day."""

from datetime import date
from pathlib import Path

from agent.models.message import Transcript
from agent.transcript import load_transcript

TODAY = date(2026, 12, 20)


def read_pasted(folder: Path, text: str, **options) -> Transcript:
    path = folder / "paste.txt"
    path.write_text(text, encoding="utf-8")
    return load_transcript(str(path), today=TODAY, **options)
