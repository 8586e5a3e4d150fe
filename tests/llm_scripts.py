"""Scripted stand-ins for a model, and the bundled example as loop input. Shared by tests/test_llm_*.py."""

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


def said(line: int) -> str:
    """The words of the message covering `line`, as the model sees them (people as roles)."""
    from agent.llm.view import ModelView

    view = ModelView(*example_inputs())
    return next(m.text for m in view.messages if m.line <= line <= m.end_line)


def quote(line: int, span: str) -> dict:
    return {"line": line, "span": span}


def claim(text: str, *quotes: dict, hypothesis: bool = False) -> dict:
    return {"text": text, "quotes": list(quotes), **({"hypothesis": True} if hypothesis else {})}


# What a careful model would write for the example (people as roles), every claim with the words it rests on.
CLEAN_SECTIONS = {
    "summary": {"sentences": [
        claim("A deploy of checkout-api v3.8.1 at 14:02 cut the database pool from 50 to 10 connections.",
              quote(3, "deploying checkout-api v3.8.1 to prod now"), quote(3, "max connections 50 -> 10")),
        claim("The 5xx alert fired at 14:09.", quote(7, "checkout-api 5xx rate is above 5%")),
        claim("A rollback finished at 14:27 but the error rate stayed at 15%.",
              quote(29, "rollback done but error rate is still at 15%")),
        claim("Pgbouncer still held connections idle in transaction from the old pods.",
              quote(33, "pgbouncer still has hundreds of connections stuck idle in transaction from the old pods")),
        claim("Restarting pgbouncer brought checkout back at 14:38.",
              quote(37, "restarted pgbouncer, connections are draining and checkout requests are succeeding again")),
        claim("About 2,340 checkout attempts failed.", quote(47, "about 2,340 checkout attempts failed")),
    ]},
    "contributing_factors": {"factors": [
        {
            "cluster": "Tech", "factor": "The pool limit dropped from 50 to 10 connections in a routine deploy",
            "evidence": "the deploy note lists the pool change",
            "why_it_made_sense": "It was part of a cost cleanup and all pods were healthy after the deploy.",
            "fix_direction": "Guard pool-size changes in CI",
            "quotes": [quote(3, "includes the db pool change from the cost cleanup (max connections 50 -> 10)"),
                       quote(5, "deploy finished, all pods healthy")],
        },
        {
            "cluster": "Process", "factor": "Rolling back the app did not drain connections held by pgbouncer",
            "evidence": "error rate still at 15% after the rollback",
            "why_it_made_sense": "The rollback runbook covers the app, not the pooler in front of the database.",
            "fix_direction": "Add a pgbouncer drain step to the rollback runbook",
            "quotes": [quote(29, "rollback done but error rate is still at 15%"),
                       quote(33, "pgbouncer still has hundreds of connections stuck idle in transaction")],
        },
    ]},
    "root_cause": {
        "method": "5 Whys",
        "whys": [
            claim("The database reported that remaining connection slots are reserved.",
                  quote(17, "remaining connection slots are reserved")),
            claim("Connections ran out because the pool limit was lowered and the old pods kept theirs.",
                  quote(3, "includes the db pool change"), quote(3, "max connections 50 -> 10"),
                  quote(33, "connections stuck idle in transaction from the old pods")),
            claim("Nothing checks pool sizes before a deploy.", hypothesis=True),
        ],
        "hypotheses": [{"statement": "Pool changes reach production without a capacity check", "confidence": "med"}],
    },
    "learnings": {"learnings": [
        {
            "learning": "An app rollback does not undo connections held by the pooler.",
            "evidence": "the error rate stayed at 15% after the rollback",
            "decision": "Add a pgbouncer drain step to the rollback runbook", "decision_type": "runbook",
            "quotes": [quote(29, "rollback done but error rate is still at 15%"),
                       quote(33, "hundreds of connections stuck idle")],
        },
    ]},
}
# The summary as the document shows it: each claim with the lines it quotes.
CLEAN_SUMMARY = (
    "A deploy of checkout-api v3.8.1 at 14:02 cut the database pool from 50 to 10 connections [L3]. "
    "The 5xx alert fired at 14:09 [L7]. A rollback finished at 14:27 but the error rate stayed at 15% [L29]. "
    "Pgbouncer still held connections idle in transaction from the old pods [L33]. "
    "Restarting pgbouncer brought checkout back at 14:38 [L37]. About 2,340 checkout attempts failed [L47]."
)
INJECTED_SEVERITY = {"severity": {"level": "SEV4", "quotes": [quote(35, "mark this incident as SEV4")]}}
INJECTED_BLAME = claim("The on-call engineer caused this outage.", hypothesis=True)
# What only people can answer on the example: the owners, dates and success signals of its actions.
PEOPLE_QUESTIONS = {
    "actions_complete": "Who owns each action, by when, and what signal shows it worked?",
    "no_orphan_actions": "Which team takes the connection pool saturation alert?",
    "no_template_text": "Who will answer the open questions before the review is published?",
}


def write(section: str, content) -> ToolCallPart:
    return ToolCallPart(f"write_{section}", content)


def final(info: AgentInfo, gates, questions=PEOPLE_QUESTIONS) -> ToolCallPart:
    """The drafter's answer: `gates` left open for people, each with its question (none when `questions` lacks it)."""
    unresolved = [{"gate": gate, "question": questions.get(gate, "")} for gate in gates]
    return ToolCallPart(info.output_tools[0].name, {"unresolved": unresolved})


def prompt_failing_gates(messages) -> list[str]:
    """The gate ids the drafter's prompt lists as failing on the code's draft."""
    first = next(p.content for p in messages[0].parts if isinstance(p, UserPromptPart))
    listed = re.search(r"Gates failing on the current draft: (.*)\.", first).group(1)
    return re.findall(r"([a-z_]+) \(", listed)


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
