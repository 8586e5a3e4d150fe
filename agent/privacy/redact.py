"""Redact secrets and personal data from text, transcripts and any pydantic model before it leaves the machine.

Every match becomes `[REDACTED:<type>]` (types in `agent.privacy.patterns.KINDS`). Where a secret sits
inside context worth keeping (the password of `postgres://user:PASS@host`, the value after `api_key=`),
only the secret is masked. Customers named in the chat (agent.privacy.customers) are masked wherever their
names recur, also before the message that calls them customers, when the whole text or transcript is known.
Redaction is idempotent: no rule matches a placeholder, and each text is redacted until it is stable, so a
second redaction changes nothing and counts nothing.
"""

import functools
import re
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import Any, TypeVar

from pydantic import BaseModel, Field

from agent.models.message import Message, Transcript
from agent.privacy.customers import CustomerMentions, customer_names, responder_names
from agent.privacy.patterns import KINDS, PLACEHOLDER_PREFIX, RULES, SHORT_TEXT_RULES, Rule

ModelT = TypeVar("ModelT", bound=BaseModel)
_MAX_PASSES = 4
CUSTOMER_NAME = "customer-name"


def placeholder(kind: str) -> str:
    return f"{PLACEHOLDER_PREFIX}{kind}]"


class RedactionCounts(BaseModel):
    """How many items of each type were redacted."""

    counts: dict[str, int] = Field(default_factory=dict)

    def add(self, kind: str, number: int = 1) -> None:
        if number:
            self.counts[kind] = self.counts.get(kind, 0) + number

    def merge(self, other: "RedactionCounts") -> "RedactionCounts":
        """Add `other` into this one (in place) and return self, so merges chain."""
        for kind, number in other.counts.items():
            self.add(kind, number)
        return self

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class Redactor:
    """Applies every rule to each text it is given and accumulates the counts across calls.

    It learns customers' names from each text it sees (and from `texts` given up front, so a name is masked
    before the message that calls it a customer too); words of `participants`' names are never masked alone, and
    a name a tool's log gives a responder ("Note added by Rosa Villanueva") is never a customer's.
    It remembers the texts it has redacted, because incident channels repeat themselves (alerts firing again,
    bots, "+1"). The memory lives and dies with the redactor: it holds the very secrets it masked.
    """

    def __init__(self, texts: Iterable[str] = (), participants: Iterable[str] = ()) -> None:
        self.counts = RedactionCounts()
        self._seen: dict[str, tuple[str, tuple[str, ...]]] = {}
        self._participant_words = frozenset(word.lower() for name in participants if name for word in name.split())
        self._customers: list[str] = []
        self._customer_mentions: CustomerMentions | None = None
        texts = list(texts)
        self._responders = responder_names(texts)
        self._learn(customer_names(texts))

    def redact(self, text: str) -> str:
        self._responders |= responder_names([text])
        self._learn(customer_names([text]))
        if text not in self._seen:
            self._seen[text] = _redacted(text, self._customer_mentions)
        redacted, masked = self._seen[text]
        for kind in masked:
            self.counts.add(kind)
        return redacted

    def _learn(self, names: list[str]) -> None:
        # a participant giving their own number is a responder, not a customer: their name becomes a role
        new = [name for name in names if name not in self._customers and name not in self._responders
               and not {word.lower() for word in name.split()} <= self._participant_words]
        if new:
            self._customers += new
            self._customer_mentions = CustomerMentions(self._customers, except_words=self._participant_words)
            self._seen.clear()


def _redacted(text: str, customers: CustomerMentions | None) -> tuple[str, tuple[str, ...]]:
    """The redacted text and the type of each item masked, in order."""
    masked: list[str] = []
    # Masking a secret can expose a neighbour (a number glued to a phone number): repeat until stable,
    # which is also what makes a second redaction a no-op.
    for _ in range(_MAX_PASSES):
        redacted = _one_pass(text, masked, customers)
        if redacted == text:
            break
        text = redacted
    return text, tuple(masked)


_LONG_TOKEN = re.compile(r"[\w+/=.~-]{16}")


def _one_pass(text: str, masked: list[str], customers: CustomerMentions | None) -> str:
    lowered = text.lower()
    for rule in RULES if _LONG_TOKEN.search(text) else SHORT_TEXT_RULES:
        if rule.precheck and not rule.precheck(lowered):
            continue
        redacted = rule.pattern.sub(functools.partial(_mask, rule, masked=masked), text)
        if redacted != text:
            text = redacted
            lowered = text.lower()
    if customers is not None:
        text = customers.masked(text, lambda: _masked_customer(masked))
    return text


def _masked_customer(masked: list[str]) -> str:
    masked.append(CUSTOMER_NAME)
    return placeholder(CUSTOMER_NAME)


def _mask(rule: Rule, match: re.Match[str], *, masked: list[str]) -> str:
    # a rule's alternatives may mask a part (after a keyword) or the whole (a shape that needs none)
    group = rule.group if match.group(rule.group) is not None else 0
    secret = match.group(group)
    if rule.accept and not rule.accept(secret):
        return match.group(0)
    masked.append(rule.kind)
    if group == 0:
        return placeholder(rule.kind)
    start, end = match.span(group)
    whole_start = match.start()
    whole = match.group(0)
    return whole[: start - whole_start] + placeholder(rule.kind) + whole[end - whole_start :]


def redact_text(text: str) -> tuple[str, RedactionCounts]:
    redactor = Redactor([text])
    return redactor.redact(text), redactor.counts


def redact_lines(lines: Sequence[str]) -> list[tuple[str, RedactionCounts]]:
    """Each line redacted with its own counts, knowing the customers named on any line: a document names a
    customer once ("customer Priya Patel") and mentions them again elsewhere."""
    redactor = Redactor(lines)
    redacted = []
    for line in lines:
        before = dict(redactor.counts.counts)
        text = redactor.redact(line)
        counts = RedactionCounts()
        for kind, number in redactor.counts.counts.items():
            counts.add(kind, number - before.get(kind, 0))
        redacted.append((text, counts))
    return redacted


def redact_transcript(transcript: Transcript) -> tuple[Transcript, RedactionCounts]:
    """A copy with every message text redacted. Authors stay: roles and action owners are derived from them.

    A transcript marked `redacted` comes back as it is with no counts, which is what redacting it again
    would give (redaction is idempotent) without a second pass over a 20,000-message channel.
    """
    if transcript.redacted:
        return transcript, RedactionCounts()
    redactor = Redactor((message.text for message in transcript.messages),
                        participants=(message.author or "" for message in transcript.messages))
    key_lines = _pasted_key_lines(transcript.messages)
    messages = [_key_line_masked(message, redactor) if index in key_lines else _redacted_message(message, redactor)
                for index, message in enumerate(transcript.messages)]
    return transcript.model_copy(update={"messages": messages, "redacted": True}), redactor.counts


def _redacted_message(message: Message, redactor: Redactor) -> Message:
    text = redactor.redact(message.text)
    return message if text == message.text else message.model_copy(update={"text": text})


_KEY_BEGIN = re.compile(r"-----BEGIN [A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----")
_KEY_END = re.compile(r"-----END [A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----")
# a base64 line (a word alone is prose: it needs a digit, "+", "/" or "=", or key-like length) or a PEM header
_KEY_BODY = re.compile(r"(?=.*[0-9+/=]|.{16})[A-Za-z0-9+/=]{4,}|[A-Z][\w-]+: .*")


def _pasted_key_lines(messages: list[Message]) -> set[int]:
    """Messages that continue a private key someone pasted one line per message (IRC, a chat that sends each
    line on Enter): after a BEGIN line with no END, that author's base64 lines up to the END line. Alone,
    the short last line of a key body looks like nothing."""
    open_by: dict[str | None, bool] = {}
    found = set()
    for index, message in enumerate(messages):
        text = message.text.strip()
        if open_by.get(message.author) and (_KEY_BODY.fullmatch(text) or _KEY_END.fullmatch(text)):
            found.add(index)
            open_by[message.author] = not _KEY_END.fullmatch(text)
        else:
            begin = _KEY_BEGIN.search(text)
            open_by[message.author] = begin is not None and _KEY_END.search(text, begin.end()) is None
    return found


def _key_line_masked(message: Message, redactor: Redactor) -> Message:
    redactor.counts.add("private-key")
    return message.model_copy(update={"text": placeholder("private-key")})


def redact_model(
    model: ModelT, *, keep_fields: frozenset[str] = frozenset({"owner", "name"})
) -> tuple[ModelT, RedactionCounts]:
    """A copy of `model` with every string redacted, recursively through lists, dicts and nested models.

    Fields named in `keep_fields` (at any depth) are left as they are: owners and role names are the
    only place real names belong, and the local mapping restores them.
    """
    redactor = Redactor(_strings(model, keep_fields))
    return _redact_model(model, redactor, keep_fields), redactor.counts


def _strings(value: Any, keep_fields: frozenset[str]) -> Iterable[str]:
    """Every string `_redact_value` would redact, so customers are learnt before any of them is redacted."""
    if isinstance(value, Enum):
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in keep_fields:
                yield from _strings(getattr(value, name), keep_fields)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _strings(item, keep_fields)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item, keep_fields)


def _redact_model(model: ModelT, redactor: Redactor, keep_fields: frozenset[str]) -> ModelT:
    updates = {
        name: _redact_value(getattr(model, name), redactor, keep_fields)
        for name in type(model).model_fields
        if name not in keep_fields
    }
    return model.model_copy(update=updates)


def _redact_value(value: Any, redactor: Redactor, keep_fields: frozenset[str]) -> Any:
    if isinstance(value, Enum):
        return value
    if isinstance(value, str):
        return redactor.redact(value)
    if isinstance(value, BaseModel):
        return _redact_model(value, redactor, keep_fields)
    if isinstance(value, (list, tuple, set, frozenset)):
        return type(value)(_redact_value(item, redactor, keep_fields) for item in value)
    if isinstance(value, dict):
        return {key: _redact_value(item, redactor, keep_fields) for key, item in value.items()}
    return value


def format_counts(counts: RedactionCounts) -> str:
    """One stderr line, largest first: "redacted: 2 emails, 1 phone, 1 url-password, 1 ipv4"."""
    if not counts.total:
        return "redacted: nothing"
    order = {kind: index for index, kind in enumerate(KINDS)}
    ranked = sorted(counts.counts.items(), key=lambda item: (-item[1], order.get(item[0], len(order)), item[0]))
    return "redacted: " + ", ".join(_count_phrase(kind, number) for kind, number in ranked)


def _count_phrase(kind: str, number: int) -> str:
    plural = number != 1 and kind[-1].isalpha()
    return f"{number} {kind}{'s' if plural else ''}"
