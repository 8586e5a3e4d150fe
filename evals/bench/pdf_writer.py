"""Write a Markdown post-mortem as a PDF, the way a "Download as PDF" lays it out: the grade-formats benchmark grades
that version as `postmortem grade FILE.pdf` reads it (agent/document/pdf.py).

A PDF of US Letter pages whose text is Helvetica, bold runs Helvetica-Bold (WinAnsi encoding, so "•" and "–" are
single bytes), at four sizes: 20, 16 and 13 points for headings of level 1, 2 and 3 or deeper, 11 for everything
else. The Markdown is read by markdown-it (CommonMark with tables) and laid out a line at a time:
- headings on their own line, with room above them;
- paragraphs wrapped at the page's width, a blank line's room between them;
- list items start with "•" (a bulleted list) or their number, nested ones further right; an item's later lines
  are indented under its text;
- a table row is a line of its cells; a code block a line per line; front matter a `key: value` line a field;
- bold is Helvetica-Bold; other inline markup is left out (its text is kept), as a PDF shows it in fonts this
  writer does not use; pictures and HTML markup are left out, except an HTML block that is an IRC-style line
  (`<nick> text`), which is text.
"""

import re
import textwrap

from markdown_it import MarkdownIt
from markdown_it.token import Token

from agent.document.frontmatter import split_front_matter
from agent.document.reader import HTML_TAGS

_PAGE_WIDTH, _PAGE_HEIGHT = 612.0, 792.0
_MARGIN = 72.0
_BODY_SIZE = 11.0
_HEADING_SIZES = {1: 20.0, 2: 16.0, 3: 13.0}
_INDENT = 18.0
# Helvetica's average character is about half its size wide.
_CHARACTER_WIDTH = 0.5
_BOLD = "**"
_TAG = re.compile(r"^\s*</?([A-Za-z][\w-]*)")


def to_pdf(markdown: str) -> bytes:
    """The Markdown post-mortem as the bytes of a PDF file."""
    lines = markdown.split("\n")
    metadata, skipped = split_front_matter(lines)
    layout = _Layout()
    for key, value in metadata.items():
        if value not in (None, "", [], {}):
            text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            layout.paragraph(f"{key}: {text}")
    _write(MarkdownIt("commonmark").enable("table").parse("\n".join(lines[skipped:])), layout)
    return pdf_file(layout.pages)


class _Layout:
    """Pages of placed text lines (size, x, y, text), top to bottom."""

    def __init__(self) -> None:
        self.pages: list[list[tuple[float, float, float, str]]] = [[]]
        self.y = _PAGE_HEIGHT - _MARGIN

    def paragraph(self, text: str, size: float = _BODY_SIZE, indent: float = 0.0, marker: str = "") -> None:
        """A block of wrapped lines with a blank line's room above it; `marker` starts its first line."""
        width = int((_PAGE_WIDTH - 2 * _MARGIN - indent) / (size * _CHARACTER_WIDTH))
        wrapped = _bold_closed(textwrap.wrap(f"{marker} {text}" if marker else text, width) or [marker])
        self.y -= size * (1.2 if size > _BODY_SIZE else 0.9)
        for number, line in enumerate(wrapped):
            self._line(size, _MARGIN + indent + (_INDENT if marker and number else 0), line)

    def _line(self, size: float, x: float, text: str) -> None:
        if self.y - size < _MARGIN:
            self.pages.append([])
            self.y = _PAGE_HEIGHT - _MARGIN
        self.y -= size * 1.2
        self.pages[-1].append((size, x, self.y, text))


def _write(tokens: list[Token], layout: _Layout) -> None:
    lists: list[list[int]] = []  # per open list: [next number] for a numbered list, [] for a bulleted one
    item_started: list[bool] = []
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "heading_open":
            level = min(int(token.tag[1]), max(_HEADING_SIZES))
            layout.paragraph(_text(tokens[index + 1]), _HEADING_SIZES[level])
        elif kind == "paragraph_open":
            text = _text(tokens[index + 1])
            if lists and item_started and not item_started[-1]:
                item_started[-1] = True
                numbers = lists[-1]
                marker = f"{numbers[0]}." if numbers else "•"
                if numbers:
                    numbers[0] += 1
                layout.paragraph(text, indent=_INDENT * (len(lists) - 1), marker=marker)
            else:
                layout.paragraph(text, indent=_INDENT * len(lists))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            lists.append([int(token.attrGet("start") or 1)] if kind == "ordered_list_open" else [])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            item_started.append(False)
        elif kind == "list_item_close":
            item_started.pop()
        elif kind == "tr_open":
            cells = []
            for cell in tokens[index + 1:]:
                if cell.type == "tr_close":
                    break
                if cell.type == "inline":
                    cells.append(_text(cell))
            layout.paragraph("   ".join(cells))
        elif kind in ("fence", "code_block"):
            for line in token.content.rstrip("\n").split("\n"):
                layout.paragraph(line)
        elif kind == "html_block" and _is_text(token.content):
            layout.paragraph(" ".join(token.content.split()))


def _bold_closed(lines: list[str]) -> list[str]:
    """Wrapped lines in which a bold run (between `**`) that goes on to the next line is closed and reopened."""
    closed, bold = [], False
    for line in lines:
        opened = f"{_BOLD}{line}" if bold else line
        bold = opened.count(_BOLD) % 2 == 1
        closed.append(f"{opened}{_BOLD}" if bold else opened)
    return closed


def _text(inline: Token) -> str:
    """An inline token's text, its bold runs between `**` (the writer's own mark, drawn in Helvetica-Bold)."""
    parts = []
    for child in inline.children or []:
        if child.type in ("strong_open", "strong_close"):
            parts.append(_BOLD)
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "html_inline" and _is_text(child.content):
            parts.append(child.content)
    return " ".join("".join(parts).split())


def _is_text(html: str) -> bool:
    """Whether what markdown-it takes for HTML opens with a tag that is no HTML tag: `<volans> traffic is up`."""
    match = _TAG.match(html)
    return match is not None and match.group(1).lower() not in HTML_TAGS


def pdf_file(pages: list[list[tuple[float, float, float, str]]], trailer: bytes = b"") -> bytes:
    """The PDF of pages of placed lines (size, x, y, text; bold between `**`): catalog, page tree, the Helvetica
    fonts, then a page and its content stream per page; the cross-reference table gives each object's offset.
    `trailer` adds entries to the trailer dictionary (tests/test_document_pdf.py writes an /Encrypt there)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (5 + 2 * n) for n in range(len(pages)))
               + b"] /Count %d >>" % len(pages),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"]
    for number, lines in enumerate(pages):
        content = b"".join(b"BT 1 0 0 1 %.1f %.1f Tm %s ET\n" % (x, y, _runs(size, text)) for size, x, y, text in lines)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
                       b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>"
                       % (_PAGE_WIDTH, _PAGE_HEIGHT, 6 + 2 * number))
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(output))
        output += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer + b" " if trailer else b"", xref)
    return bytes(output)


def _runs(size: float, text: str) -> bytes:
    """A line's text-showing operators: the pieces between `**` marks alternate Helvetica and Helvetica-Bold."""
    return b" ".join(b"/F%d %g Tf (%s) Tj" % (2 if index % 2 else 1, size, _pdf_string(piece))
                     for index, piece in enumerate(text.split(_BOLD)) if piece)


def _pdf_string(text: str) -> bytes:
    """Text as a PDF literal string's bytes in WinAnsi; what WinAnsi lacks becomes "?"."""
    encoded = text.encode("cp1252", errors="replace")
    return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
