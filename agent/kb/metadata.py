"""Document-level metadata (title, date, services, severity, failure class, URL) from whatever a post-mortem offers.

Order of trust: front matter, then a header table or `Key: value` line ("| Severity | SEV2 |",
"Category: Kubernetes"), then for the date an ISO date in the file name or the text.
"""

import re
from datetime import date
from pathlib import Path

from agent.kb.chunking import plain
from agent.kb.models import SourceMetadata
from agent.models.document import Document

# Field -> the keys people use for it (lower case, spaces for _ and -).
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "date": ("date", "incident date", "started", "start date", "start time"),
    "company": ("company", "organisation", "organization", "org"),
    "services": ("services", "service", "affected services", "systems", "components", "product"),
    "severity": ("severity", "sev", "severity level", "incident severity"),
    "failure_class": ("failure class", "failure classes", "class", "category", "categories", "root cause category"),
    "source_url": ("source url", "source", "url", "link"),
}
_KEY_VALUE_LINE = re.compile(r"^[\s>*_\-]*(?P<key>[A-Za-z][A-Za-z _-]{1,30}?)[*_\s]*:[*_\s]*(?P<value>\S.*)$")
_ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")
_UNKNOWN_VALUES = {"", "unknown", "n/a", "na", "none", "tbd", "-", "?"}


def _normal_key(key: str) -> str:
    return " ".join(key.lower().replace("_", " ").replace("-", " ").split())


def _field_for(key: str) -> str | None:
    normal = _normal_key(key)
    return next((field for field, keys in FIELD_KEYS.items() if normal in keys), None)


def labelled_fields(document: Document) -> dict[str, object]:
    """field -> raw value, first occurrence wins: front matter, then 2-column tables, then `Key: value` lines."""
    found: dict[str, object] = {}
    for key, value in document.front_matter.items():
        field = _field_for(key)
        if field and field not in found and value not in (None, "", []):
            found[field] = value
    for section in document.sections:
        for table in section.tables:
            for row in [table.header, *table.rows]:
                if len(row) >= 2 and (field := _field_for(plain(row[0]))) and field not in found:
                    value = plain(row[1])
                    if value.lower() not in _UNKNOWN_VALUES:
                        found[field] = value
    for line in document.lines:
        match = _KEY_VALUE_LINE.match(line)
        if match and (field := _field_for(match.group("key"))) and field not in found:
            value = plain(match.group("value"))
            if value.lower() not in _UNKNOWN_VALUES and field not in ("title", "source_url"):
                found[field] = value
    return found


def first_date(text: str) -> date | None:
    for match in _ISO_DATE.finditer(text):
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
    return None


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    return first_date(str(value)) if value is not None else None


def _as_list(value: object) -> list[str]:
    items = value if isinstance(value, list) else re.split(r"[,;]", str(value))
    return [plain(str(item)).strip() for item in items if str(item).strip()]


def canonical_severity(value: object) -> str | None:
    """SEV0-SEV4 / near-miss through the project's one mapping table; the text as written otherwise."""
    from agent.facts.severity import normalise_severity

    text = str(value).strip()
    if not text or text.lower() in _UNKNOWN_VALUES:
        return None
    severity = normalise_severity(text)
    return severity.level if severity else text


def extract_metadata(document: Document, path: Path) -> SourceMetadata:
    fields = labelled_fields(document)
    title = str(fields.get("title") or document.title or path.stem.replace("_", " ")).strip()
    when = _as_date(fields.get("date")) or first_date(path.name) or first_date("\n".join(document.lines[:80]))
    classes = _as_list(fields["failure_class"]) if "failure_class" in fields else []
    return SourceMetadata(
        title=plain(title),
        date=when,
        company=str(fields["company"]).strip() if "company" in fields else None,
        services=_as_list(fields["services"]) if "services" in fields else [],
        severity=canonical_severity(fields["severity"]) if "severity" in fields else None,
        failure_class=classes[0] if classes else None,
        source_url=str(fields["source_url"]).strip() if "source_url" in fields else None,
    )
