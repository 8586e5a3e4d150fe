"""E-mail threads pasted as text. A header block (From: with Date: or Outlook's Sent:, maybe To:, Cc:, Subject:)
opens each mail; a reply's quoted copy of an earlier mail ("On Tue, 3 Mar 2026 at 13:40, Bo Chen <bo@…> wrote:"
over "> " lines, or a "From: … Sent: …" block under the reply) is read once: as a mail of its own when the paste
holds no other copy of it, and skipped when it does. Each mail is one message with its author and time; its
signature, separators ("-----Original Message-----") and quoted text that names no earlier mail are not read.
Dates are RFC 2822 (`Tue, 3 Mar 2026 14:05:11 +0100`) or as mail clients show them (`Tuesday, March 3, 2026
2:05 PM`, `Tue 3/3/2026 2:05 PM`, `3 March 2026 at 14:05`); the order of numeric dates is decided per file.
Mail saved raw (an .eml, an mbox) is decoded first (agent/transcript/raw_mail.py) and read here as a paste."""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from agent.transcript.assemble import CONTINUED, Found, Start
from agent.transcript.clock import Stamp, parse_clock, says_half_day
from agent.transcript.date_order import day_first_order
from agent.transcript.days import date_text
from agent.transcript.mail_headers import When, header_at, is_decoration
from agent.transcript.zones import zone_from_token

HEADER_SCORE = 3  # detection weight of each line of a mail's header
ATTRIBUTION_SCORE = 3  # of an "On … wrote:" line
BODY_SCORE = 1  # of a line of a mail's text
_QUOTE = re.compile(r"^[ \t]*((?:>[ \t]?)+)")
_REPLY_PREFIX = re.compile(r"^(?:(?:re|fwd?|aw|wg|sv|vs|tr|rv|enc)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)
_SIGNATURE = re.compile(r"^--\s?$")
_QUOTED = -1  # quoted text under no attribution: what follows it is a mail's text resumed
# Zones are whole quarter hours apart: a copy of a mail on another zone's clock is off by a multiple of this.
_ZONE_STEP = timedelta(minutes=15)


@dataclass(slots=True)
class _Mail:
    start: int  # index of its first header line (or its attribution line)
    body: int  # index of its first line of text
    depth: int  # how many ">" quote its own text
    author: str | None
    when: When | None
    subject: str | None = None
    quoted: bool = False  # known only from a reply's "On …, Name wrote:" line


def _split_quote(line: str) -> tuple[int, str]:
    """(quote depth, the line without its ">" marks)."""
    match = _QUOTE.match(line)
    return (0, line) if match is None else (match.group(1).count(">"), line[match.end():])


def _find_mails(contents: list[str], depths: list[int]) -> list[_Mail]:
    mails: list[_Mail] = []
    index = 0
    while index < len(contents):
        header = header_at(contents, depths, index) if contents[index].strip() else None
        if header is None:
            index += 1
            continue
        mails.append(_Mail(index, header.end, depths[index] + header.quoted, header.author, header.when,
                           header.subject, header.quoted))
        index = header.end
    return mails


def _owners(contents: list[str], depths: list[int], mails: list[_Mail]) -> list[int | None]:
    """For each line, the mail whose own text it is (by position in `mails`), or None: header lines, text before
    any mail, and quoted text under no attribution belong to none."""
    owners: list[int | None] = [None] * len(contents)
    starts = {mail.start: number for number, mail in enumerate(mails)}
    stack: list[int] = []
    index = 0
    while index < len(contents):
        if index in starts:
            number = starts[index]
            while stack and mails[stack[-1]].depth >= mails[number].depth:
                stack.pop()
            stack.append(number)
            index = mails[number].body
            continue
        if contents[index].strip():
            while stack and mails[stack[-1]].depth > depths[index]:
                stack.pop()  # the quoted mail ended
            if stack and mails[stack[-1]].depth == depths[index]:
                owners[index] = stack[-1]
        elif stack and depths[index] >= mails[stack[-1]].depth:
            owners[index] = stack[-1]  # a blank line inside a mail's text
        index += 1
    return owners


def _own_lines(contents: list[str], owners: list[int | None], mails: list[_Mail]) -> list[list[int]]:
    """Each mail's lines of text, without decoration lines and without its signature."""
    lines: list[list[int]] = [[] for _ in mails]
    signed: set[int] = set()
    for index, owner in enumerate(owners):
        if owner is None or owner in signed:
            continue
        if _SIGNATURE.match(contents[index]):
            signed.add(owner)
        elif not is_decoration(contents[index]):
            lines[owner].append(index)
    return [_unsigned(contents, indexes, mail.author) for indexes, mail in zip(lines, mails, strict=True)]


def _unsigned(contents: list[str], indexes: list[int], author: str | None) -> list[int]:
    """A mail's lines without a last paragraph that signs it with its writer's name ("Priya Natarajan" over her
    team, or "Thanks," over "Priya"), as mail is signed without the "-- " line."""
    names = {word.lower() for word in re.split(r"[\s,]+", author or "") if len(word) > 1} | {(author or "").lower()}
    texts = [index for index in indexes if contents[index].strip()]
    breaks = [index for index in texts if index - 1 in indexes and not contents[index - 1].strip()]
    if not author or not breaks:
        return indexes
    last = [index for index in texts if index >= breaks[-1]]
    first = contents[last[0]].strip().rstrip(",.!").lower()
    closing = len(last) > 1 and contents[last[0]].rstrip().endswith(",") and len(first.split()) <= 3
    if first in names or (closing and contents[last[1]].strip().rstrip(",.").lower() in names):
        return [index for index in indexes if index < breaks[-1]]
    return indexes


def _stamp(when: When | None, day_first: bool) -> Stamp | None:
    clock = parse_clock(when.clock) if when else None
    if when is None or clock is None:
        return None
    zone = zone_from_token(when.zone) if when.zone else None
    return Stamp(clock=clock, day_hint=date_text(when.date, day_first=day_first), zone=zone,
                 twelve_hour=says_half_day(when.clock))


def _normal(text: str) -> str:
    return " ".join(text.lower().split())[:300]


def read(lines: list[str], anchor: date | None = None) -> tuple[list[str], list[Found], list[str]]:
    """(lines as their text should read: quoted mails without their ">" marks, what each line is, warnings). Text
    above the first mail reads as a note of its own; every other line that is no read mail's own text is skipped."""
    split = [_split_quote(line) for line in lines]
    depths = [depth for depth, _ in split]
    contents = [content for _, content in split]
    mails = _find_mails(contents, depths)
    owners = _owners(contents, depths, mails)
    own = [set(indexes) for indexes in _own_lines(contents, owners, mails)]
    day_first, warnings = day_first_order((mail.when.date for mail in mails if mail.when), anchor=anchor)
    stamps = [_stamp(mail.when, day_first) for mail in mails]
    first = mails[0].start if mails else len(lines)
    found: list[Found] = [CONTINUED if (index >= first and line.strip()) or is_decoration(line) else None
                          for index, line in enumerate(lines)]
    texts = [_normal("\n".join(contents[index] for index in sorted(indexes))) for indexes in own]
    read_mails = _unread_copies_dropped(mails, texts, stamps)
    for number, subject in read_mails.items():
        found[mails[number].start] = Start(author=mails[number].author, stamp=stamps[number], text=subject)
    cleaned = list(lines)
    starts = {mail.start: number for number, mail in enumerate(mails)}
    previous: int | None = None  # the mail whose lines came last
    spoken: set[int] = set()  # the mails whose text has begun
    for index, owner in enumerate(owners):
        previous = starts.get(index, previous)
        if owner is None:
            previous = _QUOTED if depths[index] and contents[index].strip() else previous
            continue
        if owner in read_mails and index in own[owner]:
            cleaned[index] = contents[index]
            found[index] = None
            if previous != owner and contents[index].strip():
                # a mail's text resumed below a quote it answered inline: a message of its own, by its writer; when
                # nothing came before the quote, its header starts no message of its own
                found[index] = Start(author=mails[owner].author, stamp=stamps[owner], text=contents[index])
                if owner not in spoken and read_mails[owner] is None:
                    found[mails[owner].start] = CONTINUED
            if contents[index].strip():
                spoken.add(owner)
        previous = owner if contents[index].strip() else previous
    return cleaned, found, warnings


def _unread_copies_dropped(mails: list[_Mail], texts: list[str], stamps: list[Stamp | None]) -> dict[int, str | None]:
    """The mails to read (by position), each with its subject when it opened a thread ("Re:" and "Fw:" subjects
    repeat an earlier one) and is the earliest mail to carry it. Of copies of one mail (one text, not sent apart),
    one is read: its header's copy if the paste has it, else the first; a mail with neither text nor a subject of
    its own says nothing."""
    copies: dict[str, list[int]] = {}  # text -> the copy read of each sending: a header's over a quote's
    for number, text in enumerate(texts):
        if not text:
            continue
        sendings = copies.setdefault(text, [])
        same = next((place for place, read in enumerate(sendings) if not _sent_apart(stamps[number], stamps[read])), None)
        if same is None:
            sendings.append(number)
        elif mails[sendings[same]].quoted and not mails[number].quoted:
            sendings[same] = number
    kept = [number for number, text in enumerate(texts) if not text or number in copies[text]]
    holders: dict[str, int] = {}
    for number in kept:
        subject = mails[number].subject or ""
        key = "" if _REPLY_PREFIX.match(subject) else _normal(subject)  # a reply's subject is its thread's, not news
        if key and (key not in holders or _sent_before(stamps[number], stamps[holders[key]])):
            holders[key] = number
    subjects = {number: (mails[number].subject or "").strip() for number in holders.values()}
    return {number: subjects.get(number) for number in kept if texts[number] or number in subjects}


def _sent_apart(stamp: Stamp | None, other: Stamp | None) -> bool:
    """Two mails of one text were sent at different times (an auto-reply answering twice), not copied: both dates
    are written in full and their clocks differ by what no zone explains (a copy keeps its minute, maybe on
    another zone's clock)."""
    first, second = _written_moment(stamp), _written_moment(other)
    if first is None or second is None:
        return False
    return (first.replace(second=0, microsecond=0) - second.replace(second=0, microsecond=0)) % _ZONE_STEP != timedelta(0)


def _sent_before(stamp: Stamp | None, other: Stamp | None) -> bool:
    """True when both dates are written in full and the first is earlier (a thread's clients share one zone)."""
    first, second = _written_moment(stamp), _written_moment(other)
    return first is not None and second is not None and first < second


def _written_moment(stamp: Stamp | None) -> datetime | None:
    """The moment a header writes with its full date (day, month and year), on the header's own clock."""
    hint = stamp.day_hint if stamp is not None else None
    if stamp is None or hint is None or hint.year is None:
        return None
    try:
        return datetime.combine(date(hint.year, hint.month, hint.day), stamp.clock)
    except ValueError:
        return None


def line_scores(lines: list[str]) -> list[int]:
    """Detection weight of each line: every line of a mail's header and each "On … wrote:" line clearly, a mail's
    own text a little (a log pasted into a mail is still the mail, not a log block of its own)."""
    split = [_split_quote(line) for line in lines]
    depths = [depth for depth, _ in split]
    contents = [content for _, content in split]
    mails = _find_mails(contents, depths)
    scores = [BODY_SCORE if owner is not None and contents[index].strip() else 0
              for index, owner in enumerate(_owners(contents, depths, mails))]
    for mail in mails:
        for index in range(mail.start, mail.body):
            scores[index] = ATTRIBUTION_SCORE if mail.quoted else HEADER_SCORE
    return scores
