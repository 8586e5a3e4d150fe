"""Before and during an incident: the same words are a change before anything is detected and a mitigation once
the response is under way, and a status that was never bad is no recovery."""

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.facts import classify_events, detect_roles, extract_facts
from test_facts_chat import chat

ALERT = "10:00|Grafana APP|[FIRING:1] ledger-api 5xx above 2%\n"


def events_of(lines: str) -> list[tuple[str, str]]:
    transcript = chat(lines)
    return [(e.time.strftime("%H:%M"), e.kind) for e in classify_events(transcript.messages, detect_roles(transcript))]


def kinds_after_alert(text: str) -> list[str]:
    return [kind for _, kind in events_of(f"{ALERT}10:05|Ana Lima|{text}")][1:]


@pytest.mark.parametrize(
    "text",
    [
        "cdn origin switched to the eu-central bucket",
        "switched the read traffic to the standby cluster",
        "repointed the CNAME to the blue load balancer",
        "flipped the feature toggle to the cached pricing path",
        "moved all write traffic over to region b",
        "bumped the worker pool size to 48",
        "lowered the retry limit to 2",
        "updated the ledger secret with the rotated key",
    ],
)
def test_a_new_setting_is_a_change_before_detection_and_a_mitigation_after(text):
    assert [kind for _, kind in events_of(f"09:50|Ana Lima|{text}")] == ["change"]
    assert kinds_after_alert(text) == ["mitigation"]


@pytest.mark.parametrize(
    "text",
    [
        "should we switch the read traffic to the standby cluster?",
        "we could rotate the ledger password",  # an option
        "we'll switch traffic to region b if it gets worse",  # a plan is a decision at most
        "once we switched traffic to region b the errors stopped",  # a memory in a condition
        "I switched to the 1h view and the spike lines up",  # a view, not a system
        "routed the alert to the database team",
        "raised the priority to P1",
        "updated Bo with the plan",
        "Omar pointed at the config change from this morning",
        "the alias flipped to the empty index at 09:52",  # a cause found, with its own earlier time
        "we bumped the pool size to 10 last week",
    ],
)
def test_talk_about_settings_is_neither_change_nor_mitigation(text):
    before = [kind for _, kind in events_of(f"09:50|Ana Lima|{text}")]
    assert not {"change", "mitigation"} & {*before, *kinds_after_alert(text)}


@pytest.mark.parametrize(
    "text",
    [
        "manual backup done, 280 GB",
        "resync of the replica is complete",
        "finished the index rebuild",
        "certificate renewal done on all edges",
    ],
)
def test_a_finished_operation_is_a_mitigation_once_the_incident_is_under_way(text):
    assert kinds_after_alert(text) == ["mitigation"]
    assert events_of(f"09:50|Ana Lima|{text}") == []  # before: a routine job, or how a drill found the problem


@pytest.mark.parametrize(
    "text",
    ["backup done?", "once the backup is done we can restart the writer", "is the resync complete yet",
     "the nightly backup finished at 02:10 as usual"],
)
def test_an_operation_asked_about_or_waited_for_is_not_done(text):
    assert "mitigation" not in kinds_after_alert(text)


def test_a_status_right_after_a_change_is_not_a_recovery():
    channel = (
        "09:40|Ana Lima|enabling the batch-quotes flag for 20% of partners\n"
        "09:42|Ana Lima|flag is at 20%, graphs look normal so far\n"
        "09:55|Grafana APP|[FIRING:1] quotes-api p99 above 3s\n"
        "10:02|Ana Lima|turned off the batch-quotes flag\n"
        "10:08|Ana Lima|graphs look normal so far\n"
    )
    assert events_of(channel) == [
        ("09:40", "change"), ("09:55", "detection_alert"), ("10:02", "mitigation"), ("10:08", "recovery"),
    ]
    facts = extract_facts(chat(channel), today=date(2026, 3, 11))
    assert facts.metrics.recovered == datetime(2026, 3, 10, 10, 8)


@pytest.mark.parametrize(
    ("text", "before", "during"),
    [
        ("latency is back to normal after the config push", ["recovery"], ["recovery"]),  # says something had failed
        ("dashboards look normal so far", [], ["recovery"]),
        ("queues are empty, all green", [], ["recovery"]),
        ("closing the incident, thanks all", ["resolution"], ["resolution"]),  # names the incident it ends
        ("this is closed", [], ["resolution"]),
    ],
)
def test_before_anything_is_detected_only_words_of_a_failure_end_one(text, before, during):
    lines = f"09:30|Ana Lima|deploying ledger-api 4.2\n09:35|Ana Lima|{text}"
    assert [kind for _, kind in events_of(lines)][1:] == before
    assert kinds_after_alert(text) == during


def test_a_switch_after_a_rollout_is_a_change_of_its_own():
    channel = (
        "09:10|Ana Lima|starting the reindex of the orders index now\n"
        "09:25|Ana Lima|alias orders switched to orders_v4\n"
        "09:40|Grafana APP|[FIRING:1] order search zero results above 10%\n"
    )
    assert events_of(channel) == [("09:10", "change"), ("09:25", "change"), ("09:40", "detection_alert")]
    follow_on = "09:10|Ana Lima|deploying ledger-api 4.2\n09:14|Ana Lima|deploy finished, pods healthy\n"
    assert events_of(follow_on) == [("09:10", "change")]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("let's record this as a near miss, nobody was affected", ["declaration"]),
        ("treating it as a near-miss and writing it up", ["declaration"]),
        ("was that a near miss?", []),
        ("the near miss from the spring drill had the same cron host", []),
    ],
)
def test_recording_a_near_miss_opens_the_response(text, kinds):
    assert [kind for _, kind in events_of(f"10:00|Ana Lima|{text}")] == kinds


def test_a_drill_that_finds_a_gap_reads_its_fix_as_mitigations():
    channel = (
        "14:00|Ana Lima|restore drill for the ledger db starting\n"
        "14:06|Ana Lima|restore finished in 20 seconds, the dump is almost empty\n"
        "14:09|Bo Chen|let's record this as a near miss\n"
        "14:12|Bo Chen|decision: take a fresh dump from the replica first\n"
        "14:40|Ana Lima|fresh dump done, 96 GB\n"
        "14:55|Ana Lima|updated the backup host with the new replica password\n"
    )
    assert events_of(channel) == [
        ("14:09", "declaration"), ("14:12", "decision"), ("14:40", "mitigation"), ("14:55", "mitigation"),
    ]


_NAMES = st.from_regex(r"[a-z]{2,8}[_-][a-z]?[0-9]{1,3}", fullmatch=True)  # orders_v4, pool-12, cdn-b7


@settings(max_examples=40, deadline=None)
@given(thing=_NAMES, target=_NAMES, verb=st.sampled_from(["switched", "repointed", "swapped", "rerouted"]))
def test_any_named_switch_reads_by_phase(thing, target, verb):
    said = f"{thing} {verb} to {target}"
    assert [kind for _, kind in events_of(f"09:50|Ana Lima|{said}")] == ["change"]
    assert kinds_after_alert(said) == ["mitigation"]
    assert kinds_after_alert(f"was {said}?") == []
