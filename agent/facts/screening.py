"""Transcript lines that try to instruct an AI are data: extraction never reads them."""

from collections.abc import Iterable

from agent.models import Message
from agent.privacy.injection import is_instruction_to_ai


def split_instructions(messages: Iterable[Message]) -> tuple[list[Message], list[Message]]:
    """(messages to read, messages ignored because they address an AI). Typographic apostrophes become ASCII
    in the messages to read, so that every cue written with "'" also matches "I’ll" and "it’s"."""
    kept: list[Message] = []
    ignored: list[Message] = []
    for message in messages:
        if is_instruction_to_ai(message.text):
            ignored.append(message)
        else:
            kept.append(message.model_copy(update={"text": message.text.replace("’", "'")}) if "’" in message.text else message)
    return kept, ignored


def screened(messages: Iterable[Message]) -> list[Message]:
    return split_instructions(messages)[0]
