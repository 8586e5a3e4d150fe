"""Collects what the source does not say, so every placeholder becomes an open question.

Questions that ask the same thing are one question: every unowned action points at one "who owns" question,
every action without a success signal or check-in date at one "what shows it worked" question, each contributing
factor one question."""

from collections.abc import Sequence

from agent.models import ActionItem, Metrics, OpenQuestion, TimelineEvent, unknown

ACTIONS_QUESTION = "Which changes will prevent, detect or shorten a repeat, and who owns each?"
LEARNING_QUESTION = "What did we learn, and which decision does each learning lead to?"
MISSING_EVENTS_QUESTION = (
    "Which events are missing from the timeline (first sign of impact, detection, the fix, recovery), "
    "and at what time did each happen?"
)
UNTIMED_EVENTS_QUESTION = "At what clock time did each timeline event without a time happen?"
AUDIENCE_QUESTION = "Who will read this (the team, leadership or the whole company), and where will it be published?"
SEVERITY_QUESTION = "What severity was the incident (SEV0-SEV4)?"
ROLES_QUESTION = "Who facilitates the review, who is scribe and who owns the decisions?"
HYPOTHESES_QUESTION = "What are the 1-3 most likely root causes, and how confident are we in each?"
REVIEW_QUESTION = "Who owns the recurring Impact & Learnings review, who attends it, and how often is it held?"
# The timeline_timestamps gate's default in rubrics/gates.yaml: a timeline with fewer timed events stays open,
# so the draft asks for the missing ones where the gate will point.
MIN_TIMED_EVENTS = 3
# Metric anchors in the order the metrics table shows them, with what to ask about each.
METRIC_ANCHORS = {
    "impact_start": "impact start (the first error, not the first alert)",
    "detected": "detection (and by which alert or report)",
    "acknowledged": "the first human acknowledgement",
    "mitigated": "the mitigation that worked",
    "recovered": "the end of impact",
    "resolved": "the declaration that it was resolved",
}


def too_few_timed_events(timeline: Sequence[TimelineEvent]) -> bool:
    """Too few timed events for a reviewable timeline: the draft must ask for more rather than stop short."""
    return sum(1 for event in timeline if event.time is not None) < MIN_TIMED_EVENTS


def metrics_question(metrics: Metrics) -> str | None:
    """One question for every metric anchor the source does not give."""
    missing = [label for field, label in METRIC_ANCHORS.items() if getattr(metrics, field) is None]
    return f"What time was {'; '.join(missing)}?" if missing else None


def ownership_question(items: Sequence[ActionItem]) -> str | None:
    """One question for every action that lacks an owner or a due date."""
    return _asked_once([item.action for item in items if item.owner is None or item.due is None],
                       "Who owns “{}”, and by when will it be done?",
                       "Who owns each of these actions, and by when will each be done: {}?")


def outcome_question(items: Sequence[ActionItem]) -> str | None:
    """One question for every action that lacks a success signal or a check-in date."""
    return _asked_once([item.action for item in items if item.success_signal is None or item.follow_up is None],
                       "What observable result shows “{}” worked, and on what date do we check?",
                       "What observable result shows each of these actions worked, and on what date do we check: {}?")


def _asked_once(open_items: list[str], single: str, many: str) -> str | None:
    if not open_items:
        return None
    if len(open_items) == 1:
        return single.format(open_items[0])
    return many.format("; ".join(f"“{action}”" for action in open_items))


def action_questions(items: Sequence[ActionItem]) -> list[dict[str, str]]:
    """For each action, the question that stands in for each field the source left empty."""
    questions = {("owner", "due"): ownership_question(items), ("success_signal", "follow_up"): outcome_question(items)}
    gaps = []
    for item in items:
        asked = {}
        for fields, question in questions.items():
            for field in fields:
                if getattr(item, field) is None and question is not None:  # not None once any field is missing
                    asked[field] = question
        gaps.append(asked)
    return gaps


class Questions:
    def __init__(self) -> None:
        self.asked: list[OpenQuestion] = []

    def ask(self, section: str, question: str) -> str:
        """Record the question once and return the labelled placeholder to put in the document."""
        if not any(q.question == question for q in self.asked):
            self.asked.append(OpenQuestion(section=section, question=question))
        return unknown(question)
