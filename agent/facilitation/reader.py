"""The user's side of the conversation, read from a terminal or a pipe: an answer ends at an empty line."""

from dataclasses import dataclass
from typing import Literal, TextIO

PASTE_END = "/end"
ReplyKind = Literal["answer", "pass", "skip", "done", "quit", "paste"]
COMMANDS: dict[str, ReplyKind] = {"/skip": "skip", "/done": "done", "/quit": "quit", "/exit": "quit", "/paste": "paste"}


@dataclass(frozen=True)
class Reply:
    """`pass` is an empty answer (this question stays open); `skip` leaves the rest of the round."""

    kind: ReplyKind
    text: str = ""


class AnswerReader:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._pending: Reply | None = None

    def read(self) -> Reply:
        """The next answer or command. A command typed after some lines ends the answer first, and end of input
        keeps what was typed before it: nothing written is lost."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            return pending
        lines: list[str] = []
        while True:
            raw = self.stream.readline()
            if raw == "":
                return self._after(lines, Reply("quit"))
            line = raw.rstrip("\r\n")
            command = COMMANDS.get(line.strip().lower())
            if command is not None:
                return self._after(lines, Reply("paste", self._paste()) if command == "paste" else Reply(command))
            if not line.strip():
                return Reply("answer", "\n".join(lines)) if lines else Reply("pass")
            lines.append(line)

    def _after(self, lines: list[str], reply: Reply) -> Reply:
        if not lines:
            return reply
        self._pending = reply
        return Reply("answer", "\n".join(lines))

    def _paste(self) -> str:
        """Everything up to a line `/end` (or the end of input), blank lines included."""
        lines = []
        while (raw := self.stream.readline()) != "":
            line = raw.rstrip("\r\n")
            if line.strip().lower() == PASTE_END:
                break
            lines.append(line)
        return "\n".join(lines)
