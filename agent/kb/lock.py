"""One knowledge-base writer at a time, and readers that never hang.

An fcntl lock on $POSTMORTEM_HOME/kb/writer.lock: writers (`kb add`, `remove`, `rebuild`, seeding) hold it
exclusively, readers share it. The kernel drops it when the process ends, so a killed writer never leaves it
held. A reader waits a few seconds for a writer, then reads what is there and says so.

A writer also leaves `add-in-progress.json` while it indexes and removes it when done: found by the next
process that gets the lock, it means the last add was stopped part-way.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from agent.errors import StoreError

READER_WAIT_SECONDS = 10.0
_POLL_SECONDS = 0.2
LOCK_FILE = "writer.lock"
MARKER_FILE = "add-in-progress.json"


class StoreLock:
    """Use `StoreLock.at(directory)`: one lock per folder and process, so that two KnowledgeBase instances of
    one process share it instead of waiting for each other."""

    _by_folder: ClassVar[dict[Path, StoreLock]] = {}

    @classmethod
    def at(cls, directory: Path) -> StoreLock:
        key = directory.resolve()
        if key not in cls._by_folder:
            cls._by_folder[key] = cls(key)
        return cls._by_folder[key]

    def __init__(self, directory: Path) -> None:
        self.path = directory / LOCK_FILE
        self.marker = directory / MARKER_FILE
        self._descriptor: int | None = None
        self.exclusive = False

    def _open(self) -> int:
        if self._descriptor is None:
            try:
                self._descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as error:  # a read-only or full $POSTMORTEM_HOME
                raise StoreError(f"cannot use the knowledge base folder {self.path.parent} ({error.strerror})") from None
        return self._descriptor

    def write(self, say: Callable[[str], None]) -> None:
        """Hold the lock exclusively, waiting for any other writer or reader to finish (said once)."""
        descriptor = self._open()
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say("waiting for another process using the knowledge base to finish…")
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        self.exclusive = True

    def try_write(self) -> bool:
        """Take the lock exclusively only if nobody else holds it (a reader that would like to seed)."""
        try:
            fcntl.flock(self._open(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        self.exclusive = True
        return True

    def read(self, wait: float = READER_WAIT_SECONDS) -> bool:
        """Share the lock; False when a writer still held it after `wait` seconds (then nothing is held)."""
        descriptor = self._open()
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
                self.exclusive = False
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(_POLL_SECONDS)

    def share(self) -> None:
        """From writing back to reading, without letting another writer in between."""
        if self._descriptor is not None and self.exclusive:
            fcntl.flock(self._descriptor, fcntl.LOCK_SH)
            self.exclusive = False

    def release(self) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)  # closing the descriptor drops the lock
            self._descriptor = None
            self.exclusive = False

    # -- the marker of an unfinished add --------------------------------------------------------------------

    def begin(self, what: str, count: int) -> None:
        self.marker.write_text(json.dumps({"what": what, "files": count, "pid": os.getpid()}), encoding="utf-8")

    def end(self) -> None:
        self.marker.unlink(missing_ok=True)

    def unfinished(self) -> str | None:
        """What a stopped writer left undone, as a sentence; only meaningful while this process holds the lock."""
        try:
            record = json.loads(self.marker.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            record = {}
        what = record.get("what", "kb add")
        files = record.get("files")
        scope = f" of {files} file(s)" if isinstance(files, int) else ""
        return (f"the last `postmortem {what}`{scope} was stopped before it finished: some files may be missing or "
                f"only partly indexed; run it again, or `postmortem kb rebuild`")
