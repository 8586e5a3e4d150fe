"""Contributing factors, root-cause scaffolding, what went poorly and risks, each tied to source lines."""

from agent.models import (
    ActionItem,
    ContributingFactor,
    Facts,
    Observation,
    RootCauseAnalysis,
    RootCauseHypothesis,
    TimelineEvent,
)
from agent.offline.narrative import changes_before_impact, cite, failed_attempts, first_event
from agent.offline.questions import HYPOTHESES_QUESTION, Questions
from agent.timefmt import format_minutes, format_time

SLOW_DETECTION_MINUTES = 10
MAX_STATED_CAUSES = 3
# A noisy channel can hold many changes and guesses; the review starts from a few, the rest stay in the timeline.
MAX_CHANGES = 2
MAX_HYPOTHESES = 3


def contributing_factors(facts: Facts, questions: Questions) -> list[ContributingFactor]:
    zone = facts.timezone
    factors = []
    causes = facts.causes[:MAX_STATED_CAUSES]  # said outright in the chat ("root cause is ...", "confirmed: ...")
    cause_question = (f"Why did the condition behind “{causes[0].text}” make sense at the time, and what would "
                      "remove it?" if len(causes) == 1 else "Why did the conditions behind the causes the responders "
                      "stated make sense at the time, and what would remove each?")
    factors += [_said_in_chat(f"Stated by the responders: {cause.text}", cause, questions, cause_question)
                for cause in causes]
    changes = changes_before_impact(facts)[-MAX_CHANGES:]  # the latest ones are the likeliest triggers
    change_question = (
        "Why did the change at {at} look safe, which check could have caught it, and which guardrail would stop "
        "the next one like it?" if len(changes) == 1 else "Why did each of these changes look safe, which check "
        "could have caught them, and which guardrail would stop the next ones like them?")
    for change in changes:
        at = format_time(change.time, with_date=False, zone=zone)
        factors.append(
            ContributingFactor(
                cluster="Process",
                factor=f"A change reached production at {at}, shortly before impact.",
                evidence=cite(change),
                **_ask_why_and_fix(questions, change_question.format(at=at)),
                source_lines=change.source_lines,
            )
        )
    hypotheses = facts.hypotheses[:MAX_HYPOTHESES]
    hypothesis_question = (
        "Is “{text}” confirmed, and if so, what would remove the condition behind it?" if len(hypotheses) == 1
        else "Which of the responders' hypotheses are confirmed, and what would remove the condition behind each?")
    factors += [_said_in_chat(f"Hypothesis from the responders: {hypothesis.text}", hypothesis, questions,
                              hypothesis_question.format(text=hypothesis.text)) for hypothesis in hypotheses]
    failed = [e for e in facts.timeline if e.kind == "mitigation_failed"]
    if failed:
        factors.append(
            ContributingFactor(
                cluster="Tech",
                factor=f"{_attempts(failed_attempts(facts.timeline))} did not restore service, which lengthened the "
                       "incident.",
                evidence=_cite_all(failed),
                **_ask_why_and_fix(questions, "Why was the first mitigation the reasonable choice, and what would "
                                   "have shown sooner that it was not enough?"),
                source_lines=_lines_of(failed),
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
    if facts.causes or facts.hypotheses:
        first, said = (facts.causes[0], "Stated cause") if facts.causes else (facts.hypotheses[0], "Working hypothesis")
        whys.append(f"Why did that happen? {said}: “{first.text}” (line {first.source_lines[0]}).")
    whys.append(questions.ask("Root cause analysis", "Why did the system allow it (which check, limit or default was "
                                                     "missing), and why was that missing?"))
    hypotheses = [RootCauseHypothesis(statement=c.text, confidence="med") for c in facts.causes[:3]]
    hypotheses += [RootCauseHypothesis(statement=h.text, confidence="low") for h in facts.hypotheses[:3 - len(hypotheses)]]
    if not hypotheses:
        questions.ask("Root cause analysis", HYPOTHESES_QUESTION)
    return RootCauseAnalysis(method="5 Whys, started from the evidence; to be finished in the review", whys=whys, hypotheses=hypotheses)


def _said_in_chat(factor: str, said: Observation, questions: Questions, question: str) -> ContributingFactor:
    """A factor quoted from the chat (a stated cause or a hypothesis), cited by its lines."""
    return ContributingFactor(
        cluster="Tech",
        factor=factor,
        evidence=f"line {', '.join(map(str, said.source_lines))}",
        **_ask_why_and_fix(questions, question),
        source_lines=said.source_lines,
    )


def _attempts(count: int) -> str:
    return "A mitigation attempt" if count == 1 else f"{count} mitigation attempts"


def _lines_of(events: list[TimelineEvent]) -> list[int]:
    return sorted({line for event in events for line in event.source_lines})


def _cite_all(events: list[TimelineEvent]) -> str:
    """One quote stands for repeats of the same event; every line is cited."""
    if len(events) == 1:
        return cite(events[0])
    return f"“{events[0].event}” (lines {', '.join(map(str, _lines_of(events)))})"


def went_poorly(facts: Facts) -> list[Observation]:
    found = list(facts.went_poorly)
    failed = [e for e in facts.timeline if e.kind == "mitigation_failed"]
    if failed:
        found.append(Observation(text=f"{_attempts(failed_attempts(facts.timeline))} did not restore service: "
                                      f"“{failed[0].event}”.",
                                 source_lines=_lines_of(failed)))
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
