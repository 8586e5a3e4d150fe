"""Action-item and trigger signals: counts, how completely they are specified, and what they cover."""

import re

from agent.document.query import sections_of
from agent.grading.actions import ACTION_TYPES
from agent.grading.signals import Measure, SignalContext, signal
from agent.grading.signals.analysis import factor_items
from agent.grading.text import is_placeholder, stems

_HORIZONS = {name: re.compile(pattern, re.I) for name, pattern in {
    "immediate": r"\bimmediate", "short": r"\bshort[- ]term", "medium": r"\bmedium[- ]term|\bmid[- ]term",
    "long": r"\blong[- ]term"}.items()}
TOP_FACTORS = 3
MIN_ACTION_WORDS = 4
_REFERENCE = re.compile(r"https?://\S+|#\d+|\b[A-Z][A-Z0-9]+-\d+\b|\bBUG\s?\d+|[()\[\]]")


def _actions(context: SignalContext):
    return context.view.actions


def _share_of(items: list, filled, empty_note: str) -> Measure:
    """Share of `items` that `filled` accepts; the lines shown are the misses (else the hits), five at most."""
    if not items:
        return Measure(value=0.0, note=empty_note)
    hits = [item for item in items if filled(item)]
    misses = [item.line for item in items if not filled(item)]
    return Measure(value=len(hits) / len(items), lines=misses[:5] or [item.line for item in hits][:5],
                   note=f"{len(hits)} of {len(items)}")


def _share(context: SignalContext, filled) -> Measure:
    return _share_of(_actions(context), filled, "no action items")


@signal("actions.count", "action items found, vague ones (\"be more careful\", \"someone should ...\") excepted")
def _count(context: SignalContext) -> Measure:
    vague = context.gates.get("no_vague_actions")
    wishes = {f.line for f in vague.findings} if vague is not None else set()
    actions = [a for a in _actions(context) if a.line not in wishes]
    note = f"{len(wishes)} vague action(s) not counted" if wishes else ""
    return Measure(value=float(len(actions)), lines=[a.line for a in actions][:5], note=note)


@signal("actions.owned_share", "share of actions with an owner (0-1)")
def _owned(context: SignalContext) -> Measure:
    return _share(context, lambda a: not is_placeholder(a.owner))


@signal("actions.all_owned", "every action has an owner")
def _all_owned(context: SignalContext) -> Measure:
    share = context.get("actions.owned_share")
    return Measure(value=bool(_actions(context)) and share.value == 1, lines=share.lines, note=share.note)


@signal("actions.dated_share", "share of open actions with a due date (finished ones count as dated)")
def _dated(context: SignalContext) -> Measure:
    return _share(context, lambda a: a.done or not is_placeholder(a.due))


@signal("actions.success_share", "share of open actions with a success signal")
def _success(context: SignalContext) -> Measure:
    return _share(context, lambda a: a.done or not is_placeholder(a.success_signal))


@signal("actions.followup_share", "share of open actions with a follow-up date")
def _follow(context: SignalContext) -> Measure:
    return _share(context, lambda a: a.done or not is_placeholder(a.follow_up))


@signal("actions.specific_share", "share of actions described in at least four words (not just a ticket number)")
def _specific(context: SignalContext) -> Measure:
    return _share(context, lambda a: len(_REFERENCE.sub(" ", a.text).split()) >= MIN_ACTION_WORDS)


@signal("actions.typed_share", "share of actions with a type (prevent, detect, mitigate, respond, process)")
def _typed(context: SignalContext) -> Measure:
    return _share(context, lambda a: a.type is not None)


@signal("actions.prioritized_share", "share of actions with a priority")
def _prioritized(context: SignalContext) -> Measure:
    return _share(context, lambda a: a.priority is not None)


@signal("actions.tracked_share", "share of actions linked to a ticket or tracker")
def _tracked(context: SignalContext) -> Measure:
    return _share(context, lambda a: a.tracker is not None)


@signal("actions.status_share", "share of actions whose status is recorded (a status column or a done mark)")
def _status(context: SignalContext) -> Measure:
    has_status_column = any(
        "status" in " ".join(t.header).lower() for s in sections_of(context.doc, "action_items") for t in s.tables)
    return _share(context, lambda a: a.done or has_status_column)


@signal("actions.types_distinct", "distinct action types (prevent, detect, mitigate, respond, process)")
def _types(context: SignalContext) -> Measure:
    kinds = {t for a in _actions(context) if a.type for t in ACTION_TYPES if t in a.type}
    return Measure(value=float(len(kinds)), note=", ".join(sorted(kinds)))


@signal("actions.horizons", "time horizons the plan covers (immediate, short, medium, long term)")
def _horizons(context: SignalContext) -> Measure:
    text = " ".join(s.title for s in sections_of(context.doc, "action_items"))
    text += " " + " ".join(a.text for a in _actions(context))
    found = [name for name, pattern in _HORIZONS.items() if pattern.search(text)]
    return Measure(value=float(len(found)), note=", ".join(found))


@signal("actions.factor_coverage", "share of the top contributing factors that some action addresses (word overlap)")
def _coverage(context: SignalContext) -> Measure:
    factors = factor_items(context)[:TOP_FACTORS]
    actions = _actions(context)
    if not factors or not actions:
        return Measure(value=0.0, note="no factors or no actions")
    action_stems = [stems(a.text) for a in actions]
    covered = [f.line for f in factors if any(stems(f.text) & s for s in action_stems)]
    return Measure(value=len(covered) / len(factors), lines=covered, note=f"{len(covered)} of {len(factors)} top factors")


def _trigger_share(context: SignalContext, filled) -> Measure:
    return _share_of(context.view.triggers, filled, "no triggers")


@signal("triggers.count", "kill criteria / triggers listed, promises to talk later (\"discuss later\") excepted")
def _trigger_count(context: SignalContext) -> Measure:
    committed = context.gates.get("triggers_committed")
    talk = {f.line for f in committed.findings if "is not a committed action" in f.text} if committed else set()
    triggers = [t for t in context.view.triggers if t.line not in talk]
    note = f"{len(talk)} promise(s) to talk later not counted" if talk else ""
    return Measure(value=float(len(triggers)), lines=[t.line for t in triggers][:5], note=note)


@signal("triggers.threshold_share", "share of triggers with an observable threshold")
def _thresholds(context: SignalContext) -> Measure:
    return _trigger_share(context, lambda t: t.threshold is not None)


@signal("triggers.owned_share", "share of triggers with an owner")
def _trigger_owners(context: SignalContext) -> Measure:
    return _trigger_share(context, lambda t: t.owner is not None)


@signal("triggers.committed_share", "share of triggers with a committed action (per the triggers_committed gate)")
def _committed(context: SignalContext) -> Measure:
    triggers = context.view.triggers
    if not triggers:
        return Measure(value=0.0, note="no triggers")
    gate = context.gates.get("triggers_committed")
    flagged = {f.line for f in gate.findings if f.line is not None} if gate is not None else set()
    committed = [t for t in triggers if t.action is not None and t.line not in flagged]
    return Measure(value=len(committed) / len(triggers), lines=sorted(flagged)[:5],
                   note=f"{len(committed)} of {len(triggers)}")
