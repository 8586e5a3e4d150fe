"""A scripted incident commander for facilitation tests: answers each question by the gap id the facilitator
prints under it (`--show-gaps`), as a person would answer the question on screen."""

import io
import re

_GAP = re.compile(r"^gap: (\S+)$", re.M)


class ScriptedTerminal(io.TextIOBase):
    """stdin for `facilitate`: when the facilitator waits for input, the answer for the gap it last printed.

    `answers` maps a gap id to the answers given the 1st, 2nd … time it is asked (the last one repeats); a gap
    with no answer gets an empty answer (the question stays open), and /done ends it when nothing new is asked.
    `before` is typed first (e.g. a /paste block); `stop_after` answers are given before /quit."""

    def __init__(self, console: io.StringIO, answers: dict[str, list[str]], *, before: str = "",
                 stop_after: int | None = None) -> None:
        self.console, self.answers, self.stop_after = console, answers, stop_after
        self.pending = before
        self.asked: list[str] = []
        self.typed = 0

    def readline(self, size: int = -1) -> str:
        if not self.pending:
            self.pending = self._next()
        line, _, rest = self.pending.partition("\n")
        self.pending = rest
        self.typed += len(line) + 1
        return line + "\n"

    def _next(self) -> str:
        gaps = _GAP.findall(self.console.getvalue())
        if len(gaps) == len(self.asked):  # nothing new was asked: the facilitator is past its questions
            return "/done\n"
        gap = gaps[-1]
        self.asked.append(gap)
        if self.stop_after is not None and len(self.asked) > self.stop_after:
            return "/quit\n"
        options = self.answers.get(gap) or self.answers.get(gap.split(":")[0]) or self.answers.get(gap.split("+")[0])
        if not options:
            return "\n"
        times = self.asked.count(gap) - 1
        answer = options[min(times, len(options) - 1)]
        return answer + "\n" if answer.startswith("/") else answer + "\n\n"  # a command needs no empty line
