"""Reading a transcript from a file, stdin ("-"), or a Slack export folder or zip, within the size limit."""

import io
import sys
import zipfile
from pathlib import Path
from typing import BinaryIO

from pydantic import BaseModel, Field

from agent.errors import InputError
from agent.transcript.decoding import decode
from agent.transcript.slack_export import DAY_FILE

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
        _check_size(location.stat().st_size, path)
        with location.open("rb") as handle:  # bounded: pipes and devices report no size
            data = handle.read(MAX_BYTES + 1)
    except ValueError:
        raise InputError(f"{path!r}: not a valid file name") from None
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror or error})") from None
    return _from_bytes(data, path)


def _from_bytes(data: bytes, name: str) -> Source:
    _check_size(len(data), name)
    if data.startswith(_ZIP_MAGIC):
        return _from_zip(data, name)
    text, encoding, warnings = decode(data, name)
    return Source(name=name, text=text, encoding=encoding, warnings=warnings)


def _check_size(size: int, name: str) -> None:
    """`size` is exact for files; a bounded read of MAX_BYTES + 1 bytes only says "too much"."""
    if size == MAX_BYTES + 1:
        raise InputError(f"{name}: input is over the 50 MB limit for a transcript")
    if size > MAX_BYTES:
        raise InputError(f"{name}: {size / 1024 / 1024:.1f} MB is over the 50 MB limit for a transcript")


def _from_folder(folder: Path, name: str) -> Source:
    paths = sorted(candidate for pattern in ("*.json", "*/*.json") for candidate in folder.glob(pattern)
                   if candidate.is_file())
    relative = {candidate.relative_to(folder).as_posix(): candidate for candidate in paths}
    wanted = {key: value for key, value in relative.items() if DAY_FILE.search(key) or key == "users.json"}
    if not any(DAY_FILE.search(key) for key in wanted):
        raise InputError(
            f"{name}: is a directory but not a Slack export (expected YYYY-MM-DD.json day files, or channel folders of them)"
        )
    _check_size(sum(candidate.stat().st_size for candidate in wanted.values()), name)
    return _export_source(name, {key: candidate.read_bytes() for key, candidate in wanted.items()})


def _from_zip(data: bytes, name: str) -> Source:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {
                info.filename: info for info in archive.infolist()
                if not info.is_dir() and len(Path(info.filename).parts) <= 2
                and (DAY_FILE.search(info.filename) or info.filename == "users.json")
            }
            if not any(DAY_FILE.search(key) for key in members):
                raise InputError(f"{name}: zip archive without Slack export day files (YYYY-MM-DD.json)")
            _check_size(sum(info.file_size for info in members.values()), name)
            return _export_source(name, {key: archive.read(info) for key, info in members.items()})
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError) as error:
        raise InputError(f"{name}: unreadable zip archive ({error})") from None


def _export_source(name: str, raw: dict[str, bytes]) -> Source:
    files, warnings = {}, []
    for key, data in raw.items():
        text, _, problems = decode(data, f"{name}/{key}") if data.strip() else ("[]", "utf-8", [])
        files[key] = text
        warnings.extend(problems)
    return Source(name=name, text="", encoding="utf-8", warnings=warnings, files=files)
