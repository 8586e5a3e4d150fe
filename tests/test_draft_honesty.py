"""The honesty promise across every transcript we ship: an offline draft may leave gates open, but each failing gate
points at a line the draft itself labelled "Unknown — ask Q3", and each such marker points at a question listed once under
Open questions, which the pack (and so `draft --json`) holds too.

Drafted in-process with no knowledge base, from the transcript fixtures, the facts fixtures, the examples and the
eval cases (with their case options)."""

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from agent.draft import DraftResult, draft
from agent.evaluation.cases import load_cases
from agent.grading.text import mentions_unknown
from agent.models import UNKNOWN_PREFIX
from agent.offline.questions import UNTIMED_EVENTS_QUESTION
from rendered_draft import listed_in_order, listed_questions, marker_for, markers

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
TODAY = date(2026, 11, 21)
_CHAT_LINE = re.compile(r"^(\d{1,2}:\d{2})\|([^|]+)\|")


@dataclass(frozen=True)
class Source:
    path: Path
    anchor_date: date | None = None
    tz: str | None = None
    fmt: str | None = None
    today: date = TODAY


def _sources() -> list:
    found = [Source(path) for path in sorted((FIXTURES / "transcripts").iterdir())]
    found += [Source(path) for path in sorted((FIXTURES / "facts").iterdir()) if path.suffix not in (".md", ".chat")]
    found += [Source(path) for path in sorted((REPO / "examples").iterdir())]
    for case in load_cases(REPO / "evals" / "cases"):
        options = case.expected.draft_options
        found.append(Source(case.transcript, options.date, options.tz, options.format, options.today))
    return [pytest.param(source, id=f"{source.path.parent.name}/{source.path.name}") for source in found]


def _chat_fixtures() -> list:
    return [pytest.param(path, id=path.name) for path in sorted((FIXTURES / "facts").glob("*.chat"))]


def _draft(source: Source) -> DraftResult:
    return draft(str(source.path), today=source.today, env={}, offline=True, kb=None, fmt=source.fmt, tz=source.tz,
                 anchor_date=source.anchor_date)


def _as_plain_log(chat: Path, folder: Path) -> Source:
    """A facts fixture (`HH:MM|Author|text`, `# date:` comment) written as the plain `HH:MM Author: text` log a user
    would paste, same line numbers."""
    text = chat.read_text(encoding="utf-8")
    day = date.fromisoformat(re.search(r"^# date: (\S+)", text, re.M).group(1))
    lines = ["" if line.startswith("#") else _CHAT_LINE.sub(r"\1 \2: ", line).replace("\\n", " ")
             for line in text.split("\n")]
    target = folder / f"{chat.stem}.log"
    target.write_text("\n".join(lines), encoding="utf-8")
    return Source(target, anchor_date=day)


def _assert_honest(result: DraftResult) -> None:
    lines = result.markdown.split("\n")

    def labelled(number: int | None) -> bool:
        return number is not None and 0 < number <= len(lines) and mentions_unknown(lines[number - 1])

    for gate in (g for g in result.grade.gates if g.passed is False):
        pointed = [f.line for f in result.grade.findings if f.gate == gate.id] or [gate.line]
        unlabelled = [n for n in pointed if not labelled(n)]
        assert not unlabelled, (gate.id, [lines[n - 1] if n else "(no line)" for n in unlabelled])
    assert UNKNOWN_PREFIX not in result.markdown  # every label became a marker
    listed = listed_in_order(result.markdown)
    assert len(listed) == len(set(listed)), "a question is listed twice"
    body = result.markdown.split("\n## Open questions\n", 1)[0]
    assert set(markers(body)) <= set(listed_questions(result.markdown))
    asked = {q.question for q in result.pack.open_questions}
    assert set(listed) <= asked, set(listed) - asked


@pytest.mark.parametrize("source", _sources())
def test_every_failing_gate_points_at_a_labelled_unknown(source):
    _assert_honest(_draft(source))


@pytest.mark.parametrize("chat", _chat_fixtures())
def test_facts_fixtures_pasted_as_plain_logs_are_drafted_honestly(chat, tmp_path):
    result = _draft(_as_plain_log(chat, tmp_path))
    assert len(result.pack.timeline) >= 3  # the conversion kept the times, so this is a real draft
    _assert_honest(result)


def test_a_recording_without_its_start_labels_every_time_it_cannot_know():
    result = _draft(Source(FIXTURES / "transcripts" / "zoom-recording.vtt"))
    assert result.pack.timeline and all(event.time is None for event in result.pack.timeline)
    timeline = result.markdown.split("## Timeline", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in timeline.split("\n") if re.match(r"\| .* \| line \d", line)]
    assert rows and all(row.startswith(f"| {marker_for(result.markdown, UNTIMED_EVENTS_QUESTION)} |") for row in rows)
    failing = {g.id for g in result.grade.gates if g.passed is False}
    assert "timeline_timestamps" in failing
    _assert_honest(result)
