"""Chat messages as workplace tools' exports and APIs give them in JSON: Google Chat from Google Takeout, Microsoft
Teams from the Graph API, Webex's messages API and Mattermost's posts API (agent/transcript/chat_json.yaml)."""

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent.errors import InputError
from agent.transcript import Source, parse_transcript
from agent.transcript.prose_time import prose_moment
from test_transcript_json_exports import TODAY, drafted, line_of, read

GOOGLE_CHAT = """{
  "messages": [
    {
      "creator": {
        "name": "Ana Lima",
        "email": "ana.lima@example.com",
        "user_type": "Human"
      },
      "created_date": "Tuesday, March 10, 2026 at 2:05:12\u202fPM UTC",
      "text": "checkout is failing for about a fifth of users, looking",
      "topic_id": "kH3v9QmXy1E"
    },
    {
      "creator": {
        "name": "Incident Bot",
        "email": "incident-bot@system.gserviceaccount.com",
        "user_type": "Bot"
      },
      "created_date": "Tuesday, March 10, 2026 at 2:06:40\u202fPM UTC",
      "text": "Incident 2291 opened in this space, commander: Ana Lima",
      "topic_id": "Wp0s2LdTn8c"
    },
    {
      "creator": {
        "name": "Bo Chen",
        "email": "bo.chen@example.com",
        "user_type": "Human"
      },
      "created_date": "Tuesday, March 10, 2026 at 2:12:40\u202fPM UTC",
      "updated_date": "Tuesday, March 10, 2026 at 2:13:02\u202fPM UTC",
      "text": "ack, it lines up with the 13:55 deploy. rolling it back",
      "annotations": [
        {
          "start_index": 0,
          "length": 0,
          "url_metadata": {
            "title": "Deploy 8812 - payments-api",
            "url": {"private_do_not_access_or_else_safe_url_wrapped_value": "https://deploy.example.org/8812"}
          }
        }
      ],
      "topic_id": "kH3v9QmXy1E"
    },
    {
      "creator": {
        "name": "Bo Chen",
        "email": "bo.chen@example.com",
        "user_type": "Human"
      },
      "created_date": "Tuesday, March 10, 2026 at 2:14:05\u202fPM UTC",
      "attached_files": [
        {"original_name": "error-rate.png", "export_name": "File-error-rate.png"}
      ],
      "topic_id": "kH3v9QmXy1E"
    }
  ]
}
"""

TEAMS = """{
  "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#chats('19%3Aab12%40thread.v2')/messages",
  "@odata.count": 5,
  "value": [
    {
      "id": "1773152002000",
      "replyToId": null,
      "messageType": "message",
      "createdDateTime": "2026-03-10T14:30:02.118Z",
      "lastModifiedDateTime": "2026-03-10T14:30:02.118Z",
      "deletedDateTime": null,
      "chatId": "19:ab12@thread.v2",
      "importance": "normal",
      "from": {"application": null, "device": null,
               "user": {"id": "8ea0e38b", "displayName": "Bo Chen", "userIdentityType": "aadUser"}},
      "body": {"contentType": "html",
               "content": "<p>rollback done, errors back to normal since 14:24 &amp; queue drained</p><p>resolving</p>"},
      "attachments": [],
      "mentions": [],
      "reactions": []
    },
    {
      "id": "1773151980000",
      "replyToId": null,
      "messageType": "systemEventMessage",
      "createdDateTime": "2026-03-10T14:13:00Z",
      "from": null,
      "body": {"contentType": "html", "content": "<systemEventMessage/>"},
      "eventDetail": {
        "@odata.type": "#microsoft.graph.membersAddedEventMessageDetail",
        "visibleHistoryStartDateTime": "0001-01-01T00:00:00Z",
        "members": [{"id": "5e4b", "displayName": "Cruz Ortega", "userIdentityType": "aadUser"}],
        "initiator": {"application": null, "device": null,
                      "user": {"id": "8ea0e38b", "displayName": "Bo Chen", "userIdentityType": "aadUser"}}
      }
    },
    {
      "id": "1773151960000",
      "replyToId": null,
      "messageType": "message",
      "createdDateTime": "2026-03-10T14:12:40Z",
      "from": {"application": null, "device": null,
               "user": {"id": "8ea0e38b", "displayName": "Bo Chen", "userIdentityType": "aadUser"}},
      "body": {"contentType": "text", "content": "ack, rolling back the 13:55 deploy (p95 <2s before it)"},
      "attachments": [{"id": "a7", "contentType": "reference", "name": "deploy-8812.log",
                       "contentUrl": "https://contoso.sharepoint.com/deploy-8812.log"}]
    },
    {
      "id": "1773151600000",
      "replyToId": null,
      "messageType": "message",
      "createdDateTime": "2026-03-10T14:06:40.5Z",
      "from": {"application": {"id": "fa1c", "displayName": "Deploy Bot", "applicationIdentityType": "bot"},
               "device": null, "user": null},
      "body": {"contentType": "html", "content": "<div><b>payments-api</b> rollback started by Bo Chen<br>ETA 4 min</div>"}
    },
    {
      "id": "1773151512345",
      "replyToId": null,
      "messageType": "message",
      "createdDateTime": "2026-03-10T14:05:12.345Z",
      "from": {"application": null, "device": null,
               "user": {"id": "44c1", "displayName": "Ana Lima", "userIdentityType": "aadUser"}},
      "body": {"contentType": "html",
               "content": "<div><at id=\\"0\\">Bo Chen</at> checkout is failing for 20% of users since 13:58</div>"},
      "mentions": [{"id": 0, "mentionText": "Bo Chen", "mentioned": {"user": {"displayName": "Bo Chen"}}}],
      "replies": [
        {"id": "1773151530000", "replyToId": "1773151512345", "messageType": "message",
         "createdDateTime": "2026-03-10T14:05:30Z",
         "from": {"user": {"id": "5e4b", "displayName": "Cruz Ortega"}},
         "body": {"contentType": "text", "content": "seeing it in eu-west too"}}
      ]
    }
  ]
}
"""

WEBEX = """{
  "items": [
    {
      "id": "Y2lzY29zcGFyazovL3VzL01FU1NBR0UvMw",
      "roomId": "Y2lzY29zcGFyazovL3VzL1JPT00vaW5j",
      "roomType": "group",
      "parentId": "Y2lzY29zcGFyazovL3VzL01FU1NBR0UvMQ",
      "text": "the cert on lb-2 expired at 07:59, renewing",
      "markdown": "the cert on **lb-2** expired at 07:59, renewing",
      "personId": "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9vbWFy",
      "personEmail": "omar.haddad@example.com",
      "created": "2026-04-02T08:05:00.120Z"
    },
    {
      "id": "Y2lzY29zcGFyazovL3VzL01FU1NBR0UvMg",
      "roomId": "Y2lzY29zcGFyazovL3VzL1JPT00vaW5j",
      "roomType": "group",
      "text": "ALERT login-5xx: 100% of requests failing",
      "personId": "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9ib3Q",
      "personEmail": "statusbot@webex.bot",
      "created": "2026-04-02T08:01:30.000Z"
    },
    {
      "id": "Y2lzY29zcGFyazovL3VzL01FU1NBR0UvMQ",
      "roomId": "Y2lzY29zcGFyazovL3VzL1JPT00vaW5j",
      "roomType": "group",
      "text": "login service returns 502 for everyone",
      "html": "<p>login service returns 502 for everyone</p>",
      "personId": "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9hbmE",
      "personEmail": "ana.lima@example.com",
      "created": "2026-04-02T08:01:00.000Z"
    }
  ]
}
"""

MATTERMOST_API = """{
  "order": ["qq3xw1mdujrzmy6b8rp4x3ttwa", "9ko5hx3wibgzxdnp7rmx1ueoty", "b5kghq1z7bn8ub4rbnd8pb5p4r",
            "hz3nbu9xsjfj5cmbgwe4pn6m1o"],
  "posts": {
    "hz3nbu9xsjfj5cmbgwe4pn6m1o": {
      "id": "hz3nbu9xsjfj5cmbgwe4pn6m1o",
      "create_at": 1781280000000,
      "update_at": 1781280000000,
      "delete_at": 0,
      "user_id": "4xp9fdt8wbbwfmpkr3jwbn9d1y",
      "channel_id": "kq7xc3n1e7gxbrj6dqh8s5u4ea",
      "root_id": "",
      "type": "system_join_channel",
      "message": "jdiaz joined the channel.",
      "props": {"username": "jdiaz"}
    },
    "b5kghq1z7bn8ub4rbnd8pb5p4r": {
      "id": "b5kghq1z7bn8ub4rbnd8pb5p4r",
      "create_at": 1781280060000,
      "user_id": "4xp9fdt8wbbwfmpkr3jwbn9d1y",
      "channel_id": "kq7xc3n1e7gxbrj6dqh8s5u4ea",
      "root_id": "",
      "type": "",
      "message": "queue depth is 2M and climbing, consumers stuck",
      "props": {}
    },
    "9ko5hx3wibgzxdnp7rmx1ueoty": {
      "id": "9ko5hx3wibgzxdnp7rmx1ueoty",
      "create_at": 1781280120000,
      "user_id": "i8sjwcafx7bsxn4xkrmn6s3c3h",
      "channel_id": "kq7xc3n1e7gxbrj6dqh8s5u4ea",
      "root_id": "b5kghq1z7bn8ub4rbnd8pb5p4r",
      "type": "",
      "message": "restarting the consumer pool",
      "props": {}
    },
    "qq3xw1mdujrzmy6b8rp4x3ttwa": {
      "id": "qq3xw1mdujrzmy6b8rp4x3ttwa",
      "create_at": 1781281800000,
      "user_id": "p1d5pb6m6idpxryowa1xqj1yqh",
      "channel_id": "kq7xc3n1e7gxbrj6dqh8s5u4ea",
      "root_id": "",
      "type": "slack_attachment",
      "message": "",
      "props": {"from_webhook": "true", "override_username": "Opsgenie",
                "attachments": [{"pretext": "", "title": "Alert closed: queue-depth", "text": "P2, closed by hpark"}]}
    }
  },
  "next_post_id": "",
  "prev_post_id": "",
  "has_next": false
}
"""


def test_google_chat_takeout_prose_dates_bots_files_links_and_topics(tmp_path):
    transcript = read(tmp_path, "messages.json", GOOGLE_CHAT)
    assert transcript.format == "google-chat-json"
    report, page, ack, screenshot = transcript.messages
    assert (report.author, report.time, report.clock_zone) == ("Ana Lima", datetime(2026, 3, 10, 14, 5, 12, tzinfo=UTC),
                                                               "UTC")
    assert report.line == line_of(GOOGLE_CHAT, '"creator"') - 1  # where the message object opens
    assert (page.kind, page.author) == ("bot", "Incident Bot")
    assert ack.text == "ack, it lines up with the 13:55 deploy. rolling it back\n[link: Deploy 8812 - payments-api]"
    assert screenshot.text == "[file: error-rate.png]" and screenshot.author == "Bo Chen"
    # the messages of a topic answer its first message; the bot's page is a topic of its own
    assert ack.thread_parent_line == screenshot.thread_parent_line == report.line
    assert page.thread_parent_line is None and report.thread_parent_line is None


def test_google_chat_dates_keep_their_written_offset(tmp_path):
    in_berlin = GOOGLE_CHAT.replace("\u202fPM UTC", "\u202fPM GMT+02:00", 1)
    first = read(tmp_path, "messages.json", in_berlin).messages[0]
    assert first.time == datetime(2026, 3, 10, 14, 5, 12, tzinfo=timezone(timedelta(hours=2)))
    assert first.clock_zone == "UTC+02:00"


def test_google_chat_without_a_name_is_named_by_the_address(tmp_path):
    document = json.loads(GOOGLE_CHAT)
    del document["messages"][0]["creator"]["name"]
    transcript = read(tmp_path, "messages.json", json.dumps(document, indent=2))
    assert transcript.messages[0].author == "ana.lima"


@pytest.mark.parametrize("written, meant", [
    ("Tuesday, March 10, 2026 at 2:05:12 PM UTC", datetime(2026, 3, 10, 14, 5, 12, tzinfo=UTC)),
    ("Tuesday, 10 March 2026 at 14:05:12 GMT-05:00", datetime(2026, 3, 10, 19, 5, 12, tzinfo=UTC)),
    ("Wednesday, March 11, 2026 at 12:00:01\u202fAM UTC", datetime(2026, 3, 11, 0, 0, 1, tzinfo=UTC)),
    ("March 10, 2026 at 9:30 AM", datetime(2026, 3, 10, 9, 30)),
    ("Monday, February 30, 2026 at 2:05:12 PM UTC", None),
    ("Tuesday, March 10, 2026 at 13:05:12 PM UTC", None),
    ("Tuesday, March 10, 2026 at 2:05:12 PM Mars/Olympus", None),
    ("the deploy at 2:05 PM", None),
])
def test_prose_dates(written, meant):
    assert prose_moment(written) == meant


def test_teams_graph_newest_first_html_bots_system_events_and_replies(tmp_path):
    transcript = read(tmp_path, "messages.json", TEAMS)
    assert transcript.format == "teams-graph-json"
    report, reply, rollout, ack, added, resolved = transcript.messages
    assert [m.time for m in transcript.messages] == sorted(m.time for m in transcript.messages)
    assert report.text == "Bo Chen checkout is failing for 20% of users since 13:58"
    assert report.time == datetime(2026, 3, 10, 14, 5, 12, tzinfo=UTC)
    assert report.line == line_of(TEAMS, '"id": "1773151512345"') - 1
    assert (reply.author, reply.line, reply.thread_parent_line) == ("Cruz Ortega", report.line, report.line)
    assert (rollout.kind, rollout.author, rollout.text) == ("bot", "Deploy Bot", "payments-api rollback started by Bo Chen\nETA 4 min")
    assert ack.text == "ack, rolling back the 13:55 deploy (p95 <2s before it)\n[file: deploy-8812.log]"  # not HTML
    assert (added.kind, added.author) == ("system", "Bo Chen")
    assert "membersAdded" in added.text
    assert resolved.text == "rollback done, errors back to normal since 14:24 & queue drained\n\nresolving"
    assert resolved.line == line_of(TEAMS, '"id": "1773152002000"') - 1


def test_teams_replies_fetched_on_their_own_keep_their_parent(tmp_path):
    document = json.loads(TEAMS)
    report = document["value"][-1]
    document["value"].insert(0, report.pop("replies")[0])
    transcript = read(tmp_path, "messages.json", json.dumps(document, indent=1))
    reply = next(m for m in transcript.messages if m.author == "Cruz Ortega")
    first = transcript.messages[0]
    assert first.author == "Ana Lima" and reply.thread_parent_line == first.line != reply.line


def test_teams_events_without_detail_or_sender_and_cards_without_text(tmp_path):
    document = json.loads(TEAMS)
    added, rollout = document["value"][1], document["value"][3]
    del added["eventDetail"]
    rollout["body"]["content"] = '<attachment id="74d20c7f34aa4a7fb74e2b30004247c5"></attachment>'
    transcript = read(tmp_path, "messages.json", json.dumps(document, indent=1))
    event = next(m for m in transcript.messages if m.kind == "system")
    card = next(m for m in transcript.messages if m.author == "Deploy Bot")
    assert (event.author, event.text) == (None, "systemEventMessage")
    assert (card.kind, card.text) == ("bot", "")


def test_webex_newest_first_addresses_bots_and_replies(tmp_path):
    transcript = read(tmp_path, "messages.json", WEBEX)
    assert transcript.format == "webex-json"
    report, alert, cause = transcript.messages
    assert (report.author, report.time) == ("ana.lima", datetime(2026, 4, 2, 8, 1, tzinfo=UTC))
    assert (alert.kind, alert.author) == ("bot", "statusbot")
    assert cause.author == "omar.haddad" and cause.text == "the cert on lb-2 expired at 07:59, renewing"
    assert cause.thread_parent_line == report.line == line_of(WEBEX, '"id": "Y2lzY29zcGFyazovL3VzL01FU1NBR0UvMQ"') - 1


def test_mattermost_api_posts_by_id_with_ids_as_authors(tmp_path):
    transcript = read(tmp_path, "posts.json", MATTERMOST_API)
    assert transcript.format == "mattermost-json"
    joined, report, restart, closed = transcript.messages
    assert joined.kind == "system" and joined.line == line_of(MATTERMOST_API, '"hz3nbu9xsjfj5cmbgwe4pn6m1o": {')
    assert (report.author, report.time) == ("4xp9fdt8wbbwfmpkr3jwbn9d1y", datetime(2026, 6, 12, 16, 1, tzinfo=UTC))
    assert restart.thread_parent_line == report.line == line_of(MATTERMOST_API, '"b5kghq1z7bn8ub4rbnd8pb5p4r": {')
    assert (closed.kind, closed.author) == ("bot", "Opsgenie")
    assert closed.text == "Alert closed: queue-depth\nP2, closed by hpark"
    assert any("2 author(s) shown as their user id" in warning for warning in transcript.warnings)


def test_unknown_json_names_the_exports_it_is_not(tmp_path):
    with pytest.raises(InputError) as raised:
        read(tmp_path, "chat.json", '{"value": [{"kind": "note", "when": "yesterday"}]}')
    said = str(raised.value)
    assert all(name in said for name in ("Google Chat", "Microsoft Teams", "Webex", "Mattermost API")), said
    assert "\n" not in said


def test_a_forced_format_on_another_api_says_what_was_expected(tmp_path):
    with pytest.raises(InputError, match="not a webex-json export"):
        read(tmp_path, "messages.json", TEAMS, fmt="webex-json")


def test_draft_offline_reads_a_google_chat_takeout(tmp_path):
    draft = drafted(tmp_path, "messages.json", GOOGLE_CHAT)
    first = draft["timeline"][0]
    assert (first["time"], first["source_lines"]) == ("2026-03-10T14:05:12Z", [line_of(GOOGLE_CHAT, '"creator"') - 1])


_LEAF = st.none() | st.booleans() | st.integers() | st.text(max_size=12) | st.sampled_from([
    "Monday, February 30, 2026 at 13:99 PM GMT+99:00", "html", "text", "message", "systemEventMessage", "Bot",
    "Human", "@", "<p>a &amp; b</p>", "<div><br></div>", "<<>", "</p>", "<at id=0>Bo</at>", "system_join_channel",
    "true", "t1", -1,
])
# Mostly what the exporters write, so that most documents are read, and now and then anything.
_TIME = st.sampled_from([
    "Tuesday, March 10, 2026 at 2:05:12\u202fPM UTC", "Tuesday, 10 March 2026 at 14:05 GMT+02:00",
    "Wednesday, March 11, 2026 at 12:01:00 AM UTC", "2026-03-10T14:05:12.345Z", "2026-03-10T15:05:12+01:00",
    1781280000000, "Monday, February 30, 2026 at 13:99 PM GMT+99:00", None,
])
_NAME = st.sampled_from(["Ana Lima", "bo.chen@example.com", "statusbot@webex.bot", "4xp9fdt8wbbwfmpkr3jwbn9d1y", "@",
                         "", None, 7])


def _object(required: dict | None = None, **optional: st.SearchStrategy) -> st.SearchStrategy:
    """Objects with the `required` keys in their usual shape and any of the optional ones, in their usual shape or
    holding any value."""
    return st.fixed_dictionaries(required or {},
                                 optional={key: shape | _LEAF for key, shape in optional.items()})


def _listed(shape: st.SearchStrategy) -> st.SearchStrategy:
    return st.lists(shape | _LEAF, min_size=1, max_size=5)


_NAMED = _object({"displayName": _NAME}, id=_LEAF)
_TEAMS_MESSAGE = _object(
    {"messageType": st.sampled_from(["message", "systemEventMessage"]), "createdDateTime": _TIME,
     "from": _object({"user": _NAMED}) | _object({"application": _NAMED}) | st.none()},
    id=_LEAF, replyToId=_LEAF, body=_object(contentType=st.sampled_from(["html", "text"]), content=_LEAF),
    attachments=_listed(_object(name=_LEAF)),
    eventDetail=_object(**{"@odata.type": _LEAF, "initiator": _object(user=_NAMED, application=_NAMED)}),
)
_SHAPES = st.one_of(
    _object({"messages": _listed(_object(
        {"creator": _object({"name": _NAME}, email=_NAME, user_type=st.sampled_from(["Human", "Bot"])),
         "created_date": _TIME},
        updated_date=_TIME, text=_LEAF, topic_id=_LEAF,
        attached_files=_listed(_object(original_name=_LEAF, export_name=_LEAF)),
        annotations=_listed(_object(url_metadata=_object(title=_LEAF), drive_metadata=_object(title=_LEAF))),
    ))}),
    _object({"value": _listed(_TEAMS_MESSAGE | _object({"replies": _listed(_TEAMS_MESSAGE)}, id=_LEAF,
                                                       messageType=_LEAF, createdDateTime=_TIME))}),
    _object({"items": _listed(_object({"personEmail": _NAME, "created": _TIME}, id=_LEAF, text=_LEAF,
                                      markdown=_LEAF, parentId=_LEAF))}),
    _object({"order": _listed(_LEAF), "posts": st.dictionaries(st.text(max_size=4), _object(
        {"user_id": _NAME, "create_at": _TIME}, id=_LEAF, message=_LEAF, type=_LEAF, root_id=_LEAF,
        props=_object(from_webhook=_LEAF, override_username=_NAME, attachments=_listed(_object(title=_LEAF))),
    ), min_size=1, max_size=5)}),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=_SHAPES)
def test_any_json_of_these_shapes_reads_in_time_order_or_raises_one_line_input_error(document):
    source = Source(name="fuzz.json", text=json.dumps(document, indent=1), encoding="utf-8")
    try:
        transcript = parse_transcript(source, today=TODAY)
    except InputError as error:
        assert "\n" not in str(error)
        return
    assert all(message.line >= 1 for message in transcript.messages)
    times = [message.time for message in transcript.messages]
    if None not in times and len({time.tzinfo is None for time in times}) == 1:
        assert times == sorted(times)
