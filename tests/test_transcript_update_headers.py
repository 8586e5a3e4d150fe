"""Live notes written as update sections: a line with a time, maybe a zone and an author, opens each update
("Status update 11:20 PT (Dana Whitfield)", "Update 14:05 UTC — Ana Lima", "## 09:30 (Ana)") and the bullets and
paragraphs under it are entries at that time by that author."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from agent.transcript import Source, load_transcript, parse_transcript
from agent.transcript.detect import detect_format
from agent.transcript.update_header import scan_update
from test_transcript_fuzz import check_invariants

TODAY = date(2026, 11, 21)
PACIFIC = ZoneInfo("America/Los_Angeles")


def parse(text: str, **options):
    return parse_transcript(Source(name="notes.md", text=text, encoding="utf-8"), today=TODAY, **options)


def entries(transcript):
    return [(m.line, m.time, m.author, m.text) for m in transcript.messages if m.time is not None]


def test_the_live_notes_sample_stamps_each_paragraph_and_bullet_with_its_update(fixtures_dir):
    transcript = load_transcript(str(fixtures_dir / "transcripts" / "live-notes-updates.md"), today=TODAY,
                                 anchor_date=date(2026, 6, 9))
    assert transcript.format == "plain"
    at = lambda hour, minute: datetime(2026, 6, 9, hour, minute, tzinfo=PACIFIC).astimezone(UTC)  # noqa: E731
    assert entries(transcript) == [
        # each update's first entry starts at its header, as a chat message starts at its author line
        (5, at(11, 20), "Dana Whitfield",
         "Uploads over 5 MB fail with a 413 from the edge since roughly 11:05.\nSupport has 14 tickets so far."),
        (9, at(11, 34), "Dana Whitfield", "Edge config push at 11:02 lowered the body size limit to 5 MB"),
        (11, at(11, 34), "Dana Whitfield", "Reverting the push on the canary edge first"),
        (13, at(11, 47), "Marco Reyes", "Revert rolled out to every edge node"),
        (16, at(11, 47), "Marco Reyes", "413s stopped at 11:46, uploads of 20 MB go through again"),
        (18, at(12, 5), "Dana Whitfield",
         "Closing the incident. Follow-up: the config linter should flag size limit changes."),
    ]


def test_update_header_shapes():
    day = datetime(2026, 11, 21, tzinfo=UTC)
    text = ("Update #3 — 14:05 UTC — Ana Lima\nPaged the platform on-call.\n\n"
            "UPDATE at 14:20 UTC by Bo Chen\nFailing over to the secondary load balancer.\n\n"
            "## 14:31 UTC\n- Error rate under 0.1%\n\n"
            "### 14:50 UTC checkout back to normal for every region\n\n"
            "14:58 UTC (Ana Lima)\nKeeping the incident open until the vendor confirms.\n")
    assert [(time, author, text) for _, time, author, text in entries(parse(text, anchor_date=TODAY))] == [
        (day.replace(hour=14, minute=5), "Ana Lima", "Paged the platform on-call."),
        (day.replace(hour=14, minute=20), "Bo Chen", "Failing over to the secondary load balancer."),
        (day.replace(hour=14, minute=31), None, "Error rate under 0.1%"),
        (day.replace(hour=14, minute=50), None, "checkout back to normal for every region"),
        (day.replace(hour=14, minute=58), "Ana Lima", "Keeping the incident open until the vendor confirms."),
    ]


def test_lines_that_only_look_like_updates_are_not_headers():
    for line in ("Status: active", "## Timeline", "Update the runbook by 14:00 tomorrow", "Status 404 at the edge",
                 "14:02 alice: restarted the api", "update 1:2", "## 25:61 (Ana)"):
        assert scan_update(line) is None, line


def test_an_update_note_atop_a_document_is_no_entry_of_its_timeline():
    """A note added above the timeline later ("Update 18:14 UTC: service back online") has no day of its own; read
    as the first entry it would put a recovery before anything happened."""
    text = ("Yesterday the database lost six hours of data.\n\n_**Update 18:14 UTC: the site is back online**_\n\n"
            "At 2017/01/31 18:00 UTC, spammers started hammering the database.\n")
    transcript = parse(text)
    assert [(m.time, m.text[:8]) for m in transcript.messages if m.time] == [
        (datetime(2017, 1, 31, 18, 0, tzinfo=UTC), "spammers")]


def test_a_heading_without_a_time_still_starts_a_new_pasted_log():
    text = "## 09:30 (Ana)\nDisk full alarm on db-7.\n\n## Later notes\n09:10 Ravi: freed space\n"
    transcript = parse(text, anchor_date=TODAY)
    assert [(m.author, m.time.strftime("%d %H:%M") if m.time else None) for m in transcript.messages] == [
        ("Ana", "21 09:30"), ("Ravi", "21 09:10")]  # the section's own day: its clock restarts, no rollover


HEADERS = st.sampled_from([
    "Status update {clock} {zone} ({name})", "Update {clock} {zone} — {name}", "## {clock} {zone} ({name})",
    "**Update {clock} {zone} - {name}**", "Status update at {clock} {zone} by {name}", "### {clock} {zone} ({name})",
])
NAMES = st.sampled_from(["Ana Lima", "Dana Whitfield", "ravi", "Marco Reyes", "t.berg"])
ENTRY = st.sampled_from(["Failing over the export workers", "Queue drained on every shard",
                         "Restarted the scheduler on node 3", "Rolled back release 41", "Support reports duplicates"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(HEADERS, NAMES, st.lists(ENTRY, min_size=1, max_size=3), st.booleans(), st.booleans()),
                min_size=1, max_size=6), st.sampled_from(["UTC", "PT", ""]))
def test_generated_update_notes_give_one_entry_per_bullet_or_paragraph(updates, zone):
    start = datetime(2026, 5, 12, 8, 0)
    lines = ["Running notes", ""]
    expected = []
    for index, (header, name, texts, bullets, blank) in enumerate(updates):
        moment = start + timedelta(minutes=9 * index)
        lines.append(header.format(clock=f"{moment:%H:%M}", zone=zone, name=name).replace("  ", " "))
        header = len(lines)
        if blank:
            lines.append("")
        for number, entry in enumerate(texts):
            if not bullets and number:
                lines.append("")  # paragraphs are kept apart by blank lines
            lines.append(f"- {entry}" if bullets else entry)
            expected.append((header if number == 0 else len(lines), moment, name, entry))
        lines.append("")
    transcript = parse("\n".join(lines), anchor_date=date(2026, 5, 12))
    zone_of = {"UTC": UTC, "PT": PACIFIC, "": None}[zone]
    assert entries(transcript) == [
        (line, moment if zone_of is None else moment.replace(tzinfo=zone_of).astimezone(UTC), name, entry)
        for line, moment, name, entry in expected
    ]
    assert detect_format(Source(name="notes.md", text="\n".join(lines), encoding="utf-8")) == "plain"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Update", "Status update", "##", "**", "_", "(", ")", "—", "-", "by", "at", "#3",
                                 "14:05", "2:05 PM", "99:99", "UTC", "PT", "Ana Lima", ":", "\t"])
                | st.text(max_size=6), max_size=8).map(" ".join))
def test_any_update_like_line_is_read_without_error(line):
    start = scan_update(line)
    assert start is None or start.stamp is not None
    check_invariants(parse(line + "\n- an entry\n"), line + "\n- an entry\n") if line.strip() else None
