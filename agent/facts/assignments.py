"""Who one sentence of a follow-up gives its action to, and the words of the action.

Owners: the speaker of a commitment ("I'll add ..."); the person a request is addressed to ("@leo can you ...",
"Marco, can you ...", "Lee: please ...", "Thanks Dana, could you ...") unless they decline or someone else
takes it; a person or team assigned in the third person ("Dana to write ...", "Action: Priya will ...",
"AI: Marcus - rotate ...", "Let's have Lee look into ..."); the person asked in a question once they say yes
("Can Sam own ...?" "Yes, I'll take it"). Unowned follow-ups ("we also need ...", "someone should ...") have
owner None. Who counts as a person or a team, and how replies settle a request or question, is
`agent.facts.owners`' call.
"""

import re
from collections.abc import Iterator
from datetime import date

from agent.facts.cue import Cue, said
from agent.facts.naming import is_system
from agent.facts.owners import WHO, Owners, team_name
from agent.facts.phrasing import strip_code
from agent.models import Message

# "AI:" only in capitals: lower-case "ai:" is more often about a model than an action item.
MARKER = r"(?:(?:todo|to-do|action\s+item|follow[-\s]?up)s?\s*[:\-]|(?:actions?|(?-i:AI)|next\s+steps?)\s*:)\s*"
MARKER_GUARDS = ("todo", "to", "action", "follow", "followup", "ai", "next")
_LEAD_WORDS = r"ok(?:ay)?|so|and|then|also|great|cool|agreed|right"
_LEAD_IN = rf"\s*(?:[-*•]\s+)?(?:(?:{_LEAD_WORDS})\b[,\s]+)?"
# Before the name a request is addressed to: "Thanks Dana, can you ...", "hey Lee - please ...".
_GREETING = rf"\s*(?:[-*•]\s+)?(?:(?:{_LEAD_WORDS}|hi|hey|hello|thanks|thank\s+you|thx|cheers|btw)\b[,!\s]+)*"
_MINE = Cue(
    r"\b(?:i'?ll|i\s+will|i'?m\s+going\s+to|i\s+am\s+going\s+to|i\s+can|let\s+me|i'?ll\s+(?:take|own))\s+(?:also\s+)?(?P<action>.+)",
    ("ll", "ill", "will", "going", "can", "let"),
    cased=True,
)
# A request opens its sentence with the name it is addressed to; an @handle may stand anywhere before it.
_REQUEST = Cue(
    rf"(?:{_GREETING}|.*?(?<![\w@.'-])(?=@))(?P<who>{WHO})(?:\s*[,:—–]\s*|\s+-\s+|\s+)"
    r"(?:(?:can|could|would|will)\s+you\s+|please\s+)(?:(?:please|also|just)\s+)*(?P<action>.+)",
    ("you", "please"),
    cased=True,
)
_TEAM = Cue(r"\b(?P<team>[a-z][\w-]*\s+team)\s+(?:will|to|owns|should)\s+(?P<action>.+)", ("team",), cased=True)
# A sentence that starts with who does it: "Dana to write ...", "Action: Priya will ...", "AI: Marcus - rotate ...".
_THIRD_PERSON = Cue(
    rf"{_LEAD_IN}(?<![\w@.'-])(?:{MARKER}(?P<labelled>{WHO})\s*(?:[—–:,]|\s-)\s*|(?:{MARKER})?(?P<who>{WHO})\s+"
    r"(?:(?:to|will|is\s+going\s+to|should)\s+|(?=owns\s)))(?P<action>\S.*)",
    ("to", "will", "going", "should", "own", *MARKER_GUARDS),
    cased=True,
)
_DELEGATED = Cue(
    rf"\b(?:let'?s|let\s+us|we'?ll|we\s+will|i'?ll|i\s+will|we\s+should)\s+(?:have|get|ask)\s+(?P<who>{WHO})\s+"
    r"(?:to\s+)?(?P<action>.+)",
    ("let", "ll", "ill", "well", "will", "should"),
    cased=True,
)
_ASKED_ABOUT = Cue(
    rf"\b(?:can|could|would|will)\s+(?P<who>{WHO})\s+(?:please\s+)?(?:be\s+able\s+to\s+)?(?P<action>[^?]+)\?",
    ("can", "could", "would", "will"),
    cased=True,
)
_UNOWNED = Cue(
    rf"(?:\b{MARKER}|\b(?:we\s+(?:also\s+|really\s+|still\s+)?(?:need|should|must|ought\s+to|have\s+to)|"
    r"someone\s+(?:should|needs\s+to|must|has\s+to)|can\s+someone|somebody\s+should)\s+)(?P<action>.+)",
    (*MARKER_GUARDS, "need", "should", "must", "ought", "have", "has", "someone"),
    cased=True,
)
ASSIGNMENT_CUES = (_MINE, _REQUEST, _TEAM, _UNOWNED, _THIRD_PERSON, _DELEGATED, _ASKED_ABOUT)
# What follows a name and "will"/"to"/"can you" that is not an action: "Leo will be back", "Dana should have
# known", "Dana to the rescue", "Lee to me: ...", "Action: Sam, thanks for the runbook", "Marco, can you see it?".
_NOT_AN_ACTION = re.compile(
    r"^(?:be|been|being|have|has|had|not|never|probably|likely|still|need|want|know|see|hear|think|say|said|tell|"
    r"get\s+back|thanks?|the|an?|my|our|your|his|her|their|me|you|us|him|them|it|this|that)\b",
    re.I,
)

Assignment = tuple[str | None, str | None, list[Message]]


class Statement:
    """One message being read for follow-ups, with what every sentence of it needs."""

    def __init__(
        self, messages: list[Message], position: int, owners: Owners, *, after_line: int | None, anchor: date
    ) -> None:
        self.message = messages[position]
        self.text = strip_code(self.message.text)
        self.found = said(self.text)
        self.speaker = (self.message.author or "").strip()
        self.owners = owners
        self.after_line = after_line
        self.anchor = anchor  # the day it was said, which relative due dates count from
        self._messages = messages
        self._position = position

    def replies(self) -> Iterator[Message]:
        """The messages said after this one, in order, up to the next one that asks someone to do something: a
        reply answers the latest request or question before it."""
        for later in range(self._position + 1, len(self._messages)):
            message = self._messages[later]
            if self._asks_someone(message):
                return
            yield message

    def _asks_someone(self, message: Message) -> bool:
        if is_system(message):
            return False
        text = strip_code(message.text)
        found = said(text)
        for cue in (_REQUEST, _ASKED_ABOUT):
            match = cue.search(text, found)
            if match is not None and self.owners.named(match.group("who")) is not None:
                return True
        return False

    def blank(self, start: int, end: int) -> None:
        """Spaces over text[start:end], keeping every position (sentence bounds) where it was."""
        self.text = self.text[:start] + " " * (end - start) + self.text[end:]
        self.found = said(self.text)


def owner_and_action(statement: Statement, start: int, end: int) -> Assignment:
    """Owner, action, and the replies that settled the owner, for the sentence text[start:end]; the action is
    None when the sentence gives none."""
    text, found, owners = statement.text, statement.found, statement.owners
    if requested := _requested(statement, start, end):
        return requested
    if assigned := _assigned(statement, start, end):
        return assigned
    if match := _UNOWNED.search(text, found, start, end):
        action = match.group("action")
        mention = re.match(r"(@[\w.-]+)\s+(?:to\s+)?(.+)", action)
        if mention:
            return owners.named(mention.group(1)), mention.group(2), []
        return None, action, []
    if match := _MINE.search(text, found, start, end):
        return statement.speaker or None, match.group("action"), []
    if match := _TEAM.search(text, found, start, end):
        return team_name(match.group("team")), match.group("action"), []
    return None, None, []


def _requested(statement: Statement, start: int, end: int) -> Assignment | None:
    """A request addressed to a participant or team: theirs unless the replies decline it or pass it on."""
    opening = _REQUEST.pattern.match(statement.text, start, end) if _REQUEST in statement.found.cues else None
    if opening is None or _NOT_AN_ACTION.match(opening.group("action")):
        return None
    asked = statement.owners.named(opening.group("who"))
    if asked is None:  # "Friday, can you ...", "Grafana, can you ...": not addressed to anyone who can own it
        return None
    owner, settled = statement.owners.confirmed(asked, statement.speaker, statement.replies(), requested=True)
    return owner, opening.group("action"), settled


def _assigned(statement: Statement, start: int, end: int) -> Assignment | None:
    """An action given to someone other than the speaker, in the third person or by a question they answer."""
    text, found, owners = statement.text, statement.found, statement.owners
    # A name is the subject only where it opens the sentence: in "paging Leo to help", Leo is not assigned.
    opening = _THIRD_PERSON.pattern.match(text, start, end) if _THIRD_PERSON in found.cues else None
    if (opening and (owner := owners.named(opening.group("labelled") or opening.group("who")))
            and not _NOT_AN_ACTION.match(opening.group("action"))):
        return owner, opening.group("action"), []
    match = _DELEGATED.search(text, found, start, end)
    if match and (owner := owners.named(match.group("who"))) and not _NOT_AN_ACTION.match(match.group("action")):
        return owner, match.group("action"), []
    match = _ASKED_ABOUT.search(text, found, start, end)
    if (match and (asked := owners.named(match.group("who"))) and not _NOT_AN_ACTION.match(match.group("action"))
            and asked != statement.speaker):
        owner, settled = owners.confirmed(asked, statement.speaker, statement.replies())
        return owner, match.group("action"), settled
    return None
