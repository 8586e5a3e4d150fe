"""The intake question bank: what to ask at each of the seven steps, and when a question is still needed.

Questions are ours, written from the seed's intake checklist (classification, incident or project details,
evidence, desired outputs). Each says which gates or rubric criteria its answer helps, so a follow-up round can
aim at what still fails.
"""

from collections.abc import Callable
from dataclasses import dataclass

from agent.facilitation.intake import Intake
from agent.models import ActionItem, Facts, Pack, is_unknown

STEPS = {
    1: "classify the review and agree the ground rules",
    2: "facts and timeline",
    3: "contributing factors, through a systems lens",
    4: "learnings and decisions",
    5: "action tracker",
    6: "kill criteria and triggers",
    7: "dissemination and the quality gate",
}
CORE_ROLES = ("facilitator", "scribe", "decision owner")
EVERY_TYPE = ("incident", "project", "okr")
PLANS = ("project", "okr")


@dataclass(frozen=True)
class Context:
    intake: Intake
    pack: Pack
    facts: Facts
    failing: frozenset[str]  # failing gate ids and rubric criteria below their top level


@dataclass(frozen=True)
class BankQuestion:
    kind: str
    step: int
    text: str
    needed: Callable[[Context], bool]
    gates: tuple[str, ...] = ()
    types: tuple[str, ...] = EVERY_TYPE
    target: str | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.target}" if self.target else self.kind


def _always(_: Context) -> bool:
    return True


def _timed(context: Context) -> int:
    return sum(1 for e in context.pack.timeline if e.time is not None)


BANK: tuple[BankQuestion, ...] = (
    BankQuestion("active", 1, "Is it over, with the service stable right now? If anything is still degraded, say what.",
                 lambda c: c.intake.active is not False),
    BankQuestion("headline", 1, "In one sentence: what happened, and to which service or product?",
                 lambda c: c.intake.headline is None, ("scope_and_safety",)),
    BankQuestion("review_type", 1, "Is this a review of an incident, of a project or initiative, or of an OKR period?",
                 lambda c: c.intake.review_type is None),
    BankQuestion("goal", 1, "What should this review achieve above all (learning, prevention, faster recovery, quality, "
                 "alignment or culture)? One sentence.", lambda c: c.intake.goal is None, ("scope_and_safety",)),
    BankQuestion("roles", 1, "Who facilitates the review, who keeps the notes as scribe, and who owns the decisions on "
                 "follow-ups? One per line, e.g. `facilitator: Ana Diaz`.",
                 lambda c: not set(CORE_ROLES) <= {r.role for r in c.pack.header.roles}, ("scope_and_safety",)),
    BankQuestion("audience", 1, "Who will read the write-up: the team, leadership, or the whole company?",
                 lambda c: is_unknown(c.pack.header.audience), ("scope_and_safety",)),
    BankQuestion("constraints", 1, "Is there anything the document must leave out: private data, legal or HR matters, "
                 "people not to name (`names to leave out: …`)? Say 'none' if not.", _always),
    BankQuestion("date_zone", 2, "On which date did it start, and which time zone are your times in? "
                 "e.g. `2026-03-10 Europe/Berlin` or `2026-03-10 UTC`.",
                 lambda c: c.pack.header.date is None or not (c.intake.timezone or c.facts.timezone),
                 ("evidence_and_timeline",)),
    BankQuestion("timeline", 2, "Walk me through the key moments, one per line, each starting with its time: when impact "
                 "began, how it was detected, who acknowledged, what was tried, when service came back, when it was "
                 "declared resolved. A label helps: `14:05 impact start: checkout errors climb`. "
                 "(Or type /paste and paste the incident channel.)",
                 lambda c: _timed(c) < 5 or c.pack.metrics.impact_start is None or c.pack.metrics.recovered is None,
                 ("timeline_timestamps", "evidence_and_timeline"), ("incident",)),
    BankQuestion("timeline", 2, "List the milestones, one per line with date and time: what was planned and what "
                 "actually happened, e.g. `2026-02-01 09:00 decision: cut the beta scope`.",
                 lambda c: _timed(c) < 5, ("timeline_timestamps", "evidence_and_timeline"), PLANS),
    BankQuestion("impact", 2, "How large was the impact, in numbers: how many users, requests or orders, for how long, "
                 "and any money or SLO budget lost?",
                 lambda c: len(c.pack.impact.figures) < 2, ("impact_quantified", "required_sections",
                                                             "evidence_and_timeline"), ("incident",)),
    BankQuestion("impact", 2, "What were the goal and its success metric, and where did the result land, in numbers?",
                 lambda c: len(c.pack.impact.figures) < 2, ("impact_quantified", "required_sections"), PLANS),
    BankQuestion("severity", 2, "What severity was it (SEV0–SEV4, P1–P4, or critical / high / medium / low)?",
                 lambda c: c.pack.header.severity is None, (), ("incident",)),
    BankQuestion("evidence", 2, "Where is the evidence: dashboards, tickets, the incident channel, customer reports? "
                 "Links are welcome; /paste works here too.", lambda c: c.pack.impact.how_we_know is None,
                 ("evidence_and_timeline",)),
    BankQuestion("factors", 3, "Which conditions made this outcome likely? One per line: "
                 "`cluster: condition — made sense because … — fix: …`, with clusters People, Process, Product, Tech, "
                 "Comms or Environment. Think of defaults, missing checks, hand-offs, load and timing.",
                 lambda c: len(c.intake.factors) < 3, ("systems_thinking",)),
    BankQuestion("whys", 3, "Take the most important condition and ask “why?” at least three times: one answer per "
                 "line, each explaining the line before it.", lambda c: len(c.intake.whys) < 3, ("systems_thinking",)),
    BankQuestion("hypotheses", 3, "What are the one to three most likely root causes, and how sure is the group of "
                 "each: low, med or high?", lambda c: not c.intake.hypotheses, ("systems_thinking",)),
    BankQuestion("learnings", 4, "What did we learn? One per line: `we learned that … — decision: …`, where the "
                 "decision is a fix now, a guardrail, instrumentation, a runbook or training, a process change or "
                 "a scope change.", lambda c: not c.intake.learnings, ("decisions_and_actions",)),
    BankQuestion("went_well", 4, "What helped: an alert, a runbook, a tool, a quick hand-off? One per line.",
                 lambda c: not c.pack.went_well, ("went_well_present",)),
    BankQuestion("went_poorly", 4, "What slowed the response down or made things worse? One per line.",
                 lambda c: not c.intake.went_poorly),
    BankQuestion("lucky", 4, "Where did we get lucky: what could easily have made this worse?",
                 lambda c: not c.intake.lucky),
    BankQuestion("actions", 5, "Which three to five changes make a repeat less likely, quicker to spot or shorter? One "
                 "per line: `action — owner — due date — success signal — follow-up date`, aimed at the conditions "
                 "above; add `type: prevent|detect|mitigate|respond|process` and `P1`–`P3` where you know them.", lambda c: len(c.pack.action_items) < 3,
                 ("actions_complete", "no_orphan_actions", "required_sections", "decisions_and_actions")),
    BankQuestion("parked", 5, "Which ideas are worth doing later, but not now? One per line: they are parked, not "
                 "dropped.", lambda c: not c.intake.parked, ("decisions_and_actions",)),
    BankQuestion("triggers", 6, "Which observable signals should make us act without calling another meeting? One per "
                 "line: `signal — window — threshold — committed action — owner`, e.g. `checkout 5xx rate — 10 min — "
                 "above 2% — roll back the last deploy — release captain`.", lambda c: len(c.intake.triggers) < 3,
                 ("triggers_committed", "triggers")),
    BankQuestion("publish", 7, "Where will the one-page shareout be published?",
                 lambda c: is_unknown(c.pack.dissemination.publish_where), ("dissemination",)),
    BankQuestion("cadence", 7, "How often will the recurring Impact & Learnings review meet, and for how long?",
                 lambda c: is_unknown(c.pack.dissemination.review_cadence), ("dissemination",)),
    BankQuestion("review_owner", 7, "Who owns that recurring review?",
                 lambda c: is_unknown(c.pack.dissemination.review_owner), ("dissemination",)),
    BankQuestion("review_audience", 7, "Who attends that review?",
                 lambda c: is_unknown(c.pack.dissemination.review_audience), ("dissemination",)),
    BankQuestion("risks", 7, "Which risks remain until the actions land?", lambda c: not c.intake.risks),
    BankQuestion("open_questions", 7, "Which questions is the group still unable to answer? One per line.",
                 lambda c: not c.intake.open_questions, ("risks_questions_next_steps",)),
    BankQuestion("next_steps", 7, "What are the next steps, and when is the first follow-up?",
                 lambda c: not c.intake.next_steps),
)


def action_follow_ups(context: Context) -> list[BankQuestion]:
    """One question per action that still lacks an owner, a due date, a success signal or a follow-up date."""
    return [
        BankQuestion("action_fields", 5, f"For “{item.action}”: who owns it, by when, what observable result shows it "
                     "worked, and when do we check? (`owner — due date — success signal — follow-up date`)",
                     lambda c, text=item.action: _incomplete(c, text),
                     ("actions_complete", "no_orphan_actions", "decisions_and_actions"), target=item.action)
        for item in context.facts.action_items if _missing(item)
    ]


def _missing(item: ActionItem) -> bool:
    return any(value is None for value in (item.owner, item.due, item.success_signal, item.follow_up))


def _incomplete(context: Context, action: str) -> bool:
    return any(_missing(item) for item in context.facts.action_items if item.action == action)
