"""Collects what the source does not say, so every placeholder becomes an open question."""

from agent.models import ActionItem, OpenQuestion, unknown

ACTIONS_QUESTION = "Which changes will prevent, detect or shorten a repeat, and who owns each?"
LEARNING_QUESTION = "What did we learn, and which decision does each learning lead to?"


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
