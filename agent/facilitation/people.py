"""People in answers: review roles ("facilitator: Ana Diaz"), names to keep out, and owners who are people."""

import re

from agent.facilitation.fields import Line, items
from agent.models import RoleAssignment

SPEAKER = "the person answering"
# Words people use for a role -> the role as the document names it.
ROLE_WORDS = {
    "facilitator": "facilitator", "facilitates": "facilitator", "facilitating": "facilitator", "runs the review": "facilitator",
    "facilitate": "facilitator", "take notes": "scribe", "taking notes": "scribe", "decide": "decision owner",
    "owns the decision": "decision owner", "owns decisions on follow-ups": "decision owner",
    "scribe": "scribe", "note taker": "scribe", "notetaker": "scribe", "takes notes": "scribe", "notes": "scribe",
    "decision owner": "decision owner", "decision-owner": "decision owner", "owns the decisions": "decision owner",
    "owns decisions": "decision owner", "decides": "decision owner",
    "incident commander": "incident commander", "ic": "incident commander",
    "on-call engineer": "on-call engineer", "on-call": "on-call engineer", "on call": "on-call engineer",
    "oncall": "on-call engineer", "communications lead": "communications lead", "comms lead": "communications lead",
    "comms": "communications lead",
}
_ROLE = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(ROLE_WORDS, key=len, reverse=True)) + r")(?![\w-])",
                   re.IGNORECASE)
_NAME = re.compile(r"(?<![\w'’-])[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}")
_NOT_NAMES = frozenset("the i we our she he they it and a an me myself us is as who".split())
_PIECES = re.compile(r"\n|[,;]|\s+and\s+|\s+&\s+")
_AVOID = re.compile(
    r"\b(?:names?\s+(?:to\s+)?(?:avoid|leave\s+out|keep\s+out|omit|not\s+(?:to\s+)?(?:name|mention|use))"
    r"|(?:do\s+not|don't|never)\s+(?:name|mention))\b\s*[:\-–—]?\s*(?P<names>[^.\n]*)",
    re.IGNORECASE,
)
_NOMINAL_ENDINGS = ("tion", "sion", "ment", "ness")
_TEAMISH = frozenset(
    "team squad guild group rotation on-call oncall sre ops platform payments support security infra infrastructure "
    "database db data network release engineering leads lead captain commander owner facilitator scribe".split()
)


def parse_roles(lines: list[Line]) -> list[RoleAssignment]:
    """'facilitator: Ana Diaz', 'Ana Diaz (facilitator)', 'Ana facilitates, Ben takes notes and Cy decides'."""
    found: dict[str, RoleAssignment] = {}
    for _, text in items(lines):
        for piece in _PIECES.split(text):
            assignment = _assignment(piece.strip())
            if assignment is not None:
                found[assignment.role] = assignment
    return list(found.values())


def _assignment(piece: str) -> RoleAssignment | None:
    cue = _ROLE.search(piece)
    if cue is None:
        return None
    role = ROLE_WORDS[cue.group(1).lower()]
    after = piece[cue.end():]
    explicit = re.match(r"^\s*(?:is|:|=|-|–|—)\s*(.+)$", after)
    if explicit and not re.match(r"^\s*is\b", after):
        name = explicit.group(1).strip(" .")
        return RoleAssignment(role=role, name=name) if name and name.lower() not in _NOT_NAMES else None
    if re.match(r"^\W*(?:i|i'll|i’ll|i\s+will|me)\b", piece[:cue.start()], re.I) and not _NAME.search(piece[:cue.start()][2:]):
        return RoleAssignment(role=role, name=SPEAKER)  # "I'll facilitate": the person answering
    before = [m.group(0) for m in _NAME.finditer(piece[:cue.start()]) if _is_name(m.group(0))]
    later = [m.group(0) for m in _NAME.finditer(after) if _is_name(m.group(0))]
    name = before[-1] if before else (later[0] if later else _lower_case_name(piece[:cue.start()]))
    return RoleAssignment(role=role, name=name.strip()) if name else None


def _lower_case_name(before: str) -> str | None:
    """'ines' in 'ines facilitates': people type names in lower case in a hurry."""
    words = re.findall(r"[^\W\d_][\w'’-]*", before)
    if len(words) != 1 or not _is_name(words[0]) or words[0].lower() in {"i", "me", "who", "someone"}:
        return None
    return words[0][:1].upper() + words[0][1:]


def _is_name(candidate: str) -> bool:
    words = candidate.split()
    if words and re.match(r"(?i)(?:i|we|you|they|he|she)['’]", words[0]):
        return False  # "I'll facilitate": the person answering, whose name the review has not been told
    return bool(words) and words[0].lower() not in _NOT_NAMES and not _ROLE.fullmatch(candidate)


def names_to_avoid(lines: list[Line]) -> list[str]:
    """Names the group asked to keep out of the document ('names to leave out: Dana, Leo Fischer')."""
    names: list[str] = []
    for _, text in items(lines):
        for match in _AVOID.finditer(text):
            for part in re.split(r",|\s+and\s+|;", match.group("names")):
                name = part.strip(" .'\"“”")
                if name and name[0].isupper() and len(name.split()) <= 3 and name not in names:
                    names.append(name)
    return names


def without_avoid_clause(text: str) -> str:
    return _AVOID.sub("", text).strip(" ,;.")


def looks_like_person(owner: str | None) -> bool:
    """'Hana Sato' or 'Diego' is a person; 'platform team', 'SRE on-call' and 'the decision owner' are not."""
    if not owner:
        return False
    words = owner.split()
    if not 1 <= len(words) <= 3 or any(w.lower() in _TEAMISH or w.lower() in _NOT_NAMES for w in words):
        return False
    return all(re.fullmatch(r"[A-Z][a-z'’-]+", w) for w in words)


def is_thing_word(word: str, components: frozenset[str] = frozenset()) -> bool:
    """A capitalised word that names a component, product, team, role, place or time rather than a person: the
    document linter's lexicon, the known components, calendar words and the session's `components`. Unlike the
    linter, a word ending in "s" may be a name ("Tomás", "Ines"): here a missed name leaks, a missed plural costs
    a word."""
    from agent.facts.services import KNOWN_COMPONENTS
    from agent.grading.blame import linter_for
    from agent.privacy.names import FUNCTION_WORDS
    from agent.transcript.days import MONTHS, WEEKDAYS

    lowered = word.lower()
    if lowered in FUNCTION_WORDS or lowered in KNOWN_COMPONENTS or lowered in components:
        return True
    if lowered in MONTHS or lowered in WEEKDAYS or lowered.endswith(_NOMINAL_ENDINGS):
        return True
    finder = linter_for().finder
    return lowered in finder.cues.not_names or finder.kind_of(word) is not None


def people_in_texts(texts: list[str], components: frozenset[str] = frozenset(), linted: list[str] | None = None) -> list[str]:
    """People named in answers or pastes with no roster to go by: those the document linter finds by how a name is
    used ("paged Diego") in `linted` (all `texts` when None; the linter is too slow for a long paste), then those
    found by shape and place in `texts` (agent.privacy.prose_names)."""
    from agent.grading.blame import lint_text
    from agent.privacy.prose_names import people_in_prose

    cued = [f.matched for text in (texts if linted is None else linted) for f in lint_text(text)
            if f.rule == "named-person"]
    found = [*cued, *people_in_prose(texts, lambda word: is_thing_word(word, components))]
    return list(dict.fromkeys(name for name in found if name.lower() not in components))
