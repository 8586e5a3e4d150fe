"""The facilitation conversation: one question at a time, re-planned after every answer and every paste; every
answer saved the moment it is given, the document rebuilt and graded after each, and a finished, redacted
document at the end."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, TextIO

from agent.errors import PostmortemError
from agent.facilitation import classify
from agent.facilitation.assembly import Assembly, assemble
from agent.facilitation.display import Display
from agent.facilitation.framing import REDIRECT, STABILISE, blame_framing
from agent.facilitation.gaps import Context
from agent.facilitation.intake import Intake, apply_answer, read_intake, screened, session_roster
from agent.facilitation.model_turn import ModelEngine, forget_overwritten, model_round
from agent.facilitation.planner import failing, plan_question
from agent.facilitation.reader import AnswerReader
from agent.facilitation.record import add_answer, add_paste, answer_lines
from agent.facilitation.state import Answer, AskedQuestion, FacilitationState, Round
from agent.facilitation.store import SessionStore
from agent.privacy.redact import RedactionCounts

MAX_QUESTIONS = 40
RoundEnd = Literal["closed", "done", "quit", "stabilise"]


@dataclass
class Outcome:
    state: FacilitationState
    markdown: str | None  # None when the session was left to be resumed
    report: Any = None  # agent.grading.GradeReport of the finished document
    redactions: RedactionCounts = field(default_factory=RedactionCounts)


def facilitate(
    *, store: SessionStore, today: date, stdin: TextIO, console: TextIO, resume: str | None = None,
    engine: ModelEngine | None = None, show_gaps: bool = False,
) -> Outcome:
    """Run (or resume) a session until the document is finished, the user stops, or the incident is still active.
    `show_gaps`: print each question's gap id (for scripts such as evals/bench/facilitation.py)."""
    return _Conversation(store, today, AnswerReader(stdin), Display(console, show_gaps=show_gaps), console,
                         engine).run(resume)


class _Conversation:
    def __init__(self, store, today, reader, display, console, engine) -> None:
        self.store, self.today, self.reader, self.display = store, today, reader, display
        self.console, self.engine = console, engine
        self.counts = RedactionCounts()
        self.model_finished = False
        self._graded_now: tuple[Assembly, Any] | None = None  # the grade shown after an answer, reused to plan
        self._model_text: str | None = None  # the model's wording for the next question
        self._printed: set[str] = set()

    def run(self, resume: str | None) -> Outcome:
        from agent.offline.builder import GROUND_RULES

        engine_name = self.engine.name if self.engine is not None else "offline"
        if resume is not None:
            self.state = self.store.load(resume)
            self.state.engine = engine_name
        else:
            self.state = self.store.create(today=self.today, engine=engine_name)
        self.display.session(self.state, resumed=resume is not None)
        if resume is None:
            self.display.ground_rules(GROUND_RULES)
        try:
            return self._loop()
        except KeyboardInterrupt:
            self.store.save(self.state)
            self.display.resume_hint(self.state)
            raise

    def _loop(self) -> Outcome:
        while len(self.state.asked()) < MAX_QUESTIONS and not self.model_finished:
            current = self.state.open_round or self._plan()
            if current is None:
                break
            ended = self._ask(current)
            if ended == "quit":
                self.store.save(self.state)
                self.display.resume_hint(self.state)
                return Outcome(self.state, None, redactions=self.counts)
            if ended == "stabilise":
                return self._stabilise(current)
            if ended == "replan":
                continue
            self._close(current, last=ended == "done")
            if ended == "done":
                break
        return self._finish()

    def _plan(self) -> Round | None:
        assembly, report = self._graded_now or self._graded()
        self._graded_now = None
        context = Context(intake=assembly.intake, pack=assembly.pack, facts=assembly.facts, failing=failing(report),
                          pasted=bool(self.state.pastes), messages=tuple(self.state.record))
        planned = plan_question(self.state, context)
        if planned is not None:
            if self._model_text:
                planned.questions[0].text = self._model_text
            self.state.rounds.append(planned)
            self.store.save(self.state)
        self._model_text = None
        return planned

    def _ask(self, current: Round) -> RoundEnd | Literal["replan"]:
        question = current.questions[0]
        if question.id not in self._printed:  # a question still open after a paste is not printed twice
            self._printed.add(question.id)
            self.display.ask(question, step_changed=self._step_changed(current))
        reply = self.reader.read()
        if reply.kind == "paste":
            self._paste(current, reply.text)
            return self._after_paste(current)
        if reply.kind == "quit":
            return "quit"
        if reply.kind == "answer" and self._answer(current, question, reply.text):
            return "stabilise"
        if reply.kind in ("pass", "skip", "done"):
            self._leave_open(current, [question])
        return "done" if reply.kind == "done" else "closed"

    def _step_changed(self, current: Round) -> bool:
        earlier = [r for r in self.state.rounds if r is not current and r.questions]
        return not earlier or earlier[-1].step != current.step

    def _after_paste(self, current: Round) -> Literal["replan"]:
        """A paste may answer the waiting question: plan again, and keep the waiting one only if it is still the
        most valuable gap (then it is not printed again)."""
        waiting = current.questions[0]
        current.answers.append(Answer(question_id=waiting.id, skipped=True, superseded=True, answered_on=self.today))
        current.closed = True
        planned = self._plan()
        if planned is not None and planned.questions[0].key == waiting.key:
            planned.questions[0] = waiting.model_copy(update={"id": planned.questions[0].id})
            self._printed.add(planned.questions[0].id)
            self.display.note(f"the paste does not answer {waiting.id}: it is still open, answer it below")
        self.store.save(self.state)
        return "replan"

    def _answer(self, current: Round, question: AskedQuestion, text: str) -> bool:
        """Save the answer (redacted) at once, then say what was taken and what was not; True when the incident is
        still on."""
        redacted, lines, counts = add_answer(self.state, question, text)
        self.counts.merge(counts)
        answer = Answer(question_id=question.id, text=redacted, lines=lines, answered_on=self.today)
        current.answers.append(answer)
        self.store.save(self.state)
        if counts.total:
            from agent.privacy.redact import format_counts

            self.display.note(f"{format_counts(counts)} before anything was saved")
        read = answer_lines(self.state, lines)
        kept = screened(read)
        for number, _ in [line for line in read if line not in kept]:
            self.display.note(f"line {number} was left out: it reads as an instruction to an AI, and answers are data")
        if any(blame_framing(text) for _, text in kept):
            self.display.note(REDIRECT)
        for note in apply_answer(Intake(), question, answer, kept, session_roster(self.state)):
            self.display.note(note)
        for row in read_intake(self.state).shown.get(question.key, []):
            self.display.got(row)
        return question.kind in ("active", "opening") and bool(kept) and classify.still_active(kept)

    def _leave_open(self, current: Round, questions: list[AskedQuestion]) -> None:
        for question in questions:
            current.answers.append(Answer(question_id=question.id, skipped=True, answered_on=self.today))
        self.store.save(self.state)

    def _paste(self, current: Round, text: str) -> None:
        if not text.strip():
            self.display.note("the paste was empty; nothing was added")
            return
        intake = read_intake(self.state)
        try:
            paste, counts = add_paste(self.state, text, today=self.today, anchor_date=intake.incident_date,
                                      tz=intake.timezone)
        except PostmortemError as error:
            self.display.note(f"the paste could not be read ({error}); nothing was added")
            return
        self.counts.merge(counts)
        current.pasted.append(len(self.state.pastes) - 1)
        self.store.save(self.state)
        messages = sum(1 for m in self.state.record if paste.first_line <= m.line <= paste.last_line)
        self.display.note(f"pasted {paste.format} log saved as lines {paste.first_line}-{paste.last_line} "
                          f"({messages} messages); its timeline, metrics and impact join the document")

    def _stabilise(self, current: Round) -> Outcome:
        current.questions = [q for q in current.questions if current.answer_for(q.id) is not None]
        current.closed = True
        self.state.status = "stabilise"
        self.store.save(self.state)
        self.display.note(STABILISE)
        self.display.resume_hint(self.state)
        return Outcome(self.state, None, redactions=self.counts)

    def _close(self, current: Round, *, last: bool) -> None:
        current.closed = True
        self.state.status = "open"
        if self.engine is not None:
            self._model_turn(current, last=last)
        assembly = assemble(self.state, today=self.today)
        markdown, _ = self._document(assembly)
        report = _grade(markdown)
        self._graded_now = assembly, report
        draft = self.store.keep_draft(self.state.id, markdown)
        current.score = self.display.grade(report, draft)
        self.store.save(self.state)

    def _model_turn(self, current: Round, *, last: bool) -> None:
        """The model reads the answer (and writes sections); its wording is used for the next question, whose gap
        code has chosen. A model with nothing left to ask ends the conversation."""
        from pydantic_ai.exceptions import AgentRunError

        from agent.llm.faults import describe_fault

        forget_overwritten(self.state, current)
        assembly, report = self._graded()
        context = Context(intake=assembly.intake, pack=assembly.pack, facts=assembly.facts, failing=failing(report),
                          pasted=bool(self.state.pastes), messages=tuple(self.state.record))
        try:
            upcoming = model_round(self.state, current, self.engine, today=self.today, console=self.console,
                                   context=context)
        except (AgentRunError, PostmortemError) as error:
            self.display.note(f"{self.engine.name} failed ({describe_fault(error)}); the offline planner words the "
                              "next question")
            return
        if last:
            return
        self.model_finished = upcoming is None
        self._model_text = upcoming

    def _graded(self) -> tuple[Assembly, Any]:
        assembly = assemble(self.state, today=self.today)
        return assembly, _grade(self._document(assembly)[0])

    @staticmethod
    def _document(assembly: Assembly) -> tuple[str, RedactionCounts]:
        """The Markdown as it may be written to disk: a last redaction pass, and names asked to be left out gone."""
        from agent.privacy.names import replace_names
        from agent.privacy.redact import Redactor
        from agent.render import render_markdown

        final = Redactor()
        markdown = final.redact(render_markdown(assembly.pack))
        if assembly.intake.avoid_names:
            markdown = replace_names(markdown, dict.fromkeys(assembly.intake.avoid_names, "a participant"))
        return markdown, final.counts

    def _finish(self) -> Outcome:
        markdown, counts = self._document(assemble(self.state, today=self.today))
        self.counts.merge(counts)
        self.state.status = "finished"
        self.store.save(self.state)
        return Outcome(self.state, markdown, _grade(markdown), self.counts)


def _grade(markdown: str):
    from agent.grading import grade_text

    return grade_text(markdown)
