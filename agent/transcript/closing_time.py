"""Chats copied from a desktop app that shows each message's time under its text (Signal Desktop, Viber): the
sender's name over the first of their messages, each message's text, then its time alone on a line (for a message
sent moments ago, how long ago: "Jetzt", "12 Min.", which dates nothing).

    Jonas Becker
    Ist app.kontor.de bei euch auch weg?
    10:12
    DNS_PROBE_FINISHED_NXDOMAIN bei mir
    10:12

A message is the lines after the previous time line up to its own. A name alone opening it (one that opens
MIN_NAMED messages or more) is its sender; a message that opens without one is the same sender's next. A text reads
this way when at least MIN_MESSAGES time lines close messages, it opens with words (a day heading aside) and it
ends with a time: a chat that writes the time over the text opens with a time or ends with words."""

from dataclasses import dataclass

from agent.transcript.assemble import Found, Start, close_message, scores_at
from agent.transcript.authors import lone_name
from agent.transcript.clock import Stamp
from agent.transcript.days import JUST_SENT, parse_day_line
from agent.transcript.plain import scan_plain

MIN_MESSAGES = 4
MIN_NAMED = 2
CLOSING_SCORE = 3  # as sure as a chat header: a text that ends with a time has no message after its last header


@dataclass(frozen=True, slots=True)
class Closed:
    first: int  # the message's first line
    closing: int  # its time line
    stamp: Stamp | None  # none when the app shows how long ago it was sent


def _time_alone(line: str) -> Stamp | None:
    found = scan_plain(line.strip())
    if isinstance(found, Start) and found.stamp is not None and not found.author and not found.text:
        return found.stamp
    return None


def _closes(line: str) -> bool:
    """A time alone, or what the app shows instead under a message sent moments ago ("Jetzt", "12 Min.")."""
    return _time_alone(line) is not None or JUST_SENT.match(line.strip()) is not None


def _messages(lines: list[str]) -> list[Closed]:
    """The messages, when the text reads with its times under the messages; else none."""
    messages: list[Closed] = []
    first: int | None = None
    content = [index for index, line in enumerate(lines)
               if line.strip() and parse_day_line(line.strip(), relative=True) is None]
    if not content or _closes(lines[content[0]]) or not _closes(lines[content[-1]]):
        return []
    for index in content:
        if not _closes(lines[index]):
            first = index if first is None else first
        elif first is not None:
            messages.append(Closed(first, index, _time_alone(lines[index])))
            first = None
    return messages if len(messages) >= MIN_MESSAGES else []


def read(lines: list[str]) -> tuple[list[str], list[Found], list[str]]:
    """(lines, what each line is, warnings): each message at the time under it, by the name opening it or above."""
    messages = _messages(lines)
    openers = [lines[message.first].strip() for message in messages]
    names = {name for name in openers if openers.count(name) >= MIN_NAMED and lone_name(name)}
    found: list[Found] = [parse_day_line(line.strip(), relative=True) if line.strip() else None for line in lines]
    author: str | None = None
    for message, opener in zip(messages, openers, strict=True):
        named = opener in names and message.closing > message.first + 1
        author = opener if named else author
        start = Start(author=author, stamp=message.stamp, text=None if named else opener)
        close_message(found, start, message.first, message.closing)
    return lines, found, []


def line_scores(lines: list[str]) -> list[int]:
    """CLOSING_SCORE on each message's first line, for format detection; nothing when the text reads otherwise."""
    return scores_at(len(lines), [message.first for message in _messages(lines)], CLOSING_SCORE)
