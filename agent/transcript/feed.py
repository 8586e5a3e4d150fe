"""Activity feeds copied from a web app (an incident platform's timeline, a ticket's comments, a status page's
history): each entry a card of its own, parted from the next by a blank line, holding a name, a time alone on its
line and the text. The time stands under the name, closes the card, or opens it over a line of who did what.

    Dana Whitfield                 Better Stack                           11:49:30 PM
    · 11:43 PM                     Incident started, heartbeat late.      Rosa Lind added a note
    rolling back the record        2:14 PM                                mq-2 disk 98%

A card's author is the name right above its time (a name alone, or the first words of "Federica Greco ha aggiunto
una nota"); else a name beside the time under the text ("Jordan Ellis · 9:14 AM"); else, when the time closes the
card, its first line's; when the time opens the card, the name leading the line under it. Avatar initials and
badges ("SV", "APP") are left out, and so are the time line and what the app writes beside the time ("· via Slack",
"(1 giorno fa)", "E-Mail · …"). A file reads as a feed when at least MIN_CARDS cards make up most of its time-only
lines; outside the cards its lines read as plain notes do."""

import re
from dataclasses import dataclass

from agent.transcript.assemble import CONTINUED, Found, Start
from agent.transcript.authors import lone_name, looks_like_name, small_name_words
from agent.transcript.clock import Stamp
from agent.transcript.date_order import day_first_order
from agent.transcript.days import parse_day_line
from agent.transcript.incident_csv import cell_stamp
from agent.transcript.plain import scan_generic, scan_plain
from agent.transcript.stamped import scan_stamped

MIN_CARDS = 3
CARD_SCORE = 3  # a card names its author and time as surely as a chat header does
# a card whose name stands above a time line that also holds a label ("E-Mail · 03.12.2026 23:41") outscores the
# layouts that would take that label for the author of a one-line header ("Name · date")
LABELLED_CARD_SCORE = 5
_BADGE = re.compile(r"^[A-Z]{1,3}$")  # avatar initials ("SV"), "APP", "BOT"
# what an app writes beside a card's time: a middle dot or bullet between items, or one parenthesis
_BESIDE_TIME = re.compile(r"^(?:\([^()\n]{0,40}\)|[^\n]*[\u00b7\u2022|][^\n]*)$")
_SEGMENTS = re.compile(r"\s+[\u00b7\u2022|]\s+")  # "E-Mail · 03.12.2026 23:41", "Jordan Ellis · 9:14 AM"
_TRAILING_PARENTHESIS = re.compile(r"\s*\([^()\n]{0,40}\)$")  # "(1 giorno fa)", "(edited)"
_MAX_LABEL_WORDS = 6
# a name leading a line of what its owner did ("Olu Bankole wrote: …", "Bram Verhoeven heeft de Status gewijzigd")
_LEADING_NAME = re.compile(r"^((?:[A-Z][\w'\u2019.\-]*\s){2,3}?)(?=[a-z(])")  # given name and surname at least


@dataclass(frozen=True, slots=True)
class Card:
    """One entry of the feed: where its message starts, who wrote it and when, and its lines that are no text."""

    first: int  # the card's first line: the message starts there
    header: int  # the line naming its author
    stamp: Stamp
    author: str
    hidden: tuple[int, ...]  # lines that are no text: the time, initials and badges, a name alone
    score: int = CARD_SCORE


@dataclass(frozen=True, slots=True)
class _TimeLine:
    stamp: Stamp
    name: str | None  # "Jordan Ellis · 9:14 AM": who wrote the card, on its time line
    labelled: bool = False  # a label beside the time ("E-Mail · …")


def read(lines: list[str]) -> tuple[list[str], list[Found], list[str]]:
    """(lines, what each line is, warnings): each card a message; day headings between cards ("Yesterday",
    "Saturday, November 21, 2026") date them."""
    cards = _feed_cards(lines)
    # outside the cards, lines read as plain notes do: a paragraph a card could not be made of keeps its time
    found: list[Found] = [(parse_day_line(line, relative=True) or scan_generic(line)) if line.strip() else None
                          for line in lines]
    covered = {index for card in cards for index in range(card.first, _paragraph_end(lines, card.first))}
    for index in covered:
        found[index] = None
    for card in cards:
        for index in card.hidden:
            found[index] = CONTINUED
        text = None if card.first in card.hidden else lines[card.first].strip()
        found[card.first] = Start(author=card.author, stamp=card.stamp, text=text)
    return lines, found, []


def line_scores(lines: list[str]) -> list[int]:
    """Each card's score on its header line (the name), for format detection; nothing when the file is no feed."""
    scores = [0] * len(lines)
    for card in _feed_cards(lines):
        scores[card.header] = card.score
    return scores


def _feed_cards(lines: list[str]) -> list[Card]:
    """The cards, when the file reads as a feed; else none."""
    day_first, _ = day_first_order(segment for line in lines for segment in _SEGMENTS.split(line.strip()))
    cards, time_lines = [], 0
    start = None
    for index, line in enumerate([*lines, ""]):
        if line.strip():
            start = index if start is None else start
            continue
        if start is not None:
            paragraph = range(start, index)
            times = {i: found for i in paragraph if (found := _time_line(lines[i], day_first)) is not None}
            time_lines += len(times)
            if len(times) == 1:
                card = _card(lines, paragraph, *next(iter(times.items())))
                if card is not None:
                    cards.append(card)
            start = None
    return cards if len(cards) >= MIN_CARDS and 2 * len(cards) > time_lines else []


def _card(lines: list[str], paragraph: range, at: int, time_line: _TimeLine) -> Card | None:
    """The card whose time is on line `at`. Its author is the name right above the time; else the name on the
    time line ("Jordan Ellis · 9:14 AM" under the text); else, when the time closes the card, its first line's."""
    above = [i for i in range(paragraph.start, at) if not _BADGE.match(lines[i].strip())]
    if not above:
        return _opened_by_time(lines, paragraph, at, time_line)
    header, (author, shown) = above[-1], _named_by(lines[above[-1]].strip())
    if author is None and time_line.name is not None:
        header, author, shown = at, time_line.name, True
    elif author is None and at == paragraph.stop - 1 and len(above) > 1:
        header, (author, shown) = above[0], _named_by(lines[above[0]].strip())
    if author is None:
        return None
    hidden = [i for i in range(paragraph.start, at) if i not in above]
    hidden += [at] + ([] if shown or header == at else [header])
    score = LABELLED_CARD_SCORE if time_line.labelled and header != at else CARD_SCORE
    return Card(first=paragraph.start, header=header, stamp=time_line.stamp, author=author,
                hidden=tuple(sorted(hidden)), score=score)


def _opened_by_time(lines: list[str], paragraph: range, at: int, time_line: _TimeLine) -> Card | None:
    """A card whose time opens it, over a line naming who did what ("Jonas Weber added a note"). A short line alone
    under the time may as well be the event's title as a name ("Custom event"), so only a name leading what its
    owner did counts here (a name alone over the text is plain notes' rule, when it recurs)."""
    below = [i for i in range(at + 1, paragraph.stop) if not _BADGE.match(lines[i].strip())]
    leading = _LEADING_NAME.match(lines[below[0]].strip()) if below else None
    if leading is None:
        return None
    hidden = [at, *(i for i in range(at + 1, below[0]))]
    return Card(first=paragraph.start, header=below[0], stamp=time_line.stamp, author=leading.group(1).strip(),
                hidden=tuple(hidden))


def _named_by(text: str) -> tuple[str | None, bool]:
    """(the name a header line gives, whether the line is more than the name and stays text)."""
    if lone_name(text) or _whole_name(text):
        return text, False
    leading = _LEADING_NAME.match(text)
    return (leading.group(1).strip(), True) if leading else (None, True)


def _whole_name(text: str) -> bool:
    """A name with everyday or small words in it ("Uptime Monitor", "Automation for Jira"): every word capitalised
    but the particles names hold."""
    words = text.split()
    small_words = small_name_words()
    return looks_like_name(text) and all(word[:1].isupper() or word in small_words for word in words) and \
        words[-1][:1].isupper()


def _time_line(line: str, day_first: bool) -> _TimeLine | None:
    """A line holding only a date and time, maybe beside a short label of the app's or the writer's name."""
    found = scan_stamped(line) or scan_plain(line)
    if isinstance(found, Start) and found.stamp is not None and not found.author and (
            not found.text or _BESIDE_TIME.match(found.text.strip())):
        return _TimeLine(found.stamp, None)
    segments = _SEGMENTS.split(line.strip())
    if len(segments) < 2:
        return None
    stamps = [(i, stamp) for i, segment in enumerate(segments)
              if (stamp := cell_stamp(_TRAILING_PARENTHESIS.sub("", segment), day_first)) is not None]
    labels = [segment for i, segment in enumerate(segments) if i not in dict(stamps)]
    if len(stamps) != 1 or any(len(label.split()) > _MAX_LABEL_WORDS for label in labels):
        return None
    name = labels[0] if stamps[0][0] > 0 and (lone_name(labels[0]) or _whole_name(labels[0])) else None
    return _TimeLine(stamps[0][1], name, labelled=True)


def _paragraph_end(lines: list[str], start: int) -> int:
    end = start
    while end < len(lines) and lines[end].strip():
        end += 1
    return end
