"""Chat, ticket and pager layouts people paste (WhatsApp, Signal, Discord, Telegram, Mattermost, Rocket.Chat,
Google Chat, Matrix, Jira, ServiceNow, PagerDuty, Opsgenie, quoted Slack, Webex, event logs), read from sample
incident chats of our own writing: detection, authors, multi-line bodies, times, zones and days."""

import itertools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from agent.transcript import FORMATS, Source, load_transcript, parse_transcript
from tests.pasted import parse_pasted, who_when

TODAY = date(2026, 11, 21)
INCIDENT_DAY = date(2026, 10, 16)
BERLIN = ZoneInfo("Europe/Berlin")
# The same 17-message incident chat is rendered in every layout: these are its wall-clock times (Berlin).
MINUTES = (0, 2, 3, 4, 6, 8, 10, 11, 15, 16, 19, 22, 27, 31, 38, 41, 52)
STORY_TIMES = [datetime(2026, 10, 16, 23, 21) + timedelta(minutes=minutes) for minutes in MINUTES]
SECOND_MESSAGE = "yes, auth-gateway p99 is at 4.2s\nerror rate on /session is 18% and climbing"
FULL_NAMES = {"Priya Raman", "Marcus Chen", "Dana Okafor", "Leo Fischer"}
HANDLES = {"priya.raman", "marcus.chen", "dana.okafor", "leo.fischer"}
FIRST_NAMES = {"Priya", "Marcus", "Dana", "Leo"}


@dataclass(frozen=True)
class Sample:
    file: str
    format: str
    people: set[str] = field(default_factory=lambda: FULL_NAMES)
    options: dict = field(default_factory=dict)
    unnamed: tuple[int, ...] = ()  # story messages the layout writes without an author


def story_times(sample: Sample) -> list[datetime]:
    return [moment for index, moment in enumerate(STORY_TIMES) if index not in sample.unnamed]


SAMPLES = [
    Sample("whatsapp-android.txt", "whatsapp"),
    Sample("whatsapp-us.txt", "whatsapp"),
    Sample("whatsapp-ios.txt", "whatsapp"),
    Sample("signal-export.md", "signal"),
    Sample("discord-export.txt", "discord", HANDLES),
    Sample("discord-copy.txt", "discord", options={"anchor_date": INCIDENT_DAY}),
    Sample("telegram-copy.txt", "telegram"),
    Sample("mattermost-copy.txt", "mattermost", HANDLES),
    Sample("rocketchat-copy.txt", "rocketchat"),
    Sample("google-chat-copy.txt", "google-chat"),
    Sample("matrix-export.txt", "matrix"),
    Sample("jira-comments.txt", "jira"),
    Sample("servicenow-worknotes.txt", "servicenow"),
    Sample("slack-quoted.md", "slack"),
    Sample("scribe-notes.txt", "plain", FIRST_NAMES, {"anchor_date": INCIDENT_DAY}, unnamed=(6, 14)),
]


def load(fixtures_dir, name: str, **options):
    return load_transcript(str(fixtures_dir / "transcripts" / name), today=TODAY, **options)


def story(transcript, people: set[str]):
    """The story's messages: written by its people, without attachments sent alone."""
    return [m for m in transcript.messages if m.author in people and m.text != "<Media omitted>"]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda sample: sample.file)
def test_every_layout_is_detected_and_reads_every_message_with_its_time(fixtures_dir, sample):
    transcript = load(fixtures_dir, sample.file, **sample.options)
    assert transcript.format == sample.format
    messages = story(transcript, sample.people)
    assert [m.time.replace(second=0) for m in messages] == story_times(sample)  # some layouts show seconds
    assert messages[1].text == SECOND_MESSAGE.replace("\n", "\n  " if sample.format == "plain" else "\n")
    assert transcript.date_known and transcript.warnings == []
    source_lines = (fixtures_dir / "transcripts" / sample.file).read_text(encoding="utf-8").split("\n")
    follow_ups = [m for m in messages if m.author not in source_lines[m.line - 1]]
    assert all(source_lines[m.line - 1].startswith("[") for m in follow_ups), "a message starts at its header"


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda sample: sample.file)
def test_naming_the_format_reads_the_same_messages(fixtures_dir, sample):
    detected = load(fixtures_dir, sample.file, **sample.options)
    named = load(fixtures_dir, sample.file, fmt=sample.format, **sample.options)
    assert named.messages == detected.messages


def test_every_format_can_be_named():
    assert {sample.format for sample in SAMPLES} < set(FORMATS)


def test_whatsapp_notices_are_system_lines_and_media_stays_a_message(fixtures_dir):
    transcript = load(fixtures_dir, "whatsapp-android.txt")
    notices = [(m.line, m.kind, m.author) for m in transcript.messages[:2]]
    assert notices == [(1, "system", None), (2, "system", None)]
    assert transcript.messages[0].time == datetime(2026, 10, 16, 23, 15)
    media = next(m for m in transcript.messages if m.text == "<Media omitted>")
    assert (media.author, media.time) == ("Leo Fischer", datetime(2026, 10, 16, 23, 36))


def test_whatsapp_ios_reads_seconds_and_drops_direction_marks(fixtures_dir):
    transcript = load(fixtures_dir, "whatsapp-ios.txt")
    assert transcript.messages[0].text == "Messages and calls are end-to-end encrypted."
    assert story(transcript, FULL_NAMES)[1].time == datetime(2026, 10, 16, 23, 23, 7)


@pytest.mark.parametrize(
    ("lines", "first_day", "warned"),
    [
        (["13/03/2026, 09:05 - Ana: first", "03/04/2026, 09:10 - Ben: later"], date(2026, 3, 13), False),
        (["03/13/26, 9:05 AM - Ana: first", "04/03/26, 9:10 AM - Ben: later"], date(2026, 3, 13), False),
        (["03/04/2026, 09:05 - Ana: first", "03/04/2026, 09:10 - Ben: later"], date(2026, 4, 3), True),
    ],
)
def test_whatsapp_day_order_comes_from_the_whole_file(lines, first_day, warned):
    transcript = parse_transcript(Source(name="chat.txt", text="\n".join(lines), encoding="utf-8"), today=TODAY)
    assert transcript.messages[0].time.date() == first_day
    assert any("could be day/month or month/day" in warning for warning in transcript.warnings) == warned


def test_the_date_option_settles_an_ambiguous_day_order():
    text = "03/04/2026, 09:05 - Ana: first\n03/04/2026, 09:10 - Ben: later\n"
    transcript = parse_transcript(Source(name="chat.txt", text=text, encoding="utf-8"), anchor_date=date(2026, 3, 4),
                                  today=TODAY)
    assert transcript.messages[0].time == datetime(2026, 3, 4, 9, 5)
    assert transcript.warnings == []


def test_discord_export_keeps_attachments_and_reactions_but_not_its_frame(fixtures_dir):
    transcript = load(fixtures_dir, "discord-export.txt")
    assert (transcript.messages[0].kind, transcript.messages[0].author) == ("system", None)
    assert "Guild: Acme Platform" in transcript.messages[0].text
    pinned = story(transcript, HANDLES)[5]
    assert pinned.text.endswith("{Attachments}\nhttps://cdn.example.com/attachments/redis-maxclients.png")
    assert "Exported" not in transcript.messages[-1].text


def test_discord_exports_read_ambiguous_dates_month_first_as_the_exporter_writes_them():
    text = "[03/04/2026 9:05 AM] ana\nfirst\n\n[03/04/2026 9:10 AM] ben\nlater\n"
    transcript = parse_transcript(Source(name="dce.txt", text=text, encoding="utf-8"), fmt="discord", today=TODAY)
    assert transcript.messages[0].time == datetime(2026, 3, 4, 9, 5)


def test_discord_copy_follow_up_lines_keep_their_author(fixtures_dir):
    transcript = load(fixtures_dir, "discord-copy.txt", anchor_date=INCIDENT_DAY)
    follow_up = next(m for m in transcript.messages if m.text == "error rate back under 0.5%")
    assert (follow_up.author, follow_up.time) == ("Marcus Chen", datetime(2026, 10, 16, 23, 48))


def test_discord_copy_of_an_app_post_with_its_badge_on_a_line_of_its_own():
    text = ("lucia_art — Today at 7:02 PM\nthumbnails not loading on the gallery page\n"
            "Foghorn\nAPP\n — Today at 7:05 PM\n🔥 origin-images: 5xx rate 22% (threshold 2%)\n"
            "dani.ops — Today at 7:06 PM\nlooking\n")
    transcript = parse_pasted(text, today=TODAY, name="discord.txt")
    assert [(m.line, m.author, m.time) for m in transcript.messages] == [
        (1, "lucia_art", datetime(2026, 11, 21, 19, 2)), (3, "Foghorn", datetime(2026, 11, 21, 19, 5)),
        (7, "dani.ops", datetime(2026, 11, 21, 19, 6))]
    assert transcript.messages[1].kind in ("bot", "alert")


@pytest.mark.parametrize(("day", "at"), [("Today", "at"), ("hoy", "a las"), ("Heute", "um"), ("bugün", "saat"),
                                         ("Dnes", "v")])
def test_discord_copy_names_the_day_and_at_in_the_app_s_language(day, at):
    text = (f"Lucía Herrera — {day} {at} 9:53\nlos pods no están caídos pero todo va lentísimo\n"
            f"Diego Paredes — {day} {at} 9:54\npuede ser la migración\n")
    transcript = parse_pasted(text, today=TODAY, name="discord.txt")
    assert who_when(transcript) == [
        ("Lucía Herrera", datetime(2026, 11, 21, 9, 53)), ("Diego Paredes", datetime(2026, 11, 21, 9, 54))]


def test_telegram_html_export_copied_from_the_browser():
    """The avatar's initials, the time and the name over each message; a follow-up shows its time alone."""
    text = ("Plataforma · Incidentes\n\n21 de março de 2026\nAB\n02:14\nAlertmanager Bot\n"
            "[FIRING:1] PostgresDiskSpaceLow\nAS\n02:17\nAna Souza\nacordei com o page. olhando\n02:18\n"
            "df -h mostra 96% em /var/lib/postgresql\nBL\n02:21\nBruno Lima\n410G de WAL?? o normal é uns 20\n")
    transcript = parse_pasted(text, today=TODAY, name="messages.txt")
    assert who_when(transcript, timed=True) == [
        ("Alertmanager Bot", datetime(2026, 3, 21, 2, 14)), ("Ana Souza", datetime(2026, 3, 21, 2, 17)),
        ("Ana Souza", datetime(2026, 3, 21, 2, 18)), ("Bruno Lima", datetime(2026, 3, 21, 2, 21))]


def test_relative_days_without_the_date_option_leave_the_date_unknown(fixtures_dir):
    transcript = load(fixtures_dir, "discord-copy.txt")
    assert transcript.date_known is False
    assert any(warning.startswith("date unknown — pass --date") for warning in transcript.warnings)
    times = [m.time for m in story(transcript, FULL_NAMES)]
    assert [later - earlier for earlier, later in itertools.pairwise(times)] == [
        later - earlier for earlier, later in itertools.pairwise(STORY_TIMES)
    ]


def test_mattermost_bot_badges_and_dividers(fixtures_dir):
    transcript = load(fixtures_dir, "mattermost-copy.txt")
    bot = transcript.messages[0]
    assert (bot.line, bot.author, bot.kind, bot.time) == (2, "opsgenie", "bot", datetime(2026, 10, 16, 23, 20))
    assert bot.text.startswith("[P2] AuthGatewayLatencyHigh")


def test_rocketchat_names_people_not_their_handles(fixtures_dir):
    transcript = load(fixtures_dir, "rocketchat-copy.txt")
    assert {m.author for m in transcript.messages} == FULL_NAMES
    assert not any(m.text.startswith("@") for m in transcript.messages)


def test_rocketchat_badges_between_the_name_and_the_time():
    """An app shows its Bot tag where a person's @username stands; a role ("Admin") may follow the @username."""
    text = ("Grafana\nBot\n9:41\n[Alerting] RabbitMQ queue depth > 50000\n\n"
            "Lucía Fernández\n@lucia.fernandez\n9:43\nojo, la cola de pedidos está creciendo\n\n"
            "Samir Haddad\n@samir.h\nAdmin\n9:45\nrollback running\n\n"
            "Lucía Fernández\n@lucia.fernandez\n9:50\nconsumers back\n")
    transcript = parse_pasted(text, today=TODAY, name="room.txt")
    assert transcript.format == "rocketchat"
    assert [(m.author, m.kind != "chat", m.time) for m in transcript.messages] == [
        ("Grafana", True, datetime(2026, 11, 21, 9, 41)), ("Lucía Fernández", False, datetime(2026, 11, 21, 9, 43)),
        ("Samir Haddad", False, datetime(2026, 11, 21, 9, 45)), ("Lucía Fernández", False, datetime(2026, 11, 21, 9, 50))]


def test_a_google_groups_thread_copied_from_the_web():
    """The sender, "unread,", the date-time and "to <the group>" over each mail."""
    text = ("[pkgmirror-ops] cert expired?? installs failing\n28 views\nInes Barrow's profile photo\nInes Barrow\n"
            "unread,\nNov 19, 2026, 10:47:03 PM\nto pkgmirror-ops\nHi all, `larkctl install` fails: certificate has expired\n"
            "Reply all\nCertwatch's profile photo\nCertwatch\nunread,\nNov 19, 2026, 10:51:40 PM\nto pkgmirror-ops\n"
            "[CRITICAL] TLS check failed for downloads.example.org:443\nOmar Haddad\nunread,\nNov 19, 2026, 11:02:10 PM\n"
            "to pkgmirror-ops\nrenewing now\nInes Barrow\nunread,\nNov 19, 2026, 11:20:45 PM\nto pkgmirror-ops\n"
            "installs work again, thanks\nOmar Haddad\nunread,\nNov 19, 2026, 11:24:02 PM\nto pkgmirror-ops\n"
            "root cause: the renewal cron lost its DNS token\n")
    transcript = parse_pasted(text, today=TODAY, name="thread.txt")
    assert who_when(transcript, timed=True) == [
        ("Ines Barrow", datetime(2026, 11, 19, 22, 47, 3)), ("Certwatch", datetime(2026, 11, 19, 22, 51, 40)),
        ("Omar Haddad", datetime(2026, 11, 19, 23, 2, 10)), ("Ines Barrow", datetime(2026, 11, 19, 23, 20, 45)),
        ("Omar Haddad", datetime(2026, 11, 19, 23, 24, 2))]


def test_google_chat_takes_the_day_from_the_first_stamp_of_the_day(fixtures_dir):
    transcript = load(fixtures_dir, "google-chat-copy.txt")
    assert transcript.messages[0].time == datetime(2026, 10, 16, 23, 21)
    assert transcript.messages[-1].time == datetime(2026, 10, 17, 0, 13)


@pytest.mark.parametrize(
    "text",
    ["Ana Silva, Yesterday 22:45\nrolling back\nBen Okoro, Yesterday 22:47\nok", "Ana Silva\nYesterday 22:45\nrolling back\n"
     "Ben Okoro\nYesterday 22:47\nok"],
)
def test_google_chat_relative_days_count_from_the_date_option(text):
    transcript = parse_transcript(Source(name="gchat.txt", text=text, encoding="utf-8"), fmt="google-chat",
                                  anchor_date=INCIDENT_DAY, today=TODAY)
    assert who_when(transcript) == [
        ("Ana Silva", datetime(2026, 10, 16, 22, 45)), ("Ben Okoro", datetime(2026, 10, 16, 22, 47))]


def test_matrix_room_events_are_system_lines(fixtures_dir):
    transcript = load(fixtures_dir, "matrix-export.txt")
    joined = next(m for m in transcript.messages if "joined the room" in m.text)
    assert (joined.line, joined.kind, joined.author, joined.time) == (3, "system", None, datetime(2026, 10, 16, 23, 19))


def test_matrix_user_ids_are_authors():
    text = "Fri, Oct 16 2026, 23:21 - @ana:matrix.example.org: db is read-only\nsince 23:18\n"
    message = parse_pasted(text, today=TODAY, name="room.txt").messages[0]
    assert (message.author, message.text) == ("@ana:matrix.example.org", "db is read-only\nsince 23:18")


@pytest.mark.parametrize(
    "header",
    ["Ana Silva added a comment - 16/Oct/26 10:45 PM", "Comment by Ana Silva [ 16/Oct/26 10:45 PM ]",
     "Ana Silva\nOctober 16, 2026 at 10:45 PM", "Ana Silva\nInternal note\n16 Oct 2026, 22:45",
     "Ana Silva added a comment - 16/Oct/26 10:45 PM - Internal note",
     "Ana Silva added a comment - 16/Oct/26 10:45 PM - Restricted to Service Desk Team - edited",
     "Ana Silva added a comment - 16/Oct/26 10:45 PM  [Internal]",
     "Ana Silva · 16 Oct 2026, 22:45 · Internal note", "Ana Silva (internal note)  Oct 16, 2026 22:45",
     # Bugzilla's comments, in English and German
     "[reply] [-] Comment 3 Ana Silva 2026-10-16 22:45", "Kommentar 3 Ana Silva [:asilva] 2026-10-16 22:45",
     "Description Ana Silva 2026-10-16 22:45"],
)
def test_jira_comment_headers(header):
    text = f"{header}\nrolled back the fare cache\nerrors gone\n\nBen Okoro added a comment - 16/Oct/26 10:52 PM\nconfirmed\n"
    transcript = parse_pasted(text, today=TODAY, name="PAY-1.txt")
    assert transcript.format == "jira"
    first, second = transcript.messages
    assert (first.line, first.author, first.time) == (1, "Ana Silva", datetime(2026, 10, 16, 22, 45))
    assert first.text == "rolled back the fare cache\nerrors gone"
    assert (second.author, second.time) == ("Ben Okoro", datetime(2026, 10, 16, 22, 52))


def test_servicenow_activity_stream_copy():
    text = ("Ana Silva • Work notes • 2026-10-16 22:45:12\nrouted to DB team\n\n"
            "Ben Okoro\nAdditional comments\n2026-10-16 22:50:40\nwe are investigating\n")
    transcript = parse_pasted(text, today=TODAY, name="INC0012.txt")
    assert transcript.format == "servicenow"
    assert [(m.line, m.author, m.time, m.text) for m in transcript.messages] == [
        (1, "Ana Silva", datetime(2026, 10, 16, 22, 45, 12), "routed to DB team"),
        (4, "Ben Okoro", datetime(2026, 10, 16, 22, 50, 40), "we are investigating"),
    ]


def test_servicenow_activity_stream_in_the_ui_s_language():
    text = ("INC0094413\n\nDY\nDeniz Yilmaz\nZusätzliche Kommentare • 21.05.2026 00:49:21\nDie Störung ist behoben.\n"
            "DY\nDeniz Yilmaz\nArbeitsnotizen • 21.05.2026 00:31:02\nRepair-Skript läuft, 1.480 Aufträge nachverarbeitet\n"
            "MK\nMara Krüger\nArbeitsnotizen • 20.05.2026 23:58:40\nConsumer hängt an Offset 88213\n")
    transcript = parse_pasted(text, today=TODAY, name="INC0094413.txt")
    assert transcript.format == "servicenow"
    assert who_when(transcript, timed=True) == [
        ("Deniz Yilmaz", datetime(2026, 5, 21, 0, 49, 21)), ("Deniz Yilmaz", datetime(2026, 5, 21, 0, 31, 2)),
        ("Mara Krüger", datetime(2026, 5, 20, 23, 58, 40))]


@pytest.mark.parametrize(("name", "tool", "notes"), [
    ("pagerduty-log.txt", "PagerDuty",
     [("Priya Raman", "Rolling back session-store build 4812."), ("Dana Okafor", "Rollback complete.")]),
    ("opsgenie-log.txt", "Opsgenie", [("Priya Raman", "rolling back build 4812"), ("Dana Okafor", "rollback complete")]),
])
def test_pager_logs_are_tool_entries_in_utc_and_notes_their_writers_words(fixtures_dir, name, tool, notes):
    transcript = load(fixtures_dir, name)
    assert transcript.format == tool.lower()
    entries = [m for m in transcript.messages if m.time is not None]
    assert len(entries) == 15
    assert {m.author for m in entries if m.kind != "chat"} == {tool} and {m.kind for m in entries} <= {"bot", "alert", "chat"}
    assert [(m.author, m.text) for m in entries if m.kind == "chat"] == notes
    assert entries[0].time.tzinfo is UTC and entries[0].time.replace(second=0) == datetime(2026, 10, 16, 21, 20, tzinfo=UTC)
    assert transcript.timezone == "UTC"
    assert [m.time for m in entries] == sorted(m.time for m in entries)


def test_pager_log_details_stay_with_their_entry(fixtures_dir):
    messages = load(fixtures_dir, "pagerduty-log.txt").messages
    note = next(m for m in messages if m.line == 12)
    assert (note.end_line, note.author, note.text) == (13, "Priya Raman", "Rolling back session-store build 4812.")
    update = next(m for m in messages if m.text.startswith("Status update posted"))
    assert (update.line, update.end_line, update.author) == (14, 15, "PagerDuty")
    assert update.text.endswith("Investigating: EU logins degraded.")


def test_pager_log_csv_export(fixtures_dir):
    transcript = load(fixtures_dir, "pagerduty-log.csv")
    assert transcript.format == "incident-csv"
    trigger = transcript.messages[0]
    assert (trigger.line, trigger.end_line, trigger.author) == (2, 3, "Datadog")
    assert trigger.text == "Triggered through the API.\nAuthGatewayLatencyHigh: p99 > 2s on auth-gateway (eu-west-1)"
    assert trigger.time == datetime(2026, 10, 16, 21, 20, 3, tzinfo=UTC)
    ack = next(m for m in transcript.messages if m.text.startswith("Acknowledged by Marcus"))
    assert (ack.author, ack.line) == ("Marcus Chen", 6)
    assert len(transcript.messages) == 15


def test_a_csv_title_line_above_the_header_row_is_allowed():
    text = ("Incident Q2V7 log export (times UTC)\ncreated_at,type,agent,summary\n"
            "2026-05-14T17:06:12Z,trigger_log_entry,New Relic,\"Triggered through the API\"\n"
            "2026-05-14T17:09:40Z,acknowledge_log_entry,Harriet Cole,\"Acknowledged by Harriet Cole\"\n")
    transcript = parse_pasted(text, today=TODAY, name="log.csv")
    assert transcript.format == "incident-csv"
    assert [(m.line, m.author) for m in transcript.messages if m.time] == [(3, "New Relic"), (4, "Harriet Cole")]


def test_a_chat_exported_as_csv_is_people_s_messages():
    """DiscordChatExporter writes `AuthorID,Author,Date,Content`: a column of what people wrote makes each row a
    chat message by its author, not a tool's log entry, and the author column is the names, not the ids."""
    text = ('AuthorID,Author,Date,Content,Attachments,Reactions\n'
            '"480277231617","dana.k","2026-03-02T14:02:11.123+00:00","checkout is 502ing for everyone","",""\n'
            '"580277231618","sam_ops","2026-03-02T14:03:40.000+00:00","looking, rolling back the gateway","",""\n'
            '"480277231617","dana.k","2026-03-02T14:09:02.000+00:00","errors gone\nthanks all","","👍 (2)"\n')
    transcript = parse_pasted(text, today=TODAY, name="incident.csv")
    assert transcript.format == "incident-csv"
    assert [(m.line, m.author, m.kind, m.time) for m in transcript.messages] == [
        (2, "dana.k", "chat", datetime(2026, 3, 2, 14, 2, 11, 123000, tzinfo=UTC)),
        (3, "sam_ops", "chat", datetime(2026, 3, 2, 14, 3, 40, tzinfo=UTC)),
        (4, "dana.k", "chat", datetime(2026, 3, 2, 14, 9, 2, tzinfo=UTC))]
    assert transcript.messages[2].text == "errors gone\nthanks all"


def test_csv_columns_named_by_one_of_their_words_and_go_times():
    """Column names that hold a field's name as a word ("Post Creation Time", "Post Message", "User Name") are read
    in the order the names are listed, so "Post Message" is the text before "User Type"; a time as Go prints it
    ("2026-09-22 21:41:07.118 +0000 UTC") is the offset's."""
    text = ("Post Creation Time,User Id,User Type,User Name,Post Message,Post Type\n"
            "2026-09-22 21:41:07.118 +0000 UTC,ik7w3bq9ojyt,user,lucia.ferrari,finance says prices are 100x,post\n"
            "2026-09-22 21:43:02.877 -0700 MST,hq7ts8nbwfgd,bot,datadog,Triggered: conversion rate drop,post\n")
    transcript = parse_pasted(text, today=TODAY, name="export.csv")
    assert [(m.author, m.text, m.time) for m in transcript.messages] == [
        ("lucia.ferrari", "finance says prices are 100x", datetime(2026, 9, 22, 21, 41, 7, 118000, tzinfo=UTC)),
        ("datadog", "Triggered: conversion rate drop", datetime(2026, 9, 23, 4, 43, 2, 877000, tzinfo=UTC))]


def test_a_pager_log_pasted_above_a_chat_in_another_zone_merges_in_one_order(fixtures_dir):
    transcript = load(fixtures_dir, "pagerduty-then-slack.txt", tz="Europe/Berlin")
    assert transcript.format == "pagerduty+slack"
    title = next(m for m in transcript.messages if m.line == 10)
    assert (title.kind, title.time, title.text) == ("system", None, "#inc-eu-logins (times are Berlin)")
    pager = [m for m in transcript.messages if m.author == "PagerDuty"]
    chat = story(transcript, FULL_NAMES)
    assert [m.time for m in chat] == [t.replace(tzinfo=BERLIN).astimezone(UTC) for t in STORY_TIMES]
    merged = sorted((m for m in transcript.messages if m.time), key=lambda m: m.time)
    order = [(m.author, m.text.split("\n")[0]) for m in merged[:4]]
    assert order == [("PagerDuty", "Triggered through the API."), ("PagerDuty", "Notified Marcus Chen via Push Notification."),
                     ("PagerDuty", "Notified Marcus Chen via SMS."),
                     ("Priya Raman", "anyone else seeing login timeouts on the EU cluster?")]
    assert pager[3].time < chat[1].time < pager[4].time  # the ack at 21:22:06 UTC sits between 21:21 and 21:23


def test_a_teams_chat_with_a_pasted_alert_timeline_keeps_both_zones(fixtures_dir):
    transcript = load(fixtures_dir, "teams-with-timeline.txt", tz="Europe/Berlin", anchor_date=INCIDENT_DAY)
    assert transcript.format == "teams+alerts+teams"
    alerts = [m for m in transcript.messages if m.kind == "alert"]
    assert [(m.line, m.time) for m in alerts] == [
        (17, datetime(2026, 10, 16, 21, 20, tzinfo=UTC)), (18, datetime(2026, 10, 16, 21, 22, 10, tzinfo=UTC)),
        (19, datetime(2026, 10, 16, 21, 24, 20, tzinfo=UTC)), (20, datetime(2026, 10, 16, 21, 26, 30, tzinfo=UTC))]
    quoting = next(m for m in transcript.messages if m.line == 14)
    assert quoting.end_line == 16 and quoting.text.endswith("here is the alert timeline from Datadog:")
    chat = story(transcript, FULL_NAMES)
    assert [m.time for m in chat] == [t.replace(tzinfo=BERLIN).astimezone(UTC) for t in STORY_TIMES]


def test_an_event_timeline_pasted_into_a_chat_names_its_sources():
    text = ("[9:50 AM] Ben Okoro\nappointments API failing since the release?\n[9:55 AM] Ana Silva\nlooking\n"
            "[9:57 AM] Ben Okoro\nsupport has 40 calls\n[9:58 AM] Ana Silva\npasting the deploy events (server times UTC):\n\n"
            "07:30:12 UTC  AzureDevOps   Release portal-5.2.0 started\n07:41:55 UTC  AzureDevOps   Release succeeded\n"
            "08:47:10 UTC  Dynatrace     Problem P-4410 opened: failure rate increase\n\n[10:02 AM] Ben Okoro\nthanks\n")
    transcript = parse_transcript(Source(name="chat.txt", text=text, encoding="utf-8"), tz="Europe/Amsterdam",
                                  anchor_date=date(2026, 10, 26), today=TODAY)
    assert transcript.format == "teams+event-log+teams"
    events = [(m.line, m.author, m.kind, m.time) for m in transcript.messages if m.kind == "bot"]
    assert events == [(10, "AzureDevOps", "bot", datetime(2026, 10, 26, 7, 30, 12, tzinfo=UTC)),
                      (11, "AzureDevOps", "bot", datetime(2026, 10, 26, 7, 41, 55, tzinfo=UTC)),
                      (12, "Dynatrace", "bot", datetime(2026, 10, 26, 8, 47, 10, tzinfo=UTC))]
    assert transcript.messages[-1].time == datetime(2026, 10, 26, 9, 2, tzinfo=UTC)  # 10:02 CET, after the log


def test_an_event_row_whose_type_fills_its_column_is_still_an_entry_of_its_own():
    text = ("2026-05-20 12:58:10 UTC  Alert        Pingdom login DOWN: certificate error\n"
            "2026-05-20 12:58:40 UTC  Page         PagerDuty paged Mariana Costa (primary)\n"
            "2026-05-20 13:01:12 UTC  Acknowledged Mariana Costa acknowledged the page\n"
            "2026-05-20 13:04:05 UTC  Incident     INC-2291 opened, severity SEV2\n")
    transcript = parse_transcript(Source(name="timeline.txt", text=text, encoding="utf-8"), tz=None,
                                  anchor_date=None, today=TODAY)
    assert [(m.line, m.author, m.time.minute, m.text.split()[0]) for m in transcript.messages] == [
        (1, "Alert", 58, "Pingdom"), (2, "Page", 58, "PagerDuty"), (3, None, 1, "Acknowledged"),
        (4, "Incident", 4, "INC-2291")]


def test_a_thread_reply_shown_in_the_channel_has_its_own_author_and_parent():
    text = ("Hanna Koskinen\n9:50 AM\nmodifying the EBS volume to 800 GiB now\n\n"
            "Lukas Brenner\n9:52 AM\nreplica lag is fine\n\n"
            "Tomas Ruiz replied to a thread: modifying the EBS volume\n9:53 AM\ndrop statement ready\n\n"
            "Hanna Koskinen\n9:55 AM\nreplied to a thread: replica lag is fine\nthanks\n\n"
            "Lukas Brenner\n9:56 AM\nreplied to a thread:\nsame here\n")
    transcript = parse_transcript(Source(name="copy.txt", text=text, encoding="utf-8"), tz=None,
                                  anchor_date=date(2026, 5, 12), today=TODAY)
    assert [(m.line, m.author, m.thread_parent_line, m.text) for m in transcript.messages] == [
        (1, "Hanna Koskinen", None, "modifying the EBS volume to 800 GiB now"),
        (5, "Lukas Brenner", None, "replica lag is fine"),
        (9, "Tomas Ruiz", 1, "drop statement ready"),
        (13, "Hanna Koskinen", 5, "thanks"),
        (18, "Lukas Brenner", None, "same here"),  # an older copy names no parent
    ]


def test_scribe_notes_with_and_without_names(fixtures_dir):
    transcript = load(fixtures_dir, "scribe-notes.txt", anchor_date=INCIDENT_DAY)
    decision = next(m for m in transcript.messages if m.text.startswith("decided to"))
    assert (decision.author, decision.time) == (None, datetime(2026, 10, 16, 23, 31))
    assert decision.text == "decided to roll back build 4812 first, investigate after"


def test_scribe_notes_without_a_date_are_timed_on_an_assumed_day_never_claimed(fixtures_dir):
    transcript = load(fixtures_dir, "scribe-notes.txt")
    assert transcript.date_known is False
    assert "date unknown — pass --date (times sit on an assumed day)" in transcript.warnings
    times = [m.time for m in transcript.messages if m.time]
    assert times[-1] - times[0] == STORY_TIMES[-1] - STORY_TIMES[0]


def test_a_recording_whose_start_is_only_spoken(fixtures_dir):
    transcript = load(fixtures_dir, "bridge-spoken-start.vtt", anchor_date=INCIDENT_DAY)
    assert transcript.format == "zoom" and transcript.warnings == []
    first, second = transcript.messages[:2]
    # "it's 21:21 UTC" is said 3 s in, so the recording began at 21:20:57 and the next cue 58 s later
    assert (first.author, first.time) == ("Priya Raman", datetime(2026, 10, 16, 21, 21, tzinfo=UTC))
    assert (second.author, second.time) == ("Marcus Chen", datetime(2026, 10, 16, 21, 21, 58, tzinfo=UTC))
    assert load(fixtures_dir, "bridge-spoken-start.vtt").date_known is False


def test_a_recording_start_written_in_a_note_block():
    text = ("WEBVTT\n\nNOTE\nMeeting: fraud declines war room\nStart time: 03 December 2026 16:30 (UTC+05:30)\n\n"
            "00:00:03.210 --> 00:00:09.880\n<v Kavya Menon>ok, let's start, it's 4:30.</v>\n")
    message = parse_pasted(text, today=TODAY, name="call.vtt").messages[0]
    assert message.time == datetime(2026, 12, 3, 11, 0, 3, 210000, tzinfo=UTC)


def test_quoted_slack_text_on_the_author_line_bold_names_and_linked_stamps(fixtures_dir):
    transcript = load(fixtures_dir, "slack-quoted.md")
    messages = story(transcript, FULL_NAMES)
    assert messages[0].text == "anyone else seeing login timeouts on the EU cluster?"  # bold name, linked stamp
    assert messages[1].text == SECOND_MESSAGE  # text on the author line
    assert messages[-1].time == datetime(2026, 10, 17, 0, 13)  # after the quoted "Saturday, October 17th" divider


def test_quoted_slack_bold_names_over_bare_times():
    # a bold name ends where its marks do, so the bare 24-hour time after it (one space or more) is its stamp; a
    # bold label over a time with text after it, or a bold word that names no one, stays text
    text = ("Pasted from #live-ops, Sat 5 Dec \u2192 Sun 6 Dec (Stockholm time)\n\n"
            "> **elin.b**  22:31\n> queue times in EU are 6+ minutes\n>\n"
            "> **oskar.l**  23:58\n> on it\n> **Decision** 23:59 revert the weights\n> **Update**  00:02\n>\n"
            "> __yusuf.a__ 00:04\n> reverted\n")
    transcript = parse_transcript(Source(name="postmortem.md", text=text, encoding="utf-8"),
                                  anchor_date=date(2026, 12, 5), today=TODAY)
    assert transcript.format == "slack"
    assert [(m.line, m.author, m.time, m.text) for m in transcript.messages if m.author] == [
        (3, "elin.b", datetime(2026, 12, 5, 22, 31), "queue times in EU are 6+ minutes"),
        (6, "oskar.l", datetime(2026, 12, 5, 23, 58), "on it\n**Decision** 23:59 revert the weights\n**Update**  00:02"),
        (11, "yusuf.a", datetime(2026, 12, 6, 0, 4), "reverted"),
    ]


@pytest.mark.parametrize(
    "divider",
    ["martes, 17 de noviembre", "terça-feira, 17 de novembro", "mardi 17 novembre", "Dienstag, 17. November"],
)
def test_day_dividers_in_other_languages(divider):
    text = f"{divider}\nIrene Soto  [11:53 AM]\nmine, looking\n"
    transcript = parse_pasted(text, today=TODAY, name="chat.txt")
    assert transcript.messages[0].time == datetime(2026, 11, 17, 11, 53)
    assert transcript.date_known and transcript.warnings == []


def test_webex_meeting_chat():
    text = ("from Camille Dubois to everyone:    4:02 PM\nI opened this Webex for the preview problem\n"
            "from Thomas Girard to everyone:    4:04 PM\nI'm in\nsorry, I was in the metro\n")
    transcript = parse_transcript(Source(name="webex.txt", text=text, encoding="utf-8"), anchor_date=date(2026, 6, 23),
                                  today=TODAY)
    assert transcript.format == "webex"
    assert [(m.line, m.author, m.time, m.text) for m in transcript.messages] == [
        (1, "Camille Dubois", datetime(2026, 6, 23, 16, 2), "I opened this Webex for the preview problem"),
        (3, "Thomas Girard", datetime(2026, 6, 23, 16, 4), "I'm in\nsorry, I was in the metro"),
    ]


def test_draft_help_lists_every_format_with_an_example():
    from cli_runner import postmortem

    result = postmortem("draft", "--help", text=True)
    assert result.returncode == 0
    formats_part = result.stdout.split("Formats (", 1)[1]
    listed = {line.split()[0]: line for line in formats_part.splitlines() if line.startswith("  ") and line.strip()}
    assert set(FORMATS) <= set(listed)
    assert all(len(listed[name].split()) > 1 for name in FORMATS), "each format comes with an example"


def test_the_readme_lists_every_format(fixtures_dir):
    readme = (fixtures_dir.parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Transcripts it reads", 1)[1].split("\n## ", 1)[0]
    assert all(f"| `{name}` |" in section for name in FORMATS)


@pytest.mark.parametrize(
    "text",
    ["1\n00:00:04,000 --> 00:00:08,000\nAna Silva: right, it is 15:02 UTC now, starting the bridge\n\n"
     "2\n00:01:04,000 --> 00:01:09,000\nBen Okoro: rollback is running\n\n3\n00:02:00,000 --> 00:02:03,000\nAna Silva: ok\n",
     "00:00:04 Ana Silva: right, it is 15:02 UTC now, starting the bridge\n00:01:04 Ben Okoro: rollback is running\n"
     "00:02:00 Ana Silva: ok\n"],
    ids=["srt", "offset-lines"],
)
def test_a_spoken_start_turns_offsets_into_wall_clock_times(text):
    transcript = parse_transcript(Source(name="bridge.srt", text=text, encoding="utf-8"), anchor_date=INCIDENT_DAY,
                                  today=TODAY)
    assert who_when(transcript) == [
        ("Ana Silva", datetime(2026, 10, 16, 15, 2, tzinfo=UTC)),
        ("Ben Okoro", datetime(2026, 10, 16, 15, 3, tzinfo=UTC)),
        ("Ana Silva", datetime(2026, 10, 16, 15, 3, 56, tzinfo=UTC)),
    ]


def test_slack_app_bot_badge_on_its_own_time_line_belongs_to_the_name_above():
    text = (
        "Thursday, March 12th\n"
        "Nadia Brandt\n9:12 AM\nrolling the pricing flag to 5% now\n"
        "Omar Haddad\n9:13 AM\nok, watching the dashboards\n"
        "Flagsmith\nAPP  9:14 AM\nNadia Brandt changed pricing-v2 in Production\n"
        "Omar Haddad\n9:16 AM\ncheckout looks slow for me\n9:17 AM\nlike 4s per page\n"
        "Grafana\nBOT  9:20 AM\n[FIRING:1] pricing-api 5xx above 2%\n"
        "Nadia Brandt\n9:21 AM\nturning the flag off\n"
        "Omar Haddad\n9:24 AM\npages are fast again\n"
    )
    messages = parse_transcript(Source(name="chat.txt", text=text, encoding="utf-8"), anchor_date=date(2026, 3, 12),
                                today=TODAY).messages
    bots = [(m.author, m.kind, m.time.strftime("%H:%M"), m.text) for m in messages if m.kind != "chat"]
    assert bots == [
        ("Flagsmith", "bot", "09:14", "Nadia Brandt changed pricing-v2 in Production"),
        ("Grafana", "alert", "09:20", "[FIRING:1] pricing-api 5xx above 2%"),
    ]
    assert {m.author for m in messages} == {"Nadia Brandt", "Omar Haddad", "Flagsmith", "Grafana"}


def test_element_desktop_copy_reads_handles_and_day_dividers():
    text = (
        "#ops:example.org\n— Tuesday 29 September 2026 —\n"
        "Femke Jansen (@femke:example.org) · 10:12\nthe app shows every bike offline\n"
        "Sander de Vries (@sander:example.org) · 10:15\non-call here, looking\n"
        "Sander de Vries (@sander:example.org) · 10:21\nbroker 2 restarted three times, OOMKilled\n"
    )
    messages = parse_pasted(text, today=TODAY, name="room.txt").messages
    people = [(m.author, m.time, m.text) for m in messages if m.kind == "chat"]
    assert people == [
        ("Femke Jansen", datetime(2026, 9, 29, 10, 12), "the app shows every bike offline"),
        ("Sander de Vries", datetime(2026, 9, 29, 10, 15), "on-call here, looking"),
        ("Sander de Vries", datetime(2026, 9, 29, 10, 21), "broker 2 restarted three times, OOMKilled"),
    ]
