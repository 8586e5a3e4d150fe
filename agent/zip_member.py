"""One member of a zip archive inflated safely: a piece at a time, stopped once a byte budget is spent, because the
sizes an archive's headers claim may be forged (a zip bomb)."""

import zipfile
import zlib

from agent.errors import InputError

PIECE = 1024 * 1024
# What opening or reading a damaged zip raises: a bad or cut-off directory, a member name that is not UTF-8
# (ValueError), a format version zipfile does not know, an encrypted member (RuntimeError), a bad deflate stream.
UNREADABLE_ZIP = (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError, RuntimeError,
                  zlib.error)


def inflated(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, refusal: str) -> bytes:
    """The member's bytes, or InputError(`refusal`) as soon as they pass `budget`."""
    pieces: list[bytes] = []
    with archive.open(info) as member:
        while piece := member.read(min(PIECE, budget + 1)):
            pieces.append(piece)
            budget -= len(piece)
            if budget < 0:
                raise InputError(refusal)
    return b"".join(pieces)
