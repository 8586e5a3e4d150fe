"""The order in which a transcript's messages happened. Chats are written as things happen; a live state document
or a pager log copied from the web lists its newest entry first, and a tool's timeline pasted below a chat goes back
to its start. The phase of an incident (under way, attempted, resolved) builds up in the order things happened, so
timed entries are read oldest first."""

from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import pairwise
from typing import TypeVar

from agent.models import Message

Reading = TypeVar("Reading")


def in_order_of_events(messages: Sequence[Message], readings: Sequence[Reading]) -> list[tuple[Message, Reading]]:
    """Each message with its reading, oldest first: in source order when no timed message steps back in time. An
    untimed message keeps its place after the timed one above it (a header stays first, a follow-up line stays with
    its entry); entries at one time keep their order."""
    pairs = list(zip(messages, readings, strict=True))
    times = [message.time for message in messages if message.time is not None]
    if len({moment.tzinfo is None for moment in times}) > 1:
        return pairs  # naive and aware times cannot be compared
    if all(earlier <= later for earlier, later in pairwise(times)):
        return pairs
    keys: list[tuple[int, datetime, int]] = []
    above: datetime | None = None
    for index, message in enumerate(messages):
        above = message.time if message.time is not None else above
        keys.append((0, datetime.min, index) if above is None else (1, _comparable(above), index))
    return [pairs[index] for index in sorted(range(len(pairs)), key=keys.__getitem__)]


def _comparable(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None) if moment.tzinfo is None else moment.astimezone(UTC).replace(tzinfo=None)
