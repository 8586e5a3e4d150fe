"""Reading input: encodings, stdin, Slack export folders and zips, and every kind of bad input."""

import io
import shutil
import zipfile
from datetime import date, datetime

import pytest

from agent.errors import InputError, UsageError
from agent.transcript import Source, load_transcript, parse_transcript, read_source
from agent.transcript.source import MAX_BYTES

TODAY = date(2026, 11, 21)
SLACK_TEXT = "Tuesday, March 10th\nZoë Müller  [2:09 PM]\nça marche, la base répond\nJosé Núñez  [2:11 PM]\nmerci\n"


def one_line_error(error_type, call):
    with pytest.raises(error_type) as caught:
        call()
    message = str(caught.value)
    assert message and "\n" not in message and "Traceback" not in message
    return message


def test_latin1_file_is_read_with_a_warning(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(SLACK_TEXT.encode("latin-1"))
    source = read_source(str(path))
    assert source.encoding == "latin-1"
    assert source.warnings == [f"{path}: not valid UTF-8 (byte 22); read as Latin-1"]
    transcript = parse_transcript(source, today=TODAY)
    assert [(m.author, m.text) for m in transcript.messages] == [
        ("Zoë Müller", "ça marche, la base répond"), ("José Núñez", "merci")]
    assert transcript.warnings == source.warnings


@pytest.mark.parametrize(("codec", "encoding"), [("utf-16", "utf-16"), ("utf-16-be", "utf-16"), ("utf-8-sig", "utf-8-sig")])
def test_byte_order_marks_are_honoured(tmp_path, codec, encoding):
    path = tmp_path / "bom.txt"
    data = SLACK_TEXT.replace("\n", "\r\n").encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    source = read_source(str(path))
    assert source.encoding == encoding and source.warnings == []
    transcript = parse_transcript(source, today=TODAY)
    assert [(m.line, m.end_line, m.time, m.author) for m in transcript.messages] == [
        (2, 3, datetime(2026, 3, 10, 14, 9), "Zoë Müller"), (4, 5, datetime(2026, 3, 10, 14, 11), "José Núñez")]


def test_stdin_dash_reads_bytes():
    transcript = load_transcript("-", stdin=io.BytesIO(SLACK_TEXT.encode()), today=TODAY)
    assert transcript.format == "slack" and len(transcript.messages) == 2
    assert read_source("-", io.BytesIO(b"09:00 a: hi\n")).name == "<stdin>"


def test_stdin_over_the_limit_is_refused():
    message = one_line_error(InputError, lambda: read_source("-", io.BytesIO(b"a" * (MAX_BYTES + 1))))
    assert message == "<stdin>: input is over the 50 MB limit for a transcript"


def test_file_over_the_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.log"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 5 * 1024 * 1024)  # sparse: size without content
    message = one_line_error(InputError, lambda: read_source(str(path)))
    assert message == f"{path}: 55.0 MB is over the 50 MB limit for a transcript"


@pytest.mark.parametrize("content", [b"", b"   \n\t\n", "\ufeff  \n".encode("utf-8"), " \n".encode("utf-16")])
def test_empty_input(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert one_line_error(InputError, lambda: read_source(str(path))) == f"{path}: the file is empty"


def test_binary_input(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    message = one_line_error(InputError, lambda: read_source(str(path)))
    assert message == f"{path}: looks like a binary file (it contains NUL bytes), not a text transcript"


def test_control_character_soup_is_binary_too(tmp_path):
    path = tmp_path / "blob.bin"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 200)
    assert "binary" in one_line_error(InputError, lambda: read_source(str(path)))


def test_missing_file():
    assert one_line_error(InputError, lambda: read_source("/no/such/transcript.txt")) == "/no/such/transcript.txt: file not found"


def test_directory_that_is_not_a_slack_export(tmp_path):
    (tmp_path / "notes.md").write_text("hello")
    message = one_line_error(InputError, lambda: read_source(str(tmp_path)))
    assert message.startswith(f"{tmp_path}: is a directory but not a Slack export")


def test_malformed_json_names_line_and_column(tmp_path):
    path = tmp_path / "channel.json"
    path.write_text('[\n  {"ts": "1773151200.000100", "text": "hi"},\n  {"ts": "1773151260.0001" "text": "oops"}\n]\n')
    message = one_line_error(InputError, lambda: load_transcript(str(path), today=TODAY))
    assert message == f"{path}: malformed JSON at line 3, column 28: Expecting ',' delimiter"


def test_json_that_is_not_slack(tmp_path):
    path = tmp_path / "numbers.json"
    path.write_text("[{\"a\": 1}, {\"b\": 2}]")
    message = one_line_error(InputError, lambda: load_transcript(str(path), today=TODAY))
    assert message.startswith(f"{path}: no Slack messages found (expected JSON arrays of message objects with 'ts'), "
                              "nor another chat export's shape (Telegram, Discord")


def test_slack_export_format_forced_on_text(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_text("09:00 ana: hello\n")
    message = one_line_error(InputError, lambda: load_transcript(str(path), fmt="slack-export", today=TODAY))
    assert message.startswith(f"{path}: malformed JSON at line 1, column ")


def test_export_folder_cannot_be_read_as_a_line_format(fixtures_dir):
    folder = str(fixtures_dir / "transcripts" / "slack-export")
    message = one_line_error(InputError, lambda: load_transcript(folder, fmt="irc", today=TODAY))
    assert message == f"{folder}: a Slack export folder can only be read as slack-export, not irc"


def test_unknown_format_is_a_usage_error():
    source = Source(name="x", text="hi", encoding="utf-8")
    message = one_line_error(UsageError, lambda: parse_transcript(source, fmt="myspace", today=TODAY))
    assert message.startswith("unknown format 'myspace' (choose one of: slack, slack-export, irc")


def test_slack_export_zip_reads_like_the_folder(fixtures_dir, tmp_path):
    folder = fixtures_dir / "transcripts" / "slack-export"
    archive = shutil.make_archive(str(tmp_path / "export"), "zip", folder)
    from_zip = load_transcript(archive, today=TODAY)
    from_folder = load_transcript(str(folder), today=TODAY)
    assert from_zip.messages == from_folder.messages and len(from_zip.messages) == 8


def test_zip_without_export_files(tmp_path):
    path = tmp_path / "other.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not slack")
    assert "zip archive without Slack export day files" in one_line_error(InputError, lambda: read_source(str(path)))


def test_crlf_and_lone_cr_line_ends_keep_line_numbers(tmp_path):
    path = tmp_path / "crlf.log"
    path.write_bytes(b"[10:00] <ana> one\r\n[10:01] <ben> two\r[10:02] <ana> three\r\n")
    transcript = load_transcript(str(path), anchor_date=date(2026, 3, 10), today=TODAY)
    assert [(m.line, m.text) for m in transcript.messages] == [(1, "one"), (2, "two"), (3, "three")]


@pytest.mark.skipif(not __import__("os").path.exists("/dev/zero"), reason="needs /dev/zero")
def test_devices_are_refused_not_read():
    assert one_line_error(InputError, lambda: read_source("/dev/zero")) == (
        "/dev/zero: not a regular file (a FIFO, socket or device), so it is not read")


def test_a_file_name_with_a_nul_byte():
    assert one_line_error(InputError, lambda: read_source("bad\0name.txt")) == "'bad\\x00name.txt': not a valid file name"


def test_slack_export_zip_on_stdin(fixtures_dir, tmp_path):
    archive = shutil.make_archive(str(tmp_path / "export"), "zip", fixtures_dir / "transcripts" / "slack-export")
    with open(archive, "rb") as handle:
        transcript = load_transcript("-", stdin=handle, today=TODAY)
    assert transcript.format == "slack-export" and len(transcript.messages) == 8


def test_malformed_day_file_in_an_export_folder_is_named(fixtures_dir, tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(fixtures_dir / "transcripts" / "slack-export", folder)
    (folder / "general" / "2026-03-10.json").write_text('[{"ts": "1773182400.1", "text": "hi"')
    message = one_line_error(InputError, lambda: load_transcript(str(folder), today=TODAY))
    assert message.startswith(f"{folder}/general/2026-03-10.json: malformed JSON at line 1, column ")
