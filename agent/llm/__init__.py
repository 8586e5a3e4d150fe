"""The agent loop: pydantic-ai agents, tools, grounding and the offline engine as one more model backend.

Everything heavy (pydantic_ai, anthropic, tiktoken) is imported inside the submodules that need it; importing
this package costs nothing, so the CLI can import entry points lazily.
"""
