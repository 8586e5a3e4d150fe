"""The offline engine as a pydantic-ai FunctionModel: it drives the same tools as a real model, deterministically.

It writes every section with the content the offline builder produced, checks the gates, and hands back a
report that lists as unresolved whatever still fails (only people can supply owners, dates and numbers).
"""

import json

from pydantic_ai import ModelResponse, ToolCallPart
from pydantic_ai.messages import ModelRequest, ToolReturnPart
from pydantic_ai.models.function import AgentInfo, FunctionModel

from agent.llm.deps import Session
from agent.llm.sections import WRITABLE, section_json

OFFLINE_MODEL_NAME = "offline"


def offline_model(session: Session) -> FunctionModel:
    """A model whose every reply is computed from the session: same tool path, no network, same result each time."""

    def reply(messages: list, info: AgentInfo) -> ModelResponse:
        output_tool = info.output_tools[0].name
        if not _has_written(messages):
            calls = [
                ToolCallPart("update_section", {"section": name, "content": json.loads(section_json(session.baseline, name))})
                for name in WRITABLE
            ]
            calls.append(ToolCallPart("check_gates", {}))
            calls.append(ToolCallPart(output_tool, _report(session)))
            return ModelResponse(parts=calls)
        return ModelResponse(parts=[ToolCallPart(output_tool, _report(session))])

    return FunctionModel(reply, model_name=OFFLINE_MODEL_NAME)


def _report(session: Session) -> dict:
    """Everything the baseline leaves failing needs people: declare it unresolved rather than invent it."""
    status = session.status or session.grade()
    return {"sections": [], "unresolved": status.open_ids()}


def _has_written(messages: list) -> bool:
    return any(
        isinstance(m, ModelRequest) and any(isinstance(p, ToolReturnPart) and p.tool_name == "update_section" for p in m.parts)
        for m in messages
    )
