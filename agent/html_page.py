"""An HTML page, parsed safely for the chat reader (agent/transcript/html_export.py) and the document reader
(agent/document/html_markdown.py), and turned into its visible lines of text for the chat reader.

Visible text follows what a browser's copy gives (`innerText`): block elements (`<div>`, `<p>`, `<li>`, table
rows, headings) begin and end a line, `<br>` ends one, table cells are parted by a tab, `<pre>` keeps its line
breaks, and scripts, styles, the `<head>`, templates and hidden elements are not text. Each line keeps the line of
the user's file where its first visible character stands (`sourceline` of html.parser, plus the line breaks of
the text since that tag), so whatever a reader finds on it points into the file.

The walk is iterative, and a page nested deeper than MAX_DEPTH elements, larger than MAX_CHARACTERS or with more than
MAX_ELEMENTS elements is refused with an InputError: a hostile file must fail in one line, not run out of stack or time.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from agent.errors import InputError

if TYPE_CHECKING:  # bs4 is imported when a page is parsed: telling whether text is HTML needs none of it
    from bs4 import BeautifulSoup, NavigableString, PageElement, Tag

# Chat exports and saved documents nest a few dozen elements deep (a saved Slack or Teams page about sixty);
# thousands is hostile.
MAX_DEPTH = 200
# Telegram splits its exports into files of 1,000 messages (under 1 MB); 2,000 of its messages (0.9 MB, 40,000
# elements) read in about a second, so these limits keep the reading of a page within some ten seconds.
MAX_CHARACTERS = 5_000_000
MAX_ELEMENTS = 200_000
_BLOCKS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p pre section summary table tbody "
    "tfoot thead tr ul".split()
)
_CELLS = frozenset({"td", "th"})
_NOT_TEXT = frozenset("head script style noscript template svg math title meta link select iframe object".split())
_SPACES = re.compile(r"[ \n\r\f\u00a0]+")  # a tab parts table cells
# A page, or a fragment of one saved on its own (a `<div>` of messages): an opening tag that closes again.
_DOCUMENT = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])", re.I | re.S)
_FRAGMENT = re.compile(r"^\s*<(div|table|section|article|main|ol|ul|body|p|li)[\s>]", re.I)


@dataclass(frozen=True, slots=True)
class VisibleLine:
    text: str
    line: int  # 1-based line of the user's file


def opens_as_html_document(text: str) -> bool:
    """`<!DOCTYPE html>` or `<html>` first (after an XML declaration and comments)."""
    return _DOCUMENT.match(text[:4096]) is not None


def looks_like_html(text: str) -> bool:
    """An HTML document (`<!DOCTYPE html>`, `<html>`), or a fragment that opens with a block tag and closes it
    again (an IRC line such as `<ana> hi` opens no block)."""
    if opens_as_html_document(text):
        return True
    fragment = _FRAGMENT.match(text[:4096])
    return fragment is not None and re.search(rf"</{fragment.group(1)}\s*>", text, re.I) is not None


@lru_cache(maxsize=1)
def not_text_nodes() -> tuple[type, ...]:
    """Nodes of a parsed page that hold no visible text: comments, declarations, doctypes, processing instructions."""
    from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

    return Comment, Declaration, Doctype, ProcessingInstruction


def parse_page(text: str, name: str) -> BeautifulSoup:
    """The page's tree (html.parser, with source lines). InputError for a page too large, too deeply nested or
    that the parser rejects."""
    if len(text) > MAX_CHARACTERS:
        raise InputError(f"{name}: an HTML page of {len(text) / 1_000_000:.1f} million characters is over the "
                         f"{MAX_CHARACTERS // 1_000_000} million this reader takes; save it in parts or as text")
    if text.count("<") > 2 * MAX_ELEMENTS:  # an opening and a closing tag each: too many before parsing them
        raise _too_many_elements(name)
    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning
    from bs4.builder import ParserRejectedMarkup

    try:
        with warnings.catch_warnings():  # an XHTML page (`<?xml …?><html …>`) is HTML to read, as browsers do
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            soup = BeautifulSoup(text, "html.parser")
    except (ParserRejectedMarkup, AssertionError, ValueError) as error:
        raise InputError(f"{name}: the HTML cannot be parsed ({error})") from None
    _check_shape(soup, name)
    return soup


def _check_shape(soup: BeautifulSoup, name: str) -> None:
    from bs4 import Tag

    stack: list[tuple[Tag, int]] = [(soup, 0)]
    elements = 0
    while stack:
        node, depth = stack.pop()
        elements += 1
        if depth > MAX_DEPTH:
            raise InputError(f"{name}: the HTML nests elements more than {MAX_DEPTH} deep: not a page to read")
        if elements > MAX_ELEMENTS:
            raise _too_many_elements(name)
        stack.extend((child, depth + 1) for child in node.contents if isinstance(child, Tag))


def _too_many_elements(name: str) -> InputError:
    return InputError(f"{name}: the HTML page has over {MAX_ELEMENTS:,} elements, more than this reader takes; "
                      "save it in parts or as text")


def visible_lines(root: Tag) -> list[VisibleLine]:
    """The visible text under `root` line by line, blank lines where a paragraph ends or `<br>`s repeat."""
    return _Walk(root.sourceline or 1).run(root)


class _Walk:
    def __init__(self, line: int) -> None:
        self.line = line  # the source line the walk has reached
        self.lines: list[VisibleLine] = []
        self.pieces: list[str] = []
        self.first: int | None = None  # source line of the current line's first visible character
        self.preformatted = 0

    def run(self, root: Tag) -> list[VisibleLine]:
        from bs4 import NavigableString, Tag

        # (node, closing) in document order, each tag twice (opened, then closed), without recursion
        stack: list[tuple[PageElement, bool]] = [(root, False)]
        while stack:
            node, closing = stack.pop()
            if isinstance(node, NavigableString):
                self._text(node)
            elif isinstance(node, Tag) and closing:
                self._close(node)
            elif isinstance(node, Tag):
                if node.sourceline:
                    self.line = node.sourceline
                if not self._open(node):
                    self.line += sum(str(piece).count("\n") for piece in node.descendants
                                     if isinstance(piece, NavigableString))
                    continue
                stack.append((node, True))
                stack.extend((child, False) for child in reversed(node.contents))
        self._end_line()
        while self.lines and not self.lines[-1].text:
            self.lines.pop()
        return self.lines

    def _open(self, tag: Tag) -> bool:
        """False when nothing under the tag is visible."""
        if tag.name in _NOT_TEXT or tag.has_attr("hidden") or "display:none" in str(tag.get("style", "")).replace(" ", ""):
            return False
        if tag.name == "br":
            if self.pieces:
                self._end_line()
            else:
                self._blank()
        elif tag.name in _BLOCKS:
            self._end_line()
            self.preformatted += tag.name == "pre"
        elif tag.name in _CELLS and self.pieces:
            self.pieces.append("\t")
        return True

    def _close(self, tag: Tag) -> None:
        if tag.name in _BLOCKS:
            self._end_line()
            self.preformatted -= tag.name == "pre"
            if tag.name == "p":
                self._blank()

    def _text(self, string: NavigableString) -> None:
        text = str(string)
        if isinstance(string, not_text_nodes()):
            self.line += text.count("\n")
            return
        parts = text.split("\n") if self.preformatted else [text.replace("\t", " ")]
        for index, part in enumerate(parts):
            if index:
                self._end_line()
                self.line += 1
            self._add(part)
        if not self.preformatted:
            self.line += text.count("\n")

    def _add(self, text: str) -> None:
        if self.first is None:
            stripped = text.lstrip(" \t\n\r\f\u00a0")
            if not stripped:
                if self.pieces:
                    self.pieces.append(text)
                return
            self.first = self.line + text[: len(text) - len(stripped)].count("\n")
        self.pieces.append(text)

    def _end_line(self) -> None:
        text = _SPACES.sub(" ", "".join(self.pieces)).strip() if not self.preformatted else "".join(self.pieces).rstrip()
        if self.first is not None and text.strip():
            self.lines.append(VisibleLine("\t".join(part.strip() for part in text.split("\t")) if "\t" in text else text,
                                          self.first))
        self.pieces, self.first = [], None

    def _blank(self) -> None:
        if self.lines and self.lines[-1].text:
            self.lines.append(VisibleLine("", self.lines[-1].line))
