"""Reading: what each message of a transcript does for the incident, learned from labelled chats.

`read_messages` gives every message one kind: a timeline kind (agent/models/timeline.py), or impact_statement,
cause_statement, action_item, hypothesis or chatter, with the model's confidence and its runner-up (a message
such as "rolled back, errors dropping" is both a mitigation and a recovery). Exact machine formats (alert and
pager lines) are read by rules kept as data (machine.py); everything people write is read by the classifier
(model.py). Deciding what the readings mean for the incident (which detection came first, which mitigation
worked) is the facts layer's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from agent.models.message import Message
from agent.models.timeline import EventKind

ReadingKind = Literal[EventKind, "impact_statement", "cause_statement", "action_item", "hypothesis", "chatter"]
READING_KINDS: tuple[str, ...] = (*get_args(EventKind), "impact_statement", "cause_statement", "action_item",
                                  "hypothesis", "chatter")


@dataclass(frozen=True, slots=True)
class Reading:
    kind: str
    confidence: float
    runner_up: str
    runner_up_confidence: float
    by_rule: bool = False  # an exact machine format decided it, not the classifier


def read_messages(messages: list[Message]) -> list[Reading]:
    """One reading per message, in order."""
    import numpy as np

    from agent.reading.features import message_features
    from agent.reading.machine import machine_kind
    from agent.reading.model import kind_model

    if not messages:
        return []
    model = kind_model()
    probabilities = model.probabilities(message_features([m.text for m in messages], [m.kind for m in messages]))
    order = np.argsort(-probabilities, axis=1)[:, :2]
    readings = []
    for message, row, (best, second) in zip(messages, probabilities, order):
        ruled = machine_kind(message)
        if ruled is not None:
            readings.append(Reading(ruled, 1.0, model.classes[best], float(row[best]), by_rule=True))
        elif row[best] < model.least_confidence:
            readings.append(Reading("chatter", float(row[best]), model.classes[best], float(row[best])))
        else:
            readings.append(Reading(model.classes[best], float(row[best]), model.classes[second], float(row[second])))
    return readings
