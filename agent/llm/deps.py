"""What every agent run carries: the working session, the knowledge base, the clock and the console."""

import sys
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Protocol, TextIO

from agent.llm.evidence import Evidence
from agent.llm.grounding import GroundingReport
from agent.llm.sections import section_for_line
from agent.llm.view import ModelView
from agent.models import OpenQuestion, Pack


class SearchStore(Protocol):
    """The knowledge base's search surface (agent.kb.KnowledgeBase satisfies it)."""

    def search(self, query: str, k: int = 5, filters: dict | None = None) -> list[Any]: ...


@dataclass
class GateStatus:
    """The working pack's grade, reduced to what the loop decides with."""

    failing: list[dict]
    band: str
    score: float
    max_score: float
    rubric_failures: list[str]
    report: Any

    @property
    def done(self) -> bool:
        return not self.failing and self.band == "ship"

    def open_ids(self) -> list[str]:
        """Failing gate ids, plus 'rubric' when the band is not yet 'ship'."""
        return [g["id"] for g in self.failing] + ([] if self.band == "ship" else ["rubric"])


@dataclass
class Session:
    """The pack being written (people as roles), what the model may see, and what grounding changed."""

    view: ModelView
    pack: Pack
    baseline: Pack
    evidence: Evidence
    max_rounds: int = 3
    rounds: int = 0
    written: list[str] = field(default_factory=list)
    grounding: GroundingReport = field(default_factory=GroundingReport)
    status: GateStatus | None = None
    prompt_tokens: int | None = None

    def ask(self, section: str, question: str) -> int:
        """Record an open question for people (scrubbed, once); its number, or 0 when empty or already asked."""
        question = self.view.scrub(question.strip())
        if not question or any(q.question == question for q in self.pack.open_questions):
            return 0
        asked = self.pack.open_questions + [OpenQuestion(section=section, question=question)]
        self.pack = self.pack.model_copy(update={"open_questions": asked})
        return len(asked)

    def grade(self) -> GateStatus:
        """Render and grade the working pack with the same code as `postmortem grade`."""
        from agent.render import render_markdown

        markdown = render_markdown(self.pack)
        report = _grade(markdown)
        failing = [
            {"id": g.id, "detail": g.detail, "line": g.line, "fix": g.fix, "section": section_for_line(markdown, g.line)}
            for g in report.gates
            if g.passed is False
        ]
        self.status = GateStatus(
            failing=failing,
            band=report.rubric.band,
            score=report.rubric.score,
            max_score=report.rubric.max,
            rubric_failures=list(report.rubric.failures),
            report=report,
        )
        return self.status


@lru_cache(maxsize=16)
def _grade(markdown: str):
    """Grading is a pure function of the text; the loop asks about the same draft several times."""
    from agent.grading import grade_text

    return grade_text(markdown)


@dataclass
class DraftDeps:
    session: Session
    today: date
    kb: SearchStore | None = None
    console: TextIO = field(default_factory=lambda: sys.stderr)
