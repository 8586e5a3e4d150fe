"""A Slack export is read whole (blocks, attachments on messages with text, file names and previews, thread
replies, users.json names) and everything read is redacted before a draft is printed or saved."""

import json
import os
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest

from agent.privacy.redact import redact_transcript
from agent.transcript import load_transcript
from cli_runner import postmortem

TODAY = date(2026, 11, 21)
# What the fixture plants, and where: none of it may reach a draft, the JSON or a saved copy.
PLANTED = {
    "10.44.3.17": "attachment text on a bot message that has text",
    "lena.brandt@acquirer-desk.example": "attachment field",
    "acq_live_9fQ2xLm7Rt4Vb8Nc1Zp6Wd3K": "rich_text_preformatted block of a thread reply with no text",
    "4929-1234-5678-9015": "file name",
    "Imogen Achterberg": "customer named in the text and the file title",
    "Pl4in-Old-Pass": "file preview",
    "DE89370400440532013000": "file preview",
    "hvs.CAESIJ3kq8Lm2Rt7Vx9Pw4Nz6Yb1Hc5Gd0Fs8Ja3Ke7Qm2Tu4Wv6Xy9Za1Bc3De5Fg7Hi9Jk1Lm3No5Pq7Rs9Tu1Vw3Xy5Za7Bc9De1Fg3":
        "attachment on a message with text",
    "+44 20 7946 0321": "section block field",
}


@pytest.fixture
def export(fixtures_dir) -> Path:
    return fixtures_dir / "transcripts" / "slack-export-rich"


def test_blocks_attachments_files_and_replies_are_read(export):
    transcript = load_transcript(str(export), today=TODAY)
    everything = "\n".join(message.text for message in transcript.messages)
    for value, where in PLANTED.items():
        assert value in everything, f"not read: {where}"
    reply = next(m for m in transcript.messages if "acq_live_" in m.text)
    assert reply.author == "Rubén Ortega" and reply.thread_parent_line == 2
    assert reply.text.startswith("@Nadia Kowalczyk the acquirer rotated"), "a rich-text user element is the user's name"
    # a block that repeats the text adds nothing; the section's fields and context do
    assert transcript.messages[0].text == "card authorisations failing for about a third of checkouts since 09:12"
    assert "*Status*\nresolved" in transcript.messages[-1].text


def test_display_names_and_handles_from_users_json_become_the_real_name(export):
    transcript = load_transcript(str(export), today=TODAY)
    texts = [message.text for message in transcript.messages]
    assert any("thanks @Rubén Ortega," in text for text in texts), "@rortega is Rubén Ortega's display name"
    assert any(text.endswith("follow-up owner: @Nadia Kowalczyk") for text in texts), "@nk is Nadia's"
    assert {m.author for m in transcript.messages} >= {"Nadia Kowalczyk", "Rubén Ortega", "Gwen Mbeki"}


def test_everything_read_is_redacted(export):
    redacted, counts = redact_transcript(load_transcript(str(export), today=TODAY))
    everything = "\n".join(message.text for message in redacted.messages)
    for value, where in PLANTED.items():
        assert value not in everything, f"leaked from the {where}"
    assert counts.counts["customer-name"] == 3, "the customer's name is masked wherever it recurs"
    assert {"card-number", "iban", "vault-token", "vendor-key", "url-password", "email", "ipv4", "phone"} <= set(
        counts.counts)


def _zipped(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            archive.write(path, path.relative_to(folder).as_posix())
    return target


@pytest.mark.parametrize("packed", ["folder", "zip"])
def test_draft_of_an_export_leaks_nothing_to_stdout_json_or_the_saved_copy(export, tmp_path, packed):
    source = export if packed == "folder" else _zipped(export, tmp_path / "export.zip")
    home = Path(os.environ["POSTMORTEM_HOME"])
    printed = postmortem("draft", str(source), "--offline", "--no-kb", text=True)
    as_json = postmortem("draft", str(source), "--offline", "--no-kb", "--json", text=True)
    assert printed.returncode in (0, 1), printed.stderr
    assert as_json.returncode in (0, 1), as_json.stderr
    json.loads(as_json.stdout)
    saved = "\n".join(p.read_text(encoding="utf-8") for p in home.rglob("*") if p.is_file() and p.suffix in (".md", ".json"))
    assert saved, "draft keeps a copy under $POSTMORTEM_HOME"
    for sink, text in (("stdout", printed.stdout), ("--json", as_json.stdout), ("saved copy", saved)):
        for value, where in PLANTED.items():
            assert value not in text, f"{where} reached the {sink}"
    shutil.rmtree(home, ignore_errors=True)
