"""Blameful remarks never become narrative: a chat line that judges a person ("X should have known") stays in the
transcript, but no timeline row, cause or hypothesis quotes it, with or without the name. The judgement is the
grader's blame linter (rules in rubrics/blame_lint.yaml), given the participants' names."""

import re
from collections.abc import Iterable

# Naming someone is not judging them: narrative names become roles anyway (agent.privacy.names).
NOT_A_JUDGEMENT = frozenset({"named-person"})
# A name already replaced by a stand-in ("responder 3", "Person 5" in a paste that was anonymised before) is a
# person all the same: the remark judges them.
_STAND_IN = re.compile(r"\b(?:person|responder|participant|user|engineer)\s+\d{1,3}\b", re.IGNORECASE)


def judges_a_person(text: str, people: Iterable[str], *, message: str | None = None) -> bool:
    """Whether `text` judges a person. Given the whole `message` it was taken from, a sentence that names a person
    counts as well when the message judges one: "Bartek pushed it public, of course. He should have known better"
    is one remark, whichever sentence carries the verdict."""
    from agent.grading.blame import lint_text

    people = [*people, *dict.fromkeys(match.group(0) for match in _STAND_IN.finditer(text))]
    rules = {finding.rule for finding in lint_text(text, people=people)}
    if rules - NOT_A_JUDGEMENT:
        return True
    return bool(message and message.strip() != text.strip() and rules & NOT_A_JUDGEMENT
                and judges_a_person(message, people))
