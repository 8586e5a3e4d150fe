"""Prompt templates (*.j2), installed as the package data `agent.prompts` (see pyproject.toml's package-dir)."""
