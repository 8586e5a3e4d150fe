"""Notes people write into a pager or incident tool's log. PagerDuty and Opsgenie show a responder's note as one of
the tool's own entries ("Note added by Dana Okafor: rolling back build 4812"); read as the tool's, the words are
nobody's: the responder is missing from the roles, and the note is read as a machine line, so a time it states
("stuck since 11:20 PM last night") dates nothing. The note shapes are data (`notes` in layouts.yaml)."""

import re
import textwrap
from functools import lru_cache

from agent.models.message import Message
from agent.transcript.authors import given_name_first, looks_like_name
from agent.transcript.layout import compile_pattern, layout_file


@lru_cache(maxsize=1)
def _note_shapes() -> tuple[re.Pattern, ...]:
    return tuple(compile_pattern("notes", pattern) for pattern in layout_file().notes)


def people_notes(messages: list[Message]) -> list[Message]:
    """`messages` with each note a person wrote into a tool's log made that person's chat message."""
    return [_as_note(message) or message if message.kind == "bot" else message for message in messages]


def _as_note(message: Message) -> Message | None:
    from agent.facts.naming import is_system_name  # the facts package reads transcripts: import it when called

    for shape in _note_shapes():
        match = shape.match(message.text.strip())
        if match is None:
            continue
        named = match.groupdict().get("author")
        author = named.strip() if named else message.author
        if not author or not looks_like_name(author) or is_system_name(author):
            return None  # a note the tool does not say who wrote stays the tool's entry
        first, _, rest = match.group("text").partition("\n")
        text = f"{first}\n{textwrap.dedent(rest)}".strip()  # PagerDuty indents a note's lines under its heading
        return message.model_copy(update={"author": given_name_first(author), "text": text, "kind": "chat"})
    return None
