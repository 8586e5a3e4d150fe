"""The offline engine builds a complete pack from facts and labels everything it cannot know."""

import re
from datetime import UTC, date, datetime

from agent.grading import grade_text
from agent.grading.gates import load_gates
from agent.models import (
    UNKNOWN_PREFIX,
    ActionItem,
    Facts,
    Impact,
    ImpactFigure,
    Learning,
    Metrics,
    Observation,
    RoleAssignment,
    Severity,
    SimilarIncident,
    TimelineEvent,
    Trigger,
)
from agent.offline import build_pack
from agent.offline.questions import MIN_TIMED_EVENTS, MISSING_EVENTS_QUESTION, UNTIMED_EVENTS_QUESTION
from agent.render import render_markdown
from rendered_draft import listed_in_order, listed_questions, marker_for, markers

TODAY = date(2026, 11, 21)


def event(hhmm: str, kind: str, text: str, line: int, **extra) -> TimelineEvent:
    hour, minute = map(int, hhmm.split(":"))
    return TimelineEvent(time=datetime(2026, 3, 10, hour, minute), kind=kind, event=text, source_lines=[line], **extra)


def rich_facts() -> Facts:
    return Facts(
        incident_date=date(2026, 3, 10),
        services=["checkout-api", "pgbouncer"],
        severity=Severity(level="SEV2", original="SEV2", source_lines=[14]),
        timeline=[
            event("14:02", "change", "deploying checkout-api v3.8.1 with the smaller pool", 3, actor="the on-call engineer"),
            event("14:09", "detection_alert", "5xx rate above 5%", 7, actor="Datadog"),
            event("14:27", "mitigation_failed", "rollback done but error rate still at 15%", 25),
            event("14:38", "mitigation", "restarted pgbouncer, connections draining", 33),
            event("14:41", "recovery", "5xx rate back below 1%", 35, actor="Datadog"),
        ],
        metrics=Metrics(
            impact_start=datetime(2026, 3, 10, 14, 5), detected=datetime(2026, 3, 10, 14, 9),
            acknowledged=datetime(2026, 3, 10, 14, 12), mitigated=datetime(2026, 3, 10, 14, 38),
            recovered=datetime(2026, 3, 10, 14, 41), resolved=datetime(2026, 3, 10, 14, 52),
            ttd_minutes=4, tta_minutes=3, ttm_minutes=33, ttr_minutes=36, ttc_minutes=47,
        ),
        impact=Impact(figures=[ImpactFigure(value=2340, unit="requests", text="about 2,340 checkout attempts failed", source_lines=[44])]),
        action_items=[
            ActionItem(action="Add a CI check that blocks pool sizes below 30", owner="Priya Raman", due=date(2026, 3, 20),
                       source_lines=[50]),
            ActionItem(action="Alert on connection pool saturation", source_lines=[54]),
        ],
        went_well=[Observation(text="the alert fired within 4 minutes", source_lines=[46])],
        lucky=[Observation(text="traffic was a third of normal", source_lines=[48])],
        hypotheses=[Observation(text="probably the pool change", source_lines=[19])],
        roles=[RoleAssignment(role="incident commander", name="Marcus Chen")],
    )


def test_failure_reports_with_nothing_tried_between_them_are_one_failed_attempt():
    # "rollback done but still 15%", then "pgbouncer still has stuck connections": one attempt failed, told twice;
    # a second failure after a new attempt is a second attempt.
    facts = rich_facts()
    still = event("14:33", "mitigation_failed", "pgbouncer still holds connections from the old pods", 29)
    facts.timeline.insert(3, still)
    pack = build_pack(facts, today=TODAY)
    assert "1 mitigation attempt(s) did not restore service" in pack.summary
    assert any(o.text.startswith("A mitigation attempt did not restore service") for o in pack.went_poorly)
    facts.timeline.insert(3, event("14:30", "mitigation", "scaled checkout-api to 12 pods", 27))
    pack = build_pack(facts, today=TODAY)
    assert "2 mitigation attempt(s) did not restore service" in pack.summary
    assert any(o.text.startswith("2 mitigation attempts did not restore service") for o in pack.went_poorly)


def test_every_placeholder_points_at_a_question_listed_once():
    pack = build_pack(rich_facts(), today=TODAY)
    markdown = render_markdown(pack)
    body = markdown.split("\n## Open questions\n", 1)[0]
    listed = listed_questions(markdown)
    assert markers(body), "a draft from partial facts must label unknowns"
    assert set(markers(body)) <= set(listed)
    assert UNKNOWN_PREFIX not in markdown  # full labels stay in the pack; the document shows markers
    assert sorted(listed_in_order(markdown)) == sorted({q.question for q in pack.open_questions})
    assert len(listed_in_order(markdown)) == len(set(listed_in_order(markdown)))
    assert list(listed) == list(range(1, len(listed) + 1))


def test_markers_are_numbered_in_order_of_first_mention():
    markdown = render_markdown(build_pack(rich_facts(), today=TODAY))
    first_mentions = list(dict.fromkeys(markers(markdown.split("\n## Open questions\n", 1)[0])))
    assert first_mentions == list(range(1, len(first_mentions) + 1))


def test_owners_are_never_guessed_and_missing_fields_become_questions():
    pack = build_pack(rich_facts(), today=TODAY)
    unowned = next(a for a in pack.action_items if a.action.startswith("Alert"))
    assert unowned.owner is None and unowned.due is None
    questions = [q.question for q in pack.open_questions if q.section == "Action items"]
    assert any("Who owns" in q and "Alert on connection pool saturation" in q for q in questions)
    assert not any("Who owns" in q and "CI check" in q for q in questions)
    markdown = render_markdown(pack)
    assert "| Priya Raman |" in markdown


def test_summary_and_factors_cite_source_lines_and_keep_hypotheses_labelled():
    pack = build_pack(rich_facts(), today=TODAY)
    assert "36 min" in pack.summary and "SEV2" in pack.summary and "(line 3)" in pack.summary
    assert "did not restore service" in pack.summary
    assert all(f.source_lines for f in pack.contributing_factors)
    clusters = {f.cluster for f in pack.contributing_factors}
    assert {"Process", "Tech"} <= clusters
    assert [h.confidence for h in pack.root_cause.hypotheses] == ["low"]
    assert any("did not restore service" in o.text for o in pack.went_poorly)
    assert len(pack.dissemination.tldr) == 3


def test_no_facts_at_all_still_gives_a_complete_labelled_document():
    pack = build_pack(Facts(), today=TODAY)
    markdown = render_markdown(pack)
    for heading in ("## Summary", "## Impact", "## Metrics", "## Timeline", "## What went well", "## Action items",
                    "## Kill criteria / triggers", "## Dissemination plan", "## Risks", "## Open questions", "## Next steps"):
        assert heading in markdown
    assert "No timestamped events were found" in markdown
    assert f"| {marker_for(markdown, MISSING_EVENTS_QUESTION)} |" in markdown
    sections = {q.section for q in pack.open_questions}
    assert {"Metrics", "Impact", "Action items", "What went well", "Header"} <= sections


def test_every_template_branch_renders_with_a_fully_populated_pack():
    pack = build_pack(rich_facts(), today=TODAY)
    pack.learnings = [Learning(learning="pool limits need a floor.", evidence="line 19", decision="add a CI guard",
                               decision_type="guardrail")]
    pack.triggers = [Trigger(signal="pool saturation", window="5 min", threshold="> 90%", action="escalate to DB on-call", owner="DB team")]
    pack.parked_ideas = ["Move checkout to a dedicated database"]
    pack.similar_incidents = [SimilarIncident(title="Pool exhaustion after deploy", source="knowledge/x.md", score=0.81,
                                              what_they_changed="added a pool floor", repeat=True)]
    pack.impact.customer = "checkout failed for about 1,100 customers"
    pack.metrics.unknown = {"ttd_minutes": "no detection event"}
    markdown = render_markdown(pack)
    assert "**Repeat, systemic debt:**" in markdown
    assert "| pool saturation | 5 min | > 90% | escalate to DB on-call | DB team |" in markdown
    assert "We learned that pool limits need a floor." in markdown
    assert "Move checkout to a dedicated database" in markdown


def test_times_with_offsets_render_as_utc_and_naive_ones_as_local():
    facts = rich_facts()
    facts.timeline[0] = facts.timeline[0].model_copy(update={"time": datetime(2026, 3, 10, 13, 2, tzinfo=UTC)})
    markdown = render_markdown(build_pack(facts, today=TODAY))
    assert "2026-03-10 13:02 UTC" in markdown
    assert "2026-03-10 14:09 (local, zone unknown)" in markdown


def test_pipes_in_chat_text_do_not_break_tables():
    facts = rich_facts()
    facts.timeline[1] = facts.timeline[1].model_copy(update={"event": "grep 5xx | wc -l says 812"})
    markdown = render_markdown(build_pack(facts, today=TODAY))
    row = next(line for line in markdown.splitlines() if "wc -l" in line and line.startswith("| 2026"))
    assert "grep 5xx \\| wc -l says 812" in row
    cells = re.split(r"(?<!\\)\|", row.strip().strip("|"))
    assert len(cells) == 6


def test_a_guess_or_a_change_after_impact_is_not_presented_as_the_trigger():
    facts = rich_facts()
    facts.timeline = [
        event("14:00", "change", "rotated the archive key", 2),
        event("14:20", "trigger", "I suspect the archive command is failing", 9, certainty="hypothesis"),
        event("14:25", "change", "raised the disk alert threshold", 12),
    ] + facts.timeline[1:]
    pack = build_pack(facts, today=TODAY)
    assert "after a change at 14:00" in pack.summary
    cited = [f.evidence for f in pack.contributing_factors if f.cluster == "Process"]
    assert cited == ["“rotated the archive key” (line 2)"]


def _timeline_gate(markdown: str):
    report = grade_text(markdown)
    gate = next(g for g in report.gates if g.id == "timeline_timestamps")
    return gate, [f.line for f in report.findings if f.gate == gate.id]


def test_events_without_a_time_share_one_question_in_their_time_cells():
    facts = rich_facts()
    untimed = [e.model_copy(update={"time": None}) for e in facts.timeline[:3]]
    facts.timeline = untimed + facts.timeline[3:]
    pack = build_pack(facts, today=TODAY)
    markdown = render_markdown(pack)
    lines = markdown.split("\n")
    assert [q.question for q in pack.open_questions if q.section == "Timeline"].count(UNTIMED_EVENTS_QUESTION) == 1
    marker = marker_for(markdown, UNTIMED_EVENTS_QUESTION)
    assert sum(1 for line in lines if line.startswith(f"| {marker} | ")) == 3
    assert any(line.startswith(f"| {marker} | deploying checkout-api") for line in lines)
    gate, pointed = _timeline_gate(markdown)
    assert gate.passed is False and len(pointed) == 4  # three untimed events and the request for more
    assert all(markers(lines[n - 1]) for n in pointed)


def test_a_thin_timeline_asks_for_the_missing_events_where_the_gate_points():
    facts = rich_facts()
    facts.timeline = facts.timeline[:MIN_TIMED_EVENTS - 1]
    pack = build_pack(facts, today=TODAY)
    markdown = render_markdown(pack)
    lines = markdown.split("\n")
    assert any(q.section == "Timeline" and q.question == MISSING_EVENTS_QUESTION for q in pack.open_questions)
    gate, pointed = _timeline_gate(markdown)
    assert gate.passed is False
    assert [lines[n - 1] for n in pointed] == [f"| {marker_for(markdown, MISSING_EVENTS_QUESTION)} | | | | | |"]


def test_a_timeline_with_enough_timed_events_asks_nothing_more():
    pack = build_pack(rich_facts(), today=TODAY)
    markdown = render_markdown(pack)
    assert not any(q.section == "Timeline" for q in pack.open_questions)
    assert MISSING_EVENTS_QUESTION not in markdown
    assert _timeline_gate(markdown)[0].passed is True


def test_the_draft_asks_for_events_below_the_shipped_gates_minimum():
    assert load_gates().get("timeline_timestamps").params.min_timestamped == MIN_TIMED_EVENTS


def test_no_contributing_factors_is_asked_once_and_listed():
    facts = rich_facts()
    facts.timeline, facts.hypotheses = facts.timeline[1:2], []
    pack = build_pack(facts, today=TODAY)
    asked = [q.question for q in pack.open_questions if q.section == "Contributing factors"]
    assert not pack.contributing_factors and len(asked) == 1
    markdown = render_markdown(pack)
    factors = markdown.split("## Contributing factors", 1)[1].split("\n## ", 1)[0]
    assert factors.strip() == f"- {marker_for(markdown, asked[0])}"


def test_unowned_actions_share_one_owner_question_and_unmeasured_actions_one_outcome_question():
    facts = rich_facts()
    facts.action_items.append(ActionItem(action="Document the pgbouncer drain", source_lines=[56]))
    pack = build_pack(facts, today=TODAY)
    markdown = render_markdown(pack)
    asked = [q.question for q in pack.open_questions if q.section == "Action items"]
    owners = [q for q in asked if q.startswith("Who owns")]
    assert len(owners) == 1 and "Alert on connection pool saturation" in owners[0] and "pgbouncer drain" in owners[0]
    assert "CI check" not in owners[0]
    outcomes = [q for q in asked if q.startswith("What observable result")]
    assert len(outcomes) == 1 and all(f"“{item.action}”" in outcomes[0] for item in facts.action_items)
    rows = [line for line in markdown.split("\n") if line.startswith(("| Alert on", "| Document the"))]
    owner_marker = marker_for(markdown, owners[0])
    assert all(row.split(" | ")[2] == owner_marker == row.split(" | ")[3] for row in rows)  # owner and due cells
    signal_cells = {row.split(" | ")[4] for row in rows} | {row.split(" | ")[5] for row in rows}
    assert signal_cells == {marker_for(markdown, outcomes[0])}  # every row's signal and follow-up: one question


def test_an_assumed_day_is_never_shown_as_the_incident_date():
    facts = rich_facts()
    facts.date_known = False
    pack = build_pack(facts, today=TODAY)
    markdown = render_markdown(pack)
    assert pack.header.date is None and "2026-03-10" not in pack.header.title
    assert "| date unknown — pass --date |" in markdown
    assert "2026-03-10" not in markdown.replace("2026-03-20", "")  # the due date was said, not assumed
    assert "| 14:09 (local, zone unknown) | 5xx rate above 5%" in markdown
    assert "impact start 14:05 (local, zone unknown) → detection 14:09 (local, zone unknown)" in markdown


def test_labels_a_model_wrote_inside_sentences_are_numbered_and_listed():
    pack = build_pack(rich_facts(), today=TODAY)
    question = "Which dashboard showed the saturation first?"
    pack.summary += f" Where it was first seen: {UNKNOWN_PREFIX}{question} It was fixed."
    pack.risks.append(f"{UNKNOWN_PREFIX}{question}")
    markdown = render_markdown(pack)
    marker = marker_for(markdown, question)
    assert f"Where it was first seen: {marker} It was fixed." in markdown
    assert f"- {marker}" in markdown.split("## Risks", 1)[1]
    assert listed_in_order(markdown).count(question) == 1


def test_a_long_timeline_shows_key_events_within_the_line_budget_and_the_pack_keeps_all():
    facts = rich_facts()
    extra = [event(f"15:{minute:02d}", "communication", f"status update {minute}", 60 + minute) for minute in range(40)]
    facts.timeline = facts.timeline + extra
    pack = build_pack(facts, today=TODAY)
    markdown = render_markdown(pack)
    assert len(pack.timeline) == 45
    assert markdown.count("\n") <= 130
    assert "Key events only" in markdown and "`postmortem draft --json`" in markdown
    for kept in ("5xx rate above 5%", "restarted pgbouncer", "5xx rate back below 1%"):
        assert kept in markdown.split("## Timeline", 1)[1].split("\n## ", 1)[0]


def test_when_every_kind_is_a_first_the_measured_events_and_decisions_stay():
    facts = rich_facts()
    kinds = ["trigger", "impact_start", "detection_report", "page", "acknowledgement", "declaration", "escalation",
             "communication"]
    facts.timeline = sorted(facts.timeline + [
        event(f"14:{10 + n:02d}", kind, f"{kind} number {n}", 70 + n) for n in range(3) for kind in kinds
    ] + [event("14:20", "decision", "roll back rather than fix forward", 90, decision_point=True)],
        key=lambda e: e.time)
    facts.action_items += [ActionItem(action=f"Add pool guard {n}", source_lines=[100 + n]) for n in range(6)]
    markdown = render_markdown(build_pack(facts, today=TODAY))
    timeline = markdown.split("## Timeline", 1)[1].split("\n## ", 1)[0]
    assert markdown.count("\n") <= 130 and "Key events only" in timeline
    for kept in ("5xx rate above 5%", "5xx rate back below 1%", "restarted pgbouncer", "roll back rather than fix forward"):
        assert kept in timeline


def test_figures_said_in_one_clause_are_listed_once_under_impact():
    shared = "we credit couriers Rp 12.500 each x 1.880 couriers = Rp 23,5 juta"
    facts = rich_facts().model_copy(update={"impact": Impact(figures=[
        ImpactFigure(value=12500, unit="money", currency="IDR", text=shared, source_lines=[61]),
        ImpactFigure(value=1880, unit="users", text=shared, source_lines=[61]),
        ImpactFigure(value=23_500_000, unit="money", currency="IDR", text=shared, source_lines=[61]),
        ImpactFigure(value=2340, unit="requests", text="about 2,340 checkout attempts failed", source_lines=[44]),
    ])})
    impact = render_markdown(build_pack(facts, today=TODAY)).split("## Impact\n")[1].split("\n## ")[0]
    assert impact.splitlines()[:2] == [f"- {shared} (line 61)", "- about 2,340 checkout attempts failed (line 44)"]
