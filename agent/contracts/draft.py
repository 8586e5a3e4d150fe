"""The `draft --json` document (SPEC "Command contract"). Tolerant of additions: the draft gains fields."""

from pydantic import Field

from agent.contracts.contract import Contract, Part
from agent.contracts.grading import GateRow, RubricRow

Moment = str | None  # ISO-8601; no offset when the source gave none, `Z` when it was converted to UTC


class DraftMetrics(Part):
    impact_start: Moment
    detected: Moment
    acknowledged: Moment
    mitigated: Moment
    recovered: Moment = Field(description="impact ended")
    resolved: Moment = Field(description="declared resolved")
    ttd_minutes: float | None
    tta_minutes: float | None
    ttm_minutes: float | None
    ttr_minutes: float | None = Field(description="impact start to recovered")
    ttc_minutes: float | None = Field(description="impact start to resolved (time to close)")


class TimelineRow(Part):
    time: Moment
    kind: str
    event: str
    actor: str | None
    source_lines: list[int]


class ImpactFigure(Part):
    value: float
    unit: str
    text: str
    source_lines: list[int]


class DraftImpact(Part):
    figures: list[ImpactFigure]


class ActionRow(Part):
    action: str
    owner: str | None
    due: str | None
    success_signal: str | None
    type: str | None


class OpenQuestionRow(Part):
    section: str
    question: str


class DraftOutput(Contract):
    """`postmortem draft --json`."""

    title: str
    metrics: DraftMetrics
    timeline: list[TimelineRow]
    impact: DraftImpact
    action_items: list[ActionRow]
    open_questions: list[OpenQuestionRow]
    gates: list[GateRow]
    rubric: RubricRow
    engine: str = Field(description='"offline" or the model name')
    redactions: dict[str, int] = Field(description="how many of each kind of secret or personal datum were removed")
    markdown: str = Field(description="the rendered document")
