"""The only place that reads the wall clock; logic receives dates from here through its callers."""

import os
from datetime import UTC, date, datetime

from agent.errors import UsageError


class Clock:
    """Today and now, overridable with POSTMORTEM_TODAY=YYYY-MM-DD for reproducible drafts."""

    def today(self) -> date:
        pinned = os.environ.get("POSTMORTEM_TODAY")
        if not pinned:
            return date.today()
        try:
            return date.fromisoformat(pinned)
        except ValueError:
            raise UsageError(f"POSTMORTEM_TODAY={pinned!r} is not a date in YYYY-MM-DD form") from None

    def now(self) -> datetime:
        return datetime.now(UTC)
