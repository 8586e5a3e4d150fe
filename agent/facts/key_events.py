"""Keep a long timeline to its key events, so a noisy channel cannot flood the document or the model prompt.

A timeline within `MAX_TIMELINE_EVENTS` is left as it is. A longer one is folded in two steps:
1. repeats of the same kind between two state changes collapse into their first occurrence
   (five status updates in a row are one communication; a second failed attempt after a recovery is news);
2. if it is still too long, the events that matter least go (chatter before decisions, later repeats
   before first occurrences) until the cap holds.
Some events are never folded: the first of each kind and every event a metric or the follow-up boundary is
measured from (see `_anchors`), so the metrics are the same with or without the fold.
"""

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Protocol, TypeVar

MAX_TIMELINE_EVENTS = 30  # the SPEC asks for key events: roughly 10-30 for a one-hour incident
# The incident moves on at these; between two of them, a repeat of the same kind adds nothing new.
STATE_CHANGES = frozenset({
    "impact_start", "detection_alert", "detection_report", "page", "acknowledgement", "declaration", "escalation",
    "mitigation_failed", "mitigation", "recovery", "resolution",
})
# Under the cap, every kind keeps its earliest events in turn (round robin); in each round, lower tiers go first.
_TIERS = {
    "declaration": 0, "escalation": 0, "decision": 0, "resolution": 0, "impact_start": 0,
    "mitigation_failed": 1, "mitigation": 1, "recovery": 1, "detection_alert": 1, "page": 1, "acknowledgement": 1,
    "change": 2, "trigger": 2, "detection_report": 2, "communication": 2,
}
_DETECTIONS = ("detection_alert", "detection_report", "page")  # as in metrics.DETECTION_KINDS
_RELAPSES = ("detection_alert", "mitigation_failed")


class Candidate(Protocol):
    """What ranking reads of an event; read-only, so a dataclass field with a narrower type fits too."""

    @property
    def kind(self) -> str: ...
    @property
    def time(self) -> datetime | None: ...
    @property
    def hypothesis(self) -> bool: ...
    @property
    def lines(self) -> list[int]: ...


C = TypeVar("C", bound=Candidate)


def key_events(events: Sequence[C], *, limit: int = MAX_TIMELINE_EVENTS, measured: Collection[int] = ()) -> list[C]:
    """The events to keep, in their given order; at most `limit` unless the anchors alone are more. `measured` are
    the events the metrics were read from (the caller measures the whole timeline): they are anchors too, since the
    rules that pick them read more than `_anchors` can mirror (a failure that a recovery before it cancels)."""
    if len(events) <= limit:
        return list(events)
    ordered = sorted(range(len(events)), key=lambda i: _time_order(events[i]))
    keep = _anchors(events, ordered) | set(measured)
    candidates = _first_in_each_phase(events, ordered, keep)
    room = max(limit - len(keep), 0)
    counts: dict[str, int] = {}
    ranked = []
    for position, index in enumerate(candidates):
        kind = events[index].kind
        ranked.append((counts.get(kind, 0), _TIERS.get(kind, 2), position, index))
        counts[kind] = counts.get(kind, 0) + 1
    keep.update(index for *_, index in sorted(ranked)[:room])
    return [event for index, event in enumerate(events) if index in keep]


def _time_order(event: Candidate) -> tuple:
    """The order the timeline is shown and measured in: timed events by time, then untimed ones by line."""
    if event.time is None:
        return (1, 0, 0, event.lines[0])
    return (0, event.time.tzinfo is not None, event.time, event.lines[0])


def _anchors(events: Sequence[Candidate], ordered: list[int]) -> set[int]:
    """Events the metrics and the follow-up boundary are read from: folding any of them would move a number."""
    keep: set[int] = set()
    first_of: dict[object, int] = {}
    for index in ordered:
        event = events[index]
        first_of.setdefault(event.kind, index)
        zone = None if event.time is None else event.time.tzinfo is not None
        first_of.setdefault(("zone", zone), index)  # naive and aware times together make every metric unknown
    keep.update(first_of.values())
    at = {i: time for i in ordered if (time := events[i].time) is not None}  # the timed events, in order
    detected = next((at[i] for i in at if events[i].kind in _DETECTIONS), None)
    if detected is not None:
        keep.update(_first(events, at, ("acknowledgement",), not_before=detected))
        changes = [i for i in at if events[i].kind in ("change", "trigger") and not events[i].hypothesis
                   and _comparable(at[i], detected) and at[i] <= detected]
        keep.update(changes[-1:])
    for relapse_kinds, relief in ((("mitigation_failed",), "mitigation"), (_RELAPSES, "recovery")):
        relapses = [i for i in at if events[i].kind in relapse_kinds]
        keep.update(relapses[-1:])
        if relapses:
            keep.update(_first(events, at, (relief,), not_before=at[relapses[-1]]))
    # The mitigation that worked is the last one before the final recovery (metrics._effective_mitigation): the
    # first recovery after the last relapse, kept above.
    relapse_times = [at[i] for i in at if events[i].kind in _RELAPSES]
    final = next((i for i in at if events[i].kind == "recovery" and (not relapse_times or (
        _comparable(at[i], relapse_times[-1]) and at[i] >= relapse_times[-1]))), None)
    if final is not None:
        failures = [at[i] for i in at if events[i].kind == "mitigation_failed"]
        before = [i for i in at if events[i].kind == "mitigation" and _comparable(at[i], at[final])
                  and at[i] <= at[final]
                  and (not failures or (_comparable(at[i], failures[-1]) and at[i] >= failures[-1]))]
        keep.update(before[-1:])
    # Follow-ups are read after the resolution, else after the last recovery in the channel (facts._end_line).
    for kind, pick in (("resolution", min), ("recovery", max)):
        found = [i for i, event in enumerate(events) if event.kind == kind]
        if found:
            keep.add(pick(found, key=lambda i: events[i].lines[0]))
    return keep


def _first(events: Sequence[Candidate], at: dict[int, datetime], kinds: tuple[str, ...], *,
           not_before: datetime) -> list[int]:
    for index, time in at.items():
        if events[index].kind in kinds and _comparable(time, not_before) and time >= not_before:
            return [index]
    return []


def _comparable(a: datetime, b: datetime) -> bool:
    return (a.tzinfo is None) == (b.tzinfo is None)


def _first_in_each_phase(events: Sequence[Candidate], ordered: list[int], keep: set[int]) -> list[int]:
    """Step 1: the events not yet kept that are the first of their kind since the last state change."""
    seen: set[str] = set()
    last_change: str | None = None
    firsts = []
    for index in ordered:
        kind = events[index].kind
        if kind in STATE_CHANGES and kind != last_change:
            last_change = kind
            seen.clear()
        if kind not in seen and index not in keep:
            firsts.append(index)
        seen.add(kind)
    return firsts
