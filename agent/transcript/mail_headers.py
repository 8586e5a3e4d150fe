"""The headers that open a mail in a pasted thread: a block of fields (From:, Date: or Outlook's Sent:, To:, Subject:,
in the client's language; several may share a line), Gmail's sender line (`Ana Lima <ana@…>  Tue, Mar 3, 2026 at
2:05 PM` over To:), and a reply's attribution of the mail it quotes ("On …, Bo Chen <bo@…> wrote:", "Am … schrieb
…:"). Field names and attribution wordings are data (`email_headers.yaml`)."""

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

from agent.errors import ConfigError
from agent.regex_text import RegexText
from agent.transcript.layout import expand_tokens
from agent.yaml_data import validated_yaml

HEADERS_FILE = "email_headers.yaml"
_ROLES = ("from", "date", "to", "cc", "subject", "other")
_MAILTO = re.compile(r"\s*[\[<(]mailto:[^\])>]*[\])>]\s*$", re.IGNORECASE)
_ANGLE = re.compile(r"^(?P<name>[^<>]*?)\s*<(?P<address>[^<>\s]+)>")
_COMMENT = re.compile(r"^(?P<address>[^()\s]+(?:\s+at\s+[^()\s]+)?)\s*\((?P<name>[^()]+)\)\s*$")
_DAY_DOT = re.compile(r"\b(\d{1,2})\.\s+(?=[^\W\d])")  # "26. November 2026": the German day's dot
# mbox's line before each mail: "From ana@example.org Tue Mar 10 14:05:00 2026", a list archive's "From ana at
# example.org …", Google Takeout's "From 1791…@xxx Tue Mar 10 14:05:00 +0000 2026".
_MBOX_SEPARATOR = r"from \S+(?: at \S+)?\s+\w{3} \w{3}\s+\d{1,2} \d{1,2}:\d{2}:\d{2}(?: [+-]\d{4})? \d{4}"
MBOX_SEPARATOR = re.compile(rf"^{_MBOX_SEPARATOR}\s*$", re.IGNORECASE)
# Lines mail clients write between mails or under a mail, never what a person wrote; mbox's "From " line included.
_DECORATION = re.compile(
    r"^\s*(?:-{3,}\s*(?:original message|forwarded message|urspr\u00fcngliche nachricht)\s*-{3,}|_{8,}|-{8,}"
    r"|begin forwarded message:|sent from my \w+.*|get outlook for \w+.*"
    rf"|{_MBOX_SEPARATOR})\s*$",
    re.IGNORECASE,
)


class HeaderWords(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    fields: dict[str, list[str]] = Field(min_length=1)
    attributions: list[RegexText] = Field(min_length=1)
    time_joiners: list[str]
    raw_fields: list[str] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class When:
    """A mail's date and time as written: the date text, the clock text and a zone token, if any."""

    date: str
    clock: str
    zone: str | None


@dataclass(frozen=True, slots=True)
class Header:
    """The header of a mail found at a line: where its text begins, who sent it and when."""

    end: int  # index of the line after the header
    author: str | None
    when: When | None
    subject: str | None
    quoted: bool  # an attribution: the mail's own text is quoted one level deeper


@dataclass(frozen=True, slots=True)
class _Patterns:
    field: re.Pattern[str]
    split: re.Pattern[str]
    roles: dict[str, str]
    attributions: tuple[re.Pattern[str], ...]
    leads: frozenset[str]
    when: re.Pattern[str]
    sender: re.Pattern[str]
    raw_fields: frozenset[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    text = resources.files("agent.transcript").joinpath(HEADERS_FILE).read_text(encoding="utf-8")
    words = validated_yaml(HeaderWords, text, HEADERS_FILE)
    if set(words.fields) - set(_ROLES):
        raise ConfigError(f"{HEADERS_FILE}: fields must be among {', '.join(_ROLES)}")
    roles = {name.lower(): role for role, names in words.fields.items() for name in names}
    names = "|".join(re.escape(name) for name in sorted(roles, key=len, reverse=True))
    label = rf"[*_]{{0,2}}(?P<name>{names})[*_]{{0,2}}\s*:[*_]{{0,2}}"
    joiners = "|".join(r"\s+".join(map(re.escape, joiner.split())) for joiner in words.time_joiners)
    when = expand_tokens(
        rf"^(?:<<WEEKDAY>>\.?,?\s+)?(?P<date><<MDATE>>|<<NDATE>>|<<ISODATE>>),?\s+(?:(?:{joiners})\.?\s+)?"
        r"(?P<clock><<CLOCK>>)(?:\s*\(?(?P<zone>[+-]\d{2}:?\d{2}|(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?"
        r"|[A-Z]{2,5})\)?)?(?=[\s,)]|$)"
    )
    return _Patterns(
        field=re.compile(rf"^{label}\s*(?P<value>.*)$", re.IGNORECASE),
        # Outlook's compact copy puts two fields on a line: "From: Ana <a@…>  Sent: Tuesday, …"
        split=re.compile(rf"(?:\s{{2,}}|\t+|;\s*)(?={label})", re.IGNORECASE),
        roles=roles,
        attributions=tuple(re.compile(pattern, re.IGNORECASE) for pattern in words.attributions),
        leads=frozenset(pattern.lstrip("^").split("\\s")[0].lower() for pattern in words.attributions),
        when=re.compile(when, re.IGNORECASE),
        sender=re.compile(r"^(?P<from>[^<>\t]{1,80}?\s*<[^<>\s]+@[^<>\s]+>)(?:\t+|\s{2,}|\s+)(?P<when>\S.*)$"),
        raw_fields=frozenset(name.lower() for name in words.raw_fields),
    )


def is_decoration(line: str) -> bool:
    """A separator or client line ("-----Original Message-----", "Sent from my iPhone", an archive's "From " line)."""
    return _DECORATION.match(line) is not None


def is_raw_field(name: str) -> bool:
    """A header field only a mail saved raw carries (MIME-Version, Received, …), not one a client shows."""
    return name.lower() in _patterns().raw_fields


def when_of(text: str) -> When | None:
    """The date and time at the start of `text` ("Tue, 3 Mar 2026 14:05:11 +0100", "Donnerstag, 26. November 2026
    13:48", "Thu, Aug 20, 2026 at 7:18 AM (2 hours ago)")."""
    match = _patterns().when.match(_DAY_DOT.sub(r"\1 ", text.strip()))
    return When(match.group("date"), match.group("clock"), match.group("zone")) if match else None


def author_of(value: str) -> str | None:
    """The sender's name ("Ana Lima <ana@…>", "Lima, Ana <ana@…>", "ana at example.org (Ana Lima)"), else the local
    part of the address."""
    value = _MAILTO.sub("", value.strip().strip("*_")).strip()
    for shape in (_ANGLE, _COMMENT):
        match = shape.match(value)
        if match and match.group("name").strip(" '\""):
            return match.group("name").strip(" '\"")
        if match:
            value = match.group("address")
    if "@" in value or " at " in value:
        return re.split(r"@|\s+at\s+", value, maxsplit=1)[0].strip(" '\"<") or None
    return value.strip(" '\"") or None


def _fields(line: str) -> dict[str, str] | None:
    """Role -> value for a line of header fields, or None when the line is not one."""
    patterns = _patterns()
    first = patterns.field.match(line.strip())
    if first is None:
        return None
    found: dict[str, str] = {}
    for piece in patterns.split.split(line.strip()):
        field = patterns.field.match(piece)
        if field:
            found.setdefault(patterns.roles[field.group("name").lower()], field.group("value").strip())
    return found


def header_at(contents: list[str], depths: list[int], index: int) -> Header | None:
    """The header that opens a mail at line `index` (lines without their quote marks, and their quote depths)."""
    return _block(contents, depths, index) or _attribution(contents, depths, index)


def _block(contents: list[str], depths: list[int], index: int) -> Header | None:
    """A block of header lines at one quote depth (a folded field goes on indented) naming a sender and a date, or
    Gmail's sender line with the date beside the name, over its fields."""
    fields: dict[str, str] = {}
    sender = _patterns().sender.match(contents[index].strip())
    end = index
    if sender and when_of(sender.group("when")):
        fields = {"from": sender.group("from"), "date": sender.group("when")}
        end += 1
    while end < len(contents) and depths[end] == depths[index]:
        line = _fields(contents[end])
        if line is not None:
            fields = {**line, **fields}
        elif not (fields and contents[end][:1] in " \t" and contents[end].strip()):
            break
        end += 1
    if "from" not in fields or "date" not in fields:
        return None
    return Header(end, author_of(fields["from"]), when_of(fields["date"]), fields.get("subject"), quoted=False)


def _attribution(contents: list[str], depths: list[int], index: int) -> Header | None:
    """A reply's line above its quote ("On Tue, 3 Mar 2026 at 13:40, Bo Chen <bo@…> wrote:"), maybe wrapped."""
    line = contents[index].strip()
    patterns = _patterns()
    if line.split(" ", 1)[0].lower() not in patterns.leads:
        return None
    candidates = [(line, index + 1)]
    if index + 1 < len(contents) and depths[index + 1] == depths[index] and not line.endswith(":"):
        candidates.append((f"{line} {contents[index + 1].strip()}", index + 2))
    for text, end in candidates:
        for pattern in patterns.attributions:
            match = pattern.match(text)
            if match is None:
                continue
            rest = match.group("rest")
            when = patterns.when.match(_DAY_DOT.sub(r"\1 ", rest))
            who = match.groupdict().get("who") or (rest[when.end():].lstrip(" ,") if when else "")
            moment = When(when.group("date"), when.group("clock"), when.group("zone")) if when else None
            return Header(end, author_of(who) if who else None, moment, None, quoted=True)
    return None
