"""Chat exports written as JSON by tools other than Slack: Telegram Desktop, DiscordChatExporter, Element (Matrix),
Mattermost's bulk export (JSON Lines), Rocket.Chat, Zulip, and any list of message objects with recognisable keys."""

import json
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent.errors import InputError
from agent.transcript import FORMATS, Source, load_transcript, parse_transcript

TODAY = date(2026, 11, 21)

TELEGRAM = """{
 "name": "inc-2291 payments",
 "type": "private_supergroup",
 "id": 4410021,
 "messages": [
  {
   "id": 101,
   "type": "service",
   "date": "2026-03-10T15:01:40",
   "date_unixtime": "1773151300",
   "actor": "Ana Lima",
   "actor_id": "user5501",
   "action": "create_group",
   "title": "inc-2291 payments",
   "members": ["Ana Lima", "Bo Chen"],
   "text": "",
   "text_entities": []
  },
  {
   "id": 102,
   "type": "message",
   "date": "2026-03-10T15:02:11",
   "date_unixtime": "1773151331",
   "from": "Ana Lima",
   "from_id": "user5501",
   "text": ["checkout errors at 40%, see ", {"type": "link", "text": "https://grafana.example.org/d/pay"}, " - paging ",
            {"type": "mention", "text": "@bochen"}],
   "text_entities": []
  },
  {
   "id": 103,
   "type": "message",
   "date": "2026-03-10T15:04:02",
   "date_unixtime": "1773151442",
   "from": "Bo Chen",
   "from_id": "user5502",
   "reply_to_message_id": 102,
   "text": "rolling back deploy 8812 now",
   "text_entities": [{"type": "plain", "text": "rolling back deploy 8812 now"}]
  }
 ]
}
"""

DISCORD = """{
  "guild": {"id": "90210", "name": "Acme Ops", "iconUrl": "https://cdn.example.org/icon.png"},
  "channel": {"id": "7001", "type": "GuildTextChat", "categoryId": "7000", "category": "incidents",
              "name": "inc-db-failover", "topic": null},
  "dateRange": {"after": null, "before": null},
  "exportedAt": "2026-06-02T09:00:00+02:00",
  "messages": [
    {
      "id": "1001",
      "type": "Default",
      "timestamp": "2026-06-01T23:40:05.120+02:00",
      "timestampEdited": null,
      "isPinned": false,
      "content": "",
      "author": {"id": "55", "name": "PagerBot", "discriminator": "0000", "nickname": "PagerBot", "isBot": true},
      "attachments": [],
      "embeds": [{"title": "Replica db-main-2 is behind", "description": "lag 94s, runbook: wiki/db-lag"}],
      "reactions": [],
      "mentions": []
    },
    {
      "id": "1002",
      "type": "Default",
      "timestamp": "2026-06-01T23:42:10.000+02:00",
      "content": "ack, looking. the replica fell behind after the vacuum job",
      "author": {"id": "56", "name": "mkowalski", "discriminator": "0000", "nickname": "Marta Kowalski",
                 "isBot": false},
      "attachments": [{"id": "9", "url": "lag.png", "fileName": "lag.png", "fileSizeBytes": 2048}],
      "embeds": []
    },
    {
      "id": "1003",
      "type": "Reply",
      "timestamp": "2026-06-01T23:47:30.000+02:00",
      "content": "failing over to db-main-3",
      "author": {"id": "57", "name": "tnguyen", "discriminator": "0000", "nickname": null, "isBot": false},
      "reference": {"messageId": "1002", "channelId": "7001", "guildId": "90210"}
    },
    {
      "id": "1004",
      "type": "ChannelPinnedMessage",
      "timestamp": "2026-06-01T23:48:00.000+02:00",
      "content": "Pinned a message.",
      "author": {"id": "56", "name": "mkowalski", "discriminator": "0000", "nickname": "Marta Kowalski",
                 "isBot": false}
    }
  ],
  "messageCount": 4
}
"""

MATRIX = """{
  "room_name": "#incident-417",
  "room_creator": "Sam Okafor",
  "topic": "API latency",
  "export_date": "2026-08-17",
  "exported_by": "Sam Okafor",
  "messages": [
    {
      "type": "m.room.member",
      "sender": "@sam:example.org",
      "state_key": "@sam:example.org",
      "content": {"membership": "join", "displayname": "Sam Okafor"},
      "origin_server_ts": 1786930200000,
      "event_id": "$join1",
      "room_id": "!r1:example.org"
    },
    {
      "type": "m.room.message",
      "sender": "@sam:example.org",
      "content": {"msgtype": "m.text", "body": "p99 latency on the API is 4s since 01:10"},
      "origin_server_ts": 1786930260000,
      "event_id": "$m1",
      "room_id": "!r1:example.org"
    },
    {
      "type": "m.room.message",
      "sender": "@alertbot:example.org",
      "content": {"msgtype": "m.notice", "body": "Alert resolved: api-latency-p99"},
      "origin_server_ts": 1786931100000,
      "event_id": "$m2",
      "room_id": "!r1:example.org"
    },
    {
      "type": "m.room.message",
      "sender": "@lea:example.org",
      "content": {"msgtype": "m.text", "body": "> <@sam:example.org> p99 latency\\n\\nit was the cache node restart",
                  "m.relates_to": {"m.in_reply_to": {"event_id": "$m1"}}},
      "origin_server_ts": 1786931160000,
      "event_id": "$m3",
      "room_id": "!r1:example.org"
    }
  ]
}
"""

MATTERMOST = "\n".join(json.dumps(line) for line in [
    {"type": "version", "version": 1, "info": {"generator": "mattermost-server", "version": "9.5.0"}},
    {"type": "team", "team": {"name": "ops", "display_name": "Ops", "type": "O"}},
    {"type": "channel", "channel": {"team": "ops", "name": "inc-queue", "display_name": "inc queue", "type": "O"}},
    {"type": "user", "user": {"username": "jdiaz", "first_name": "Jorge", "last_name": "Diaz"}},
    {"type": "post", "post": {"team": "ops", "channel": "inc-queue", "user": "jdiaz",
                              "message": "queue depth is 2M and climbing, consumers stuck", "create_at": 1781280000000,
                              "replies": [{"user": "hpark", "message": "restarting the consumer pool",
                                           "create_at": 1781280120000}]}},
    {"type": "post", "post": {"team": "ops", "channel": "inc-queue", "user": "opsgenie",
                              "message": "Alert closed: queue-depth", "create_at": 1781281800000,
                              "props": {"from_webhook": "true"}}},
    {"type": "direct_post", "direct_post": {"channel_members": ["jdiaz", "hpark"], "user": "hpark",
                                            "message": "can you write the timeline?", "create_at": 1781282000000}},
]) + "\n"

ROCKETCHAT = """[
  {"_id": "r1", "rid": "GENERAL", "t": "uj", "msg": "ana.lima", "ts": {"$date": "2026-04-02T08:00:00.000Z"},
   "u": {"_id": "u1", "username": "ana.lima", "name": "Ana Lima"}},
  {"_id": "r2", "rid": "GENERAL", "msg": "login service returns 502 for everyone",
   "ts": {"$date": "2026-04-02T08:01:00.000Z"}, "u": {"_id": "u1", "username": "ana.lima", "name": "Ana Lima"}},
  {"_id": "r3", "rid": "GENERAL", "msg": "the cert expired at 07:59, renewing", "tmid": "r2",
   "ts": "2026-04-02T08:05:00.000Z", "u": {"_id": "u2", "username": "omar", "name": "Omar Haddad"}}
]
"""

ZULIP = """{
  "result": "success",
  "msg": "",
  "messages": [
    {"id": 301, "sender_id": 8, "sender_full_name": "Priya Raman", "sender_email": "priya@example.org",
     "timestamp": 1790000000, "content": "<p>DNS lookups failing in <strong>eu-west</strong> &amp; us-east</p>",
     "subject": "dns outage", "type": "stream", "display_recipient": "incidents"},
    {"id": 302, "sender_id": 9, "sender_full_name": "Statuspage", "sender_email": "statuspage-bot@example.org",
     "timestamp": 1790000300, "content": "<p>Incident posted: degraded DNS</p>", "subject": "dns outage",
     "type": "stream", "display_recipient": "incidents"}
  ]
}
"""

GENERIC = """[
  {"user": {"name": "Kim Lee"}, "created_at": "2026-09-03T10:15:00-04:00", "body": "disk full on build-07"},
  {"user": {"name": "Ravi Shah"}, "created_at": "2026-09-03T10:18:00-04:00", "body": "cleared the docker cache"},
  {"user": {"name": "Kim Lee"}, "created_at": "2026-09-03T10:25:00-04:00", "body": "builds green again"}
]
"""


def read(tmp_path, name: str, content: str, **options):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return load_transcript(str(path), today=TODAY, **options)


def line_of(content: str, needle: str) -> int:
    """The 1-based line of the first line holding `needle`."""
    return next(number for number, line in enumerate(content.split("\n"), start=1) if needle in line)


def test_every_json_format_is_a_format_name():
    assert {"telegram-json", "discord-json", "matrix-json", "mattermost-jsonl", "rocketchat-json", "zulip-json",
            "chat-json"} <= set(FORMATS)


def test_telegram_rich_text_service_entries_and_replies(tmp_path):
    transcript = read(tmp_path, "result.json", TELEGRAM)
    assert transcript.format == "telegram-json"
    service, report, rollback = transcript.messages
    assert (service.kind, service.author, service.text) == ("system", "Ana Lima", "create_group")
    assert report.text == "checkout errors at 40%, see https://grafana.example.org/d/pay - paging @bochen"
    assert report.time == datetime(2026, 3, 10, 14, 2, 11, tzinfo=UTC)
    assert report.line == line_of(TELEGRAM, '"id": 102') - 1
    assert rollback.thread_parent_line == report.line
    assert (rollback.author, rollback.kind) == ("Bo Chen", "chat")


def test_telegram_without_unix_times_keeps_the_local_clock_for_tz(tmp_path):
    local_only = TELEGRAM.replace('"date_unixtime"', '"date_unix_removed"')
    transcript = read(tmp_path, "result.json", local_only, tz="Europe/Lisbon")
    assert transcript.messages[1].time == datetime(2026, 3, 10, 15, 2, 11, tzinfo=UTC)  # Lisbon is UTC in March


def test_discord_nicknames_offsets_bots_embeds_and_system_types(tmp_path):
    transcript = read(tmp_path, "inc-db-failover.json", DISCORD)
    assert transcript.format == "discord-json"
    alert, ack, failover, pinned = transcript.messages
    assert alert.kind == "bot" and alert.text == "Replica db-main-2 is behind\nlag 94s, runbook: wiki/db-lag"
    assert ack.author == "Marta Kowalski" and ack.text.endswith("[file: lag.png]")
    assert ack.time == datetime(2026, 6, 1, 21, 42, 10, tzinfo=UTC)
    assert ack.clock_zone == "UTC+02:00"
    assert failover.author == "tnguyen" and failover.thread_parent_line == ack.line
    assert pinned.kind == "system"
    assert ack.line == line_of(DISCORD, '"id": "1002"') - 1


def test_matrix_events_display_names_notices_and_replies(tmp_path):
    transcript = read(tmp_path, "export.json", MATRIX)
    assert transcript.format == "matrix-json"
    join, report, resolved, cause = transcript.messages
    assert (join.kind, join.text) == ("system", "join")
    assert join.author == report.author == "Sam Okafor"  # the member event names the sender
    assert cause.author == "@lea:example.org" and report.time == datetime(2026, 8, 17, 1, 31, tzinfo=UTC)
    assert resolved.kind == "bot"
    assert cause.thread_parent_line == report.line and "cache node restart" in cause.text


def test_mattermost_bulk_export_lines_users_replies_and_webhooks(tmp_path):
    transcript = read(tmp_path, "export.jsonl", MATTERMOST)
    assert transcript.format == "mattermost-jsonl"
    post, reply, closed, direct = transcript.messages
    assert (post.author, post.line) == ("Jorge Diaz", 5)  # from the user line
    assert (reply.author, reply.line, reply.thread_parent_line) == ("hpark", 5, 5)
    assert reply.time == datetime(2026, 6, 12, 16, 2, tzinfo=UTC)
    assert closed.kind == "bot" and direct.line == 7 and direct.text == "can you write the timeline?"


def test_rocketchat_dates_system_lines_and_threads(tmp_path):
    transcript = read(tmp_path, "history.json", ROCKETCHAT)
    assert transcript.format == "rocketchat-json"
    joined, report, cause = transcript.messages
    assert joined.kind == "system"
    assert (report.author, report.time) == ("Ana Lima", datetime(2026, 4, 2, 8, 1, tzinfo=UTC))
    assert cause.thread_parent_line == report.line == 4


def test_zulip_html_content_and_bot_senders(tmp_path):
    transcript = read(tmp_path, "messages.json", ZULIP)
    assert transcript.format == "zulip-json"
    report, status = transcript.messages
    assert report.text == "DNS lookups failing in eu-west & us-east"
    assert status.kind == "bot" and status.author == "Statuspage"


def test_a_tool_we_do_not_list_reads_from_its_keys(tmp_path):
    transcript = read(tmp_path, "chat.json", GENERIC)
    assert transcript.format == "chat-json"
    assert [m.author for m in transcript.messages] == ["Kim Lee", "Ravi Shah", "Kim Lee"]
    assert transcript.messages[1].time == datetime(2026, 9, 3, 14, 18, tzinfo=UTC)
    assert [m.line for m in transcript.messages] == [2, 3, 4]


def test_newest_first_answers_are_put_in_time_order(tmp_path):
    newest_first = json.dumps({"messages": list(reversed(json.loads(ZULIP)["messages"]))}, indent=1)
    transcript = read(tmp_path, "messages.json", newest_first)
    assert [m.author for m in transcript.messages] == ["Priya Raman", "Statuspage"]


def test_slack_channel_files_still_go_to_the_slack_reader(tmp_path):
    slack = '[{"type": "message", "user": "U1", "text": "db is down", "ts": "1773151331.0002"}]'
    assert read(tmp_path, "general.json", slack).format == "slack-export"


@pytest.mark.parametrize("content, said", [
    ('{"messages": [{"from": "Ana", "date": "2026-03-10T15:02:11", "text": "x"', "malformed JSON at line 1"),
    ('{"name": "package", "version": "1.0.2", "dependencies": {"left-pad": "1.3.0"}}', "not a Slack export"),
    ('{"messages": ' + "[" * 5000 + "]" * 5000 + "}", "nested too deeply"),
])
def test_bad_json_is_one_line_input_error(tmp_path, content, said):
    with pytest.raises(InputError) as raised:
        read(tmp_path, "chat.json", content)
    assert said in str(raised.value) and "\n" not in str(raised.value)


def test_a_format_forced_on_another_shape_says_what_was_expected(tmp_path):
    with pytest.raises(InputError, match="not a discord-json export"):
        read(tmp_path, "result.json", TELEGRAM, fmt="discord-json")


def test_wrong_encoding_is_read_or_refused_in_one_line(tmp_path):
    path = tmp_path / "result.json"
    path.write_bytes(TELEGRAM.replace("Ana Lima", "Ana Lim\u00e3").encode("utf-16"))
    assert load_transcript(str(path), today=TODAY).messages[1].author == "Ana Lim\u00e3"
    path.write_bytes(b'{"messages": [\x00\x01\x02]}')
    with pytest.raises(InputError):
        load_transcript(str(path), today=TODAY)


def drafted(tmp_path, name: str, content: str) -> dict:
    """`draft FILE --offline --json` of the export, which runs (exit 0, or 1 for gates left open)."""
    from cli_runner import postmortem

    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = postmortem("draft", str(path), "--offline", "--no-kb", "--json", text=True)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_draft_offline_reads_a_discord_export(tmp_path):
    draft = drafted(tmp_path, "inc-db-failover.json", DISCORD)
    mitigation = next(event for event in draft["timeline"] if event["kind"] == "mitigation")
    assert mitigation["time"] == "2026-06-01T21:47:30Z"
    assert mitigation["source_lines"] == [line_of(DISCORD, '"id": "1003"') - 1]
    assert draft["metrics"]["acknowledged"] == "2026-06-01T21:42:10Z"


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["messages", "from", "date", "text", "type", "author", "timestamp", "content", "user", "ts",
                         "msg", "u", "post", "create_at", "message", "sender", "origin_server_ts", "id", "$date",
                         "reply_to_message_id", "replies", "guild", "channel", "embeds"]) | st.text(max_size=5),
        inner, max_size=6),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=_JSON, lines=st.booleans())
def test_arbitrary_json_reads_or_raises_input_error(document, lines):
    as_lines = lines and isinstance(document, list)  # JSON Lines
    text = "\n".join(map(json.dumps, document)) if as_lines else json.dumps(document, indent=1)
    source = Source(name="fuzz.json", text=text, encoding="utf-8")
    try:
        transcript = parse_transcript(source, today=TODAY)
    except InputError as error:
        assert "\n" not in str(error)
        return
    assert all(message.line >= 1 for message in transcript.messages)
