"""What the record still lacks, most valuable first: the facilitator's next question is the first gap not yet asked.

Each gap has a stable id (its `kind`, shown with `facilitate --show-gaps`), the step it belongs to, and a
question written from the record: it quotes the pasted log where the log holds a candidate answer ("The log says
'failover at 7:42 PM'. Is 19:42 when impact began?") and never asks what the record already answers. The
expert probes (why a failed attempt was the obvious move, why escalation took as long as it did, what happened in
silent minutes, how the fix was found) come from the seeds' interview prompts, written in our words.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from agent.facilitation.intake import Intake
from agent.models import Facts, Message, Pack, TimelineEvent, is_unknown

STEPS = {
    1: "classify the review and agree the ground rules",
    2: "facts and timeline",
    3: "contributing factors, through a systems lens",
    4: "learnings and decisions",
    5: "action tracker",
    6: "kill criteria and triggers",
    7: "dissemination and the quality gate",
}
SLOW_ESCALATION_MINUTES = 10  # ack to escalation or declaration: long enough to ask what held it back
SILENT_MINUTES = 8  # no event in the record for this long while impact lasted
MAX_PROBES = 2


@dataclass(frozen=True)
class Context:
    intake: Intake
    pack: Pack
    facts: Facts
    failing: frozenset[str]  # failing gate ids and rubric criteria below their top level
    pasted: bool = False
    messages: tuple[Message, ...] = ()  # the session record, to quote the log as it was said


@dataclass(frozen=True)
class Gap:
    kind: str
    step: int
    text: str
    target: str | None = None
    example: str | None = None  # shown when the gap is asked again after a non-answer

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.target}" if self.target else self.kind


def gaps(context: Context) -> list[Gap]:
    """Every gap left, in the order a facilitator would ask them: by step, the most valuable first in each."""
    return [*_step_one(context), *_step_two(context), *_probes(context), *_step_three(context),
            *_step_four(context), *_step_five(context), *_step_six(context), *_step_seven(context)]


def _clock(moment: datetime | None) -> str:
    return moment.strftime("%H:%M") if moment is not None else "?"


def _quote(context: Context, event: TimelineEvent) -> str:
    """The log line an event comes from, as said (redacted), shortened."""
    line = event.source_lines[0] if event.source_lines else None
    said = next((m.text for m in context.messages if m.line == line and (m.source or "").startswith("paste:")), None)
    text = (said or event.event).strip().replace("\n", " ")
    return text if len(text) <= 90 else text[:87].rstrip() + "…"


def _first(context: Context, *kinds: str) -> TimelineEvent | None:
    return next((e for e in context.pack.timeline if e.kind in kinds and e.time is not None), None)


def _log_tells_what_happened(context: Context) -> bool:
    """A pasted log that names the service, quantifies the impact and shows it ending already tells what happened:
    the summary is written from it, and the person is not asked to retell it."""
    pack = context.pack
    return context.pasted and bool(context.facts.services) and bool(pack.impact.figures) and \
        _first(context, "recovery", "resolution") is not None


def _is_incident(context: Context) -> bool:
    """Incident unless the account of what happened names a project or an OKR period (see intake._opening)."""
    return context.intake.review_type in (None, "incident")


def _step_one(context: Context) -> Iterator[Gap]:
    intake = context.intake
    over = _first(context, "recovery", "resolution")
    if intake.headline is None and intake.active is None and over is None:
        yield Gap("opening", 1, "Is it still going on, or is the service stable again? And in a sentence or two: what "
                  "happened, to which service or product, and what severity did it get?",
                  example="“Yes, stable since 20:16. After a Redis failover the order service kept writing to the old "
                  "primary, so checkouts failed. SEV2.”")
    elif intake.headline is None and not _log_tells_what_happened(context):
        known = f" (the log shows “{_quote(context, over)}” at {_clock(over.time)}, so I take it the service is stable)" \
            if over is not None else ""
        asked = ", to which service or product, and what severity did it get?" if context.pack.header.severity is None \
            else ", and to which service or product?"
        yield Gap("headline", 1, f"In a sentence or two: what happened{asked}{known}")
    elif intake.active is None and over is None:
        yield Gap("active", 1, "Is it still going on, or is the service stable again? If anything is still degraded, say "
                  "what.")
    missing = [name for name, absent in (
        ("goal", intake.goal is None),
        ("audience", is_unknown(context.pack.header.audience)),
        ("roles", not {"facilitator", "scribe", "decision owner"} <= {r.role for r in context.pack.header.roles}),
    ) if absent]
    if missing:
        parts = {"goal": "what should this review achieve above all (prevention, learning, faster recovery…)",
                 "audience": "who will read the write-up", "roles": "who facilitates, who takes notes and who owns the "
                 "decisions on follow-ups"}
        text = "; ".join(parts[m] for m in missing)
        yield Gap("scope", 1, text[0].upper() + text[1:] + "?",
                  example="“Prevention: make the next failover a non-event. For the platform team and engineering "
                  "leads. Ana facilitates, Ben takes notes, Chiara owns the decisions.”")


def _step_two(context: Context) -> Iterator[Gap]:
    if not _is_incident(context):
        return
    pack, metrics = context.pack, context.pack.metrics
    timed = [e for e in pack.timeline if e.time is not None]
    if not context.pasted and len(timed) < 2:
        yield Gap("moment", 2, "When did impact begin, how was it first noticed, and when did someone pick it up? If you "
                  "have the incident channel or the alert feed, type /paste and paste it instead: the log answers most "
                  "of the timeline at once.", target="impact_start", example="“It started at 19:42 when the failover "
                  "happened; the write-error alert fired at 19:49 and the on-call acked at 19:51.”")
    stand_in = "impact_start" in " ".join(metrics.unknown.values()) or any(
        "impact start not stated" in reason for reason in metrics.unknown.values())
    if metrics.impact_start is None or stand_in:
        candidate = _impact_candidate(context)
        if candidate is not None:
            yield Gap("confirm", 2, f"The log says “{_quote(context, candidate)}”. Is {_clock(candidate.time)} when impact "
                      "began?", target=f"impact_start|{_clock(candidate.time)}|{candidate.source_lines[0]}|"
                      f"{candidate.event}")
        elif timed:
            first = _first(context, "detection_alert", "detection_report", "page") or timed[0]
            yield Gap("moment", 2, f"When did impact begin? The first sign I have is “{_quote(context, first)}” at "
                      f"{_clock(first.time)}: did users feel it before that?", target="impact_start")
    severity_along = pack.header.severity is None and len(pack.impact.figures) >= 1
    for gap in _stamped_elsewhere(context):
        yield _with_severity(gap) if severity_along else gap
        severity_along = False
    yield from _contradictions(context)
    for kind, question in (
        ("detection_alert", "How and when was it first noticed: an alert, a customer report, someone looking at a "
         "dashboard?"),
        ("acknowledgement", "When did someone acknowledge it and start working on it?"),
        ("mitigation", "What finally worked, and when did it take effect? When were users fine again, and when was "
         "the incident declared resolved?"),
        ("recovery", "When were users fine again (impact over)?"),
        ("resolution", "When was the incident declared resolved?"),
    ):
        if timed and _missing_moment(context, kind):
            yield Gap("moment", 2, question, target=kind)
    if len(pack.impact.figures) < 1:
        severity = " And what severity did it get, and why?" if pack.header.severity is None else ""
        yield Gap("impact", 2, "How large was the impact, in numbers: how many users, orders or requests, for how long, "
                  f"and any money or SLO budget lost?{severity}", target="severity" if severity else None,
                  example="“About 5,200 orders failed for roughly 3,100 shoppers over 34 minutes; SEV2.”")
    for gap in _when_and_where(context, timed):
        yield _with_severity(gap) if severity_along else gap
        severity_along = False
    if pack.header.severity is None and len(pack.impact.figures) >= 1:
        yield Gap("severity", 2, "What severity did it get (SEV0–SEV4, P1–P4), and what made it that level?",
                  example="“SEV2: checkout writes failed for over half an hour.”")


def _with_severity(gap: Gap) -> Gap:
    """A short question about the clock or the date, with the severity asked along: two quick facts, one question."""
    return Gap(gap.kind, gap.step, f"{gap.text} And what severity did it get, and why?", target="severity",
               example=gap.example)


def _when_and_where(context: Context, timed: list[TimelineEvent]) -> Iterator[Gap]:
    pack = context.pack
    if timed and (pack.header.date is None or not pack.header.date_known):  # a missing zone is labelled, not asked
        zone = "" if context.facts.timezone else ", and in which time zone are those times"
        yield Gap("date_zone", 2, f"The times I have ({_clock(timed[0].time)} to {_clock(timed[-1].time)}) carry no "
                  f"date. On which date did it start{zone}?")


def _stamped_elsewhere(context: Context) -> Iterator[Gap]:
    """A pasted alert or pager line stamped in a zone while the chat's clock has none: one question places every
    such line (the page, the acknowledgement) at once, so none of those moments is asked for separately."""
    from agent.facilitation.facts import stamp_of

    if context.intake.timezone or context.facts.timezone:
        return
    said = {m.line: m.text for m in context.messages if (m.source or "").startswith("paste:")}
    stamped = next((e for e in context.pack.timeline if e.time is None and e.source_lines
                    and stamp_of(said.get(e.source_lines[0], "")) is not None), None)
    if stamped is not None:
        yield Gap("clock", 2, f"The alert lines carry their own zone (“{_quote(context, stamped)}”), the chat's times "
                  "carry none. What was that on the chat's clock, or in which time zone are the chat's times?",
                  example="“09:07 UTC was 10:07 for us: we are in Berlin.”")


def _contradictions(context: Context) -> Iterator[Gap]:
    """Moments the record states but the metrics cannot use: asked about, so the document does not say both."""
    metrics = context.pack.metrics
    ack = _first(context, "acknowledgement")
    if ack is not None and ack.time is not None and metrics.detected is not None and ack.time < metrics.detected:
        # someone acknowledged before anything the record shows was detected: the signal it answered is missing
        yield Gap("moment", 2, f"The record has “{_quote(context, ack)}” at {_clock(ack.time)}, before the first detection "
                  f"I have ({_clock(metrics.detected)}). How and when was it really first noticed?",
                  target="detection_alert")
    tried = [e for e in context.pack.timeline if e.kind == "mitigation" and e.time is not None]
    if tried and metrics.mitigated is None:
        yield Gap("moment", 2, f"The record has “{_quote(context, tried[-1])}” at {_clock(tried[-1].time)}, but trouble "
                  "went on after it. What finally worked, and when did it take effect? When were users fine again?",
                  target="mitigation")
    recovered = _first(context, "recovery")
    if recovered is not None and metrics.recovered is None:
        yield Gap("moment", 2, f"The record has “{_quote(context, recovered)}” at {_clock(recovered.time)}, but failures "
                  "continued after it. When were users really fine again?", target="recovery")


def _missing_moment(context: Context, kind: str) -> bool:
    metrics = context.pack.metrics
    field = {"detection_alert": "detected", "acknowledgement": "acknowledged", "mitigation": "mitigated",
             "recovery": "recovered", "resolution": "resolved"}[kind]
    if getattr(metrics, field) is not None:
        return False
    return not (kind in ("recovery", "resolution") and metrics.mitigated is None)  # the mitigation question asks too


def _impact_candidate(context: Context) -> TimelineEvent | None:
    """A logged change or trigger before the first detection: what a reader would take as the start of impact."""
    detection = _first(context, "detection_alert", "detection_report", "page", "acknowledgement")
    pasted = {m.line for m in context.messages if (m.source or "").startswith("paste:")}
    before = [e for e in context.pack.timeline if e.time is not None and e.kind in ("trigger", "change", "impact_start")
              and (detection is None or detection.time is None or e.time < detection.time) and e.source_lines
              and e.source_lines[0] in pasted]
    return before[-1] if before else None


def _probes(context: Context) -> Iterator[Gap]:
    """The expert's questions about what responders knew and when, asked from what the record shows."""
    if not _is_incident(context):
        return
    done = {kind for kind, _, _ in context.intake.probes}
    found: list[Gap] = []
    failed = _first(context, "mitigation_failed")
    if failed is not None:
        before = [e for e in context.pack.timeline if e.time is not None and failed.time is not None
                  and e.time <= failed.time]
        # the first thing tried ("scaled to 12"), else the decision to try it ("do it"), else the failure itself
        attempt = next((e for e in before if e.kind == "mitigation"), None) or next(
            (e for e in before if e.kind == "decision"), failed)
        found.append(Gap("probe_failed", 2, f"The log says “{_quote(context, attempt)}” at {_clock(attempt.time)}, and it did "
                         "not help. What made that the obvious first move at the time: what did the responders see and "
                         "know then?"))
    elif not context.pasted and context.pack.metrics.mitigated is not None:
        found.append(Gap("probe_failed", 2, "Was anything tried first that did not help? What made it the obvious move at "
                         "the time?"))
    ack = _first(context, "acknowledgement") or _first(context, "page")
    escalation = _first(context, "escalation", "declaration")
    if ack is not None and escalation is not None and ack.time is not None and escalation.time is not None:
        minutes = (escalation.time - ack.time).total_seconds() / 60
        if minutes >= SLOW_ESCALATION_MINUTES:
            said = "acknowledged" if ack.kind == "acknowledgement" else "paged"
            found.append(Gap("probe_escalation", 2, f"It was {said} at {_clock(ack.time)} and escalated or declared at "
                             f"{_clock(escalation.time)}, {minutes:.0f} minutes later. What made bringing in more people feel "
                             "unnecessary until then?"))
    worked = context.pack.metrics.mitigated  # the mitigation the metrics count, not the first attempt
    mitigation = next((e for e in context.pack.timeline if e.kind == "mitigation" and worked is not None
                       and e.time == worked), None) or _first(context, "mitigation")
    if mitigation is not None:
        found.append(Gap("probe_fix", 2, f"How did the responders work out that “{_quote(context, mitigation)}” would fix "
                         "it: what pointed them there?"))
    silence = _silence(context) if context.pasted else None  # without a log, quiet is only what nobody typed
    if silence is not None:
        start, end = silence
        found.append(Gap("probe_silence", 2, f"The record is silent between {_clock(start)} and {_clock(end)} "
                         f"({(end - start).total_seconds() / 60:.0f} minutes) while users were affected. What was "
                         "happening then?"))
    chosen = [gap for gap in found if gap.kind not in done][: max(0, MAX_PROBES - len(done))]
    if len(chosen) == 2:  # one question in two parts: the story of the response is told in one breath
        yield Gap(chosen[0].kind, 2, f"{chosen[0].text} And {chosen[1].text[:1].lower()}{chosen[1].text[1:]}",
                  target=chosen[1].kind)
    else:
        yield from chosen


def _silence(context: Context) -> tuple[datetime, datetime] | None:
    metrics = context.pack.metrics
    if metrics.detected is None or metrics.recovered is None:
        return None
    times = sorted({e.time for e in context.pack.timeline if e.time is not None
                    and metrics.detected <= e.time <= metrics.recovered})
    pairs = [(a, b) for a, b in pairwise(times) if (b - a).total_seconds() / 60 >= SILENT_MINUTES]
    return max(pairs, key=lambda p: p[1] - p[0]) if pairs else None


def _step_three(context: Context) -> Iterator[Gap]:
    intake = context.intake
    if len(intake.factors) < 2:
        cause = next((c for c in context.facts.causes), None) if context.facts.causes else None
        hint = f" The log suggests one: “{cause.text}”." if cause is not None else ""
        yield Gap("factors", 3, "Which conditions made this outcome likely? Think of defaults, missing checks, hand-offs, "
                  f"load and timing, not who did what.{hint}", example="“The client caches the primary address and never "
                  "asks Sentinel; failover drills only run in staging.”")
    top = next((f for f in intake.factors if is_unknown(f.why_it_made_sense)), None)
    if top is not None and intake.factors.index(top) == 0:
        yield Gap("why_made_sense", 3, f"Why did it make sense at the time that {top.factor[:1].lower()}"
                  f"{top.factor[1:].rstrip('.')}? What did people know, and what pressures or trade-offs were there?",
                  target=top.factor)
    if intake.factors and len(intake.whys) < 3:
        top_factor = intake.factors[0].factor.rstrip(".")
        yield Gap("whys", 3, f"Take “{top_factor}” and ask why three times: why was it like that, and why was that?",
                  example="“Why did writes fail? The client wrote to a replica. Why? It cached the old primary. Why? It "
                  "was built before Sentinel and never revisited.”")


def _step_four(context: Context) -> Iterator[Gap]:
    helped = not context.pack.went_well
    if not context.intake.learnings:
        lead = "What helped (an alert, a runbook, a quick hand-off)? And what " if helped else "What "
        yield Gap("learnings", 4, f"{lead}did we learn that we did not know before, and what do we decide because of it?",
                  target="went_well" if helped else None,
                  example="“We learned that a failover is only safe if every client follows it, so drills will test "
                  "the clients too.”")
    elif helped:
        yield Gap("went_well", 4, "What helped: which alert, runbook, tool or hand-off shortened this, and by how much?")


def _step_five(context: Context) -> Iterator[Gap]:
    actions = context.facts.action_items
    if not context.intake.actions:
        known = f" The log already names: {'; '.join(a.action for a in actions)}." if actions else ""
        yield Gap("actions", 5, "Which three to five changes would make a repeat less likely, quicker to spot or shorter? "
                  f"For each: who does it, by when, and how we will know it worked.{known} Anything worth doing later "
                  "but not now?",
                  example="“Tomás makes the client ask Sentinel for the primary by the 27th; we'll know it works when the "
                  "failover drill shows no failed writes.”")
        return
    rows = [(a.action, [f for f in ACTION_FIELDS if getattr(a, f) is None]) for a in actions]
    rows = [(action, fields) for action, fields in rows if fields]
    if rows:
        listed = " ".join(f"({i}) {action}: {', '.join(ACTION_FIELDS[f] for f in fields)}?"
                          for i, (action, fields) in enumerate(rows, start=1))
        yield Gap("action_details", 5, f"To finish the tracker, for each action: {listed}",
                  target="\n".join(f"{'+'.join(fields)}|{action}" for action, fields in rows),
                  example="“Tomás owns the client change, due the 27th, check on 4 December; the alert one is done when "
                  "it fires in the next drill.”")


# Fields an action needs (the actions_complete gate), as a question names them.
ACTION_FIELDS = {"owner": "who owns it", "due": "by when", "success_signal": "how we will know it worked",
                 "follow_up": "when we check on it"}


def _step_six(context: Context) -> Iterator[Gap]:
    triggers = context.intake.triggers
    if not triggers:
        yield Gap("triggers", 6, "Which observable signals should make us act without calling another meeting? For each: "
                  "the signal, over what window, the threshold, what we do then, and who owns that call.",
                  example="“If order write errors stay above 2% for 3 minutes, the on-call repoints the client; Tomás "
                  "owns it.”")
        return
    lacking = [t.signal for t in triggers if not t.owner]  # a window or threshold left out stays visible in the table
    if lacking:
        listed = " ".join(f"({i}) {s}" for i, s in enumerate(lacking, start=1))
        yield Gap("trigger_owner", 6, f"Who owns the call for each of these? {listed}", target="\n".join(lacking))


def _step_seven(context: Context) -> Iterator[Gap]:
    plan = context.pack.dissemination
    missing = [label for label, value in (
        ("where the one-page shareout is published", plan.publish_where),
        ("how often the recurring Impact & Learnings review meets", plan.review_cadence),
        ("who owns that review", plan.review_owner), ("who attends it", plan.review_audience),
    ) if is_unknown(value)]
    if missing:
        text = ", ".join(missing[:-1]) + (" and " if len(missing) > 1 else "") + missing[-1]
        yield Gap("dissemination", 7, f"To share what we learned: {text}?",
                  example="“The engineering wiki incident library; a monthly review owned by Ines with the platform and "
                  "checkout leads.”")
    intake = context.intake
    if not (intake.risks and intake.open_questions and intake.next_steps):
        yield Gap("closing", 7, "Before we close: which risk remains until the actions land, which question can nobody "
                  "answer yet, and what happens next (with a date)?")
