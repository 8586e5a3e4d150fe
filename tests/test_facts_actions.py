"""Follow-ups become action items: owners from first-person commitments and requests; unowned ones are kept."""

from datetime import date

import pytest

from agent.facts import extract_action_items
from agent.facts.actions import action_type
from agent.models import RoleAssignment
from test_facts_chat import chat

TUESDAY = date(2026, 3, 10)


def items(lines: str, *, after_line: int | None = 0, roles=()):
    transcript = chat(lines, TUESDAY)
    return extract_action_items(transcript.messages, incident_date=TUESDAY, roles=list(roles), after_line=after_line)


@pytest.mark.parametrize(
    ("text", "owner", "due", "action"),
    [
        ("I'll add a CI check that blocks pool size changes below 30 by next Friday", "Priya Raman", date(2026, 3, 20),
         "Add a CI check that blocks pool size changes below 30"),
        ("I will write a runbook for draining pgbouncer by tomorrow EOD", "Priya Raman", date(2026, 3, 11),
         "Write a runbook for draining pgbouncer"),
        ("I'll set up a status page template next week", "Priya Raman", date(2026, 3, 20), "Set up a status page template"),
        ("I'm going to file the ticket today", "Priya Raman", TUESDAY, "File the ticket"),
        ("@leo can you double the pool size alert threshold by end of week?", "Leo Fischer", date(2026, 3, 13),
         "Double the pool size alert threshold"),
        ("we also need an alert on connection pool saturation", None, None, "Add an alert on connection pool saturation"),
        ("someone should review the deploy checklist", None, None, "Review the deploy checklist"),
        ("TODO: add pgbouncer metrics to the checkout dashboard", None, None, "Add pgbouncer metrics to the checkout dashboard"),
        ("action item: @leo to document the failover in 2 weeks", "Leo Fischer", date(2026, 3, 24), "Document the failover"),
        ("Platform team will add a pool size lint by 2026-04-01", "Platform team", date(2026, 4, 1), "Add a pool size lint"),
    ],
)
def test_follow_up_becomes_an_action(text, owner, due, action):
    (item,) = items(f"15:00|Leo Fischer|ok\n15:10|Priya Raman|{text}")
    assert (item.owner, item.due, item.action) == (owner, due, action)
    assert item.source_lines == [2] and item.success_signal is None


@pytest.mark.parametrize(
    "text",
    [
        "I'll restart the pods",  # an in-incident intention, no date, no artefact
        "we need to look at the graphs",
        "Ok, can you check the logs?",  # "Ok" is not a person
        "sounds good",
    ],
)
def test_in_incident_chatter_is_not_an_action(text):
    assert items(f"15:10|Priya Raman|{text}", after_line=5) == []


def test_after_the_incident_any_commitment_counts():
    (item,) = items("15:10|Priya Raman|I'll clean up the stale feature flags", after_line=0)
    assert (item.owner, item.action, item.due) == ("Priya Raman", "Clean up the stale feature flags", None)


def test_without_a_known_end_an_artefact_or_date_is_needed():
    assert [i.action for i in items("15:10|Priya Raman|we need a runbook for pgbouncer", after_line=None)] == [
        "Add a runbook for pgbouncer"
    ]
    assert items("15:10|Priya Raman|I'll restart pgbouncer", after_line=None) == []


def test_due_dates_count_from_the_day_said_and_names_in_actions_become_roles():
    roles = [RoleAssignment(role="database engineer", name="Leo Fischer")]
    transcript = chat("23:50|Priya Raman|hi\n00:10|Priya Raman|I'll pair with Leo on the pool sizing doc tomorrow", TUESDAY)
    (item,) = extract_action_items(transcript.messages, incident_date=TUESDAY, roles=roles, after_line=0)
    assert item.due == date(2026, 3, 12)  # said just after midnight, on Wednesday
    assert item.action == "Pair with the database engineer on the pool sizing doc"
    assert item.owner == "Priya Raman"


def test_repeated_action_is_kept_once_and_bots_make_none():
    found = items(
        "15:10|Priya Raman|TODO: add a pool alert\n15:11|Leo Fischer|TODO: add a pool alert\n15:12|Jira APP|TODO: add a pool alert"
    )
    assert [(i.owner, i.source_lines) for i in found] == [(None, [1])]


@pytest.mark.parametrize(
    ("action", "kind"),
    [
        ("Add an alert on pool saturation", "detect"),
        ("Add a CI check that blocks pool size changes", "prevent"),
        ("Write a runbook for draining pgbouncer after a rollback", "respond"),
        ("Schedule a failover drill", "respond"),
        ("Set up a status page template", "process"),
        ("Add a kill switch for the pricing flag", "mitigate"),
        ("Buy more coffee", None),
    ],
)
def test_action_type_from_keywords(action, kind):
    assert action_type(action) == kind
