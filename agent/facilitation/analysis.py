"""Step 3 and 4 answers: contributing factors, why-chains, root-cause hypotheses, learnings, observations.

Blameful lines are not taken into the document: the facilitator shows a system-focused rewrite instead.
"""

import re

from agent.facilitation.classify import confidence
from agent.facilitation.fields import Line, cited, items, sentence, split_fields
from agent.facts.phrasing import capitalise
from agent.models import ContributingFactor, Learning, Observation, RootCauseHypothesis, unknown
from agent.models.pack import Cluster

_CLUSTERS: dict[str, Cluster] = {
    "people": "People", "process": "Process", "product": "Product", "product/ux": "Product", "ux": "Product",
    "tech": "Tech", "technology": "Tech", "technical": "Tech", "comms": "Comms", "communication": "Comms",
    "communications": "Comms", "environment": "Environment", "env": "Environment",
}
_CLUSTER_PREFIX = re.compile(r"^\s*(" + "|".join(sorted(map(re.escape, _CLUSTERS), key=len, reverse=True)) + r")\s*[:\-–—]\s*",
                             re.I)
# The first of these words in a factor decides its cluster when none is written.
_CLUSTER_WORDS: list[tuple[Cluster, str]] = [
    ("People", r"on-?call|staff\w*|fatigue|tired|hand-?offs?|skills?|knowledge|onboard\w*|shift|alone"),
    ("Comms", r"communicat\w*|escalat\w*|stakeholders?|status\s+page|ownership|notif\w*|channel|unclear\s+owner"),
    ("Environment", r"traffic|vendor|provider|third[-\s]party|peak|season\w*|holiday|upstream|cloud\s+region"),
    ("Product", r"ux|user\s+interface|unsafe\s+default|defaults?|confus\w*|guardrails?|feature\s+flag"),
    ("Process", r"review\w*|process|approv\w*|change\s+management|runbooks?|playbooks?|checklists?|rollouts?|polic\w*"),
    ("Tech", r"config\w*|database|pool|cache|queue|alert\w*|monitor\w*|tests?|dependenc\w*|code|deploy\w*|capacity"),
]
_FIX = re.compile(r"\s*(?:[—–|;]|--|\s-)?\s*\bfix(?:\s+direction)?\s*[:=]\s*", re.I)
_EVIDENCE = re.compile(r"\s*(?:[—–|;]|--|\s-)?\s*\bevidence\s*[:=]\s*", re.I)
_WHY = re.compile(r"\s*(?:[—–|;,]|--|\s-)?\s*\b(?:(?:it\s+|this\s+)?made\s+sense(?:\s+at\s+the\s+time)?(?:\s+because|\s*[:=])"
                  r"|why\s+it\s+made\s+sense\s*[:=]|because)\s*", re.I)
_LEARNED = re.compile(r"^\s*(?:we\s+)?(?:have\s+)?learn(?:ed|t)(?:\s+that)?\s*[:,]?\s*", re.I)
_DECISION = re.compile(r"\s*(?:[—–|;]|--|->|→|\s-)?\s*\bdecision\b\s*(?:\((?P<type>[^)]*)\))?\s*[:=\-–—]?\s*", re.I)
DECISION_TYPES = [
    ("fix now", r"fix\s+now|hot-?fix|immediately"),
    ("guardrail", r"guard\w*|validat\w*|block\w*|reject\w*|limit\w*|gate\w*"),
    ("instrumentation", r"instrument\w*|alert\w*|dashboard\w*|metric\w*|monitor\w*|page\w*|observab\w*"),
    ("runbook/training", r"runbook\w*|training|drill\w*|playbook\w*|game\s*day"),
    ("scope change", r"scope|de-?scope|postpone\w*|pivot\w*|kill\w*|stop\w*"),
    ("process change", r"process|review\w*|rollout\w*|stag\w*|polic\w*|approv\w*|cadence"),
]


def blame_note(text: str) -> str | None:
    """Why a line cannot go into a blameless document as written, with the linter's rewrite; None when clean."""
    from agent.grading.blame import lint_text

    findings = lint_text(text)
    if not findings:
        return None
    return f"“{text}” reads as blame ({findings[0].matched}); {findings[0].suggestion}"


def factors(lines: list[Line], notes: list[str]) -> list[ContributingFactor]:
    found = []
    for number, text in items(lines):
        if (note := blame_note(text)) is not None:
            notes.append(note)
            continue
        found.append(parse_factor(text, number))
    return found


def parse_factor(text: str, number: int) -> ContributingFactor:
    """'Tech: no guard on pool size — made sense because staging looked fine — fix: validate pool sizes'."""
    fix = evidence = why = None
    if match := _last(_FIX, text):
        text, fix = text[: match.start()], text[match.end():].strip()
    if match := _last(_EVIDENCE, text):
        text, evidence = text[: match.start()], text[match.end():].strip()
    if match := _WHY.search(text):
        text, why = text[: match.start()], text[match.end():].strip(" .")
    cluster = None
    if match := _CLUSTER_PREFIX.match(text):
        cluster, text = _CLUSTERS[match.group(1).lower()], text[match.end():]
    factor = text.strip(" .—–-") or "Condition not described"
    return ContributingFactor(
        cluster=cluster or infer_cluster(factor),
        factor=sentence(capitalise(factor)),
        evidence=evidence or cited(number),
        why_it_made_sense=sentence(capitalise(why)) if why else unknown(f"Why did “{factor}” make sense at the time?"),
        fix_direction=capitalise(fix) if fix else unknown(f"Which change would remove “{factor}”?"),
        source_lines=[number],
    )


def infer_cluster(factor: str) -> Cluster:
    hits = [(m.start(), cluster) for cluster, words in _CLUSTER_WORDS for m in [re.search(rf"\b(?:{words})\b", factor, re.I)] if m]
    return min(hits)[1] if hits else "Tech"


def whys(lines: list[Line], notes: list[str]) -> list[str]:
    found = []
    for _, text in items(lines):
        if (note := blame_note(text)) is not None:
            notes.append(note)
            continue
        found.append(sentence(capitalise(re.sub(r"^\s*why\s*\d*\s*[:.)]\s*", "", text, flags=re.I))))
    return found


def hypotheses(lines: list[Line], notes: list[str]) -> list[RootCauseHypothesis]:
    found = []
    for _, text in items(lines)[:3]:
        if (note := blame_note(text)) is not None:
            notes.append(note)
            continue
        statement, level = confidence(text)
        if level is None:
            notes.append(f"no confidence given for “{statement}”: recorded as low until the group rates it")
        found.append(RootCauseHypothesis(statement=statement.rstrip("."), confidence=level or "low"))
    return found


def learnings(lines: list[Line], notes: list[str]) -> list[Learning]:
    found = []
    for number, text in items(lines):
        if (note := blame_note(text)) is not None:
            notes.append(note)
            continue
        found.append(parse_learning(text, number))
    return found


def parse_learning(text: str, number: int) -> Learning:
    """'we learned that X — decision (guardrail): Y'; the decision type is read from its words when not given."""
    body = _LEARNED.sub("", text, count=1)
    decision = kind = None
    if match := _DECISION.search(body):
        body, decision, kind = body[: match.start()], body[match.end():].strip(), match.group("type")
    else:
        parts = split_fields(body)
        if len(parts) > 1:
            body, decision = parts[0], " — ".join(parts[1:])
    learning = body.strip(" .—–-") or "something not yet put into words"
    return Learning(
        learning=sentence(learning[:1].lower() + learning[1:]),
        evidence=cited(number),
        decision=sentence(capitalise(decision)) if decision else unknown(f"Which decision follows from learning that {learning}?"),
        decision_type=_decision_type(kind or decision or ""),
    )


def _decision_type(text: str) -> str:
    return next((name for name, words in DECISION_TYPES if re.search(rf"\b(?:{words})", text, re.I)), "to be decided")


def observations(lines: list[Line], notes: list[str], *, lint: bool = True) -> list[Observation]:
    found = []
    for number, text in items(lines):
        if lint and (note := blame_note(text)) is not None:
            notes.append(note)
            continue
        found.append(Observation(text=sentence(capitalise(text)), source_lines=[number]))
    return found


def entries(lines: list[Line], notes: list[str]) -> list[str]:
    """Plain list answers (parked ideas, risks, open questions, next steps), blameless like the rest."""
    return [o.text for o in observations(lines, notes)]


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    matches = list(pattern.finditer(text))
    return matches[-1] if matches else None
