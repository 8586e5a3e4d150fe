"""The `kb add --json` and `kb rebuild --json` document: what became of each file."""

from pydantic import Field

from agent.contracts.contract import Contract, Part


class FileRow(Part):
    path: str
    status: str = Field(description="added, updated, unchanged, skipped (a copy of another file), unreadable; after a "
                        "rebuild: reindexed or restored")
    chunks: int
    redactions: dict[str, int] = Field(description="how many of each kind of secret or personal datum were removed")
    reason: str | None = Field(description="why a file was skipped or unreadable")


class KbAddOutput(Contract):
    """`postmortem kb add --json` and `postmortem kb rebuild --json`."""

    files: list[FileRow]
    notes: list[str] = Field(description="what a rebuild repaired or set aside")
