"""Transcript ingestion: read a chat log in any supported format into `agent.models.Transcript`."""

from agent.transcript.parse import FORMATS, load_transcript, parse_transcript
from agent.transcript.source import Source, read_source

__all__ = ["FORMATS", "Source", "load_transcript", "parse_transcript", "read_source"]
