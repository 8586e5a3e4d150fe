"""The transcript's messages as a model may see them, each converted on first use.

Converting a message (names to roles, data tags defused) costs a few microseconds; a 20,000-message channel
would spend a noticeable share of its draft on messages no prompt ever shows: a compacted prompt needs only
the newest messages and windows around key events, and grounding only the lines a section cites. Source
line spans never change under conversion, so they are answered without converting anything.
"""

from collections.abc import Callable, Sequence
from typing import overload

from agent.models import Message


class ModelMessages(Sequence[Message]):
    def __init__(self, messages: list[Message], convert: Callable[[Message], Message]) -> None:
        self._messages = messages  # redacted, real names: never handed out unconverted
        self._convert = convert
        self._converted: dict[int, Message] = {}
        self.spans = [(message.line, message.end_line) for message in messages]
        self.search_index = None  # agent.llm.search builds it on the first search: most drafts never search

    def __len__(self) -> int:
        return len(self._messages)

    @overload
    def __getitem__(self, index: int) -> Message: ...

    @overload
    def __getitem__(self, index: slice) -> list[Message]: ...

    def __getitem__(self, index: int | slice) -> Message | list[Message]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if index not in self._converted:
            self._converted[index] = self._convert(self._messages[index])
        return self._converted[index]


def source_spans(messages: Sequence[Message]) -> list[tuple[int, int]]:
    """(first line, last line) of each message; ModelMessages answers without converting any."""
    if isinstance(messages, ModelMessages):
        return messages.spans
    return [(message.line, message.end_line) for message in messages]
