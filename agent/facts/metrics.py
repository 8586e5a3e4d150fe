"""Incident metrics by code, with the SPEC definitions. A metric that cannot be measured is null with a reason.

- time to detect (TTD): impact start -> first detection (alert, page or user report) that was answered (a response
  followed within half an hour, or later as the next thing to happen, within two hours), else the first detection
- time to acknowledge (TTA): detection -> first human acknowledgement (an escalation or declaration before the
  first acknowledgement, with no alert, page or report before it, is the detection: it raised the problem)
- time to mitigate (TTM): impact start -> the mitigation that worked (the last one reported before the service
  recovered and after the last failed attempt; without a recovery, the first one after the last failed attempt)
- time to recover (TTR): impact start -> impact ended (the first recovery not followed by a new alert or failure)
- time to close (TTC): impact start -> incident declared resolved

Without an explicit impact start, the first detection stands in for it: TTD is then unknown, and
the other durations are lower bounds (the caller warns).
"""

import itertools
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import NamedTuple, Protocol

from agent.models import Metrics, TimelineEvent
from agent.timefmt import format_time

DETECTION_KINDS = ("detection_alert", "detection_report", "page")
# What answers a real detection: another signal, a page, someone taking it, declaring it, or trying a fix.
RESPONSE_KINDS = frozenset({*DETECTION_KINDS, "acknowledgement", "declaration", "escalation", "decision", "mitigation",
                            "mitigation_failed"})
RESPONSE_WINDOW = timedelta(minutes=30)
# A signal nobody answered in RESPONSE_WINDOW was still answered when the next thing to happen, before any other
# signal, is a response ("anyone seeing this?" at 06:27, "looking" at 07:16), up to this long after it.
LATE_ANSWER_LIMIT = timedelta(hours=2)
RAISING_KINDS = frozenset({"escalation", "declaration"})  # before anyone acknowledged: someone raised the problem
_ENDS = frozenset({"mitigation", "recovery"})  # nothing ends before the impact began
_DURATIONS = ("ttd_minutes", "tta_minutes", "ttm_minutes", "ttr_minutes", "ttc_minutes")
MIXED_ZONES = "the timeline mixes times with and without a zone, so durations cannot be computed"
_KIND_NAMES = {
    "impact_start": "a statement of when impact began", "detection_alert": "an alert", "detection_report": "a user report",
    "page": "a page", "acknowledgement": "an acknowledgement", "mitigation": "a mitigation", "recovery": "a recovery",
    "resolution": "the resolution",
}


class _Timed(NamedTuple):
    """A timeline event that carries a time, which is all the metrics read of it."""

    kind: str
    time: datetime
    certainty: str


def compute_metrics(timeline: list[TimelineEvent], *, explicit_impact_start: datetime | None = None) -> Metrics:
    timed = [_Timed(e.kind, e.time, e.certainty) for e in timeline if e.time is not None]
    if len({e.time.tzinfo is None for e in timed}) > 1:
        names = ("impact_start", "detected", "acknowledged", "mitigated", "recovered", "resolved")
        return Metrics(unknown={name: MIXED_ZONES for name in (*names, *_DURATIONS)})
    timed.sort(key=lambda e: e.time)
    untimed = [e for e in timeline if e.time is None]
    unknown: dict[str, str] = {}
    detected = _signal_before_acknowledgement(timed, _answered_detection(timed))
    stated_start = explicit_impact_start or _first(timed, ("impact_start",))
    impact_start = stated_start or detected
    # The first acknowledgement after detection; else the first one at all: the record states it, and TTA then says
    # why it cannot be measured rather than the metrics denying the moment.
    acknowledged = (_first(timed, ("acknowledgement",), not_before=detected) if detected else None) or _first(
        timed, ("acknowledgement",))
    # Nothing recovers or is mitigated before the incident began: a stated end misplaced before a stated start is no
    # recovery. The first detection standing in for the start is no such bound: impact may have begun well before
    # anyone noticed, and a fix reported before that detection is still the record's mitigation.
    ongoing = [e for e in timed if e.kind not in _ENDS or stated_start is None or e.time >= stated_start]
    recovered, recovery_gap = _final_recovery(ongoing)
    mitigated, mitigation_gap = _effective_mitigation(ongoing, recovered)
    resolved = _first(timed, ("resolution",))
    missing = {
        "impact_start": _found_without_time(untimed, ("impact_start",)) or _stand_in_without_time(untimed)
        or "no statement of when impact began and no detection in the transcript",
        "detected": _found_without_time(untimed, DETECTION_KINDS) or "no alert, page or user report in the transcript",
        "acknowledged": _found_without_time(untimed, ("acknowledgement",))
        or "no human acknowledgement after detection in the transcript",
        "mitigated": _found_without_time(untimed, ("mitigation",)) or mitigation_gap,
        "recovered": _found_without_time(untimed, ("recovery",)) or recovery_gap,
        "resolved": _found_without_time(untimed, ("resolution",)) or "nobody declared the incident resolved in the transcript",
    }
    points = {"impact_start": impact_start, "detected": detected, "acknowledged": acknowledged, "mitigated": mitigated,
              "recovered": recovered, "resolved": resolved}
    unknown.update((name, missing[name]) for name, value in points.items() if value is None)
    durations = {
        "ttd_minutes": _minutes("ttd_minutes", ("impact start", stated_start), ("detected", detected), unknown),
        "tta_minutes": _minutes("tta_minutes", ("detected", detected), ("acknowledged", acknowledged), unknown),
        "ttm_minutes": _minutes("ttm_minutes", ("impact start", impact_start), ("mitigated", mitigated), unknown),
        "ttr_minutes": _minutes("ttr_minutes", ("impact start", impact_start), ("recovered", recovered), unknown),
        "ttc_minutes": _minutes("ttc_minutes", ("impact start", impact_start), ("resolved", resolved), unknown),
    }
    if stated_start is None and detected is not None:
        unknown["ttd_minutes"] = _unstated_start_reason(timed, detected)
    return Metrics(
        impact_start=impact_start, detected=detected, acknowledged=acknowledged, mitigated=mitigated,
        recovered=recovered, resolved=resolved, unknown=unknown, **durations,
    )


def _stand_in_without_time(untimed: list[TimelineEvent]) -> str | None:
    found = _found_without_time(untimed, DETECTION_KINDS)
    return f"no statement of when impact began, and the detection that would stand in for it: {found}" if found else None


def _found_without_time(untimed: list[TimelineEvent], kinds: tuple[str, ...]) -> str | None:
    """The reason when the event is in the transcript but its message has no clock time (a Zoom recording
    whose start is not known, a pasted line without a stamp): found, not missing."""
    found = next((e for e in untimed if e.kind in kinds), None)
    if found is None:
        return None
    return f"{_KIND_NAMES[found.kind]} was found (line {found.source_lines[0]}), but its message carries no time"


def _first(timed: list[_Timed], kinds: tuple[str, ...], *, not_before: datetime | None = None) -> datetime | None:
    for event in timed:
        if event.kind in kinds and (not_before is None or event.time >= not_before):
            return event.time
    return None


def _answered_detection(timed: list[_Timed]) -> datetime | None:
    """The first detection that people or systems answered (another report, a page, an ack, a declaration, an
    attempt) within RESPONSE_WINDOW, or later when the response is the next thing to happen (LATE_ANSWER_LIMIT): a
    remark misread as a report starts no response. Without any answered one, the first detection."""
    detections = [e for e in timed if e.kind in DETECTION_KINDS]
    for index, event in enumerate(timed):
        if event.kind not in DETECTION_KINDS:
            continue
        later = timed[index + 1:]
        if any(answer.kind in RESPONSE_KINDS for answer in _until(later, event.time + RESPONSE_WINDOW)):
            return event.time
        following = next((answer for answer in later if answer.kind in RESPONSE_KINDS), None)
        if following is not None and following.kind not in DETECTION_KINDS and (
                following.time <= event.time + LATE_ANSWER_LIMIT):
            return event.time
    return detections[0].time if detections else None


def _signal_before_acknowledgement(timed: list[_Timed], detected: datetime | None) -> datetime | None:
    """An acknowledgement answers a signal, so detection came no later than the first one. When no alert, page or
    report precedes it, the earliest escalation or declaration before it is how the problem was raised ("@oncall
    something is broken"); without one, the detection stays what it was and TTA says the order is wrong."""
    first_ack = _first(timed, ("acknowledgement",))
    if first_ack is None or (detected is not None and detected <= first_ack):
        return detected
    raised = next((e.time for e in timed if e.kind in RAISING_KINDS and e.time <= first_ack), None)
    return raised or detected


def _until(events: list[_Timed], limit: datetime) -> list[_Timed]:
    return list(itertools.takewhile(lambda e: e.time <= limit, events))


def _failures(timed: list[_Timed]) -> list[_Timed]:
    """Failed attempts: a failure is an attempt's, so one reported after a recovery with no new attempt since then
    ("still clean" misread, a note on an earlier step) undoes neither that recovery nor the mitigation before it."""
    found, recovered = [], False
    for event in timed:
        if event.kind == "mitigation":
            recovered = False
        elif event.kind == "recovery":
            recovered = True
        elif event.kind == "mitigation_failed" and not recovered:
            found.append(event)
    return found


def _effective_mitigation(timed: list[_Timed], recovered: datetime | None) -> tuple[datetime | None, str]:
    failures = _failures(timed)
    after = failures[-1].time if failures else None
    if recovered is not None:
        before = [e.time for e in timed if e.kind == "mitigation" and e.time <= recovered and (after is None or e.time >= after)]
        if before:
            return before[-1], ""
    for event in timed:
        if event.kind == "mitigation" and (after is None or event.time >= after):
            return event.time, ""
    if failures:
        return None, f"no successful mitigation reported after the failed attempt at {_clock(after)}"
    return None, "no successful mitigation in the transcript"


def _final_recovery(timed: list[_Timed]) -> tuple[datetime | None, str]:
    relapses = sorted([e.time for e in timed if e.kind == "detection_alert"] + [e.time for e in _failures(timed)])
    after = relapses[-1] if relapses else None
    for event in timed:
        if event.kind == "recovery" and (after is None or event.time >= after):
            return event.time, ""
    if after is not None and any(e.kind == "recovery" for e in timed):
        return None, f"alerts or failures continued after the last recovery (at {_clock(after)})"
    return None, "no recovery (alert recovered, metrics back to normal) in the transcript"


class _Dated(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def time(self) -> datetime | None: ...


def relapse_after_recovery(events: Sequence[_Dated]) -> int | None:
    """The index of the alert or failed attempt after which nothing recovered again, when something had recovered
    before it: the event that leaves the end of impact unknown, which a timeline folded to key events must still
    show beside the recovery it undid."""
    indexed = [(i, _Timed(e.kind, e.time, "fact")) for i, e in enumerate(events) if e.time is not None]
    if len({event.time.tzinfo is None for _, event in indexed}) > 1:
        return None
    indexed.sort(key=lambda pair: pair[1].time)
    timed = [event for _, event in indexed]
    failures = set(map(id, _failures(timed)))
    relapses = [i for i, event in indexed if event.kind == "detection_alert" or id(event) in failures]
    if not relapses or _final_recovery(timed)[0] is not None:
        return None
    last = relapses[-1]
    return last if any(event.kind == "recovery" for event in timed) else None


def _minutes(
    field: str, start: tuple[str, datetime | None], end: tuple[str, datetime | None], unknown: dict[str, str]
) -> float | None:
    (start_name, start_time), (end_name, end_time) = start, end
    if start_time is None or end_time is None:
        unknown[field] = f"{start_name if start_time is None else end_name} is unknown"
        return None
    if (start_time.tzinfo is None) != (end_time.tzinfo is None):
        unknown[field] = f"{start_name} and {end_name} mix times with and without a zone"
        return None
    if end_time < start_time:
        unknown[field] = f"{end_name} at {_clock(end_time)} is before {start_name} at {_clock(start_time)}"
        return None
    return round((end_time - start_time).total_seconds() / 60, 1)


def _unstated_start_reason(timed: list[_Timed], detected: datetime) -> str:
    reason = f"impact start not stated; the first detection, at {_clock(detected)}, stands in for it"
    changes = [e.time for e in timed if e.kind in ("change", "trigger") and e.time <= detected and e.certainty == "fact"]
    if changes:
        reason += f"; impact began between the change at {_clock(changes[-1])} and detection"
    return reason


def _clock(moment: datetime | None) -> str:
    """A time in a reason carries its zone too ("14:33 UTC", "14:33 (local, zone unknown)")."""
    return format_time(moment, with_date=False) if moment else "?"
