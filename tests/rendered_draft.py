"""Reading a rendered draft: its one-row header table, its open questions ("- Q3. [Section] question") and the
"Unknown — ask Q3" markers that point at them."""

import re

_LISTED = re.compile(r"^- Q(\d+)\. \[([^\]]+)\] (.+)$", re.M)
_MARKER = re.compile(r"Unknown — ask Q(\d+)\b")


def listed_questions(markdown: str) -> dict[int, str]:
    """Number -> question, as listed under Open questions."""
    section = markdown.split("\n## Open questions\n", 1)[1].split("\n## ", 1)[0]
    return {int(number): question for number, _, question in _LISTED.findall(section)}


def listed_in_order(markdown: str) -> list[str]:
    section = markdown.split("\n## Open questions\n", 1)[1].split("\n## ", 1)[0]
    return [question for _, _, question in _LISTED.findall(section)]


def markers(text: str) -> list[int]:
    """The question numbers a line or section points at."""
    return [int(number) for number in _MARKER.findall(text)]


def marker_for(markdown: str, question: str) -> str:
    number = next(n for n, listed in listed_questions(markdown).items() if listed == question)
    return f"Unknown — ask Q{number}"


def header_fields(markdown: str) -> dict[str, str]:
    """The header table under the title: one row of values under one row of field names."""
    names, _, values = markdown.split("\n")[2:5]
    return dict(zip(_cells(names), _cells(values), strict=True))


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split(" | ")]
