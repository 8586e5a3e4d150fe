"""Reading post-mortems written by anyone: Markdown (or HTML, reST, AsciiDoc, Confluence wiki, Org, plain text)
-> agent.models.document.Document."""

from agent.document.formats import detect_format, read_document, to_markdown
from agent.document.headings import CANONICAL_SECTIONS, canonical_for
from agent.document.reader import read_markdown

__all__ = ["CANONICAL_SECTIONS", "canonical_for", "detect_format", "read_document", "read_markdown", "to_markdown"]
