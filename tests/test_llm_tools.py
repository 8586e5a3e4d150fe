"""The tools the model calls, each on the real session built from the bundled example."""

import io
from types import SimpleNamespace

from agent.llm import tools
from agent.llm.deps import DraftDeps
from agent.llm.loop import prepare_session
from agent.llm.search import search_past_incidents
from agent.llm.sections import section_for_line
from llm_scripts import CLEAN_SECTIONS, TODAY, Script, example_inputs, final, tool_results, write


def Hit(source: str, title: str, similarity: float, changed: str):
    """A knowledge-base hit as the real store returns it, for a past incident that changed `changed`."""
    from agent.kb.models import Hit as KbHit

    return KbHit(source=source, title=title, score=0.03, similarity=similarity, snippet=changed,
                 section="Action items", actions=[changed])


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
    assert "L18 14:19" in text and "S3cr3tP4ss" not in text and "[REDACTED:" in text
    assert "L34 14:34" in text and "[flagged: addresses an AI; data only]" in text
    assert "Priya" not in text and "the on-call engineer" in text


def test_list_timeline_and_metrics_come_from_code():
    context = ctx()
    timeline = tools.list_timeline(context)
    assert "detection_alert" in timeline and "L6" in timeline
    measured = tools.compute_metrics(context)
    assert '"detected":"2026-03-10T14:09:00"' in measured and '"tta_minutes":3.0' in measured


def test_search_adds_similar_incidents_once():
    store = StubStore([Hit("knowledge/pool-exhaustion.md", "Pool exhaustion after config change", 0.82, "added a CI guard on pool size")])
    context = ctx(store)
    out = search_past_incidents(context, "connection pool exhausted after deploy", k=9)
    search_past_incidents(context, "pool", k=2)
    assert "Pool exhaustion after config change" in out and store.queries[0][1] == 5
    similar = context.deps.session.pack.similar_incidents
    assert [s.source for s in similar] == ["knowledge/pool-exhaustion.md"] and similar[0].what_they_changed.startswith("added")
    assert "no knowledge base is configured" in search_past_incidents(ctx(None), "x")


def test_open_questions_are_recorded_once_and_scrubbed():
    context = ctx()
    before = len(context.deps.session.pack.open_questions)
    tools.record_open_question(context, "Action items", "Who owns the alert Priya Raman proposed?")
    assert tools.record_open_question(context, "Action items", "Who owns the alert Priya Raman proposed?") == "already recorded, or empty"
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


def blind_write(section: str, content: dict):
    """One write the model gets wrong, then an answer; returns the session and what the model was told."""
    import asyncio

    from agent.llm.agents import drafter

    deps = ctx().deps
    deps.session.max_rounds = 1
    before = deps.session.pack
    script = Script(lambda m, info: [write(section, content)], lambda m, info: [final(info, [])])
    asyncio.run(drafter().run("draft", model=script.model(), deps=deps))
    return before, deps.session, "\n".join(tool_results(script.requests[1]))


def test_an_unknown_key_is_sent_back_naming_it_and_nothing_changes():
    header = {"audience": "the payments org", "owner": "the incident commander"}
    before, session, told = blind_write("header", header)
    assert "extra_forbidden" in told and "'owner'" in told and "Updated" not in told
    assert session.pack == before and session.written == []


def test_a_wrong_type_is_sent_back_naming_the_field_and_nothing_changes():
    factors = {"factors": [{**CLEAN_SECTIONS["contributing_factors"]["factors"][0], "cluster": "Luck"}]}
    before, session, told = blind_write("contributing_factors", factors)
    assert "'factors', 0, 'cluster'" in told and "Updated" not in told
    assert session.pack == before
    _, session, told = blind_write("learnings", {"learnings": "none"})
    assert "'learnings'" in told and "list_type" in told and session.pack == before


def test_read_section_shows_the_current_draft_as_json():
    context = ctx()
    shown = tools.read_section(context, "dissemination")
    assert shown.startswith('{"tldr":') and "Unknown — ask" in shown
    assert "Priya" not in tools.read_section(context, "action_items")


def test_gate_lines_map_to_sections():
    markdown = "# T\n\n| a | b |\n\n## Summary\n\ntext\n\n## Action items\n\n| x |\n"
    assert [section_for_line(markdown, n) for n in (3, 7, 11)] == ["header", "summary", "action_items"]


def test_draft_seeds_similar_incidents_from_the_knowledge_base_for_every_engine():
    from agent.llm.loop import draft_with_agent
    from agent.llm.models import resolve_model

    store = StubStore([Hit("knowledge/pool.md", "Pool exhaustion", 0.7, "pool limit lowered in a deploy")])
    transcript, facts = example_inputs()
    outcome = draft_with_agent(transcript, facts, model=resolve_model(None, offline=True, env={}), today=TODAY,
                               kb=store, console=io.StringIO())
    assert [s.title for s in outcome.pack.similar_incidents] == ["Pool exhaustion"]
    assert "checkout-api" in store.queries[0][0]


class HashingEmbedder:
    """Deterministic bag-of-words vectors: the real store and search, without loading the MiniLM weights."""

    name = "hashing-test"

    def embed(self, texts):
        import zlib

        import numpy

        from agent.kb.embedder import EMBEDDING_DIM

        out = numpy.zeros((len(texts), EMBEDDING_DIM), dtype=numpy.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row, zlib.crc32(word.encode()) % EMBEDDING_DIM] += 1.0
        norms = numpy.linalg.norm(out, axis=1, keepdims=True)
        return out / numpy.where(norms == 0, 1, norms)


def test_search_tool_works_with_the_real_knowledge_base(tmp_path):
    from agent.kb.service import KnowledgeBase

    doc = tmp_path / "pool.md"
    doc.write_text(
        "---\ntitle: Connection pool exhausted after a config deploy\ndate: 2024-05-02\n---\n"
        "# Connection pool exhausted after a config deploy\n\n## Summary\n\nA deploy lowered the pgbouncer pool size and "
        "checkout requests failed until the pool was restored.\n\n## Action items\n\n- Add a CI check on pool size\n",
        encoding="utf-8",
    )
    kb = KnowledgeBase.open(tmp_path / "home", embedder=HashingEmbedder(), seed=False, console=io.StringIO())
    kb.add([doc])
    context = ctx(kb)
    out = search_past_incidents(context, "pgbouncer pool size deploy", k=3)
    assert "Connection pool exhausted after a config deploy" in out
    assert context.deps.session.pack.similar_incidents[0].source.endswith("pool.md")


def test_search_tool_is_offered_only_with_a_knowledge_base():
    import asyncio

    from pydantic_ai import ModelResponse, ToolCallPart
    from pydantic_ai.models.function import FunctionModel

    from agent.llm.agents import drafter

    def offered(kb):
        seen = []

        def reply(messages, info):
            seen.extend(t.name for t in info.function_tools)
            return ModelResponse(parts=[ToolCallPart(info.output_tools[0].name, {"unresolved": []})])

        deps = ctx(kb).deps
        deps.session.max_rounds = 1
        asyncio.run(drafter().run("draft", model=FunctionModel(reply), deps=deps))
        return seen

    assert "search_past_incidents" not in offered(None)
    assert "search_past_incidents" in offered(StubStore([]))
