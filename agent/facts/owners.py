"""Who a follow-up names as its owner when it is not the speaker: a known person, a team, or the person asked.

A word counts as a person only when it resolves to a participant: an author of the transcript or a name the
roster already holds (someone paged or given a role). Capitalised words that are not participants ("Friday",
"Postgres", "Grafana") are never owners, and a system's name never is, even when it posted in the channel.
Teams are "<word> team" ("the storage team", "data platform team") or an all-capitals team name ("SRE").
A person asked in a question ("Can Sam own the upgrade?") owns it only once they say yes; a person a request
is addressed to ("Sam, can you own the upgrade") owns it unless they decline. Either way someone else who
volunteers ("I'll take it") owns it instead, and a refusal that names someone else ("can't this week, Yusuf
can take it") passes it on: Yusuf's answer then decides, as for a question.
"""

import re
from collections.abc import Iterable

from agent.facts.naming import KNOWN_SYSTEMS, NameIndex, is_system, people_in_order
from agent.models import Message, RoleAssignment

# How far after a question its answer is looked for, in messages from people.
REPLY_WINDOW = 8
# How a follow-up writes who it is for: an @mention, a team, or a name of one or two words (validated by `named`).
WHO = r"(?:@[\w.-]+|(?:the\s+)?[\w-]+(?:\s+[\w-]+)?\s+team\b|[A-Za-z][\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*)?)"
_TEAM = re.compile(
    r"(?:the\s+)?(?P<team>(?P<first>[\w-]+)(?:\s+[\w-]+)?\s+team|(?-i:SREs?|DBAs?|NOC|SOC|QA|SecOps|DevOps))", re.I
)
# "our team", "the whole team": a team, but no one in particular.
_NO_TEAM = frozenset("a an any each every other our my your their his her its same some that this whole entire one".split())
_ACCEPT = re.compile(
    r"^\W*(?:yes|yep|yeah|yup|sure|ok|okay|absolutely|of\s+course|happy\s+to|will\s+do|on\s+it|can\s+do|sounds\s+good"
    r"|no\s+(?:problem|worries)|i'?ll\s+(?:take|own|do|handle|grab)|i\s+(?:will|can)\b(?!['’]t|\s+not)|i'?ve\s+got|i\s+got"
    r"|mine\b|\+1|👍)",
    re.I,
)
# A reply that turns a request down; one that neither takes nor refuses it ("which runbook?") leaves it standing.
_DECLINE = re.compile(
    r"^\W*(?:no\b(?!\s+(?:problem|worries)\b)|nope|nah|unfortunately|can['’]?t|cannot|won['’]?t"
    r"|not\s+(?:me|now|this\s+(?:week|sprint|month|time))\b|i\s+(?:can['’]?t|cannot|can\s+not|won['’]?t|don['’]?t\s+have)"
    r"|i['’]?m\s+(?:out|off|away|swamped|on\s+(?:leave|holiday|vacation|pto))\b|i\s+am\s+(?:out|off|away)\b)",
    re.I,
)
# Someone else named in a reply as the one to do it: "Yusuf can take it", "ask the storage team".
_PASSED_ON = re.compile(
    rf"(?<![\w@.'-])(?:ask\s+(?P<asked>{WHO})|(?P<who>{WHO})\s+(?:can|could|should|might|would|will)\s+"
    r"(?:take|own|do|handle|grab|pick\s+up|cover)\b)",
    re.I,
)
_VOLUNTEER = re.compile(r"\bi(?:'?ll|\s+will|\s+can)\s+(?:take|own|grab|handle|pick\s+up)\s+(?:it|that|this)\b", re.I)


MIN_PHONE_DIGITS = 7


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


class Owners:
    """The participants and roster of one transcript, and the rules that make a written name an owner."""

    def __init__(self, messages: Iterable[Message], roles: Iterable[RoleAssignment]) -> None:
        people = people_in_order(messages)
        known = set(people)
        self._index = NameIndex(people + [r.name for r in roles if r.name not in known and not _is_system_name(r.name)])
        # WhatsApp and Signal mention a contact saved only by number as "@447700900217"; the author line shows
        # "+44 7700 900217".
        self._by_number = {_digits(p): p for p in people if len(_digits(p)) >= MIN_PHONE_DIGITS}

    def named(self, token: str) -> str | None:
        """The person or team `token` names; None for anything else.

        An @mention is a person even when they never wrote in the channel. A bare name must be capitalised,
        unless the participant's own name is written in lower case (an IRC nick such as "kofi").
        """
        token = token.strip().rstrip("'’.,:;!?")
        if not token:
            return None
        if team := team_name(token):
            return team
        if token.startswith("@"):
            handle = token.lstrip("@")
            if handle.isdigit() and handle in self._by_number:
                return self._by_number[handle]
            return (self._index.resolve(handle) or handle) if handle and not _is_system_name(handle) else None
        if _is_system_name(token):
            return None
        person = self._index.resolve(token)
        if person is None or not (token[0].isupper() or person == person.lower()):
            return None
        return person

    def confirmed(
        self, asked: str, asker: str, replies: Iterable[Message], *, requested: bool = False
    ) -> tuple[str | None, list[Message]]:
        """Who took on what `asker` asked `asked` (a person or team) to do, and the replies that settled it.

        A question needs a yes from `asked`; a request (`requested`) stands unless `asked` turns it down.
        """
        replies = iter(replies)
        seen = 0
        for reply in replies:
            author = (reply.author or "").strip()
            if is_system(reply) or not author or author == asker:
                continue
            seen += 1
            if seen > REPLY_WINDOW:
                break
            accepted = bool(_ACCEPT.search(reply.text))
            if author == asked or (accepted and team_name(asked)):
                if accepted:
                    return asked, [reply]
                if passed_to := self._passed_on(reply.text, author):
                    owner, settled = self.confirmed(passed_to, author, replies)
                    return owner, [reply, *settled]
                if requested and not _DECLINE.search(reply.text):
                    continue
                return None, [reply]
            if _VOLUNTEER.search(reply.text):
                return author, [reply]
        return (asked if requested else None), []

    def _passed_on(self, text: str, author: str) -> str | None:
        """The participant or team a reply hands the action to, other than its author."""
        for match in _PASSED_ON.finditer(text):
            named = self.named(match.group("asked") or match.group("who"))
            if named is not None and named != author:
                return named
        return None


def team_name(token: str) -> str | None:
    """'the storage team' -> 'storage team'; 'SRE' -> 'SRE'; None for 'our team' or anything not a team."""
    match = _TEAM.fullmatch(token.strip())
    if match is None or (match.group("first") or "").lower() in _NO_TEAM:
        return None
    return match.group("team")


def _is_system_name(name: str) -> bool:
    return name.strip().lower() in KNOWN_SYSTEMS
