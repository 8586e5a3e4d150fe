"""Record the cassettes that tests/test_llm_cassettes.py replays.

Without a key (synthetic, what this repository ships):
    .venv/bin/python evals/cassettes/record.py            # all scenarios
    .venv/bin/python evals/cassettes/record.py draft      # one
With a real key (the same scenarios against the real Messages API; the file is then not marked synthetic):
    ANTHROPIC_API_KEY=sk-ant-... .venv/bin/python evals/cassettes/record.py --real
Re-record whenever prompts, tools, model settings or the offline builder change: the cassettes match on the
request body. The scripted replies start with a thinking block, as Claude's do with adaptive thinking on; the
loop must send each one back, signature included, on the next request of the turn.
"""

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from agent.evaluation.cassette import cassette_vcr
from fake_anthropic import FakeAnthropic, Fault, text, thinking, tool_use
from scenarios import (
    CASSETTE_DIR,
    REPLAY_BASE_URL,
    anthropic_model,
    mark_synthetic,
    run_draft_scenario,
    run_facilitate_scenario,
    run_grade_scenario,
)

# What the drafter writes, through the typed write tools: each sentence quotes its line verbatim.
SUMMARY = {"sentences": [
    {"text": "The checkout-api deploy included the db pool change from the cost cleanup (max connections 50 -> 10).",
     "quotes": [{"line": 3, "span": "includes the db pool change from the cost cleanup (max connections 50 -> 10)"}]},
    {"text": "The rollback did not fix it: the error rate was still at 15%.",
     "quotes": [{"line": 29, "span": "rollback done but error rate is still at 15%, so that did not fix it"}]},
    {"text": "After pgbouncer was restarted, connections drained and checkout requests succeeded again.",
     "quotes": [{"line": 37, "span": "restarted pgbouncer, connections are draining and checkout requests are succeeding again"}]},
]}
WENT_WELL = [{"text": "The Datadog alert fired within 4 minutes.",
              "quotes": [{"line": 49, "span": "the Datadog alert fired within 4 minutes"}]}]
# The gates only people can meet, each with the question that would meet it (rubrics/people_gates.yaml).
QUESTIONS = {
    "actions_complete": "Who owns each action, by when, and what signal shows it worked?",
    "no_orphan_actions": "Which team takes the connection pool saturation alert?",
    "no_template_text": "Who will answer the open questions before the review is published?",
}


def first_prompt(body: dict) -> str:
    content = body["messages"][0]["content"]
    return content if isinstance(content, str) else "".join(b.get("text", "") for b in content)


def baseline_failing(body: dict) -> list[str]:
    listed = re.search(r"Gates failing on the current draft: (.*)\.", first_prompt(body)).group(1)
    return re.findall(r"([a-z_]+) \(", listed)


def answer(body: dict) -> dict:
    """The final answer as Claude gives it under structured output: one text block of JSON, leaving open only the
    gates people must settle, each with its question."""
    unresolved = [{"gate": g, "question": QUESTIONS[g]} for g in baseline_failing(body) if g in QUESTIONS]
    return text(json.dumps({"unresolved": unresolved}))


DRAFT = [
    lambda body: [thinking("The code computed the metrics; the timeline rows carry their lines. Check those first."),
                  text("I'll check the code's timeline against the transcript first."), tool_use("list_timeline", {})],
    lambda body: [thinking("The pool change and the pgbouncer restart are each in a line I can quote."),
                  tool_use("write_summary", SUMMARY)],
    lambda body: [thinking("Owners and dates are not in the transcript: those are questions for people."), answer(body)],
]
# A rewrite round: the model empties "What went well", answers, is sent back with the failing gate, rewrites it
# from line 49 and answers again.
REWRITE = [
    lambda body: [thinking("The code's observations look thin; start the section over."),
                  tool_use("write_went_well", {"items": []})],
    lambda body: [answer(body)],
    lambda body: [thinking("The gate needs what went well; line 49 says it."),
                  tool_use("write_went_well", {"items": WENT_WELL})],
    lambda body: [answer(body)],
]
FAULTS = [
    lambda body: Fault(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"),
    lambda body: Fault(529, "overloaded_error", "Overloaded"),
    DRAFT[2],
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


# The facilitator words the next question about the first gap code lists as missing (one question per answer).
FACILITATOR_QUESTIONS = {
    "headline": ["In a sentence or two: what happened to product search, and who saw it?",
                 "Is search fully back for every region?", "Which job or change was running at the time?"],
    "scope": ["Who will read this review, and who owns the decisions on its follow-ups?",
              "What should it achieve above all: prevention, learning or faster recovery?",
              "Who facilitates and who takes notes?"],
    "moment": ["When did shoppers first see empty search pages, and how did you notice?",
               "When did someone pick the alert up?", "When were results normal again?"],
    "impact": ["How many searches returned no results, and for how long?", "Which severity did it get, and why?",
               "Was any revenue or SLO budget lost?"],
}
FACILITATOR_SUMMARY = "A nightly search-index rebuild ran out of memory and product search showed empty pages."
FACILITATOR_WENT_WELL = "The empty-results alert fired at 10:52, eleven minutes after the rebuild started."


def facilitator_turn(body: dict) -> list:
    """Write what an answer states (quoting its record line), else word the question about the first gap."""
    prompt = first_prompt(body)
    fresh = len(body["messages"]) == 1
    for start, tool, sentence in (("A nightly search-index rebuild", "write_summary", FACILITATOR_SUMMARY),
                                  ("The empty-results alert fired", "write_went_well", FACILITATOR_WENT_WELL)):
        line = re.search(rf"^A\d+ \[L(\d+)\]: {re.escape(start)}", prompt, flags=re.M)
        if fresh and line:
            quote = {"line": int(line.group(1)), "span": sentence.rstrip(".")}
            content = ({"sentences": [{"text": sentence, "quotes": [quote]}]} if tool == "write_summary"
                       else {"items": [{"text": sentence, "quotes": [quote]}]})
            return [thinking("The answer states it; I can quote its line."), tool_use(tool, content)]
    gap = re.search(r"^- ([a-z]+) \(step (\d)\)", prompt, flags=re.M)
    kind, step = (gap.group(1), int(gap.group(2))) if gap else ("impact", 2)
    questions = FACILITATOR_QUESTIONS.get(kind, FACILITATOR_QUESTIONS["impact"])
    return [text(json.dumps({"questions": questions, "sections_updated": [], "step": step}))]


SCENARIOS = {
    "draft": (run_draft_scenario, DRAFT),
    "rewrite": (run_draft_scenario, REWRITE),
    "faults": (run_draft_scenario, FAULTS),
    "grade": (run_grade_scenario, [judge_turn] * 14),
    "facilitate": (run_facilitate_scenario, [facilitator_turn] * 9),
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
