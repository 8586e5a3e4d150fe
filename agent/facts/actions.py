"""Follow-ups said in chat become action items, each with the owner the chat gives it.

Owners: the speaker of a commitment ("I'll add ..."); the person asked ("@leo can you ..."); a person or team
assigned in the third person ("Dana to write ...", "Action: Priya will ...", "AI: Marcus - rotate ...",
"Let's have Lee look into ..."); an owner label beside the action ("Owner: the storage team. Cap ...");
the person asked in a question once they say yes ("Can Sam own ...?" "Yes, I'll take it"). Who counts as a
person or a team is `agent.facts.owners`' call.

A follow-up counts when it is said after the incident ended (`after_line`), carries a due date, is
marked ("TODO:", "action item:", "Action:", "AI:", "follow-up:", "Owner:") or is put off to a later sprint.
Without a known end, it must also name an artefact ("add an alert", "write a runbook") so that in-incident
intentions ("I'll restart it") stay out. Unowned follow-ups ("we also need ...", "someone should ...") are
kept with owner None.
"""

import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import NamedTuple

from agent.facts.cue import Cue, CueGroup, said
from agent.facts.dates import DUE_PATTERN, resolve_relative_date
from agent.facts.naming import RoleNamer, is_system, role_map
from agent.facts.owners import Owners, team_name
from agent.facts.phrasing import capitalise, shorten, strip_code
from agent.models import ActionItem, Message, RoleAssignment
from agent.models.action import ActionType

# "AI:" only in capitals: lower-case "ai:" is more often about a model than an action item.
_MARKER = r"(?:(?:todo|to-do|action\s+item|follow[-\s]?up)s?\s*[:\-]|(?:actions?|(?-i:AI)|next\s+steps?)\s*:)\s*"
_MARKER_GUARDS = ("todo", "to", "action", "follow", "followup", "ai", "next")
# Who an action is given to: an @mention, a team, or a name of one or two words (validated by `Owners`).
_WHO = r"(?:@[\w.-]+|(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s+team\b|[A-Za-z][\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*)?)"
_LEAD_IN = r"\s*(?:[-*•]\s+)?(?:(?:ok(?:ay)?|so|and|then|also|great|cool|agreed|right)\b[,\s]+)?"
_MINE = Cue(
    r"\b(?:i'?ll|i\s+will|i'?m\s+going\s+to|i\s+am\s+going\s+to|i\s+can|let\s+me|i'?ll\s+(?:take|own))\s+(?:also\s+)?(?P<action>.+)",
    ("ll", "ill", "will", "going", "can", "let"),
    cased=True,
)
_ASKED = Cue(
    r"(?P<name>@[\w.-]+|\b(?-i:[A-Z][a-z]+)),?\s+(?:can|could|would|will)\s+you\s+(?:please\s+)?(?P<action>.+)", ("you",), cased=True
)
_TEAM = Cue(r"\b(?P<team>[a-z][\w-]*\s+team)\s+(?:will|to|owns|should)\s+(?P<action>.+)", ("team",), cased=True)
# A sentence that starts with who does it: "Dana to write ...", "Action: Priya will ...", "AI: Marcus - rotate ...".
_THIRD_PERSON = Cue(
    rf"{_LEAD_IN}(?<![\w@.'-])(?:{_MARKER}(?P<labelled>{_WHO})\s*(?:[—–:,]|\s-)\s*|(?:{_MARKER})?(?P<who>{_WHO})\s+"
    r"(?:(?:to|will|is\s+going\s+to|should)\s+|(?=owns\s)))(?P<action>\S.*)",
    ("to", "will", "going", "should", "own", *_MARKER_GUARDS),
    cased=True,
)
_DELEGATED = Cue(
    rf"\b(?:let'?s|let\s+us|we'?ll|we\s+will|i'?ll|i\s+will|we\s+should)\s+(?:have|get|ask)\s+(?P<who>{_WHO})\s+"
    r"(?:to\s+)?(?P<action>.+)",
    ("let", "ll", "ill", "well", "will", "should"),
    cased=True,
)
_ASKED_ABOUT = Cue(
    rf"\b(?:can|could|would|will)\s+(?P<who>{_WHO})\s+(?:please\s+)?(?:be\s+able\s+to\s+)?(?P<action>[^?]+)\?",
    ("can", "could", "would", "will"),
    cased=True,
)
_OWNER_LABEL = Cue(rf"\b(?:owners?|assignee|dri)\s*[:=]\s*(?P<who>{_WHO})", ("owner", "assignee", "dri"), cased=True)
_UNOWNED = Cue(
    rf"(?:\b{_MARKER}|\b(?:we\s+(?:also\s+|really\s+|still\s+)?(?:need|should|must|ought\s+to|have\s+to)|"
    r"someone\s+(?:should|needs\s+to|must|has\s+to)|can\s+someone|somebody\s+should)\s+)(?P<action>.+)",
    (*_MARKER_GUARDS, "need", "should", "must", "ought", "have", "has", "someone"),
    cased=True,
)
_MARKED = Cue(rf"\b{_MARKER}", _MARKER_GUARDS, cased=True)
# Put off to later planning: a follow-up even without a date ("look into it next sprint").
_LATER = Cue(
    r"\b(?:next|this|coming|following)\s+(?:sprint|iteration|quarter)\b|\bbacklog\b", ("next", "this", "coming", "following", "backlog")
)
_ARTEFACT = Cue(
    r"\b(?:add|write|create|set\s+up|build|document|file|open|schedule|introduce|automate|draft|put\s+together|"
    r"need\s+(?:an?|the|better|more|some))\b.*\b(?:"
    r"alert\w*|monitor\w*|dashboard|runbook|playbook|test\w*|check|ticket|doc\w*|post-?mortem|template|process|guard\w*|"
    r"validation|lint\w*|drill|training|checklist|limit)\b",
    ("add", "write", "create", "set", "build", "document", "file", "open", "schedule", "introduce", "automate", "draft", "put",
     "need"),
)
_FOLLOW_UP = CueGroup([_MINE, _ASKED, _TEAM, _UNOWNED, _THIRD_PERSON, _DELEGATED, _ASKED_ABOUT, _OWNER_LABEL])
_NOUN_PHRASE = re.compile(r"^(?:an?|the|better|more|some|proper)\s", re.I)
_LEADING = re.compile(r"^(?:to|also|please|go\s+ahead\s+and|make\s+sure\s+to|make\s+sure\s+we)\s+", re.I)
# "own the pgbouncer upgrade" -> "the pgbouncer upgrade": what is owned is the action, not the owning.
_OWNING = re.compile(
    r"^(?:owns?|take\s+(?:care|ownership)\s+of|take\s+on|take(?=\s+(?:it|that|this|the)\b)|handle|pick\s+up)\s+", re.I
)
_ONLY_A_PRONOUN = re.compile(r"^(?:it|that|this|them|one)(?:\s+(?:from\s+here|for\s+now|too|then|over))?$", re.I)
# What follows a name and "will"/"to" that is not an action: "Leo will be back", "Dana should have known",
# "Dana to the rescue", "Lee to me: ...", "Action: Sam, thanks for the runbook".
_NOT_AN_ACTION = re.compile(
    r"^(?:be|been|being|have|has|had|not|never|probably|likely|still|need|want|know|see|hear|think|say|said|tell|"
    r"get\s+back|thanks?|the|an?|my|our|your|his|her|their|me|you|us|him|them|it|this|that)\b",
    re.I,
)
_EMPTY_BRACKETS = re.compile(r"\s*[(\[][\s,;:–—-]*[)\]]")
_CONTENT = re.compile(r"[^\W\d_]{2,}")
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
    owners = Owners(messages, roles)
    namer = RoleNamer(role_map(roles))
    items: list[ActionItem] = []
    seen: set[str] = set()
    for position, message in enumerate(messages):
        if is_system(message) or not message.author or not _FOLLOW_UP.could_match(message.text):
            continue
        said_to = _Said(messages, position, owners, after_line)
        said_to.anchor = message.time.date() if message.time is not None else incident_date
        spans = list(_sentences(said_to.text))
        label = _owner_label(said_to, spans)
        for number, (start, end) in enumerate(spans):
            item = _item(said_to, start, end, namer, label if label is not None and label.sentence == number else None)
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

    def __init__(self, messages: list[Message], position: int, owners: Owners, after_line: int | None) -> None:
        self.message = messages[position]
        self.text = strip_code(self.message.text)
        self.found = said(self.text)
        self.speaker = (self.message.author or "").strip()
        self.owners = owners
        self.after_line = after_line
        self.anchor: date | None = None
        self._messages = messages
        self._position = position

    def replies(self) -> Iterator[Message]:
        """The messages said after this one, in order."""
        return (self._messages[later] for later in range(self._position + 1, len(self._messages)))

    def blank(self, start: int, end: int) -> None:
        """Spaces over text[start:end], keeping every position (sentence bounds) where it was."""
        self.text = self.text[:start] + " " * (end - start) + self.text[end:]
        self.found = said(self.text)


class _Label(NamedTuple):
    """An owner label ("Owner: the storage team") and the sentence whose action it owns."""

    owner: str
    sentence: int
    inline: bool  # written in the action's own sentence, so it beats an owner named there
    due_phrase: str | None  # said beside a label that stands alone ("Owner: Dana, due Friday")


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for stop in _SENTENCES.finditer(text):
        yield start, stop.start()
        start = stop.end()
    yield start, len(text)


def _owner_label(said_to: _Said, spans: list[tuple[int, int]]) -> _Label | None:
    """A label inside a sentence owns that sentence; one standing alone owns the next sentence when it opens the
    message ("Owner: X. Cap ..."), else the one before ("Cap ... Owner: X"), unless that sentence names its own."""
    match = _OWNER_LABEL.search(said_to.text, said_to.found)
    owner = said_to.owners.named(match.group("who")) if match else None
    if match is None or owner is None:
        return None
    said_to.blank(match.start(), match.end())
    here = next((number for number, (_, end) in enumerate(spans) if match.start() < end), len(spans) - 1)
    rest = said_to.text[spans[here][0]:spans[here][1]]
    due_match = DUE_PATTERN.search(rest)
    if _CONTENT.search(rest[: due_match.start()] + rest[due_match.end():] if due_match else rest):
        return _Label(owner, here, True, None)
    target = here + 1 if here == 0 else here - 1
    return _Label(owner, target, False, due_match.group(0) if due_match else None) if target < len(spans) else None


def _item(said_to: _Said, start: int, end: int, namer: RoleNamer, label: _Label | None) -> ActionItem | None:
    text, found = said_to.text, said_to.found
    owner, action, replies = _owner_and_action(said_to, start, end)
    if label is not None and (label.inline or owner is None):
        owner, action = label.owner, action if action is not None else text[start:end]
    if action is None:
        return None
    due_match = DUE_PATTERN.search(action)
    due = resolve_relative_date(due_match.group(0), said_to.anchor) if due_match else None
    if due is None and label is not None and label.due_phrase:
        due = resolve_relative_date(label.due_phrase, said_to.anchor)
    in_window = said_to.after_line is not None and said_to.message.line > said_to.after_line
    marked = label is not None or _MARKED.search(text, found, start, end) or _LATER.search(text, found, start, end)
    if not (in_window or due is not None or marked):
        if said_to.after_line is not None or not _ARTEFACT.search(text, found, start, end):
            return None
    if due_match is not None and due is not None:
        action = action[: due_match.start()] + action[due_match.end():]
    action = _TRAILING.sub("", _LEADING.sub("", _EMPTY_BRACKETS.sub("", action).strip()))
    owning = _OWNING.match(action)
    if owning:
        action = action[owning.end():]
        if _ONLY_A_PRONOUN.match(action):  # "I'll take it" accepts an action said before; it is not one
            return None
    if len(action) < 4:
        return None
    if _NOUN_PHRASE.match(action) and not owning:
        action = f"add {action}"  # "we need an alert on X" -> "Add an alert on X"
    action = capitalise(shorten(namer.replace(action), 200))
    lines = [said_to.message.line, *(reply.line for reply in replies)]
    return ActionItem(action=action, owner=owner, due=due, type=action_type(action), source_lines=lines)


def _owner_and_action(said_to: _Said, start: int, end: int) -> tuple[str | None, str | None, list[Message]]:
    """Owner, action, and the replies that settled the owner (an answer to "Can Sam own ...?")."""
    text, found, owners = said_to.text, said_to.found, said_to.owners
    if match := _ASKED.search(text, found, start, end):
        return owners.named(match.group("name")), match.group("action"), []
    if assigned := _assigned(said_to, start, end):
        return assigned
    if match := _UNOWNED.search(text, found, start, end):
        action = match.group("action")
        mention = re.match(r"(@[\w.-]+)\s+(?:to\s+)?(.+)", action)
        if mention:
            return owners.named(mention.group(1)), mention.group(2), []
        return None, action, []
    if match := _MINE.search(text, found, start, end):
        return said_to.speaker, match.group("action"), []
    if match := _TEAM.search(text, found, start, end):
        return team_name(match.group("team")), match.group("action"), []
    return None, None, []


def _assigned(said_to: _Said, start: int, end: int) -> tuple[str | None, str, list[Message]] | None:
    """An action given to someone other than the speaker, in the third person or by a question they answer."""
    text, found, owners = said_to.text, said_to.found, said_to.owners
    # A name is the subject only where it opens the sentence: in "paging Leo to help", Leo is not assigned.
    opening = _THIRD_PERSON.pattern.match(text, start, end) if _THIRD_PERSON in found.cues else None
    if opening and (owner := owners.named(opening.group("labelled") or opening.group("who"))):
        if not _NOT_AN_ACTION.match(opening.group("action")):
            return owner, opening.group("action"), []
    match = _DELEGATED.search(text, found, start, end)
    if match and (owner := owners.named(match.group("who"))) and not _NOT_AN_ACTION.match(match.group("action")):
        return owner, match.group("action"), []
    match = _ASKED_ABOUT.search(text, found, start, end)
    if match and (asked := owners.named(match.group("who"))) and not _NOT_AN_ACTION.match(match.group("action")):
        if asked != said_to.speaker:
            owner, reply = owners.confirmed(asked, said_to.speaker, said_to.replies())
            return owner, match.group("action"), [reply] if reply is not None else []
    return None
