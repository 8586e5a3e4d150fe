"""Context efficiency and cost of a realistic model session, through the real loop.

A scripted FunctionModel plays a careful drafter, one tool call per turn: list the timeline, search the
transcript, read the lines around the first events, write the summary with verbatim quotes, check the gates,
answer; the first answer leaves the failing gates unexplained, so the output validator sends a rewrite round
(rewrite the summary, answer again with the gates only people can meet). Each reply carries a short thinking
block, as an adaptive-thinking Claude's would. On a transcript too long for the budget, the cheaper model (also
scripted) first summarises the stretches left out (map).

Every request is counted as sent, after the loop trimmed its history: tool definitions, instructions and every
message part, in tokens (tiktoken cl100k: an estimate of Claude's tokenizer). Anthropic's prompt cache is
simulated as the API applies it with our settings: a request reads from the cache the prefix it shares with the
previous request of the same conversation (at least 1,024 tokens) and writes the rest. Cost: genai-prices list
prices for the default model (drafter) and its fallback (summaries).

    .venv/bin/python evals/bench/context_efficiency.py
Prints one block per transcript, then the totals as `name: value` lines for the README.
"""

import io
import json
import re
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from draft_speed import make_transcript
from pydantic_ai import ModelResponse, TextPart, ThinkingPart, ToolCallPart
from pydantic_ai.messages import ModelRequest, ToolReturnPart, UserPromptPart
from pydantic_ai.models.function import AgentInfo, FunctionModel
from pydantic_ai.models.wrapper import WrapperModel
from pydantic_ai.usage import RequestUsage

from agent.facts import extract_facts
from agent.llm.budget import count_tokens
from agent.llm.loop import draft_with_agent
from agent.llm.models import DEFAULT_MODEL, FALLBACK_MODEL, resolve_model
from agent.paths import EXAMPLES_DIR
from agent.transcript import load_transcript

TODAY = date(2026, 3, 11)
MIN_CACHEABLE = 1_024
LONG_MESSAGES = 2_000
THOUGHT = ("The code's facts carry the times; I need the lines that say what changed and why it made sense then, "
           "and I must quote them verbatim. What only people know (owners, dates) stays an open question.")
_TIMELINE_ROW = re.compile(r"^L(\d+)", re.M)
_MESSAGE_ROW = re.compile(r"^L(\d+) \S+ (?:[^:]+: )?(.*)$", re.M)


class CountingModel(WrapperModel):
    """Replaces each response's usage with what the request carried, the cache it would read, and the reply."""

    def __init__(self, wrapped, name: str):
        super().__init__(wrapped)
        self._name = name
        self._previous: list[str] = []
        self._sizes: dict[str, int] = {}

    @property
    def system(self) -> str:
        return self._name.partition(":")[0]

    @property
    def model_name(self) -> str:
        return self._name.partition(":")[2]

    async def request(self, messages, model_settings, model_request_parameters):
        sent = _segments(messages, model_request_parameters)
        new_conversation = not any(isinstance(m, ModelRequest) and any(
            isinstance(p, ToolReturnPart) for p in m.parts) for m in messages) and len(messages) == 1
        shared = 0 if new_conversation else _common_prefix(self._previous, sent)
        prefix = sum(self._size(text) for text in sent[:shared])
        total = sum(self._size(text) for text in sent)
        read = prefix if prefix >= MIN_CACHEABLE else 0
        self._previous = sent
        response = await self.wrapped.request(messages, model_settings, model_request_parameters)
        output = sum(self._size(_part_text(part)) for part in response.parts)
        usage = RequestUsage(input_tokens=total, cache_read_tokens=read, cache_write_tokens=total - read,
                             output_tokens=output)
        return replace(response, usage=usage, model_name=self.model_name)

    def _size(self, text: str) -> int:
        if text not in self._sizes:
            self._sizes[text] = count_tokens(text)
        return self._sizes[text]


def _segments(messages, parameters) -> list[str]:
    tools = parameters.function_tools + parameters.output_tools
    segments = [json.dumps([{"name": t.name, "description": t.description, "input_schema": t.parameters_json_schema}
                            for t in tools])]
    instructions = next((m.instructions for m in reversed(messages) if getattr(m, "instructions", None)), None)
    if instructions:
        segments.append(instructions)
    for message in messages:
        segments += [_part_text(part) for part in message.parts]
    return segments


def _part_text(part) -> str:
    if isinstance(part, ToolCallPart):
        return part.tool_name + part.args_as_json_str()
    content = getattr(part, "content", "")
    return content if isinstance(content, str) else json.dumps(content, default=str)


def _common_prefix(before: list[str], now: list[str]) -> int:
    shared = 0
    for a, b in zip(before, now, strict=False):  # the conversation grew: compare the shared part
        if a != b:
            break
        shared += 1
    return shared


def scripted_drafter() -> FunctionModel:
    """One tool call per turn, then an answer that leaves the gates unexplained, a rewrite, a final answer."""

    def reply(messages, info: AgentInfo) -> ModelResponse:
        results = [p for m in messages if isinstance(m, ModelRequest) for p in m.parts
                   if isinstance(p, ToolReturnPart)]
        answers = sum(1 for m in messages for p in m.parts
                      if isinstance(p, ToolCallPart) and p.tool_name == info.output_tools[0].name)
        step = _next_step(results, answers, messages, info)
        return ModelResponse(parts=[ThinkingPart(THOUGHT), step])

    return FunctionModel(reply, model_name="scripted-drafter")


def _next_step(results, answers: int, messages, info: AgentInfo) -> ToolCallPart:
    done = [r.tool_name for r in results]
    answer = info.output_tools[0].name
    if "list_timeline" not in done:
        return ToolCallPart("list_timeline", {})
    if "search_transcript" not in done:
        return ToolCallPart("search_transcript", {"query": "rollback restart error rate recovered"})
    if "get_messages" not in done:
        lines = [int(n) for n in _TIMELINE_ROW.findall(_result(results, "list_timeline"))] or [1]
        return ToolCallPart("get_messages", {"first_line": max(1, lines[0] - 2), "last_line": lines[0] + 6})
    writes = done.count("write_summary")
    if writes == 0 or (answers == 1 and writes == 1):
        return ToolCallPart("write_summary", {"content": _summary(_result(results, "get_messages"), writes)})
    if "check_gates" not in done:
        return ToolCallPart("check_gates", {})
    if answers == 0:
        return ToolCallPart(answer, {"unresolved": []})  # ignores the failing gates: the validator sends them back
    gates = re.findall(r"^- ([a-z_]+) ", _latest_retry(messages), flags=re.M)
    return ToolCallPart(answer, {"unresolved": [{"gate": g, "question": f"Who can settle {g.replace('_', ' ')}?"}
                                                for g in gates]})


def _result(results, tool: str) -> str:
    return next((str(r.content) for r in reversed(results) if r.tool_name == tool), "")


def _latest_retry(messages) -> str:
    for message in reversed(messages):
        for part in getattr(message, "parts", []):
            if getattr(part, "part_kind", "") == "retry-prompt":
                return str(part.content)
    return ""


def _summary(read: str, rewrite: int) -> dict:
    """Sentences copied from the lines read, each quoting its line: grounded by construction."""
    sentences = []
    for line, text in _MESSAGE_ROW.findall(read)[: 3 + rewrite]:
        words = " ".join(text.split()[:10]).rstrip(".,;:")
        if len(words) >= 12:
            sentences.append({"text": words[0].upper() + words[1:] + ".", "quotes": [{"line": int(line), "span": words}]})
    return {"sentences": sentences or [{"text": "The incident is described in the transcript.", "hypothesis": True}]}


def scripted_summarizer() -> FunctionModel:
    def reply(messages, info: AgentInfo) -> ModelResponse:
        request = next(p.content for p in messages[0].parts if isinstance(p, UserPromptPart) and isinstance(p.content, str))
        rows = _MESSAGE_ROW.findall(request)[:4]
        text = " ".join(f"{' '.join(t.split()[:12])} [L{n}]." for n, t in rows)
        return ModelResponse(parts=[TextPart(f"Responders worked the incident in this stretch: {text}")])

    return FunctionModel(reply, model_name="scripted-summarizer")


def measure(label: str, path: Path):
    transcript = load_transcript(str(path), today=TODAY)
    facts = extract_facts(transcript, today=TODAY)
    choice = resolve_model(DEFAULT_MODEL, offline=False, env={"ANTHROPIC_API_KEY": "bench"})
    chain = [CountingModel(scripted_drafter(), DEFAULT_MODEL), CountingModel(scripted_summarizer(), FALLBACK_MODEL)]
    outcome = draft_with_agent(transcript, facts, model=choice, today=TODAY, llm=chain, console=io.StringIO())
    return count_tokens(path.read_text(encoding="utf-8")), outcome


def main() -> int:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        long_path = Path(folder) / f"channel-{LONG_MESSAGES}.irc.log"
        long_path.write_text(make_transcript(LONG_MESSAGES), encoding="utf-8")
        cases = [(p.name, p) for p in sorted(EXAMPLES_DIR.iterdir()) if p.is_file()]
        cases.append((f"synthetic {LONG_MESSAGES}-message channel", long_path))
        totals = {"requests": 0, "input": 0, "cached": 0, "output": 0, "transcript": 0, "cost": 0.0}
        for label, path in cases:
            transcript_tokens, outcome = measure(label, path)
            usage = outcome.usage
            per_model = "; ".join(f"{m.model} {m.requests} req ${m.cost_usd:.4f}" for m in usage.models)
            print(f"{label}: transcript {transcript_tokens:,} tokens; {usage.requests} requests ({per_model}); "
                  f"input {usage.input_tokens:,} ({usage.cache_read_tokens:,} read from cache), output "
                  f"{usage.output_tokens:,}; ratio {usage.input_tokens / transcript_tokens:.2f} "
                  f"(uncached {(usage.input_tokens - usage.cache_read_tokens) / transcript_tokens:.2f}); "
                  f"${usage.cost_usd:.4f}; rounds {outcome.rounds}, compacted {outcome.transcript_compacted}")
            totals["requests"] += usage.requests
            totals["input"] += usage.input_tokens
            totals["cached"] += usage.cache_read_tokens
            totals["output"] += usage.output_tokens
            totals["transcript"] += transcript_tokens
            totals["cost"] += usage.cost_usd or 0.0
    print(f"model: {DEFAULT_MODEL} (summaries: {FALLBACK_MODEL})")
    print(f"requests: {totals['requests']}")
    print(f"input_tokens: {totals['input']}")
    print(f"cached_input_tokens: {totals['cached']}")
    print(f"output_tokens: {totals['output']}")
    print(f"context_ratio: {totals['input'] / totals['transcript']:.2f}")
    print(f"context_ratio_uncached: {(totals['input'] - totals['cached']) / totals['transcript']:.2f}")
    print(f"estimated_cost_usd: {totals['cost']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
