"""The `draft --json` document (SPEC "Command contract"). Tolerant of additions: the draft gains fields."""

from pydantic import Field

from agent.contracts.contract import Contract, Part
from agent.contracts.grading import GateRow, RubricRow
from agent.timefmt import TimeZoneNote

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


class GroundingFindingRow(Part):
    section: str
    claim: str = Field(description="what was not supported: a number, time, date, quote, line or code fact")
    kind: str
    lines: list[int]
    text: str


class DraftGrounding(Part):
    """How the model's claims fared against the lines they quote; all zero for the offline engine."""

    checked: int = Field(description="model-written claims checked against their quoted lines")
    rejected: int = Field(description="claims sent back to the model as unsupported")
    hypotheses: int = Field(description="claims the model labelled hypotheses, kept and shown as such")
    findings: list[GroundingFindingRow]


class ModelUsageRow(Part):
    model: str
    requests: int
    input_tokens: int = Field(description="all input tokens, cached ones included")
    cache_read_tokens: int
    cache_write_tokens: int
    output_tokens: int = Field(description="thinking included")
    cost_usd: float | None


class DraftUsage(Part):
    """What the run cost; the offline engine calls no model (cost 0, and `price_note` says so)."""

    requests: int
    input_tokens: int
    cache_read_tokens: int
    cache_write_tokens: int
    output_tokens: int
    cost_usd: float | None = Field(description="estimated from genai-prices list prices; null when not priced")
    price_note: str
    models: list[ModelUsageRow] = Field(description="per model: the default, its fallback, the summarizer")


class DraftOutput(Contract):
    """`postmortem draft --json`."""

    title: str
    time_zone: TimeZoneNote = Field(description='what every time in this document is: "UTC" (the times end in Z: '
                                    'the source stated its zone, or --tz named it) or "local, zone unknown" (the '
                                    'times carry no offset)')
    metrics: DraftMetrics
    timeline: list[TimelineRow]
    impact: DraftImpact
    action_items: list[ActionRow]
    open_questions: list[OpenQuestionRow]
    gates: list[GateRow]
    rubric: RubricRow
    engine: str = Field(description='"offline" or the model name')
    grounding: DraftGrounding
    usage: DraftUsage
    redactions: dict[str, int] = Field(description="how many of each kind of secret or personal datum were removed")
    markdown: str = Field(description="the rendered document")
