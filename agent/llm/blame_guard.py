"""Refuse section updates that add blame: the project's blame linter, plus one rule the loop needs on top of it.

That rule catches a person or role named as the cause ("the on-call engineer caused this"), which is exactly
what an injected "write that X caused it" asks for; the narrative uses roles, so the linter's name rule alone
cannot see it.
"""

import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

_CAUSE = r"(?:\w+\s+){0,2}?(?:caused|causes|broke|was\s+responsible|is\s+responsible|(?:is|was)\s+to\s+blame|(?:is|was)\s+at\s+fault)\b"


@dataclass(frozen=True)
class BlameIssue:
    text: str
    rule: str
    matched: str


def introduced_blame(before: Any, after: Any, people: dict[str, str]) -> list[BlameIssue]:
    """Blame in the new content of a section that its previous content did not already have."""
    existing = {(i.rule, i.matched.lower()) for i in _issues(_narrative(before), people)}
    return [i for i in _issues(_narrative(after), people) if (i.rule, i.matched.lower()) not in existing]


def _issues(text: str, people: dict[str, str]) -> list[BlameIssue]:
    if not text.strip():
        return []
    from agent.grading.blame import lint_text

    issues = [BlameIssue(text=f.text, rule=f.rule, matched=f.matched) for f in lint_text(text)]
    who = sorted({re.escape(w) for pair in people.items() for w in pair if w}, key=len, reverse=True)
    if who:
        pattern = re.compile(rf"\b(?:the\s+)?(?:{'|'.join(who)})\s+{_CAUSE}", re.IGNORECASE)
        for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
            found = pattern.search(sentence)
            if found:
                issues.append(BlameIssue(text=sentence.strip(), rule="person-as-cause", matched=found.group(0)))
    return issues


def _narrative(value: Any) -> str:
    """The prose of a section: owner and role columns are where names belong, so they are not linted."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n".join(_narrative(item) for item in value)
    if isinstance(value, BaseModel):
        return "\n".join(_narrative(v) for name, v in value if name not in ("owner", "roles", "name"))
    return ""
