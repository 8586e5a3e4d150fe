"""Collects what the source does not say, so every placeholder becomes an open question."""

from collections.abc import Sequence

from agent.models import ActionItem, OpenQuestion, TimelineEvent, unknown

ACTIONS_QUESTION = "Which changes will prevent, detect or shorten a repeat, and who owns each?"
LEARNING_QUESTION = "What did we learn, and which decision does each learning lead to?"
MISSING_EVENTS_QUESTION = (
    "Which events are missing from the timeline (first sign of impact, detection, the fix, recovery), "
    "and at what time did each happen?"
)
# The timeline_timestamps gate's default in rubrics/gates.yaml: a timeline with fewer timed events stays open,
# so the draft asks for the missing ones where the gate will point.
MIN_TIMED_EVENTS = 3


def time_question(event: TimelineEvent) -> str:
    return f"When did “{event.event}” happen?"


def too_few_timed_events(timeline: Sequence[TimelineEvent]) -> bool:
    """Too few timed events for a reviewable timeline: the draft must ask for more rather than stop short."""
    return sum(1 for event in timeline if event.time is not None) < MIN_TIMED_EVENTS


def owner_question(item: ActionItem) -> str:
    return f"Who owns “{item.action}”?"


def due_question(item: ActionItem) -> str:
    return f"By when will “{item.action}” be done?"


def follow_up_question(item: ActionItem) -> str:
    return f"When do we check on “{item.action}”?"


def signal_question(item: ActionItem) -> str:
    return f"What observable result shows “{item.action}” worked?"


class Questions:
    def __init__(self) -> None:
        self.asked: list[OpenQuestion] = []

    def ask(self, section: str, question: str) -> str:
        """Record the question once and return the labelled placeholder to put in the document."""
        if not any(q.section == section and q.question == question for q in self.asked):
            self.asked.append(OpenQuestion(section=section, question=question))
        return unknown(question)
