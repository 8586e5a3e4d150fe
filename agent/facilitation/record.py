"""The session record: answers and pasted logs as numbered, redacted lines, the evidence the document cites."""

from datetime import date

from agent.facilitation.state import AskedQuestion, FacilitationState, Paste
from agent.models import Message, Transcript
from agent.privacy.redact import RedactionCounts, redact_text, redact_transcript

ANSWER = "answer:"
PASTE = "paste:"


def add_answer(state: FacilitationState, question: AskedQuestion, text: str) -> tuple[str, list[int], RedactionCounts]:
    """Redact the answer and append it line by line; returns the redacted text and its record lines."""
    redacted, counts = redact_text(text)
    lines = []
    for line in redacted.split("\n"):
        number = state.next_line
        state.record.append(Message(line=number, end_line=number, text=line, source=f"{ANSWER}{question.id}"))
        lines.append(number)
    return redacted, lines, counts


def add_paste(
    state: FacilitationState, text: str, *, today: date, anchor_date: date | None, tz: str | None
) -> tuple[Paste, RedactionCounts]:
    """Parse a pasted log with the transcript parser, redact it, and append its messages after the record."""
    from agent.transcript import Source, parse_transcript

    parsed = parse_transcript(Source(name="pasted log", text=text, encoding="utf-8"), tz=tz, anchor_date=anchor_date,
                              today=today)
    redacted, counts = redact_transcript(parsed)
    offset = state.next_line - 1
    index = len(state.pastes)
    for message in redacted.messages:
        parent = message.thread_parent_line
        state.record.append(message.model_copy(update={
            "line": message.line + offset,
            "end_line": message.end_line + offset,
            "thread_parent_line": parent + offset if parent is not None else None,
            "source": f"{PASTE}{index}",
        }))
    paste = Paste(first_line=offset + 1, last_line=offset + text.count("\n") + 1, format=redacted.format,
                  incident_date=redacted.incident_date, timezone=redacted.timezone, warnings=redacted.warnings)
    state.pastes.append(paste)
    return paste, counts


def answer_lines(state: FacilitationState, lines: list[int]) -> list[tuple[int, str]]:
    """(record line, text) for the lines of one answer."""
    wanted = set(lines)
    return [(m.line, m.text) for m in state.record if m.line in wanted]


def pasted_transcript(state: FacilitationState) -> Transcript | None:
    messages = [m for m in state.record if (m.source or "").startswith(PASTE)]
    if not messages:
        return None
    first = state.pastes[0]
    return Transcript(format=first.format, messages=messages, incident_date=first.incident_date,
                      timezone=first.timezone, redacted=True)


def record_transcript(state: FacilitationState) -> Transcript:
    """Everything said in the session as one transcript: what a model may see and cite."""
    first = state.pastes[0] if state.pastes else None
    return Transcript(format="facilitation", messages=list(state.record), redacted=True,
                      incident_date=first.incident_date if first else None, timezone=first.timezone if first else None)
