"""Assemble a pack from facts. Every sentence is either derived from cited facts or a labelled question."""

from collections.abc import Sequence
from datetime import date

from agent.models import (
    ActionItem,
    Brief,
    Dissemination,
    Facts,
    Header,
    Pack,
    SimilarIncident,
)
from agent.offline.analysis import contributing_factors, risks, root_cause, went_poorly
from agent.offline.narrative import summary, title_for, tldr
from agent.offline.questions import (
    ACTIONS_QUESTION,
    LEARNING_QUESTION,
    MISSING_EVENTS_QUESTION,
    Questions,
    due_question,
    follow_up_question,
    owner_question,
    signal_question,
    time_question,
    too_few_timed_events,
)

AGENDA = [
    "Goal and ground rules (5 min)",
    "Facts and timeline walkthrough (20 min)",
    "Contributing factors, systems lens (25 min)",
    "Learnings and decisions (15 min)",
    "Action tracker: owners, dates, success signals (10 min)",
    "Kill criteria and triggers (5 min)",
    "Wrap-up: follow-up date and shareout plan (5 min)",
]
GROUND_RULES = [
    "We look for how the system made this outcome likely, not for who to blame.",
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
        date=facts.incident_date,
        severity=facts.severity,
        duration_minutes=duration,
        roles=facts.roles,
        audience=questions.ask("Header", "Who will read this: the team, leadership or the whole company?"),
        draft_date=today,
        timezone=facts.timezone,
    )
    if facts.severity is None:
        questions.ask("Header", "What severity was the incident (SEV0-SEV4)?")
    if not any(r.role == "facilitator" for r in facts.roles):
        questions.ask("Header", "Who facilitates the review, who is scribe and who owns the decisions?")
    brief = Brief(
        goal="Understand how the system allowed this incident and agree on changes that make a repeat "
        "less likely or shorter.",
        agenda=AGENDA,
        ground_rules=GROUND_RULES,
    )
    _ask_for_missing_metrics(facts, questions)
    _ask_for_missing_times(facts, questions)
    if not facts.impact.figures:
        questions.ask("Impact", "How many users, requests or orders were affected, and for how long?")
    if not facts.went_well:
        questions.ask("What went well", "What helped during the response (alerts, runbooks, people, tools)?")
    factors = contributing_factors(facts, questions)
    analysis = root_cause(facts, questions)
    actions = [_ask_for_missing_fields(item, questions) for item in facts.action_items]
    if not actions:
        questions.ask("Action items", ACTIONS_QUESTION)
    questions.ask("Learnings", LEARNING_QUESTION)
    questions.ask(
        "Kill criteria / triggers",
        "Which observable signal, over which window, should make us pause, escalate or invest, and who acts?",
    )
    dissemination = Dissemination(
        tldr=tldr(facts, actions, questions),
        publish_where=questions.ask("Dissemination", "Where will the shareout be published?"),
        review_cadence=questions.ask("Dissemination", "How often is the Impact & Learnings review held?"),
        review_owner=questions.ask("Dissemination", "Who owns the Impact & Learnings review?"),
        review_audience=questions.ask("Dissemination", "Who attends the Impact & Learnings review?"),
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
        next_steps=_next_steps(questions, actions),
        engine="offline",
        warnings=list(facts.warnings),
    )


def _ask_for_missing_metrics(facts: Facts, questions: Questions) -> None:
    labels = {
        "impact_start": "When did customer impact begin (the first error, not the first alert)?",
        "detected": "When was the problem first detected, and by which alert or report?",
        "acknowledged": "When did a person first acknowledge the alert or page?",
        "mitigated": "When did the mitigation that worked take effect?",
        "recovered": "When did impact end, i.e. when was service restored?",
        "resolved": "When was the incident declared resolved?",
    }
    for field, question in labels.items():
        if getattr(facts.metrics, field) is None:
            questions.ask("Metrics", question)


def _ask_for_missing_times(facts: Facts, questions: Questions) -> None:
    """The renderer labels these same gaps in the timeline table, so each one is listed as an open question."""
    for event in facts.timeline:
        if event.time is None:
            questions.ask("Timeline", time_question(event))
    if too_few_timed_events(facts.timeline):
        questions.ask("Timeline", MISSING_EVENTS_QUESTION)


def _ask_for_missing_fields(item: ActionItem, questions: Questions) -> ActionItem:
    """Keep what was said; ask for what was not. Owners are never guessed."""
    if item.owner is None:
        questions.ask("Action items", owner_question(item))
    if item.due is None:
        questions.ask("Action items", due_question(item))
    if item.success_signal is None:
        questions.ask("Action items", signal_question(item))
    if item.follow_up is None:
        questions.ask("Action items", follow_up_question(item))
    return item


def _next_steps(questions: Questions, actions: list[ActionItem]) -> list[str]:
    steps = []
    if questions.asked:
        steps.append(f"Answer the {len(questions.asked)} open questions with the responders before the review.")
    if any(a.owner is None for a in actions):
        steps.append("Give every unowned follow-up an owner and a due date in the tracker.")
    steps.append("Hold the review meeting, then publish the shareout and file the actions in the tracker.")
    return steps

