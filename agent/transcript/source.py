"""Reading a transcript from a file, stdin ("-"), or a Slack export folder or zip, within the size limit; a Word
document (a post-mortem to grade) as the HTML page it converts to (agent/document/docx.py), a PDF as the Markdown
it converts to (agent/document/pdf.py).

Only regular files are read by name: a FIFO, socket or device could block forever or never end (stdin is the
way to pipe). A zip is inflated in pieces against the same limit, whatever sizes its headers claim.
"""

import io
import os
import stat
import sys
import zipfile
from pathlib import Path
from typing import BinaryIO

from pydantic import BaseModel, Field

from agent.errors import InputError
from agent.transcript.decoding import decode, readable
from agent.transcript.slack_export import DAY_FILE
from agent.zip_member import UNREADABLE_ZIP, inflated

MAX_BYTES = 50 * 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"


class Source(BaseModel):
    """Decoded input. `files` holds a Slack export's JSON files (relative path -> text); `text` is then ""."""

    name: str
    text: str
    encoding: str
    warnings: list[str] = Field(default_factory=list)
    files: dict[str, str] = Field(default_factory=dict)


def read_source(path: str, stdin: BinaryIO | None = None) -> Source:
    """Read and decode `path` ("-" for stdin). Raises InputError with one line naming the file and problem."""
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return _from_bytes(stream.read(MAX_BYTES + 1), "<stdin>")
    location = Path(path)
    try:
        if location.is_dir():
            return _from_folder(location, path)
        data = read_regular_file(location, MAX_BYTES, path)
    except ValueError:
        raise InputError(f"{path!r}: not a valid file name") from None
    return _from_bytes(data, path)


def read_regular_file(location: Path, limit: int, name: str) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. Opened without blocking and checked after opening,
    so a FIFO or device put in its place is refused instead of waited on. InputError names the problem."""
    try:
        descriptor = os.open(location, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise InputError(f"{name}: file not found") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory") from None
    except OSError as error:
        raise InputError(f"{name}: cannot be read ({error.strerror or error})") from None
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{name}: is a directory")
        if not stat.S_ISREG(mode):
            raise InputError(f"{name}: not a regular file (a FIFO, socket or device), so it is not read")
        _check_size(os.fstat(descriptor).st_size, name, limit)
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise InputError(f"{name}: cannot be read ({error.strerror or error})") from None
    _check_size(len(data), name, limit)  # the file grew while it was read
    return data


def _from_bytes(data: bytes, name: str) -> Source:
    _check_size(len(data), name)
    if data.startswith(_ZIP_MAGIC):
        from agent.document.docx import is_word_document, word_document_html

        if is_word_document(data):  # a post-mortem for `grade`, read as the HTML page it converts to
            return Source(name=name, text=readable(word_document_html(data, name)), encoding="utf-8")
        return _from_zip(data, name)
    from agent.document.pdf import is_pdf, pdf_markdown

    if is_pdf(data):  # a post-mortem for `grade`, read as the Markdown it converts to
        return Source(name=name, text=readable(pdf_markdown(data, name)), encoding="utf-8")
    text, encoding, warnings = decode(data, name)
    return Source(name=name, text=readable(text), encoding=encoding, warnings=warnings)


def _check_size(size: int, name: str, limit: int = MAX_BYTES) -> None:
    """`size` is exact for files; a bounded read of limit + 1 bytes only says "too much"."""
    megabytes = f"{limit / 1024 / 1024:g} MB"
    if size == limit + 1:
        raise InputError(f"{name}: input is over the {megabytes} limit for a transcript")
    if size > limit:
        raise InputError(f"{name}: {size / 1024 / 1024:.1f} MB is over the {megabytes} limit for a transcript")


def _from_folder(folder: Path, name: str) -> Source:
    root = folder.resolve()
    paths = sorted(candidate for pattern in ("*.json", "*/*.json") for candidate in folder.glob(pattern))
    relative = {candidate.relative_to(folder).as_posix(): candidate for candidate in paths}
    wanted = {key: value for key, value in relative.items() if DAY_FILE.search(key) or key == "users.json"}
    if not any(DAY_FILE.search(key) for key in wanted):
        raise InputError(
            f"{name}: is a directory but not a Slack export (expected YYYY-MM-DD.json day files, or channel folders of them)"
        )
    outside = [key for key, candidate in wanted.items() if not candidate.resolve().is_relative_to(root)]
    warnings = [f"{name}/{key}: skipped, it links outside the export folder" for key in outside]
    raw: dict[str, bytes] = {}
    for key, candidate in wanted.items():
        if key not in outside:
            raw[key] = read_regular_file(candidate, MAX_BYTES - sum(map(len, raw.values())), name)
    source = _export_source(name, raw)
    return source.model_copy(update={"warnings": warnings + source.warnings})


def _from_zip(data: bytes, name: str) -> Source:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {
                info.filename: info for info in archive.infolist()
                if not info.is_dir() and len(Path(info.filename).parts) <= 2
                and (DAY_FILE.search(info.filename) or info.filename == "users.json")
            }
            if not any(DAY_FILE.search(key) for key in members):
                from agent.document.docx import package_description

                raise InputError(f"{name}: {package_description(data)} without Slack export day files "
                                 "(YYYY-MM-DD.json); the zips read are Slack exports and Word documents (.docx)")
            raw: dict[str, bytes] = {}
            budget = MAX_BYTES
            for key, info in members.items():
                raw[key] = _inflate(archive, info, budget, name)
                budget -= len(raw[key])
    except UNREADABLE_ZIP as error:
        raise InputError(f"{name}: unreadable zip archive ({error})") from None
    return _export_source(name, raw)


def _inflate(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, name: str) -> bytes:
    """One member, stopped once the whole archive passes the limit."""
    return inflated(archive, info, budget, f"{name}: the zip archive unpacks to more than the "
                                           f"{MAX_BYTES / 1024 / 1024:g} MB limit for a transcript")


def _export_source(name: str, raw: dict[str, bytes]) -> Source:
    files, warnings = {}, []
    for key, data in raw.items():
        text, _, problems = decode(data, f"{name}/{key}") if data.strip() else ("[]", "utf-8", [])
        files[key] = text
        warnings.extend(problems)
    return Source(name=name, text="", encoding="utf-8", warnings=warnings, files=files)
