"""Contributing factors, root-cause scaffolding, what went poorly and risks, each tied to source lines."""

from agent.models import (
    ActionItem,
    ContributingFactor,
    Facts,
    Observation,
    RootCauseAnalysis,
    RootCauseHypothesis,
)
from agent.offline.narrative import changes_before_impact, cite, first_event
from agent.offline.questions import HYPOTHESES_QUESTION, Questions
from agent.timefmt import format_minutes, format_time

SLOW_DETECTION_MINUTES = 10


def contributing_factors(facts: Facts, questions: Questions) -> list[ContributingFactor]:
    zone = facts.timezone
    factors = []
    for change in changes_before_impact(facts):
        at = format_time(change.time, with_date=False, zone=zone)
        factors.append(
            ContributingFactor(
                cluster="Process",
                factor=f"A change reached production at {at}, shortly before impact.",
                evidence=cite(change),
                **_ask_why_and_fix(questions, f"Why did the change at {at} look safe, which check could have caught "
                                   "it, and which guardrail would stop the next one like it?"),
                source_lines=change.source_lines,
            )
        )
    for hypothesis in facts.hypotheses:
        factors.append(
            ContributingFactor(
                cluster="Tech",
                factor=f"Hypothesis from the responders: {hypothesis.text}",
                evidence=f"line {', '.join(map(str, hypothesis.source_lines))}",
                **_ask_why_and_fix(questions, f"Is “{hypothesis.text}” confirmed, and if so, what would remove the "
                                   "condition behind it?"),
                source_lines=hypothesis.source_lines,
            )
        )
    for failed in (e for e in facts.timeline if e.kind == "mitigation_failed"):
        factors.append(
            ContributingFactor(
                cluster="Tech",
                factor="A mitigation attempt did not restore service, which lengthened the incident.",
                evidence=cite(failed),
                **_ask_why_and_fix(questions, "Why was that mitigation the reasonable first choice, and what would "
                                   "have shown sooner that it was not enough?"),
                source_lines=failed.source_lines,
            )
        )
    if not factors:
        questions.ask("Contributing factors", "Which conditions in the system lined up to make this incident possible, "
                      "and what shows each one?")
    return factors


def _ask_why_and_fix(questions: Questions, question: str) -> dict[str, str]:
    """A factor's reason and its fix direction are one question to the people who were there."""
    label = questions.ask("Contributing factors", question)
    return {"why_it_made_sense": label, "fix_direction": label}


def root_cause(facts: Facts, questions: Questions) -> RootCauseAnalysis:
    whys = []
    detection = first_event(facts, "detection_alert", "detection_report", "impact_start")
    if detection is not None:
        whys.append(f"Why was there an incident? {cite(detection)}.")
    if facts.hypotheses:
        first = facts.hypotheses[0]
        whys.append(f"Why did that happen? Working hypothesis: “{first.text}” (line {first.source_lines[0]}).")
    whys.append(questions.ask("Root cause analysis", "Why did the system allow it: which check, limit or default was missing?"))
    whys.append(questions.ask("Root cause analysis", "Why was that check, limit or default missing?"))
    hypotheses = [RootCauseHypothesis(statement=h.text, confidence="low") for h in facts.hypotheses[:3]]
    if not hypotheses:
        questions.ask("Root cause analysis", HYPOTHESES_QUESTION)
    return RootCauseAnalysis(method="5 Whys, started from the evidence; to be finished in the review", whys=whys, hypotheses=hypotheses)


def went_poorly(facts: Facts) -> list[Observation]:
    found = list(facts.went_poorly)
    for failed in (e for e in facts.timeline if e.kind == "mitigation_failed"):
        found.append(Observation(text=f"A mitigation attempt did not restore service: “{failed.event}”.", source_lines=failed.source_lines))
    report = first_event(facts, "detection_report")
    alert = first_event(facts, "detection_alert")
    if report is not None and (alert is None or (report.time and alert.time and report.time < alert.time)):
        found.append(Observation(text="People noticed the problem before monitoring did.", source_lines=report.source_lines))
    ttd = facts.metrics.ttd_minutes
    if ttd is not None and ttd > SLOW_DETECTION_MINUTES and alert is not None:
        found.append(Observation(text=f"Detection took {format_minutes(ttd)} after impact began.", source_lines=alert.source_lines))
    return found


def risks(facts: Facts, actions: list[ActionItem]) -> list[str]:
    found = []
    unowned = [a for a in actions if a.owner is None]
    if unowned:
        found.append(f"{len(unowned)} follow-up(s) have no owner and are likely to be dropped.")
    if facts.hypotheses:
        found.append("The cause is still a hypothesis; fixes aimed at it may miss the real condition.")
    if first_event(facts, "detection_alert") is None:
        found.append("No alert fired during this incident; a repeat may again be found by customers first.")
    if not found:
        found.append("Actions that are not tracked in the team's system of record tend to be forgotten.")
    return found
