"""The runtime around the drafter: output room for a thinking model, cut-off replies, the fallback chain, usage and
cost, progress. Scripted with FunctionModel; the wire format through the real SDK against the loopback fake."""

import io
import sys
from pathlib import Path

from pydantic_ai import ModelResponse, ThinkingPart
from pydantic_ai.exceptions import ModelHTTPError
from pydantic_ai.models.function import AgentInfo, FunctionModel
from pydantic_ai.models.wrapper import WrapperModel
from pytest_socket import disable_socket, enable_socket

from agent.llm.loop import draft_with_agent
from agent.llm.models import FALLBACK_MODEL, RUN_SETTINGS, resolve_model
from llm_scripts import TODAY, example_inputs, final, prompt_failing_gates

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "evals" / "cassettes"))
from fake_anthropic import FakeAnthropic, text, thinking, tool_use

MODEL = resolve_model("anthropic:claude-sonnet-5-5", offline=False, env={"ANTHROPIC_API_KEY": "unused"})


def answer(messages, info: AgentInfo) -> ModelResponse:
    return ModelResponse(parts=[final(info, prompt_failing_gates(messages))])


class Labelled(WrapperModel):
    """A scripted model that reports itself as Anthropic's, as the real fallback would."""

    @property
    def system(self) -> str:
        return "anthropic"


def draft(llm, console=None):
    transcript, facts = example_inputs()
    return draft_with_agent(transcript, facts, model=MODEL, today=TODAY, llm=llm, console=console or io.StringIO())


def test_every_agent_thinks_adaptively_with_room_for_it():
    for role, settings in RUN_SETTINGS.items():
        sent = settings.model_settings()
        assert sent["anthropic_thinking"] == {"type": "adaptive"} and sent["anthropic_effort"] == settings.effort
        assert sent["max_tokens"] >= 4_000, role  # the old 1024 judge cap cut replies off mid-thought
    assert RUN_SETTINGS["drafter"].max_tokens >= 16_000


def test_a_reply_cut_off_at_max_tokens_is_asked_again_with_more_room():
    limits = []

    def reply(messages, info: AgentInfo) -> ModelResponse:
        limits.append(info.model_settings["max_tokens"])
        if len(limits) == 1:  # spent the whole limit thinking: no answer at all
            return ModelResponse(parts=[ThinkingPart("weighing the pool change against the rollback...")],
                                 finish_reason="length")
        return answer(messages, info)

    console = io.StringIO()
    outcome = draft(FunctionModel(reply, model_name="claude-sonnet-5-5"), console)
    assert limits == [16_000, 32_000]
    assert outcome.engine == MODEL.name and outcome.fallback_reason is None
    assert outcome.usage.truncations == 1 and outcome.usage.requests == 2  # both replies are billed
    assert "reply cut off at max_tokens 16000" in console.getvalue()


def test_a_reply_cut_off_every_time_is_said_not_silently_replaced():
    def reply(messages, info: AgentInfo) -> ModelResponse:
        return ModelResponse(parts=[ThinkingPart("still thinking")], finish_reason="length")

    console = io.StringIO()
    outcome = draft(FunctionModel(reply, model_name="claude-sonnet-5-5"), console)
    said = console.getvalue()
    assert outcome.usage.truncations == 2  # 16k, 32k, then 64k, the ceiling
    assert "64000" in said and "token limit" in said


def test_the_smaller_claude_answers_when_the_default_is_overloaded():
    def overloaded(messages, info):
        raise ModelHTTPError(529, "claude-sonnet-5-5", {"type": "overloaded_error"})

    console = io.StringIO()
    primary = FunctionModel(overloaded, model_name="claude-sonnet-5-5")
    smaller = Labelled(FunctionModel(answer, model_name="claude-haiku-5-5"))
    outcome = draft([primary, smaller], console)
    assert outcome.engine == FALLBACK_MODEL and outcome.pack.engine == FALLBACK_MODEL
    assert outcome.fallback_reason is None
    assert f"{FALLBACK_MODEL} finished the draft" in console.getvalue()
    assert [m.model for m in outcome.usage.models] == [FALLBACK_MODEL]


def test_the_fallback_is_the_smaller_claude_for_claude_only():
    env = {"ANTHROPIC_API_KEY": "k", "OPENAI_API_KEY": "k"}
    assert resolve_model(None, offline=False, env=env).fallback == FALLBACK_MODEL
    assert resolve_model("openai:gpt-5", offline=False, env=env).fallback is None
    assert resolve_model(None, offline=False, env={**env, "POSTMORTEM_FALLBACK_MODEL": "none"}).fallback is None


def test_usage_is_priced_from_the_table_and_the_offline_engine_costs_nothing():
    outcome = draft(FunctionModel(answer, model_name="claude-sonnet-5-5"))
    usage = outcome.usage
    assert usage.requests == 1 and usage.input_tokens > 0 and usage.cost_usd and usage.cost_usd > 0
    assert "genai-prices" in usage.price_note and usage.models[0].model == MODEL.name
    transcript, facts = example_inputs()
    offline = draft_with_agent(transcript, facts, model=resolve_model(None, offline=True, env={}), today=TODAY,
                               console=io.StringIO())
    assert offline.usage.cost_usd == 0 and "no model was called" in offline.usage.line()


def test_progress_names_each_request_its_tools_and_the_round():
    def look_then_answer(messages, info: AgentInfo) -> ModelResponse:
        if len(messages) == 1:
            from pydantic_ai import ToolCallPart

            return ModelResponse(parts=[ToolCallPart("list_timeline", {}), ToolCallPart("check_gates", {})])
        return answer(messages, info)

    console = io.StringIO()
    draft(FunctionModel(look_then_answer, model_name="claude-sonnet-5-5"), console)
    lines = console.getvalue().splitlines()
    assert lines[0].startswith("drafting with anthropic:claude-sonnet-5-5")
    assert "  request 1 (claude-sonnet-5-5): list_timeline, check_gates" in lines
    assert any(line.startswith("  round 1: ") and "rubric" in line for line in lines)


def test_the_wire_format_asks_for_thinking_effort_and_caching_and_reads_cached_usage():
    """Through the real SDK: what Claude receives, and a reply with a signed thinking block and cache reads."""
    from agent.llm.faults import ModelChain  # noqa: F401  (the chain wraps the real AnthropicModel below)
    from scenarios import anthropic_model

    turns = [
        lambda body: [thinking("The code's timeline first."), tool_use("list_timeline", {})],
    ] + [lambda body: [thinking("Only people can add owners."), text(_answer_json(body))]] * 4
    enable_socket()  # the fake binds loopback only
    try:
        with FakeAnthropic(turns, cache_read=True) as fake:
            outcome = draft(anthropic_model(fake.base_url))
    finally:
        disable_socket(allow_unix_socket=True)
    first = fake.requests[0]
    assert first["max_tokens"] == 16_000 and first["thinking"] == {"type": "adaptive"}
    assert first["output_config"]["effort"] == "medium"
    assert first["tools"][-1]["cache_control"]["type"] == "ephemeral"
    assert first.get("cache_control", {}).get("type") == "ephemeral"  # the breakpoint that follows the conversation
    second = fake.requests[1]["messages"][1]["content"]
    assert second[0]["type"] == "thinking" and second[0]["signature"]  # thinking goes back, signed, as required
    assert outcome.usage.cache_read_tokens > 0 and outcome.usage.models[0].cost_usd


def _answer_json(body: dict) -> str:
    import json
    import re

    prompt = body["messages"][0]["content"]
    prompt = prompt if isinstance(prompt, str) else "".join(b.get("text", "") for b in prompt)
    listed = re.search(r"Gates failing on the current draft: (.*)\.", prompt).group(1)
    gates = re.findall(r"([a-z_]+) \(", listed)
    return json.dumps({"unresolved": [{"gate": g, "question": ""} for g in gates]})
