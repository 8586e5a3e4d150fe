"""Long transcripts through the real loop: the compacted prompt fills its budget with key windows and summaries of
the rest (extractive, or mapped by the cheaper model), search_transcript finds what was left out, and the
past-incident search falls back to words when meaning cannot be searched."""

import io
import re
import sys
from datetime import date

import pytest
from pydantic_ai import ModelResponse, ToolCallPart
from pydantic_ai.messages import ModelRequest, ToolReturnPart, UserPromptPart
from pydantic_ai.models.function import AgentInfo, FunctionModel

from agent.errors import EmbeddingModelMissing
from agent.llm.budget import count_tokens
from agent.llm.loop import draft_with_agent, prepare_session, run_loop
from agent.llm.models import resolve_model
from agent.llm.search import find_past_incidents
from agent.paths import PROJECT_ROOT
from llm_scripts import final

sys.path.insert(0, str(PROJECT_ROOT / "evals" / "bench"))
from draft_speed import make_transcript

TODAY = date(2026, 3, 11)
MODEL = resolve_model("anthropic:claude-sonnet-5-5", offline=False, env={"ANTHROPIC_API_KEY": "unused"})
PLANTED = "the kafka consumer lag on ledger-sync reached 48000 after the partition move"


@pytest.fixture(scope="module")
def long_inputs(tmp_path_factory):
    from agent.facts import extract_facts
    from agent.transcript import load_transcript

    lines = make_transcript(2_000).splitlines()
    lines.insert(700, f"[14:20:00] <gus> {PLANTED}")
    path = tmp_path_factory.mktemp("long") / "channel.irc.log"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    transcript = load_transcript(str(path), today=TODAY)
    return transcript, extract_facts(transcript, today=TODAY)


def first_prompt(messages) -> str:
    return next(p.content for p in messages[0].parts if isinstance(p, UserPromptPart))


def transcript_block(prompt: str) -> str:
    return re.search(r"<transcript[^>]*>\n(.*)\n</transcript>", prompt, flags=re.S).group(1)


def test_a_long_channel_sends_key_windows_and_summaries_filling_the_budget(long_inputs):
    transcript, facts = long_inputs
    seen = {}

    def drafter(messages, info: AgentInfo) -> ModelResponse:
        seen.setdefault("prompt", first_prompt(messages))
        return ModelResponse(parts=[final(info, [])])

    session = prepare_session(transcript, facts, today=TODAY, max_rounds=1)
    model = FunctionModel(drafter, model_name="claude-sonnet-5-5")
    import asyncio

    asyncio.run(run_loop(session, model, today=TODAY, console=io.StringIO(), engine=MODEL.name,
                         summarizer=(None, "extractive")))
    block = transcript_block(seen["prompt"])
    summaries = [line for line in block.splitlines() if line.startswith("[summary (extractive)")]
    assert 1 <= len(summaries) <= 12
    assert 0.85 * 12_000 <= count_tokens(block) <= 12_000 * 1.05  # the budget is used, not left idle
    assert "Most related to the key events" in summaries[0]
    again = prepare_session(transcript, facts, today=TODAY, max_rounds=1)
    seen.clear()
    asyncio.run(run_loop(again, FunctionModel(drafter, model_name="claude-sonnet-5-5"), today=TODAY,
                         console=io.StringIO(), engine=MODEL.name, summarizer=(None, "extractive")))
    assert transcript_block(seen["prompt"]) == block  # extractive summaries are deterministic


def test_the_cheaper_model_maps_the_left_out_stretches_and_the_drafter_finds_a_line_by_search(long_inputs):
    transcript, facts = long_inputs
    asked = []

    def summarizer(messages, info: AgentInfo) -> ModelResponse:
        request = first_prompt(messages)
        asked.append(request)
        first = re.search(r"between L(\d+) and", request).group(1)
        from pydantic_ai import TextPart

        return ModelResponse(parts=[TextPart(f"Responders kept restarting pods from L{first} on.")])

    prompts, results = [], []

    def drafter(messages, info: AgentInfo) -> ModelResponse:
        prompts.append("request")
        if len(messages) == 1:
            prompts.insert(0, first_prompt(messages))
            return ModelResponse(parts=[ToolCallPart("search_transcript", {"query": "kafka consumer lag partition"})])
        results.extend(p.content for m in messages if isinstance(m, ModelRequest) for p in m.parts
                       if isinstance(p, ToolReturnPart) and p.tool_name == "search_transcript")
        return ModelResponse(parts=[final(info, [])])

    # The chain: the drafter's model first; the last link (the fallback, the cheaper model) writes the summaries.
    chain = [_Routed(drafter, summarizer, "claude-sonnet-5-5"), _Routed(drafter, summarizer, "claude-haiku-5-5")]
    console = io.StringIO()
    outcome = draft_with_agent(transcript, facts, model=MODEL, today=TODAY, llm=chain, console=console)
    assert asked and all("<transcript" in request for request in asked)
    assert "[summary (" in prompts[0] and "Responders kept restarting pods" in prompts[0]
    assert PLANTED in results[0] and re.search(r"^L\d+ 14:20 ", results[0], flags=re.M)
    assert outcome.usage.requests == len(asked) + prompts.count("request")  # every request, of either model
    assert "summarised" in console.getvalue()


class _Routed(FunctionModel):
    """One scripted model that answers the summarizer's requests and the drafter's apart, as one Claude would."""

    def __init__(self, drafter, summarizer, name):
        def reply(messages, info: AgentInfo) -> ModelResponse:
            if "Summarise the" in first_prompt(messages):
                return summarizer(messages, info)
            return drafter(messages, info)

        super().__init__(reply, model_name=name)


def test_without_a_knowledge_base_the_search_says_so():
    found = find_past_incidents(None, "connection pool exhausted")
    assert found.incidents == [] and "no knowledge base" in found.text()


def test_without_the_embedding_package_past_incidents_are_matched_by_words():
    class Lexical:
        def search(self, query, limit, sources=None):
            return [("c1", "pool.md", "Summary", "pool exhausted"), ("c2", "pool.md", "Timeline", "pool"),
                    ("c3", "dns.md", "Summary", "dns")]

        def manifest(self, sources):
            from agent.kb.models import ManifestEntry, SourceMetadata

            return [ManifestEntry(source=s, kind="markdown", content_hash="h", chunk_count=1, from_seed=False,
                                  metadata=SourceMetadata(title=f"Past: {s}")) for s in sources]

        def actions_for(self, sources):
            from agent.kb.models import FollowUp

            return {"pool.md": [FollowUp(action="Alert on pool saturation above 80%")]}

    class KnowledgeBase:
        lexical = Lexical()

        def search(self, query, k=5, filters=None):
            raise EmbeddingModelMissing("the embedding model for similar past incidents is not installed")

    found = find_past_incidents(KnowledgeBase(), "connection pool exhausted", k=2)
    assert [s.title for s in found.incidents] == ["Past: pool.md", "Past: dns.md"]
    assert found.incidents[0].what_they_changed == "Alert on pool saturation above 80%"
    assert "shared words only" in found.text() and "not installed" in found.text()
