"""Search filters: parsed from `--filter key=value` and matched against a source's metadata."""

from datetime import date

from agent.errors import UsageError
from agent.kb.metadata import canonical_severity
from agent.kb.models import SearchFilters, SourceMetadata

FILTER_KEYS = {
    "service": "services",
    "services": "services",
    "severity": "severities",
    "sev": "severities",
    "class": "failure_classes",
    "failure_class": "failure_classes",
    "failure-class": "failure_classes",
    "from": "date_from",
    "since": "date_from",
    "to": "date_to",
    "until": "date_to",
}


def parse_filters(expressions: list[str]) -> SearchFilters:
    """`service=checkout`, `severity=SEV1,SEV2`, `class=config-change`, `since=2024-01-01`, `until=2024-12-31`.

    Repeating a key (or giving a comma list) means any of those values.
    """
    values: dict[str, object] = {}
    for expression in expressions:
        key, sep, value = expression.partition("=")
        field = FILTER_KEYS.get(key.strip().lower())
        if not sep or field is None or not value.strip():
            known = ", ".join(sorted({"service", "severity", "class", "since", "until"}))
            raise UsageError(f"--filter {expression!r}: expected KEY=VALUE with KEY one of {known}")
        if field.startswith("date_"):
            try:
                values[field] = date.fromisoformat(value.strip())
            except ValueError:
                raise UsageError(f"--filter {expression!r}: the date must be YYYY-MM-DD") from None
        else:
            existing = values.setdefault(field, [])
            existing.extend(v.strip() for v in value.split(",") if v.strip())
    filters = SearchFilters(**values)
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise UsageError(f"--filter: since {filters.date_from} is after until {filters.date_to}")
    return filters


def matches(metadata: SourceMetadata, filters: SearchFilters) -> bool:
    if filters.services:
        wanted = {s.casefold() for s in filters.services}
        if not wanted & {s.casefold() for s in metadata.services}:
            return False
    if filters.severities:
        wanted = {str(canonical_severity(s)).casefold() for s in filters.severities}
        if (metadata.severity or "").casefold() not in wanted:
            return False
    if filters.failure_classes:
        wanted = {c.casefold() for c in filters.failure_classes}
        if (metadata.failure_class or "").casefold() not in wanted:
            return False
    if filters.date_from or filters.date_to:
        if metadata.date is None:
            return False
        if filters.date_from and metadata.date < filters.date_from:
            return False
        if filters.date_to and metadata.date > filters.date_to:
            return False
    return True
