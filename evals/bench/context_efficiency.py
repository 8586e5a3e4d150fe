"""Context efficiency of the drafting loop: tokens sent to the model for a full draft ÷ transcript tokens.

Runs the loop on every transcript in examples/ with a scripted FunctionModel (the offline engine, which drives
the same tools a model would) wrapped so that it counts exactly what each request carries: instructions, tool
definitions, and every message part (prompts, tool calls with their arguments, tool results, retries).
A second pass forces one rewrite round (the first answer ignores the failing gates) to show what a retry costs.

    .venv/bin/python evals/bench/context_efficiency.py
Prints per-transcript figures, then `context_ratio: X` and `model_requests: N` (target ratio <= 3.0).
"""

import asyncio
import io
import json
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pydantic_ai import ModelResponse, ToolCallPart
from pydantic_ai.models.function import FunctionModel
from pydantic_ai.models.wrapper import WrapperModel

from agent.facts import extract_facts
from agent.llm.budget import count_tokens
from agent.llm.loop import prepare_session, run_loop
from agent.llm.offline_model import offline_model
from agent.paths import EXAMPLES_DIR
from agent.transcript import load_transcript

TODAY = date(2026, 3, 11)


class CountingModel(WrapperModel):
    """Counts the tokens of every request exactly as handed to the model."""

    def __init__(self, wrapped):
        super().__init__(wrapped)
        self.requests = 0
        self.tokens = 0

    async def request(self, messages, model_settings, model_request_parameters):
        self.requests += 1
        tools = model_request_parameters.function_tools + model_request_parameters.output_tools
        sent = [json.dumps([{"name": t.name, "description": t.description, "input_schema": t.parameters_json_schema} for t in tools])]
        for message in messages:
            if getattr(message, "instructions", None):
                sent.append(message.instructions)
            for part in message.parts:
                if isinstance(part, ToolCallPart):
                    sent.append(part.tool_name + part.args_as_json_str())
                else:
                    content = getattr(part, "content", "")
                    sent.append(content if isinstance(content, str) else json.dumps(content, default=str))
        # Instructions are sent once per request, not once per message that carries them.
        unique = list(dict.fromkeys(sent))
        self.tokens += sum(count_tokens(text) for text in unique)
        return await self.wrapped.request(messages, model_settings, model_request_parameters)


def ignores_gates_once(session):
    """First answer writes everything but declares nothing unresolved, so the validator sends a retry."""
    engine = offline_model(session)
    state = {"first": True}

    def reply(messages, info):
        response = engine.function(messages, info)
        if state["first"]:
            state["first"] = False
            parts = [p for p in response.parts if p.tool_name != info.output_tools[0].name]
            parts.append(ToolCallPart(info.output_tools[0].name, {"sections_written": [], "unresolved": []}))
            return ModelResponse(parts=parts)
        return response

    return FunctionModel(reply, model_name="offline")


def measure(path: Path, build) -> tuple[int, int, int]:
    transcript = load_transcript(str(path), today=TODAY)
    facts = extract_facts(transcript, today=TODAY)
    session = prepare_session(transcript, facts, today=TODAY, max_rounds=3)
    model = CountingModel(build(session))
    asyncio.run(run_loop(session, model, today=TODAY, console=io.StringIO(), engine="offline"))
    return count_tokens(path.read_text(encoding="utf-8")), model.tokens, model.requests


def main() -> int:
    paths = sorted(p for p in EXAMPLES_DIR.iterdir() if p.is_file())
    results = {}
    for label, build in (("draft", offline_model), ("draft_with_one_rewrite", ignores_gates_once)):
        total_transcript = total_sent = total_requests = 0
        for path in paths:
            transcript_tokens, sent, requests = measure(path, build)
            print(f"{label} {path.name}: transcript {transcript_tokens} tokens, sent {sent} tokens in {requests} request(s), "
                  f"ratio {sent / transcript_tokens:.2f}")
            total_transcript += transcript_tokens
            total_sent += sent
            total_requests += requests
        results[label] = (total_sent / total_transcript, total_requests)
    ratio, requests = results["draft"]
    print(f"context_ratio: {ratio:.2f}")
    print(f"model_requests: {requests}")
    rewrite_ratio, rewrite_requests = results["draft_with_one_rewrite"]
    print(f"context_ratio_with_one_rewrite: {rewrite_ratio:.2f} ({rewrite_requests} requests)")
    return 0 if ratio <= 3.0 else 1


if __name__ == "__main__":
    sys.exit(main())
