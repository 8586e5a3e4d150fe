"""Requests addressed to a participant by name ("Marco, can you …"): who owns them after the replies."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.facts import extract_action_items, extract_facts
from agent.models import Message
from agent.transcript import load_transcript
from test_facts_actions import CREW, TUESDAY, items
from test_facts_chat import FIXTURES

# Yusuf asks; the crew of test_facts_actions plus Marco and Priya can be asked. The incident ends on
# line 50, so a request said on line 9 must carry a date or marker to count, as any follow-up during it must.
ADDRESSED = CREW + "14:05|Marco Bianchi|here\n14:06|Priya Raman|here\n14:07|Yusuf Demir|here\n"


def asked(*lines: str, after_line: int | None = 50):
    return [(i.owner, i.due, i.action, i.source_lines)
            for i in items(ADDRESSED + "\n".join(f"15:{n:02}|{line}" for n, line in enumerate(lines, 10)), after_line=after_line)]


@pytest.mark.parametrize(
    ("text", "owner", "due", "action"),
    [
        ("Marco, can you make the password rotation runbook include the cron hosts? by next Friday", "Marco Bianchi",
         date(2026, 3, 20), "Make the password rotation runbook include the cron hosts"),
        ("Priya — could you add the pool-size check to CI this week?", "Priya Raman", date(2026, 3, 13),
         "Add the pool-size check to CI"),
        ("Lee: please write up the DNS TTL change before Monday", "Lee Park", date(2026, 3, 16), "Write up the DNS TTL change"),
        ("Sam can you own the pgbouncer upgrade by Friday", "Sam Ortiz", date(2026, 3, 13), "The pgbouncer upgrade"),
        ("Thanks Dana, can you also file the ticket for the retry cap by tomorrow?", "Dana Okafor", date(2026, 3, 11),
         "File the ticket for the retry cap"),
        ("Marco Bianchi, would you please document the cron hosts? next week is fine", "Marco Bianchi", date(2026, 3, 20),
         "Document the cron hosts"),
        ("hey Priya - can you add a pool wait alert? by end of next week please", "Priya Raman", date(2026, 3, 20),
         "Add a pool wait alert"),
        ("the platform team, can you add a pool size lint by 2026-04-01?", "platform team", date(2026, 4, 1),
         "Add a pool size lint"),
    ],
)
def test_a_request_addressed_by_name_goes_to_that_participant(text, owner, due, action):
    assert asked(f"Yusuf Demir|{text}") == [(owner, due, action, [9])]


@pytest.mark.parametrize(
    "text",
    [
        "Marco, can you make the password rotation runbook include the cron hosts?",  # no date during the incident
        "Priya — could you add the pool-size check to CI?",
        "Lee: please write up the DNS TTL change",
        "Sam can you own the pgbouncer upgrade",
        "Thanks Dana, can you also file the ticket for the retry cap?",
        "Marco, can you make the runbook include the cron hosts? Friday I'm out though",  # not a due date
    ],
)
def test_the_same_request_during_the_incident_without_a_date_is_not_a_follow_up(text):
    assert asked(f"Yusuf Demir|{text}") == []


@pytest.mark.parametrize(
    "text",
    [
        "Marco, can you see the graph?",  # about now, not a follow-up
        "Marco, thanks!",
        "Friday, can we ship?",
        "Friday, can you make the runbook include the cron hosts?",
        "Grafana, can you show pool waits per pod by Friday?",
        "Postgres: please reject pool sizes below 30 by next week",
        "Ok can you file the ticket by tomorrow?",
        "marco, can you file the ticket by tomorrow?",  # a lower-case word is a name only when the person writes it so
        "I told Marco, can you believe the pool was 5",
        "Marco, can you tell me when the backup is done?",
    ],
)
def test_what_is_not_a_request_to_a_participant_gets_no_owner(text):
    assert [found for found in asked(f"Yusuf Demir|{text}", after_line=0) if found[0] is not None] == []


REQUEST = "Yusuf Demir|Marco, can you make the password rotation runbook include the cron hosts? by next Friday"


@pytest.mark.parametrize(
    ("replies", "owner", "lines"),
    [
        ([], "Marco Bianchi", [9]),  # a request stands until it is turned down
        (["Marco Bianchi|yes, will do"], "Marco Bianchi", [9, 10]),
        (["Marco Bianchi|which runbook, the db one?"], "Marco Bianchi", [9]),  # neither takes nor refuses it
        (["Marco Bianchi|no, I'm out next week"], None, [9, 10]),
        (["Dana Okafor|I can take that", "Marco Bianchi|thanks Dana"], "Dana Okafor", [9, 10]),
        (["Marco Bianchi|can't this week, Yusuf can take it", "Yusuf Demir|ok, I'll do it"], "Yusuf Demir", [9, 10, 11]),
        (["Marco Bianchi|not me, ask Lee", "Lee Park|sure"], "Lee Park", [9, 10, 11]),
        (["Marco Bianchi|can't this week, Yusuf can take it", "Dana Okafor|the graphs look fine"], None, [9, 10]),
        (["Marco Bianchi|can't this week, Grafana can do it"], None, [9, 10]),
        (["Yusuf Demir|Lee, can you add a DNS TTL alert by Friday?", "Lee Park|I can take that"], "Marco Bianchi", [9]),
    ],
)
def test_replies_settle_a_request_like_an_answered_question(replies, owner, lines):
    (request, *_) = asked(REQUEST, *replies)
    assert (request[0], request[3]) == (owner, lines)


def test_a_refused_question_passed_on_goes_to_whoever_confirms():
    passed = asked("Marcus Chen|Could Lee add a DNS TTL alert by Friday?", "Lee Park|no, Dana can take it",
                   "Dana Okafor|no problem")
    assert [(owner, lines) for owner, _, _, lines in passed] == [("Dana Okafor", [9, 10, 11])]


def test_a_whole_incident_with_requests_addressed_by_name():
    transcript = load_transcript(str(FIXTURES / "cache-warmup-requests.log"), today=date(2026, 11, 21))
    facts = extract_facts(transcript, today=date(2026, 11, 21))
    found = [(a.owner, a.due, a.source_lines) for a in facts.action_items]
    expected = [
        ("Tobias Lang", date(2026, 5, 22), [16, 17]),
        ("Rafael Costa", date(2026, 5, 15), [18, 19, 20]),  # Keiko passed it on, Rafael said yes
        ("Wren Adeyemi", date(2026, 5, 18), [21]),  # Keiko's "I can take that" answers the next request, not this
        ("Keiko Arai", None, [22, 23]),
        ("Wren Adeyemi", None, [24, 25]),
    ]
    # the learned reader may count more requests as follow-ups; the owned ones are there, in order, and a request
    # addressed to a bot or a weekday never makes it the owner
    assert [item for item in found if item in expected] == expected
    assert not {a.owner for a in facts.action_items} & {"Grafana", "Friday", "Thanks"}
    assert [a.action for a in facts.action_items][:2] == [
        "Make the deploy pipeline run the cache warm-up job before traffic moves", "Add an alert on the cache hit rate"
    ]


_ASKERS = ["Marco Bianchi", "Priya Raman", "Lee Park", "kofi", "Grafana APP"]
_ADDRESSEES = ["Marco", "Priya", "Lee", "kofi", "Kofi", "Friday", "Grafana", "Postgres", "Ok", "Thanks", "@cy", "@Lee",
               "the storage team", "our team", "Marco Bianchi", "Lee Park", "Monday"]
_GREETINGS = ["", "Thanks ", "hey ", "ok ", "- "]
_SEPARATORS = [", ", " — ", ": ", " - ", " ", ","]
_ASKS = ["can you ", "could you ", "would you please ", "please ", "can we ", "thanks", "can you also "]
_ACTIONS = ["add a pool alert", "see the graph", "own the upgrade", "take it", "write up the TTL change before Monday",
            "file the ticket? by next Friday", "be back", ""]
_REPLIES = ["yes, will do", "no, I'm out", "can't, Lee can take it", "not me, ask @cy", "I can take that", "which one?",
            "sure", "Grafana can do it", "ask the storage team"]
_ASKED_LINE = st.builds(lambda *parts: "".join(parts), *map(st.sampled_from, (_GREETINGS, _ADDRESSEES, _SEPARATORS, _ASKS, _ACTIONS)))
_REQUESTS = st.tuples(st.sampled_from(_ASKERS), st.one_of(_ASKED_LINE, st.sampled_from(_REPLIES), st.text(max_size=80)))


@settings(max_examples=150, deadline=None)
@given(st.lists(_REQUESTS, min_size=1, max_size=8), st.sampled_from([None, 0, 3]))
def test_requests_give_owners_who_are_participants_teams_or_handles_written_there(messages, end):
    start = datetime(2026, 3, 10, 10, 0)
    said = [Message(line=line, end_line=line, time=start + timedelta(minutes=line), author=author, text=text,
                    kind="bot" if author.endswith(" APP") else "chat")
            for line, (author, text) in enumerate(messages, start=1)]
    people = {m.author for m in said if m.kind == "chat"}
    for item in extract_action_items(said, incident_date=TUESDAY, roles=[], after_line=end):
        written = " ".join(m.text.lower() for m in said if m.line in item.source_lines)
        assert (
            item.owner is None or item.owner in people or item.owner.endswith(" team") or f"@{item.owner}".lower() in written
        ), (item, written)
