"""A draft a reviewer keeps: every example, transcript fixture and eval case drafts to at most 130 lines of Markdown,
and no open question is listed twice (issue 10). Drafted in-process, offline, with no knowledge base."""

from datetime import date
from pathlib import Path

import pytest

from agent.draft import draft
from agent.evaluation.cases import load_cases
from rendered_draft import listed_in_order

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 21)
MAX_LINES = 130


def _sources() -> list:
    found = [(path, {}) for path in sorted((REPO / "examples").iterdir())]
    found += [(path, {}) for path in sorted((REPO / "tests" / "fixtures" / "transcripts").iterdir())]
    for case in load_cases(REPO / "evals" / "cases"):
        options = case.expected.draft_options
        found.append((case.transcript, {"anchor_date": options.date, "tz": options.tz, "fmt": options.format}))
    return [pytest.param(path, options, id=f"{path.parent.name}/{path.name}") for path, options in found]


@pytest.mark.parametrize(("path", "options"), _sources())
def test_a_draft_is_short_and_asks_each_question_once(path, options):
    result = draft(str(path), today=TODAY, env={}, offline=True, kb=None, **options)
    lines = result.markdown.rstrip("\n").split("\n")
    assert len(lines) <= MAX_LINES, f"{len(lines)} lines"
    listed = listed_in_order(result.markdown)
    assert listed, "an offline draft always has open questions"
    assert len(listed) == len(set(listed)), [q for q in listed if listed.count(q) > 1]
