"""The loop: one code path for the offline engine and a model; typed writes, quote-checked claims, gates met or
left to people with a question, bounded rounds, and a failing model that keeps what it wrote."""

import io

from pydantic_ai.messages import ToolReturnPart

from agent.llm.agents import APPLIED
from agent.llm.loop import draft_with_agent
from agent.llm.models import resolve_model
from agent.offline import build_pack
from llm_scripts import (
    CLEAN_SECTIONS,
    CLEAN_SUMMARY,
    PEOPLE_QUESTIONS,
    TODAY,
    Script,
    claim,
    clean_turn,
    example_inputs,
    final,
    prompt_failing_gates,
    quote,
    retry_gates,
    said,
    tool_results,
    write,
)

OFFLINE = resolve_model(None, offline=True, env={})
MODEL = resolve_model("anthropic:claude-sonnet-5-5", offline=False, env={"ANTHROPIC_API_KEY": "unused"})


def run(script: Script, console=None, **kwargs):
    transcript, facts = example_inputs()
    return draft_with_agent(transcript, facts, model=MODEL, today=TODAY, llm=script.model(),
                            console=console or io.StringIO(), **kwargs)


def code_timeline():
    return build_pack(example_inputs()[1], today=TODAY).timeline


def kept_rows(rows) -> list[dict]:
    """The code's rows as a model keeps them: same time, quoting the whole message each rests on."""
    return [{"time": e.time.strftime("%H:%M"), "kind": e.kind, "event": e.event,
             "quotes": [quote(line, said(line)) for line in e.source_lines]} for e in rows]


def test_offline_engine_runs_the_loop_and_reproduces_the_builder():
    transcript, facts = example_inputs()
    outcome = draft_with_agent(transcript, facts, model=OFFLINE, today=TODAY, console=io.StringIO())
    assert outcome.engine == "offline" and outcome.pack.engine == "offline"
    assert outcome.pack == build_pack(facts, today=TODAY)
    assert outcome.usage.requests == 1 and outcome.rounds == 1
    assert (outcome.grounding.checked, outcome.grounding.rejected) == (0, 0)  # it writes no claims: all are code's
    assert outcome.redactions["aws-access-key"] == 1 and outcome.redactions["email"] == 1


def test_model_draft_writes_quoted_sections_and_keeps_code_facts():
    outcome = run(Script(clean_turn))
    pack = outcome.pack
    assert outcome.engine == "anthropic:claude-sonnet-5-5" and pack.engine == outcome.engine
    assert pack.summary == CLEAN_SUMMARY
    assert [f.factor for f in pack.contributing_factors] == [f["factor"] for f in CLEAN_SECTIONS["contributing_factors"]["factors"]]
    assert pack.root_cause.whys[2] == "Hypothesis: Nothing checks pool sizes before a deploy."
    assert outcome.grounding.rejected == 0 and outcome.grounding.hypotheses == 1 and outcome.grounding.checked == 12
    assert pack.metrics == example_inputs()[1].metrics and pack.timeline == code_timeline()
    assert {r.name for r in pack.header.roles} >= {"Priya Raman", "Marcus Chen"}  # names restored locally
    assert outcome.rounds == 1 and outcome.usage.requests == 1


def test_each_write_result_says_what_changed():
    script = Script(lambda m, info: [write("summary", CLEAN_SECTIONS["summary"])],
                    lambda m, info: [final(info, prompt_failing_gates(m))])
    run(script)
    [result] = tool_results(script.requests[1])
    assert result.startswith("Updated summary:\n- summary: \"On 2026-03-10") and '→ "A deploy of checkout-api' in result
    script = Script(lambda m, info: [write("header", {"audience": "the payments org"})],
                    lambda m, info: [final(info, prompt_failing_gates(m))])
    run(script)
    [result] = tool_results(script.requests[1])
    assert result.startswith('Updated header:\n- header.audience: "Unknown — ask: ') and result.endswith('→ "the payments org"')


def test_invented_figures_and_events_are_sent_back_and_the_grounded_retry_is_kept():
    invented = {"sentences": [
        claim("Twelve thousand customers could not finish checkout.", quote(13, "customers say they cannot finish checkout")),
        claim("The team emailed 33 merchants.", quote(41, "emailed the affected merchants")),  # 33 = the TTR metric
    ]}
    failover = [*kept_rows(code_timeline()),
                {"time": "14:38", "kind": "mitigation", "event": "Failed over to the replica",
                 "quotes": [quote(37, "restarted pgbouncer")]}]

    def first(messages, info):
        return [write("summary", invented), write("timeline", {"events": failover})]

    def second(messages, info):
        grounded = {"sentences": [claim("Roughly 1,100 unique customers could not finish checkout.",
                                        quote(47, "roughly 1,100 unique customers"),
                                        quote(13, "customers say they cannot finish checkout"))]}
        return [write("summary", grounded), final(info, prompt_failing_gates(messages))]

    script = Script(first, second)
    outcome = run(script)
    refused = "\n".join(tool_results(script.requests[1]))
    assert 'number "Twelve thousand"' in refused and 'number "33"' in refused and 'unrelated "Failed over' in refused
    assert "'summary' was not updated; nothing in it changed." in refused
    assert outcome.pack.summary == "Roughly 1,100 unique customers could not finish checkout [L47, L13]."
    assert outcome.pack.timeline == code_timeline()  # the failed-over row never landed
    found = {(f.section, f.kind, f.claim) for f in outcome.grounding.findings}
    assert {("summary", "number", "Twelve thousand"), ("summary", "number", "33")} <= found
    # every timeline row written is checked once, and the summary's three sentences
    assert outcome.grounding.rejected == 3 and outcome.grounding.checked == len(failover) + 3


def test_a_two_row_timeline_cannot_replace_the_code_rows():
    two_rows = {"events": [
        {"time": "14:02", "kind": "change", "event": "Deploying checkout-api v3.8.1",
         "quotes": [quote(3, "deploying checkout-api v3.8.1")]},
        {"time": "14:38", "kind": "recovery", "event": "Restarted pgbouncer", "quotes": [quote(37, "restarted pgbouncer")]},
    ]}
    script = Script(lambda m, info: [write("timeline", two_rows), final(info, prompt_failing_gates(m))],
                    lambda m, info: [final(info, prompt_failing_gates(m))])
    outcome = run(script)
    refused = "\n".join(tool_results(script.requests[1]))
    # every code row the two rows do not restate is sent back
    assert refused.count("code_fact ") == len(code_timeline()) - 2 and 'code_fact "L6 14:09 detection_alert"' in refused
    assert outcome.pack.timeline == code_timeline()


def test_a_code_row_can_go_with_a_quoted_reason():
    rows = [e for e in code_timeline() if e.kind != "detection_report"]
    events = kept_rows(rows)
    dropped = [{"line": 12, "reason": "the first ticket came in at 14:08, before the alert",
                "quote": quote(13, "first one came in at 2:08")}]
    script = Script(lambda m, info: [write("timeline", {"events": events, "dropped": dropped}), final(info, prompt_failing_gates(m))])
    outcome = run(script)
    assert [e.kind for e in outcome.pack.timeline] == [e.kind for e in rows]


def test_gates_the_draft_can_meet_cannot_be_waived():
    def waive_everything(messages, info):  # the old escape hatch: call whatever fails "unresolved"
        return [write("went_well", {"items": []}), final(info, [*prompt_failing_gates(messages), "went_well_present"])]

    def meet_it(messages, info):
        went_well = {"items": [{"text": "The Datadog alert fired within 4 minutes",
                                "quotes": [quote(49, "the Datadog alert fired within 4 minutes")]}]}
        return [write("went_well", went_well), final(info, prompt_failing_gates(messages))]

    script = Script(waive_everything, meet_it)
    outcome = run(script)
    retry = str(script.requests[1][-1].parts[-1].content)
    assert "went_well_present cannot stay open: the draft can meet it" in retry
    assert outcome.rounds == 2 and "went_well_present" not in outcome.still_failing
    assert [o.text for o in outcome.pack.went_well] == ["The Datadog alert fired within 4 minutes"]


def test_a_gate_left_to_people_needs_its_question_which_becomes_an_open_question():
    script = Script(lambda m, info: [final(info, prompt_failing_gates(m), questions={})], clean_turn)
    outcome = run(script)
    retry = str(script.requests[1][-1].parts[-1].content)
    assert "actions_complete cannot stay open: give the question for people" in retry
    asked = [q.question for q in outcome.pack.open_questions]
    assert PEOPLE_QUESTIONS["actions_complete"] in asked and asked.count(PEOPLE_QUESTIONS["actions_complete"]) == 1


def test_failed_gate_is_sent_back_with_the_section_to_rewrite():
    seen_retry = []

    def first(messages, info):
        return [write(n, c) for n, c in CLEAN_SECTIONS.items()] + [final(info, [])]

    def second(messages, info):
        seen_retry.append(retry_gates(messages))
        return [final(info, prompt_failing_gates(messages))]

    script = Script(first, second)
    outcome = run(script)
    assert outcome.rounds == 2 and outcome.usage.requests == 2
    assert "actions_complete" in seen_retry[0]
    retry_text = str(script.requests[1][-1].parts[-1].content)
    assert "Current action_items:" in retry_text and "Current summary:" not in retry_text
    resent = [p.args_as_dict() for p in script.requests[1][1].parts if getattr(p, "tool_name", "").startswith("write_")]
    assert resent and all(args == {"applied": APPLIED} for args in resent)  # applied writes are not resent in full


def test_rounds_are_bounded_and_what_still_fails_is_reported():
    script = Script(*[lambda m, info: [final(info, [])]] * 6)
    outcome = run(script, max_rounds=2)
    assert outcome.rounds == 2 and outcome.usage.requests == 2
    assert "actions_complete" in outcome.still_failing


def test_code_owned_sections_have_no_write_tool():
    script = Script(lambda m, info: [write("metrics", {"ttd_minutes": 1})],
                    lambda m, info: [final(info, prompt_failing_gates(m))])
    outcome = run(script)
    assert "Unknown tool name: 'write_metrics'" in "\n".join(tool_results(script.requests[1]))
    assert outcome.pack.metrics == example_inputs()[1].metrics


def test_usage_limits_stop_a_model_that_never_finishes():
    console = io.StringIO()
    outcome = run(Script(*[lambda m, info: [write("summary", CLEAN_SECTIONS["summary"])]] * 40), console, max_rounds=1)
    assert "usage limit" in console.getvalue()
    assert outcome.pack.summary == CLEAN_SUMMARY  # kept what was written


def test_a_model_that_keeps_breaking_a_tool_keeps_its_checked_draft_and_says_why():
    """Retries run out on a tool: the user sees one line saying so, and what already passed the checks stays."""
    def good(messages, info):
        return [write("summary", CLEAN_SECTIONS["summary"])]

    def broken(messages, info):
        return [write("learnings", {"learnings": "none"})]

    console = io.StringIO()
    outcome = run(Script(good, *[broken] * 5), console)
    said = console.getvalue()
    assert "stopped early: Tool 'write_learnings' exceeded max retries count of 3" in said
    assert "offline engine" not in said.split("stopped early")[1] and outcome.engine == MODEL.name and outcome.pack.summary == CLEAN_SUMMARY
    assert outcome.partial_path is None or outcome.partial_path.endswith(".json")


def test_rejected_writes_keep_their_arguments_for_the_model_to_fix():
    unquoted = {"sentences": [{"text": "Checkout failed for 95 minutes."}]}
    script = Script(lambda m, info: [write("summary", unquoted)], lambda m, info: [final(info, prompt_failing_gates(m))])
    run(script)
    [call] = [p for p in script.requests[1][1].parts if getattr(p, "tool_name", "") == "write_summary"]
    assert call.args_as_dict() == unquoted
    [refusal] = [p for p in script.requests[1][-1].parts if isinstance(p, ToolReturnPart)]
    assert 'unquoted "no quote"' in str(refusal.content)
