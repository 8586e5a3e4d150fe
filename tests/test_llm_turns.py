"""The facilitator's turn agent and the model judge, driven by scripted models."""

import io

from pydantic_ai import ToolCallPart

from agent.document import read_markdown
from agent.grading import grade_text
from agent.llm.judge import make_judge
from agent.llm.loop import prepare_session
from agent.llm.models import resolve_model
from agent.llm.turns import facilitator_turn
from llm_scripts import TODAY, Script, claim, example_inputs, quote, write

MODEL = resolve_model("anthropic:claude-sonnet-5-5", offline=False, env={"ANTHROPIC_API_KEY": "unused"})
DOC = """# Payments outage

## Summary

The settlement job stalled for 40 minutes after a config push. Dana should have caught the typo.

## Timeline

| Time | Event |
|---|---|
| 09:02 UTC | config pushed |
| 09:10 UTC | settlement lag alert |
| 09:42 UTC | config reverted |
"""


def questions(n):
    return [f"Question {i}: what did the dashboards show?" for i in range(1, n + 1)]


def turn_output(info, n, sections=()):
    return ToolCallPart(info.output_tools[0].name, {"questions": questions(n), "sections_updated": list(sections), "step": 2})


def session():
    transcript, facts = example_inputs()
    return prepare_session(transcript, facts, today=TODAY, max_rounds=3)


def test_a_turn_updates_sections_and_returns_three_to_five_questions():
    current = session()

    def turn(messages, info):
        impact = {"customer": claim("Shoppers could not finish checkout until pgbouncer was restarted.",
                                    quote(13, "customers say they cannot finish checkout"),
                                    quote(37, "restarted pgbouncer, connections are draining and checkout requests"))}
        return [write("impact", impact), turn_output(info, 4, ["impact"])]

    script = Script(turn)
    result = facilitator_turn(current, "Priya says ~2,340 checkouts failed; mail priya@shop.example", model=script.model(),
                              step=2, today=TODAY, console=io.StringIO())
    assert len(result.questions) == 4 and result.sections_updated == ["impact"]
    assert current.pack.impact.customer.startswith("Shoppers could not finish checkout")
    sent = str(script.requests[0])
    assert "Priya" not in sent and "priya@shop.example" not in sent and "<user_answer>" in sent


def test_more_than_five_questions_is_sent_back():
    script = Script(lambda m, info: [turn_output(info, 7)], lambda m, info: [turn_output(info, 5)])
    result = facilitator_turn(session(), "we rolled back", model=script.model(), step=3, today=TODAY, console=io.StringIO())
    assert len(result.questions) == 5 and len(script.requests) == 2
    assert "You returned 7 question(s)" in str(script.requests[1][-1].parts)


def test_no_judge_offline():
    assert make_judge(resolve_model(None, offline=True, env={})) is None


def test_judge_moves_a_level_only_with_a_quote_and_runs_the_allspaw_test():
    def ruling(messages, info):
        prompt = str(messages[0].parts)
        if "Allspaw" in prompt:
            args = {"passed": False, "reason": "a person is blamed", "quote": "Dana should have caught the typo."}
        else:
            args = {"level": 0, "reason": "a person is named as the cause", "quote": "Dana should have caught the typo."}
        if len(messages) == 1:
            return [ToolCallPart("find_quote", {"quote": args["quote"]})]
        return [ToolCallPart(info.output_tools[0].name, args)]

    script = Script(*[ruling] * 40)
    judge = make_judge(MODEL, llm=script.model(), console=io.StringIO())
    doc = read_markdown(DOC)
    assert judge.allspaw(doc).passed is False
    verdict = judge.adjust("scope_and_safety", 1, ["summary present"], doc)
    assert verdict.level == 0 and verdict.quote in DOC
    found = [p.content for r in script.requests for m in r for p in m.parts
             if getattr(p, "tool_name", "") == "find_quote" and hasattr(p, "outcome")]
    assert found and found[0].startswith("found on line")
    report = grade_text(DOC, judge=make_judge(MODEL, llm=Script(*[ruling] * 40).model(), console=io.StringIO()))
    allspaw = next(g for g in report.gates if g.id == "allspaw_test")
    assert allspaw.passed is False and allspaw.line == 5


def test_a_failing_judge_keeps_the_offline_level():
    from pydantic_ai.exceptions import ModelAuthenticationError

    def broken(messages, info):
        raise ModelAuthenticationError("claude", "bad key")

    console = io.StringIO()
    judge = make_judge(MODEL, llm=Script(broken).model(), console=console)
    assert judge.adjust("scope_and_safety", 1, [], read_markdown(DOC)) is None
    assert "offline level stands" in console.getvalue()
