"""What the facilitator says on the console (stderr): rounds of questions, notes, and the grade after each round.

User text is printed without markup, so a '[L12]' or '[bold]' someone typed is shown as typed.
"""

from typing import TextIO

from agent.facilitation.bank import STEPS
from agent.facilitation.state import FacilitationState, Round

HELP = ("Answer each question in turn; an empty line ends an answer (an empty answer leaves that question open). "
        "/paste pastes a log or chat (end it with /end), /skip leaves the rest of this round, /done finishes the "
        "document now, /quit saves and stops.")


class Display:
    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console

        self.console = Console(file=stream, highlight=False, emoji=False, soft_wrap=True)

    def _say(self, text: str, style: str | None = None) -> None:
        self.console.print(text, style=style, markup=False)

    def session(self, state: FacilitationState, *, resumed: bool) -> None:
        verb = "Resuming" if resumed else "Started"
        self._say(f"{verb} facilitation session {state.id} ({state.engine} engine). "
                  f"Resume it any time with: postmortem facilitate --resume {state.id}", "bold")

    def ground_rules(self, rules: list[str]) -> None:
        self._say("Ground rules for this review:", "bold")
        for rule in rules:
            self._say(f"  - {rule}")
        self._say(HELP, "dim")

    def round(self, current: Round, *, resumed_at: int = 0) -> None:
        steps = sorted({q.step for q in current.questions})
        names = "; ".join(f"step {s} of 7: {STEPS[s]}" for s in steps)
        count = len(current.questions)
        self._say(f"\nRound {current.number} ({count} question{'s' if count != 1 else ''}) · {names}", "bold cyan")
        for number, question in enumerate(current.questions, start=1):
            mark = "  (answered)" if number <= resumed_at else ""
            self._say(f"  {number}. {question.text}{mark}")

    def ask(self, number: int, total: int, text: str) -> None:
        self._say(f"[{number}/{total}] {text}", "cyan")

    def note(self, text: str) -> None:
        self._say(f"note: {text}", "yellow")

    def grade(self, report, draft) -> str:
        """One line: the rubric score and band, and the gates still open; the draft's path below it."""
        rubric = report.rubric
        open_gates = [g.id for g in report.gates if g.passed is False]
        gates = f"{len(open_gates)} gate(s) open: {', '.join(open_gates)}" if open_gates else "all gates pass"
        line = f"rubric {rubric.name} {rubric.score:g}/{rubric.max:g} ({rubric.band}); {gates}"
        self._say(f"Document updated: {line}", "green" if not open_gates else None)
        self._say(f"  draft so far: {draft}", "dim")
        return line

    def resume_hint(self, state: FacilitationState) -> None:
        self._say(f"Saved. Continue with: postmortem facilitate --resume {state.id}", "bold")
