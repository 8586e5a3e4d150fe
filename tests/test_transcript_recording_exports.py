"""Meeting-recording transcripts as the tools export them (Otter.ai, Teams, Google Meet, Zoom captions, SRT and
WebVTT variants), and start times said in words. Samples of our own writing."""

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.transcript import parse_transcript
from agent.transcript.source import Source
from agent.transcript.spoken_clock import spoken_clock
from test_transcript_meetings import PEOPLE, WORDS, drafted

TODAY = date(2026, 12, 20)


def parsed(text: str, name: str = "bridge.txt", **options):
    return parse_transcript(Source(name=name, text=text, encoding="utf-8"), today=TODAY, **options)


def rows(text: str, **options) -> list[tuple]:
    """The spoken messages; an export's title and header lines are one system message."""
    return [(m.line, m.author, m.time) for m in parsed(text, **options).messages if m.kind != "system"]


OTTER = """\
Payments bridge
Tue, Mar 10, 2026 2:31PM • 18:02

SUMMARY KEYWORDS
gateway, timeouts, rollback

SPEAKERS
Lena Vogt, Omar Haddad

Lena Vogt  0:02
Right, the notes bot is on. I got paged for checkout errors, customers report failed card payments.

Omar Haddad  0:41
I'm looking at it, about nine percent of payments fail since the gateway config push.

Lena Vogt  12:05
Rollback is done, error rate is back to normal.
"""


def test_otter_transcript_counts_from_its_header_date_and_time():
    start = datetime(2026, 3, 10, 14, 31)
    assert parsed(OTTER).format == "zoom"
    assert rows(OTTER) == [
        (10, "Lena Vogt", start + timedelta(seconds=2)), (13, "Omar Haddad", start + timedelta(seconds=41)),
        (16, "Lena Vogt", start + timedelta(minutes=12, seconds=5))]
    assert parsed(OTTER).messages[1].text == ("Right, the notes bot is on. I got paged for checkout errors, customers "
                                              "report failed card payments.")


TEAMS_DOWNLOAD = """\
Checkout incident call
October 2, 2026, 11:04PM
22m 10s

Priya Raman started transcription

Priya Raman   0:03
Okay, we are live. The queue consumers stopped at about ten to eleven.

Dana Whitfield   1:02:30
Consumers are back and the backlog is draining.
"""


def test_teams_transcript_download_names_over_offsets():
    start = datetime(2026, 10, 2, 23, 4)
    found = rows(TEAMS_DOWNLOAD)
    assert found[-2:] == [(7, "Priya Raman", start + timedelta(seconds=3)),
                          (10, "Dana Whitfield", start + timedelta(hours=1, minutes=2, seconds=30))]
    assert found[-1][2].date() == date(2026, 10, 3)  # past midnight, the next day


MEET = """\
Ledger bridge (2026-08-17 02:10 GMT-4) - Transcript

Attendees

Ana Lima, Bo Chen

Transcript

00:00:00

Ana Lima: Thanks for joining, the nightly ledger export never arrived.
Bo Chen: I'll look at the transfer logs.
00:04:30

Bo Chen: The bank's server refuses connections since midnight.
Ana Lima: Then we ask them.
"""


def test_google_meet_marks_time_the_first_line_under_them_only():
    start = datetime(2026, 8, 17, 2, 10, tzinfo=timezone(timedelta(hours=-4)))
    assert rows(MEET) == [
        (11, "Ana Lima", start), (12, "Bo Chen", None),
        (15, "Bo Chen", start + timedelta(minutes=4, seconds=30)), (16, "Ana Lima", None)]


@pytest.mark.parametrize("header", ["Lena Vogt (00:00:02):", "Lena Vogt [0:02]", "Lena Vogt - 0:02"])
def test_other_speaker_over_offset_headers(header):
    text = OTTER.replace("Lena Vogt  0:02", header)
    assert rows(text)[0] == (10, "Lena Vogt", datetime(2026, 3, 10, 14, 31, 2))


TEAMS_DOCX = """\
0:0:1.200 --> 0:0:6.800
Mia Thompson
Okay everyone, it's quarter to six in the evening, thanks for staying.

0:0:7.0 --> 0:0:12.500
Josh Nguyen
Support has twenty tickets about missing password reset mails.
"""


def test_teams_docx_cues_with_the_speaker_on_its_own_line():
    start = datetime(2026, 5, 8, 17, 45) - timedelta(seconds=1.2)
    messages = parsed(TEAMS_DOCX, anchor_date=date(2026, 5, 8)).messages
    assert [(m.line, m.author, m.time, m.text) for m in messages] == [
        (1, "Mia Thompson", start + timedelta(seconds=1.2),
         "Okay everyone, it's quarter to six in the evening, thanks for staying."),
        (5, "Josh Nguyen", start + timedelta(seconds=7), "Support has twenty tickets about missing password reset mails.")]


SRT_BRACKETS = """\
1
00:00:04,000 --> 00:00:09,500
[Sven] Recording, it's twenty-three thirty-six UTC, for the record.

2
00:00:10,000 --> 00:00:14,000
[Ayumi] Hi, I'm here.
Give me a minute.
"""


def test_srt_with_bracketed_speakers_and_a_start_said_in_words():
    start = datetime(2026, 1, 31, 23, 36, tzinfo=UTC) - timedelta(seconds=4)
    messages = parsed(SRT_BRACKETS, anchor_date=date(2026, 1, 31)).messages
    assert [(m.line, m.end_line, m.author, m.time) for m in messages] == [
        (1, 3, "Sven", start + timedelta(seconds=4)), (5, 8, "Ayumi", start + timedelta(seconds=10))]
    assert messages[1].text == "Hi, I'm here.\nGive me a minute."


def test_a_bracketed_sound_is_no_speaker():
    text = SRT_BRACKETS.replace("[Ayumi] Hi, I'm here.", "[inaudible] here.")
    assert [(m.author, m.text) for m in parsed(text).messages][1] == (None, "[inaudible] here.\nGive me a minute.")


def test_a_start_said_without_its_half_of_the_day_leaves_the_recording_untimed():
    text = SRT_BRACKETS.replace("twenty-three thirty-six UTC", "quarter past three")
    transcript = parsed(text, anchor_date=date(2026, 1, 31))
    assert [m.time for m in transcript.messages] == [None, None]
    assert any("its start is not stated" in warning for warning in transcript.warnings)


VTT_NOTE = """\
WEBVTT

NOTE
bridge recording, started 2026-07-22 14:05 PDT, automatic captions

00:00:02.000 --> 00:00:05.500
<v Eli Cohen>Can someone confirm they hear me?

00:00:06.000 --> 00:00:08.000
<v Noor Haddad>Loud and clear.
"""


def test_a_note_block_gives_the_start_on_the_line_under_note():
    pdt = timezone(timedelta(hours=-7))
    assert rows(VTT_NOTE) == [(6, "Eli Cohen", datetime(2026, 7, 22, 14, 5, 2, tzinfo=pdt)),
                              (9, "Noor Haddad", datetime(2026, 7, 22, 14, 5, 6, tzinfo=pdt))]


def test_a_note_that_does_not_say_the_call_started_is_no_start():
    text = VTT_NOTE.replace("bridge recording, started 2026-07-22 14:05 PDT", "exported 2026-07-23 09:00 PDT")
    assert [time for _, _, time in rows(text)] == [None, None]


ZOOM_CAPTIONS = """\
[Arjun Nair] 23:58:04
Hello, can you hear me? The payment alert fired at eleven forty.

[Shreya Kulkarni] 00:01:12
Yes, one partner bank is timing out.
"""


def test_zoom_saved_captions_carry_times_of_day_over_midnight():
    transcript = parsed(ZOOM_CAPTIONS, anchor_date=date(2026, 4, 2))
    assert transcript.format == "zoom-captions"
    assert [(m.line, m.author, m.time) for m in transcript.messages] == [
        (1, "Arjun Nair", datetime(2026, 4, 2, 23, 58, 4)), (4, "Shreya Kulkarni", datetime(2026, 4, 3, 0, 1, 12))]


def test_a_cue_without_a_name_line_is_not_given_its_first_words_as_speaker():
    text = "1\n00:00:01,000 --> 00:00:03,000\nOkay then\nlet's start.\n\n2\n00:00:04,000 --> 00:00:05,000\nFine.\n"
    assert [(m.line, m.author, m.text) for m in parsed(text).messages] == [
        (1, None, "Okay then\nlet's start."), (6, None, "Fine.")]


def test_a_chat_copied_just_after_midnight_is_no_recording():
    # a Slack copy on a 24-hour clock: "00:03" beside a name is a time of day, not three seconds into a call
    text = ("sexta-feira, 27 de novembro\nAna Ribeiro  00:03\nack. orders-api throwing 503s\n\n"
            "Bruno Costa  00:03\nthe campaign is live\n\nAna Ribeiro  00:06\nDeclaring SEV1\n")
    transcript = parsed(text, anchor_date=date(2026, 11, 27))
    assert not any("recording" in warning for warning in transcript.warnings)
    assert [(m.author, m.time.time()) for m in transcript.messages if m.author] == [
        ("Ana Ribeiro", time(0, 3)), ("Bruno Costa", time(0, 3)), ("Ana Ribeiro", time(0, 6))]


def test_draft_of_an_otter_transcript_is_timed_from_its_header(tmp_path):
    path = tmp_path / "otter.txt"
    path.write_text(OTTER, encoding="utf-8")
    result = drafted(str(path))
    times = [event["time"] for event in result["timeline"] if event["time"]]
    assert times and all("2026-03-10T14:31" <= moment <= "2026-03-10T14:44" for moment in times)


# --- Times said in words -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("twenty-three thirty-six UTC, for the record", time(23, 36)),
        ("nine-oh-four pm", time(21, 4)),
        ("five past eight in the morning, London time", time(8, 5)),
        ("twenty to midnight, the import runs at twelve", time(23, 40)),
        ("ten past midnight", time(0, 10)),
        ("half past eleven p.m.", time(23, 30)),
        ("seven o\u2019clock in the evening", time(19, 0)),
        ("fourteen hundred", time(14, 0)),
        ("eleven oh eight at night", time(23, 8)),
        ("two ten at night", time(2, 10)),
        ("uh, Saturday night, the thirty-first, twenty-three thirty-six", time(23, 36)),
    ],
)
def test_spoken_clock_times(said, expected):
    assert spoken_clock(said).clock == expected


@pytest.mark.parametrize(
    "said",
    ["quarter past three, fifteen past", "nine thirty-one, this is the bridge", "only one bank, the others are fine",
     "like forty-one thousand messages", "twenty five percent", "done. twenty-three ten", "ten to fifteen percent",
     "quarter past three. It was eleven at night yesterday"],
)
def test_words_that_are_no_settled_time_of_day(said):
    assert spoken_clock(said) is None


UNITS = "one two three four five six seven eight nine".split()
TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty"}


def number_words(value: int, hyphen: bool) -> str:
    if value < 10:
        return UNITS[value - 1]
    if value < 20:
        return TEENS[value - 10]
    tens, unit = divmod(value, 10)
    return TENS[tens] + (("-" if hyphen else " ") + UNITS[unit - 1] if unit else "")


@given(hour=st.integers(13, 23), minute=st.integers(0, 59), hyphen=st.booleans())
def test_twenty_four_hour_times_said_in_words_come_back(hour, minute, hyphen):
    minutes = f"oh {UNITS[minute - 1]}" if 0 < minute < 10 else "hundred" if minute == 0 else number_words(minute, hyphen)
    assert spoken_clock(f"it's {number_words(hour, hyphen)} {minutes} now").clock == time(hour, minute)


@given(hour=st.integers(1, 11), minutes=st.sampled_from([5, 10, 15, 20, 25, 30]), past=st.booleans(),
       evening=st.booleans())
def test_times_relative_to_the_hour_with_their_half_of_the_day_come_back(hour, minutes, past, evening):
    said = {15: "quarter", 30: "half"}.get(minutes) or number_words(minutes, True)
    if minutes == 30 and not past:
        return  # nobody says "half to"
    text = f"{said} {'past' if past else 'to'} {number_words(hour, True)} in the {'evening' if evening else 'morning'}"
    expected = (datetime(2000, 1, 1, hour + 12 * evening) + timedelta(minutes=minutes if past else -minutes)).time()
    assert spoken_clock(text).clock == expected


# --- Generated exports: offsets come back as start + offset ----------------------------------------------------


def offset_text(offset: timedelta, padded: bool) -> str:
    seconds = int(offset.total_seconds())
    hours, minutes, secs = seconds // 3600, seconds // 60 % 60, seconds % 60
    if padded:
        return f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@st.composite
def headed_export(draw):
    """An Otter or Teams download: a title, the start, then `Name  m:ss` over the words."""
    start = datetime(2026, draw(st.integers(1, 12)), draw(st.integers(1, 28)), draw(st.integers(0, 23)),
                     draw(st.integers(0, 59)))
    clock = start.strftime("%I:%M%p").lstrip("0")
    lines = ["Incident bridge", f"{start:%b} {start.day}, {start.year}, {clock}", ""]
    offsets = draw(st.lists(st.integers(0, 7200), min_size=1, max_size=9))
    messages, offset = [], timedelta(0)
    for step in [draw(st.integers(0, 120)), *offsets]:  # a recording's first words come within two minutes
        offset += timedelta(seconds=step)
        who = draw(st.sampled_from(PEOPLE))
        words = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5)))
        messages.append((len(lines) + 1, who, start + offset, words))
        lines += [f"{who}{' ' * draw(st.integers(2, 3))}{offset_text(offset, False)}", words, ""]
    return "\n".join(lines), messages


@given(export=headed_export())
def test_generated_headed_exports_come_back_with_start_plus_offset(export):
    text, messages = export
    transcript = parsed(text)
    assert transcript.format == "zoom"
    assert [(m.line, m.author, m.time, m.text) for m in transcript.messages if m.author] == messages


@st.composite
def meet_export(draw):
    """A Google Meet transcript: marks over runs of `Name: text` lines."""
    start = datetime(2026, draw(st.integers(1, 12)), draw(st.integers(1, 28)), draw(st.integers(0, 23)),
                     draw(st.integers(0, 59)))
    lines = [f"Bridge ({start:%Y-%m-%d %H:%M}) - Transcript", "", "Transcript", ""]
    expected, offset = [], timedelta(0)
    for index, step in enumerate(draw(st.lists(st.integers(0, 900), min_size=2, max_size=6))):
        offset += timedelta(seconds=step if index else 0)
        lines += [offset_text(offset, True), ""]
        for position in range(draw(st.integers(1, 3))):
            who = draw(st.sampled_from(PEOPLE))
            words = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5)))
            expected.append((len(lines) + 1, who, start + offset if position == 0 else None, words))
            lines.append(f"{who}: {words}")
    return "\n".join(lines), expected


@given(export=meet_export())
def test_generated_meet_transcripts_time_each_marked_line(export):
    text, expected = export
    assert [(m.line, m.author, m.time, m.text) for m in parsed(text).messages if m.author] == expected
