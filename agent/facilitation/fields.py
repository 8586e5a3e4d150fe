"""Reading typed answers: one item per line, fields split by dashes or bars, `label: value` where labelled."""

import re
from datetime import date

from agent.facts.dates import DUE_PATTERN, resolve_relative_date

Line = tuple[int, str]  # (record line, text)

_BULLET = re.compile(r"^\s*(?:[-*•+]|\d{1,2}[.)]|\(\d{1,2}\))\s+")
_SEPARATOR = re.compile(r"\s+(?:—|–|--|-|\|)\s+|\s*\|\s*")
_DATE_SHARE = 0.6  # a field is a date when the date phrase is most of it ("by 2026-03-20", "next Friday")


def items(lines: list[Line]) -> list[Line]:
    """The non-empty lines of an answer, list bullets and numbering removed."""
    found = []
    for number, text in lines:
        cleaned = _BULLET.sub("", text, count=1).strip()
        if cleaned:
            found.append((number, cleaned))
    return found


def joined(lines: list[Line]) -> str:
    return " ".join(text for _, text in items(lines)).strip()


def split_fields(text: str) -> list[str]:
    return [part.strip() for part in _SEPARATOR.split(text) if part and part.strip()]


def labelled(part: str, labels: dict[str, str]) -> tuple[str | None, str]:
    """('owner', 'Hana Sato') for 'owner: Hana Sato' when 'owner' is one of `labels` (label -> field)."""
    match = re.match(r"^\s*([A-Za-z][A-Za-z /-]{0,24}?)\s*[:=]\s*(.*)$", part)
    if match:
        field = labels.get(match.group(1).strip().lower())
        if field is not None:
            return field, match.group(2).strip()
    return None, part.strip()


def date_field(part: str, anchor: date) -> date | None:
    """The date a field states when the field is essentially a date; None for text that merely mentions one."""
    match = DUE_PATTERN.search(part)
    if match is None or len(match.group(0).strip()) < _DATE_SHARE * len(part.strip()):
        return None
    return resolve_relative_date(match.group(0), anchor)


def sentence(text: str) -> str:
    """Text ending with a full stop, as the document's prose expects."""
    text = text.strip()
    return text if not text or text[-1] in ".!?" else f"{text}."


def cited(number: int) -> str:
    return f"stated in the review (line {number})"
