"""A moment written out in words, as Google Takeout writes Google Chat's `created_date`: "Tuesday, March 10, 2026
at 2:05:12 PM UTC" (or "10 March 2026 at 14:05:12 GMT+02:00"). The month and weekday names are those of
`calendar_words.yaml`; the zone is a name or an offset (agent/transcript/zones.py)."""

import re
from datetime import datetime

from agent.transcript.days import MONTH_NAME, MONTHS, WEEKDAY_NAME
from agent.transcript.zones import zone_from_token

# ASCII matching, as for day dividers: Unicode case folding would let "ſept" match "sept".
_PROSE_TIME = re.compile(
    rf"(?:{WEEKDAY_NAME}\.?,?\s+)?"
    rf"(?:(?P<month>{MONTH_NAME})\.?\s+(?P<day>\d{{1,2}})|(?P<day_first>\d{{1,2}})\.?\s+(?P<month_after>{MONTH_NAME})\.?)"
    r",?\s+(?P<year>\d{4}),?\s+(?:at\s+)?(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\s*(?P<half>[ap])\.?m\.?)?(?:\s+(?P<zone>[A-Za-z][A-Za-z_/]*(?:[+-]\d{1,2}(?::?\d{2})?)?))?",
    re.IGNORECASE | re.ASCII,
)
# Newer exports put a narrow no-break space before "PM" (what ICU formats); the pattern matches ASCII spaces.
_WIDE_SPACES = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2009": " "})


def prose_moment(text: str) -> datetime | None:
    """The moment, aware when a zone is written (None when that zone is unknown), naive without one; None when the
    text is not such a date or names no real day or time."""
    match = _PROSE_TIME.fullmatch(text.translate(_WIDE_SPACES).strip())
    if match is None:
        return None
    zone = None
    if match["zone"]:
        zone = zone_from_token(match["zone"])
        if zone is None:
            return None
    hour = int(match["hour"])
    if match["half"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["half"].lower() == "p" else 0)
    month = MONTHS[(match["month"] or match["month_after"]).lower()]
    day = int(match["day"] or match["day_first"])
    try:
        return datetime(int(match["year"]), month, day, hour, int(match["minute"]), int(match["second"] or 0),
                        tzinfo=zone)
    except ValueError:  # February 30th, 25:00
        return None
