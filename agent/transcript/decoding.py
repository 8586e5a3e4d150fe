"""Bytes to text: UTF-8, UTF-8 with BOM, UTF-16/32 with BOM, else Latin-1 with a warning; binary is refused.

`readable` is the one normal form every reader and screen sees (injection, redaction, blame, facts): NFKC folds
full-width and styled letters onto plain ones, and invisible format characters (zero-width, bidi controls, tag
characters) are dropped, so an invisible or look-alike copy of a line reads like the line itself.
"""

import codecs
import re
import unicodedata

from agent.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters that never appear in chat text; many of them mean we were handed a binary file.
_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13, 27}


def decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """(text with \\n line ends, encoding used, warnings). Raises InputError for empty or binary input."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    encoding = next((candidate for bom, candidate in _BOMS if data.startswith(bom)), None)
    warnings: list[str] = []
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            label = encoding.upper()
            raise InputError(f"{name}: starts with a {label} byte-order mark but byte {error.start} is not {label}") from None
        text = text.lstrip("\ufeff")
    else:
        if b"\x00" in data:
            raise InputError(f"{name}: looks like a binary file (it contains NUL bytes), not a text transcript")
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as error:
            text, encoding = data.decode("latin-1"), "latin-1"
            warnings.append(f"{name}: not valid UTF-8 (byte {error.start}); read as Latin-1")
    sample = text[:8192]
    if sum(1 for char in sample if ord(char) in _CONTROL) > max(8, len(sample) // 100):
        raise InputError(f"{name}: looks like a binary file (many control characters), not a text transcript")
    if not text.strip():
        raise InputError(f"{name}: the file is empty")
    return normalize_newlines(text), encoding, warnings


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


# The blocks where Unicode places format characters (Cf); scanning them, not all 1.1M code points, keeps import fast.
_FORMAT_BLOCKS = ((0x00AD, 0x00AE), (0x0600, 0x0900), (0x1800, 0x1900), (0x2000, 0x2070), (0xFE00, 0x10000),
                  (0x11000, 0x1D200), (0xE0000, 0xE0100))
_FORMAT = [code for start, end in _FORMAT_BLOCKS for code in range(start, end) if unicodedata.category(chr(code)) == "Cf"]
_DROP_FORMAT: dict[int, str | None] = dict.fromkeys(_FORMAT)
_SPACE_FORMAT: dict[int, str | None] = dict.fromkeys(_FORMAT, " ")


# Longer than any word people write in chat: invisible characters that would glue such a run together stood
# between words ("ignore\u200ball\u200bprevious"), not inside one ("ig\u200bnore"), and read as spaces.
_GLUED = re.compile(r"[^\W\d_]{25,}")
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # a decimal digit of another script


def readable(text: str) -> str:
    """NFKC without format characters (Unicode category Cf: zero-width, bidi controls, soft hyphen, tags), with
    every script's digits as ASCII digits and the Arabic comma as a comma, as Arabic and Persian locales write dates
    and times ("٧/٤/٢٠٢٦، ٩:١٢ ص")."""
    if text.isascii():
        return text
    joined = text.translate(_DROP_FORMAT)
    if joined != text:
        spaced = text.translate(_SPACE_FORMAT)
        if _GLUED.search(joined) and not _GLUED.search(spaced):
            joined = spaced
    joined = _OTHER_DIGIT.sub(lambda digit: str(unicodedata.decimal(digit.group())), joined).replace("\u060c", ",")
    return joined if unicodedata.is_normalized("NFKC", joined) else unicodedata.normalize("NFKC", joined)
