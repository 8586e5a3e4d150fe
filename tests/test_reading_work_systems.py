"""Trackers, build, deploy and reminder bots are systems but never pagers or monitors: their "assigned to" is a
ticket's assignee and their "triggered" a build, so the page and alert words of the machine rules are read only
from pagers, monitors and unnamed bots. Bracketed alert states ("[FIRING:1]") stay exact for any system."""

from agent.models import Message
from agent.reading import read_messages
from agent.reading.machine import machine_kind


def bot(author: str, text: str) -> Message:
    return Message(line=1, end_line=1, author=author, text=text, kind="bot")


def test_a_tracker_assigning_a_ticket_or_a_build_being_triggered_is_no_page_or_alert():
    for author, text in [
        ("Jira Cloud APP", "INC-412 Checkout errors in EU: assigned to Ana Lima"),
        ("GitHub Actions", "Workflow deploy-api triggered by push to main"),
        ("Jenkins CI", "Build #881 of ledger-api triggered by timer, notified #deploys"),
        ("ServiceNow", "INC0012044 escalated to Network Operations"),
        ("Slackbot", "Reminder: paging rotation handover at 17:00"),
    ]:
        assert machine_kind(bot(author, text)) is None, author


def test_pagers_monitors_and_unnamed_bots_still_page_and_alert():
    assert machine_kind(bot("Opsgenie", "Alert #5521 assigned to Ana Lima")) == "page"
    assert machine_kind(bot("Datadog APP", "Monitor triggered: ledger-api p99 above 2s")) == "detection_alert"
    assert machine_kind(bot("opsbot", "paging the database on-call")) == "page"
    assert machine_kind(bot("Nagios", "CRITICAL: disk /var on db-7 at 97%")) == "detection_alert"


def test_exact_alert_states_and_resolutions_hold_for_every_system():
    assert machine_kind(bot("GitHub", "[FIRING:1] DependencyReviewFailed web-app")) == "detection_alert"
    assert machine_kind(bot("Jira Cloud APP", "INC-412 resolved by Ana Lima")) == "resolution"


def test_a_tracker_line_is_left_to_the_learned_reader():
    [reading] = read_messages([bot("Jira Cloud APP", "INC-412 Checkout errors in EU: assigned to Ana Lima")])
    assert not reading.by_rule


def test_a_monitor_closing_its_own_alert_is_a_recovery_and_a_person_resolving_it_the_resolution():
    """A flapping check auto-closes minutes after it fired; read as the incident's resolution, every report after it
    would be read as notes on a closed incident."""
    for author, text in [
        ("Opsgenie", "Alert auto-closed by Prometheus integration (resolved)"),
        ("Opsgenie", "Alert [11482] auto-closed via API[Postwerk Webhooks]"),
        ("PagerDuty", "Resolved through the API by Datadog: auth-service 401 rate back to normal"),
        ("PagerDuty", "Alert resolved via Datadog integration."),
    ]:
        assert machine_kind(bot(author, text)) == "recovery", text
    assert machine_kind(bot("PagerDuty", "Resolved by Priya Raman.")) == "resolution"
    assert machine_kind(bot("Opsgenie", "Alert closed via Web[Mei Sato]")) != "recovery"
