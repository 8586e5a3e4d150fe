"""PDF post-mortems (Google Docs, Confluence and Word "Download as PDF") -> the Markdown the reader understands.

A PDF is told by its content (`%PDF-` at the start), whatever the file is called. pdfminer.six's layout analysis
gives each page's text as boxes of lines, each character with its font size. The structure comes from the sizes
alone: the body size is the size most of the document's characters are set in; a line set larger is a heading,
the largest size a level 1 heading, the next a level 2 and so on; a line starting with a bullet ("•", "◦", "-",
"–") or a number ("1.", "2)") is a list item and the lines below it in its box continue it; the other lines of a
box are one paragraph. A run in a bold face (a font whose name says so: Arial-BoldMT) is `**bold**`, as in the
Markdown and HTML a bold label ("Summary:") stands for a section in. A page's first line goes on with the last
line of the page before when that one reaches the right margin (a paragraph split across pages). Blocks are
separated by a blank line, so a finding's line is a line of that Markdown.

Safety: the input limits of the readers apply before this is called. An encrypted PDF is refused (its text is not
ours to read without the password), as is one of more than MAX_PAGES pages (counted before any page is laid out)
or one whose layout takes longer than MAX_SECONDS; a damaged PDF is refused in one line naming what pdfminer
found.
"""

import io
import logging
import re
import time
import zlib
from collections import Counter
from collections.abc import Iterable
from itertools import count, islice
from typing import Any, NamedTuple

from agent.errors import InputError

PDF_MAGIC = b"%PDF-"
# The longest post-mortem of our corpus (72,000 characters) prints on 22 pages; a few hundred is a report or a
# book, not a post-mortem.
MAX_PAGES = 300
# Laying out a text page takes pdfminer about 25 ms (those 22 pages: 0.5 s); a minute is a file built to stall it.
MAX_SECONDS = 60.0
# Sizes within half a point are one size: a PDF writer's rounding, not a different style.
_SIZE_STEP = 0.5
_MAX_HEADING_LEVEL = 6
# How far short of the right margin, in body sizes (about two characters each), a wrapped line may end.
_WRAP_SLACK = 4
# How PDF writers name a bold face: Helvetica-Bold, Arial-BoldMT, ABCDEF+Roboto-SemiBold.
_BOLD_FONT = re.compile("bold", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^(?:[•◦\-–]|(\d{1,3})[.)])\s+(\S.*)$")


def is_pdf(data: bytes) -> bool:
    return data.startswith(PDF_MAGIC)


def pdf_markdown(data: bytes, name: str) -> str:
    """The PDF's text as Markdown (headings, list items, paragraphs). InputError (one line, naming `name`) for an
    encrypted, damaged, too long or too slow PDF."""
    lines = _text_lines(data, name)
    if not lines:
        raise InputError(f"{name}: the PDF has no text to read (a scan? its pages are pictures)")
    return "\n\n".join(_blocks(lines)) + "\n"


class _Line(NamedTuple):
    """One laid-out line: its text, the size most of its characters are set in, the box it belongs to (numbered
    through the document), its page, where it ends on the page and how many characters it has."""

    text: str
    marked: str  # the text with its bold runs between `**`
    size: float
    box: int
    page: int
    right: float
    characters: int


def _text_lines(data: bytes, name: str) -> list[_Line]:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTChar, LTTextBox, LTTextLine
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psexceptions import PSException

    # pdfminer logs what it repairs in a damaged file as warnings, which would print under our one-line errors.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    lines: list[_Line] = []
    try:
        try:
            document = PDFDocument(PDFParser(io.BytesIO(data)))
        except PDFEncryptionError:
            document = None
        if document is None or document.encryption is not None:
            raise InputError(f"{name}: an encrypted PDF; save or export it again without a password or protection")
        pages = list(islice(PDFPage.create_pages(document), MAX_PAGES + 1))
        if len(pages) > MAX_PAGES:
            raise InputError(f"{name}: a PDF of more than {MAX_PAGES} pages is not a post-mortem; refused")
        resources = PDFResourceManager()
        device = PDFPageAggregator(resources, laparams=LAParams())
        interpreter = PDFPageInterpreter(resources, device)
        started = time.monotonic()
        box_numbers = count()
        for page_number, page in enumerate(pages):
            interpreter.process_page(page)
            if time.monotonic() - started > MAX_SECONDS:
                raise InputError(f"{name}: reading the PDF took more than {MAX_SECONDS:g} s; refused")
            for box in device.get_result():
                if not isinstance(box, LTTextBox):
                    continue
                box_number = next(box_numbers)
                for line in box:
                    if isinstance(line, LTTextLine) and line.get_text().strip():
                        characters = [char for char in line if isinstance(char, LTChar)]
                        sizes = Counter(round(char.size / _SIZE_STEP) * _SIZE_STEP for char in characters)
                        size = sizes.most_common(1)[0][0] if sizes else 0.0
                        bold = {id(char) for char in characters if _BOLD_FONT.search(char.fontname)}
                        lines.append(_Line(" ".join(line.get_text().split()), _marked(line, bold), size,
                                           box_number, page_number, line.x1, sizes.total()))
    # What pdfminer raises for a damaged file: its own syntax errors, and Python's for the objects it then meets
    # (a missing key, a wrong type, a bad deflate stream, a cycle in the page tree).
    except (PSException, KeyError, TypeError, ValueError, IndexError, AttributeError, AssertionError, EOFError,
            RecursionError, zlib.error) as error:
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputError(f"{name}: a damaged PDF ({detail})") from None
    return lines


def _marked(line: Iterable[Any], bold: set[int]) -> str:
    """A laid-out line's text with its bold runs between `**` (the spaces around a run outside it, as Markdown
    wants them)."""
    runs: list[tuple[bool, str]] = []
    for item in line:
        text = item.get_text()
        in_bold = id(item) in bold or (not text.strip() and bool(runs) and runs[-1][0])
        if runs and runs[-1][0] == in_bold:
            runs[-1] = (in_bold, runs[-1][1] + text)
        else:
            runs.append((in_bold, text))
    pieces = []
    for in_bold, text in runs:
        core = text.strip()
        if in_bold and core:
            start = text.index(core)
            pieces.append(f"{text[:start]}**{core}**{text[start + len(core):]}")
        else:
            pieces.append(text)
    return " ".join("".join(pieces).split())


def _blocks(lines: list[_Line]) -> list[str]:
    """Headings, list items and paragraphs as Markdown blocks, in reading order."""
    weights: Counter[float] = Counter()
    for line in lines:
        weights[line.size] += line.characters
    body = weights.most_common(1)[0][0]
    larger = sorted({line.size for line in lines if line.size > body}, reverse=True)
    levels = {size: min(index, _MAX_HEADING_LEVEL) for index, size in enumerate(larger, 1)}
    # A line that reaches the right margin (within a few characters of the widest body line) was wrapped: the
    # first line of the next page goes on with it, as a paragraph split across pages does.
    margin = max(line.right for line in lines if line.size == body) - _WRAP_SLACK * body
    blocks: list[str] = []
    previous: _Line | None = None
    for line in lines:
        same_box = previous is not None and (previous.box == line.box or (
            previous.page != line.page and previous.size == line.size and previous.right >= margin))
        item = _LIST_ITEM.match(line.marked)
        if line.size in levels:
            heading = f"{'#' * levels[line.size]} "
            if same_box and previous is not None and previous.size == line.size:
                blocks[-1] += f" {line.text}"  # a heading wrapped onto a second line
            else:
                blocks.append(heading + line.text)
        elif item:
            marker = f"{item.group(1)}." if item.group(1) else "-"
            blocks.append(f"{marker} {item.group(2)}")
        elif same_box and previous is not None and previous.size not in levels:
            blocks[-1] += f" {line.marked}"  # the paragraph or list item goes on
        else:
            blocks.append(line.marked)
        previous = line
    return _list_items_together(blocks)


def _list_items_together(blocks: list[str]) -> list[str]:
    """Consecutive list items form one list (no blank line between them), as Markdown writes a tight list."""
    joined: list[str] = []
    for block in blocks:
        if joined and _LIST_ITEM.match(block) and _LIST_ITEM.match(joined[-1].splitlines()[-1]):
            joined[-1] += f"\n{block}"
        else:
            joined.append(block)
    return joined
