"""Post-mortems in other formats -> the Markdown the reader understands (agent/document/reader.py).

Formats: Markdown, HTML (Confluence and wiki exports, saved pages, Google Docs), reStructuredText, AsciiDoc,
Confluence wiki markup, Org mode and plain text. A Word document (.docx) is a zip, not text: the readers of files
turn it into an HTML page first (agent/document/docx.py), which is then read here as HTML by its content. A PDF
is turned into Markdown by its fonts' sizes first (agent/document/pdf.py).

A file extension listed in formats.yaml decides the format; otherwise (stdin, another extension, a string) the
content does (`detect_format`), in this order:
- HTML: the text opens with `<!DOCTYPE html>`, `<html>` or `<?xml ...>` before one of those; or, with no Markdown
  heading, it opens with a tag and most of its lines do too.
- Confluence wiki: a `h1.`-`h6.` heading line. Org: a `#+KEYWORD` line.
- Markdown: an ATX heading (`## Title`).
- AsciiDoc: an `== Title` line (its `** ` items are nested bullets). Org: a `** ` heading.
- reStructuredText: an underlined title whose underline Markdown would not take (`~~~`, `^^^`, an overline), or
  underlined titles and reST markup (`.. directive::`, `:Field:`).
- Markdown again: a setext heading (`Title` over `===` or `---`).
- Plain text: at least two short lines of their own that read as headings (agent/document/plain_text.py).
- Anything else is Markdown (the reader takes any text). Front matter and lines inside ``` fences are not
  looked at.

Markdown comes back unchanged: the same string, so today's documents read exactly as before.

Line numbers: reST, AsciiDoc, Confluence wiki, Org and plain text are converted line for line, so line N of the
Markdown is line N of the user's file and every finding points at the user's line. HTML is converted block by
block; a block starts at the line of its opening tag in the user's file unless the blocks above it took more
room in Markdown than in HTML, and then a little later (agent/document/html_markdown.py). Front matter (`---`)
is kept as written in every format.
"""

import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import PurePath
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from agent.document.line_markup import kept_as_written, split_lines
from agent.document.plain_text import PlainHeadings, heading_levels, promote_headings
from agent.errors import InputError
from agent.html_page import opens_as_html_document
from agent.models.document import Document
from agent.yaml_data import validated_yaml

Format = Literal["markdown", "html", "rst", "asciidoc", "confluence", "org", "plain"]
FORMATS_FILE = "formats.yaml"


class WordDocument(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    member: str
    extensions: list[str]


class PdfDocument(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    extensions: list[str]


class OtherPackage(BaseModel):
    """A zip package that is not read, told by a member it holds or the type its `mimetype` member states."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    member: str | None = None
    mimetype: str | None = None
    name: str

    @model_validator(mode="after")
    def _told_somehow(self) -> "OtherPackage":
        if (self.member is None) == (self.mimetype is None):
            raise ValueError(f"{self.name}: give a member or a mimetype, one of them")
        return self


class FormatRules(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    extensions: dict[Format, list[str]]
    word_document: WordDocument
    pdf_document: PdfDocument
    other_packages: list[OtherPackage]
    plain_headings: PlainHeadings


@lru_cache(maxsize=1)
def format_rules() -> FormatRules:
    text = resources.files("agent.document").joinpath(FORMATS_FILE).read_text(encoding="utf-8")
    return validated_yaml(FormatRules, text, FORMATS_FILE)


_HTML_TAG_LINE = re.compile(r"^\s*<[a-zA-Z!/]")
_HTML_BLOCK_TAG = re.compile(r"<(?:h[1-6]|p|div|ul|ol|li|table|body|section|article)[\s>]", re.I)
_ATX = re.compile(r"^ {0,3}#{1,6}[ \t]+\S")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)\s*$")
_CONFLUENCE_HEADING = re.compile(r"^\s*h[1-6]\.\s+\S")
_ORG_KEYWORD = re.compile(r"^#\+[A-Za-z_]+(?::|\s|$)")
_ORG_DEEP_HEADING = re.compile(r"^\*{2,}\s+\S")
_ASCIIDOC_HEADING = re.compile(r"^={1,6}\s+\S")
_RST_MARKUP = re.compile(r"^\s*\.\.\s+(?:[\w:-]+::|_[^:]+:)|^:[A-Za-z][\w -]{0,40}:\s+\S")


def detect_format(text: str, filename: str | None = None) -> Format:
    """The format of a post-mortem: by the file's extension when formats.yaml lists it, else by content."""
    if filename:
        suffix = PurePath(filename).suffix.lower()
        for kind, suffixes in format_rules().extensions.items():
            if suffix in suffixes:
                return kind
    return _format_of_content(text)


def _format_of_content(text: str) -> Format:
    if opens_as_html_document(text):
        return "html"
    all_lines = split_lines(text)
    skipped = kept_as_written(all_lines)
    lines = [line for index, line in enumerate(all_lines) if index not in skipped]
    atx = any(_ATX.match(line) for line in lines)
    if any(_CONFLUENCE_HEADING.match(line) for line in lines):
        return "confluence"
    if any(_ORG_KEYWORD.match(line) for line in lines):
        return "org"
    if atx:
        return "markdown"
    if any(_ASCIIDOC_HEADING.match(line) for line in lines):
        return "asciidoc"
    if any(_ORG_DEEP_HEADING.match(line) for line in lines):
        return "org"
    if _reads_as_rst(lines):
        return "rst"
    if any(_SETEXT.match(line) and index > 0 and lines[index - 1].strip() for index, line in enumerate(lines)):
        return "markdown"
    if _reads_as_html(lines):
        return "html"
    if _plain_heading_count(all_lines) >= 2:
        return "plain"
    return "markdown"


def _reads_as_rst(lines: list[str]) -> bool:
    from agent.document.rst import underline_headings

    headings = underline_headings(lines)
    markdown_would_read = all(
        lines[adornments[0]].strip()[0] in "=-" and len(adornments) == 1 for _, _, adornments in headings.values())
    return bool(headings) and (not markdown_would_read or any(_RST_MARKUP.match(line) for line in lines))


def _reads_as_html(lines: list[str]) -> bool:
    filled = [line for line in lines if line.strip()]
    tagged = sum(1 for line in filled if _HTML_TAG_LINE.match(line))
    return bool(filled) and _HTML_TAG_LINE.match(filled[0]) is not None and tagged * 2 >= len(filled) and any(
        _HTML_BLOCK_TAG.search(line) for line in filled)


def _plain_heading_count(lines: list[str]) -> int:
    return len(heading_levels(lines, format_rules().plain_headings))


def _plain_to_markdown(text: str) -> str:
    return promote_headings(text, format_rules().plain_headings)


def _converter(kind: Format) -> Callable[[str], str]:
    if kind == "html":
        from agent.document.html_markdown import html_to_markdown

        return html_to_markdown
    if kind == "rst":
        from agent.document.rst import rst_to_markdown

        return rst_to_markdown
    if kind == "asciidoc":
        from agent.document.asciidoc import asciidoc_to_markdown

        return asciidoc_to_markdown
    if kind == "confluence":
        from agent.document.confluence import confluence_to_markdown

        return confluence_to_markdown
    if kind == "org":
        from agent.document.org import org_to_markdown

        return org_to_markdown
    return _plain_to_markdown


def to_markdown(text: str, filename: str | None = None) -> str:
    """The post-mortem as Markdown; Markdown itself is returned as given. Raises InputError when a document's
    markup is too deeply nested to convert."""
    kind = detect_format(text, filename)
    if kind == "markdown":
        return text
    try:
        return _converter(kind)(text)
    except RecursionError:
        raise InputError(f"the {kind} document is nested too deeply to read") from None


def read_document(text: str, filename: str | None = None) -> Document:
    """A post-mortem in any supported format, read into a Document (agent/document/reader.py)."""
    from agent.document.reader import read_markdown

    return read_markdown(to_markdown(text, filename))
