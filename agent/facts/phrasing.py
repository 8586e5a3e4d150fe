"""Sentence-level helpers shared by the extractors: hedges, questions, one-sentence event text."""

import re

from agent.facts.cue import Cue

# Hedged wording marks a statement as a hypothesis rather than a fact.
HEDGE = Cue(
    r"\b(?:i\s+think|i\s+guess|i\s+suspect|suspect(?:ing)?|probably|possibly|perhaps|maybe|might\s+be|"
    r"may\s+be|could\s+be|looks\s+like|seems?\s+(?:like|to)|my\s+guess|not\s+sure|i\s+believe|likely)\b",
    ("think", "guess", "suspect", "probably", "possibly", "perhaps", "maybe", "might", "may", "could", "looks", "seem",
     "not", "believe", "likely"),
)
_CODE_BLOCK = re.compile(r"```.*?(?:```|$)", re.DOTALL)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)|\n+")
_SPACES = re.compile(r"\s+")
_SENTENCE_STOP = re.compile(r"[.!?](?=\s|$)|\n")
MAX_EVENT_CHARS = 160


def is_hypothesis(text: str) -> bool:
    return HEDGE.search(text) is not None


def in_question(text: str, position: int) -> bool:
    """Whether the sentence around `position` is a question ("should we roll back?" decides nothing)."""
    stop = _SENTENCE_STOP.search(text, position)
    return stop is not None and stop.group() == "?"


def strip_code(text: str) -> str:
    """Code blocks are evidence, not narrative: they never become event or observation text."""
    return _CODE_BLOCK.sub(" ", text) if "```" in text else text


def event_text(text: str) -> str:
    """The words a message's event is told in: its text without pasted blocks, or, when it is nothing but a pasted
    block (a log line posted as the report), that block's first line, marked as pasted, so no event is blank."""
    words = strip_code(text)
    if words.strip() or "```" not in text:
        return words
    pasted = next((line.strip() for line in text.replace("```", "\n").splitlines() if line.strip()), "")
    return f"Pasted output: {shorten(pasted)}" if pasted else words


def first_sentence(text: str) -> str:
    """The opening sentence, trimmed to a readable length."""
    return sentence_at(strip_code(text).strip(), 0)


def shorten(text: str, limit: int = MAX_EVENT_CHARS) -> str:
    text = _SPACES.sub(" ", text).strip()
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > limit // 2 else limit - 1].rstrip(" ,;:") + "…"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def sentence_at(text: str, position: int) -> str:
    """The sentence of `text` that contains `position` (joined with the next when it is a single word: "Here.")."""
    starts = [0] + [stop.end() for stop in _SENTENCE_END.finditer(text)]
    index = max(i for i, start in enumerate(starts) if start <= position)
    ends = [*starts[1:], len(text)]
    chosen = text[starts[index]:ends[index]].strip()
    if len(chosen.split()) < 2 and index + 1 < len(starts):
        chosen = text[starts[index]:ends[index + 1]]
    return shorten(chosen)
