"""E-mail saved raw (RFC 822), as mail clients hand it over: one mail saved as an `.eml`, an mbox of many (each
after its "From " line: Thunderbird, Google Takeout, list archives), or Gmail's "Show original" text (its summary
above the raw mail is skipped). Each mail is parsed as MIME (the standard library's `email`, policy `default`) and
written out as a pasted mail: `From:` (its author is the display name, else the address's name, as for a pasted
mail), `Date:` (with its offset; else the delivery date of the top `Received:`, or the "From " line's),
`Subject:`, and its text: the text/plain part decoded (charset, base64, quoted-printable), else the visible text of
its text/html part (agent/html_page.py). Attachments are named, not read. The pasted-thread reader
(agent/transcript/email_thread.py) then reads that text, so quoted earlier mails and signatures are left out as in
a pasted thread; each line keeps the file line it came from, and each mail's first line is the line its headers
start on.

A file is raw mail when it opens with an mbox "From " line, or with a header block (within its first lines) that
has a From: and a field only raw mail carries (`MIME-Version:`, `Received:`, …: `raw_fields` in
email_headers.yaml). A damaged mail (a truncated part, an unknown charset, bad base64) is read as far as it goes,
with a warning; a mailbox of more than MAX_MAILS mails is refused in one line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import TYPE_CHECKING

from agent.errors import InputError
from agent.html_page import parse_page, visible_lines
from agent.models.message import Transcript
from agent.transcript.file_lines import on_file_lines
from agent.transcript.mail_headers import MBOX_SEPARATOR, header_at, is_raw_field
from agent.transcript.source import Source

if TYPE_CHECKING:  # the email package (some 16 ms) is imported when raw mail is read, not by every draft
    from email.message import EmailMessage, Message

RAW_FORMAT = "email"  # raw mail is the `email` format's other shape: --format email reads both
# Gmail's "Show original" page puts a summary (Message ID, Created at, SPF, DKIM, …) above the raw mail.
PREAMBLE_LINES = 40
# Incident threads hold tens of mails; a year of a mailing list holds tens of thousands, and the pasted-thread
# reader and the draft after it would take minutes over them (the email package parses some 3 ms a mail: an
# mbox of 1,000 mails with 38 KB attachments, 50 MB, drafts in 5.6 s).
MAX_MAILS = 1_000
_SAMPLE_CHARACTERS = 200_000  # a Gmail summary and a header block of many Received: hops fit well within
# A raw mail's header is some tens of lines (Gmail's, with its Received:, ARC and DKIM fields, about a hundred).
HEADER_LINES = 300
_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9-]*):")  # the field names mail uses (RFC 5322 allows more)
_FROM_QUOTED = re.compile(r"^>(>*From )")  # mboxrd escapes a body's "From " line with ">"


@dataclass(slots=True)
class RawMail:
    """Raw mail as a pasted thread (`text`, read in the `email` format) with the file line of each of its lines."""

    name: str
    text: Source
    origins: list[int] = field(default_factory=list)

    def placed(self, transcript: Transcript) -> Transcript:
        """The transcript read from the pasted text, its messages on the lines of the file."""
        return on_file_lines(transcript, self.origins)


@dataclass(slots=True)
class _Writer:
    """The pasted text being written: its lines and the 0-based file line of each."""

    name: str
    lines: list[str] = field(default_factory=list)
    origins: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, text: str, origin: int) -> None:
        self.lines.append(text)
        self.origins.append(origin)


def read_raw_mail(source: Source, fmt: str | None) -> RawMail | None:
    """None unless the input is raw mail (and `fmt` is None or `email`)."""
    if fmt not in (None, RAW_FORMAT) or source.files or not is_raw_mail(source.text):  # most inputs stop here
        return None
    lines = source.text.split("\n")
    spans = _mail_spans(lines)
    if not spans:
        return None
    if len(spans) > MAX_MAILS:
        raise InputError(f"{source.name}: the mailbox holds {len(spans):,} mails, more than the {MAX_MAILS:,} this "
                         "reader takes; save the incident's thread on its own")
    writer = _Writer(source.name)
    charset = "latin-1" if source.encoding == "latin-1" else "utf-8"
    for start, end, separator in spans:
        _write_mail(writer, lines[start:end], start, separator, charset)
    if not writer.lines:
        raise InputError(f"{source.name}: no mail in this file could be read")
    text = Source(name=source.name, text="\n".join(writer.lines), encoding=source.encoding,
                  warnings=[*source.warnings, *writer.warnings])
    last = len(lines) - 1  # a part cut short ends with the file
    return RawMail(source.name, text, [min(origin, last) + 1 for origin in writer.origins])


def is_raw_mail(text: str) -> bool:
    """The text opens with an mbox "From " line or a raw mail's header block (detection needs no more)."""
    return bool(_mail_spans(text[:_SAMPLE_CHARACTERS].split("\n")))


def _mail_spans(lines: list[str]) -> list[tuple[int, int, str | None]]:
    """(first header line, end, mbox "From " line) of each mail: after each "From " line of an mbox, or the one raw
    mail of the file."""
    first = next((index for index, line in enumerate(lines) if line.strip()), len(lines))
    if first < len(lines) and MBOX_SEPARATOR.match(lines[first]):
        separators = [index for index, line in enumerate(lines) if line.startswith("From ")
                      and MBOX_SEPARATOR.match(line) and (index == first or not lines[index - 1].strip())]
        ends = [*separators[1:], len(lines)]
        return [(separator + 1, end, lines[separator]) for separator, end in zip(separators, ends, strict=True)]
    preamble = min(len(lines), first + PREAMBLE_LINES)
    start = next((index for index in range(first, preamble) if _opens_raw_block(lines, index)), None)
    head = lines[:preamble]
    if start is None or any(header_at(head, [0] * len(head), index) for index in range(first, start)):
        return []  # no raw header, or a pasted mail above it: a pasted thread that shows a raw field
    return [(start, len(lines), None)]


def _opens_raw_block(lines: list[str], index: int) -> bool:
    """A header block starts at `index`: field lines (folded ones indented) up to a blank line, with a raw field."""
    names: list[str] = []
    for line in islice(lines, index, index + HEADER_LINES):
        if not line.strip():
            break
        match = _FIELD.match(line)
        if match:
            names.append(match.group(1))
        elif not (names and line[:1] in " \t"):
            return False
    return any(is_raw_field(name) for name in names) and any(name.lower() == "from" for name in names)


def _write_mail(writer: _Writer, lines: list[str], start: int, separator: str | None, charset: str) -> None:
    """One mail (its `lines`, from the file's line `start`) written as a pasted mail."""
    if separator is not None:
        lines = [_FROM_QUOTED.sub(r"\1", line) for line in lines]
    import email
    import email.policy
    from email.errors import MessageError
    from email.message import EmailMessage

    place = f"{writer.name} line {start + 1}"
    try:
        raw = "\n".join(lines).encode(charset, errors="replace")
        mail = email.message_from_bytes(raw, policy=email.policy.default)
        header = _header(mail, separator)
        body = mail.get_body(preferencelist=("plain", "html"))
        text, count = _text(body, place, writer.warnings) if isinstance(body, EmailMessage) else ([], 0)
        attachments = [_attachment_name(part) for part in mail.walk() if _is_attachment(part, body)]
        defects = sorted({type(defect).__name__ for part in mail.walk() for defect in part.defects})
        spots = _body_lines(mail, lines)
    except (LookupError, ValueError, TypeError, IndexError, AttributeError, AssertionError, MessageError) as error:
        # the email package gives up on some hostile headers
        # (its type only: the message may quote a header, and warnings are not redacted)
        writer.warnings.append(f"{place}: this mail cannot be read ({type(error).__name__}); skipped")
        return
    if defects:
        writer.warnings.append(f"{place}: the mail is damaged ({', '.join(defects)}); read as far as it goes")
    for line in [*header, ""]:
        writer.add(line, start)
    body_start, body_end = spots.get(id(body), (0, 1))
    for line, position in text:
        writer.add(line, start + _spot(body_start, body_end, position, count))
    for name in attachments:
        writer.add(f"[attachment: {name}]", start + body_end - 1)
    writer.add("", start + max(len(lines) - 1, 0))


def _header(mail: EmailMessage, separator: str | None) -> list[str]:
    """The pasted header the thread reader reads (its sender's name as a pasted header's): From: (the first
    sender; else Sender:), Date: (always written, so the mail starts a message even without a time), Subject:."""
    sender = mail["from"] or mail["sender"]
    addresses = getattr(sender, "addresses", ()) if sender is not None else ()
    author = " ".join(str(addresses[0] if addresses else sender or "").split())
    moment = _moment(mail, separator)
    from email.utils import format_datetime

    header = [f"From: {author or 'unknown sender'}", f"Date: {format_datetime(moment) if moment else 'unknown'}"]
    subject = " ".join(str(mail["subject"] or "").split())
    return [*header, f"Subject: {subject}"] if subject else header


def _moment(mail: EmailMessage, separator: str | None) -> datetime | None:
    """When the mail was sent: its Date:, else when it was delivered (the top Received:, the last hop's), else its
    mbox "From " line's time."""
    date = mail["date"]
    moment = getattr(date, "datetime", None) if date is not None else None
    if moment is None:
        received = str(mail["received"] or "").rpartition(";")[2].strip()
        moment = _parsed_date(received) or _parsed_date(" ".join((separator or "").split()[2:]))
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def _parsed_date(text: str) -> datetime | None:
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(text) if text else None
    except (ValueError, TypeError, IndexError):
        return None


def _text(part: EmailMessage, place: str, warnings: list[str]) -> tuple[list[tuple[str, int]], int]:
    """The part's text lines, each with its line in the decoded part, and how many lines the decoded part has."""
    try:
        content = part.get_content()
    except LookupError:  # a charset Python does not know
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
        warnings.append(f"{place}: unknown charset '{str(part.get_content_charset())[:40]}'; read as UTF-8")
    decoded = content.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if part.get_content_subtype() != "html":
        return list(zip(decoded, range(len(decoded)), strict=True)), len(decoded)
    try:
        return [(line.text, line.line - 1) for line in visible_lines(parse_page(content, place))], len(decoded)
    except InputError as error:
        warnings.append(f"{error}; its HTML text is not read")
        return [], 0


def _is_attachment(part: Message, body: Message | None) -> bool:
    """A file or a mail attached: named, not read (a mail forwarded as an attachment included)."""
    if part.get_content_type() == "message/rfc822":
        return True
    return part is not body and not part.is_multipart() and (
        part.get_content_disposition() == "attachment" or part.get_filename() is not None
        or part.get_content_maintype() != "text")


def _attachment_name(part: Message) -> str:
    from email.message import Message

    inner = part.get_payload() if part.get_content_type() == "message/rfc822" else None
    subject = inner[0]["subject"] if isinstance(inner, list) and inner and isinstance(inner[0], Message) else None
    name = part.get_filename() or (f"'{' '.join(str(subject).split())}'" if subject else "unnamed")
    return f"{name} ({part.get_content_type()})"


def _body_lines(mail: Message, lines: list[str]) -> dict[int, tuple[int, int]]:
    """Each leaf part (by id) -> the mail's lines of its encoded body: its MIME boundaries found in the lines."""
    from email.message import Message

    spots: dict[int, tuple[int, int]] = {}
    pending: list[tuple[Message, int, int]] = [(mail, 0, len(lines))]
    while pending:
        part, first, last = pending.pop()
        body = next((index + 1 for index in range(first, last) if not lines[index].strip()), last)
        boundary = part.get_boundary() if part.is_multipart() else None
        children = part.get_payload() if part.is_multipart() else None
        if boundary and isinstance(children, list):
            marks = [index for index in range(body, last) if lines[index].rstrip() == f"--{boundary}"]
            close = next((index for index in range(body, last) if lines[index].rstrip() == f"--{boundary}--"), last)
            bounds = [*marks[1:], max(close, marks[-1] + 1 if marks else close)]
            pending.extend((child, mark + 1, bound) for child, mark, bound in zip(children, marks, bounds, strict=False))
        elif isinstance(children, list) and children and isinstance(children[0], Message):  # message/rfc822
            pending.append((children[0], body, last))
        else:
            spots[id(part)] = (min(body, max(last - 1, first)), max(last, body + 1))
    return spots


def _spot(body_start: int, body_end: int, position: int, count: int) -> int:
    """The file line of a decoded line, in proportion: base64 and quoted-printable lines are not the text's (line
    for line when the body is not encoded)."""
    lines = body_end - body_start
    return body_start + min(position * lines // max(count, 1), lines - 1)
