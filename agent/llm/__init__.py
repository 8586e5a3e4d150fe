"""The agent loop: pydantic-ai agents, tools, grounding and the offline engine as one more model backend.

Everything heavy (pydantic_ai, anthropic, tiktoken) is imported inside the submodules that need it; importing
this package costs nothing, so the CLI can import entry points lazily.
"""

from agent.llm.loop import DraftOutcome, draft_with_agent
from agent.llm.models import ModelChoice, resolve_model

__all__ = ["DraftOutcome", "ModelChoice", "draft_with_agent", "resolve_model"]
