"""End to end: `postmortem draft --model anthropic:…` in a subprocess, against a scripted Messages API on loopback.

The server is the project's scripted fake of Anthropic's Messages API (evals/cassettes/fake_anthropic.py: real
wire format, thinking blocks, count_tokens), reached through ANTHROPIC_BASE_URL with a dummy key; nothing leaves
the machine. The script plays a model that invents a figure, is sent back, and corrects itself.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_socket import disable_socket, enable_socket

from conftest import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "evals" / "cassettes"))
from fake_anthropic import FakeAnthropic, text, thinking, tool_use

EXAMPLE = REPO_ROOT / "examples" / "checkout-outage.slack.txt"
MODEL = "anthropic:claude-sonnet-5-5"
INVENTED = {"sentences": [{"text": "About 12,000 customers could not finish checkout.",
                           "quotes": [{"line": 47, "span": "roughly 1,100 unique customers"}]}]}
GROUNDED = {"sentences": [{"text": "About 1,100 unique customers could not finish checkout.",
                           "quotes": [{"line": 47, "span": "roughly 1,100 unique customers"},
                                      {"line": 13, "span": "customers say they cannot finish checkout"}]}]}
QUESTIONS = {
    "actions_complete": "Who owns each action, by when, and what signal shows it worked?",
    "no_orphan_actions": "Which team takes the connection pool saturation alert?",
    "no_template_text": "Who will answer the open questions before the review is published?",
}


def failing_gates(body: dict) -> list[str]:
    first = body["messages"][0]["content"]
    prompt = first if isinstance(first, str) else "".join(block.get("text", "") for block in first)
    return re.findall(r"([a-z_]+) \(", re.search(r"Gates failing on the current draft: (.*)\.", prompt).group(1))


def answer(body: dict) -> list[dict]:
    unresolved = [{"gate": g, "question": QUESTIONS.get(g, "")} for g in failing_gates(body)]
    return [thinking("What is left needs owners and dates from people."), text(json.dumps({"unresolved": unresolved}))]


SCRIPT = [
    lambda body: [thinking("The impact line gives a customer count; I will state it."), tool_use("write_summary", INVENTED)],
    lambda body: [thinking("The quote says 1,100, not 12,000."), tool_use("write_summary", GROUNDED)],
    *[answer] * 3,  # a gate the example fails that people cannot answer is sent back; rounds end at the third
]


def draft(tmp_path: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "POSTMORTEM_HOME": str(tmp_path / "home"), **(env or {})}
    return subprocess.run([sys.executable, "-m", "agent", "draft", str(EXAMPLE), "--json", "--no-kb", *args],
                          cwd=REPO_ROOT, env=environment, capture_output=True, text=True, timeout=300)


def offline_document() -> dict:
    from agent.clock import Clock
    from agent.draft import draft as run_draft

    return run_draft(str(EXAMPLE), today=Clock().today(), env={}, offline=True).to_contract()


@pytest.mark.slow
def test_the_cli_sends_an_invented_number_back_and_keeps_only_grounded_facts(tmp_path):
    enable_socket()  # the fake binds 127.0.0.1 only; the CLI subprocess talks to nothing else
    try:
        with FakeAnthropic(list(SCRIPT)) as fake:
            run = draft(tmp_path, "--model", MODEL,
                        env={"ANTHROPIC_BASE_URL": fake.base_url, "ANTHROPIC_API_KEY": "sk-ant-dummy-for-tests"})
    finally:
        disable_socket(allow_unix_socket=True)
    assert run.returncode == 0, run.stderr
    document = json.loads(run.stdout)
    offline = offline_document()

    # the invented figure was rejected, by name, and sent back as a tool error; the model retried
    retry = [block for block in fake.requests[1]["messages"][-1]["content"] if block.get("type") == "tool_result"]
    told = "".join(block["text"] for block in retry[0]["content"])
    assert retry[0]["is_error"] is True and 'number "12000" in "About 12,000 customers' in told
    assert len(fake.requests) >= 3 and not fake.exhausted
    grounding = document["grounding"]
    assert (grounding["checked"], grounding["rejected"]) == (2, 1)
    assert [(f["kind"], f["claim"]) for f in grounding["findings"]] == [("number", "12000")]

    # the document holds only what the transcript supports, and every code fact is still there
    markdown = document["markdown"]
    assert "About 1,100 unique customers could not finish checkout [L47, L13]." in markdown
    assert "12,000" not in markdown and "12000" not in markdown
    assert document["engine"] == MODEL
    assert document["timeline"] == offline["timeline"] and document["metrics"] == offline["metrics"]
    assert document["impact"] == offline["impact"]
    assert QUESTIONS["actions_complete"] in [q["question"] for q in document["open_questions"]]
    assert "grounding: 2 model claim(s) checked against their quoted lines, 1 rejected" in run.stderr
