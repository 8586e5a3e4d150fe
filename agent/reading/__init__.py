"""Reading: what each message of a transcript does for the incident, learned from labelled chats.

`read_messages` gives every message one kind: a timeline kind (agent/models/timeline.py), or impact_statement,
cause_statement, action_item, hypothesis or chatter, with the model's confidence and its runner-up (a message
such as "rolled back, errors dropping" is both a mitigation and a recovery). Exact machine formats (alert and
pager lines) are read by rules kept as data (machine.py); everything people write is read by the classifier
(model.py), and each whole message again among the readings of the messages around it (context.py). Deciding
what the readings mean for the incident (which detection came first, which mitigation worked) is the facts layer's
job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, get_args

from agent.errors import ConfigError
from agent.models.message import Message
from agent.models.timeline import EventKind

ReadingKind = Literal[EventKind, "impact_statement", "cause_statement", "action_item", "hypothesis", "chatter"]
_TIMELINE_KINDS = frozenset(get_args(EventKind))
READING_KINDS: tuple[str, ...] = (*get_args(EventKind), "impact_statement", "cause_statement", "action_item",
                                  "hypothesis", "chatter")


@dataclass(frozen=True, slots=True)
class Reading:
    kind: str
    confidence: float
    runner_up: str
    runner_up_confidence: float
    by_rule: bool = False  # an exact machine format decided it, not the classifier
    also: tuple[str, ...] = ()  # further kinds single lines of a multi-line message report, in line order
    also_at: tuple[int, ...] = ()  # where in the message text the line or sentence reporting each of `also` starts
    # The likeliest timeline kind and its probability, whatever the reading: what a doubtful message would be on a
    # timeline if it had to be one (a written timeline's entries all are).
    timeline_kind: str = "chatter"
    timeline_confidence: float = 0.0


# The model learned from whole messages; a line or sentence alone is shorter than anything it was trained on, so its
# reading must be surer before it adds a kind (an emoji reaction line under a joke was read as a user report).
LINE_CONFIDENCE_FACTOR = 2.0
MAX_LINES_READ = 12  # a message of more lines is a pasted log or a write-up: its lines are not separate remarks
# A one-line message of several sentences is read sentence by sentence: "looking. I shipped a gateway change at 4:55"
# is an acknowledgement before it is a suspicion (measured on the corpus drafts, evals/training/draft_study.py: the
# resolution moment right within 2 minutes 0.82 -> 0.87, all five durations 0.518 -> 0.527).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Za-z@])")


def read_messages(messages: list[Message]) -> list[Reading]:
    """One reading per message, in order. A message of a few lines (one person's consecutive remarks, which many
    chat tools show under one header) is also read line by line, and a one-line message sentence by sentence: "ugh,
    this is not right" and "rolling back" in one message are a report and a decision."""
    import numpy as np

    from agent.facts.chronology import in_order_of_events
    from agent.facts.naming import is_system
    from agent.reading.context import WEIGHTS as CONTEXT_WEIGHTS
    from agent.reading.context import context_model
    from agent.reading.features import message_features, reading_text
    from agent.reading.machine import machine_kind
    from agent.reading.model import kind_model

    if not messages:
        return []
    model = kind_model()
    count = len(messages)
    texts: list[str] = [reading_text(m) for m in messages]
    kinds: list[str] = [m.kind for m in messages]
    positions = [i / (count - 1) if count > 1 else 0.0 for i in range(count)]
    owners: list[int] = []
    starts: list[int] = []
    for index, message in enumerate(messages):
        lines = [] if is_system(message) else _remarks(message.text)
        texts += lines
        kinds += [message.kind] * len(lines)
        positions += [positions[index]] * len(lines)
        owners += [index] * len(lines)
        starts += [max(message.text.find(line), 0) for line in lines]
    probabilities = model.probabilities(message_features(texts, kinds, positions))
    in_context = context_model()
    if in_context.classes != model.classes:
        raise ConfigError(f"{CONTEXT_WEIGHTS} reads other kinds than the message model: train both together")
    # each whole message is read again among the messages around it, in the order things happened (a document
    # written newest first is read oldest first); its lines stay read on their own
    happened = np.array([index for _, index in in_order_of_events(messages, list(range(count)))])
    probabilities[happened] = in_context.probabilities(probabilities[happened])
    order = np.argsort(-probabilities, axis=1)[:, :2]
    also: list[dict[str, int]] = [{} for _ in messages]  # kind -> where its line starts, first line first
    for owner, start, row, best in zip(owners, starts, probabilities[count:], order[count:, 0], strict=True):
        kind = model.classes[best]
        if row[best] >= LINE_CONFIDENCE_FACTOR * model.least_confidence and kind != "chatter":
            also[owner].setdefault(kind, start)
    timeline_columns = [i for i, kind in enumerate(model.classes) if kind in _TIMELINE_KINDS]
    likeliest = np.array(timeline_columns)[probabilities[:count, timeline_columns].argmax(axis=1)]
    readings = []
    # probabilities and order go on past the messages, with their lines read one by one
    for message, row, (best, second), extra, column in zip(messages, probabilities, order, also, likeliest, strict=False):
        ruled = machine_kind(message)
        if ruled is not None:
            readings.append(Reading(ruled, 1.0, model.classes[best], float(row[best]), by_rule=True,
                                    timeline_kind=ruled, timeline_confidence=1.0))
            continue
        kind = model.classes[best] if row[best] >= in_context.least_confidence else "chatter"
        runner_up = model.classes[second] if kind != "chatter" else model.classes[best]
        readings.append(Reading(kind, float(row[best]), runner_up, float(row[second] if kind != "chatter" else row[best]),
                                also=tuple(k for k in extra if k != kind),
                                also_at=tuple(at for k, at in extra.items() if k != kind),
                                timeline_kind=model.classes[column], timeline_confidence=float(row[column])))
    return readings


def _remarks(text: str) -> list[str]:
    """The lines of a message worth reading on their own, or the sentences of a one-line message; none for a single
    remark, a pasted block or an embed (a card a bot or link preview posted, whose lines are fields, not remarks)."""
    if "```" in text or text.lstrip().startswith("{"):
        return []
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) == 1:
        lines = [part.strip() for part in _SENTENCE_END.split(lines[0]) if part.strip()]
    return lines if 1 < len(lines) <= MAX_LINES_READ else []
