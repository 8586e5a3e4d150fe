"""Integrations that post into a chat under a plain name (a Telegram copy shows "Jira" exactly as it shows a person)
are bots: never responders, whatever format the paste is in."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.facts.roles import detect_roles
from agent.transcript import Source, parse_transcript

TODAY = date(2026, 11, 21)

CHANNEL = """\
Noor Haddad, [16.10.2026 09:02]
checkout latency is climbing again, anyone deploying?

Tracker, [16.10.2026 09:03]
OPS-311 Checkout p99 regression: assigned to Noor Haddad

Build Farm, [16.10.2026 09:04]
❌ checkout-api (main) #4410 failed: integration timeout

Wiktor Nowak, [16.10.2026 09:05]
✅ yes, I shipped 2.8 at 08:55, rolling it back now

Tracker, [16.10.2026 09:07]
OPS-311 Checkout p99 regression: moved to In Progress

Build Farm, [16.10.2026 09:09]
✅ checkout-api (main) #4411 passed in 6m 12s

Jenkins CI, [16.10.2026 09:10]
deploy of checkout-api 2.7.4 to prod finished

Tracker, [16.10.2026 09:14]
OPS-311 Checkout p99 regression: moved to Done

Build Farm, [16.10.2026 09:20]
❌ checkout-web (main) #4412 failed: lint

Wiktor Nowak, [16.10.2026 09:21]
p99 back under 300 ms after the rollback
"""


def parse(text: str):
    return parse_transcript(Source(name="chat.txt", text=text, encoding="utf-8"), today=TODAY)


def test_templated_and_known_integrations_are_bots_and_people_stay_people():
    transcript = parse(CHANNEL)
    kinds = {message.author: message.kind for message in transcript.messages}
    assert kinds == {"Noor Haddad": "chat", "Tracker": "bot", "Build Farm": "bot", "Wiktor Nowak": "chat",
                     "Jenkins CI": "bot"}


def test_no_integration_is_listed_as_a_responder():
    names = {assignment.name for assignment in detect_roles(parse(CHANNEL))}
    assert names == {"Noor Haddad", "Wiktor Nowak"}


@pytest.mark.parametrize("person", ["Ollie Jenkins", "Maya Sentry", "Dana Grafana"])
def test_a_person_whose_surname_is_a_systems_name_stays_a_person(person):
    text = (f"{person}, [16.10.2026 09:02]\nso push has been failing since 17:40 yesterday\n\n"
            "Jenkins CI, [16.10.2026 09:04]\ndeploy of push-service 4.1 to prod finished\n\n"
            "New Relic, [16.10.2026 09:05]\nApdex below 0.7 on push-service\n")
    kinds = {message.author: message.kind for message in parse(text).messages}
    assert kinds == {person: "chat", "Jenkins CI": "bot", "New Relic": "bot"}
    assert {assignment.name for assignment in detect_roles(parse(text))} == {person}


def test_two_templated_posts_are_too_few_to_call_an_author_a_bot():
    text = "\n".join(CHANNEL.split("\n")[:15])  # up to the Tracker's second post
    kinds = {message.author: message.kind for message in parse(text).messages}
    assert kinds["Tracker"] == "chat" and kinds["Build Farm"] == "chat"


OPENINGS = st.sampled_from(["checking", "rolled back", "ok so", "Paged", "the canary", "why", "db", "looks", "+1 on"])


@given(st.lists(st.tuples(OPENINGS, st.sampled_from(["", " OPS-12", " ✅ done", " #881"])), min_size=3, max_size=12))
def test_someone_who_opens_with_words_is_never_taken_for_a_bot(posts):
    text = "\n\n".join(f"Mei Lin, [16.10.2026 09:{minute:02d}]\n{opening}{tail}"
                       for minute, (opening, tail) in enumerate(posts))
    assert {message.kind for message in parse(text).messages} == {"chat"}


def test_a_slack_app_whose_name_is_no_persons_name_still_posts_its_own_message():
    text = ("Hana Sato  2:24 PM\ncan I tell customers anything yet?\n"
            "Shopfront Status  APP  2:26 PM\n[Investigating] Checkout errors\nWe're looking into failed payments.\n"
            "Hana Sato  2:27 PM\nthanks\n")
    messages = parse(text).messages
    assert [(m.line, m.author, m.kind) for m in messages] == [
        (1, "Hana Sato", "chat"), (3, "Shopfront Status", "bot"), (6, "Hana Sato", "chat")]


def test_a_slack_connect_badge_after_a_name_is_left_out_and_the_person_stays_a_person():
    """Slack Connect marks another company's people "External", two spaces after the name, as it marks apps "APP"."""
    text = ("Marisol Ortega  10:52 PM\nseeing ~30% of your webhooks failing our signature check\n"
            "Jonas Wirth  External  11:06 PM\nHi Marisol, Jonas from Fernhill on-call here. Looking.\n"
            "PagerDuty  APP  11:07 PM\nTriggered #48213: webhook_signature_failures > 5%\n"
            "Jonas Wirth  External  11:20 PM\nrolling back the delivery service\n")
    messages = parse(text).messages
    assert [(m.line, m.author, m.kind) for m in messages] == [
        (1, "Marisol Ortega", "chat"), (3, "Jonas Wirth", "chat"), (5, "PagerDuty", "alert"), (7, "Jonas Wirth", "chat")]


def test_slack_s_japanese_app_badge_marks_a_bot_and_is_no_author():
    text = ("昨日\nDatadog\nアプリ  午後11:38\nTriggered: [P2] orders-worker SQS age > 900s\n"
            "高橋 亮\n  午後11:41\n見てます、ログ確認中\n"
            "佐藤 美咲\n  午後11:44\nデプロイ戻しますか？\n"
            "高橋 亮\n  午後11:46\nはい、ロールバックお願いします\n"
            "Datadog\nアプリ  午後11:58\nRecovered: [P2] orders-worker SQS age\n")
    messages = parse(text).messages
    assert [(m.author, m.kind != "chat") for m in messages] == [
        ("Datadog", True), ("高橋 亮", False), ("佐藤 美咲", False), ("高橋 亮", False), ("Datadog", True)]
