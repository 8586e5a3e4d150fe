"""Who did what in the response: incident roles from what people say, everyone else a numbered responder, and
the people they only mention (paged, escalated to) a role when one is stated beside the name, else a numbered person."""

import re
from dataclasses import dataclass
from functools import lru_cache

from agent.facts.cue import Cue, CueGroup, said
from agent.facts.mentions import people_mentioned
from agent.facts.naming import TEAM_ROLES, NameIndex, is_pager, is_system, people_in_order, role_map
from agent.facts.screening import screened
from agent.models import Message, RoleAssignment, Transcript

# Someone taking the incident on: the first to do so is the first responder (role detection only).
ACK = Cue(
    r"^\s*(?:ack(?:ed|ing|'?d)?|acknowledged)\b|\backnowledg(?:ed|ing)\b|\b(?:i'?m|i\s+am)\s+(?:looking|investigating|"
    r"taking\s+(?:a\s+look|this))\b"
    r"|\blooking\s+(?:into|at)\s+(?:it|this|the\s+[\w-]+(?:\s+[\w-]+)?\s+(?:dashboards?|graphs?|logs?|alerts?))\b"
    r"|^\s*looking\s*(?:[.,!]|$)|\binvestigating\b",
    ("ack", "acknowledg", "looking", "investigating", "taking"),
)
ON_IT = Cue(r"(?:^\s*|\bi'?m\s+|\bi\s+am\s+)on\s+it\b", ("on",))

__all__ = ["detect_roles", "role_map", "roles_from_messages"]

# An incident role someone states (IC, comms, on-call) beats a team someone belongs to ("support here",
# "paging the database team"), which beats a role read from behaviour (first to ack after a page).
STATED, AFFILIATION, INFERRED = 3, 2, 1
_NAME = r"(?<![\w@.])@?[A-Za-z][\w'-]*(?:\.[\w'-]+)*(?:\s+(?-i:[A-Z])[\w'-]+)?"
_I_AM = r"(?:i'?m|i\s+am|i'?ll\s+be|i\s+will\s+be|i'?ll\s+take|i\s+will\s+take|taking|i'?ve\s+got|i\s+have)"
_IC = r"(?:incident\s+commander|ic\b)"
_COMMS = r"(?:comms|communications?)(?:\s+lead)?\b"
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
    (Cue(r"\b(?:i'?ll|i\s+will)\s+(?:take|keep)\s+(?:the\s+)?notes\b|\b(?:i'?m|i\s+am)\s+(?:the\s+)?scribe\b",
         ("notes", "scribe")), "scribe"),
    (Cue(r"\b(?:i'?m|i\s+am)\s+(?:the\s+|our\s+)?facilitat(?:or|ing)\b", ("facilitat",)), "facilitator"),
]
_SELF_SUPPORT = Cue(r"\b(?:i'?m|i\s+am)\s+(?:from|on|with|in)\s+(?:the\s+)?support\b|\bsupport\s+(?:lead\s+)?here\b", ("support",))
_SELF_TEAM = Cue(
    rf"\b(?P<team>{_TEAM})\s+(?:on[-\s]?call|team|engineer)\s+here\b"
    rf"|\b(?:i'?m|i\s+am)\s+(?:from|on|with|in)\s+(?:the\s+)?(?P<team_of>{_TEAM})\s+(?:team|on[-\s]?call)\b",
    tuple(TEAM_ROLES),
)
# Speaker assigns a role to someone they name. Names come before ("Dana on comms") or after ("IC: Marcus")
# the role words; the cue finds the role words and the name is read next to them, keeping its capitals.
_NAME_WORD = re.compile(r"[A-Z][\w'-]*$")
_NAME_AFTER = re.compile(rf"\s*({_NAME})")
_ASSIGNMENTS: list[tuple[Cue, str, bool]] = [  # (cue, role, the name comes after the cue)
    (Cue(rf"\s(?:is|will\s+be|as)\s+(?:the\s+|our\s+)?{_IC}", ("commander", "ic")), "incident commander", False),
    (Cue(rf"\b{_IC}\s*[:=]", ("commander", "ic")), "incident commander", True),
    (Cue(rf"\s(?:on|for|is\s+on|handling|to\s+handle|will\s+handle|owns)\s+(?:the\s+)?{_COMMS}", ("comm",)),
     "communications lead", False),
    (Cue(rf"\b{_COMMS}\s*[:=]", ("comm",)), "communications lead", True),
    (Cue(rf"\s(?:can|could|would)\s+you\s+(?:please\s+)?(?:handle|take|run|own|do|lead)\s+(?:the\s+)?{_COMMS}", ("comm",)),
     "communications lead", False),
    (Cue(r"\son\s+(?:ops|operations)\b", ("ops", "operations")), "operations lead", False),
    (Cue(r"\s(?:is\s+)?(?:on|taking)\s+(?:notes|scribe)\b", ("notes", "scribe")), "scribe", False),
    (Cue(r"\sis\s+(?:the\s+)?(?:primary\s+)?on[-\s]?call\b", _CALL), "on-call engineer", False),
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
# Incident roles that a parenthesis or "from ..." beside a name states ("Tenzin (IC)", "Lucia from the vendor").
_ROLES_BESIDE = [
    (Cue(r"\b(?:ic|incident\s+commander)\b", ("ic", "commander")), "incident commander"),
    (Cue(r"\b(?:comms|communications)\b", ("comm",)), "communications lead"),
    (Cue(r"\bon[-\s]?call\b", _CALL), "on-call engineer"),
    (Cue(r"\b(?:vendor|supplier|provider|contractor)\b", ("vendor", "supplier", "provider", "contractor")), "vendor contact"),
]
_SUPPORT_REPORT = Cue(
    r"\bsupport\s+(?:is|are|has|have)\s+(?:getting|seeing|receiving|got)|\btickets?\s+(?:are\s+)?coming\s+in\b", ("support", "ticket")
)
_COMMS_WORK = Cue(
    r"\bstatus\s?page\b|\b(?:emailed|notified)\s+(?:the\s+)?(?:affected\s+)?(?:customers|merchants|users)\b",
    ("status", "emailed", "notified"),
)


_ANY_CLAIM = CueGroup(
    [*(cue for cue, _ in _SELF_CLAIMS), _SELF_SUPPORT, _SELF_TEAM, *(cue for cue, _, _ in _ASSIGNMENTS), _ESCALATION, _SUPPORT_REPORT,
     _COMMS_WORK]
)


@dataclass(frozen=True)
class _Candidate:
    strength: int
    order: int
    name: str
    role: str


def detect_roles(transcript: Transcript) -> list[RoleAssignment]:
    """Role names such as 'incident commander'; other people are 'responder 1', 'responder 2' ... by first message,
    and people who are only mentioned 'person 1', 'person 2' ... by first mention."""
    return roles_from_messages(screened(transcript.messages))


def roles_from_messages(messages: list[Message]) -> list[RoleAssignment]:
    people = people_in_order(messages)
    index = NameIndex(people)
    candidates: list[_Candidate] = []
    paged = False
    for order, message in enumerate(messages):
        if is_system(message):
            if is_pager(message.author):
                paged = True
                names = _names(_PAGER_TARGET, message.text, index)
                candidates += [_Candidate(STATED, order, name, "on-call engineer") for name in names]
        elif message.author and message.author.strip():
            candidates += _claims(message.text, message.author.strip(), order, index, paged)
    mentioned, index = people_mentioned(messages, people)
    for order, person, affiliation in mentioned:
        strength, role = _stated_beside(affiliation)
        if role is not None:
            candidates.append(_Candidate(strength, order, person, role))
    return _assign(people, candidates, [mention.person for mention in mentioned], index)


def _stated_beside(affiliation: str | None) -> tuple[int, str | None]:
    """The role in "(storage on-call)", "(IC)", "from the vendor": a team's engineer, else an incident role."""
    if not affiliation:
        return AFFILIATION, None
    if team := _TEAM_MENTION.search(affiliation):
        return AFFILIATION, TEAM_ROLES[team.group("team").lower()]
    return next(((STATED, role) for cue, role in _ROLES_BESIDE if cue.search(affiliation)), (AFFILIATION, None))


def _claims(text: str, speaker: str, order: int, index: NameIndex, paged: bool) -> list[_Candidate]:
    """What one message says about roles: the speaker's own, roles given to others, and what behaviour shows."""
    return [
        _Candidate(strength, order, speaker if name is None else name, role)
        for strength, name, role in _claimed(text, index, paged)
        if name != speaker
    ]


@lru_cache(maxsize=1 << 14)  # a pure function of its arguments, and long channels repeat their lines
def _claimed(text: str, index: NameIndex, paged: bool) -> tuple[tuple[int, str | None, str], ...]:
    """(strength, person, role) claims in `text`; person None is the speaker."""
    found = said(text)
    acked = paged and (ACK.search(text, found) or ON_IT.search(text, found))
    claims: list[tuple[int, str | None, str]] = [(INFERRED, None, "on-call engineer")] if acked else []
    if found.cues.isdisjoint(_ANY_CLAIM.members):
        return tuple(claims)
    team = _SELF_TEAM.search(text, found)
    for cue, role in _SELF_CLAIMS:
        # "storage on-call here" names the storage engineer, not the incident's on-call engineer
        if cue.search(text, found) and not (team and role == "on-call engineer"):
            claims.append((STATED, None, role))
    if team:
        claims.append((AFFILIATION, None, TEAM_ROLES[team.group("team") or team.group("team_of")]))
    if _SELF_SUPPORT.search(text, found):
        claims.append((AFFILIATION, None, "support lead"))
    for cue, role, name_after in _ASSIGNMENTS:
        for match in cue.finditer(text, found):
            name = _named_next_to(text, match, name_after, index)
            if name:
                claims.append((STATED, name, role))
    claims += _team_escalation(text, index)
    for cue, role in ((_SUPPORT_REPORT, "support lead"), (_COMMS_WORK, "communications lead")):
        if cue.search(text, found):
            claims.append((INFERRED, None, role))
    return tuple(claims)


def _assign(people: list[str], candidates: list[_Candidate], mentioned: list[str], index: NameIndex) -> list[RoleAssignment]:
    """One role per person and one person per role, strongest claim first; people who wrote and have no role
    are numbered responders, people only mentioned numbered persons (nothing says what they did)."""
    role_of: dict[str, str] = {}
    taken: set[str] = set()
    for candidate in sorted(candidates, key=lambda c: (-c.strength, c.order)):
        name = index.resolve(candidate.name) or candidate.name
        if name in role_of or candidate.role in taken:
            continue
        role_of[name] = candidate.role
        taken.add(candidate.role)
    ordered = list(dict.fromkeys([*people, *role_of, *mentioned]))
    assignments, numbers = [], {"responder": 0, "person": 0}
    for name in ordered:
        role = role_of.get(name)
        if role is None:
            kind = "responder" if name in people else "person"
            numbers[kind] += 1
            role = f"{kind} {numbers[kind]}"
        assignments.append(RoleAssignment(role=role, name=name))
    return assignments


def _team_escalation(text: str, index: NameIndex) -> list[tuple[int, str | None, str]]:
    if not _ESCALATION.search(text):
        return []
    team = _TEAM_MENTION.search(text)
    if team is None:
        return []
    role = TEAM_ROLES[team.group("team").lower()]
    found: list[tuple[int, str | None, str]] = []
    for match in _ESCALATED_NAME.finditer(text):
        name = _person(match.group("name") or match.group("mention"), index)
        if name:
            found.append((AFFILIATION, name, role))
    return found


def _named_next_to(text: str, match: re.Match[str], name_after: bool, index: NameIndex) -> str | None:
    if name_after:
        found = _NAME_AFTER.match(text, match.end())
        return _person(found.group(1), index) if found else None
    words = text[max(0, match.start() - 60):match.start()].rstrip(" ,").split()
    if not words:
        return None
    # "Dana Okafor on comms": try the last two words as one name (when both look like a name), then the last.
    pair = [f"{words[-2]} {words[-1]}"] if len(words) > 1 and _NAME_WORD.match(words[-2]) else []
    return next((person for candidate in (*pair, words[-1]) if (person := _person(candidate, index))), None)


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
    if first_word.startswith("@"):
        handle = first_word.lstrip("@").strip("'.,:;!?")
        return handle or None
    words = token.rstrip("'.,:;!?").split()
    if not all(_NAME_WORD.match(word) for word in words) or words[0].lower() in _NOT_NAMES | TEAM_ROLES.keys():
        return None
    return " ".join(words)
