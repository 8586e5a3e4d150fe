"""How times and durations are written in documents: zone always stated, never guessed."""

from datetime import datetime


def format_time(moment: datetime | None, *, with_date: bool = True, zone: str | None = None) -> str:
    """UTC-aware times carry 'UTC'; naive times are local and say so (or name the zone the user gave)."""
    if moment is None:
        return "unknown"
    text = moment.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")
    if moment.tzinfo is not None:
        return f"{text} UTC"
    return f"{text} ({zone})" if zone else f"{text} (local time)"


def format_minutes(minutes: float | None) -> str:
    if minutes is None:
        return "unknown"
    whole = round(minutes)
    if whole < 60:
        return f"{whole} min"
    hours, rest = divmod(whole, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"
