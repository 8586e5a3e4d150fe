"""The `kb search --json` document: the query and its hits, best first."""

from pydantic import Field

from agent.contracts.contract import Contract, Part


class HitRow(Part):
    source: str
    title: str
    score: float = Field(description="fused rank score, 1.0 = first in both dense and lexical rankings")
    snippet: str
    metadata: dict


class KbSearchOutput(Contract):
    """`postmortem kb search --json`."""

    query: str
    k: int
    filters: list[str] = Field(description="the --filter KEY=VALUE options as given")
    hits: list[HitRow]
