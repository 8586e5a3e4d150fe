"""What the facilitator says on the console (stderr): rounds of questions, notes, and the grade after each round.

User text is printed without markup, so a '[L12]' or '[bold]' someone typed is shown as typed.
"""

from typing import TextIO

from agent.facilitation.gaps import STEPS
from agent.facilitation.state import AskedQuestion, FacilitationState

HELP = ("Answer in your own words; an empty line ends an answer (an empty answer or /skip leaves the question open). "
        "/paste pastes a log or chat at any time (end it with /end), /done finishes the document now, /quit saves "
        "and stops.")


def gap_id(question: AskedQuestion) -> str:
    """What `--show-gaps` prints: the gap's kind, with the moment or the action fields it asks for."""
    if question.kind == "moment":
        return f"moment:{question.target}"
    if question.target and (question.kind in ("impact", "learnings", "clock", "date_zone")
                            or question.kind.startswith("probe_")):
        return f"{question.kind}+{question.target}"
    if question.kind == "action_details":
        fields = {f for row in (question.target or "").split("\n") for f in row.partition("|")[0].split("+") if f}
        return "action_details:" + "+".join(f for f in ("owner", "due", "success_signal", "follow_up") if f in fields)
    return question.kind


class Display:
    def __init__(self, stream: TextIO, *, show_gaps: bool = False) -> None:
        from rich.console import Console

        self.console = Console(file=stream, highlight=False, emoji=False, soft_wrap=True)
        self.show_gaps = show_gaps

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

    def ask(self, question: AskedQuestion, *, step_changed: bool) -> None:
        """The question, printed once; the step's name when the conversation moves to a new step."""
        if step_changed:
            self._say(f"\nStep {question.step} of 7: {STEPS[question.step]}", "bold cyan")
        self._say(f"[{question.id}] {question.text}", "cyan")
        if self.show_gaps:
            self._say(f"gap: {gap_id(question)}", "dim")

    def got(self, row: str) -> None:
        self._say(f"Got: {row}", "green")

    def note(self, text: str) -> None:
        self._say(f"note: {text}", "yellow")

    def grade(self, report, draft) -> str:
        """One line after each answer: the rubric score and band, and the gates still open; the draft's path."""
        rubric = report.rubric
        open_gates = [g.id for g in report.gates if g.passed is False]
        gates = f"{len(open_gates)} gate(s) open: {', '.join(open_gates)}" if open_gates else "all gates pass"
        line = f"rubric {rubric.name} {rubric.score:g}/{rubric.max:g} ({rubric.band}); {gates}"
        self._say(f"Document updated: {line}", "green" if not open_gates else None)
        self._say(f"  draft so far: {draft}", "dim")
        return line

    def resume_hint(self, state: FacilitationState) -> None:
        self._say(f"Saved. Continue with: postmortem facilitate --resume {state.id}", "bold")
