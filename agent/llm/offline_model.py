"""The offline engine as a pydantic-ai FunctionModel: it runs the same loop as a real model, deterministically.

Its draft is the code's own (every fact in it was computed from the transcript), so it has nothing to write or
quote: it checks the gates and answers in one request and one round. What still fails needs people, and the
code's draft already asks for it under Open questions.
"""

from pydantic_ai import ModelResponse, ToolCallPart
from pydantic_ai.models.function import AgentInfo, FunctionModel

OFFLINE_MODEL_NAME = "offline"
OFFLINE_ROUNDS = 1  # nothing it could rewrite in a second round


def offline_model() -> FunctionModel:
    """A model that checks the gates and answers at once: same loop, no network, same result each time."""

    def reply(messages: list, info: AgentInfo) -> ModelResponse:
        return ModelResponse(parts=[ToolCallPart("check_gates", {}), ToolCallPart(info.output_tools[0].name, {"unresolved": []})])

    return FunctionModel(reply, model_name=OFFLINE_MODEL_NAME)
