"""Step 5 and 6 answers: action items ('action — owner — due — success signal — follow-up') and triggers
('signal — window — threshold — committed action — owner'). Vague actions and triggers that only promise a
later talk are turned back with the gates' own rewrite advice instead of entering the document."""

import re
from datetime import date
from typing import Any, get_args

from agent.facilitation.fields import Line, date_field, items, labelled, split_fields
from agent.facts.phrasing import capitalise
from agent.models import ActionItem, Trigger
from agent.models.action import ActionType

ACTION_LABELS = {
    "action": "action", "owner": "owner", "who": "owner", "due": "due", "due date": "due", "by": "due",
    "success": "success_signal", "signal": "success_signal", "success signal": "success_signal",
    "done when": "success_signal", "follow-up": "follow_up", "follow up": "follow_up", "followup": "follow_up",
    "follow-up date": "follow_up", "check": "follow_up", "check on": "follow_up", "type": "type", "priority": "priority",
}
TRIGGER_LABELS = {
    "signal": "signal", "window": "window", "over": "window", "threshold": "threshold", "when": "threshold",
    "if": "threshold", "action": "action", "then": "action", "committed action": "action", "owner": "owner",
    "who": "owner",
}
TRIGGER_ORDER = ("signal", "window", "threshold", "action", "owner")
_PRIORITY = re.compile(r"P[1-3]", re.I)


def actions(lines: list[Line], anchor: date, notes: list[str]) -> list[ActionItem]:
    found = []
    for number, text in items(lines):
        item = parse_action(text, number, anchor, notes)
        if item is not None:
            found.append(item)
    return found


def parse_action(text: str, number: int, anchor: date, notes: list[str]) -> ActionItem | None:
    parts = split_fields(text)
    if not parts:
        return None
    label, first = labelled(parts[0], ACTION_LABELS)
    action = capitalise(first.strip().rstrip("."))
    if label not in (None, "action") or len(action) < 4:
        notes.append(f"“{text}” does not start with the action itself; write the change first, then its owner and dates")
        return None
    rewrite = vague_rewrite(action)
    if rewrite is not None:
        notes.append(f"“{action}” is too vague to act on. {rewrite}")
        return None
    fields = action_fields(parts[1:], anchor)
    return ActionItem(action=action, source_lines=[number], **with_type(fields, action))


def action_fields(parts: list[str], anchor: date) -> dict[str, Any]:
    """owner, due, success_signal, follow_up, type and priority from labelled or positional parts: the first
    date is the due date, the second the follow-up; the first other text the owner, the next the signal."""
    fields: dict[str, Any] = {}
    for part in parts:
        label, value = labelled(part, ACTION_LABELS)
        if not value:
            continue
        if label in ("due", "follow_up"):
            when = date_field(value, anchor)
            if when is not None:
                fields[label] = when
        elif label == "priority" or (label is None and _PRIORITY.fullmatch(value)):
            if _PRIORITY.fullmatch(value):
                fields["priority"] = value.upper()
        elif label is not None:
            fields[label] = value
        elif (when := date_field(value, anchor)) is not None:
            fields.setdefault("follow_up" if "due" in fields else "due", when)
        elif "owner" not in fields:
            fields["owner"] = value
        elif "success_signal" not in fields:
            fields["success_signal"] = value
    return fields


def with_type(fields: dict[str, Any], action: str) -> dict[str, Any]:
    from agent.facts.actions import action_type

    written = str(fields.pop("type", "")).lower()
    fields["type"] = written if written in get_args(ActionType) else action_type(action)
    return fields


def vague_rewrite(action: str) -> str | None:
    """The no_vague_actions gate's rewrite advice when `action` is one of its vague patterns."""
    from agent.grading import load_gates
    from agent.grading.checks import vague_pattern

    spec = load_gates().get("no_vague_actions")
    found = vague_pattern(action, spec) if spec is not None else None
    return found.rewrite if found is not None else None


def triggers(lines: list[Line], notes: list[str]) -> list[Trigger]:
    found = []
    for _, text in items(lines):
        trigger = parse_trigger(text)
        if trigger is None:
            continue
        word = noncommittal_word(trigger.action or "")
        if word is not None:
            notes.append(f"“{trigger.action}” is not a committed action ('{word}'): decide now what happens when "
                         f"“{trigger.signal}” crosses its threshold: pause, roll back, escalate, kill or invest")
            continue
        found.append(trigger)
    return found


def parse_trigger(text: str) -> Trigger | None:
    fields: dict[str, str] = {}
    positional = iter(TRIGGER_ORDER)
    for part in split_fields(text):
        label, value = labelled(part, TRIGGER_LABELS)
        if not value:
            continue
        if label is None:
            label = next((name for name in positional if name not in fields), None)
            if label is None:
                continue
        fields[label] = value
    signal = fields.get("signal")
    if not signal:
        return None
    return Trigger(signal=signal, window=fields.get("window"), threshold=fields.get("threshold"),
                   action=fields.get("action"), owner=fields.get("owner"))


def noncommittal_word(action: str) -> str | None:
    from agent.grading import load_gates

    spec = load_gates().get("triggers_committed")
    words = spec.params.noncommittal if spec is not None else []
    lowered = action.lower()
    return next((w for w in words if re.search(rf"\b{re.escape(w.lower())}\b", lowered)), None)
