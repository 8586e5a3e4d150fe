"""Blameful remarks never become narrative: a chat line that judges a person ("X should have known") stays in the
transcript, but no timeline row, cause or hypothesis quotes it, with or without the name. The judgement is the
grader's blame linter (rules in rubrics/blame_lint.yaml), given the participants' names."""

from collections.abc import Iterable

LEFT_OUT = "wording left out: it judges a person"
# Naming someone is not judging them: narrative names become roles anyway (agent.privacy.names).
NOT_A_JUDGEMENT = frozenset({"named-person"})


def judges_a_person(text: str, people: Iterable[str]) -> bool:
    from agent.grading.blame import lint_text

    return any(finding.rule not in NOT_A_JUDGEMENT for finding in lint_text(text, people=list(people)))
