"""A model judge for `postmortem grade`: it may move a rubric level only with a quote from the document, and it
runs the Allspaw test. Offline there is no judge (the gate is reported as not judged).
"""

import sys
from typing import Any, TextIO

from agent.llm.models import ModelChoice
from agent.llm.prompts import as_data, render_prompt
from agent.models.document import Document
from agent.privacy.redact import redact_text


class ModelJudge:
    """Implements agent.grading.judge.Judge. A failed request keeps the offline level (returns None)."""

    def __init__(self, model: Any, name: str, console: TextIO = sys.stderr):
        self.model = model
        self.name = name
        self.console = console

    def adjust(self, criterion_id: str, offline_level: float, evidence: list[str], doc: Document):
        from agent.grading.judge import JudgeVerdict

        prompt = render_prompt(
            "judge_request", criterion_id=criterion_id, level=offline_level,
            evidence=[redact_text(item)[0] for item in evidence], document=_document(doc),
        )
        verdict = self._ask(prompt, JudgeVerdict, doc)
        if verdict is None or verdict.level == offline_level:
            return None
        return verdict

    def allspaw(self, doc: Document):
        from agent.grading.judge import AllspawVerdict

        return self._ask(render_prompt("judge_allspaw", document=_document(doc)), AllspawVerdict, doc)

    def _ask(self, prompt: str, output_type, doc: Document):
        from pydantic_ai.exceptions import AgentRunError

        from agent.llm.agents import judge
        from agent.llm.faults import describe_fault

        try:
            result = judge().run_sync(prompt, model=self.model, deps=doc, output_type=output_type)
        except AgentRunError as error:
            self.console.write(f"{self.name} judge failed ({describe_fault(error)}); the offline level stands.\n")
            return None
        return result.output


def _document(doc: Document) -> str:
    return as_data(redact_text("\n".join(doc.lines))[0])


def make_judge(model: ModelChoice, *, llm: Any = None, console: TextIO = sys.stderr) -> ModelJudge | None:
    """None offline; otherwise a judge on the chosen model and its fallback (`llm` overrides them, for tests)."""
    if model.offline and llm is None:
        return None
    from agent.llm.faults import ModelChain, build_chain

    chain = build_chain(model) if llm is None else ModelChain([llm], labels=[model.name])
    return ModelJudge(chain.model, model.name, console)
