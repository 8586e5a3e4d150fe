"""Pydantic models for every domain object. Data flows text -> messages -> facts -> pack -> document."""

from agent.models.action import ActionItem, ActionType, Priority, Trigger
from agent.models.facts import Facts, Observation, RoleAssignment
from agent.models.impact import Impact, ImpactFigure, Severity, SeverityLevel
from agent.models.message import Message, MessageKind, Transcript
from agent.models.pack import (
    UNKNOWN_PREFIX,
    Brief,
    ContributingFactor,
    Dissemination,
    Header,
    Learning,
    OpenQuestion,
    Pack,
    RootCauseAnalysis,
    RootCauseHypothesis,
    SimilarIncident,
    is_unknown,
    unknown,
)
from agent.models.timeline import Certainty, EventKind, Metrics, TimelineEvent

__all__ = [
    "UNKNOWN_PREFIX", "ActionItem", "ActionType", "Brief", "Certainty", "ContributingFactor", "Dissemination",
    "EventKind", "Facts", "Header", "Impact", "ImpactFigure", "Learning", "Message", "MessageKind", "Metrics",
    "Observation", "OpenQuestion", "Pack", "Priority", "RoleAssignment", "RootCauseAnalysis",
    "RootCauseHypothesis", "Severity", "SeverityLevel", "SimilarIncident", "TimelineEvent", "Transcript",
    "Trigger", "is_unknown", "unknown",
]
