"""Sessions on disk: one JSON file per session under $POSTMORTEM_HOME/sessions, written atomically."""

import re
import uuid
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from agent.errors import InputError, UsageError
from agent.facilitation.state import FacilitationState
from agent.output import write_atomically
from agent.transcript.source import MAX_BYTES, read_regular_file

_SESSION_ID = re.compile(r"[0-9a-f]{6,32}")


class SessionStore:
    def __init__(self, home: Path) -> None:
        self.folder = home / "sessions"
        self.drafts = home / "facilitated"

    def path(self, session_id: str) -> Path:
        return self.folder / f"{session_id}.json"

    def create(self, *, today: date, engine: str) -> FacilitationState:
        state = FacilitationState(id=uuid.uuid4().hex[:10], started=today, engine=engine)
        self.save(state)
        return state

    def load(self, session_id: str) -> FacilitationState:
        """The saved session. An unknown id or a damaged file is a one-line error; the file is never touched."""
        if not _SESSION_ID.fullmatch(session_id):
            raise UsageError(f"no facilitation session '{session_id}' (ids look like 3f2a9c1b7d)")
        path = self.path(session_id)
        if not path.exists():
            raise UsageError(f"no facilitation session '{session_id}' in {self.folder}")
        try:  # a regular file only: a FIFO put in its place would block the read forever
            text = read_regular_file(path, MAX_BYTES, f"session file {path}").decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputError(f"session file {path} cannot be read ({error}); it was left in place") from None
        try:
            return FacilitationState.model_validate_json(text)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "file"
            raise InputError(f"session file {path} is damaged ({where}: {first['msg']}); it was left in place") from None

    def keep_draft(self, session_id: str, markdown: str) -> Path:
        """The document as it stands after a round, where the finished one is kept too."""
        from agent.output import keep_copy

        return keep_copy(self.drafts.parent, self.drafts.name, session_id, markdown)

    def save(self, state: FacilitationState) -> Path:
        path = self.path(state.id)
        write_atomically(state.model_dump_json(indent=1), path)
        return path
