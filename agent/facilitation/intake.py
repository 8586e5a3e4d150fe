"""What the answers say, read by code: every answer of the session folded, in order, into one Intake.

The intake is always rebuilt from the record, so a resumed session, a re-asked question and a crash between
answers all give the same document. Lines that read as instructions to an AI are data: they are left out.
"""

import re
from datetime import date

from pydantic import BaseModel, Field

from agent.facilitation import analysis, classify, people, plans, prose
from agent.facilitation.blame import Roster, blame_in, build_roster
from agent.facilitation.cues import non_answer
from agent.facilitation.fields import Line, joined, sentence, split_fields
from agent.facilitation.framing import blame_framing
from agent.facilitation.moments import Moment, clock_offset, said_moments
from agent.facilitation.record import PASTE, answer_lines
from agent.facilitation.state import Answer, AskedQuestion, FacilitationState
from agent.models import (
    ActionItem,
    ContributingFactor,
    Learning,
    Message,
    Observation,
    RoleAssignment,
    RootCauseHypothesis,
    Severity,
    Trigger,
    is_unknown,
)
from agent.models.pack import ReviewType
from agent.privacy.injection import is_instruction_to_ai

_NOTHING = re.compile(r"\W*(?:none|no|nothing|n/a|nope|no constraints?)\W*", re.IGNORECASE)
# Gaps a plain yes or no answers: whether it is over, and a reading of the log offered for confirmation.
SHORT_OK = frozenset({"active", "confirm", "constraints", "severity"})
# Gaps whose answers become causes: a person as the subject of one is turned back ("human error" is never a cause).
CAUSE_KINDS = frozenset({"factors", "whys", "why_made_sense", "hypotheses"})
# Gaps where naming people is the point (roles, owners) or praise (what went well): no blame screening.
NAMES_OK = frozenset({"roles", "went_well", "action_details", "review_owner", "trigger_owner"})
_LEAVE_OUT = re.compile(r"\b(?:leave\s+out|keep\s+out|omit|private|privacy|confidential|legal|hr\b|names?\b|customer\s+data|"
                        r"nothing\s+special|no\s+constraints?|personal\s+data|don'?t\s+(?:name|mention))", re.I)
_AUDIENCE = re.compile(r"\b(?:teams?|leadership|leads|company|everyone|org(?:anisation|anization)?|engineering|managers|"
                       r"stakeholders|execs?|executives|support|readers?|audience|whole\s+\w+)\b", re.I)
_GOAL = re.compile(r"\b(?:prevent\w*|learn\w*|understand\w*|recover\w*|quality|alignment|culture|goal|achieve|make\s+sure|"
                   r"so\s+that|non-event|faster|find\s+out)\b", re.I)
_QUESTIONISH = re.compile(r"\?\s*$|^\s*(?:do|does|did|is|are|was|were|can|could|should|will|would|why|how|what|which|who|when)\b", re.I)
_RISKISH = re.compile(r"\b(?:risk\w*|until|could|might|may|would|still|again|exposed|vulnerable)\b", re.I)


class Intake(BaseModel):
    active: bool | None = None
    headline: str | None = None
    review_type: ReviewType | None = None
    goal: str | None = None
    roles: list[RoleAssignment] = Field(default_factory=list)
    audience: str | None = None
    constraints: str | None = None
    avoid_names: list[str] = Field(default_factory=list)
    incident_date: date | None = None
    timezone: str | None = None
    timeline_lines: list[Line] = Field(default_factory=list)
    impact_messages: list[Message] = Field(default_factory=list)
    how_we_know: str | None = None
    severity: Severity | None = None
    factors: list[ContributingFactor] = Field(default_factory=list)
    whys: list[str] = Field(default_factory=list)
    hypotheses: list[RootCauseHypothesis] = Field(default_factory=list)
    learnings: list[Learning] = Field(default_factory=list)
    went_well: list[Observation] = Field(default_factory=list)
    went_poorly: list[Observation] = Field(default_factory=list)
    lucky: list[Observation] = Field(default_factory=list)
    actions: list[ActionItem] = Field(default_factory=list)
    action_updates: dict[str, dict] = Field(default_factory=dict, description="action text -> fields given later")
    parked: list[str] = Field(default_factory=list)
    triggers: list[Trigger] = Field(default_factory=list)
    publish_where: str | None = None
    review_cadence: str | None = None
    review_owner: str | None = None
    review_audience: str | None = None
    risks: list[str] = Field(default_factory=list)
    open_questions: list[str] = Field(default_factory=list)
    next_steps: list[str] = Field(default_factory=list)
    moments: list[Moment] = Field(default_factory=list, description="moments said in answers, placed when built")
    probes: list[tuple[str, str, int]] = Field(default_factory=list, description="(probe gap, answer, line)")
    trigger_updates: dict[str, dict] = Field(default_factory=dict, description="trigger signal -> fields given later")
    rejected: dict[str, str] = Field(default_factory=dict,
                                     description="gap key -> why its last answer was not taken (cleared by a usable one)")
    shown: dict[str, list[str]] = Field(default_factory=dict, description="gap key -> rows read from its last answer")


def read_intake(state: FacilitationState) -> Intake:
    intake = Intake()
    roster = session_roster(state)
    for question, answer in state.asked():
        if answer is not None and not answer.skipped:
            lines = screened(answer_lines(state, answer.lines))
            apply_answer(intake, question, answer, lines, roster)
            # "Names to leave out: …" binds wherever it is said, not only under the constraints question.
            intake.avoid_names = list(dict.fromkeys(intake.avoid_names + people.names_to_avoid(lines)))
    return intake


def session_roster(state: FacilitationState) -> Roster:
    """Who is a person and what is a component, from everything pasted and the names given for roles and owners."""
    from agent.facts.services import mentioned_services

    names: list[str | None] = []
    for question, answer in state.asked():
        if answer is not None and question.kind in ("roles", "scope", "actions", "action_details", "triggers"):
            lines = answer_lines(state, answer.lines)
            names += [r.name for r in people.parse_roles(lines)]
            names += prose.names_in_order(joined(lines)) if question.kind == "action_details" else []
            names += [r.owner for r in prose.action_rows(joined(lines), answer.answered_on)]
    pasted = [m for m in state.record if (m.source or "").startswith(PASTE)]
    services = mentioned_services(pasted)
    known = build_roster(state.record, names, services)
    return build_roster(state.record, [*names, *said_people(state, known)], services)


def said_people(state: FacilitationState, roster: Roster | None = None) -> list[str]:
    """Names the answers use for people, found as the document linter finds them (by how a name is used), less
    what the record shows to be a component ("Sentinel" in "sentinel promoted cache-2")."""
    from agent.grading.blame import lint_text

    components = (roster or session_roster(state)).components
    found: list[str] = []
    for message in state.record:
        if (message.source or "").startswith("answer:"):
            found += [f.matched for f in lint_text(message.text) if f.rule == "named-person"
                      and f.matched.lower() not in components]
    return list(dict.fromkeys(found))


def screened(lines: list[Line]) -> list[Line]:
    return [(number, text) for number, text in lines if not is_instruction_to_ai(text)]


def apply_answer(intake: Intake, question: AskedQuestion, answer: Answer, lines: list[Line],
                 roster: Roster | None = None) -> list[str]:
    """Fold one answer into the intake; returns notes for the user (what was turned back, and why). Sentences that
    say nothing usable ('not sure', 'someone should…') or judge a person are held back and the gap stays open."""
    notes: list[str] = []
    kept, rejected = judged(lines, question.kind, roster or Roster(frozenset(), frozenset()))
    key = question.key
    if rejected and not kept:
        intake.rejected[key] = rejected[0]
    else:
        intake.rejected.pop(key, None)
    notes += rejected
    reader = _READERS.get(question.kind)
    if reader is not None and kept:
        reader(intake, kept, notes, answer.answered_on, question)
    if kept and intake.timezone is None:  # any answer may restate a zoned time on the people's clock
        intake.timezone = clock_offset(kept)
    return notes


def judged(lines: list[Line], kind: str, roster: Roster) -> tuple[list[Line], list[str]]:
    """The sentences of an answer that can be used, and a one-line reason for each one held back."""
    kept: list[Line] = []
    reasons: list[str] = []
    for number, text in lines:
        parts = []
        for piece in re.split(r"(?<=[.!?])\s+(?=\w)", text):  # people who type in lower case end sentences too
            if kind == "actions" and plans.vague_rewrite(piece.rstrip(".")) is not None:
                parts.append(piece)  # the actions reader turns it back with the gate's concrete rewrite
                continue
            empty = non_answer(piece, short_ok=kind in SHORT_OK)
            if empty is not None:
                reasons.append(f"“{empty.text}” was not taken: {empty.reason}.")
                continue
            blame = None if kind in NAMES_OK else blame_in(piece, roster, as_cause=kind in CAUSE_KINDS)
            if blame is not None:
                reasons.append(blame.reframe())
                continue
            parts.append(piece)
        if parts:
            kept.append((number, " ".join(parts)))
    return kept, reasons


def _text(lines: list[Line]) -> str | None:
    return joined(lines) or None


def _set(field: str, read):
    """A single value: a later answer replaces an earlier one; an answer the reader cannot use changes nothing."""
    def reader(intake, lines, notes, said_on, question):
        setattr(intake, field, read(lines) or getattr(intake, field))
    return reader


def _extend(field: str, parse):
    """A list: every answer adds its items. `parse(lines, notes)` reports what it turned back in `notes`."""
    def reader(intake, lines, notes, said_on, question):
        setattr(intake, field, getattr(intake, field) + parse(lines, notes))
    return reader


def _goal(intake, lines, notes, said_on, question):
    intake.goal = _text([(n, t) for n, t in lines if not blame_framing(t)]) or intake.goal


def _roles(intake, lines, notes, said_on, question):
    merged = {r.role: r for r in intake.roles} | {r.role: r for r in people.parse_roles(lines)}
    intake.roles = list(merged.values())


def _constraints(intake, lines, notes, said_on, question):
    rest = people.without_avoid_clause(joined(lines))
    if rest and not _NOTHING.fullmatch(rest):
        intake.constraints = rest


def _date_zone(intake, lines, notes, said_on, question):
    intake.incident_date = classify.incident_date(lines, said_on) or intake.incident_date
    intake.timezone = clock_offset(lines) or classify.time_zone(_without_zoned_clocks(lines)) or intake.timezone
    intake.severity = classify.severity(lines) or intake.severity  # asked along when it was missing


def _without_zoned_clocks(lines: list[Line]) -> list[Line]:
    """An answer less its times written with a zone ("the alert says 09:07 UTC"): that zone is the alert's, not
    necessarily the clock the people and the chat use."""
    from agent.reading.stated import clock_mentions

    kept = []
    for number, text in lines:
        for mention in reversed(clock_mentions(text)):
            if mention.zone is not None:
                text = text[:mention.start] + text[mention.end:]
        kept.append((number, text))
    return kept


def _timeline(intake, lines, notes, said_on, question):
    intake.timeline_lines += lines  # read with the date and zone known at the end: they may come later


def _impact(intake, lines, notes, said_on, question):
    from agent.facts import extract_impact

    said = [Message(line=n, end_line=n, text=t) for n, t in lines]
    intake.impact_messages += said
    intake.severity = classify.severity(lines) or intake.severity  # asked together when both were missing
    if not extract_impact(said).figures:
        intake.rejected[question.key] = "that gives no numbers yet, and the impact section needs them."


def _whys(intake, lines, notes, said_on, question):
    chain = [(number, piece) for number, text in lines for piece in prose.why_chain(text)]
    intake.whys = analysis.whys(chain, notes) or intake.whys  # one chain: a new answer retells it


def _learnings(intake, lines, notes, said_on, question):
    """Learnings, and what helped when the question asked for both: beside a sentence that says what was learned,
    any other sentence is something that went well."""
    split, helped = [], []
    pieces = [(number, piece) for number, text in lines for piece in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)]
    some_learned = any(prose.is_learning(piece) for _, piece in pieces)
    for number, piece in pieces:
        if some_learned and not prose.is_learning(piece):
            helped.append((number, piece))  # said beside a learning, it is what helped, not a learning
            continue
        learning, decision = prose.learning_and_decision(piece)
        split.append((number, f"{learning} — decision: {decision}" if decision else learning))
    intake.learnings += analysis.learnings(split, notes)
    intake.went_well += analysis.observations(helped, notes, lint=False)


def _action_fields(intake, lines, notes, said_on, question):
    fields = plans.action_fields([part for _, text in lines for part in split_fields(text)], said_on)
    fields.pop("type", None)
    if question.target:
        intake.action_updates[question.target] = {**intake.action_updates.get(question.target, {}), **fields}


def _well(lines: list[Line], notes: list[str]) -> list[Observation]:
    return analysis.observations(lines, notes, lint=False)  # praise for what worked is not blame


# The part of an opening answer that says whether it is over ("Yes, stable since 20:16.", "No, it's resolved.").
_OVER = re.compile(r"^\W*(?:y(?:es|eah|ep|up)|no(?:pe)?|it'?s\s+(?:over|stable|fine|resolved)|over|all\s+good|"
                   r"stable(?:\s+now)?|resolved|done)\b[^.!]*(?:[.!]\s*|$)", re.I)


def _opening(intake, lines, notes, said_on, question):
    """'Is it over, and what happened?': whether it is active, the headline, and any moments said on the way."""
    if question.kind == "opening" or question.kind == "active":
        intake.active = classify.still_active(lines)
    text = joined(lines)
    headline = _OVER.sub("", text, count=1).strip() if question.kind == "opening" else text
    if headline and len(headline.split()) >= 4:
        intake.headline = headline
    intake.incident_date = intake.incident_date or classify.recent_day(lines, said_on)
    intake.severity = intake.severity or classify.severity(lines)
    said_type = classify.review_type(lines)
    if said_type == "incident" or (said_type is not None and not classify.describes_failure(lines)):
        intake.review_type = intake.review_type or said_type  # "a release" in an outage story is not a project review
    intake.moments += said_moments(lines, None)


def _scope(intake, lines, notes, said_on, question):
    """Goal, audience and roles said in one breath: each sentence goes where it reads best."""
    roles = people.parse_roles(lines)
    if roles:
        _roles(intake, lines, notes, said_on, question)
    goal: list[str] = []
    for _, text in lines:
        for piece in prose.pieces(text):
            if people.parse_roles([(0, piece)]):
                continue
            if _LEAVE_OUT.search(piece) and not _GOAL.search(piece):
                rest = people.without_avoid_clause(piece)
                if rest and not _NOTHING.fullmatch(rest) and not re.search(r"nothing\s+special|no\s+constraints?", rest, re.I):
                    intake.constraints = rest
            elif _AUDIENCE.search(piece) and not _GOAL.search(piece) and intake.audience is None:
                intake.audience = sentence(piece)
            else:
                goal.append(piece)
    aims = [g for g in goal if _GOAL.search(g)] or goal[:1]  # the rest of a long answer is story, not the goal
    if aims and not any(blame_framing(g) for g in aims):
        intake.goal = sentence(" ".join(aims))
    # Asked again only for what the review's scope rests on; roles not caught stay open in the roles table.
    missing = [label for label, absent in (("the goal", intake.goal is None), ("who reads it", intake.audience is None))
               if absent]
    if missing:
        intake.rejected[question.key] = f"part of it is still open: {', '.join(missing)}."


def _closing(intake, lines, notes, said_on, question):
    """Risks, open questions and next steps said together."""
    for _, text in lines:
        for piece in prose.pieces(text):
            if _QUESTIONISH.search(piece):
                intake.open_questions.append(sentence(piece))
            elif prose.due_date(piece, said_on)[0] is not None or re.search(r"\bnext\b|\bstarts?\b|\bfirst\b", piece, re.I):
                intake.next_steps.append(sentence(piece))
            elif _RISKISH.search(piece) or not intake.risks:
                intake.risks.append(sentence(piece))
            else:
                intake.next_steps.append(sentence(piece))


def _moment(intake, lines, notes, said_on, question):
    said = said_moments(lines, question.target)
    intake.moments += said
    if not said:
        intake.rejected[question.key] = "that gives no clock time, and the timeline needs one (e.g. 02:30)."


def _confirm(intake, lines, notes, said_on, question):
    """A reading of the log offered for confirmation: 'kind|HH:MM|line|quote'. Yes keeps it; another time wins."""
    from agent.facilitation.cues import agrees

    kind, clock, line, quote = (question.target or "").split("|", 3)
    said = said_moments(lines, kind)
    if said:
        intake.moments += said
    elif agrees(joined(lines)):
        hour, minute = (int(x) for x in clock.split(":"))
        intake.moments.append(Moment(kind=kind, line=int(line), text=quote, hour=hour, minute=minute))


def _probe(intake, lines, notes, said_on, question):
    """A probe's answer; one asked in two parts (target: the second probe) is split by sentence: what went wrong
    stays with a probe about trouble, the rest with the one about how the fix was found."""
    from agent.facilitation.cues import tells_failure

    if question.target is None:
        intake.probes.append((question.kind, sentence(joined(lines)), lines[0][0]))
        return
    fix_kind = "probe_fix" if "probe_fix" in (question.kind, question.target) else question.target
    trouble_kind = question.target if fix_kind == question.kind else question.kind
    pieces = [piece for _, text in lines for piece in prose.pieces(text)]
    trouble = [piece for piece in pieces if tells_failure(piece)] if fix_kind == "probe_fix" else pieces
    rest = [piece for piece in pieces if piece not in trouble]
    intake.probes.append((trouble_kind, sentence(" ".join(trouble)), lines[0][0]))
    intake.probes.append((fix_kind, sentence(" ".join(rest)), lines[0][0]))


MIN_FACTOR_WORDS = 3  # a condition has a subject and what was true of it


def _factors(intake, lines, notes, said_on, question):
    """Conditions, one per sentence; a sentence that only explains why one made sense ('Caching made sense because
    …') is that explanation for the first condition still without one, not a condition of its own."""
    found: list[ContributingFactor] = []
    for number, text in lines:
        for condition, why, explanation in prose.factor_pieces(text):
            waiting = next((f for f in found if is_unknown(f.why_it_made_sense)), None)
            if why and waiting is not None and explanation:
                found[found.index(waiting)] = waiting.model_copy(update={
                    "why_it_made_sense": sentence(prose.made_sense(f"{condition} because {why}"))})
                continue
            factor = analysis.parse_factor(condition, number)
            if why:
                factor = factor.model_copy(update={"why_it_made_sense": sentence(prose.made_sense(why))})
            found.append(factor)
    found = [f for f in found if len(f.factor.split()) >= MIN_FACTOR_WORDS]  # "timezones" names a topic
    intake.factors += found
    if found:
        intake.shown[question.key] = [f"{f.cluster}: {f.factor}" for f in found]
    elif not intake.factors:
        intake.rejected[question.key] = "that names a topic, not a condition: say what was true that made it likely."


def _why(intake, lines, notes, said_on, question):
    text = prose.made_sense(joined(lines))
    for index, factor in enumerate(intake.factors):
        if factor.factor == question.target:
            intake.factors[index] = factor.model_copy(update={"why_it_made_sense": sentence(text)})
            return
    if intake.factors:
        intake.factors[0] = intake.factors[0].model_copy(update={"why_it_made_sense": sentence(text)})


def _prose_actions(intake, lines, notes, said_on, question):
    rows = []
    for number, text in lines:
        later = [p for p in prose.pieces(text) if prose.is_for_later(p)]
        intake.parked += [sentence(p) for p in later]
        for piece in later:
            text = text.replace(piece, "")
        for row in prose.action_rows(text, said_on):
            rewrite = plans.vague_rewrite(row.action)
            if rewrite is not None:
                notes.append(f"“{row.action}” is too vague to act on. {rewrite}")
                continue
            fields = {k: v for k, v in (("owner", row.owner), ("due", row.due), ("success_signal", row.success_signal),
                                        ("follow_up", row.follow_up)) if v}
            rows.append(row)
            intake.actions.append(ActionItem(action=row.action, source_lines=[number], **plans.with_type(fields, row.action)))
    if rows:
        intake.shown[question.key] = [prose.action_line(r) for r in rows]
    elif not intake.actions:  # only vague wishes: asked again, saying why, never tracked
        intake.rejected[question.key] = notes[-1] if notes else "that names no change the tracker can hold."


def _action_details(intake, lines, notes, said_on, question):
    """The fields the question listed per action ('owner+follow_up|Add a warm-up mode'), from one answer."""
    wanted = [(fields.split("+"), action) for fields, _, action in
              (row.partition("|") for row in (question.target or "").split("\n") if row)]
    text = "\n".join(t for _, t in lines)
    both = any("due" in fields and "follow_up" in fields for fields, _ in wanted)
    for field in ACTION_FIELD_NAMES:
        targets = [action for fields, action in wanted if field in fields]
        if targets:
            values = _field_values(field, text, targets, said_on, intake, both_dates=both)
            for target, value in zip(targets, values, strict=False):
                if value:
                    intake.action_updates[target] = {**intake.action_updates.get(target, {}), field: value}


ACTION_FIELD_NAMES = ("owner", "due", "success_signal", "follow_up")


def _field_values(field: str, text: str, targets: list[str], said_on: date, intake: Intake, *,
                  both_dates: bool) -> list:
    owners = [_owner_of(t, intake) for t in targets]
    if field == "follow_up" and prose.after_due(text):
        rows = [ActionItem(action=t, due=_due_of(t, intake)) for t in targets]
        return prose.follow_up_dates(text, rows, said_on)
    if field in ("due", "follow_up"):
        def read(clause: str) -> date | None:
            if both_dates and prose.is_check(clause) != (field == "follow_up"):
                return None  # asked together: 'check on the 4th' is the follow-up, 'by the 27th' the due date
            return prose.due_date(clause, said_on)[0]
        return prose.assign_values(text, targets, read, owners)
    if field == "owner":
        return prose.assign_values(text, targets, prose.owner_in)
    # in a sentence led by its action ("For fail-open, a drill flips it in 5 minutes") the rest is the signal
    return prose.assign_values(text, targets, prose.signal_in, owners,
                               led_read=lambda rest: prose.signal_in(rest) or rest.strip().rstrip("."))


def _owner_of(action: str, intake: Intake) -> str | None:
    owner = intake.action_updates.get(action, {}).get("owner")
    return owner or next((a.owner for a in intake.actions if a.action == action), None)


def _due_of(action: str, intake: Intake) -> date | None:
    due = intake.action_updates.get(action, {}).get("due")
    return due or next((a.due for a in intake.actions if a.action == action), None)


def _prose_triggers(intake, lines, notes, said_on, question):
    found = []
    for _, text in lines:
        for row in prose.trigger_rows(text):
            word = plans.noncommittal_word(row.action or "")
            if word is not None:
                notes.append(f"“{row.action}” is not a committed action ('{word}'): decide now what happens when "
                             f"“{row.signal}” crosses its threshold: pause, roll back, escalate, kill or invest")
                continue
            found.append(row)
            intake.triggers.append(row)
    if found:
        intake.shown[question.key] = [prose.trigger_line(r) for r in found]
    elif not intake.triggers:  # a word ("alerts") or a promise to talk: asked again, saying why
        intake.rejected[question.key] = notes[-1] if notes else \
            "that names no signal with a threshold and what we do when it is crossed."


def _trigger_owner(intake, lines, notes, said_on, question):
    """Who owns the call for the triggers the question listed (one per line of its target)."""
    targets = [t for t in (question.target or "").split("\n") if t]
    values = prose.assign_values("\n".join(t for _, t in lines), targets, prose.owner_in)
    for target, value in zip(targets, values, strict=False):
        for index, trigger in enumerate(intake.triggers):
            if trigger.signal == target and value:
                intake.triggers[index] = trigger.model_copy(update={"owner": value})


def _dissemination(intake, lines, notes, said_on, question):
    for name, value in prose.dissemination(joined(lines)).items():
        setattr(intake, name, value)
    missing = [label for label, value in (("where the shareout is published", intake.publish_where),
                                          ("how often the review meets", intake.review_cadence),
                                          ("who owns the review", intake.review_owner),
                                          ("who attends it", intake.review_audience)) if not value]
    if missing:
        intake.rejected[question.key] = f"part of it is still open: {', '.join(missing)}."


_READERS = {
    "opening": _opening, "scope": _scope, "closing": _closing, "moment": _moment, "confirm": _confirm,
    "probe_failed": _probe, "probe_escalation": _probe, "probe_silence": _probe, "probe_fix": _probe,
    "why_made_sense": _why, "dissemination": _dissemination, "action_details": _action_details,
    "trigger_owner": _trigger_owner,
    "active": _opening, "headline": _opening, "review_type": _set("review_type", classify.review_type),
    "goal": _goal, "roles": _roles, "audience": _set("audience", _text), "constraints": _constraints,
    "date_zone": _date_zone, "clock": _date_zone, "timeline": _timeline, "impact": _impact, "evidence": _set("how_we_know", _text),
    "severity": _set("severity", classify.severity), "factors": _factors, "whys": _whys,
    "hypotheses": _extend("hypotheses", analysis.hypotheses), "learnings": _learnings,
    "went_well": _extend("went_well", _well), "went_poorly": _extend("went_poorly", analysis.observations),
    "lucky": _extend("lucky", analysis.observations), "actions": _prose_actions, "action_fields": _action_fields,
    "parked": _extend("parked", analysis.entries), "triggers": _prose_triggers,
    "publish": _set("publish_where", _text), "cadence": _set("review_cadence", _text),
    "review_owner": _set("review_owner", _text), "review_audience": _set("review_audience", _text),
    "risks": _extend("risks", analysis.entries), "open_questions": _extend("open_questions", analysis.entries),
    "next_steps": _extend("next_steps", analysis.entries),
}
