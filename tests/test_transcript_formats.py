"""Every supported format, parsed from fixtures of our own writing: exact lines, authors, kinds and times."""

import json
from datetime import UTC, date, datetime

import pytest

from agent.transcript import FORMATS, load_transcript, read_source
from agent.transcript.detect import detect_format

TODAY = date(2026, 11, 21)


@pytest.fixture
def transcripts(fixtures_dir):
    return fixtures_dir / "transcripts"


def rows(transcript):
    return [(m.line, m.end_line, m.time, m.kind, m.author) for m in transcript.messages]


def test_public_format_names():
    assert FORMATS[:9] == ("slack", "slack-export", "irc", "iso", "datetime-name", "teams", "zoom", "plain", "alerts")
    assert set(FORMATS[9:]) == {
        "incident-csv", "table", "feed", "status-history", "closing-time", "discord", "telegram", "rocketchat",
        "mattermost", "google-chat", "whatsapp",
        "signal", "kakaotalk", "matrix", "jira", "jira-xml", "servicenow", "pagerduty", "opsgenie", "webex", "zoom-captions", "event-log",
        "email", "discourse", "github", "linear", "telegram-json", "discord-json", "matrix-json", "mattermost-jsonl",
        "rocketchat-json", "zulip-json", "google-chat-json", "teams-graph-json", "webex-json", "mattermost-json",
        "chat-json", "html", "telegram-html", "discord-html", "element-html",
        "slack-html", "teams-html",
    }


def test_bundled_slack_example_parses_with_year_from_weekday(fixtures_dir):
    example = fixtures_dir.parent.parent / "examples" / "checkout-outage.slack.txt"
    transcript = load_transcript(str(example), today=TODAY)
    assert transcript.format == "slack"
    assert transcript.incident_date == date(2026, 3, 10)
    assert transcript.timezone is None and transcript.warnings == []
    first, datadog, pager = transcript.messages[0], transcript.messages[2], transcript.messages[3]
    assert (first.line, first.time, first.author, first.kind) == (2, datetime(2026, 3, 10, 14, 2), "Priya Raman", "chat")
    assert (datadog.line, datadog.time, datadog.author, datadog.kind) == (6, datetime(2026, 3, 10, 14, 9), "Datadog", "alert")
    assert (pager.author, pager.kind) == ("PagerDuty", "alert")
    config = next(m for m in transcript.messages if m.line == 18)
    assert config.end_line == 23 and "AWS_ACCESS_KEY_ID" in config.text and config.text.endswith("```")
    assert transcript.messages[-1].time == datetime(2026, 3, 10, 15, 15)
    assert len(transcript.messages) == 27  # one per author line


def test_slack_paste_overnight(transcripts):
    transcript = load_transcript(str(transcripts / "slack-overnight.txt"), today=TODAY)
    assert transcript.format == "slack"
    assert rows(transcript) == [
        (2, 3, datetime(2026, 11, 13, 23, 48), "chat", "Amara Nwosu"),
        (4, 5, datetime(2026, 11, 13, 23, 50), "alert", "Grafana"),
        (6, 11, datetime(2026, 11, 13, 23, 52), "chat", "Amara Nwosu"),
        (12, 13, datetime(2026, 11, 13, 23, 55), "chat", "Jonas Berg"),
        (14, 15, datetime(2026, 11, 14, 0, 4), "chat", "Jonas Berg"),
        (16, 17, datetime(2026, 11, 14, 0, 6), "alert", "PagerDuty"),
        (18, 21, datetime(2026, 11, 14, 0, 10), "chat", "Amara Nwosu"),
        (23, 24, datetime(2026, 11, 14, 9, 15), "chat", "Jonas Berg"),
    ]
    # the author-looking line inside the code fence stays part of the quoted query
    assert "Jonas Berg  [11:53 PM]\nSELECT" in transcript.messages[2].text
    assert transcript.messages[6].text == "p99 back to 300ms.\n\nresolving."


def test_slack_paste_today_yesterday_and_relative_stamp(transcripts):
    transcript = load_transcript(str(transcripts / "slack-recent.txt"), today=TODAY)
    assert rows(transcript) == [
        (2, 3, datetime(2026, 11, 20, 16, 40), "chat", "Rui Costa"),
        (5, 6, datetime(2026, 11, 21, 9, 5), "chat", "Rui Costa"),
        (7, 8, datetime(2026, 11, 21, 9, 7), "alert", "Billing Alerts"),
        (9, 10, None, "chat", "Mei Lin"),  # "[3 hours ago]" keeps the author, not a guessed time
    ]


def test_slack_export_folder_with_users_threads_and_bots(transcripts):
    transcript = load_transcript(str(transcripts / "slack-export"), today=TODAY)
    assert transcript.format == "slack-export"
    got = [(m.source, m.line, m.end_line, m.time, m.kind, m.author, m.thread_parent_line) for m in transcript.messages]
    day1, day2, general = "inc-4711-search/2026-03-10.json", "inc-4711-search/2026-03-11.json", "general/2026-03-10.json"
    assert got == [
        (day1, 2, 8, datetime(2026, 3, 10, 22, 40, tzinfo=UTC), "system", "Hana Kim", None),
        (day1, 9, 16, datetime(2026, 3, 10, 22, 41, tzinfo=UTC), "chat", "Hana Kim", None),
        (day1, 17, 30, datetime(2026, 3, 10, 22, 42, 30, tzinfo=UTC), "alert", "Datadog", None),
        (day1, 31, 38, datetime(2026, 3, 10, 22, 46, 10, tzinfo=UTC), "chat", "Omar Haddad", 9),
        (general, 2, 7, datetime(2026, 3, 10, 22, 50, tzinfo=UTC), "chat", "deb", None),
        (day1, 39, 44, datetime(2026, 3, 10, 23, 52, tzinfo=UTC), "chat", "deb", None),
        (day2, 2, 7, datetime(2026, 3, 11, 0, 3, tzinfo=UTC), "chat", "Hana Kim", None),
        (day2, 8, 13, datetime(2026, 3, 11, 0, 10, tzinfo=UTC), "chat", "Omar Haddad", None),
    ]
    texts = [m.text for m in transcript.messages]
    assert texts[1] == "search is returning empty results for everyone @here"
    assert texts[2] == "[Triggered] search-api empty result ratio above 20% on env:prod"
    assert texts[3].startswith("@Hana Kim the index alias flipped") and "& nothing" in texts[3]
    assert texts[4].endswith("in #inc-4711-search")
    assert texts[5] == "rolling the alias back to products-v41 (https://search.example.net/_cat/aliases)"
    assert texts[6] == "confirmed results are back\n```\nGET /products/_count -> 48211\n```"
    assert transcript.incident_date == date(2026, 3, 10)


def test_slack_export_single_channel_file(transcripts):
    transcript = load_transcript(str(transcripts / "slack-channel.json"), today=TODAY)
    assert transcript.format == "slack-export"
    assert [(m.source, m.line, m.author, m.kind) for m in transcript.messages] == [
        ("slack-channel.json", 2, "Ana Lima", "chat"),  # from the message's own user_profile
        ("slack-channel.json", 3, "U8", "chat"),  # no users.json: the id is shown as it is
        ("slack-channel.json", 4, "PagerDuty", "alert"),
    ]
    assert transcript.messages[0].time == datetime(2026, 5, 2, 8, 15, tzinfo=UTC)


def test_a_single_channel_file_resolves_mentions_through_the_users_own_messages(tmp_path):
    channel = tmp_path / "incident.json"
    channel.write_text(json.dumps([
        {"ts": "1764250000.0001", "user": "U01TW", "text": "applying the zone change now",
         "user_profile": {"real_name": "Tomasz Wróbel", "display_name": "tomasz"}},
        {"ts": "1764250600.0002", "user": "U02AL", "text": "<@U01TW> can you add a plan check to CI by Friday?",
         "user_profile": {"display_name": "alina"}},
        {"ts": "1764250700.0003", "user": "U03XX", "text": "<@U09NOBODY> is not in this file"},
    ]), encoding="utf-8")
    transcript = load_transcript(str(channel), today=TODAY)
    assert [m.author for m in transcript.messages] == ["Tomasz Wróbel", "alina", "U03XX"]
    assert transcript.messages[1].text.startswith("@Tomasz Wróbel can you add")
    assert transcript.messages[2].text == "@U09NOBODY is not in this file"


def test_irc_log_with_day_change(fixtures_dir):
    example = fixtures_dir.parent.parent / "examples" / "db-failover.irc.log"
    transcript = load_transcript(str(example), today=TODAY)
    assert transcript.format == "irc"
    by_line = {m.line: m for m in transcript.messages}
    assert (by_line[2].kind, by_line[2].author, by_line[2].time) == ("system", None, datetime(2026, 11, 16, 23, 30))
    assert (by_line[4].kind, by_line[4].author) == ("alert", "alertbot")
    assert (by_line[10].kind, by_line[10].text) == ("alert", "Acknowledged by tomas")
    assert by_line[12].text == "tomas pages the database on-call"
    assert by_line[17].time == datetime(2026, 11, 16, 23, 58)
    assert by_line[19].time == datetime(2026, 11, 17, 0, 3)
    assert 18 not in by_line and 1 not in by_line  # day markers are not messages
    assert transcript.messages[-1].time == datetime(2026, 11, 17, 0, 53)


def test_irc_without_dates_rolls_over_midnight(transcripts):
    transcript = load_transcript(str(transcripts / "irc-no-dates.log"), anchor_date=date(2026, 2, 27), today=TODAY)
    assert transcript.format == "irc"
    assert rows(transcript) == [
        (1, 1, datetime(2026, 2, 27, 23, 57, 2), "chat", "nadia"),
        (2, 2, datetime(2026, 2, 27, 23, 58, 40), "chat", "nadia"),
        (3, 3, datetime(2026, 2, 27, 23, 59, 59), "system", None),
        (4, 4, datetime(2026, 2, 28, 0, 0, 31), "chat", "yusuf"),
        (5, 5, datetime(2026, 2, 28, 0, 2, 10), "chat", "nadia"),
        (6, 10, datetime(2026, 2, 28, 0, 2, 14), "chat", "nadia"),
        (11, 11, datetime(2026, 2, 28, 0, 15), "chat", "yusuf"),
    ]
    assert transcript.messages[1].text == "nadia drains cache-3"


def test_iso_lines_with_offsets_become_utc(transcripts):
    transcript = load_transcript(str(transcripts / "iso-offsets.log"), today=TODAY)
    assert transcript.format == "iso"
    assert rows(transcript) == [
        (1, 1, datetime(2026, 3, 10, 21, 55, 4, tzinfo=UTC), "chat", "sofia"),
        (2, 2, datetime(2026, 3, 10, 21, 58, 40, tzinfo=UTC), "chat", "sofia"),
        (3, 5, datetime(2026, 3, 10, 22, 1, 12, tzinfo=UTC), "chat", "deshawn"),
        (6, 6, datetime(2026, 3, 10, 22, 3, 30, tzinfo=UTC), "alert", "Alertmanager"),
        (7, 7, datetime(2026, 3, 10, 22, 7, tzinfo=UTC), "chat", "sofia"),
        (8, 8, datetime(2026, 3, 10, 23, 12, 45, 250000, tzinfo=UTC), "chat", "deshawn"),
    ]
    assert all(m.time.tzinfo is UTC for m in transcript.messages)
    assert transcript.timezone is None  # nothing was naive


def test_datetime_name_lines_with_zone_tokens(transcripts):
    transcript = load_transcript(str(transcripts / "datetime-zones.log"), today=TODAY)
    assert transcript.format == "datetime-name"
    assert [(m.time, m.author, m.kind) for m in transcript.messages] == [
        (datetime(2026, 1, 20, 16, 58, tzinfo=UTC), "kim", "chat"),  # PST
        (datetime(2026, 1, 20, 17, 31, 5, tzinfo=UTC), "kim", "chat"),
        (datetime(2026, 1, 20, 17, 33, 10, tzinfo=UTC), "pagerduty", "alert"),  # UTC
        (datetime(2026, 1, 20, 17, 35, tzinfo=UTC), "lena", "chat"),  # +0100
        (datetime(2026, 1, 20, 17, 41, tzinfo=UTC), "lena", "chat"),  # Europe/Berlin in winter
    ]


def test_teams_bracketed_copy_reads_ambiguous_dates_day_first(transcripts):
    transcript = load_transcript(str(transcripts / "teams-bracketed.txt"), today=TODAY)
    assert transcript.format == "teams"
    assert rows(transcript) == [
        (1, 2, datetime(2026, 3, 10, 14, 2), "chat", "Alice Smith"),
        (3, 5, datetime(2026, 3, 10, 14, 5), "chat", "Bob Okoro"),
        (7, 8, datetime(2026, 3, 10, 14, 20), "chat", "Alice Smith"),
        (9, 10, datetime(2026, 3, 11, 9, 10), "chat", "Bob Okoro"),
    ]
    assert transcript.messages[1].text.endswith("    ERROR: canceling statement due to lock timeout")
    assert any("day first" in warning for warning in transcript.warnings)


def test_teams_month_first_when_the_file_says_so(tmp_path):
    path = tmp_path / "teams.txt"
    path.write_text("[3/9/2026 4:55 PM] Bob Okoro\nqueue is growing\n[3/13/2026 9:00 AM] Bob Okoro\nretro notes are up\n")
    transcript = load_transcript(str(path), today=TODAY)
    assert [m.time for m in transcript.messages] == [datetime(2026, 3, 9, 16, 55), datetime(2026, 3, 13, 9, 0)]
    assert transcript.warnings == []


def test_teams_inline_author_time_lines_cross_midnight(transcripts):
    transcript = load_transcript(str(transcripts / "teams-inline.txt"), today=TODAY)
    assert transcript.format == "teams"
    assert rows(transcript) == [
        (2, 3, datetime(2026, 3, 10, 22, 2), "chat", "Alice Smith"),
        (4, 5, datetime(2026, 3, 10, 22, 5), "chat", "Bob Okoro (External)"),
        (6, 7, datetime(2026, 3, 10, 23, 58), "chat", "Alice Smith"),
        (8, 9, datetime(2026, 3, 11, 0, 20), "chat", "Bob Okoro (External)"),
    ]


def test_zoom_chat_all_three_shapes(transcripts):
    transcript = load_transcript(str(transcripts / "zoom-chat.txt"), anchor_date=date(2026, 3, 10), today=TODAY)
    assert transcript.format == "zoom"
    assert [(m.line, m.end_line, m.time.time().isoformat(), m.author) for m in transcript.messages] == [
        (1, 1, "14:02:11", "Alice Smith"),
        (2, 4, "14:03:40", "Bob Okoro"),
        (5, 5, "14:05:02", "Carla Diaz"),
        (6, 6, "14:06:15", "Bob Okoro"),
        (7, 7, "14:09:30", "Alice Smith"),
    ]
    assert transcript.messages[1].text == "error rate on checkout is 12%\nstarted right after the 14:00 deploy"
    assert transcript.messages[2].text == "can you share the deploy id?"
    assert transcript.incident_date == date(2026, 3, 10)


def test_plain_lines_with_alerts_mixed_in(transcripts):
    transcript = load_transcript(str(transcripts / "plain-with-alerts.txt"), anchor_date=date(2026, 3, 10), today=TODAY)
    assert transcript.format == "plain"
    got = [(m.line, m.time.strftime("%H:%M") if m.time else None, m.kind, m.author) for m in transcript.messages]
    assert got == [
        (1, None, "system", None),
        (2, "09:58", "chat", "joao"),
        (3, "10:03", "alert", "Alertmanager"),
        (4, "10:04", "alert", "PagerDuty"),
        (5, "10:05", "chat", "marta"),
        (7, "10:07", "alert", "Datadog"),
        (8, "10:09", "chat", "joao"),
        (9, "10:14", "alert", "Datadog"),
        (10, "10:16", "alert", "Alertmanager"),
        (11, "10:18", "alert", "PagerDuty"),
        (12, "10:20", "chat", "marta"),
    ]
    assert transcript.messages[4].end_line == 6


def test_alert_feed_with_syslog_stamps_and_details(transcripts):
    transcript = load_transcript(str(transcripts / "alerts-feed.txt"), today=TODAY)
    assert transcript.format == "alerts"
    assert [(m.line, m.end_line, m.time, m.author) for m in transcript.messages] == [
        (1, 3, datetime(2026, 3, 10, 14, 9), "Datadog"),
        (4, 4, datetime(2026, 3, 10, 14, 10, 12), "PagerDuty"),
        (5, 5, datetime(2026, 3, 10, 14, 12, 40), "PagerDuty"),
        (6, 6, None, "Alertmanager"),
        (7, 7, datetime(2026, 3, 10, 14, 41, 5), "Datadog"),
        (8, 8, datetime(2026, 3, 10, 14, 52, 30), "PagerDuty"),
    ]
    assert all(m.kind == "alert" for m in transcript.messages)


def test_people_saying_resolved_by_are_not_alerts(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_text("14:02 dana: Resolved by restarting the pool, I think\n14:03 PagerDuty: Resolved by dana\n")
    transcript = load_transcript(str(path), anchor_date=date(2026, 3, 10), today=TODAY)
    assert [m.kind for m in transcript.messages] == ["chat", "alert"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("slack-overnight.txt", "slack"), ("slack-recent.txt", "slack"), ("iso-offsets.log", "iso"),
        ("datetime-zones.log", "datetime-name"), ("teams-bracketed.txt", "teams"), ("teams-inline.txt", "teams"),
        ("zoom-chat.txt", "zoom"), ("irc-no-dates.log", "irc"), ("plain-with-alerts.txt", "plain"),
        ("alerts-feed.txt", "alerts"), ("slack-channel.json", "slack-export"), ("slack-export", "slack-export"),
    ],
)
def test_detection_picks_the_right_format(transcripts, name, expected):
    assert detect_format(read_source(str(transcripts / name))) == expected


def test_format_override_beats_detection(transcripts):
    transcript = load_transcript(str(transcripts / "irc-no-dates.log"), fmt="plain", anchor_date=date(2026, 2, 27), today=TODAY)
    assert transcript.format == "plain"
    # plain reads "<nick> text" too, but not IRC's join/quit lines as system messages
    assert [m.kind for m in transcript.messages][:3] == ["chat", "chat", "chat"]
