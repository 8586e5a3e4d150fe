"""Reading documents as people write them, and crediting content rather than placeholders (issue 11)."""

from agent.grading import grade_text
from agent.models.pack import unknown


def gate(report, gate_id: str):
    return next(g for g in report.gates if g.id == gate_id)


def criterion(report, criterion_id: str):
    return next(c for c in report.rubric.criteria if c.id == criterion_id)


REVIEW = """# Search index outage

## Summary

Search returned errors for 40 minutes after an index migration filled the data disk.

## Timeline

All times UTC.

- 09:02 Migration job starts rewriting the product index
- 09:11 Disk-usage alert fires for search-3 ([dashboard](https://grafana.example/d/disk))
- 09:14 The on-call engineer acknowledges and opens the incident channel
- 09:25 The migration is paused and old segments are deleted
- 09:42 Error rate back under 0.1%; incident resolved

Key durations:

- Time to detect: 9 minutes
- Time to mitigate: 23 minutes

## Action items

We review progress on every item at the follow-up meeting on 2025-07-15.

| Action | Owner | Due | Success signal |
|---|---|---|---|
| Reserve 30% free disk before a migration starts | search lead | 2025-07-01 | the job refuses to start in a staging drill |
| Page on disk usage above 80% for 5 minutes | platform on-call | 2025-07-08 | the alert fires in a fill test |

## Triggers

- If disk usage on a search node goes over 85% during a migration, the job pauses itself and pages the search lead.

## Risks, open questions and next steps

- A second migration is planned before the guard lands; the dashboard will show the disk trend.
- We do not yet know why the cleanup job skipped old segments; the search lead finds out this week.
- Next: the review meeting on 2025-07-15.
"""


def test_key_durations_under_the_timeline_are_metrics_not_events():
    report = grade_text(REVIEW)
    assert gate(report, "timeline_timestamps").detail.startswith("5 of 5 timeline entries carry a time")


def test_a_follow_up_date_given_once_for_the_whole_table_completes_every_action():
    assert gate(grade_text(REVIEW), "actions_complete").passed is True
    without = REVIEW.replace("We review progress on every item at the follow-up meeting on 2025-07-15.\n", "")
    assert gate(grade_text(without), "actions_complete").passed is False


def test_an_if_then_trigger_written_with_a_comma_is_committed():
    report = grade_text(REVIEW)
    assert gate(report, "triggers_committed").passed is True
    vague = REVIEW.replace("the job pauses itself and pages the search lead", "we discuss it at the next retro")
    assert gate(grade_text(vague), "triggers_committed").passed is False


def test_risks_open_questions_and_next_steps_may_share_one_heading():
    assert gate(grade_text(REVIEW), "risks_questions_next_steps").passed is True
    only_risks = REVIEW.replace("## Risks, open questions and next steps", "## Risks")
    failed = gate(grade_text(only_risks), "risks_questions_next_steps")
    assert failed.passed is False and "Open questions" in failed.detail


def test_a_timeline_of_days_counts_its_dated_entries():
    disclosure = """# Leaked token disclosure

## Summary

A personal access token was published inside a container image and revoked the day it was reported.

## Timeline

- 2023-03-03: an image containing the token is pushed to a public registry
- 2024-06-21: the image is removed from the registry for an unrelated reason
- 2024-06-28: a researcher reports the token to the security mailbox
- 2024-06-28: the token is revoked and the audit log review begins
"""
    report = grade_text(disclosure)
    assert gate(report, "timeline_timestamps").passed is True


def test_template_text_and_open_questions_block_publishing():
    holes = REVIEW.replace("| search lead | 2025-07-01 |", "| [Owner name] | 2025-07-01 |")
    report = grade_text(holes)
    blocking = gate(report, "no_template_text")
    assert blocking.passed is False and blocking.blocking and report.passed is False
    assert blocking.findings[0].line == holes.split("\n").index("| Reserve 30% free disk before a migration starts "
                                                                "| [Owner name] | 2025-07-01 | the job refuses to "
                                                                "start in a staging drill |") + 1
    asked = REVIEW.replace("| search lead |", f"| {unknown('Who owns the disk guard?')} |")
    assert gate(grade_text(asked), "no_template_text").passed is False
    assert gate(grade_text(REVIEW), "no_template_text").passed is True


def test_an_answer_of_none_is_not_template_text():
    answered = REVIEW.replace("## Action items", "## Data loss\n\n| Customers affected | Data lost |\n|---|---|\n"
                                                 "| 1,200 | None |\n\n## Action items")
    assert gate(grade_text(answered), "no_template_text").passed is True


def test_secrets_and_personal_data_are_findings_with_lines_and_fail_the_grade():
    leaky = REVIEW.replace(
        "All times UTC.",
        "All times UTC. Reported by dana.kowalski@example.com.\n\n"
        "The job connected with postgres://indexer:hunter2-prod-Secret@db.internal:5432/search.",
    )
    report = grade_text(leaky, rubric="sre-weighted")
    safety = gate(report, "no_secrets_or_personal_data")
    lines = leaky.split("\n")
    assert safety.passed is False and report.passed is False
    assert [f.line for f in safety.findings] == [
        next(n for n, line in enumerate(lines, start=1) if "dana.kowalski" in line),
        next(n for n, line in enumerate(lines, start=1) if "postgres://" in line),
    ]
    assert all("hunter2" not in f.text and "dana.kowalski" not in f.text for f in safety.findings)
    role_mailbox = REVIEW.replace("All times UTC.", "All times UTC. Reports go to security@example.com.")
    assert gate(grade_text(role_mailbox), "no_secrets_or_personal_data").passed is True
    server = REVIEW.replace("All times UTC.", "All times UTC. The index node is 10.20.3.7.")
    assert gate(grade_text(server), "no_secrets_or_personal_data").passed is True
    visitor = REVIEW.replace("All times UTC.", "All times UTC. Most failed searches came from 81.2.69.160.")
    assert gate(grade_text(visitor), "no_secrets_or_personal_data").passed is False


def test_advisory_gates_report_without_failing_a_publishable_review():
    thin = REVIEW.replace("## Triggers", "## Notes")  # no triggers at all, and no "what went well"
    report = grade_text(thin, rubric="sre-weighted")
    assert gate(report, "went_well_present").passed is False and not gate(report, "went_well_present").blocking
    assert report.rubric.passed is report.passed


def test_open_questions_cost_their_criterion_a_level_and_say_so():
    answered = grade_text(REVIEW)
    asked = grade_text(REVIEW.replace("| platform on-call | 2025-07-08 |",
                                      f"| platform on-call | {unknown('By when does the disk alert ship?')} |"))
    before, after = criterion(answered, "decisions_and_actions"), criterion(asked, "decisions_and_actions")
    assert after.score == before.score - 1
    assert any("open question" in line and "answering them raises this criterion" in line for line in after.evidence)


def test_a_security_disclosure_states_its_impact_as_exposure():
    disclosure = """# Leaked deploy key

## Summary

A deploy key with write access to the package index was committed to a public repository and revoked.

## What was impacted

The key could push new releases of any package.{exposure}
"""
    assessed = grade_text(disclosure.format(exposure=" The audit logs show no unauthorized uploads with it."),
                          rubric="sre-weighted")
    unassessed = grade_text(disclosure.format(exposure=""), rubric="sre-weighted")
    assert criterion(assessed, "impact").score == 2 and criterion(unassessed, "impact").score == 1


def test_dated_paragraphs_are_timeline_entries():
    dated = """# Certificate expiry

## Summary

Logins failed for two hours when the identity provider's certificate expired.

## Timeline

On 2025-03-02 the renewal job failed silently.

March 9, 2025 - the certificate expired at the start of the business day and logins began to fail.

March 9, 2025 - a manual renewal restored logins.
"""
    assert gate(grade_text(dated), "timeline_timestamps").passed is True


def test_each_open_question_costs_its_criterion_a_level():
    one = REVIEW.replace("| platform on-call | 2025-07-08 |", f"| platform on-call | {unknown('By when?')} |")
    two = one.replace("| search lead | 2025-07-01 |", f"| search lead | {unknown('By when does it ship?')} |")
    levels = [criterion(grade_text(text, rubric="sre-weighted"), "corrective_actions").score
              for text in (REVIEW, one, two)]
    assert levels[0] > levels[1] > levels[2] >= 1, levels


NON_ANSWERS = """# Payments outage

## Summary

{summary}

## Timeline

- 10:00 UTC alert fired for payment errors
- 10:05 UTC the on-call engineer acknowledged
- 10:20 UTC release 4.2 rolled back
- 10:40 UTC error rate back to normal

## Action items

{action}

## Kill criteria / triggers

- If the payment error rate goes over 2% for 5 minutes, {trigger}
"""


def test_non_answers_earn_nothing():
    answered = grade_text(NON_ANSWERS.format(
        summary="Card payments failed for 40 minutes after release 4.2 changed the retry settings.",
        action="- Add a canary stage to the payments deploy pipeline (owner: payments lead, due 2025-10-01)",
        trigger="the release captain rolls back without waiting for a meeting."))
    evasive = grade_text(NON_ANSWERS.format(
        summary="Not sure.", action="- Someone should look at the deploy pipeline",
        trigger="we discuss it later."))
    for criterion_id in ("scope_and_safety", "decisions_and_actions", "triggers"):
        assert criterion(answered, criterion_id).score >= 1, criterion_id
        assert criterion(evasive, criterion_id).score == 0, criterion_id
    assert any("vague action(s) not counted" in line for line in criterion(evasive, "decisions_and_actions").evidence)


BLOG_POST = """+++
path = "blog/2024/03/14/queue-outage"
title = "Queue outage"
authors = ["The platform team"]
+++

On 2024-03-12 at 09:02 UTC a schema change reached the queue service. At 09:10 UTC an alert reported
consumer lag above ten minutes. At 09:14 UTC the on-call engineer paused the migration. By 09:40 UTC the
backlog had drained and the service was healthy again.

## Root cause

The migration tool rewrote the consumer offsets table without a lock.
"""


def test_a_timeline_told_in_sentences_is_read_as_one():
    report = grade_text(BLOG_POST)
    timeline = criterion(report, "evidence_and_timeline")
    assert timeline.score >= 1
    assert any("timeline.timestamped_rows = 4" in line for line in timeline.evidence)


def test_a_published_post_is_shared_and_dated_by_its_address():
    report = grade_text(BLOG_POST, rubric="sre-weighted")
    shared = criterion(grade_text(BLOG_POST), "dissemination")
    assert shared.score == 1 and any("front matter of a published page" in line for line in shared.evidence)
    unpublished = BLOG_POST.replace('path = "blog/2024/03/14/queue-outage"\n', "").replace("authors", "owners")
    assert criterion(grade_text(unpublished), "dissemination").score == 0
    timeliness = criterion(report, "timeliness")
    assert timeliness.score >= 2
    assert any("2024-03-12 -> 2024-03-14" in line for line in timeliness.evidence)


def test_the_report_lists_the_answers_that_would_raise_the_score():
    import io

    from agent.grading import render_grade

    asked = REVIEW.replace("| search lead | 2025-07-01 |", f"| search lead | {unknown('By when does it ship?')} |")
    report = grade_text(asked, rubric="sre-weighted")
    lost = {c.id: c.levels_lost for c in report.rubric.criteria if c.levels_lost}
    assert lost and set(lost) <= {"corrective_actions", "timeliness", "completeness"}
    out = io.StringIO()
    render_grade(report, out)
    text = out.getvalue()
    line = next(n for n, row in enumerate(asked.split("\n"), start=1) if "By when does it ship?" in row)
    assert "Answers that raise the score" in text and f"(line {line})" in text
