"""Record the cassettes that tests/test_llm_cassettes.py replays.

Without a key (synthetic, what this repository ships):
    .venv/bin/python evals/cassettes/record.py            # all scenarios
    .venv/bin/python evals/cassettes/record.py draft      # one
With a real key (the same scenarios against the real Messages API; the file is then not marked synthetic):
    ANTHROPIC_API_KEY=sk-ant-... .venv/bin/python evals/cassettes/record.py --real
Re-record whenever prompts, tools or the offline builder change: the cassettes match on the request body.
"""

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from agent.evaluation.cassette import cassette_vcr
from fake_anthropic import FakeAnthropic, Fault, text, tool_use
from scenarios import (
    CASSETTE_DIR,
    REPLAY_BASE_URL,
    anthropic_model,
    mark_synthetic,
    run_draft_scenario,
    run_facilitate_scenario,
    run_grade_scenario,
)

SECTIONS = {
    "summary": (
        "A checkout-api deploy at 14:02 [L2-L3] lowered the database pool from 50 to 10 connections [L3]. "
        "Errors were alerted at 14:09 [L6-L7] and stopped once pgbouncer was restarted [L36-L37]."
    ),
    "contributing_factors": [{
        "cluster": "Tech", "factor": "A cost cleanup lowered the pool limit from 50 to 10 connections",
        "evidence": "deploy note [L3]", "why_it_made_sense": "All pods reported healthy after the deploy [L5].",
        "fix_direction": "Check pool sizes against peak load in CI", "source_lines": [3, 5],
    }],
    "learnings": [{
        "learning": "rolling back the app leaves the pooler's stuck connections in place.",
        "evidence": "errors stayed at 15% after the rollback [L29]",
        "decision": "Add a pgbouncer drain step to the rollback runbook", "decision_type": "runbook",
    }],
}


def first_prompt(body: dict) -> str:
    content = body["messages"][0]["content"]
    return content if isinstance(content, str) else "".join(b.get("text", "") for b in content)


def baseline_failing(body: dict) -> list[str]:
    listed = re.search(r"Gates failing on the current draft: (.*)\.", first_prompt(body)).group(1)
    return re.findall(r"([a-z_]+) \(", listed) + ["rubric"]


def retried_gates(body: dict) -> list[str]:
    """Gate ids in the latest retry feedback (a text block after a text answer, a tool_result after a tool call)."""
    blocks = body["messages"][-1]["content"]
    retry = "".join(str(b.get("text") or b.get("content") or "") for b in blocks if isinstance(b, dict))
    return re.findall(r"^- ([a-z_]+) — section", retry, flags=re.M)


def answer(body: dict, sections: dict) -> dict:
    """The final answer as Claude gives it under structured output: one text block of JSON."""
    writes = [{"section": name, "content": json.dumps(content)} for name, content in sections.items()]
    return text(json.dumps({"sections": writes, "unresolved": baseline_failing(body)}))


DRAFT = [
    lambda body: [text("I'll check the code's timeline against the transcript first."), tool_use("list_timeline", {})],
    lambda body: [answer(body, SECTIONS)],
]
REWRITE = [
    lambda body: [answer(body, {"went_well": []})],
    lambda body: [answer(body, {"went_well": [{"text": "the Datadog alert fired within 4 minutes", "source_lines": [48, 49]}]})]
    if "went_well_present" in retried_gates(body) else [answer(body, {})],
]
FAULTS = [
    lambda body: Fault(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"),
    lambda body: Fault(529, "overloaded_error", "Overloaded"),
    DRAFT[1],
]


def judge_turn(body: dict) -> list:
    """Quote-check first, then rule: the Allspaw test fails on the counterfactual; criteria keep their level."""
    prompt = first_prompt(body)
    quote = "The on-call engineer\nshould have checked the pool size before deploying."
    if body["messages"][-1]["role"] == "user" and len(body["messages"]) == 1:
        return [tool_use("find_quote", {"quote": quote})]
    if "Allspaw" in prompt:
        return [text(json.dumps({"passed": False, "reason": "a counterfactual aimed at a person", "quote": quote}))]
    level = float(re.search(r"measured level ([\d.]+)", prompt).group(1))
    return [text(json.dumps({"level": level, "reason": "the evidence matches the measured level", "quote": ""}))]


FACILITATOR_QUESTIONS = {
    2: ["When did shoppers first see empty search pages?", "What memory limit did the rebuild job run with?",
        "How many searches returned no results, and for how long?"],
    3: ["What let a full rebuild start during peak traffic?",
        "What did the job's memory use look like before it failed?", "Which safeguard would have stopped the rebuild early?"],
}
FACILITATOR_SUMMARY = "A nightly search-index rebuild ran out of memory and product search showed empty pages [L2]."


def facilitator_answer(step: int, updated: list[str]) -> dict:
    """FacilitatorTurn under structured output: one text block of JSON."""
    return text(json.dumps({"questions": FACILITATOR_QUESTIONS[step], "sections_updated": updated, "step": step}))


def answered_line(body: dict, start: str) -> int:
    """The record line of this round's answer beginning with `start` (the prompt lists them as `A1 [L8]: ...`)."""
    return int(re.search(rf"^A\d+ \[L(\d+)\]: {re.escape(start)}", first_prompt(body), flags=re.M).group(1))


def went_well_write(body: dict) -> dict:
    line = answered_line(body, "The empty-results alert fired")
    went_well = [{"text": f"The empty-results alert fired at 10:52 [L{line}].", "source_lines": [line]}]
    return tool_use("update_section", {"section": "went_well", "content": went_well})


# Round one's answers: write the summary, then ask about step 2. Round two (ended with /done): record what went
# well from the one answer given; the step-3 questions it returns are not asked, the document is finished.
FACILITATE = [
    lambda body: [text("The headline answer gives a first summary."),
                  tool_use("update_section", {"section": "summary", "content": FACILITATOR_SUMMARY})],
    lambda body: [facilitator_answer(2, ["summary"])],
    lambda body: [went_well_write(body)],
    lambda body: [facilitator_answer(3, ["went_well"])],
]

SCENARIOS = {
    "draft": (run_draft_scenario, DRAFT),
    "rewrite": (run_draft_scenario, REWRITE),
    "faults": (run_draft_scenario, FAULTS),
    "grade": (run_grade_scenario, [judge_turn] * 14),
    "facilitate": (run_facilitate_scenario, FACILITATE),
}


def record_cassette(name: str, *, api_key: str | None = None, directory: Path = CASSETTE_DIR) -> Path:
    """Record one scenario: against the scripted fake server, or the real API when `api_key` is given."""
    run, turns = SCENARIOS[name]
    path = directory / f"{name}.yaml"
    path.unlink(missing_ok=True)
    with cassette_vcr("all").use_cassette(str(path)) as cassette:
        cassette.get_metadata("synthetic", api_key is None)
        if api_key:
            run(anthropic_model(REPLAY_BASE_URL, api_key))
        else:
            with FakeAnthropic(turns) as fake:
                run(anthropic_model(fake.base_url, "test-key"))
            if fake.exhausted:
                raise RuntimeError(f"{name}: the loop asked for more turns than the script has; fix the script")
    if api_key is None:
        mark_synthetic(path)
    return path


def main(argv: list[str]) -> int:
    import os

    real = "--real" in argv
    names = [a for a in argv if not a.startswith("--")] or list(SCENARIOS)
    key = os.environ.get("ANTHROPIC_API_KEY") if real else None
    if real and not key:
        print("--real needs ANTHROPIC_API_KEY", file=sys.stderr)
        return 2
    for name in names:
        print(f"recorded {record_cassette(name, api_key=key)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
