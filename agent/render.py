"""Render a pack to Markdown with the jinja2 document template."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from agent.facts.key_events import key_events
from agent.facts.metrics import relapse_after_recovery
from agent.models import Impact, Pack, TimelineEvent
from agent.offline.questions import (
    HYPOTHESES_QUESTION,
    MISSING_EVENTS_QUESTION,
    SEVERITY_QUESTION,
    UNTIMED_EVENTS_QUESTION,
    action_questions,
    metrics_question,
    too_few_timed_events,
)
from agent.paths import TEMPLATES_DIR
from agent.question_index import QuestionIndex
from agent.timefmt import format_minutes, format_time

# "A 100-message incident drafts to about 120 lines at most": past this, the Markdown shows the timeline's key
# events only (the pack and `draft --json` keep every event).
LINE_BUDGET = 120
MIN_TIMELINE_ROWS = 10
ROLES_PER_COLUMN = 4
MAX_ROLE_PAIRS_PER_ROW = 3  # a wider roster table no longer fits a reader's screen
# A review's Impact section leads with a handful of figures, fewer when the draft runs long; the pack keeps them all.
MAX_IMPACT_LINES, MIN_IMPACT_LINES = 6, 3
# Past the first event of every kind, these go first: the review can do without them, not without the change
# that started it, the failed attempt or the escalation.
FOLDED_FIRST = frozenset({"communication", "acknowledgement", "page", "detection_report", "trigger"})


@dataclass(frozen=True)
class _Row:
    """A timeline event as agent.facts.key_events ranks it."""

    event: TimelineEvent

    @property
    def kind(self) -> str:
        return self.event.kind

    @property
    def time(self) -> datetime | None:
        return self.event.time

    @property
    def hypothesis(self) -> bool:
        return self.event.certainty == "hypothesis"

    @property
    def lines(self) -> list[int]:
        return self.event.source_lines


def _cell(value: object) -> str:
    """Table cells cannot hold pipes or line breaks."""
    return str(value).replace("|", "\\|").replace("\n", " ")


def _sentence(text: str) -> str:
    """Ends with a full stop, so sentences joined on one line stay apart."""
    return text if text.rstrip().endswith((".", "?", "!")) else f"{text.rstrip()}."


def _when(moment: datetime | None, zone: str | None = None, with_date: bool = True) -> str:
    return format_time(moment, zone=zone, with_date=with_date)


@lru_cache(maxsize=1)
def _environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(cell=_cell, minutes=format_minutes, when=_when, sentence=_sentence)
    return env


def _impact_lines(impact: Impact, shown: int) -> tuple[list[tuple[str, list[int]]], list[int]]:
    """One bullet per quoted phrase (figures said together in one clause share it), the first `shown` in the
    pack's order (surest first), and the source lines of the rest, which `draft --json` keeps in full."""
    lines: dict[str, list[int]] = {}
    for figure in impact.figures:
        known = lines.setdefault(figure.text, [])
        known += [line for line in figure.source_lines if line not in known]
    phrases = list(lines.items())
    return phrases[:shown], sorted({line for _, source in phrases[shown:] for line in source})


def _impact_notes(impact: Impact) -> list[tuple[str, str]]:
    """Customer, business and internal impact, unless they only repeat the figures listed above them."""
    figures = {figure.text for figure in impact.figures}
    notes = [("Customer impact", impact.customer), ("Business impact", impact.business),
             ("Internal impact", impact.internal)]
    kept = [(label, text) for label, text in notes if text and not set(text.split("; ")) <= figures]
    return kept + ([("How we know", impact.how_we_know)] if impact.how_we_know else [])


def render_markdown(pack: Pack) -> str:
    """The document; past LINE_BUDGET, the timeline shows its key events, then the Impact section fewer figures."""
    timeline: Sequence[TimelineEvent] = pack.timeline
    text = _render(pack, timeline, MAX_IMPACT_LINES)
    excess = text.count("\n") - LINE_BUDGET
    if excess > 0 and len(pack.timeline) > MIN_TIMELINE_ROWS:
        limit = max(MIN_TIMELINE_ROWS, len(pack.timeline) - excess - 2)  # the note on folded events takes two lines
        rows = _key_rows(pack, limit)
        folded = _render(pack, rows, MAX_IMPACT_LINES)
        if folded.count("\n") < text.count("\n"):  # the events the metrics are read from may fill the limit
            text, timeline = folded, rows
    excess = text.count("\n") - LINE_BUDGET
    if excess > 0 and len(pack.impact.figures) > MIN_IMPACT_LINES:
        text = _render(pack, timeline, max(MIN_IMPACT_LINES, MAX_IMPACT_LINES - excess))
    return text


def _key_rows(pack: Pack, limit: int) -> list[TimelineEvent]:
    """The timeline's key events (agent.facts.key_events); when the first event of every kind is still too many,
    the events the metrics are measured from and the decisions come first, then the earliest of the rest."""
    relapse = relapse_after_recovery(pack.timeline)  # why the end of impact is unknown, beside what it undid
    kept = [row.event for row in key_events([_Row(e) for e in pack.timeline], limit=limit,
                                            measured=() if relapse is None else (relapse,))]
    if len(kept) <= limit:
        return kept
    metrics = pack.metrics
    measured = {metrics.impact_start, metrics.detected, metrics.acknowledged, metrics.mitigated, metrics.recovered,
                metrics.resolved} - {None}
    essential = [e for e in kept if e.time in measured or e.decision_point
                 or (relapse is not None and e is pack.timeline[relapse])]
    others = sorted((e for e in kept if e not in essential), key=lambda e: e.kind in FOLDED_FIRST)  # stable: by time
    rest = others[: max(limit - len(essential), 0)]
    return [e for e in kept if e in essential or e in rest]


def _render(pack: Pack, timeline: Sequence[TimelineEvent], impact_lines: int) -> str:
    questions = QuestionIndex(pack.open_questions)
    asked = {q.question for q in pack.open_questions}

    def questions_for(section: str) -> str:
        match = next((q for q in pack.open_questions if q.section == section), None)
        return questions.marker(match.question if match else f"What belongs under {section}?", section)

    def at(moment: datetime | None) -> str:
        """A metric's anchor time, or the marker of the question that asks for the missing ones."""
        if moment is not None:
            return format_time(moment, zone=pack.header.timezone, with_date=pack.header.date_known)
        asked = metrics_question(pack.metrics)
        assert asked is not None  # a missing anchor is always among those it asks for
        return questions.marker(asked, "Metrics")

    template = _environment().get_template("pack.md.j2")
    text = template.render(
        pack=pack,
        timeline=timeline,
        pack_zone=pack.header.timezone,
        role_pairs_per_row=min(MAX_ROLE_PAIRS_PER_ROW, -(-len(pack.header.roles) // ROLES_PER_COLUMN)),
        ask=questions.label,
        questions=questions,
        questions_for=questions_for,
        at=at,
        impact_notes=_impact_notes(pack.impact),
        impact_lines=_impact_lines(pack.impact, impact_lines),
        mark=questions.marker,
        action_gaps=action_questions(pack.action_items),
        untimed_question=UNTIMED_EVENTS_QUESTION,
        hypotheses_question=HYPOTHESES_QUESTION,
        severity_question=SEVERITY_QUESTION if SEVERITY_QUESTION in asked else None,
        missing_events_question=MISSING_EVENTS_QUESTION if too_few_timed_events(pack.timeline) else None,
    )
    return text.rstrip() + "\n"
