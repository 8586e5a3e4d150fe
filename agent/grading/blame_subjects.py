"""Who does the verb: the subject right before a phrase, or any person in its clause.

Works on a sentence in which blame_people.mask has overwritten people with PERSON_MARK and "we" with
COLLECTIVE_MARK, so "the on-call engineer", "@sam" and "Priya" all look the same here.
"""

import re

from agent.grading.blame_rules import COLLECTIVE_MARK, PERSON_MARK

_SKIPPED_BEFORE_VERB = frozenset(
    """just also then still again even never already really not had has have did does do was were is are been
    be being could would should might must may can will shall only all both each ever once""".split()
)
_TOKEN = re.compile(r"\([^()]*\)|[\w'’§¤-]+|[^\s\w]")
_CONTRACTED_NOT = re.compile(r"n['’]t$")
_CLAUSE_BREAK = re.compile(
    r"[;:!?\u2014]|\s\u2013\s|,\s+(?:and|but|so|because|while|whereas|although|which)\b|\b(?:because|but|although|whereas)\b"
)


def head_subject(masked: str, position: int) -> str:
    """'person', 'collective' or 'other': who does the verb at `position`, judged from the words before it."""
    tokens = _TOKEN.findall(masked[:position])
    if _person_with_relative_clause(tokens):
        return "person"  # "The engineer who wrote the migration | shouldn't have ..."
    looked_through_relative = False
    while tokens:
        token = tokens.pop()
        lowered = token.lower()
        if token.startswith("(") or lowered in _SKIPPED_BEFORE_VERB or _CONTRACTED_NOT.search(lowered):
            continue
        if len(lowered) > 4 and lowered.endswith("ly") and lowered.isalpha():
            continue
        if token.startswith(PERSON_MARK) or lowered == "who":
            generic = bool(tokens) and tokens[-1].lower() in {"any", "every", "each"}  # "any engineer could have"
            return "other" if generic or _gerund_subject(tokens) else "person"
        if token.startswith(COLLECTIVE_MARK):
            return "collective"
        if lowered in {"that", "which"} and not looked_through_relative:
            looked_through_relative = True
            continue
        return "other"
    return "other"


_FIRST_PERSON = frozenset({"i", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d"})


def first_person_head(masked: str, position: int) -> bool:
    """Whether the speaker ("I") does the verb at `position`: in a quoted chat line that is the speaker's own
    account of the moment ("because I forgot what the quota was"), not the review judging someone."""
    for token in reversed(_TOKEN.findall(masked[:position])):
        lowered = token.lower()
        if lowered in _SKIPPED_BEFORE_VERB or _CONTRACTED_NOT.search(lowered) or (
                len(lowered) > 4 and lowered.endswith("ly") and lowered.isalpha()):
            continue
        return lowered in _FIRST_PERSON
    return False


def _person_with_relative_clause(tokens: list[str]) -> bool:
    clause = _current_clause(tokens)
    for index, token in enumerate(clause[:3]):
        if token.startswith(PERSON_MARK):
            return index + 1 < len(clause) - 1 and clause[index + 1].lower() == "who"
    return False


def _current_clause(tokens: list[str]) -> list[str]:
    for index in range(len(tokens) - 1, -1, -1):
        if tokens[index] in {",", ";", ":", ".", "!", "?"}:
            return tokens[index + 1 :]
    return tokens


def _gerund_subject(tokens: list[str]) -> bool:
    """'Appointing an incident manager could have helped': the subject is the action, not the manager."""
    clause = _current_clause(tokens)
    return bool(clause) and len(clause[0]) > 4 and clause[0].lower().endswith("ing") and clause[0].isalpha()


def clause_subjects(masked: str, start: int, end: int) -> set[str]:
    """Kinds of reference ('person', 'collective') anywhere in the clause around [start, end)."""
    before = list(_CLAUSE_BREAK.finditer(masked, 0, start))
    clause_start = before[-1].end() if before else 0
    after = _CLAUSE_BREAK.search(masked, end)
    clause = masked[clause_start : after.start() if after else len(masked)]
    return {kind for mark, kind in ((PERSON_MARK, "person"), (COLLECTIVE_MARK, "collective")) if mark in clause}
