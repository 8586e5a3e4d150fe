"""Timeline events and the incident metrics computed from them."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

EventKind = Literal[
    "change",
    "trigger",
    "impact_start",
    "detection_alert",
    "detection_report",
    "page",
    "acknowledgement",
    "declaration",
    "escalation",
    "decision",
    "mitigation_failed",
    "mitigation",
    "recovery",
    "resolution",
    "communication",
]
Certainty = Literal["fact", "hypothesis"]


class TimelineEvent(BaseModel):
    time: datetime | None
    kind: EventKind
    event: str = Field(description="what happened, redacted, people as roles")
    actor: str | None = Field(default=None, description="a role such as 'the on-call engineer', or a system")
    source_lines: list[int]
    certainty: Certainty = "fact"
    decision_point: bool = False


class Metrics(BaseModel):
    """SPEC definitions. Durations are minutes; unknown ones are null with a reason in `unknown`."""

    impact_start: datetime | None = None
    detected: datetime | None = None
    acknowledged: datetime | None = None
    mitigated: datetime | None = None
    recovered: datetime | None = None
    resolved: datetime | None = None
    ttd_minutes: float | None = None
    tta_minutes: float | None = None
    ttm_minutes: float | None = None
    ttr_minutes: float | None = None
    ttc_minutes: float | None = None
    unknown: dict[str, str] = Field(default_factory=dict, description="metric name -> why it is null")
