"""Everything the code can extract from a transcript, before any prose is written."""

from datetime import date

from pydantic import BaseModel, Field

from agent.models.action import ActionItem
from agent.models.impact import Impact, Severity
from agent.models.timeline import Metrics, TimelineEvent


class Observation(BaseModel):
    """A sentence from the transcript that feeds a section (what went well, where we got lucky ...)."""

    text: str
    source_lines: list[int]


class RoleAssignment(BaseModel):
    role: str = Field(description="e.g. 'incident commander'")
    name: str = Field(description="the real name or handle; shown only in the roles table")


class Facts(BaseModel):
    incident_date: date | None = None
    date_known: bool = Field(default=True, description="False when the day under the times was assumed, not given")
    timezone: str | None = None
    timeline: list[TimelineEvent] = Field(default_factory=list)
    metrics: Metrics = Field(default_factory=Metrics)
    impact: Impact = Field(default_factory=Impact)
    severity: Severity | None = None
    action_items: list[ActionItem] = Field(default_factory=list)
    went_well: list[Observation] = Field(default_factory=list)
    went_poorly: list[Observation] = Field(default_factory=list)
    lucky: list[Observation] = Field(default_factory=list)
    hypotheses: list[Observation] = Field(default_factory=list)
    causes: list[Observation] = Field(default_factory=list, description="causes the chat states as established")
    services: list[str] = Field(default_factory=list)
    roles: list[RoleAssignment] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
