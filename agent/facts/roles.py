"""Who did what in the response: incident roles from what people say, everyone else a numbered responder."""

from dataclasses import dataclass

from agent.facts.cue import Cue
from agent.facts.event_cues import ACK
from agent.facts.naming import NameIndex, is_pager, is_system, people_in_order, role_map
from agent.facts.screening import screened
from agent.models import Message, RoleAssignment, Transcript

__all__ = ["detect_roles", "role_map", "roles_from_messages"]

STATED, INFERRED = 2, 1  # a role someone states beats one read from behaviour
_NAME = r"(?<![\w@.])@?[A-Za-z][\w.'’-]*(?:\s+(?-i:[A-Z])[\w'’-]+)?"
_I_AM = r"(?:i'?m|i\s+am|i'?ll\s+be|i\s+will\s+be|i'?ll\s+take|i\s+will\s+take|taking|i'?ve\s+got|i\s+have)"
_IC = r"(?:incident\s+commander|ic\b)"
_COMMS = r"(?:comms|communications?)(?:\s+lead)?\b"
# Team words that name the engineer a team escalation brings in.
TEAM_ROLES = {
    "database": "database engineer", "db": "database engineer", "dba": "database engineer",
    "postgres": "database engineer", "mysql": "database engineer", "data": "data engineer",
    "network": "network engineer", "networking": "network engineer", "security": "security engineer",
    "platform": "platform engineer", "infra": "infrastructure engineer", "infrastructure": "infrastructure engineer",
    "payments": "payments engineer", "storage": "storage engineer", "frontend": "frontend engineer",
    "mobile": "mobile engineer", "sre": "site reliability engineer", "release": "release engineer",
}
_TEAM = "|".join(TEAM_ROLES)
_NOT_NAMES = frozenset(
    "the a an our my your their them him her us someone somebody anyone everyone in on now to from for back up "
    "all team it this that who oncall on-call here there".split()
)

_CALL = ("call", "oncall")
# Speaker states their own role.
_SELF_CLAIMS = [
    (Cue(rf"\b{_I_AM}\s+(?:the\s+)?{_IC}", ("commander", "ic")), "incident commander"),
    (Cue(rf"\b(?:{_I_AM}|i'?ll\s+(?:handle|do|run|own)|i\s+will\s+(?:handle|do|run|own))\s+(?:on\s+)?(?:the\s+)?{_COMMS}", ("comm",)),
     "communications lead"),
    (Cue(r"\b(?:i'?m|i\s+am)\s+(?:the\s+)?(?:primary\s+|secondary\s+)?on[-\s]?call\b|\bon[-\s]?call\s+here\b", _CALL), "on-call engineer"),
    (Cue(r"\b(?:i'?ll|i\s+will)\s+(?:take|keep)\s+(?:the\s+)?notes\b|\b(?:i'?m|i\s+am)\s+(?:the\s+)?scribe\b", ("notes", "scribe")), "scribe"),
    (Cue(r"\b(?:i'?m|i\s+am)\s+(?:from|on|with|in)\s+(?:the\s+)?support\b|\bsupport\s+(?:lead\s+)?here\b", ("support",)), "support lead"),
    (Cue(r"\b(?:i'?m|i\s+am)\s+(?:the\s+|our\s+)?facilitat(?:or|ing)\b", ("facilitat",)), "facilitator"),
]
_SELF_TEAM = Cue(
    rf"\b(?P<team>{_TEAM})\s+(?:on[-\s]?call|team|engineer)\s+here\b"
    rf"|\b(?:i'?m|i\s+am)\s+(?:from|on|with|in)\s+(?:the\s+)?(?P<team_of>{_TEAM})\s+(?:team|on[-\s]?call)\b",
    tuple(TEAM_ROLES),
)
# Speaker assigns a role to someone they name (names keep their capitals, so these run on the original text).
_ASSIGNMENTS = [
    (Cue(rf"(?P<name>{_NAME})\s+(?:is|will\s+be|as)\s+(?:the\s+|our\s+)?{_IC}", ("commander", "ic"), cased=True), "incident commander"),
    (Cue(rf"\b{_IC}\s*[:=]\s*(?P<name>{_NAME})", ("commander", "ic"), cased=True), "incident commander"),
    (Cue(rf"(?P<name>{_NAME})\s+(?:on|for|is\s+on|handling|to\s+handle|will\s+handle|owns)\s+(?:the\s+)?{_COMMS}", ("comm",), cased=True),
     "communications lead"),
    (Cue(rf"\b{_COMMS}\s*[:=]\s*(?P<name>{_NAME})", ("comm",), cased=True), "communications lead"),
    (Cue(rf"(?P<name>{_NAME})\s+on\s+(?:ops|operations)\b", ("ops", "operations"), cased=True), "operations lead"),
    (Cue(rf"(?P<name>{_NAME})\s+(?:is\s+)?(?:on|taking)\s+(?:notes|scribe)\b", ("notes", "scribe"), cased=True), "scribe"),
    (Cue(rf"(?P<name>{_NAME})\s+is\s+(?:the\s+)?(?:primary\s+)?on[-\s]?call\b", _CALL, cased=True), "on-call engineer"),
]
_PAGER_TARGET = Cue(
    rf"\b(?:assigned\s+to|paged|paging|notified|acknowledged\s+by)\s*:?\s+(?P<name>{_NAME})",
    ("assigned", "paged", "paging", "notified", "acknowledged"),
    cased=True,
)
_ESCALATION = Cue(
    r"\b(?:escalat\w*|pag(?:e|ed|ing)|loop(?:ing|ed)?\s+in|pull(?:ing|ed)?\s+in|bring(?:ing)?\s+in)\b",
    ("escalat", "pag", "loop", "pull", "bring"),
)
_TEAM_MENTION = Cue(rf"\b(?P<team>{_TEAM})\b(?:\s+(?:team|on[-\s]?call|folks|people))?", tuple(TEAM_ROLES))
_ESCALATED_NAME = Cue(
    rf"\b(?:paging|page|pinging|pulling\s+in|looping\s+in|bringing\s+in|escalating\s+to|adding)\s+(?P<name>{_NAME})|(?P<mention>@[\w.'-]+)",
    cased=True,
)
_SUPPORT_REPORT = Cue(
    r"\bsupport\s+(?:is|are|has|have)\s+(?:getting|seeing|receiving|got)|\btickets?\s+(?:are\s+)?coming\s+in\b", ("support", "ticket")
)
_COMMS_WORK = Cue(
    r"\bstatus\s?page\b|\b(?:emailed|notified)\s+(?:the\s+)?(?:affected\s+)?(?:customers|merchants|users)\b",
    ("status", "emailed", "notified"),
)


@dataclass(frozen=True)
class _Candidate:
    strength: int
    order: int
    name: str
    role: str


def detect_roles(transcript: Transcript) -> list[RoleAssignment]:
    """Role names such as 'incident commander'; other people are 'responder 1', 'responder 2' ... by first message."""
    return roles_from_messages(screened(transcript.messages))


def roles_from_messages(messages: list[Message]) -> list[RoleAssignment]:
    people = people_in_order(messages)
    index = NameIndex(people)
    candidates: list[_Candidate] = []
    paged = False
    for order, message in enumerate(messages):
        text = message.text
        if is_system(message):
            if is_pager(message.author):
                paged = True
                candidates += [_Candidate(STATED, order, name, "on-call engineer") for name in _names(_PAGER_TARGET, text, index)]
            continue
        speaker = (message.author or "").strip()
        if not speaker:
            continue
        candidates += [_Candidate(STATED, order, speaker, role) for pattern, role in _SELF_CLAIMS if pattern.search(text)]
        if team := _SELF_TEAM.search(text):
            candidates.append(_Candidate(STATED, order, speaker, TEAM_ROLES[(team.group("team") or team.group("team_of")).lower()]))
        for pattern, role in _ASSIGNMENTS:
            candidates += [_Candidate(STATED, order, name, role) for name in _names(pattern, text, index) if name != speaker]
        candidates += _team_escalation(text, order, speaker, index)
        if paged and ACK.search(text):
            candidates.append(_Candidate(INFERRED, order, speaker, "on-call engineer"))
        if _SUPPORT_REPORT.search(text):
            candidates.append(_Candidate(INFERRED, order, speaker, "support lead"))
        if _COMMS_WORK.search(text):
            candidates.append(_Candidate(INFERRED, order, speaker, "communications lead"))
    return _assign(people, candidates)


def _assign(people: list[str], candidates: list[_Candidate]) -> list[RoleAssignment]:
    role_of: dict[str, str] = {}
    taken: set[str] = set()
    for candidate in sorted(candidates, key=lambda c: (-c.strength, c.order)):
        if candidate.name in role_of or candidate.role in taken:
            continue
        role_of[candidate.name] = candidate.role
        taken.add(candidate.role)
    ordered = people + [name for name in role_of if name not in people]
    assignments, responders = [], 0
    for name in ordered:
        role = role_of.get(name)
        if role is None:
            responders += 1
            role = f"responder {responders}"
        assignments.append(RoleAssignment(role=role, name=name))
    return assignments


def _team_escalation(text: str, order: int, speaker: str, index: NameIndex) -> list[_Candidate]:
    if not _ESCALATION.search(text):
        return []
    team = _TEAM_MENTION.search(text)
    if team is None:
        return []
    role = TEAM_ROLES[team.group("team").lower()]
    found = []
    for match in _ESCALATED_NAME.finditer(text):
        name = _person(match.group("name") or match.group("mention"), index)
        if name and name != speaker:
            found.append(_Candidate(STATED, order, name, role))
    return found


def _names(pattern: Cue, text: str, index: NameIndex) -> list[str]:
    return [name for match in pattern.finditer(text) if (name := _person(match.group("name"), index))]


def _person(token: str | None, index: NameIndex) -> str | None:
    """A known author, an @mention, or a capitalised name; never an ordinary word such as 'the'."""
    if not token:
        return None
    token = token.strip()
    first_word = token.split()[0]
    for candidate in (token, first_word):
        resolved = index.resolve(candidate)
        if resolved:
            return resolved
    bare = first_word.lstrip("@").strip("'’.,:;!?")
    if not bare or bare.lower() in _NOT_NAMES or bare.lower() in TEAM_ROLES:
        return None
    if first_word.startswith("@") or bare[0].isupper():
        return bare if first_word.startswith("@") else token.rstrip("'’.,:;!?")
    return None
