"""The document, rebuilt from the session record: the offline builder's pack from the merged facts, what
people answered laid over it, then the sections a model wrote. Names become roles the way the draft does it."""

import re
from dataclasses import dataclass
from datetime import date

from agent.facilitation.facts import merged_facts
from agent.facilitation.fields import sentence
from agent.facilitation.intake import Intake, read_intake, session_roster
from agent.facilitation.people import people_in_texts
from agent.facilitation.record import record_transcript
from agent.facilitation.state import FacilitationState
from agent.llm.view import ModelView
from agent.models import (
    ContributingFactor,
    Facts,
    Learning,
    OpenQuestion,
    Pack,
    RootCauseAnalysis,
    RootCauseHypothesis,
    is_unknown,
    unknown,
)
from agent.models.pack import UNKNOWN_PREFIX

_TYPE_GOALS = {
    "project": "Understand what shaped the project's outcome and agree on what changes for the next one.",
    "okr": "Understand what system produced this OKR result and what would make the target plausible next cycle.",
}
# Sections whose missing content the builder asks about without placing a placeholder in the pack.
_STILL_EMPTY = {
    "Learnings": lambda pack: not pack.learnings,
    "Kill criteria / triggers": lambda pack: not pack.triggers,
    "Root cause analysis": lambda pack: not pack.root_cause.hypotheses,
    "Contributing factors": lambda pack: not pack.contributing_factors,
}
MAX_TITLE = 80


@dataclass
class Assembly:
    pack: Pack  # real names in the roles table and owner columns only
    model_pack: Pack  # people as roles everywhere: what a model sees and writes
    view: ModelView
    facts: Facts
    intake: Intake


def assemble(state: FacilitationState, *, today: date) -> Assembly:
    from agent.offline import build_pack

    intake = read_intake(state)
    facts = merged_facts(state, intake, today=today)
    built = build_pack(facts, today=today, title=_title(intake))
    pack = overlay(built, intake)
    view = ModelView(record_transcript(state), facts)
    for role in intake.roles:  # people named in the roles answer are their roles to any model, in every answer
        view.names.setdefault(role.name, role.role)
    for name in intake.avoid_names:  # kept from any model too, not only from the document, even without a role
        view.names.setdefault(name, "a participant")
    # people named in any answer or paste, in whatever answer they first appear and whether or not a roles answer
    # came before: a stand-in, like unnamed chat participants
    answers = [m.text for m in state.record if (m.source or "").startswith("answer:")]
    for name in people_in_texts([m.text for m in state.record], session_roster(state).components, linted=answers):
        if not any(set(name.lower().split()) <= set(known.lower().split()) for known in view.names):
            view.names[name] = f"participant {sum(v.startswith('participant ') for v in view.names.values()) + 1}"
    model_pack = _with_model_sections(view.rename(pack), state.model_sections)
    restored = view.restore(model_pack, facts)
    note = f"Line numbers cite the record of facilitation session {state.id} (answers and pasted logs, redacted)."
    restored = restored.model_copy(update={"engine": state.engine, "warnings": [*restored.warnings, note]})
    return Assembly(pack=restored, model_pack=model_pack, view=view, facts=facts, intake=intake)


def overlay(built: Pack, intake: Intake) -> Pack:
    """What people answered, on top of what code could build; the builder's questions that an answer settled
    are dropped, and every placeholder left in an answered section becomes an open question."""
    review_type = intake.review_type or built.header.review_type
    header = built.header.model_copy(update={"review_type": review_type, "audience": intake.audience or built.header.audience})
    rules = list(built.brief.ground_rules)
    if intake.constraints:
        rules.append(f"Constraints agreed for this write-up: {sentence(intake.constraints)}")
    if intake.avoid_names:
        rules.append(f"{len(intake.avoid_names)} name(s) the group asked to leave out do not appear in this document.")
    goal = intake.goal or _TYPE_GOALS.get(review_type, built.brief.goal)
    dissemination = built.dissemination.model_copy(update={
        name: value for name, value in (
            ("publish_where", intake.publish_where), ("review_cadence", intake.review_cadence),
            ("review_owner", intake.review_owner), ("review_audience", intake.review_audience),
        ) if value
    })
    learned = f"What we learned: {intake.learnings[0].learning}" if intake.learnings else built.dissemination.tldr[1]
    dissemination.tldr = [built.dissemination.tldr[0], learned, *built.dissemination.tldr[2:]]
    root = built.root_cause
    factors, asked = settled_factors(intake.factors, built.action_items)
    hypotheses = intake.hypotheses or root.hypotheses or [
        RootCauseHypothesis(statement=f"{f.factor.rstrip('.')} (confidence not yet rated by the group)", confidence="low")
        for f in factors[:2]]
    if intake.whys or hypotheses != root.hypotheses:
        root = RootCauseAnalysis(method="5 Whys" if intake.whys else root.method, whys=intake.whys or root.whys,
                                 hypotheses=hypotheses)
    pack = built.model_copy(update={
        "header": header,
        "brief": built.brief.model_copy(update={"goal": goal, "ground_rules": rules}),
        "summary": f"{sentence(intake.headline)} {built.summary}" if intake.headline else built.summary,
        "contributing_factors": factors or built.contributing_factors,
        "root_cause": root,
        "learnings": intake.learnings or built.learnings,
        "parked_ideas": intake.parked or built.parked_ideas,
        "triggers": intake.triggers or built.triggers,
        "dissemination": dissemination,
        "risks": intake.risks + built.risks,
    })
    learnings, undecided = settled_learnings(pack.learnings if intake.learnings else [])
    if intake.learnings:
        pack = pack.model_copy(update={"learnings": learnings})
    questions = _open_questions(built, pack, intake)
    questions += [OpenQuestion(section="Contributing factors", question=q) for q in asked]
    questions += [OpenQuestion(section="Learnings", question=q) for q in undecided]
    return pack.model_copy(update={"open_questions": questions, "next_steps": _next_steps(intake, pack, questions)})


_WORD = re.compile(r"[a-z][a-z0-9-]{3,}")
_COMMON = frozenset("that this with from have when into than then they them were what which about after before every "
                    "there their only does done make made".split())
NOT_DISCUSSED = "not discussed in the review (listed under open questions)"


def settled_factors(factors: list[ContributingFactor], actions: list) -> tuple[list[ContributingFactor], list[str]]:
    """Factors as the document shows them: a fix direction taken from the action that shares most words with the
    factor; what nobody said is written as not discussed, with the question moved to Open questions."""
    settled, questions = [], []
    for factor in factors:
        update: dict[str, str] = {}
        if is_unknown(factor.fix_direction):
            words = set(_WORD.findall(factor.factor.lower())) - _COMMON
            best = max(actions, key=lambda a: len(words & set(_WORD.findall(a.action.lower()))), default=None)
            if best is not None and len(words & set(_WORD.findall(best.action.lower()))) >= 2:
                update["fix_direction"] = f"Action: {best.action}"
            else:
                update["fix_direction"] = NOT_DISCUSSED
                questions.append(factor.fix_direction.removeprefix(UNKNOWN_PREFIX))
        if is_unknown(factor.why_it_made_sense):
            update["why_it_made_sense"] = NOT_DISCUSSED
            questions.append(factor.why_it_made_sense.removeprefix(UNKNOWN_PREFIX))
        settled.append(factor.model_copy(update=update))
    return settled, questions


def settled_learnings(learnings: list[Learning]) -> tuple[list[Learning], list[str]]:
    """A learning nobody tied to a decision says so in a sentence; the question goes to Open questions."""
    settled, questions = [], []
    for learning in learnings:
        if is_unknown(learning.decision):
            questions.append(learning.decision.removeprefix(UNKNOWN_PREFIX))
            learning = learning.model_copy(update={"decision": NOT_DISCUSSED})
        settled.append(learning)
    return settled, questions


def _open_questions(built: Pack, pack: Pack, intake: Intake) -> list[OpenQuestion]:
    placed_before = built.model_copy(update={"open_questions": []}).model_dump_json()
    placed_after = pack.model_copy(update={"open_questions": []}).model_dump_json()
    kept = []
    for question in built.open_questions:
        label = unknown(question.question)
        still = label in placed_after if label in placed_before else _STILL_EMPTY.get(question.section, lambda _: True)(pack)
        if still:
            kept.append(question)
    known = {q.question for q in kept}
    for section, value in _answered_placeholders(pack, intake):
        question = value.removeprefix(UNKNOWN_PREFIX)
        if question not in known:
            known.add(question)
            kept.append(OpenQuestion(section=section, question=question))
    kept += [OpenQuestion(section="Raised in the review", question=q) for q in intake.open_questions]
    return kept


def _answered_placeholders(pack: Pack, intake: Intake):
    """Placeholders inside what people answered (a factor without its reason, a learning without a decision)."""
    if intake.factors:
        for factor in pack.contributing_factors:
            for value in (factor.why_it_made_sense, factor.fix_direction):
                if is_unknown(value):
                    yield "Contributing factors", value
    for learning in pack.learnings:
        if is_unknown(learning.decision):
            yield "Learnings", learning.decision


def _next_steps(intake: Intake, pack: Pack, questions: list[OpenQuestion]) -> list[str]:
    steps = list(intake.next_steps)
    if questions:
        steps.append(f"Answer the {len(questions)} open question(s) with the people who know before publishing.")
    if any(a.owner is None for a in pack.action_items):
        steps.append("Give every unowned action an owner and a due date in the tracker.")
    if not intake.next_steps:
        steps.append("Publish the shareout and file the actions in the team's tracker.")
    return steps


def _title(intake: Intake) -> str | None:
    if not intake.headline:
        return None
    first = intake.headline.strip().split(". ")[0].rstrip(".")
    return first if len(first) <= MAX_TITLE else None  # a long sentence reads better as the summary's opening


def _with_model_sections(pack: Pack, sections: dict) -> Pack:
    """Sections a model wrote earlier, re-applied; one that no longer fits the pack's shape is left out."""
    from pydantic import TypeAdapter, ValidationError

    for name, content in sections.items():
        field = Pack.model_fields.get(name)
        if field is None or field.annotation is None:
            continue
        try:
            pack = pack.model_copy(update={name: TypeAdapter(field.annotation).validate_python(content)})
        except ValidationError:
            continue
    return pack
