"""How times and durations are written in documents: zone always stated, never guessed."""

from collections.abc import Iterable
from datetime import datetime
from typing import Final, Literal

LOCAL_ZONE_UNKNOWN: Final = "local, zone unknown"
TimeZoneNote = Literal["UTC", "local, zone unknown"]


def format_time(moment: datetime | None, *, with_date: bool = True, zone: str | None = None) -> str:
    """UTC-aware times carry 'UTC'; naive times are local and say the zone is unknown (or name the one given)."""
    if moment is None:
        return "unknown"
    text = moment.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")
    if moment.tzinfo is not None:
        return f"{text} UTC"
    return f"{text} ({zone})" if zone else f"{text} ({LOCAL_ZONE_UNKNOWN})"


def zone_note(moments: Iterable[datetime | None]) -> TimeZoneNote:
    """What a document's times are: UTC when they carry a zone, else local with the zone unknown. One
    transcript never mixes the two (agent.transcript.resolve), so one note covers all of its times."""
    return "UTC" if any(m is not None and m.tzinfo is not None for m in moments) else LOCAL_ZONE_UNKNOWN


def format_minutes(minutes: float | None) -> str:
    if minutes is None:
        return "unknown"
    whole = round(minutes)
    if whole < 60:
        return f"{whole} min"
    hours, rest = divmod(whole, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"
