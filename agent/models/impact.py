"""Impact figures and the normalised severity."""

from typing import Literal

from pydantic import BaseModel, Field

# "other": a count of something else the incident harmed (records exposed, files lost, e-mails sent wrongly)
ImpactUnit = Literal["users", "customers", "requests", "orders", "transactions", "errors", "money", "percent", "minutes",
                     "other"]

# Nouns that count something affected, and the unit each maps to.
UNIT_WORDS: dict[str, ImpactUnit] = {
    **dict.fromkeys(("users", "people", "accounts", "members", "visitors", "players", "subscribers", "viewers"), "users"),
    **dict.fromkeys(("customers", "merchants", "shoppers", "buyers", "clients", "tenants", "stores", "sellers"), "customers"),
    **dict.fromkeys(
        ("requests", "attempts", "calls", "checkouts", "page views", "pageviews", "queries", "searches", "logins",
         "sessions", "uploads", "downloads", "api calls"),
        "requests",
    ),
    **dict.fromkeys(("orders", "bookings", "purchases", "reservations", "carts"), "orders"),
    **dict.fromkeys(("transactions", "payments", "charges", "transfers", "invoices"), "transactions"),
    **dict.fromkeys(("errors", "5xx", "5xxs", "500s", "502s", "503s", "exceptions", "failures", "timeouts"), "errors"),
}
SeverityLevel = Literal["SEV0", "SEV1", "SEV2", "SEV3", "SEV4", "near-miss"]


class ImpactFigure(BaseModel):
    value: float
    unit: ImpactUnit
    text: str = Field(description="the phrase the figure came from, redacted")
    currency: str | None = None
    source_lines: list[int] = Field(default_factory=list)


class Severity(BaseModel):
    level: SeverityLevel
    original: str = Field(description="as written in the source, e.g. 'P1' or 'sev 2'")
    mapping_note: str | None = Field(default=None, description="set when a non-canonical scale was mapped")
    source_lines: list[int] = Field(default_factory=list)


class Impact(BaseModel):
    figures: list[ImpactFigure] = Field(default_factory=list)
    customer: str | None = None
    business: str | None = None
    internal: str | None = None
    how_we_know: str | None = None
