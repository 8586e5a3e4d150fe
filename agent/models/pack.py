"""The whole post-mortem document (SPEC "The pack"), before rendering."""

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from agent.models.action import ActionItem, Trigger
from agent.models.facts import Observation, RoleAssignment
from agent.models.impact import Impact, Severity
from agent.models.timeline import Metrics, TimelineEvent

UNKNOWN_PREFIX = "Unknown — ask: "
Cluster = Literal["People", "Process", "Product", "Tech", "Comms", "Environment"]
Confidence = Literal["low", "med", "high"]
ReviewType = Literal["incident", "project", "okr"]


def unknown(question: str) -> str:
    """A labelled placeholder for something the source does not say; never a guess."""
    return f"{UNKNOWN_PREFIX}{question}"


def is_unknown(text: str | None) -> bool:
    return text is None or text.startswith(UNKNOWN_PREFIX)


class Header(BaseModel):
    title: str
    review_type: ReviewType = "incident"
    date: dt.date | None = None
    date_known: bool = Field(default=True, description="False when the day under the times was assumed: times "
                             "are then shown as clock times only")
    severity: Severity | None = None
    duration_minutes: float | None = None
    status: str = "Draft"
    roles: list[RoleAssignment] = Field(default_factory=list)
    audience: str = Field(default_factory=lambda: unknown("Who will read this: the team, leadership or the company?"))
    draft_date: dt.date | None = None
    timezone: str | None = Field(default=None, description="IANA zone of times without an offset, when known")


class Brief(BaseModel):
    goal: str
    agenda: list[str] = Field(default_factory=list)
    ground_rules: list[str] = Field(default_factory=list)


class ContributingFactor(BaseModel):
    cluster: Cluster
    factor: str
    evidence: str
    why_it_made_sense: str
    fix_direction: str
    source_lines: list[int] = Field(default_factory=list)


class RootCauseHypothesis(BaseModel):
    statement: str
    confidence: Confidence


class RootCauseAnalysis(BaseModel):
    method: str = "5 Whys"
    whys: list[str] = Field(default_factory=list)
    hypotheses: list[RootCauseHypothesis] = Field(default_factory=list)


class Learning(BaseModel):
    learning: str
    evidence: str
    decision: str
    decision_type: str = Field(description="fix now / guardrail / instrumentation / runbook / process / scope")


class Dissemination(BaseModel):
    tldr: list[str] = Field(default_factory=list)
    publish_where: str = Field(default_factory=lambda: unknown("Where will the shareout be published?"))
    review_cadence: str = Field(default_factory=lambda: unknown("How often is the Impact & Learnings review held?"))
    review_owner: str = Field(default_factory=lambda: unknown("Who owns the Impact & Learnings review?"))
    review_audience: str = Field(default_factory=lambda: unknown("Who attends the Impact & Learnings review?"))


class SimilarIncident(BaseModel):
    title: str
    source: str
    score: float
    what_they_changed: str
    repeat: bool = Field(default=False, description="same failure class again: systemic debt")


class OpenQuestion(BaseModel):
    section: str
    question: str


class Pack(BaseModel):
    header: Header
    brief: Brief
    summary: str
    impact: Impact = Field(default_factory=Impact)
    metrics: Metrics = Field(default_factory=Metrics)
    timeline: list[TimelineEvent] = Field(default_factory=list)
    went_well: list[Observation] = Field(default_factory=list)
    went_poorly: list[Observation] = Field(default_factory=list)
    lucky: list[Observation] = Field(default_factory=list)
    contributing_factors: list[ContributingFactor] = Field(default_factory=list)
    root_cause: RootCauseAnalysis = Field(default_factory=RootCauseAnalysis)
    learnings: list[Learning] = Field(default_factory=list)
    action_items: list[ActionItem] = Field(default_factory=list)
    parked_ideas: list[str] = Field(default_factory=list)
    triggers: list[Trigger] = Field(default_factory=list)
    dissemination: Dissemination = Field(default_factory=Dissemination)
    similar_incidents: list[SimilarIncident] = Field(default_factory=list)
    risks: list[str] = Field(default_factory=list)
    open_questions: list[OpenQuestion] = Field(default_factory=list)
    next_steps: list[str] = Field(default_factory=list)
    engine: str = "offline"
    warnings: list[str] = Field(default_factory=list)
