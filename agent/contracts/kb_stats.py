"""The `kb stats --json` document: what the knowledge base holds."""

import datetime as dt

from pydantic import Field

from agent.contracts.contract import Contract


class KbStatsOutput(Contract):
    """`postmortem kb stats --json`."""

    sources: int = Field(description="indexed post-mortems")
    chunks: int
    seeded: bool = Field(description="whether the seed corpus of public incidents is indexed")
    embedder: str
    store: str = Field(description="local path of the store or the Chroma server URL")
    failure_classes: dict[str, int]
    severities: dict[str, int]
    oldest: dt.date | None
    newest: dt.date | None
    notes: list[str] = Field(description="a writer still busy, or an add that was stopped part-way")
