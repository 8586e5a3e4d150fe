"""Action items, parked ideas and kill criteria / triggers."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

ActionType = Literal["prevent", "detect", "mitigate", "respond", "process"]
Priority = Literal["P1", "P2", "P3"]


class ActionItem(BaseModel):
    action: str
    owner: str | None = Field(default=None, description="a real name or team; the only place names appear")
    due: date | None = None
    success_signal: str | None = None
    follow_up: date | None = None
    type: ActionType | None = None
    priority: Priority | None = None
    source_lines: list[int] = Field(default_factory=list)


class Trigger(BaseModel):
    signal: str
    window: str | None = None
    threshold: str | None = None
    action: str | None = Field(default=None, description="pause / pivot / kill / escalate / invest ...")
    owner: str | None = None
