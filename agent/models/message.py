"""A chat message as parsed from a transcript, and the transcript itself."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

MessageKind = Literal["chat", "bot", "alert", "system"]


class Message(BaseModel):
    """One message. `time` is timezone-aware UTC when the source had an offset, naive local otherwise."""

    line: int = Field(description="1-based source line where the message starts")
    end_line: int = Field(description="1-based source line where the message ends")
    time: datetime | None = None
    author: str | None = None
    text: str
    kind: MessageKind = "chat"
    thread_parent_line: int | None = Field(default=None, description="line of the message this replies to")
    clock_zone: str | None = Field(default=None, description="zone its time was written in (IANA name or offset), "
                                   "when known: a time stated in its text is on that clock")
    source: str | None = Field(default=None, description="file name, for multi-file exports")


class Transcript(BaseModel):
    """Messages in source order plus what the parser had to assume."""

    format: str
    messages: list[Message]
    incident_date: date | None = Field(default=None, description="date of the first timestamped message")
    timezone: str | None = Field(default=None, description="IANA zone of naive times, when known")
    date_known: bool = Field(
        default=True,
        description="False when neither the source nor --date gave a day: times then sit on an assumed day that "
        "must never be shown as the incident's date",
    )
    warnings: list[str] = Field(default_factory=list)
    redacted: bool = Field(default=False, description="message texts already passed the redactor (it is idempotent)")
