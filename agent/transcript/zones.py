"""Time zones: the `--tz` option, zone tokens written after a time, and "all times in UTC" notes."""

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent.errors import UsageError

# Abbreviations people actually type after a time, in English and German (MEZ is CET). Ambiguous ones take
# the most common incident-channel reading (IST India, CST North America); region letters (PT, ET) follow
# daylight saving, so they map to zones.
_FIXED_OFFSETS_HOURS = {
    "UTC": 0, "GMT": 0, "UT": 0, "Z": 0, "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2,
    "EET": 2, "EEST": 3, "MSK": 3, "SGT": 8, "HKT": 8, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11,
    "NZST": 12, "NZDT": 13, "HST": -10, "AKST": -9, "AKDT": -8, "PST": -8, "PDT": -7, "MST": -7,
    "MDT": -6, "CST": -6, "CDT": -5, "EST": -5, "EDT": -4,
    "WEZ": 0, "WESZ": 1, "MEZ": 1, "MESZ": 2, "OEZ": 2, "OESZ": 3, "SAST": 2, "PKT": 5, "IST": 5.5, "NPT": 5.75,
    "ICT": 7, "WIB": 7, "PHT": 8, "AWST": 8, "ACST": 9.5, "ACDT": 10.5, "BRT": -3,
}
# Abbreviations that are also words ("um 07:00 ist der Job gelaufen"): a zone only when written in capitals.
_CAPITALS_ONLY = frozenset({"IST"})
_REGION_ZONES = {"PT": "America/Los_Angeles", "MT": "America/Denver", "CT": "America/Chicago",
                 "ET": "America/New_York"}
_OFFSET = re.compile(r"^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$")
_DECLARED = re.compile(
    r"^\W*(?:(?:all\s+)?times?\s+(?:are\s+|shown\s+|listed\s+|given\s+)?(?:in\s+)?"
    # the same note in German, Spanish, Portuguese, French, Italian and Dutch ("Alle Zeiten MEZ.")
    r"|(?:alle\s+(?:zeiten|zeitangaben|uhrzeiten|tijden)|todas\s+las\s+horas|todos\s+os\s+hor[aá]rios"
    r"|toutes\s+les\s+heures|tutti\s+gli\s+orari)\s+(?:sind\s+|en\s+|em\s+|in\s+)?)"
    r"(?P<zone>[A-Za-z][A-Za-z_/+\-:0-9]{0,40})(?:,\s*[^A-Za-z\n]{0,20})?\W*$"  # a date may follow: "UTC, 2026-09-08"
    r"|^\W*time\s*zone\s*:\s*(?P<zone2>[A-Za-z][A-Za-z_/+\-:0-9]{0,40})\W*$",
    re.IGNORECASE,
)

_SENTENCE_END = re.compile(r"(?<=[.;])\s+")
# A caption ending in a zone and a colon: an abbreviation in capitals, an offset or an IANA name (no clock before it,
# so "paged at 14:02 UTC:" is no caption).
_CAPTION = re.compile(
    r"^[^:\n]{0,58}?[\s,(\[](?P<zone>[A-Z]{2,5}|(?:UTC|GMT)[+-]\d{1,2}(?::?\d{2})?|[A-Za-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?)"
    r"[)\]]?\s*:\s*$"
)


@lru_cache(maxsize=256)
def zone_from_token(token: str) -> tzinfo | None:
    """The zone a token like `UTC`, `Z`, `+0100`, `-05:00`, `PST` or `Europe/Berlin` names, else None."""
    upper = token.upper()
    if upper in _FIXED_OFFSETS_HOURS and (upper not in _CAPITALS_ONLY or token == upper):
        hours = _FIXED_OFFSETS_HOURS[upper]
        return UTC if hours == 0 else timezone(timedelta(hours=hours), upper)
    if upper in _REGION_ZONES:
        return ZoneInfo(_REGION_ZONES[upper])
    offset = _OFFSET.match(upper)
    if offset:
        sign, offset_hours, offset_minutes = offset.groups()
        delta = timedelta(hours=int(offset_hours), minutes=int(offset_minutes or 0))
        if delta >= timedelta(hours=15) or int(offset_minutes or 0) >= 60:
            return None
        return UTC if not delta else timezone(-delta if sign == "-" else delta)
    if "/" in token:
        return _iana(token)
    return None


def as_written_by(named: tzinfo, own: tzinfo | None, at: datetime) -> tzinfo:
    """The zone an abbreviation names for a writer whose own clock is `own`, said at `at` (aware): their own zone
    when it goes by that abbreviation then (IST in Dublin is Irish time, CST in Shanghai is China's), else the
    common reading (`zone_from_token`)."""
    if own is None or isinstance(named, ZoneInfo):
        return named
    return own if at.astimezone(own).tzname() == named.tzname(None) else named


@lru_cache(maxsize=64)
def _iana(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def zone_from_option(name: str) -> tzinfo:
    """The zone given with `--tz`: an IANA name (or UTC / a fixed offset). Anything else is a usage error."""
    zone = zone_from_token(name.strip()) if name.strip() else None
    if zone is None and name.strip():
        zone = _iana(name.strip())
    if zone is None:
        raise UsageError(f"unknown time zone '{name}' (use an IANA name such as Europe/Berlin, America/New_York or UTC)")
    return zone


def zone_label(zone: tzinfo) -> str:
    """A name for `Transcript.timezone`: the IANA key when there is one, else UTC or the fixed offset."""
    key = getattr(zone, "key", None)
    if key:
        return key
    if zone is UTC:
        return "UTC"
    return zone.tzname(None) or str(zone)


def declared_zone(lines: list[str]) -> tzinfo | None:
    """The zone a note such as "All times in UTC." or "Timezone: Europe/Berlin", or a caption above a paste such
    as "slack #sre-apac, AEDT:" or "Timeline (UTC):", declares, if any."""
    for line in lines:
        # a note may open a longer line of a document: "All times UTC, 2026-09-08. Entries copied from #inc."
        for part in [line] if len(line) <= 60 else _SENTENCE_END.split(line, maxsplit=1)[:1]:
            if len(part) > 60:
                continue
            match = _DECLARED.match(part) or _CAPTION.match(part)
            zone = zone_from_token(match.group("zone") or match.groupdict().get("zone2")) if match else None
            if zone is not None:
                return zone
    return None
