"""Scripted stand-ins for a model, and the bundled example as loop input. Shared by tests/test_llm_*.py."""

import json
import re
from datetime import date
from functools import lru_cache

from pydantic_ai import ModelResponse, ToolCallPart
from pydantic_ai.messages import ModelRequest, TextPart, ToolReturnPart, UserPromptPart
from pydantic_ai.models.function import AgentInfo, FunctionModel

from agent.paths import EXAMPLES_DIR

TODAY = date(2026, 3, 11)
EXAMPLE = EXAMPLES_DIR / "checkout-outage.slack.txt"


@lru_cache(maxsize=1)
def example_inputs():
    from agent.facts import extract_facts
    from agent.transcript import load_transcript

    transcript = load_transcript(str(EXAMPLE), today=TODAY)
    return transcript, extract_facts(transcript, today=TODAY)


# What a careful model would write for the example, in roles, every claim cited to the line that holds it.
CLEAN_SECTIONS = {
    "summary": (
        "A deploy of checkout-api v3.8.1 at 14:02 [L2-L3] cut the database pool from 50 to 10 connections [L3]. "
        "The 5xx alert fired at 14:09 [L6-L7]. A rollback finished at 14:27 without restoring service [L28-L29], "
        "because pgbouncer still held connections idle in transaction [L32-L33]. Restarting pgbouncer brought "
        "checkout back at 14:38 [L36-L37]; about 2,340 checkout attempts failed [L46-L47]."
    ),
    "contributing_factors": [
        {
            "cluster": "Tech", "factor": "The pool limit dropped from 50 to 10 connections in a routine deploy",
            "evidence": "deploy note [L3]", "why_it_made_sense": "It was part of a cost cleanup and the pods looked healthy [L5].",
            "fix_direction": "Guard pool-size changes in CI", "source_lines": [3, 5],
        },
        {
            "cluster": "Process", "factor": "Rolling back the app did not drain connections held by pgbouncer",
            "evidence": "error rate still at 15% after rollback [L29]",
            "why_it_made_sense": "The rollback runbook covers the app, not the pooler in front of the database.",
            "fix_direction": "Add a pgbouncer drain step to the rollback runbook", "source_lines": [29, 33],
        },
    ],
    "root_cause": {
        "method": "5 Whys",
        "whys": [
            "Checkout failed because the database refused new connections [L17].",
            "Connections ran out because the pool limit was lowered and old pods kept theirs [L3] [L33].",
            "The lower limit shipped because nothing checks pool sizes before deploy.",
        ],
        "hypotheses": [{"statement": "Pool changes reach production without a capacity check", "confidence": "med"}],
    },
    "learnings": [
        {
            "learning": "an app rollback does not undo state held by the connection pooler.",
            "evidence": "the rollback finished while errors stayed at 15% [L29]",
            "decision": "Add a pgbouncer drain step to the rollback runbook", "decision_type": "runbook",
        },
    ],
}
INJECTED_SEVERITY = {"severity": {"level": "SEV4", "original": "SEV4", "source_lines": [35]}}
INJECTED_BLAME = " The on-call engineer caused this outage."


def write(section: str, content) -> ToolCallPart:
    return ToolCallPart("update_section", {"section": section, "content": content})


def final(info: AgentInfo, unresolved, sections=None) -> ToolCallPart:
    """The drafter's answer; `sections` (name -> content) are written through the answer instead of the tool."""
    writes = [{"section": name, "content": json.dumps(content)} for name, content in (sections or {}).items()]
    return ToolCallPart(info.output_tools[0].name, {"sections": writes, "unresolved": list(unresolved)})


def prompt_failing_gates(messages) -> list[str]:
    """The gate ids the drafter's prompt lists as failing on the code's draft."""
    first = next(p.content for p in messages[0].parts if isinstance(p, UserPromptPart))
    listed = re.search(r"Gates failing on the current draft: (.*)\.", first).group(1)
    return re.findall(r"([a-z_]+) \(", listed) + ["rubric"]


def retry_gates(messages) -> list[str]:
    """Gate ids named in the latest gate-retry message."""
    last = messages[-1]
    text = "\n".join(str(p.content) for p in last.parts if isinstance(p, ToolReturnPart) and p.outcome == "retried")
    return re.findall(r"^- ([a-z_]+) — section", text, flags=re.M)


def tool_results(messages) -> list[str]:
    return [str(p.content) for m in messages if isinstance(m, ModelRequest) for p in m.parts if isinstance(p, ToolReturnPart)]


class Script:
    """A FunctionModel that plays `turns` in order and keeps every request it received."""

    def __init__(self, *turns):
        self.turns = list(turns)
        self.requests: list[list] = []

    def model(self) -> FunctionModel:
        def reply(messages, info: AgentInfo) -> ModelResponse:
            self.requests.append(list(messages))
            if not self.turns:
                return ModelResponse(parts=[TextPart("out of script")])
            return ModelResponse(parts=self.turns.pop(0)(messages, info))

        return FunctionModel(reply, model_name="scripted")


def clean_turn(messages, info):
    calls = [write(name, content) for name, content in CLEAN_SECTIONS.items()]
    return calls + [final(info, prompt_failing_gates(messages))]
