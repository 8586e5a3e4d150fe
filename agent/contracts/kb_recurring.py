"""The `kb recurring --json` document: failure classes and contributing factors seen more than once."""

import datetime as dt

from pydantic import Field

from agent.contracts.contract import Contract, Part


class OccurrenceRow(Part):
    source: str
    title: str
    date: dt.date | None
    text: str = Field(description="the factor as written there, or the failure class")


class OpenActionRow(Part):
    source: str
    title: str
    action: str
    owner: str | None
    due: str | None


class PatternRow(Part):
    kind: str = Field(description="failure_class or contributing_factor")
    label: str
    occurrences: list[OccurrenceRow]
    open_actions: list[OpenActionRow]


class KbRecurringOutput(Contract):
    """`postmortem kb recurring --json`."""

    window_days: int = Field(description="how far back it looked")
    patterns: list[PatternRow]
