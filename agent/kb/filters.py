"""Search filters from `--filter KEY=VALUE` expressions (they are applied in agent.kb.lexical)."""

from datetime import date
from typing import Any

from agent.errors import UsageError
from agent.kb.models import SearchFilters

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
    values: dict[str, Any] = {}
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
