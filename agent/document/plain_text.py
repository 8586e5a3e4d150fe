"""Plain text (Google Docs "download as .txt", e-mails) -> Markdown: headings are short lines of their own.

A line is a heading when it stands alone (a blank line, the top of the file or another heading above it; a
line, not a wrapped sentence), is short, does not end like a sentence, and is written as a heading: in capitals,
in title case, ending with a colon, numbered like a section ("2.1 Impact"), or a section title the reader knows
("Root cause"); the limits and the title-case minor words are data (formats.yaml).
A heading that is not in capitals must head some text (a sentence or a list, not another short line: a table
flattened to a cell a line has many short lines of their own). Plain text writes no levels: a heading the
reader knows as a section is level 2, one it does not know is a subsection (level 3) of the known one above it;
numbered headings take their numbering's depth ("2.1" is level 3). A first line that stands alone and reads as a
title is the document's title (level 1), unless it is a section title itself. Everything else is kept as written,
line for line.
"""

import re

from pydantic import BaseModel, ConfigDict, Field

from agent.document.headings import canonical_for
from agent.document.line_markup import kept_as_written, split_lines

_SENTENCE_END = re.compile(r"[.,;!]\s*$|[.!?][\"')\]]\s*$")
_NUMBERED = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?P<title>\S.*)$")
_MARKUP_START = re.compile(r"^\s*(?:[-*+•>|#]|\d+[.)]\s|```|<)")
_LETTER = re.compile(r"[^\W\d_]")


class PlainHeadings(BaseModel):
    """What makes a short line a heading (formats.yaml `plain_headings`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_characters: int = Field(gt=0)
    max_words: int = Field(gt=0)
    title_case_minor_words: frozenset[str]


def heading_levels(lines: list[str], rules: PlainHeadings) -> dict[int, tuple[int, str]]:
    """{line index: (level, title)} for the lines that are headings."""
    found: dict[int, tuple[int, str]] = {}
    skipped = kept_as_written(lines)
    first = next((i for i, line in enumerate(lines) if line.strip() and i not in skipped), None)
    known_seen = False
    for index, line in enumerate(lines):
        text = line.strip()
        if index in skipped or not text or not _stands_alone(lines, index, found):
            continue
        if index == first and _reads_as_title(text, rules.max_characters) and _has_body(lines, index):
            found[index] = (1, text)
            continue
        heading = _heading(text, rules)
        if heading is None:
            continue
        numbered_level, title, capitals = heading
        if not capitals and not _body_follows(lines, index):
            continue
        known = canonical_for(title) is not None
        found[index] = (numbered_level or (3 if known_seen and not known else 2), title)
        known_seen = known_seen or known
    return found


def promote_headings(text: str, rules: PlainHeadings) -> str:
    lines = split_lines(text)
    for index, (level, title) in heading_levels(lines, rules).items():
        lines[index] = "#" * level + " " + title
    return "\n".join(lines)


def _stands_alone(lines: list[str], index: int, found: dict) -> bool:
    return index == 0 or not lines[index - 1].strip() or (index - 1) in found or _is_paragraph_line(lines, index)


def _is_paragraph_line(lines: list[str], index: int) -> bool:
    """One paragraph a line (Google Docs' .txt): the line above is a whole paragraph that ends like a sentence."""
    return bool(_SENTENCE_END.search(lines[index - 1])) or lines[index - 1].rstrip().endswith(":")


def _has_body(lines: list[str], index: int) -> bool:
    return any(line.strip() for line in lines[index + 1 :])


def _body_follows(lines: list[str], index: int) -> bool:
    """A heading heads text: the next line holds a sentence or a list, not another short label (the cells of a
    table flattened to one a line, "Action item", "Owner", read as labels)."""
    following = next((line.strip() for line in lines[index + 1 :] if line.strip()), "")
    return bool(_MARKUP_START.match(following)) or len(following.split()) >= 4


def _heading(text: str, rules: PlainHeadings) -> tuple[int | None, str, bool] | None:
    """(level from its numbering or None, title, written in capitals) when the line reads as a heading."""
    if len(text) > rules.max_characters or len(text.split()) > rules.max_words or not _LETTER.search(text):
        return None
    level = None
    numbered = _NUMBERED.match(text)
    if numbered:
        level = min(2 + numbered.group("number").count("."), 6)
        text = numbered.group("title").strip()
    elif _MARKUP_START.match(text):
        return None
    title = text[:-1].strip() if text.endswith(":") else text
    if not title or _SENTENCE_END.search(title):
        return None
    letters = "".join(_LETTER.findall(title))
    capitals = len(letters) >= 2 and letters.isupper()
    if (capitals or text.endswith(":") or _title_case(title, rules.title_case_minor_words)
            or canonical_for(title, exact_only=True) is not None):
        return level, title, capitals
    return None


def _title_case(title: str, minor_words: frozenset[str]) -> bool:
    """Every word capitalised but the minor ones ("Relational Database Service (RDS)", "EC2 and EBS")."""
    words = [word.strip("()[]\"'“”‘’,&/-") for word in title.split()]
    words = [word for word in words if word and _LETTER.match(word)]
    return len(words) >= 2 and words[0][0].isupper() and all(
        word[0].isupper() or word.lower() in minor_words for word in words)


def _reads_as_title(text: str, max_characters: int) -> bool:
    """The first line of a Google Doc is its name: short, not a sentence, not a section title of its own."""
    return (len(text) <= max_characters * 2 and not _SENTENCE_END.search(text) and not text.endswith(":")
            and not _MARKUP_START.match(text) and bool(_LETTER.search(text))
            and canonical_for(text, exact_only=True) is None)
