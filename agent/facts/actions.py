"""Follow-ups said in chat become action items, each with the owner the chat gives it.

Who owns a sentence's action is `agent.facts.assignments`' call; an owner label beside the action ("Owner: the
storage team. Cap ...") is read here, since it may sit in the sentence before or after the one it owns.

A message the reader (agent.reading) reads as a follow-up counts as it is: each item of a list in it (bulleted,
numbered, or written on one line as "(1) ... (2) ..." or "One, ... Two, ...") becomes one action. An item nobody
owns where it is said is owned by whoever a later reply gives it to ("I'll take 2", "I can do the runbook one",
"Bartek, the scanning one is yours"). Other messages count when said after the incident ended (`after_line`), with a due
date (in their own sentence, or in one that holds nothing else: "... include the cron hosts? by next Friday"),
marked ("TODO:", "action item:", "Action:", "AI:", "follow-up:", "Owner:") or put off to a later sprint. Without a
known end, they must also name an artefact ("add an alert", "write a runbook") so that in-incident intentions
("I'll restart it") stay out.
"""

import re
from collections.abc import Collection, Iterable, Iterator
from datetime import date
from typing import NamedTuple

from agent.facts.assignments import ASSIGNMENT_CUES, MARKER, MARKER_GUARDS, Statement, owner_and_action
from agent.facts.cue import Cue, CueGroup, said
from agent.facts.dates import DUE_PATTERN, resolve_relative_date
from agent.facts.naming import RoleNamer, is_system, role_map
from agent.facts.owners import WHO, Owners
from agent.facts.phrasing import capitalise, shorten
from agent.models import ActionItem, Message, RoleAssignment
from agent.models.action import ActionType
from agent.reading import Reading

# A reply that gives an item to someone else: "Bartek, the secret scanning one is yours", "@lukas that's yours".
_HANDED = Cue(r"\byours\b", ("yours",))
_ADDRESSED = re.compile(rf"(?:.*?(?<![\w@.'-])(?P<mention>@[\w.-]+)|\s*(?P<who>{WHO})\s*[,:—–])", re.I)
# A reply that takes an item on: "I'll take 2", "I can do the runbook one", "mine: 3", "take 3", "4 myself",
# "2 I handle with finance".
_CLAIM = Cue(r"\b(?:i'?ll|i\s+will|i\s+can|i'?m\s+on|i\s+(?:take|handle|do|own|got)\b|me\b|mine\b|myself\b|let\s+me)"
             r"|^\W*take\b", ("ll", "ill", "will", "can", "on", "me", "mine", "myself", "let", "take", "handle", "do", "own",
                              "got"))
_OWNER_LABEL = Cue(rf"\b(?:owners?|assignee|dri)\s*[:=]\s*(?P<who>{WHO})", ("owner", "assignee", "dri"), cased=True)
_MARKED = Cue(rf"\b{MARKER}", MARKER_GUARDS, cased=True)
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
_FOLLOW_UP = CueGroup([*ASSIGNMENT_CUES, _OWNER_LABEL])
_NOUN_PHRASE = re.compile(r"^(?:an?|the|better|more|some|proper)\s", re.I)
_LEADING = re.compile(r"^(?:to|also|please|go\s+ahead\s+and|make\s+sure\s+to|make\s+sure\s+we)\s+", re.I)
# "own the pgbouncer upgrade" -> "the pgbouncer upgrade": what is owned is the action, not the owning.
_OWNING = re.compile(
    r"^(?:owns?|take\s+(?:care|ownership)\s+of|take\s+on|take(?=\s+(?:it|that|this|the)\b)|do(?=\s+(?:it|that|this)\b)"
    r"|handle|pick\s+up)\s+",
    re.I,
)
# "I'll take it", "I can take that, Rafael has the alert already": the rest of the sentence is not the action.
_ONLY_A_PRONOUN = re.compile(
    r"^(?:it|that|this|them|one)(?:\s+(?:from\s+here|for\s+now|too|then|over))?(?:\s*[,;—–].*)?$", re.I
)
_EMPTY_BRACKETS = re.compile(r"\s*[(\[][\s,;:–—-]*[)\]]")
_CONTENT = re.compile(r"[^\W\d_]{2,}")
_TRAILING = re.compile(r"[\s,;:!.?]*(?:\bplease\b|\bthanks\b|\bthx\b)?[\s,;:!.?]*$", re.I)
# A sentence ends at . ! ? after a word (not after the "1." that numbers a list item) or at a line break.
_SENTENCES = re.compile(r"(?<=[^\d\s][.!?])\s+|\n+")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*•]|\(?(?P<number>\d{1,2})[.)]|\[[ x]\])[ \t]+", re.I | re.M)
# Items counted in words, as people say them: "More follow-ups. One, alert on ... Two, a game day ...".
_COUNTED = ("one", "two", "three", "four", "five", "six")
_ORDINAL = ("first", "second", "third", "fourth", "fifth", "sixth")
# A list written on one line: "follow-ups: (1) load test (2) runbook (3) pool math", or counted in words. Items only
# when they count on from 1 (a lone "(2)" or "3)" is a reference, not a list).
_INLINE_ITEM = re.compile(
    r"(?<![^\s:;,])\(?(?P<number>[1-9])\)[ \t]+"
    rf"|(?:(?<=^)|(?<=[.:;]\s))(?P<word>{'|'.join(_COUNTED + _ORDINAL)})(?:ly)?\s*[,:]\s+",
    re.I,
)
_HEADING = re.compile(r":\s*$")  # "Follow-ups:" introduces a list; it is not an action
CLAIM_REACH = 15  # messages after a list in which an item may still be claimed
_SHARED_WORD = re.compile(r"[a-z][a-z0-9-]{3,}")
# Words any two sentences share: a reply that has only these in common with an item does not point at it.
_FUNCTION_WORDS = frozenset(
    "have with that this from will what when then them they there their these those into also just some more every "
    "about after before should would could need make sure been were your ours only each than over".split()
)
# What may surround a due date said as a sentence of its own: "by next Friday please", "next week is fine".
_BESIDE_A_DUE_DATE = re.compile(
    r"(?:[\s,;:!.?–—-]|\b(?:please|pls|thanks|thx|ideally|if\s+possible|at\s+the\s+latest|latest|is\s+fine|works|"
    r"would\s+be\s+(?:great|good|ideal))\b)*",
    re.I,
)

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
    messages: Iterable[Message], *, incident_date: date, roles: list[RoleAssignment], after_line: int | None = None,
    readings: list[Reading] | None = None, from_line: int | None = None, looking_back: Collection[int] = (),
) -> list[ActionItem]:
    """Due dates resolve against the day the follow-up was said (the incident date when a message has no time).
    `readings`: the reader's kind of each message; a message read as a follow-up needs no cue to count.
    `from_line`: where the response began; a follow-up answers the incident, so nothing said before it is one.
    `looking_back`: lines that tell what went well or luckily: a follow-up there needs a cue of its own."""
    messages = list(messages)
    owners = Owners(messages, roles)
    namer = RoleNamer(role_map(roles))
    items: list[ActionItem] = []
    seen: set[str] = set()
    # One person's log names no writer on most lines: its lines are theirs. In a chat, a line without an author is
    # a notice or a continuation, never a follow-up.
    people = [message for message in messages if not is_system(message)]
    one_writer = sum(message.author is None for message in people) * 2 > len(people)
    claims: set[int] = set()  # replies that took on an item listed before: owners, not new actions
    for position, message in enumerate(messages):
        follow_up = (readings is not None and "action_item" in (readings[position].kind, *readings[position].also)
                     and message.line not in looking_back)
        if (is_system(message) or not (message.author or one_writer) or message.line in claims
                or not (follow_up or _FOLLOW_UP.could_match(message.text))):
            continue
        if from_line is not None and message.line < from_line:
            continue
        anchor = message.time.date() if message.time is not None else incident_date
        statement = Statement(messages, position, owners, after_line=after_line, anchor=anchor)
        spans = list(_sentences(statement.text))
        label = _owner_label(statement, spans)
        for number, (start, end) in enumerate(spans):
            own_label = label if label is not None and label.sentence == number else None
            due_beside = (own_label.due_phrase if own_label else None) or _due_said_next(statement, spans, number)
            item = _item(statement, start, end, namer, own_label, due_beside, follow_up=follow_up,
                         whole=len(spans) == 1)
            if item is not None and item.owner is None:
                item, numbered_claim = _claimed_later(item, statement, messages, position, owners, start,
                                                      sole=len(spans) == 1)
                if numbered_claim is not None:
                    claims.add(numbered_claim)
            if item is not None and item.action.lower() not in seen:
                seen.add(item.action.lower())
                items.append(item)
    return items


def _claimed_later(item: ActionItem, statement: Statement, messages: list[Message], position: int, owners: Owners,
                   start: int, *, sole: bool = False) -> tuple[ActionItem, int | None]:
    """An unowned item of a follow-up message, owned by the first later reply that claims it ("I'll take 2") or
    gives it to someone ("Bartek, the runbook one is yours"), pointing at it by its number in the list, by its
    words ("I can do the runbook one") or, for the message's `sole` item, by replying in its thread. Also the line
    of a reply that claimed it by number: that reply only hands out items ("1 is mine", "take 3, the load test"),
    so it is no new action; one that names the item's words may add one of its own ("yes, and I'll also add a
    health check")."""
    listed = _listed(statement.text, start)
    number = _item_number(listed) if listed else None
    # "I'll take 2", "(2) is mine", "take one, the alert", "the second one is mine"
    pointer = re.compile(rf"(?<![\d.:]){number}(?![\d:.]\d)|\b(?:{_COUNTED[number - 1]}|{_ORDINAL[number - 1]})\b"
                         if number is not None and number <= len(_COUNTED) else rf"(?<![\d.:]){number}(?![\d:.]\d)")
    words = set(_SHARED_WORD.findall(item.action.lower())) - _FUNCTION_WORDS
    for later in messages[position + 1: position + 1 + CLAIM_REACH]:
        if is_system(later) or not later.author:
            continue
        text = later.text.lower()
        by_number = number is not None and pointer.search(text) is not None
        in_thread = sole and later.thread_parent_line == statement.message.line
        if not (by_number or in_thread or len(words & set(_SHARED_WORD.findall(text))) >= 2):
            continue
        owner = _claimant(later, owners)
        if owner is not None:
            claimed = item.model_copy(update={"owner": owner, "source_lines": [*item.source_lines, later.line]})
            return claimed, later.line if by_number else None
    return item, None


def _claimant(reply: Message, owners: Owners) -> str | None:
    """Who a reply gives an item to: its writer when they take it, the person it addresses when it hands it out."""
    author = (reply.author or "").strip()
    found = said(reply.text)
    if _CLAIM.search(reply.text, found) is not None:
        return owners.named(author) or author
    if _HANDED.search(reply.text, found) is not None and (addressed := _ADDRESSED.match(reply.text)):
        return owners.named(addressed.group("mention") or addressed.group("who"))
    return None


def action_type(action: str) -> ActionType | None:
    """The first type, in `TYPE_ORDER`, that any keyword in the action points to ("failover drill" is respond)."""
    found = {TYPE_KEYWORDS[match.group(1)] for match in _TYPE.finditer(action)}
    return next((kind for kind in TYPE_ORDER if kind in found), None)


class _Label(NamedTuple):
    """An owner label ("Owner: the storage team") and the sentence whose action it owns."""

    owner: str
    sentence: int
    inline: bool  # written in the action's own sentence, so it beats an owner named there
    due_phrase: str | None  # said beside a label that stands alone ("Owner: Dana, due Friday")


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """Sentences and lines, and the items of a list written on one line."""
    items = _inline_items(text)
    start = 0
    for stop in _SENTENCES.finditer(text):
        yield from _split_at(start, stop.start(), items)
        start = stop.end()
    yield from _split_at(start, len(text), items)


def _inline_items(text: str) -> list[int]:
    """Where the items of a one-line list begin: markers numbered 1, 2, ... in order, at least two of them."""
    starts, expected = [], 1
    for marker in _INLINE_ITEM.finditer(text):
        if _item_number(marker) == expected:
            starts.append(marker.start())
            expected += 1
    return starts if len(starts) > 1 else []


def _item_number(marker: re.Match[str]) -> int | None:
    """The number a list marker gives its item: "3." or "(3)" or "third," -> 3; None for a bullet."""
    if marker.group("number"):
        return int(marker.group("number"))
    word = (marker.groupdict().get("word") or "").lower()
    return (_COUNTED.index(word) if word in _COUNTED else _ORDINAL.index(word)) + 1 if word else None


def _split_at(start: int, end: int, cuts: list[int]) -> Iterator[tuple[int, int]]:
    for cut in cuts:
        if start < cut < end:
            yield start, cut
            start = cut
    yield start, end


def _listed(text: str, start: int, end: int | None = None) -> re.Match[str] | None:
    """The list marker a sentence opens with: a bullet or number at a line start, or an item of a one-line list."""
    end = len(text) if end is None else end
    listed = _LIST_ITEM.match(text, start, end)
    if listed is None and start in _inline_items(text):
        listed = _INLINE_ITEM.match(text, start, end)
    return listed


def _owner_label(statement: Statement, spans: list[tuple[int, int]]) -> _Label | None:
    """A label inside a sentence owns that sentence; one standing alone owns the next sentence when it opens the
    message ("Owner: X. Cap ..."), else the one before ("Cap ... Owner: X"), unless that sentence names its own."""
    match = _OWNER_LABEL.search(statement.text, statement.found)
    owner = statement.owners.named(match.group("who")) if match else None
    if match is None or owner is None:
        return None
    statement.blank(match.start(), match.end())
    here = next((number for number, (_, end) in enumerate(spans) if match.start() < end), len(spans) - 1)
    rest = statement.text[spans[here][0]:spans[here][1]]
    due_match = DUE_PATTERN.search(rest)
    if _CONTENT.search(rest[: due_match.start()] + rest[due_match.end():] if due_match else rest):
        return _Label(owner, here, True, None)
    target = here + 1 if here == 0 else here - 1
    return _Label(owner, target, False, due_match.group(0) if due_match else None) if target < len(spans) else None


def _past_beside_words(text: str, start: int, end: int) -> int:
    """Where the words that may stand beside a due date ("please", "at the latest") end; the pattern matches the
    empty string too, so there is always a match."""
    beside = _BESIDE_A_DUE_DATE.match(text, start, end)
    return beside.end() if beside else start


def _due_said_next(statement: Statement, spans: list[tuple[int, int]], number: int) -> str | None:
    """The due date of sentence `number` when the sentence after it says nothing else ("... the cron hosts? by
    next Friday please")."""
    if number + 1 >= len(spans):
        return None
    start, end = spans[number + 1]
    start = _past_beside_words(statement.text, start, end)
    due = DUE_PATTERN.pattern.match(statement.found.lowered, start, end) if DUE_PATTERN in statement.found.cues else None
    if due is None or _past_beside_words(statement.text, due.end(), end) != end:
        return None
    return due.group(0)


def _under_heading(text: str, start: int) -> bool:
    """A line of its own after a line that introduces a list ("follow-ups:"): an item, bulleted or not, unless it
    asks something of the list ("owners?")."""
    before = text[:start]
    line_end = text.find("\n", start)
    if text[start:line_end if line_end >= 0 else len(text)].rstrip().endswith("?"):
        return False
    return before.endswith("\n") and any(_HEADING.search(line) for line in before.split("\n") if line.strip())


def _item(
    statement: Statement, start: int, end: int, namer: RoleNamer, label: _Label | None, due_beside: str | None,
    *, follow_up: bool = False, whole: bool = False,
) -> ActionItem | None:
    """`due_beside`: a due date said outside the action's sentence (beside its owner label, or in the next one).
    `follow_up`: the reader read the message as a follow-up, so a list item (or the whole message, `whole`) is an
    action as it stands."""
    text, found = statement.text, statement.found
    owner, action, replies = owner_and_action(statement, start, end)
    if label is not None and (label.inline or owner is None):
        owner, action = label.owner, action if action is not None else text[start:end]
    listed = _listed(text, start, end)
    if action is None and follow_up and (listed or whole or _under_heading(text, start)) and not _HEADING.search(
            text[start:end]):
        action = text[listed.end() if listed else start:end]
    elif action is not None and listed and action.startswith(text[start:listed.end()].strip()):
        action = action[len(text[start:listed.end()].strip()):]
    if action is None:
        return None
    due_match = DUE_PATTERN.search(action)
    due = resolve_relative_date(due_match.group(0), statement.anchor) if due_match else None
    if due is None and due_beside is not None:
        due = resolve_relative_date(due_beside, statement.anchor)
    in_window = statement.after_line is not None and statement.message.line > statement.after_line
    marked = label is not None or _MARKED.search(text, found, start, end) or _LATER.search(text, found, start, end)
    if not (follow_up or in_window or due is not None or marked) and (
            statement.after_line is not None or not _ARTEFACT.search(text, found, start, end)):
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
    lines = [statement.message.line, *(reply.line for reply in replies)]
    return ActionItem(action=action, owner=owner, due=due, type=action_type(action), source_lines=lines)
