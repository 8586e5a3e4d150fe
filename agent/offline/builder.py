"""Assemble a pack from facts. Every sentence is either derived from cited facts or a labelled question."""

from collections.abc import Sequence
from datetime import date

from agent.models import Brief, Dissemination, Facts, Header, Pack, SimilarIncident
from agent.offline.analysis import contributing_factors, risks, root_cause, went_poorly
from agent.offline.narrative import summary, title_for, tldr
from agent.offline.questions import (
    ACTIONS_QUESTION,
    AUDIENCE_QUESTION,
    LEARNING_QUESTION,
    MISSING_EVENTS_QUESTION,
    REVIEW_QUESTION,
    ROLES_QUESTION,
    SEVERITY_QUESTION,
    UNTIMED_EVENTS_QUESTION,
    Questions,
    action_questions,
    metrics_question,
    too_few_timed_events,
)

AGENDA = [
    "ground rules 5 min",
    "timeline 20 min",
    "contributing factors 25 min",
    "learnings and decisions 15 min",
    "actions 10 min",
    "triggers 5 min",
    "wrap-up 5 min",
]
GROUND_RULES = [
    "Blameless: we look for how the system made this outcome likely, not for who to blame.",
    "Everyone acted reasonably on what they knew at the time.",
    "Performance concerns go through their own channel, never this review.",
]


def build_pack(
    facts: Facts, *, today: date, title: str | None = None, similar: Sequence[SimilarIncident] = ()
) -> Pack:
    questions = Questions()
    duration = facts.metrics.ttr_minutes if facts.metrics.ttr_minutes is not None else facts.metrics.ttc_minutes
    header = Header(
        title=title or title_for(facts),
        date=facts.incident_date if facts.date_known else None,
        date_known=facts.date_known,
        severity=facts.severity,
        duration_minutes=duration,
        roles=facts.roles,
        audience=questions.ask("Header", AUDIENCE_QUESTION),
        draft_date=today,
        timezone=facts.timezone,
    )
    if facts.severity is None:
        questions.ask("Header", SEVERITY_QUESTION)
    if not any(r.role == "facilitator" for r in facts.roles):
        questions.ask("Header", ROLES_QUESTION)
    brief = Brief(
        goal="Understand how the system allowed this incident and agree on changes that make a repeat "
        "less likely or shorter.",
        agenda=AGENDA,
        ground_rules=GROUND_RULES,
    )
    if (missing_times := metrics_question(facts.metrics)) is not None:
        questions.ask("Metrics", missing_times)
    _ask_for_missing_times(facts, questions)
    if not facts.impact.figures:
        questions.ask("Impact", "How many users, requests or orders were affected, and for how long?")
    if not facts.went_well:
        questions.ask("What went well", "What helped during the response (alerts, runbooks, people, tools)?")
    factors = contributing_factors(facts, questions)
    analysis = root_cause(facts, questions)
    actions = facts.action_items
    for gaps in action_questions(actions):
        for question in gaps.values():
            questions.ask("Action items", question)
    if not actions:
        questions.ask("Action items", ACTIONS_QUESTION)
    questions.ask("Learnings", LEARNING_QUESTION)
    questions.ask(
        "Kill criteria / triggers",
        "Which observable signal, over which window, should make us pause, escalate or invest, and who acts?",
    )
    review = questions.ask("Dissemination", REVIEW_QUESTION)
    dissemination = Dissemination(
        tldr=tldr(facts, actions, questions),
        publish_where=questions.ask("Dissemination", AUDIENCE_QUESTION),
        review_cadence=review,
        review_owner=review,
        review_audience=review,
    )
    return Pack(
        header=header,
        brief=brief,
        summary=summary(facts),
        impact=facts.impact,
        metrics=facts.metrics,
        timeline=facts.timeline,
        went_well=facts.went_well,
        went_poorly=went_poorly(facts),
        lucky=facts.lucky,
        contributing_factors=factors,
        root_cause=analysis,
        learnings=[],
        action_items=actions,
        parked_ideas=[],
        triggers=[],
        dissemination=dissemination,
        similar_incidents=list(similar),
        risks=risks(facts, actions),
        open_questions=questions.asked,
        next_steps=_next_steps(questions),
        engine="offline",
        warnings=list(facts.warnings),
    )


def _ask_for_missing_times(facts: Facts, questions: Questions) -> None:
    """The renderer labels these same gaps in the timeline table: one question for every untimed event, one for
    the events a thin timeline lacks."""
    if any(event.time is None for event in facts.timeline):
        questions.ask("Timeline", UNTIMED_EVENTS_QUESTION)
    if too_few_timed_events(facts.timeline):
        questions.ask("Timeline", MISSING_EVENTS_QUESTION)


def _next_steps(questions: Questions) -> list[str]:
    review = "hold the review meeting, then publish the shareout and file the actions in the tracker."
    if not questions.asked:
        return [review.capitalize()]
    return [f"Answer the {len(questions.asked)} open questions with the responders, {review}"]
