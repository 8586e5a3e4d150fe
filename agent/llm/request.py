"""The drafter's one user prompt: code-computed facts first, then the (compacted) transcript as delimited data."""

from datetime import date

from agent.llm.budget import DEFAULT_TRANSCRIPT_BUDGET, CompactedTranscript, compact_transcript
from agent.llm.deps import Session
from agent.llm.prompts import render_prompt
from agent.llm.sections import WRITABLE
from agent.models import Facts, Pack, is_unknown


def key_lines(facts: Facts) -> list[int]:
    """Lines the code found meaningful: windows around these survive compaction."""
    lines: list[int] = []
    for event in facts.timeline:
        lines += event.source_lines
    for figure in facts.impact.figures:
        lines += figure.source_lines
    for item in facts.action_items:
        lines += item.source_lines
    for group in (facts.went_well, facts.went_poorly, facts.lucky, facts.hypotheses):
        for observation in group:
            lines += observation.source_lines
    return sorted(set(lines))


def open_sections(pack: Pack) -> list[str]:
    """Writable sections with no content yet, or whose text is only an 'Unknown — ask' placeholder."""
    found = []
    for name in WRITABLE:
        value = getattr(pack, name)
        if not value or (isinstance(value, str) and is_unknown(value)):
            found.append(name)
    return found


def draft_prompt(session: Session, *, today: date, budget: int = DEFAULT_TRANSCRIPT_BUDGET,
                 notes: dict[int, str] | None = None,
                 compacted: CompactedTranscript | None = None) -> tuple[str, CompactedTranscript]:
    """`notes` are the summaries of left-out stretches, placed after the gaps they cover (agent.llm.summaries);
    `compacted` reuses a compaction already made for this session."""
    facts = session.view.facts
    if compacted is None:
        compacted = compact_transcript(session.view.messages, key_lines(facts), budget=budget)
    status = session.status or session.grade()
    metrics = {
        name.removesuffix("_minutes"): round(value)
        for name, value in facts.metrics.model_dump().items()
        if name.endswith("_minutes") and value is not None
    }
    text = render_prompt(
        "draft_request",
        title=session.pack.header.title,
        today=today.isoformat(),
        facts=facts,
        metrics=metrics,
        observations=[("Went well", facts.went_well), ("Went poorly", facts.went_poorly), ("Lucky", facts.lucky)],
        open_sections=open_sections(session.pack),
        failing_gates=status.failing,
        similar=session.pack.similar_incidents,
        compacted=compacted.compacted,
        kept=compacted.kept,
        total=compacted.total,
        format=session.view.format,
        summarized=bool(notes),
        transcript=compacted.text(notes),
    )
    return session.view.scrub(text), compacted
