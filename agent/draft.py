"""`postmortem draft`: transcript -> redacted messages -> facts -> pack -> Markdown, graded by the same gates."""

import gc
from collections.abc import Awaitable, Callable, Mapping
from datetime import date
from functools import wraps
from typing import Any, BinaryIO, TextIO

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
    still_failing: list[str]
    grounding: Any  # agent.llm.grounding.GroundingReport, imported lazily
    usage: Any  # agent.llm.usage.UsageReport, imported lazily

    def to_contract(self) -> dict:
        """The stable `draft --json` document (SPEC command contract)."""
        from agent.timefmt import zone_note

        pack = self.pack.model_dump(mode="json")
        grade = self.grade.model_dump(mode="json")
        metrics = self.pack.metrics
        moments = [metrics.impact_start, metrics.detected, metrics.acknowledged, metrics.mitigated, metrics.recovered,
                   metrics.resolved, *(event.time for event in self.pack.timeline)]
        return {
            "title": pack["header"]["title"],
            "severity": pack["header"]["severity"],
            "time_zone": zone_note(moments),
            "metrics": pack["metrics"],
            "timeline": pack["timeline"],
            "impact": pack["impact"],
            "action_items": pack["action_items"],
            "open_questions": pack["open_questions"],
            "similar_incidents": pack["similar_incidents"],
            "gates": grade["gates"],
            "rubric": grade["rubric"],
            "engine": self.pack.engine,
            "grounding": self.grounding.model_dump(mode="json"),
            "usage": self.usage.model_dump(mode="json"),
            "redactions": self.redactions.counts,
            "warnings": self.pack.warnings,
            "markdown": self.markdown,
        }


def _collector_paused(function: Callable) -> Callable:
    """Run `function` with Python's cyclic garbage collector off. A draft builds a few hundred thousand
    objects (messages, their copies, matches), nearly all freed by reference counting; with the collector on,
    its full collections rescan that growing heap again and again: about 0.3 s of a 20,000-message draft.
    The few cycles made meanwhile are collected once it is back on."""

    @wraps(function)
    def paused(*args, **kwargs):
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return paused


@_collector_paused
def draft(
    path: str,
    *,
    today: date,
    env: Mapping[str, str],
    fmt: str | None = None,
    tz: str | None = None,
    anchor_date: date | None = None,
    stdin: BinaryIO | None = None,
    model: str | None = None,
    offline: bool = False,
    kb: Any = None,
    console: TextIO | None = None,
    sleep: Callable[[float], Awaitable[None]] | None = None,
) -> DraftResult:
    """One pipeline for every engine: the model (or the offline FunctionModel) works on redacted facts.
    `sleep` replaces the wait between retries of a failing model request (None: really wait)."""
    from agent.facts import extract_facts
    from agent.grading import grade_text
    from agent.llm import draft_with_agent, resolve_model
    from agent.render import render_markdown
    from agent.thin_timeline import thin_timeline_warning
    from agent.transcript import load_transcript

    choice = resolve_model(model, offline=offline, env=env)
    transcript = load_transcript(path, fmt=fmt, tz=tz, anchor_date=anchor_date, today=today, stdin=stdin)
    transcript, counts = redact_transcript(transcript)
    facts = extract_facts(transcript, today=today).model_copy(update={"date_known": transcript.date_known})
    outcome = draft_with_agent(transcript, facts, model=choice, today=today, kb=kb, console=console,
                               sleep=sleep)
    pack = outcome.pack
    thin = thin_timeline_warning(transcript, pack.timeline)
    pack.warnings = [*transcript.warnings, *pack.warnings, *([thin] if thin else [])]
    final_pass = Redactor()
    markdown = final_pass.redact(render_markdown(pack))
    notices = [n for n in (choice.notice, outcome.fallback_reason) if n]
    return DraftResult(
        pack=pack,
        markdown=markdown,
        grade=grade_text(markdown),
        redactions=counts.merge(final_pass.counts),
        notices=notices,
        still_failing=outcome.still_failing,
        grounding=outcome.grounding,
        usage=outcome.usage,
    )
