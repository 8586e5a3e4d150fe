"""What the answers say, read by code: every answer of the session folded, in order, into one Intake.

The intake is always rebuilt from the record, so a resumed session, a re-asked question and a crash between
answers all give the same document. Lines that read as instructions to an AI are data: they are left out.
"""

import re
from datetime import date

from pydantic import BaseModel, Field

from agent.facilitation import analysis, classify, people, plans
from agent.facilitation.fields import Line, joined, split_fields
from agent.facilitation.framing import blame_framing
from agent.facilitation.record import answer_lines
from agent.facilitation.state import AskedQuestion, Answer, FacilitationState
from agent.models import (
    ActionItem, ContributingFactor, Learning, Message, Observation, RoleAssignment, RootCauseHypothesis, Severity,
    Trigger,
)
from agent.models.pack import ReviewType
from agent.privacy.injection import is_instruction_to_ai

_NOTHING = re.compile(r"\W*(?:none|no|nothing|n/a|nope|no constraints?)\W*", re.IGNORECASE)


class Intake(BaseModel):
    active: bool | None = None
    headline: str | None = None
    review_type: ReviewType | None = None
    goal: str | None = None
    roles: list[RoleAssignment] = Field(default_factory=list)
    audience: str | None = None
    constraints: str | None = None
    avoid_names: list[str] = Field(default_factory=list)
    incident_date: date | None = None
    timezone: str | None = None
    timeline_lines: list[Line] = Field(default_factory=list)
    impact_messages: list[Message] = Field(default_factory=list)
    how_we_know: str | None = None
    severity: Severity | None = None
    factors: list[ContributingFactor] = Field(default_factory=list)
    whys: list[str] = Field(default_factory=list)
    hypotheses: list[RootCauseHypothesis] = Field(default_factory=list)
    learnings: list[Learning] = Field(default_factory=list)
    went_well: list[Observation] = Field(default_factory=list)
    went_poorly: list[Observation] = Field(default_factory=list)
    lucky: list[Observation] = Field(default_factory=list)
    actions: list[ActionItem] = Field(default_factory=list)
    action_updates: dict[str, dict] = Field(default_factory=dict, description="action text -> fields given later")
    parked: list[str] = Field(default_factory=list)
    triggers: list[Trigger] = Field(default_factory=list)
    publish_where: str | None = None
    review_cadence: str | None = None
    review_owner: str | None = None
    review_audience: str | None = None
    risks: list[str] = Field(default_factory=list)
    open_questions: list[str] = Field(default_factory=list)
    next_steps: list[str] = Field(default_factory=list)


def read_intake(state: FacilitationState) -> Intake:
    intake = Intake()
    for question, answer in state.asked():
        if answer is not None and not answer.skipped:
            lines = screened(answer_lines(state, answer.lines))
            apply_answer(intake, question, answer, lines)
            # "Names to leave out: …" binds wherever it is said, not only under the constraints question.
            intake.avoid_names = list(dict.fromkeys(intake.avoid_names + people.names_to_avoid(lines)))
    return intake


def screened(lines: list[Line]) -> list[Line]:
    return [(number, text) for number, text in lines if not is_instruction_to_ai(text)]


def apply_answer(intake: Intake, question: AskedQuestion, answer: Answer, lines: list[Line]) -> list[str]:
    """Fold one answer into the intake; returns notes for the user (what was turned back, and why)."""
    notes: list[str] = []
    reader = _READERS.get(question.kind)
    if reader is not None and lines:
        reader(intake, lines, notes, answer.answered_on, question)
    return notes


def _text(lines: list[Line]) -> str | None:
    return joined(lines) or None


def _set(field: str, read):
    """A single value: a later answer replaces an earlier one; an answer the reader cannot use changes nothing."""
    def reader(intake, lines, notes, said_on, question):
        setattr(intake, field, read(lines) or getattr(intake, field))
    return reader


def _extend(field: str, parse):
    """A list: every answer adds its items. `parse(lines, notes)` reports what it turned back in `notes`."""
    def reader(intake, lines, notes, said_on, question):
        setattr(intake, field, getattr(intake, field) + parse(lines, notes))
    return reader


def _active(intake, lines, notes, said_on, question):
    intake.active = classify.still_active(lines)


def _goal(intake, lines, notes, said_on, question):
    intake.goal = _text([(n, t) for n, t in lines if not blame_framing(t)]) or intake.goal


def _roles(intake, lines, notes, said_on, question):
    merged = {r.role: r for r in intake.roles} | {r.role: r for r in people.parse_roles(lines)}
    intake.roles = list(merged.values())


def _constraints(intake, lines, notes, said_on, question):
    rest = people.without_avoid_clause(joined(lines))
    if rest and not _NOTHING.fullmatch(rest):
        intake.constraints = rest


def _date_zone(intake, lines, notes, said_on, question):
    intake.incident_date = classify.incident_date(lines, said_on) or intake.incident_date
    intake.timezone = classify.time_zone(lines) or intake.timezone


def _timeline(intake, lines, notes, said_on, question):
    intake.timeline_lines += lines  # read with the date and zone known at the end: they may come later


def _impact(intake, lines, notes, said_on, question):
    intake.impact_messages += [Message(line=n, end_line=n, text=t) for n, t in lines]


def _whys(intake, lines, notes, said_on, question):
    intake.whys = analysis.whys(lines, notes) or intake.whys  # one chain: a new answer retells it


def _actions(intake, lines, notes, said_on, question):
    intake.actions += plans.actions(lines, said_on, notes)


def _action_fields(intake, lines, notes, said_on, question):
    fields = plans.action_fields([part for _, text in lines for part in split_fields(text)], said_on)
    fields.pop("type", None)
    if question.target:
        intake.action_updates[question.target] = {**intake.action_updates.get(question.target, {}), **fields}


def _well(lines: list[Line], notes: list[str]) -> list[Observation]:
    return analysis.observations(lines, notes, lint=False)  # praise for what worked is not blame


_READERS = {
    "active": _active, "headline": _set("headline", _text), "review_type": _set("review_type", classify.review_type),
    "goal": _goal, "roles": _roles, "audience": _set("audience", _text), "constraints": _constraints,
    "date_zone": _date_zone, "timeline": _timeline, "impact": _impact, "evidence": _set("how_we_know", _text),
    "severity": _set("severity", classify.severity), "factors": _extend("factors", analysis.factors), "whys": _whys,
    "hypotheses": _extend("hypotheses", analysis.hypotheses), "learnings": _extend("learnings", analysis.learnings),
    "went_well": _extend("went_well", _well), "went_poorly": _extend("went_poorly", analysis.observations),
    "lucky": _extend("lucky", analysis.observations), "actions": _actions, "action_fields": _action_fields,
    "parked": _extend("parked", analysis.entries), "triggers": _extend("triggers", plans.triggers),
    "publish": _set("publish_where", _text), "cadence": _set("review_cadence", _text),
    "review_owner": _set("review_owner", _text), "review_audience": _set("review_audience", _text),
    "risks": _extend("risks", analysis.entries), "open_questions": _extend("open_questions", analysis.entries),
    "next_steps": _extend("next_steps", analysis.entries),
}
