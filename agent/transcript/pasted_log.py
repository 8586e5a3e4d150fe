"""The clock of notes that state no zone, read from a log pasted into them.

Scribe notes keep local time without saying which ("22:59 - Tess: broker logs full of handshake failures:"); the
log lines pasted under a note carry a full date and their zone ("2026-10-03T04:58:31Z ..."). A log line is pasted
soon after it was written: on the notes' clock it falls shortly before the note that pasted it (within half an
hour, and not after the next note). The one offset that puts every pasted line there is the notes' clock.
"""

from datetime import UTC, datetime, timedelta, timezone, tzinfo

# How long before the note that pasted it a log line may have been written, and after (the note's minute rounded
# down): a window shorter than an hour, so that one whole-hour offset at most fits.
RECENT = timedelta(minutes=30)
ROUNDED = timedelta(minutes=1)
# Offsets people's clocks run at: whole hours first, then the half and quarter hours a few regions use.
_WHOLE_HOURS = [timedelta(hours=hours) for hours in range(-12, 15)]
_PART_HOURS = [timedelta(hours=hours, minutes=minutes) for hours in (-9, -3, 3, 4, 5, 6, 8, 9, 10, 12, 13)
               for minutes in (30, 45)]


def notes_offset(walls: list[datetime | None], explicit: list[tzinfo | None], dated: list[bool]) -> tzinfo | None:
    """The fixed offset of the readings without a zone (`walls` as written, `explicit` their own zones, `dated`
    whether each carried a full date), or None when no dated line with a zone sits among them or the lines
    disagree."""
    notes = [index for index, (wall, own, has_date) in enumerate(zip(walls, explicit, dated, strict=True))
             if wall is not None and own is None and not has_date]
    found: set[timedelta] = set()
    for index, (wall, own, has_date) in enumerate(zip(walls, explicit, dated, strict=True)):
        if wall is None or own is None or not has_date:
            continue
        before = [walls[note] for note in notes if note < index]
        after = [walls[note] for note in notes if note > index]
        if not before:
            continue
        offset = _offset(_in_utc(wall, own), before[-1], after[0] if after else None)
        if offset is None:
            return None
        found.add(offset)
    return timezone(found.pop()) if len(found) == 1 else None


def _offset(moment: datetime | None, pasted_under: datetime | None, next_note: datetime | None) -> timedelta | None:
    """The one offset that puts `moment` (naive UTC) shortly before the note it was pasted under."""
    if moment is None or pasted_under is None:
        return None
    latest = pasted_under + ROUNDED if next_note is None else min(pasted_under + ROUNDED, max(next_note, pasted_under))
    for offsets in (_WHOLE_HOURS, _PART_HOURS):
        try:
            fitting = [offset for offset in offsets if pasted_under - RECENT <= moment + offset <= latest]
        except OverflowError:
            return None
        if fitting:
            return fitting[0] if len(fitting) == 1 else None
    return None


def _in_utc(wall: datetime, zone: tzinfo) -> datetime | None:
    try:
        return wall.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)
    except OverflowError:  # year 1 or 9999 shifted past the calendar's end
        return None
