"""The loop: one code path for the offline engine and a model; rewrites only what fails; bounded rounds."""

import io

from agent.llm.agents import APPLIED
from agent.llm.loop import draft_with_agent
from agent.llm.models import resolve_model
from agent.offline import build_pack
from llm_scripts import (
    CLEAN_SECTIONS, TODAY, Script, clean_turn, example_inputs, final, prompt_failing_gates, retry_gates, write,
)

OFFLINE = resolve_model(None, offline=True, env={})
MODEL = resolve_model("anthropic:claude-sonnet-5-5", offline=False, env={"ANTHROPIC_API_KEY": "unused"})


def run(script: Script, **kwargs):
    transcript, facts = example_inputs()
    return draft_with_agent(transcript, facts, model=MODEL, today=TODAY, llm=script.model(), console=io.StringIO(), **kwargs)


def test_offline_engine_drives_the_tools_and_reproduces_the_builder():
    transcript, facts = example_inputs()
    outcome = draft_with_agent(transcript, facts, model=OFFLINE, today=TODAY, console=io.StringIO())
    assert outcome.engine == "offline" and outcome.pack.engine == "offline"
    assert outcome.pack == build_pack(facts, today=TODAY)
    assert outcome.usage.requests == 1 and outcome.usage.tool_calls >= 17
    assert outcome.grounding.findings == [] and outcome.grounding.claims_checked > 50
    assert outcome.redactions["aws-access-key"] == 1 and outcome.redactions["email"] == 1


def test_model_draft_writes_grounded_sections_and_keeps_code_facts():
    script = Script(clean_turn)
    outcome = run(script)
    pack = outcome.pack
    assert outcome.engine == "anthropic:claude-sonnet-5-5" and pack.engine == outcome.engine
    assert pack.summary == CLEAN_SECTIONS["summary"]
    assert [f.factor for f in pack.contributing_factors] == [f["factor"] for f in CLEAN_SECTIONS["contributing_factors"]]
    assert outcome.grounding.findings == []
    assert pack.metrics == example_inputs()[1].metrics  # code-owned
    assert {r.name for r in pack.header.roles} >= {"Priya Raman", "Marcus Chen"}  # names restored locally
    assert outcome.rounds == 1 and outcome.usage.requests == 1


def test_sections_can_come_in_the_final_answer_with_the_same_checks():
    """Models with native structured output hand back sections in one answer: one request, same result."""
    via_tools = run(Script(clean_turn)).pack
    script = Script(lambda messages, info: [final(info, prompt_failing_gates(messages), sections=CLEAN_SECTIONS)])
    outcome = run(script)
    assert outcome.pack == via_tools and outcome.usage.requests == 1


def test_blame_in_the_final_answer_is_refused_and_sent_back():
    blamed = {"summary": CLEAN_SECTIONS["summary"] + " The on-call engineer caused this outage."}

    def first(messages, info):
        return [final(info, prompt_failing_gates(messages), sections=blamed)]

    def second(messages, info):
        return [final(info, prompt_failing_gates(messages), sections={"summary": CLEAN_SECTIONS["summary"]})]

    script = Script(first, second)
    outcome = run(script)
    assert outcome.pack.summary == CLEAN_SECTIONS["summary"] and outcome.rounds == 2
    retry = str(script.requests[1][-1].parts[-1].content)
    assert "'summary' was not updated: it adds blame" in retry
    resent = script.requests[1][1].parts[-1].args["sections"]
    assert resent == [{"section": "summary", "content": APPLIED}]  # the earlier answer is not resent in full


def test_unsupported_claims_are_marked_and_reported_back_to_the_model():
    def turn(messages, info):
        return [write("summary", "Checkout failed for 95 minutes [L37]."), final(info, prompt_failing_gates(messages))]

    script = Script(turn)
    outcome = run(script)
    assert outcome.pack.summary.startswith("Hypothesis (not supported by the cited lines): Checkout failed for 95")
    assert [(f.claim, f.kind) for f in outcome.grounding.findings] == [("95", "number")]


def test_failed_gate_is_sent_back_and_only_that_section_is_rewritten():
    seen_retry = []

    def first(messages, info):
        return [write(n, c) for n, c in CLEAN_SECTIONS.items()] + [final(info, [])]

    def second(messages, info):
        gates = retry_gates(messages)
        seen_retry.append(gates)
        return [final(info, gates + ["rubric"])]

    script = Script(first, second)
    outcome = run(script)
    assert outcome.rounds == 2 and outcome.usage.requests == 2
    assert "actions_complete" in seen_retry[0]
    retry_text = str(script.requests[1][-1].parts[-1].content)
    assert "Current action_items:" in retry_text and "Current summary:" not in retry_text
    # applied section writes are not resent in full on the next request
    resent = [p.args_as_dict()["content"] for p in script.requests[1][1].parts if getattr(p, "tool_name", "") == "update_section"]
    assert resent and all(c == APPLIED for c in resent)


def test_rounds_are_bounded_and_what_still_fails_is_reported():
    def stubborn(messages, info):
        return [final(info, [])]

    script = Script(*[stubborn] * 6)
    outcome = run(script, max_rounds=2)
    assert outcome.rounds == 2 and outcome.usage.requests == 2
    assert "actions_complete" in outcome.still_failing


def test_code_owned_and_invalid_sections_are_refused_with_a_reason():
    def turn(messages, info):
        return [write("metrics", {"ttd_minutes": 1}), write("timeline", "not a list"), final(info, ["rubric"])]

    def after(messages, info):
        return [final(info, prompt_failing_gates(messages))]

    script = Script(turn, after, after)
    outcome = run(script)
    returned = "\n".join(str(p.content) for p in script.requests[1][-1].parts)
    assert "Input should be 'header'" in returned  # metrics is not a section the schema offers
    assert "'timeline' content is invalid" in returned
    assert outcome.pack.metrics == example_inputs()[1].metrics


def test_usage_limits_stop_a_model_that_never_finishes():
    def chatter(messages, info):
        return [write("summary", CLEAN_SECTIONS["summary"])]

    console = io.StringIO()
    transcript, facts = example_inputs()
    outcome = draft_with_agent(transcript, facts, model=MODEL, today=TODAY, llm=Script(*[chatter] * 40).model(),
                               console=console, max_rounds=1)
    assert "usage limit" in console.getvalue()
    assert outcome.pack.summary == CLEAN_SECTIONS["summary"]  # kept what was written
