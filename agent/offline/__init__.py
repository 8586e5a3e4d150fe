"""The offline engine: a complete, honest pack from extracted facts, with no model and no network."""

from agent.offline.builder import build_pack

__all__ = ["build_pack"]
