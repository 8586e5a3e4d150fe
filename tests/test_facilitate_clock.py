"""Reading more from each answer and each paste: a time taken back or restated on another clock, an alert block
stamped in UTC inside a chat with bare local times (one question places it), rows named by a leading phrase,
clock times inside a trigger, a two-part probe, and an impact answer without numbers."""

import io
import os
import re
from datetime import UTC, date, datetime
from pathlib import Path

from agent.facilitation import prose
from agent.facilitation.consistency import contradictions
from agent.facilitation.conversation import facilitate
from agent.facilitation.moments import clock_offset, placed_events, said_moments
from agent.facilitation.store import SessionStore
from scripted_ic import ScriptedTerminal

TODAY = date(2025, 6, 9)
# Our own log: a Teams-style chat on the team's clock (no zone) with a pager block stamped in UTC pasted into it.
LOG = """[14:21] Noor Haddad
Paged for ledger-sync backlog, pasting the alert:
---------------------------------------------
[FIRING] #5531  ledger-sync backlog high
Service:        finance / ledger-sync
Triggered:      2025-06-06 12:12:05 UTC
Acknowledged:   Noor Haddad, 2025-06-06 12:15:30 UTC
---------------------------------------------

[14:23] Noor Haddad
Backlog at 80k entries and growing, about 3,400 invoices not posted yet. Did anything ship today?

[14:25] Tariq Osei
yes, ledger-sync 7.2 went out at 13:40, new batch size

[14:31] Noor Haddad
rolling back to 7.1

[14:44] Tariq Osei
backlog draining, invoices posting again

[15:20] Noor Haddad
backlog at zero, declaring this resolved at 15:20
"""


def converse(answers: dict, before: str = "") -> tuple:
    console = io.StringIO()
    terminal = ScriptedTerminal(console, answers, before=before)
    outcome = facilitate(store=SessionStore(Path(os.environ["POSTMORTEM_HOME"])), today=TODAY, stdin=terminal,
                         console=console, show_gaps=True)
    return outcome, console.getvalue()


def asked(console: str) -> list[str]:
    return re.findall(r"^gap: (\S+)$", console, re.M)


def test_a_time_taken_back_or_restated_on_another_clock_dates_the_moment_once():
    answer = [(1, "I acked at 14:12. Actually no, let me correct that, the pager shows my ack at 12:15 UTC, so "
                  "14:15 our time.")]
    [moment] = said_moments(answer, "acknowledgement")
    assert (moment.kind, moment.hour, moment.minute, moment.zone) == ("acknowledgement", 14, 15, None)
    assert moment.text == "The pager shows my ack at 12:15 UTC"
    assert clock_offset(answer) == "UTC+02:00"
    # a later time for another moment is not taken for a correction of the earlier one
    both = said_moments([(1, "It started at 13:50, and the alert fired at 14:12.")], "impact_start")
    assert [(m.kind, m.hour, m.minute) for m in both] == [("impact_start", 13, 50), ("detection_alert", 14, 12)]


def test_a_restatement_after_times_that_date_nothing_dates_the_moment_on_its_clock():
    answer = [(1, "Second run started at 2:30 Berlin time. Well, the second 2:30. That's 01:30 UTC.")]
    [moment] = said_moments(answer, "impact_start")
    assert (moment.hour, moment.minute, moment.zone, moment.twenty_four) == (1, 30, "UTC", True)
    # written on a 24-hour clock, 01:30 is never the afternoon, whatever the other events' times
    [event] = placed_events([moment], day=date(2026, 10, 25), zone="UTC", aware=True,
                            near=[datetime(2026, 10, 25, 14, 32, tzinfo=UTC)])
    assert event.time == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


def test_a_utc_alert_block_in_a_local_chat_is_placed_by_one_question_about_the_clock():
    answers = {"headline": ["Invoices stopped posting after a ledger-sync release. SEV2."], "scope": ["/skip"],
               "clock": ["The pager says 12:12 UTC, which is 14:12 for us."], "probe_fix+probe_silence": ["/done"]}
    outcome, console = converse(answers, before=f"/paste\n{LOG}\n/end\n")
    gaps = asked(console)
    assert "clock" in gaps and "moment:acknowledgement" not in gaps and "moment:detection_alert" not in gaps
    question = re.search(r"^\[q\d+\] (The alert lines carry their own zone.*)$", console, re.M).group(1)
    assert "“Triggered: 2025-06-06 12:12:05 UTC”" in re.sub(r"\s+", " ", question)
    metrics = outcome.markdown.split("## Metrics", 1)[1].split("## Timeline", 1)[0]
    assert "detection 2025-06-06 14:12 (UTC+02:00)" in metrics  # the pager's stamp on the team's clock
    assert "acknowledgement 2025-06-06 14:15 (UTC+02:00)" in metrics and "| 3 min |" in metrics
    assert contradictions(outcome.markdown) == []


def test_values_in_sentences_led_by_the_row_they_are_about():
    targets = ["Move certificates to cert-manager with 30-day lifetimes", "Page on-call for certificates expiring in 7 days"]
    said = ("For on-call paging, a test certificate with 6 days left pages the on-call. For cert-manager, two automatic "
            "rotations in staging without a single handshake error.")
    assert prose.assign_values(said, targets, prose.signal_in, led_read=lambda rest: rest.rstrip(".")) == [
        "two automatic rotations in staging without a single handshake error",
        "a test certificate with 6 days left pages the on-call"]


def test_a_clock_time_inside_a_trigger_is_not_where_the_action_begins():
    [row] = prose.trigger_rows("If the backlog is over 20,000 for 10 minutes between 08:00 and 18:00, on-call pauses "
                               "the batch import.")
    assert row.signal.endswith("between 08:00 and 18:00") and row.action == "On-call pauses the batch import"
    assert (row.window, row.threshold, row.owner) == ("for 10 minutes", "over 20,000", "the on-call")


def test_two_probes_are_one_question_and_its_answer_is_split_where_it_belongs():
    # the log shows the fix and a silent stretch: both probes, asked as one question
    answers = {"headline": ["Invoices stopped posting after a ledger-sync release. SEV2."], "scope": ["/skip"],
               "clock": ["The pager says 12:12 UTC, which is 14:12 for us."], "factors": ["/done"],
               "probe_fix+probe_silence": ["Restarting the workers did not help, the backlog kept growing. Tariq "
                                           "spotted the batch size change in the release notes."]}
    outcome, console = converse(answers, before=f"/paste\n{LOG}\n/end\n")
    assert "probe_fix+probe_silence" in asked(console) and "probe_fix" not in asked(console)
    went_well = outcome.markdown.split("## What went well", 1)[1].split("## ", 1)[0]
    went_poorly = outcome.markdown.split("## What went poorly", 1)[1].split("## ", 1)[0]
    assert "release notes" in went_well and "did not help" not in went_well
    assert "did not help" in went_poorly and "release notes" not in went_poorly


def test_an_impact_answer_without_numbers_is_asked_again_with_the_reason():
    answers = {"opening": ["Yes, stable again. Invoices stopped posting after a ledger-sync release. SEV2."],
               "scope": ["/skip"], "moment:impact_start": ["/skip"], "factors": ["/done"],
               "impact": ["Finance was unhappy, it was bad.", "About 3,400 invoices were posted late, for 90 minutes."]}
    _, console = converse(answers)
    again = [line for line in console.splitlines() if line.startswith("[q") and "Asked again:" in line]
    assert any("gives no numbers yet" in line for line in again)
    assert asked(console).count("impact") == 2


def test_the_severity_still_missing_is_asked_along_with_the_clock():
    answers = {"headline": ["The ledger-sync backlog grew and invoices were not posted for an hour."], "scope": ["/skip"],
               "clock+severity": ["The pager says 12:12 UTC, which is 14:12 for us. SEV2: invoices were late for an hour."],
               "probe_fix+probe_silence": ["/done"]}
    outcome, console = converse(answers, before=f"/paste\n{LOG}\n/end\n")
    gaps = asked(console)
    assert "clock+severity" in gaps and "severity" not in gaps
    assert "| SEV2 |" in outcome.markdown.split("## Roles", 1)[0]


def test_numbered_items_inside_one_line_and_triggers_that_open_with_a_comparison_are_rows_of_their_own():
    assert prose.pieces("1) The default changed; we relied on it. 2) A bot opened the PR. 3) The stub is fast.") == [
        "The default changed", "we relied on it.", "A bot opened the PR.", "The stub is fast."]
    assert [c for c, _, _ in prose.factor_pieces("1) The default changed. 2) A bot opened the PR.")] == [
        "The default changed", "A bot opened the PR"]
    rows = prose.trigger_rows("Backlog > 20,000 for 10 min: on-call pauses imports. > 3 restarts in 5 min: roll back.")
    assert [(r.threshold, r.action) for r in rows] == [("> 20,000", "On-call pauses imports"), ("> 3", "Roll back")]


def test_an_acknowledgement_before_the_first_detection_is_asked_about_quoting_it():
    answers = {"opening": ["Yes, stable again. Card payments failed on checkout-api after a config push. SEV2."],
               "scope": ["/skip"],
               "moment:impact_start": ["It started at 14:00. Support reported it at 14:20, and Ana acknowledged at 14:05."],
               "moment:detection_alert": ["The checkout error alert paged Ana at 14:03."], "moment:mitigation": ["/done"]}
    outcome, console = converse(answers)
    question = re.search(r"^\[q\d+\] (The record has .*)\ngap: moment:detection_alert$", console, re.M).group(1)
    assert "at 14:05, before the first detection I have (14:20)" in question
    metrics = outcome.markdown.split("## Metrics", 1)[1].split("## Timeline", 1)[0]
    assert "detection 2025-06-09 14:03" in metrics or "detection 14:03" in metrics
    assert "| Time to acknowledge (TTA) | 2 min |" in metrics
    assert contradictions(outcome.markdown) == []
