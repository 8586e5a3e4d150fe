"""Text ready for the sentence rules: markup blanked without changing its length, then split into sentences.

Code spans, URLs, mailto: links, link targets, HTML tags and emphasis markers become spaces of the same
length, so every offset found later still points into the source.
"""

import re

from agent.grading.text import URL

_BLANKED = (  # (a character that must be present, pattern)
    ("`", re.compile(r"`[^`\n]*`")),
    ("/", URL),
    ("mailto:", re.compile(r"\bmailto:\S+", re.IGNORECASE)),
    ("](", re.compile(r"\]\([^()\[\]\s]*+\)")),  # no brackets inside: a flood of "[x](" stays linear
    ("<", re.compile(r"</?(?:br|p|div|span|td|tr|th|b|i|em|strong|a|code|sup|sub|ul|li)\b[^>]*>", re.IGNORECASE)),
)
_EMPHASIS = re.compile(r"[*~_]+")


def _blank(match: re.Match) -> str:
    return " " * len(match.group())


def _blank_emphasis(match: re.Match) -> str:
    """Emphasis markers become spaces; underscores inside a word ("user_name") stay."""
    text, start, end = match.string, match.start(), match.end()
    inside_word = match.group()[0] == "_" and start > 0 and end < len(text)
    if inside_word and text[start - 1].isalnum() and text[end].isalnum():
        return match.group()
    return " " * (end - start)


_CLOSERS = r"\"\u201d\u2019')\]"  # after a sentence's final mark: quotes and brackets
# A blank line; a new line before a list item, heading, table row or quote; or the space after a sentence's final
# mark (and its closers) before anything but a lower-case word. Every boundary starts with a new line, a closer or
# a space, so the pattern starts with that set (the engine skips to those characters) and each branch then looks
# behind the first one for what the boundary needs before it.
_BOUNDARY = re.compile(
    rf"[\n{_CLOSERS} \t](?:(?<=\n)[ \t]*\n(?P<blank_line>)|(?<=\n)(?=[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|#|\||>))(?P<block>)"
    rf"|(?<=[.!?\u2026][{_CLOSERS}])[{_CLOSERS}]*[ \t\n]+(?=[^a-z\s])"
    rf"|(?<=[.!?\u2026][ \t\n])[ \t\n]*(?=[^a-z\s]))"
)
_ABBREVIATION = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|approx|cf|no|mr|mrs|ms|dr|st|a\.m|p\.m|inc|ltd)|\b[A-Z])\.$", re.IGNORECASE
)


def clean(text: str) -> str:
    """Markup and literals that are not prose replaced by spaces of the same length."""
    for marker, pattern in _BLANKED:
        if marker in text:
            text = pattern.sub(_blank, text)
    return _EMPHASIS.sub(_blank_emphasis, text)


def sentence_spans(cleaned: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for boundary in _BOUNDARY.finditer(cleaned):
        before = cleaned[max(0, boundary.start() - 6) : boundary.start()]
        structural = boundary.group("blank_line") is not None or boundary.group("block") is not None
        if structural or not _ABBREVIATION.search(before):
            spans.append((start, boundary.start()))
            start = boundary.end()
    spans.append((start, len(cleaned)))
    return [(s, e) for s, e in spans if cleaned[s:e].strip()]


def one_sentence_per_line(cleaned: str, spans: list[tuple[int, int]]) -> str:
    """Each sentence on a line of its own (same length): wrapped lines joined, gaps between sentences newlines.

    A whole-text pass with re.MULTILINE then sees ^ and $ at sentence edges, as a per-sentence search would.
    """
    pieces, previous_end = [], 0
    for start, end in spans:
        pieces += ["\n" * (start - previous_end), cleaned[start:end].replace("\n", " ")]
        previous_end = end
    pieces.append("\n" * (len(cleaned) - previous_end))
    return "".join(pieces)
