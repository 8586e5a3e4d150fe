"""`postmortem draft`: transcript -> redacted messages -> facts -> pack -> Markdown, graded by the same gates."""

from datetime import date
from typing import Any, BinaryIO

from pydantic import BaseModel, ConfigDict

from agent.models import Pack
from agent.privacy.redact import RedactionCounts, Redactor, redact_transcript


class DraftResult(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    pack: Pack
    markdown: str
    grade: Any  # agent.grading.GradeReport, imported lazily
    redactions: RedactionCounts
    notices: list[str]

    def to_contract(self) -> dict:
        """The stable `draft --json` document (SPEC command contract)."""
        pack = self.pack.model_dump(mode="json")
        grade = self.grade.model_dump(mode="json")
        return {
            "title": pack["header"]["title"],
            "severity": pack["header"]["severity"],
            "metrics": pack["metrics"],
            "timeline": pack["timeline"],
            "impact": pack["impact"],
            "action_items": pack["action_items"],
            "open_questions": pack["open_questions"],
            "gates": grade["gates"],
            "rubric": grade["rubric"],
            "engine": self.pack.engine,
            "redactions": self.redactions.counts,
            "warnings": self.pack.warnings,
            "markdown": self.markdown,
        }


def draft(
    path: str,
    *,
    today: date,
    fmt: str | None = None,
    tz: str | None = None,
    anchor_date: date | None = None,
    stdin: BinaryIO | None = None,
) -> DraftResult:
    from agent.facts import extract_facts
    from agent.grading import grade_text
    from agent.offline import build_pack
    from agent.render import render_markdown
    from agent.transcript import load_transcript

    transcript = load_transcript(path, fmt=fmt, tz=tz, anchor_date=anchor_date, today=today, stdin=stdin)
    transcript, counts = redact_transcript(transcript)
    facts = extract_facts(transcript, today=today)
    pack = build_pack(facts, today=today)
    pack.warnings = [*transcript.warnings, *pack.warnings]
    final_pass = Redactor()
    markdown = final_pass.redact(render_markdown(pack))
    notices = []
    if not transcript.messages or all(m.time is None for m in transcript.messages):
        notices.append("no timestamps found: the timeline is empty; add --date/--tz or check the format")
    return DraftResult(
        pack=pack,
        markdown=markdown,
        grade=grade_text(markdown),
        redactions=counts.merge(final_pass.counts),
        notices=notices,
    )

