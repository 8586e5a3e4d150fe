"""What a model run is doing, one plain line at a time on stderr (a terminal and a pipe read the same lines).

Fed from `agent.iter`: each model reply becomes "request N (model): tools called", and each answer the output
validator judged becomes "round R: gates failing, rubric score (band)". The offline engine prints none of it:
it finishes before anyone could read it.
"""

from typing import TextIO

from pydantic_ai import Agent, ThinkingPart, ToolCallPart

from agent.llm.deps import Session

SHOWN_GATES = 4


class Progress:
    def __init__(self, console: TextIO) -> None:
        self.console = console
        self.requests = 0
        self._rounds = 0

    def say(self, line: str) -> None:
        self.console.write(line + "\n")
        self.console.flush()

    def node(self, node, session: Session) -> None:
        """Called for every node of the run, in order."""
        if session.rounds != self._rounds:
            self._rounds = session.rounds
            self.say(f"  round {session.rounds}: {gate_status(session)}")
        if Agent.is_call_tools_node(node):
            self.requests += 1
            response = node.model_response
            calls = [part.tool_name for part in response.parts if isinstance(part, ToolCallPart)]
            thought = any(isinstance(part, ThinkingPart) for part in response.parts)
            what = ", ".join(_counted(calls)) or "answer"
            model = response.model_name or "model"
            self.say(f"  request {self.requests} ({model}{', thought first' if thought else ''}): {what}")

    def finished(self, session: Session) -> None:
        if session.rounds != self._rounds:
            self._rounds = session.rounds
            self.say(f"  round {session.rounds}: {gate_status(session)}")


def gate_status(session: Session) -> str:
    status = session.status or session.grade()
    failing = [g["id"] for g in status.failing]
    gates = "all gates pass" if not failing else (
        f"{len(failing)} gate(s) failing ({', '.join(failing[:SHOWN_GATES])}{', ...' if len(failing) > SHOWN_GATES else ''})"
    )
    return f"{gates}; rubric {status.score:g}/{status.max_score:g} ({status.band})"


def _counted(names: list[str]) -> list[str]:
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    return [f"{name}×{n}" if n > 1 else name for name, n in counts.items()]
