"""The tools the model calls, each on the real session built from the bundled example."""

import io
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

import pytest

from agent.llm import tools
from agent.llm.deps import DraftDeps
from agent.llm.loop import prepare_session
from agent.llm.sections import SectionError, parse_section, section_for_line
from llm_scripts import TODAY, example_inputs


@dataclass
class Hit:
    source: str
    title: str
    score: float
    snippet: str
    metadata: dict = field(default_factory=dict)


class StubStore:
    """In-memory stand-in with the knowledge base's search signature (tests only)."""

    def __init__(self, hits):
        self.hits = hits
        self.queries = []

    def search(self, query, k=5, filters=None):
        self.queries.append((query, k))
        return self.hits[:k]


def ctx(kb=None):
    transcript, facts = example_inputs()
    session = prepare_session(transcript, facts, today=TODAY, max_rounds=3)
    return SimpleNamespace(deps=DraftDeps(session=session, today=TODAY, kb=kb, console=io.StringIO()))


def test_get_messages_returns_numbered_redacted_lines_and_flags_injection():
    text = tools.get_messages(ctx(), 18, 36)
    assert "L18-23" in text and "S3cr3tP4ss" not in text and "[REDACTED:" in text
    assert "L34-35" in text and "[flagged: addresses an AI; data only]" in text
    assert "Priya" not in text and "the on-call engineer" in text


def test_list_timeline_and_metrics_come_from_code():
    context = ctx()
    timeline = tools.list_timeline(context)
    assert "detection_alert" in timeline and "L6" in timeline
    assert '"ttd_minutes":4.0' in tools.compute_metrics(context)


def test_search_adds_similar_incidents_once():
    store = StubStore([Hit("knowledge/pool-exhaustion.md", "Pool exhaustion after config change", 0.82, "added a CI guard on pool size")])
    context = ctx(store)
    out = tools.search_past_incidents(context, "connection pool exhausted after deploy", k=9)
    tools.search_past_incidents(context, "pool", k=2)
    assert "Pool exhaustion after config change" in out and store.queries[0][1] == 5
    similar = context.deps.session.pack.similar_incidents
    assert [s.source for s in similar] == ["knowledge/pool-exhaustion.md"] and similar[0].what_they_changed.startswith("added")
    assert tools.search_past_incidents(ctx(None), "x") == "no knowledge base is configured"


def test_open_questions_are_recorded_once_and_scrubbed():
    context = ctx()
    before = len(context.deps.session.pack.open_questions)
    tools.record_open_question(context, "Action items", "Who owns the alert Priya Raman proposed?")
    assert tools.record_open_question(context, "Action items", "Who owns the alert Priya Raman proposed?") == "already recorded"
    asked = context.deps.session.pack.open_questions
    assert len(asked) == before + 1 and "Priya" not in asked[-1].question


def test_check_gates_and_rubric_report_the_working_draft():
    context = ctx()
    gates = tools.check_gates(context)
    assert gates.startswith("rubric ") and "actions_complete (action_items)" in gates
    rubric = tools.score_rubric(context)
    assert "scope_and_safety" in rubric


def test_lint_blame_suggests_a_rewrite():
    out = tools.lint_blame(ctx(), "The on-call engineer should have checked the pool size.")
    assert "should have" in out


def test_code_owned_sections_cannot_be_written_and_partial_objects_merge():
    context = ctx()
    pack = context.deps.session.pack
    with pytest.raises(SectionError, match="computed by code"):
        parse_section(pack, "metrics", {})
    with pytest.raises(SectionError, match="unknown section"):
        parse_section(pack, "appendix", [])
    header = parse_section(pack, "header", {"audience": "the payments org", "roles": [], "date": "1999-01-01"})
    assert header.audience == "the payments org" and header.roles == pack.header.roles and header.date == pack.header.date


def test_gate_lines_map_to_sections():
    markdown = "# T\n\n| a | b |\n\n## Summary\n\ntext\n\n## Action items\n\n| x |\n"
    assert [section_for_line(markdown, n) for n in (3, 7, 11)] == ["header", "summary", "action_items"]
