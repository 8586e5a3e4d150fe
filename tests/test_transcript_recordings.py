"""Zoom recordings through `agent.transcript` and `postmortem draft`: offsets become times only from a known start."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.transcript import load_transcript, parse_transcript
from agent.transcript.source import Source
from test_transcript_meetings import CLOUD_NAME, CLOUD_START, LINE, NAMES, TODAY, TRANSCRIPTS, drafted, vtt_recording


@pytest.fixture
def cloud_recording(tmp_path) -> Path:
    path = tmp_path / CLOUD_NAME
    path.write_bytes((TRANSCRIPTS / "zoom-recording.vtt").read_bytes())
    return path


def test_recording_without_a_start_has_no_times():
    transcript = load_transcript(str(TRANSCRIPTS / "zoom-recording.vtt"), anchor_date=date(2026, 3, 10), today=TODAY)
    assert transcript.format == "zoom"
    assert [(m.line, m.time, m.author) for m in transcript.messages] == [
        (3, None, "Dana Whitfield"), (7, None, "Priya Raman"), (11, None, "Priya Raman"), (15, None, "Priya Raman"),
        (20, None, "Dana Whitfield")]
    assert transcript.incident_date is None
    assert any("offsets into a recording" in warning for warning in transcript.warnings)


def test_recording_with_its_cloud_file_name_has_utc_times(cloud_recording):
    transcript = load_transcript(str(cloud_recording), today=TODAY)
    assert [m.time for m in transcript.messages] == [
        datetime(2026, 3, 10, 14, 2, 15, 210000, tzinfo=UTC), datetime(2026, 3, 10, 14, 2, 21, 100000, tzinfo=UTC),
        datetime(2026, 3, 10, 14, 5, 23, tzinfo=UTC), datetime(2026, 3, 10, 14, 13, 51, 250000, tzinfo=UTC),
        datetime(2026, 3, 10, 14, 27, 13, tzinfo=UTC)]
    assert transcript.warnings == [] and transcript.incident_date == date(2026, 3, 10)


def test_cloud_transcript_takes_its_day_from_the_date_option_and_its_zone_from_tz():
    path = str(TRANSCRIPTS / "zoom-cloud-transcript.txt")
    local = load_transcript(path, anchor_date=date(2026, 3, 13), today=TODAY)
    assert [m.time for m in local.messages if m.author] == [
        datetime(2026, 3, 13, 21, 41, 2), datetime(2026, 3, 13, 21, 41, 37), datetime(2026, 3, 13, 21, 47, 15),
        datetime(2026, 3, 13, 22, 0, 48), datetime(2026, 3, 13, 22, 22, 5)]
    berlin = load_transcript(path, anchor_date=date(2026, 3, 13), tz="Europe/Berlin", today=TODAY)
    assert berlin.messages[1].time == datetime(2026, 3, 13, 20, 41, 2, tzinfo=UTC)


def test_draft_of_a_recording_without_a_start_leaves_every_time_unknown():
    result = drafted(str(TRANSCRIPTS / "zoom-recording.vtt"))
    metrics = result["metrics"]
    names = ("impact_start", "detected", "acknowledged", "mitigated", "recovered", "resolved",
             "ttd_minutes", "tta_minutes", "ttm_minutes", "ttr_minutes", "ttc_minutes")
    assert all(metrics[name] is None and metrics["unknown"][name] for name in names)
    assert result["timeline"] and all(event["time"] is None for event in result["timeline"])
    assert any("Recording started:" in warning for warning in result["warnings"])


def _on_the_recording_clock(result: dict, first: str, last: str) -> None:
    """Every timed event and every measured moment falls between the first and the last cue of the recording."""
    times = [event["time"] for event in result["timeline"] if event["time"]]
    moments = [value for key, value in result["metrics"].items() if key in _MOMENTS and value is not None]
    assert len(times) >= 3 and moments
    assert all(first <= moment <= last for moment in times + moments), (times, moments)


_MOMENTS = ("impact_start", "detected", "acknowledged", "mitigated", "recovered", "resolved")


def test_draft_of_a_recording_with_its_start_measures_from_it(cloud_recording):
    _on_the_recording_clock(drafted(str(cloud_recording)), "2026-03-10T14:02:15", "2026-03-10T14:27:14")


def test_draft_of_a_cloud_transcript_with_a_date():
    result = drafted(str(TRANSCRIPTS / "zoom-cloud-transcript.txt"), "--date", "2026-03-13")
    _on_the_recording_clock(result, "2026-03-13T21:41:02", "2026-03-13T22:22:06")


@given(lines=st.lists(LINE, min_size=1, max_size=15), name=NAMES)
def test_parsing_recordings_never_crashes(lines, name):
    text = "\n".join(lines)
    if not text.strip():
        return
    transcript = parse_transcript(Source(name=name, text=text, encoding="utf-8"), fmt="zoom", today=TODAY)
    line_count = len(text.split("\n"))
    assert all(1 <= m.line <= m.end_line <= line_count for m in transcript.messages)
    assert len({m.time.tzinfo is None for m in transcript.messages if m.time}) <= 1


@given(recording=vtt_recording())
def test_generated_recordings_come_back_with_start_plus_offset(recording):
    lines, cues = recording
    transcript = parse_transcript(Source(name=CLOUD_NAME, text="\n".join(lines), encoding="utf-8"), today=TODAY)
    assert transcript.format == "zoom"
    start = CLOUD_START.replace(tzinfo=UTC)
    assert [(m.line, m.time, m.author) for m in transcript.messages] == [(line, start + offset, who) for line, offset, who, _ in cues]
