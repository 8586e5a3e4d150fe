"""Summaries of what a compacted transcript leaves out: map by a cheaper model, reduce by the drafter.

The gaps between the kept messages are grouped into at most MAX_SUMMARIES stretches of similar size. Each
stretch is summarised on its own (map): by the summarizer agent on the cheaper model when one is given, else
extractively, in code: the stretch's size, time span and voices, and the messages most related to the key
events the code found (BM25 against their words), near-duplicates counted once. Extractive summaries are
deterministic; a stretch whose model request fails gets one too. The summaries go into the drafter's prompt
at the gaps they cover, inside the transcript (data, not instructions), and the drafter merges them into the
document (reduce), reading the lines themselves (search_transcript, get_messages) before citing any.
"""

import asyncio
import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from agent.llm.budget import CompactedTranscript, count_tokens, message_line
from agent.llm.prompts import as_data, render_prompt
from agent.llm.search import transcript_index
from agent.models import Facts, Message

MAX_SUMMARIES = 12
MAP_CONCURRENCY = 4
MAP_INPUT_TOKENS = 60_000  # one map request's transcript, estimated at 4 characters a token
EXCERPT_CHARS = 140
_DIGITS = re.compile(r"\d+")


class Stretch(BaseModel):
    """Consecutive gaps summarised together: gap indexes [first_gap, last_gap], message indexes they hold."""

    first_gap: int
    last_gap: int
    indexes: list[int]
    first_line: int
    last_line: int


class Summary(BaseModel):
    stretch: Stretch
    text: str
    by: str  # the model's name, or "extractive"


def stretches(compacted: CompactedTranscript) -> list[Stretch]:
    """Gaps grouped in source order so that each stretch holds about the same number of left-out messages."""
    gaps = compacted.gaps
    omitted = sum(g.stop - g.start for g in gaps)
    if not omitted:
        return []
    target = omitted / min(MAX_SUMMARIES, len(gaps))
    found: list[Stretch] = []
    first, indexes = 0, list[int]()
    for number, gap in enumerate(gaps):
        indexes.extend(range(gap.start, gap.stop))
        if len(indexes) >= target or number == len(gaps) - 1:
            found.append(Stretch(first_gap=first, last_gap=number, indexes=indexes,
                                 first_line=gaps[first].first_line, last_line=gap.last_line))
            first, indexes = number + 1, []
    return found


def key_event_words(facts: Facts) -> str:
    """What the code found important, as a query: event texts, impact, causes, services."""
    texts = [e.event for e in facts.timeline] + [f.text for f in facts.impact.figures]
    texts += [o.text for o in facts.causes + facts.hypotheses] + facts.services
    return " ".join(texts)


def extractive(stretch: Stretch, messages: Sequence[Message], query: str, tokens: int) -> Summary:
    """Size, span and voices of the stretch, then its messages most related to the key events, in source order."""
    first, last = messages[stretch.indexes[0]], messages[stretch.indexes[-1]]
    span = f", {_clock(first)}-{_clock(last)}" if first.time and last.time else ""
    voices = len({messages[i].author for i in stretch.indexes if messages[i].author})
    head = f"{len(stretch.indexes)} messages{span}, {voices} voice(s)."
    ranked = transcript_index(messages).rank(query, 50, start=stretch.indexes[0], stop=stretch.indexes[-1] + 1)
    held = set(stretch.indexes)
    alike: dict[str, list[int]] = {}
    for index in ranked:
        if index in held:
            alike.setdefault(_DIGITS.sub("#", messages[index].text.lower()), []).append(index)
    picked: list[tuple[int, int]] = []
    spent = count_tokens(head)
    for group in alike.values():
        line = _excerpt(messages[group[0]], len(group) - 1)
        cost = count_tokens(line)
        if spent + cost > tokens:
            break
        picked.append((group[0], len(group) - 1))
        spent += cost
    body = " ".join(_excerpt(messages[index], more) for index, more in sorted(picked))
    return Summary(stretch=stretch, text=f"{head} Most related to the key events: {body}" if body else head,
                   by="extractive")


async def summarize(compacted: CompactedTranscript, messages: Sequence[Message], facts: Facts, *,
                    model: Any = None, name: str = "extractive", scrub=lambda text: text) -> list[Summary]:
    """One summary per stretch: by `model` (the summarizer agent) when given, else extractive."""
    found = stretches(compacted)
    if not found:
        return []
    tokens = max(60, compacted.summary_budget // len(found))
    query = key_event_words(facts)
    if model is None:
        return [extractive(s, messages, query, tokens) for s in found]
    gate = asyncio.Semaphore(MAP_CONCURRENCY)

    async def one(stretch: Stretch) -> Summary:
        async with gate:
            return await _by_model(stretch, messages, query, tokens, model, name, scrub)

    return list(await asyncio.gather(*(one(s) for s in found)))


async def _by_model(stretch, messages, query, tokens, model, name, scrub) -> Summary:
    from pydantic_ai.exceptions import AgentRunError

    from agent.llm.agents import summarizer

    lines, size = [], 0
    for index in stretch.indexes:
        line = message_line(messages[index])
        size += len(line) // 4 + 1
        if size > MAP_INPUT_TOKENS:
            break
        lines.append(line)
    prompt = render_prompt("summary_request", first_line=stretch.first_line, last_line=stretch.last_line,
                           total=len(stretch.indexes), shown=len(lines), words=int(tokens * 0.7),
                           transcript="\n".join(lines))
    try:
        result = await summarizer().run(scrub(prompt), model=model)
    except AgentRunError:
        return extractive(stretch, messages, query, tokens)
    return Summary(stretch=stretch, text=scrub(" ".join(result.output.split())), by=name)


def notes(summaries: list[Summary]) -> dict[int, str]:
    """The line each summary adds to the transcript, keyed by the first gap it covers."""
    return {
        s.stretch.first_gap: as_data(
            f"[summary ({s.by}) of the messages left out of L{s.stretch.first_line}-L{s.stretch.last_line}: {s.text}]"
        )
        for s in summaries
    }


def _clock(message: Message) -> str:
    return message.time.strftime("%H:%M") if message.time else "--:--"


def _excerpt(message: Message, more: int) -> str:
    text = message.text if len(message.text) <= EXCERPT_CHARS else message.text[: EXCERPT_CHARS - 1] + "…"
    who = f"{message.author}: " if message.author else ""
    return f"[L{message.line} {_clock(message)}] {who}{text}" + (f" (+{more} alike)" if more else "") + ";"
