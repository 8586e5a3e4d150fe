"""What a model may write, one strict shape per section: an unknown key or a wrong type is refused by name, and
every claim of fact carries the verbatim words and the line it rests on.

Each write model turns itself into the pack's own value with `to_pack(current)`; fields left out (None) keep
what the section holds. Claims become sentences with their line citations ("… [L36]"), and a claim the model
labels a hypothesis is shown as one.
"""

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from agent.models import (
    ActionItem,
    Brief,
    ContributingFactor,
    Dissemination,
    Header,
    Impact,
    ImpactFigure,
    Learning,
    Observation,
    RootCauseAnalysis,
    RootCauseHypothesis,
    Severity,
    TimelineEvent,
    Trigger,
)
from agent.models.impact import ImpactUnit, SeverityLevel
from agent.models.pack import Cluster
from agent.models.timeline import EventKind

HYPOTHESIS_LABEL = "Hypothesis: "


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Quote(Strict):
    line: int = Field(description="transcript line number (L36 -> 36)")
    span: str = Field(min_length=3, description="words copied verbatim from that line")


class Quoted(Strict):
    quotes: list[Quote] = Field(default_factory=list, description="where the transcript says it; required unless hypothesis")
    hypothesis: bool = Field(default=False, description="true only for your own inference; it is shown labelled")

    def claim_texts(self) -> list[str]:
        """The fields that state something about the incident (checked against the quotes)."""
        raise NotImplementedError

    @property
    def lines(self) -> list[int]:
        return list(dict.fromkeys(q.line for q in self.quotes))


class Claim(Quoted):
    """One sentence about the incident."""

    text: str = Field(min_length=1, description="the sentence, without line citations (code adds them)")

    def claim_texts(self) -> list[str]:
        return [self.text]

    def sentence(self) -> str:
        return labelled(cite(self.text, self.lines), self.hypothesis)


class Dropped(Strict):
    """A code fact left out or changed, with the transcript words that show it is wrong."""

    line: int = Field(description="a source line of the code fact")
    reason: str = Field(min_length=3)
    quote: Quote


def cite(text: str, lines: list[int]) -> str:
    """'Checkout recovered.' + [36, 37] -> 'Checkout recovered [L36, L37].'"""
    text = text.strip()
    if not lines:
        return text
    end = text[-1] if text[-1] in ".!?" else ""
    return f"{text[:-1] if end else text} [{', '.join(f'L{n}' for n in lines)}]{end}"


def labelled(text: str, hypothesis: bool) -> str:
    return HYPOTHESIS_LABEL + text if hypothesis and not text.startswith(HYPOTHESIS_LABEL) else text


class SectionWrite(Strict):
    def to_pack(self, current: Any) -> Any:
        raise NotImplementedError

    def claims(self) -> list[Quoted]:
        """Every quoted (or hypothesis) item in the write."""
        return []

    def dropped_facts(self) -> list[Dropped]:
        """Code facts this write leaves out or changes, each with a quoted reason."""
        return []


def _merge(current: BaseModel, updates: dict) -> Any:
    return current.model_copy(update={k: v for k, v in updates.items() if v is not None})


class SeverityWrite(Quoted):
    level: SeverityLevel

    def claim_texts(self) -> list[str]:
        return [self.level]


class HeaderWrite(SectionWrite):
    """Title, status, audience and (quoted) severity; dates, roles and duration come from code."""

    title: str | None = None
    status: str | None = None
    audience: str | None = None
    severity: SeverityWrite | None = None

    def claims(self) -> list[Quoted]:
        return [self.severity] if self.severity else []

    def to_pack(self, current: Header) -> Header:
        severity = None
        if self.severity is not None:
            severity = Severity(level=self.severity.level, original=self.severity.level, source_lines=self.severity.lines)
        return _merge(current, {"title": self.title, "status": self.status, "audience": self.audience, "severity": severity})


class BriefWrite(SectionWrite):
    """Goal, agenda and ground rules of the review meeting (plans, not claims)."""

    goal: str | None = None
    agenda: list[str] | None = None
    ground_rules: list[str] | None = None

    def to_pack(self, current: Brief) -> Brief:
        return _merge(current, self.model_dump())


class SummaryWrite(SectionWrite):
    """The summary, one quoted claim per sentence."""

    sentences: list[Claim] = Field(min_length=1)

    def claims(self) -> list[Quoted]:
        return list(self.sentences)

    def to_pack(self, current: str) -> str:
        return " ".join(c.sentence() for c in self.sentences)


class FigureWrite(Quoted):
    value: float
    unit: ImpactUnit
    text: str = Field(description="the phrase stating the figure")
    currency: str | None = None

    def claim_texts(self) -> list[str]:
        return [self.text]


class ImpactWrite(SectionWrite):
    """Impact figures and prose; a code figure left out needs an entry in `dropped`."""

    figures: list[FigureWrite] | None = None
    customer: Claim | None = None
    business: Claim | None = None
    internal: Claim | None = None
    how_we_know: Claim | None = None
    dropped: list[Dropped] = Field(default_factory=list)

    def claims(self) -> list[Quoted]:
        prose = [self.customer, self.business, self.internal, self.how_we_know]
        return [*(self.figures or []), *(c for c in prose if c is not None)]

    def dropped_facts(self) -> list[Dropped]:
        return self.dropped

    def to_pack(self, current: Impact) -> Impact:
        figures = None
        if self.figures is not None:
            figures = [ImpactFigure(value=f.value, unit=f.unit, text=f.text, currency=f.currency, source_lines=f.lines)
                       for f in self.figures]
        prose = {name: getattr(self, name).sentence() for name in ("customer", "business", "internal", "how_we_know")
                 if getattr(self, name) is not None}
        return _merge(current, {"figures": figures, **prose})


class EventWrite(Quoted):
    time: str | None = Field(description="HH:MM as shown on the quoted line, or ISO-8601; null when unknown")
    kind: EventKind
    event: str
    actor: str | None = Field(default=None, description="a role or a system, never a name")
    decision_point: bool = False
    _moment: datetime | None = PrivateAttr(default=None)  # `time` placed on the quoted line's day, set by the check

    def claim_texts(self) -> list[str]:
        return [self.event]


class TimelineWrite(SectionWrite):
    """The whole timeline in order. Keep every code row (same time, cite its line) or list it in `dropped`."""

    events: list[EventWrite]
    dropped: list[Dropped] = Field(default_factory=list)

    def claims(self) -> list[Quoted]:
        return list(self.events)

    def dropped_facts(self) -> list[Dropped]:
        return self.dropped

    def to_pack(self, current: list[TimelineEvent]) -> list[TimelineEvent]:
        return [
            TimelineEvent(time=e._moment, kind=e.kind, event=e.event, actor=e.actor, source_lines=e.lines,
                          certainty="hypothesis" if e.hypothesis else "fact", decision_point=e.decision_point)
            for e in self.events
        ]


class ObservationWrite(Quoted):
    text: str

    def claim_texts(self) -> list[str]:
        return [self.text]


class ObservationsWrite(SectionWrite):
    """Items of what went well / poorly / where we got lucky, each quoted."""

    items: list[ObservationWrite]

    def claims(self) -> list[Quoted]:
        return list(self.items)

    def to_pack(self, current: list[Observation]) -> list[Observation]:
        return [Observation(text=labelled(i.text, i.hypothesis), source_lines=i.lines) for i in self.items]


class FactorWrite(Quoted):
    cluster: Cluster
    factor: str
    evidence: str
    why_it_made_sense: str
    fix_direction: str

    def claim_texts(self) -> list[str]:
        return [self.factor, self.evidence, self.why_it_made_sense]


class FactorsWrite(SectionWrite):
    """Contributing factors, each with the quotes that show it."""

    factors: list[FactorWrite]

    def claims(self) -> list[Quoted]:
        return list(self.factors)

    def to_pack(self, current: list[ContributingFactor]) -> list[ContributingFactor]:
        return [
            ContributingFactor(cluster=f.cluster, factor=labelled(f.factor, f.hypothesis), evidence=f.evidence,
                               why_it_made_sense=f.why_it_made_sense, fix_direction=f.fix_direction, source_lines=f.lines)
            for f in self.factors
        ]


class HypothesisWrite(RootCauseHypothesis):
    model_config = ConfigDict(extra="forbid")


class RootCauseWrite(SectionWrite):
    """Method, the chain of whys (each quoted or a labelled hypothesis) and 1-3 root-cause hypotheses."""

    method: str | None = None
    whys: list[Claim] | None = None
    hypotheses: list[HypothesisWrite] | None = None

    def claims(self) -> list[Quoted]:
        return list(self.whys or [])

    def to_pack(self, current: RootCauseAnalysis) -> RootCauseAnalysis:
        whys = [w.sentence() for w in self.whys] if self.whys is not None else None
        hypotheses = None
        if self.hypotheses is not None:
            hypotheses = [RootCauseHypothesis.model_validate(h.model_dump()) for h in self.hypotheses]
        return _merge(current, {"method": self.method, "whys": whys, "hypotheses": hypotheses})


class LearningWrite(Quoted):
    learning: str
    evidence: str
    decision: str
    decision_type: Literal["fix now", "guardrail", "instrumentation", "runbook", "process", "scope"]

    def claim_texts(self) -> list[str]:
        return [self.learning, self.evidence]


class LearningsWrite(SectionWrite):
    """3-7 learnings, each with its quoted evidence and the decision it leads to."""

    learnings: list[LearningWrite]

    def claims(self) -> list[Quoted]:
        return list(self.learnings)

    def to_pack(self, current: list[Learning]) -> list[Learning]:
        return [Learning(learning=labelled(x.learning, x.hypothesis), evidence=cite(x.evidence, x.lines),
                         decision=x.decision, decision_type=x.decision_type) for x in self.learnings]


class ActionWrite(ActionItem):
    """An action as the tracker holds it; owners are roles or teams here (names come back on this machine)."""

    model_config = ConfigDict(extra="forbid")


class ActionsWrite(SectionWrite):
    """The action tracker (plans: no quotes needed)."""

    items: list[ActionWrite]

    def to_pack(self, current: list[ActionItem]) -> list[ActionItem]:
        return [ActionItem.model_validate(item.model_dump()) for item in self.items]


class TriggerWrite(Trigger):
    model_config = ConfigDict(extra="forbid")


class TriggersWrite(SectionWrite):
    """Kill criteria / triggers: observable signal, window, threshold, committed action, owner."""

    triggers: list[TriggerWrite]

    def to_pack(self, current: list[Trigger]) -> list[Trigger]:
        return [Trigger.model_validate(t.model_dump()) for t in self.triggers]


class ListWrite(SectionWrite):
    """Plain bullet points (plans, not claims)."""

    items: list[str]

    def to_pack(self, current: list[str]) -> list[str]:
        return list(self.items)


class DisseminationWrite(SectionWrite):
    """Shareout TL;DR (quoted claims) and the Impact & Learnings review."""

    tldr: list[Claim] | None = None
    publish_where: str | None = None
    review_cadence: str | None = None
    review_owner: str | None = None
    review_audience: str | None = None

    def claims(self) -> list[Quoted]:
        return list(self.tldr or [])

    def to_pack(self, current: Dissemination) -> Dissemination:
        tldr = [c.sentence() for c in self.tldr] if self.tldr is not None else None
        plain = self.model_dump(exclude={"tldr"})
        return _merge(current, {**plain, "tldr": tldr})


# Each writable section, in document order, with the shape a model writes it in.
WRITE_MODELS: dict[str, type[SectionWrite]] = {
    "header": HeaderWrite, "brief": BriefWrite, "summary": SummaryWrite, "impact": ImpactWrite,
    "timeline": TimelineWrite, "went_well": ObservationsWrite, "went_poorly": ObservationsWrite,
    "lucky": ObservationsWrite, "contributing_factors": FactorsWrite, "root_cause": RootCauseWrite,
    "learnings": LearningsWrite, "action_items": ActionsWrite, "parked_ideas": ListWrite, "triggers": TriggersWrite,
    "dissemination": DisseminationWrite, "risks": ListWrite, "next_steps": ListWrite,
}
