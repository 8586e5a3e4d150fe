"""A facilitation session as it is saved after every answer: what was asked, what was said, and where it stands.

Everything the user typed or pasted is in `record`, redacted, one message per source line, so answers can be
cited like transcript lines ("line 12") and the document can always be rebuilt from the record alone.
"""

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from agent.models import Message

SessionStatus = Literal["open", "finished", "stabilise"]


class AskedQuestion(BaseModel):
    id: str = Field(description="q1, q2 ... in the order asked")
    kind: str = Field(description="a question-bank kind, or 'model' for a question the model chose")
    text: str
    step: int = Field(ge=1, le=7)
    target: str | None = Field(default=None, description="the action a follow-up question is about")

    @property
    def key(self) -> str:
        """What counts as 'the same question' when deciding whether it was asked before."""
        return f"{self.kind}:{self.target}" if self.target else self.kind


class Answer(BaseModel):
    question_id: str
    text: str = Field(default="", description="redacted")
    lines: list[int] = Field(default_factory=list, description="record lines holding the answer")
    skipped: bool = False
    superseded: bool = Field(default=False, description="left unanswered because a paste came first and the next "
                             "question was planned again")
    answered_on: date = Field(description="relative dates in the answer ('next Friday') count from this day")


class Round(BaseModel):
    number: int
    step: int = Field(ge=1, le=7)
    questions: list[AskedQuestion] = Field(max_length=5)
    answers: list[Answer] = Field(default_factory=list)
    pasted: list[int] = Field(default_factory=list, description="indexes into FacilitationState.pastes")
    closed: bool = False
    score: str | None = Field(default=None, description="the grade after the round, as shown")

    def answer_for(self, question_id: str) -> Answer | None:
        return next((a for a in self.answers if a.question_id == question_id), None)

    def unanswered(self) -> list[AskedQuestion]:
        return [q for q in self.questions if self.answer_for(q.id) is None]


class Paste(BaseModel):
    """A pasted log, parsed as a transcript; its messages are in the record at lines first..last."""

    first_line: int
    last_line: int
    format: str
    incident_date: date | None = None
    timezone: str | None = None
    warnings: list[str] = Field(default_factory=list)
    text: str | None = Field(default=None, description="the paste as typed, redacted: read again when a date or zone "
                             "is given later")
    date_known: bool = True


class FacilitationState(BaseModel):
    version: Literal[1] = 1
    id: str
    started: date
    engine: str = "offline"
    status: SessionStatus = "open"
    record: list[Message] = Field(default_factory=list)
    pastes: list[Paste] = Field(default_factory=list)
    rounds: list[Round] = Field(default_factory=list)
    model_sections: dict[str, Any] = Field(
        default_factory=dict, description="sections the model wrote (people as roles), newest write per section"
    )

    @property
    def next_line(self) -> int:
        last_message = self.record[-1].end_line if self.record else 0
        last_paste = self.pastes[-1].last_line if self.pastes else 0
        return max(last_message, last_paste) + 1

    @property
    def open_round(self) -> Round | None:
        last = self.rounds[-1] if self.rounds else None
        return last if last is not None and not last.closed else None

    def asked(self) -> list[tuple[AskedQuestion, Answer | None]]:
        """Every question asked so far with its answer (None while it waits), in order."""
        return [(q, r.answer_for(q.id)) for r in self.rounds for q in r.questions]

    def next_question_id(self) -> str:
        return f"q{sum(len(r.questions) for r in self.rounds) + 1}"
