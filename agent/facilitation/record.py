"""The session record: answers and pasted logs as numbered, redacted lines, the evidence the document cites."""

from datetime import date

from agent.errors import PostmortemError
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
    """Parse a pasted log with the transcript parser, redact it, and append its messages after the record.

    The paste is parsed as pasted and redacted once read, as a draft is: an HTML page's entities, a JSON export's
    escapes or a raw mail's base64 can hide a secret from a redactor that reads the text as written (and masking
    inside base64 garbles the mail). The paste's own text is kept, redacted, to be read again when a date or zone
    is given later, only when it reads back as exactly the messages recorded: else nothing of it is stored."""
    from agent.transcript import Source, parse_transcript

    def parsed_from(source: str) -> Transcript:
        return parse_transcript(Source(name="pasted log", text=source, encoding="utf-8"), tz=tz,
                                anchor_date=anchor_date, today=today)

    parsed = parsed_from(text)
    redacted, counts = redact_transcript(parsed)
    redacted_text, _ = redact_text(text)
    try:  # masking inside a page's markup may leave no page to read: then there is nothing to keep
        kept = redacted_text if _read(parsed_from(redacted_text)) == _read(redacted) else None
    except PostmortemError:
        kept = None
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
                  incident_date=redacted.incident_date, timezone=redacted.timezone, warnings=redacted.warnings,
                  text=kept, date_known=parsed.date_known)
    state.pastes.append(paste)
    return paste, counts


def _read(transcript: Transcript) -> list[tuple[int, str]]:
    return [(message.line, message.text) for message in transcript.messages]


def answer_lines(state: FacilitationState, lines: list[int]) -> list[tuple[int, str]]:
    """(record line, text) for the lines of one answer."""
    wanted = set(lines)
    return [(m.line, m.text) for m in state.record if m.line in wanted]


def pasted_transcript(state: FacilitationState, *, today: date, anchor_date: date | None = None,
                      tz: str | None = None) -> Transcript | None:
    """Every paste as one transcript. A paste is read again with the date and zone known now, so a date or zone
    given after the paste places its times (a log with bare clock times no longer sits on an assumed day)."""
    from agent.transcript import Source, parse_transcript

    messages = [m for m in state.record if (m.source or "").startswith(PASTE)]
    if not messages:
        return None
    first = state.pastes[0]
    if all(p.text is not None for p in state.pastes) and (anchor_date or tz):
        messages = []
        for index, paste in enumerate(state.pastes):
            again = parse_transcript(Source(name="pasted log", text=paste.text or "", encoding="utf-8"),
                                     tz=tz or paste.timezone, anchor_date=anchor_date or paste.incident_date,
                                     today=today)
            offset = paste.first_line - 1
            messages += [m.model_copy(update={
                "line": m.line + offset, "end_line": m.end_line + offset, "source": f"{PASTE}{index}",
                "thread_parent_line": m.thread_parent_line + offset if m.thread_parent_line is not None else None,
                "text": redact_text(m.text)[0],
            }) for m in again.messages]
            if index == 0:
                first = paste.model_copy(update={"incident_date": again.incident_date, "timezone": again.timezone})
    return Transcript(format=first.format, messages=messages, incident_date=first.incident_date,
                      timezone=first.timezone, redacted=True)


def record_transcript(state: FacilitationState) -> Transcript:
    """Everything said in the session as one transcript: what a model may see and cite."""
    first = state.pastes[0] if state.pastes else None
    return Transcript(format="facilitation", messages=list(state.record), redacted=True,
                      incident_date=first.incident_date if first else None, timezone=first.timezone if first else None)
