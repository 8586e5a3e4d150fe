"""Rubric, gate and blame-rule files (*.yaml), installed as the package data `agent.rubrics` (see pyproject.toml)."""
