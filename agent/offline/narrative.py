"""Summary, title and TL;DR sentences built only from cited facts."""

from agent.facts.metrics import DETECTION_KINDS, RAISING_KINDS
from agent.models import ActionItem, Facts, TimelineEvent
from agent.offline.questions import ACTIONS_QUESTION, LEARNING_QUESTION, Questions
from agent.timefmt import format_minutes, format_time

SUMMARY_FIGURES = 3  # the summary quotes the surest few; the Impact section lists more


def title_for(facts: Facts) -> str:
    subject = facts.services[0] if facts.services else "Service"
    day = known_day(facts)
    return f"{subject} incident on {day}" if day else f"{subject} incident"


def known_day(facts: Facts) -> str | None:
    """The incident's day, only when the source or --date gave it: an assumed day is never shown."""
    return facts.incident_date.isoformat() if facts.incident_date and facts.date_known else None


def first_event(facts: Facts, *kinds: str) -> TimelineEvent | None:
    return next((e for e in facts.timeline if e.kind in kinds), None)


def changes_before_impact(facts: Facts) -> list[TimelineEvent]:
    """Confirmed changes that preceded impact; a responder's guess or a later change is not a candidate cause."""
    start = facts.metrics.impact_start
    return [
        e for e in facts.timeline
        if e.kind in ("change", "trigger") and e.certainty == "fact"
        and (start is None or e.time is None or _naive(e.time) != _naive(start) or e.time <= start)
    ]


def _naive(moment) -> bool:
    return moment.tzinfo is None


def cite(event: TimelineEvent) -> str:
    lines = ", ".join(str(n) for n in event.source_lines)
    return f"“{event.event}” (line {lines})" if len(event.source_lines) == 1 else f"“{event.event}” (lines {lines})"


def summary(facts: Facts) -> str:
    zone = facts.timezone
    metrics = facts.metrics
    sentences = []
    scope = ", ".join(facts.services[:3]) if facts.services else "the affected service"
    severity = f" ({facts.severity.level})" if facts.severity else ""
    day = known_day(facts)
    when = f"On {day}, " if day else ""
    if metrics.ttr_minutes is not None:
        sentences.append(f"{when}{scope} was impaired for {format_minutes(metrics.ttr_minutes)}{severity}.")
    else:
        sentences.append(f"{when}{scope} had an incident{severity}; how long impact lasted is not yet known.")
    change = next(iter(changes_before_impact(facts)), None)
    if metrics.impact_start is not None:
        start = f"Impact began at {format_time(metrics.impact_start, with_date=facts.date_known, zone=zone)}"
        if change is not None and change.time is not None:
            start += f", after a change at {format_time(change.time, with_date=False, zone=zone)}: {cite(change)}"
        sentences.append(start + ".")
    # The detection the metrics count (the first one that was answered), so the summary and the table agree.
    detection = next((e for e in facts.timeline if e.kind in (*DETECTION_KINDS, *RAISING_KINDS)
                      and metrics.detected is not None and e.time == metrics.detected), None) \
        or first_event(facts, "detection_alert", "detection_report")
    if detection is not None:
        how = {"detection_alert": "an alert", "page": "a page", "escalation": "someone raising it",
               "declaration": "someone declaring it"}.get(detection.kind, "a report from users or support")
        sentences.append(
            f"It was detected at {format_time(detection.time, with_date=False, zone=zone)} by {how}: {cite(detection)}."
        )
    if attempts := failed_attempts(facts.timeline):
        sentences.append(f"{attempts} mitigation attempt(s) did not restore service.")
    # The mitigation the metrics count, so the summary never credits an attempt that did not help.
    fix = next((e for e in facts.timeline if e.kind == "mitigation" and metrics.mitigated is not None
                and e.time == metrics.mitigated), None)
    if fix is not None:
        sentences.append(f"The mitigation that worked: {cite(fix)}.")
    if metrics.resolved is not None:
        sentences.append(f"The incident was declared resolved at {format_time(metrics.resolved, with_date=False, zone=zone)}.")
    if facts.impact.figures:
        figures = "; ".join(list(dict.fromkeys(f.text for f in facts.impact.figures))[:SUMMARY_FIGURES])
        sentences.append(f"Measured impact: {figures}.")
    return " ".join(sentences)


def tldr(facts: Facts, actions: list[ActionItem], questions: Questions) -> list[str]:
    happened = summary(facts).split(". ")[0].rstrip(".") + "."
    changed = (
        f"What changes: {len(actions)} follow-up action(s), starting with “{actions[0].action}”."
        if actions
        else "What changes: " + questions.ask("Action items", ACTIONS_QUESTION)
    )
    return [f"What happened: {happened}", "What we learned: " + questions.ask("Learnings", LEARNING_QUESTION), changed]


def failed_attempts(timeline: list[TimelineEvent]) -> int:
    """How many attempts failed: reports that it is still broken with nothing new tried between them ("still 403",
    then "doesn't help") are one failed attempt told twice, not two."""
    count, tried = 0, True
    for event in timeline:
        if event.kind in ("mitigation", "decision"):
            tried = True
        elif event.kind == "mitigation_failed":
            count += tried
            tried = False
    return count
