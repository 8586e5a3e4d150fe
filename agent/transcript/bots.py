"""Integrations posting under a plain name. Slack marks an app, but a Telegram, Discord or Matrix copy shows "Jira" or
"Jenkins CI" exactly as it shows a person. Such an author is a bot (kind "bot": never a responder, read by the
machine rules) when its name is a known system, or when it writes like a template: every one of its messages
(at least MIN_TEMPLATED) opens on the same machine shape, an issue key ("HP-2240 …: assigned to …") or a status
symbol ("✅ client (main) #8808 passed", "❌ … failed"). People open their messages with words."""

import re
import unicodedata
from collections import defaultdict

from agent.models.message import Message

MIN_TEMPLATED = 3  # fewer messages than this cannot show a template
_ISSUE_KEY = re.compile(r"[A-Z][A-Z0-9]{1,9}-\d+\b")


def opening_shape(text: str) -> str | None:
    """The machine shape a message opens on: "issue-key", "symbol", or None for words (a person's opening)."""
    text = text.lstrip()
    if _ISSUE_KEY.match(text):
        return "issue-key"
    if text and unicodedata.category(text[0]) == "So" and len(text.split()) > 1:
        return "symbol"
    return None


def mark_bots(messages: list[Message]) -> list[Message]:
    """`messages` with every message of a system or templated author made kind "bot"."""
    from agent.facts.naming import is_system_name  # the facts package reads transcripts: import it when called

    shapes: dict[str, set[str | None]] = defaultdict(set)
    counts: dict[str, int] = defaultdict(int)
    for message in messages:
        if message.author and message.kind == "chat":
            shapes[message.author].add(opening_shape(message.text))
            counts[message.author] += 1
    bots = {author for author, seen in shapes.items()
            if is_system_name(author) or (counts[author] >= MIN_TEMPLATED and len(seen) == 1 and None not in seen)}
    if not bots:
        return messages
    return [message.model_copy(update={"kind": "bot"}) if message.kind == "chat" and message.author in bots
            else message for message in messages]
