"""Follow-ups said in chat become action items: commitments get the speaker as owner, requests the person asked.

A follow-up counts when it is said after the incident ended (`after_line`), carries a due date, or is
marked ("TODO:", "action item:", "follow-up:"). Without a known end, it must also name an artefact
("add an alert", "write a runbook") so that in-incident intentions ("I'll restart it") stay out.
Unowned follow-ups ("we also need ...", "someone should ...") are kept with owner None.
"""

import re
from collections.abc import Iterable, Iterator
from datetime import date

from agent.facts.cue import Cue, CueGroup, said
from agent.facts.dates import DUE_PATTERN, resolve_relative_date
from agent.facts.naming import NameIndex, RoleNamer, is_system, people_in_order, role_map
from agent.facts.phrasing import capitalise, shorten, strip_code
from agent.models import ActionItem, Message, RoleAssignment
from agent.models.action import ActionType

_MARKER = r"(?:todo|to-do|action\s+item|follow[-\s]?up)\s*[:\-]\s*"
_MINE = Cue(
    r"\b(?:i'?ll|i\s+will|i'?m\s+going\s+to|i\s+am\s+going\s+to|i\s+can|let\s+me|i'?ll\s+(?:take|own))\s+(?:also\s+)?(?P<action>.+)",
    ("ll", "ill", "will", "going", "can", "let"),
    cased=True,
)
_ASKED = Cue(
    r"(?P<name>@[\w.-]+|\b(?-i:[A-Z][a-z]+)),?\s+(?:can|could|would|will)\s+you\s+(?:please\s+)?(?P<action>.+)", ("you",), cased=True
)
_TEAM = Cue(r"\b(?P<team>[a-z][\w-]*\s+team)\s+(?:will|to|owns|should)\s+(?P<action>.+)", ("team",), cased=True)
_UNOWNED = Cue(
    rf"(?:\b{_MARKER}|\b(?:we\s+(?:also\s+|really\s+|still\s+)?(?:need|should|must|ought\s+to|have\s+to)|"
    r"someone\s+(?:should|needs\s+to|must|has\s+to)|can\s+someone|somebody\s+should)\s+)(?P<action>.+)",
    ("todo", "to", "action", "follow", "followup", "need", "should", "must", "ought", "have", "has", "someone"),
    cased=True,
)
_MARKED = Cue(rf"\b{_MARKER}", ("todo", "to", "action", "follow", "followup"))
_ARTEFACT = Cue(
    r"\b(?:add|write|create|set\s+up|build|document|file|open|schedule|introduce|automate|draft|put\s+together|"
    r"need\s+(?:an?|the|better|more|some))\b.*\b(?:"
    r"alert\w*|monitor\w*|dashboard|runbook|playbook|test\w*|check|ticket|doc\w*|post-?mortem|template|process|guard\w*|"
    r"validation|lint\w*|drill|training|checklist|limit)\b",
    ("add", "write", "create", "set", "build", "document", "file", "open", "schedule", "introduce", "automate", "draft", "put",
     "need"),
)
_FOLLOW_UP = CueGroup([_MINE, _ASKED, _TEAM, _UNOWNED])
_NOUN_PHRASE = re.compile(r"^(?:an?|the|better|more|some|proper)\s", re.I)
_LEADING = re.compile(r"^(?:to|also|please|go\s+ahead\s+and|make\s+sure\s+to|make\s+sure\s+we)\s+", re.I)
_TRAILING = re.compile(r"[\s,;:!.?]*(?:\bplease\b|\bthanks\b|\bthx\b)?[\s,;:!.?]*$", re.I)
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")

# First keyword (by position) in the action decides its type.
TYPE_KEYWORDS: dict[str, ActionType] = {
    **dict.fromkeys(("runbook", "playbook", "on-call", "oncall", "escalation", "escalate", "paging policy", "drill",
                     "training", "game day"), "respond"),
    **dict.fromkeys(("alert", "alerting", "monitor", "monitoring", "dashboard", "alarm", "slo", "observability",
                     "metric", "metrics", "logging"), "detect"),
    **dict.fromkeys(("check", "checks", "guard", "guardrail", "validation", "validate", "test", "tests", "lint",
                     "limit", "block", "blocks", "prevent", "canary", "exclude", "protect"), "prevent"),
    **dict.fromkeys(("rollback", "roll back", "failover", "fail over", "kill switch", "circuit breaker", "drain",
                     "throttle", "rate limit", "feature flag", "autoscaling", "retry", "fallback"), "mitigate"),
    **dict.fromkeys(("template", "process", "review", "postmortem", "post-mortem", "checklist", "policy", "status page",
                     "communication", "comms", "documentation", "document"), "process"),
}
TYPE_ORDER: tuple[ActionType, ...] = ("respond", "detect", "prevent", "mitigate", "process")
_TYPE = Cue(r"\b(" + "|".join(re.escape(k) for k in sorted(TYPE_KEYWORDS, key=len, reverse=True)) + r")\b", tuple(TYPE_KEYWORDS))


def extract_action_items(
    messages: Iterable[Message], *, incident_date: date, roles: list[RoleAssignment], after_line: int | None = None
) -> list[ActionItem]:
    """Due dates resolve against the day the follow-up was said (the incident date when a message has no time)."""
    messages = list(messages)
    index = NameIndex(people_in_order(messages))
    namer = RoleNamer(role_map(roles))
    items: list[ActionItem] = []
    seen: set[str] = set()
    for message in messages:
        if is_system(message) or not message.author or not _FOLLOW_UP.could_match(message.text):
            continue
        said_to = _Said(strip_code(message.text), message, index, after_line)
        said_to.anchor = message.time.date() if message.time is not None else incident_date
        for start, end in _sentences(said_to.text):
            item = _item(said_to, start, end, namer)
            if item is not None and item.action.lower() not in seen:
                seen.add(item.action.lower())
                items.append(item)
    return items


def action_type(action: str) -> ActionType | None:
    """The first type, in `TYPE_ORDER`, that any keyword in the action points to ("failover drill" is respond)."""
    found = {TYPE_KEYWORDS[match.group(1)] for match in _TYPE.finditer(action)}
    return next((kind for kind in TYPE_ORDER if kind in found), None)


class _Said:
    """One message being read for follow-ups, with what every sentence of it needs."""

    def __init__(self, text: str, message: Message, index: NameIndex, after_line: int | None) -> None:
        self.text = text
        self.found = said(text)
        self.message = message
        self.speaker = (message.author or "").strip()
        self.index = index
        self.after_line = after_line
        self.anchor: date | None = None


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for stop in _SENTENCES.finditer(text):
        yield start, stop.start()
        start = stop.end()
    yield start, len(text)


def _item(said_to: _Said, start: int, end: int, namer: RoleNamer) -> ActionItem | None:
    text, found = said_to.text, said_to.found
    owner, action = _owner_and_action(said_to, start, end)
    if action is None:
        return None
    due_match = DUE_PATTERN.search(action)
    due = resolve_relative_date(due_match.group(0), said_to.anchor) if due_match else None
    in_window = said_to.after_line is not None and said_to.message.line > said_to.after_line
    if not (in_window or due is not None or _MARKED.search(text, found, start, end)):
        if said_to.after_line is not None or not _ARTEFACT.search(text, found, start, end):
            return None
    if due_match is not None and due is not None:
        action = action[: due_match.start()] + action[due_match.end():]
    action = _TRAILING.sub("", _LEADING.sub("", action.strip()))
    if len(action) < 4:
        return None
    if _NOUN_PHRASE.match(action):
        action = f"add {action}"  # "we need an alert on X" -> "Add an alert on X"
    action = capitalise(shorten(namer.replace(action), 200))
    return ActionItem(action=action, owner=owner, due=due, type=action_type(action), source_lines=[said_to.message.line])


def _owner_and_action(said_to: _Said, start: int, end: int) -> tuple[str | None, str | None]:
    text, found, index = said_to.text, said_to.found, said_to.index
    if match := _ASKED.search(text, found, start, end):
        name = match.group("name")
        owner = index.resolve(name) or (name.lstrip("@") if name.startswith("@") else None)
        return owner, match.group("action")
    if match := _UNOWNED.search(text, found, start, end):
        action = match.group("action")
        mention = re.match(r"@([\w.-]+)\s+(?:to\s+)?(.+)", action)
        if mention:
            return index.resolve(mention.group(1)) or mention.group(1), mention.group(2)
        return None, action
    if match := _MINE.search(text, found, start, end):
        return said_to.speaker, match.group("action")
    if match := _TEAM.search(text, found, start, end):
        return match.group("team"), match.group("action")
    return None, None
