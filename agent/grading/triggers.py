"""Kill criteria / triggers as written: a table (signal, window, threshold, action, owner) or "if ... then ..." items."""

import re

from pydantic import BaseModel

from agent.document.query import items_of, top_level
from agent.grading.columns import TRIGGER_COLUMNS, map_columns
from agent.grading.text import is_placeholder, plain
from agent.models.document import Document

_THEN = re.compile(r"(?:→|->|=>|\bthen\b|\baction\s*:)(?P<v>.+)$", re.I)
# "If disk usage goes over 90%, the on-call expands the volume": the comma after the condition is the "then".
_IF_COMMA = re.compile(r"^\W*(?:if|when|whenever|once|should)\b[^,]{3,160},\s*(?P<v>\S.+)$", re.I)
_OWNER = re.compile(r"\b(?:owner|dri)\s*[:=]\s*(?P<v>[^,;|()\n]+)|(?<![\w/])@[A-Za-z][\w.-]*\w", re.I)
_THRESHOLD = re.compile(r"\d|[<>≥≤]|\b(?:more|fewer|less) than\b|\babove\b|\bbelow\b|\bexceeds?\b|\bdrops?\b", re.I)
_WINDOW = re.compile(r"\b(?:for|within|over|per|in|during|after)\s+(?:\d+|a|an|one|two|three)\s*\w+|"
                     r"\b(?:daily|weekly|hourly|monthly|per (?:day|week|hour|sprint|release))\b", re.I)


class ParsedTrigger(BaseModel):
    text: str
    line: int
    signal: str | None = None
    window: str | None = None
    threshold: str | None = None
    action: str | None = None
    owner: str | None = None


def parse_triggers(doc: Document) -> list[ParsedTrigger]:
    found: list[ParsedTrigger] = []
    items = items_of(doc, "triggers")
    for item in (i for i in items if i.kind == "row"):
        fields = map_columns(tuple(item.header), TRIGGER_COLUMNS)
        values = {f: c for f, c in zip(fields, item.cells, strict=False) if f}
        found.append(
            ParsedTrigger(
                text=plain(item.text), line=item.line, signal=_filled(values.get("signal", item.cells[0] if item.cells else "")),
                window=_filled(values.get("window")), threshold=_filled(values.get("threshold")),
                action=_filled(values.get("action")), owner=_filled(values.get("owner")),
            )
        )
    for group in top_level([i for i in items if i.kind == "list"]):
        text = plain(" ".join(i.text for i in group))
        if is_placeholder(group[0].text):
            continue  # an open question about triggers is not a trigger
        then = _THEN.search(text) or _IF_COMMA.match(text)
        owner = _OWNER.search(text)
        condition = (text[: then.start() if then.re is _THEN else then.start("v")] if then else text).rstrip(" ,")
        found.append(
            ParsedTrigger(
                text=text, line=group[0].line, signal=_filled(condition),
                window=window.group(0) if (window := _WINDOW.search(condition)) else None,
                threshold=condition if _THRESHOLD.search(condition) and not is_placeholder(condition) else None,
                action=_filled(then.group("v")) if then else None,
                owner=(owner.group("v") or owner.group(0)).strip() if owner else None,
            )
        )
    return sorted(found, key=lambda t: t.line)


def _filled(value: str | None) -> str | None:
    return None if value is None or is_placeholder(value) else plain(value)
