"""Meeting transcripts: Zoom recordings whose clocks count from the recording start, Zoom chats whose clocks are
times of day, and the notices Teams writes into a meeting chat. Fixtures and generated logs of our own writing."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.transcript import FORMATS, load_transcript, meeting_recording, read_source
from agent.transcript.assemble import Draft, assemble
from agent.transcript.detect import detect_format
from agent.transcript.source import Source
from agent.transcript.teams import prepare as teams_prepare
from cli_runner import REPO, postmortem

TODAY = date(2026, 11, 21)
TRANSCRIPTS = REPO / "tests" / "fixtures" / "transcripts"
CLOUD_NAME = "GMT20260310-140211_Recording.transcript.vtt"
CLOUD_START = datetime(2026, 3, 10, 14, 2, 11)
PEOPLE = ["Dana Whitfield", "Priya Raman", "Omar Haddad", "Lena Vogt"]
WORDS = ["rollback", "the", "gateway", "config", "is", "back", "errors", "queue", "draining", "we", "see", "p99", "42%"]


def drafted(*args: str) -> dict:
    result = postmortem("draft", *args, "--json", "--no-kb", env={"POSTMORTEM_TODAY": TODAY.isoformat()})
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def recording_drafts(lines: list[str], name: str) -> tuple[list[Draft], list[str]]:
    cleaned, scan, warnings = meeting_recording.prepare(lines, name)
    assert len(cleaned) == len(lines)  # line numbers survive the cleaning
    return assemble(cleaned, scan)[0], warnings


def stamped_at(draft: Draft) -> datetime | None:
    stamp = draft.stamp
    return None if stamp is None else datetime.combine(stamp.day or date(2000, 1, 1), stamp.clock, tzinfo=stamp.zone)


# --- Zoom: recordings are told from chats -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [("zoom-recording.vtt", "zoom"), ("zoom-cloud-transcript.txt", "zoom"), ("zoom-chat.txt", "zoom"),
     ("zoom-chat-overnight.txt", "zoom"), ("teams-meeting-chat.txt", "teams")],
)
def test_detection_of_meeting_files(name, expected):
    assert detect_format(read_source(str(TRANSCRIPTS / name))) == expected


@pytest.mark.parametrize(
    ("name", "recording"),
    [("zoom-recording.vtt", True), ("zoom-cloud-transcript.txt", True), ("zoom-chat.txt", False),
     # a chat that starts just after midnight still carries times of day
     ("zoom-chat-overnight.txt", False), ("irc-no-dates.log", False), ("plain-with-alerts.txt", False)],
)
def test_only_recordings_count_from_zero(name, recording):
    assert meeting_recording.is_recording((TRANSCRIPTS / name).read_text().split("\n")) is recording


def test_a_recording_clock_starts_near_zero_names_speakers_and_never_goes_back():
    is_recording = meeting_recording.is_recording
    assert is_recording(["00:00:12 Dana Whitfield: db is down", "00:09:40 Priya Raman: failing over"])
    assert not is_recording(["00:07:12 Dana Whitfield: db is down", "00:09:40 Priya Raman: failing over"])
    assert not is_recording(["00:00:12 Dana Whitfield: db is down", "00:00:05 Priya Raman: failing over"])
    assert not is_recording(["[00:00:12] <dana> db is down", "[00:09:40] <priya> failing over"])  # IRC at midnight


def test_vtt_without_a_start_keeps_speakers_and_text_but_no_times():
    lines = (TRANSCRIPTS / "zoom-recording.vtt").read_text().split("\n")
    drafts, warnings = recording_drafts(lines, "zoom-recording.vtt")
    assert [(d.line, d.end_line, d.author, d.stamp) for d in drafts] == [
        (3, 5, "Dana Whitfield", None), (7, 9, "Priya Raman", None), (11, 13, "Priya Raman", None),
        (15, 18, "Priya Raman", None), (20, 22, "Dana Whitfield", None),
    ]
    assert drafts[3].text == "Rollback is done, error rate is back to normal.\nWatching it for a few more minutes before we call it."
    assert len(warnings) == 1 and "recording" in warnings[0] and "Recording started:" in warnings[0]


def test_cloud_file_name_gives_the_start_in_utc():
    lines = (TRANSCRIPTS / "zoom-recording.vtt").read_text().split("\n")
    drafts, warnings = recording_drafts(lines, f"/downloads/{CLOUD_NAME}")
    assert warnings == []
    assert [stamped_at(d) for d in drafts] == [
        datetime(2026, 3, 10, 14, 2, 15, 210000, tzinfo=UTC), datetime(2026, 3, 10, 14, 2, 21, 100000, tzinfo=UTC),
        datetime(2026, 3, 10, 14, 5, 23, tzinfo=UTC), datetime(2026, 3, 10, 14, 13, 51, 250000, tzinfo=UTC),
        datetime(2026, 3, 10, 14, 27, 13, tzinfo=UTC),
    ]


def test_start_note_with_a_time_only_leaves_the_day_to_the_date_option():
    lines = (TRANSCRIPTS / "zoom-cloud-transcript.txt").read_text().split("\n")
    drafts, warnings = recording_drafts(lines, "zoom-cloud-transcript.txt")
    assert warnings == []
    assert drafts[0].kind == "system" and drafts[0].stamp is None  # the title and start note
    spoken = drafts[1:]
    assert [(d.line, d.author) for d in spoken] == [
        (4, "Omar Haddad"), (5, "Lena Vogt"), (6, "Lena Vogt"), (7, "Omar Haddad"), (8, "Omar Haddad")]
    assert all(d.stamp.day is None and d.stamp.zone is None for d in spoken)
    assert [d.stamp.clock.isoformat() for d in spoken] == ["21:41:02", "21:41:37", "21:47:15", "22:00:48", "22:22:05"]


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Recording started: 2026-03-10 14:02:11 UTC", datetime(2026, 3, 10, 14, 2, 11, tzinfo=UTC)),
        ("WEBVTT - meeting started 2026-03-10T15:02:11+01:00", datetime(2026, 3, 10, 14, 2, 11, tzinfo=UTC)),
        ("Call started on March 10, 2026 at 2:02 PM", datetime(2026, 3, 10, 14, 2)),
        ("recording started at 14:02", datetime(2000, 1, 1, 14, 2)),
    ],
)
def test_start_notes(note, expected):
    lines = [note, "", "00:00:01.000 --> 00:00:02.000", "Dana Whitfield: hi"]
    stamp = meeting_recording.recording_start(lines, "bridge.vtt")
    moment = datetime.combine(stamp.day or date(2000, 1, 1), stamp.clock, tzinfo=stamp.zone)
    assert moment == expected


def test_a_start_note_after_the_first_message_is_not_the_start():
    lines = ["00:00:01.000 --> 00:00:02.000", "Dana Whitfield: the recording started at 14:02 I think"]
    assert meeting_recording.recording_start(lines, "bridge.vtt") is None


def test_teams_voice_tags_notes_and_settings():
    text = (
        "WEBVTT\nKind: captions\n\nNOTE written by the meeting app\nwith two lines\n\n"
        "a1b2-3c4d/12-0\n00:00:01.500 --> 00:00:04.000 align:start position:0%\n<v Priya Raman>Gateway errors are at nine percent.</v>\n\n"
        "a1b2-3c4d/13-0\n0:0:5.0 --> 0:0:7.250\n<v Dana Whitfield>Roll it back.\nI'll tell support.</v>\n"
    )
    drafts, _ = recording_drafts(text.split("\n"), CLOUD_NAME)
    assert [(d.line, d.end_line, d.author, d.text) for d in drafts] == [
        (7, 9, "Priya Raman", "Gateway errors are at nine percent."),
        (11, 14, "Dana Whitfield", "Roll it back.\nI'll tell support."),
    ]
    assert [stamped_at(d) - stamped_at(drafts[0]) for d in drafts] == [timedelta(0), timedelta(seconds=3.5)]


def test_zoom_chat_keeps_its_times_of_day():
    transcript = load_transcript(str(TRANSCRIPTS / "zoom-chat-overnight.txt"), anchor_date=date(2026, 3, 14), today=TODAY)
    assert transcript.format == "zoom" and transcript.warnings == []
    assert [(m.line, m.time, m.author) for m in transcript.messages] == [
        (1, datetime(2026, 3, 14, 0, 3, 10), "Jonas Berg"), (2, datetime(2026, 3, 14, 0, 4, 2), "Amara Nwosu"),
        (3, datetime(2026, 3, 14, 0, 9, 45), "Amara Nwosu"), (4, datetime(2026, 3, 14, 0, 15, 30), "Amara Nwosu"),
        (6, datetime(2026, 3, 14, 0, 32), "Jonas Berg"),
    ]


_MOMENTS = ("impact_start", "detected", "acknowledged", "mitigated", "recovered", "resolved")


def test_draft_of_a_zoom_chat_has_real_times_and_durations():
    result = drafted(str(TRANSCRIPTS / "zoom-chat-overnight.txt"), "--date", "2026-03-14")
    moments = [v for k, v in result["metrics"].items() if k in _MOMENTS and v is not None]
    assert len(result["timeline"]) >= 3 and moments
    assert all(event["time"].startswith("2026-03-14T00:") for event in result["timeline"])
    assert all(moment.startswith("2026-03-14T00:") for moment in moments)


# --- Generated recordings ------------------------------------------------------------------------------------

FRAGMENTS = [
    "WEBVTT", "NOTE", "STYLE", "00:00:05.120 --> 00:00:09.000", "0:0:1.5 --> 0:0:2", "99:99:99.999 --> 1:2",
    "00:59:60 --> 01:00:00", "<v Dana Whitfield>", "<v.loud Priya>", "</v>", "Recording started:", "Meeting started",
    "2026-03-10 14:02 UTC", "9999-12-31 23:59", "0001-01-01 00:00 +14:00", "2:02 PM", "00:00:03", "[00:00:07]",
    "Dana Whitfield:", "From Alice to Everyone:", "\t", "-->", "GMT20260310-140211", "1", "\u0663:\u0664\u0665",
]
LINE = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=5).map(" ".join)
NAMES = st.sampled_from(["bridge.vtt", CLOUD_NAME, "GMT99991231-235959_Recording.vtt", "GMT20261340-250000.vtt", "<stdin>"])


@given(lines=st.lists(LINE, min_size=1, max_size=15), name=NAMES)
def test_recording_parsing_never_crashes_and_keeps_lines(lines, name):
    drafts, _ = recording_drafts(lines, name)
    assert [d.line for d in drafts] == sorted(d.line for d in drafts)
    assert all(1 <= d.line <= max(d.line, d.end_line) <= len(lines) for d in drafts)
    assert detect_format(Source(name=name, text="\n".join(lines), encoding="utf-8")) in FORMATS


def clock_text(offset: timedelta, comma: bool) -> str:
    milliseconds = offset // timedelta(milliseconds=1)
    seconds, milli = divmod(milliseconds, 1000)
    text = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.{milli:03d}"
    return text.replace(".", ",") if comma else text


@st.composite
def vtt_recording(draw):
    """Cues in time order (SRT commas, VTT dots or SubViewer's `0:00:05.120,0:00:07.120`, numbered or not,
    `Name: text` or voice tags)."""
    steps = draw(st.lists(st.integers(0, 3_600_000), min_size=2, max_size=12))
    comma, numbered, voiced = draw(st.booleans()), draw(st.booleans()), draw(st.booleans())
    subviewer = not comma and draw(st.booleans())
    numbered = numbered and not subviewer
    lines, cues, offset = ([] if comma or subviewer else ["WEBVTT", ""]), [], timedelta(0)
    for number, step in enumerate(steps, start=1):
        offset += timedelta(milliseconds=step)
        who, words = draw(st.sampled_from(PEOPLE)), " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6)))
        cues.append((len(lines) + 1, offset, who, words))  # a cue's number, if any, is where its message starts
        if numbered:
            lines.append(str(number))
        end = offset + timedelta(seconds=2)
        timing = (f"{clock_text(offset, comma)[1:]},{clock_text(end, comma)[1:]}" if subviewer
                  else f"{clock_text(offset, comma)} --> {clock_text(end, comma)}")
        lines += [timing,
                  f"<v {who}>{words}</v>" if voiced else f"{who}: {words}", ""]
    return lines, cues


@given(recording=vtt_recording())
def test_generated_cues_keep_their_order_offsets_and_speakers(recording):
    lines, cues = recording
    assert meeting_recording.is_recording(lines)
    drafts, warnings = recording_drafts(lines, CLOUD_NAME)
    assert warnings == []
    start = CLOUD_START.replace(tzinfo=UTC)
    assert [(d.line, stamped_at(d), d.author, d.text) for d in drafts] == [
        (line, start + offset, who, words) for line, offset, who, words in cues]
    unknown, warnings = recording_drafts(lines, "bridge.vtt")
    assert [d.stamp for d in unknown] == [None] * len(cues) and len(warnings) == 1


# --- Teams notices -------------------------------------------------------------------------------------------


def test_teams_notices_are_system_messages(tmp_path):
    transcript = load_transcript(str(TRANSCRIPTS / "teams-meeting-chat.txt"), today=TODAY)
    assert transcript.format == "teams"
    assert [(m.line, m.end_line, m.time, m.kind, m.author) for m in transcript.messages] == [
        (1, 2, datetime(2026, 3, 10, 14, 2), "chat", "Dana Whitfield"),
        (3, 3, None, "system", None),
        (4, 4, None, "system", None),
        (5, 5, datetime(2026, 3, 10, 14, 3), "system", None),
        (6, 8, datetime(2026, 3, 10, 14, 5), "chat", "Priya Raman"),
        (9, 9, None, "system", None),
        (10, 10, None, "system", None),
        (11, 12, datetime(2026, 3, 10, 14, 9), "chat", "Priya Raman"),
        (13, 14, datetime(2026, 3, 10, 14, 16), "chat", "Priya Raman"),
        (15, 15, None, "system", None),
        (16, 17, datetime(2026, 3, 10, 14, 50), "chat", "Omar Haddad"),
        (18, 18, None, "system", None),
    ]
    assert transcript.messages[3].text == "Priya Raman joined"
    # sentences that merely mention joining stay in the message that says them
    assert transcript.messages[4].text == "I joined late, looking at the gateway now\nOmar joined the bridge at 14:04 and is handling comms"


NOTICES = [
    "{who} added {other} to the meeting.", "{who} added {other} and {who} to the chat.", "{who} removed {other} from the chat",
    "{who} joined", "{who} joined the meeting", "{who} has joined the conversation.", "{who} left", "{who} left the chat.",
    "{who} changed the meeting title to {words}", "{who} renamed the chat to {words}", "{who} is now presenting",
    "{who} stopped presenting", "{who} started recording", "{who} stopped transcription.", "Recording has started",
    "Recording and transcription have stopped", "Meeting ended: 45m 12s", "Meeting ended: 1h 2m 3s", "Meeting started",
    "Call ended", "Meeting started 9:58 AM", "[10/03/2026 14:03] {who} joined", "[2:03 PM] Recording has started",
]
ORDINARY = [
    "I joined late, {words}", "{who} joined the bridge and {words}", "we left {words}", "{who} added {words}",
    "{who} joined the meeting after {words}", "Recording has started to {words}", "meeting ended early because {words}",
    "{who} is now presenting the {words}", "everyone joined", "they left", "who joined?",
]
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)


def teams_scan(line: str):
    scan, _ = teams_prepare([line])
    return scan(line)


@given(template=st.sampled_from(NOTICES), who=st.sampled_from(PEOPLE), other=st.sampled_from(PEOPLE), words=SENTENCE)
def test_teams_notice_lines_are_typed_system(template, who, other, words):
    found = teams_scan(template.format(who=who, other=other, words=words))
    assert found.kind == "system" and found.author is None


@given(template=st.sampled_from(ORDINARY), who=st.sampled_from(PEOPLE), words=SENTENCE)
def test_lines_that_mention_joining_are_not_notices(template, who, words):
    found = teams_scan(template.format(who=who, words=words))
    assert found is None or found.kind != "system"


@given(line=LINE)
def test_teams_scanner_never_crashes(line):
    teams_scan(line)


def test_draft_of_a_teams_meeting_chat_ignores_notices():
    result = drafted(str(TRANSCRIPTS / "teams-meeting-chat.txt"))
    notice_lines = {3, 4, 5, 9, 10, 15, 18}
    assert result["timeline"] and all(not notice_lines & set(e["source_lines"]) for e in result["timeline"])
    roles = result["markdown"].split("## Roles", 1)[1].split("\n## ", 1)[0]
    names = [row.split("|")[2].strip() for row in roles.splitlines() if row.startswith("| responder")]
    assert names == ["Dana Whitfield", "Priya Raman", "Omar Haddad"]
    assert [item["owner"] for item in result["action_items"]] == ["Omar Haddad"]
