"""Reading post-mortems written by anyone: Markdown -> agent.models.document.Document."""

from agent.document.headings import CANONICAL_SECTIONS, canonical_for
from agent.document.reader import read_markdown

__all__ = ["CANONICAL_SECTIONS", "canonical_for", "read_markdown"]
