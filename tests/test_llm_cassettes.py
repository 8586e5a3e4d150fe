"""Full Anthropic exchanges with tool use, replayed from cassettes with sockets blocked.

Synthetic cassettes (recorded against evals/cassettes/fake_anthropic.py) are checked exactly; cassettes
re-recorded with a real key (evals/cassettes/record.py --real) are checked for what any model must satisfy.
"""

import sys
from pathlib import Path

import pytest
import yaml

from agent.evaluation.cassette import cassette_vcr

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "evals" / "cassettes"))
from record import FACILITATOR_QUESTIONS, FACILITATOR_WENT_WELL, QUESTIONS
from scenarios import (
    CASSETTE_DIR,
    FACILITATE_ANSWERS,
    anthropic_model,
    is_synthetic,
    run_draft_scenario,
    run_facilitate_scenario,
    run_grade_scenario,
)


def replay(name, run):
    path = CASSETTE_DIR / f"{name}.yaml"
    with cassette_vcr("none").use_cassette(str(path)) as cassette:
        result = run(anthropic_model())
    assert cassette.all_played, f"{name}: not every recorded request was replayed"
    return result, is_synthetic(path)


def test_draft_exchange_with_tool_use():
    outcome, synthetic = replay("draft", run_draft_scenario)
    assert outcome.engine == "anthropic:claude-sonnet-5-5" and outcome.fallback_reason is None
    assert outcome.prompt_tokens and outcome.prompt_tokens > 500  # Anthropic's count endpoint answered
    assert outcome.usage.input_tokens > outcome.prompt_tokens  # provider-reported usage was read
    # code-owned facts survive any model: the alert at 14:09, the ack at 14:12
    assert outcome.pack.metrics.detected.strftime("%H:%M") == "14:09" and outcome.pack.metrics.tta_minutes == 3
    if synthetic:
        assert outcome.usage.requests == 3 and outcome.rounds == 1
        assert outcome.pack.summary.startswith("The checkout-api deploy included the db pool change")
        assert outcome.grounding.findings == [] and outcome.grounding.checked == 3 and outcome.grounding.rejected == 0
        asked = [q.question for q in outcome.pack.open_questions]
        assert any(question in asked for question in QUESTIONS.values())  # the gates left for people, as questions
        assert outcome.usage.cost_usd and outcome.usage.models[0].model == "anthropic:claude-sonnet-5-5"


def test_rewrite_after_a_failed_gate():
    outcome, synthetic = replay("rewrite", run_draft_scenario)
    assert outcome.engine == "anthropic:claude-sonnet-5-5"
    if synthetic:
        assert outcome.rounds == 2  # first answer failed went_well_present, the second fixed it
        assert outcome.pack.went_well[0].text.startswith("The Datadog alert fired within 4 minutes")
        assert "went_well_present" not in outcome.still_failing


def test_rate_limit_and_overload_are_retried_through_the_real_sdk():
    outcome, synthetic = replay("faults", run_draft_scenario)
    assert outcome.engine == "anthropic:claude-sonnet-5-5" and outcome.fallback_reason is None
    if synthetic:
        assert outcome.usage.retries == 2  # one 429, one 529, then the reply
        assert outcome.usage.requests == 1  # the failed attempts returned no usage: only the reply is billed


def test_grade_with_the_model_judge():
    report, synthetic = replay("grade", run_grade_scenario)
    allspaw = next(g for g in report.gates if g.id == "allspaw_test")
    assert allspaw.passed is not None  # judged by the model, not "not judged offline"
    if synthetic:
        assert allspaw.passed is False and allspaw.line == 5
        assert report.passed is False


def facilitate_bodies() -> list[str]:
    recorded = yaml.safe_load((CASSETTE_DIR / "facilitate.yaml").read_text())["interactions"]
    return [interaction["request"]["body"] for interaction in recorded]


def test_facilitate_requests_carry_no_secrets():
    bodies = facilitate_bodies()
    typed = "\n".join(FACILITATE_ANSWERS)
    secrets = ["q7Rt9vLm2Xc8Bn4Kp1Wz", "li.wei@example.net"]
    assert all(value in typed for value in secrets)  # they were typed, so their absence below means something
    assert not [value for body in bodies for value in secrets if value in body]
    assert any("[REDACTED:token]" in b and "[REDACTED:email]" in b for b in bodies)  # the answer itself was sent


def test_facilitate_requests_carry_no_names():
    """The headline answer names 'Li Wei' before any roles answer: the name is found in the prose and replaced in
    that very request, and every later one."""
    names = ["Li Wei", "Tomas", "Berg", "Noor", "Haddad"]
    assert all(name in "\n".join(FACILITATE_ANSWERS) for name in names)
    assert not [name for body in facilitate_bodies() for name in names if name in body]


def test_facilitate_exchange():
    (outcome, console), synthetic = replay("facilitate", run_facilitate_scenario)
    assert "| Draft (anthropic:claude-sonnet-5-5 engine) |" in outcome.markdown.split("\n## ", 1)[0]
    if synthetic:
        # the model words the question about the first gap code lists; the next question asked is its wording
        assert f"[q2] {FACILITATOR_QUESTIONS['headline'][0]}" in console
        assert "went_well" in outcome.state.model_sections  # written through write_went_well, quoting its line
        assert FACILITATOR_WENT_WELL in outcome.markdown.split("## What went well", 1)[1]


def test_replies_carry_signed_thinking_blocks_and_the_loop_sends_them_back():
    """As the API answers with thinking on: a thinking block with its signature first; the next request of the
    turn must return it unchanged, or the API rejects the request."""
    import json

    interactions = yaml.safe_load((CASSETTE_DIR / "draft.yaml").read_text())["interactions"]
    recorded = [i for i in interactions if i["request"]["uri"].endswith("/v1/messages")]

    first_reply = json.loads(recorded[0]["response"]["body"]["string"])
    block = first_reply["content"][0]
    assert block["type"] == "thinking" and block["signature"] and block["thinking"]
    second_request = json.loads(recorded[1]["request"]["body"])
    assert second_request["thinking"] == {"type": "adaptive"} and second_request["max_tokens"] >= 16_000
    sent_back = [b for m in second_request["messages"] if m["role"] == "assistant" for b in m["content"]]
    assert {"type": "thinking", "thinking": block["thinking"], "signature": block["signature"]} in sent_back


def test_cassettes_hold_no_credentials():
    for path in CASSETTE_DIR.glob("*.yaml"):
        text = path.read_text().lower()
        assert "x-api-key" not in text and "authorization" not in text and "sk-ant" not in text, path.name


@pytest.mark.parametrize("name", ["draft", "rewrite", "faults", "grade", "facilitate"])
def test_synthetic_cassettes_say_so(name):
    path = CASSETTE_DIR / f"{name}.yaml"
    text = path.read_text()
    if is_synthetic(path):
        assert "synthetic: true" in text
