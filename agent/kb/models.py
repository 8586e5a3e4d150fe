"""What the knowledge base takes in and gives back: chunks, filters, hits, reports, recurring patterns."""

import datetime as dt

from pydantic import BaseModel, Field


class SourceMetadata(BaseModel):
    """Document-level facts used for filtering and display; every field is optional in a user's archive."""

    title: str
    date: dt.date | None = None
    company: str | None = None
    services: list[str] = Field(default_factory=list)
    severity: str | None = Field(default=None, description="canonical SEV0-SEV4 / near-miss when recognised")
    failure_class: str | None = None
    source_url: str | None = None


class Chunk(BaseModel):
    """One piece of one section: the unit that is embedded and matched."""

    section: str
    text: str
    position: int = Field(description="order of the chunk inside its source")


class FollowUp(BaseModel):
    """An action item found in a past post-mortem."""

    action: str
    owner: str | None = None
    due: str | None = None
    done: bool = False


class SourceDocument(BaseModel):
    """A post-mortem ready to index: redacted chunks plus what recurring-pattern analysis needs."""

    source: str = Field(description="stable key: the resolved file path")
    kind: str = Field(description="markdown or pack")
    content_hash: str
    metadata: SourceMetadata
    chunks: list[Chunk]
    factors: list[str] = Field(default_factory=list, description="contributing factors, one per item")
    actions: list[FollowUp] = Field(default_factory=list)
    redactions: dict[str, int] = Field(default_factory=dict)


class SearchFilters(BaseModel):
    services: list[str] = Field(default_factory=list, description="any of these services (case-insensitive)")
    severities: list[str] = Field(default_factory=list, description="any of these severities")
    failure_classes: list[str] = Field(default_factory=list, description="any of these failure classes")
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def is_empty(self) -> bool:
        return not (self.services or self.severities or self.failure_classes or self.date_from or self.date_to)


class Hit(BaseModel):
    source: str
    title: str
    score: float = Field(description="fused rank score, 1.0 = first in both dense and lexical rankings")
    similarity: float | None = Field(
        default=None, description="cosine of its closest chunk; None when only the lexical side found it"
    )
    snippet: str
    section: str
    metadata: dict = Field(default_factory=dict)
    actions: list[str] = Field(default_factory=list, description="what that team changed (its action items)")


class FileReport(BaseModel):
    path: str
    status: str = Field(description="added, updated, unchanged, skipped (a copy of another file), unreadable; after a "
                        "rebuild: reindexed or restored")
    chunks: int = 0
    redactions: dict[str, int] = Field(default_factory=dict)
    reason: str | None = None


class AddReport(BaseModel):
    files: list[FileReport] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="what a rebuild repaired or set aside")

    @property
    def chunks(self) -> int:
        return sum(f.chunks for f in self.files)

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    def nothing_readable(self) -> str | None:
        """Why nothing was indexed when no file given could be read (empty, binary, not UTF-8), else None."""
        if not self.files:
            return "nothing was indexed: no Markdown (.md) or `draft --json` files were found"
        if all(f.status == "unreadable" for f in self.files):
            more = f" (and {len(self.files) - 1} more unreadable file(s))" if len(self.files) > 1 else ""
            return f"nothing was indexed: {self.files[0].reason}{more}"
        return None

    def redaction_totals(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for report in self.files:
            for kind, n in report.redactions.items():
                totals[kind] = totals.get(kind, 0) + n
        return totals


class Stats(BaseModel):
    sources: int
    chunks: int
    seeded: bool
    embedder: str
    store: str = Field(description="local path of the store or the Chroma server URL")
    failure_classes: dict[str, int] = Field(default_factory=dict)
    severities: dict[str, int] = Field(default_factory=dict)
    oldest: dt.date | None = None
    newest: dt.date | None = None
    notes: list[str] = Field(default_factory=list, description="a writer still busy, or an add that was stopped part-way")


class Occurrence(BaseModel):
    source: str
    title: str
    date: dt.date | None = None
    text: str = Field(description="the factor as written there, or the failure class")


class OpenAction(BaseModel):
    source: str
    title: str
    action: str
    owner: str | None = None
    due: str | None = None


class RecurringPattern(BaseModel):
    kind: str = Field(description="failure_class or contributing_factor")
    label: str
    occurrences: list[Occurrence]
    open_actions: list[OpenAction] = Field(default_factory=list)

    @property
    def count(self) -> int:
        return len({o.source for o in self.occurrences})


class ManifestEntry(BaseModel):
    """One indexed source as the manifest (the sqlite database) remembers it."""

    source: str
    kind: str
    content_hash: str
    chunk_count: int
    from_seed: bool = False
    metadata: SourceMetadata
