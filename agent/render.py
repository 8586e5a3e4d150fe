"""Render a pack to Markdown with the jinja2 document template."""

from datetime import datetime
from functools import lru_cache

from agent.models import Pack, unknown
from agent.offline.questions import (
    MISSING_EVENTS_QUESTION,
    due_question,
    follow_up_question,
    owner_question,
    signal_question,
    time_question,
    too_few_timed_events,
)
from agent.paths import TEMPLATES_DIR
from agent.timefmt import format_minutes, format_time


def _cell(value: object) -> str:
    """Table cells cannot hold pipes or line breaks."""
    return str(value).replace("|", "\\|").replace("\n", " ")


def _when(moment: datetime | None, zone: str | None = None) -> str:
    return format_time(moment, zone=zone)


@lru_cache(maxsize=1)
def _environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters.update(cell=_cell, minutes=format_minutes, when=_when)
    return env


def render_markdown(pack: Pack) -> str:
    def questions_for(section: str) -> str:
        match = next((q for q in pack.open_questions if q.section == section), None)
        return unknown(match.question) if match else unknown(f"What belongs under {section}?")

    def ask(builder):
        return lambda item: unknown(builder(item))

    template = _environment().get_template("pack.md.j2")
    text = template.render(
        pack=pack,
        pack_zone=pack.header.timezone,
        questions_for=questions_for,
        ask_owner=ask(owner_question),
        ask_due=ask(due_question),
        ask_follow_up=ask(follow_up_question),
        ask_signal=ask(signal_question),
        ask_time=ask(time_question),
        missing_events=unknown(MISSING_EVENTS_QUESTION) if too_few_timed_events(pack.timeline) else None,
    )
    return text.rstrip() + "\n"

