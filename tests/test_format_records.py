"""The records of tools nobody wrote a layout for (evals/formats/records) are measuring data: each key must describe
its transcript, or the scores in evals/formats/README.md measure the key's mistakes."""

import json
import re
import unicodedata
from pathlib import Path

import pytest

RECORDS = sorted((Path(__file__).resolve().parents[1] / "evals" / "formats" / "records").iterdir())
BY = {"person", "bot", "system"}


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().lower()


def test_there_are_records_of_many_tools():
    tools = {json.loads((record / "key.json").read_text(encoding="utf-8"))["tool"] for record in RECORDS}
    assert len(RECORDS) >= 60 and len(tools) >= 60


@pytest.mark.parametrize("record", RECORDS, ids=[record.name for record in RECORDS])
def test_each_keyed_message_is_in_its_transcript_in_file_order(record):
    key = json.loads((record / "key.json").read_text(encoding="utf-8"))
    lines = (record / "transcript.txt").read_text(encoding="utf-8").splitlines()
    text = _squash("\n".join(lines))
    assert len(key["messages"]) >= 20
    for entry in key["messages"]:
        assert entry["by"] in BY
        assert 1 <= entry["line"] <= len(lines)
        assert _squash(entry["text_start"]) in text, entry
    assert [entry["line"] for entry in key["messages"]] == sorted(entry["line"] for entry in key["messages"])
