"""Turn per-line clock readings into datetimes: days from dividers and anchors, midnight rollover, zones.

Rules (SPEC): a reading with a zone becomes aware UTC; one without stays naive local, unless `--tz` names the
zone or the transcript itself does ("All times in UTC", or other lines carrying a zone), so that one
transcript never mixes naive and aware times.
"""

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, tzinfo

from agent.transcript.assemble import DayMark, Draft, SectionMark
from agent.transcript.clock import Stamp
from agent.transcript.days import DayHint
from agent.transcript.half_day import settle_half_days
from agent.transcript.newest_first import newest_first_runs
from agent.transcript.pasted_log import notes_offset
from agent.transcript.zones import UTC, zone_label

# A reading this much earlier than the previous one is taken to be on the next day.
ROLLOVER = timedelta(hours=6)


@dataclass(slots=True)
class Resolution:
    times: list[datetime | None]
    zones: list[str | None] = field(default_factory=list)  # per draft, the zone its clock was read in
    warnings: list[str] = field(default_factory=list)
    timezone: str | None = None
    date_known: bool = True


def resolve_times(
    events: list[Draft | DayMark | SectionMark],
    *,
    zone: tzinfo | None,
    declared: tzinfo | None,
    anchor_date: date | None,
    today: date,
) -> Resolution:
    """Datetimes for the drafts among `events`, in order; None where a draft had no clock reading."""
    warnings: list[str] = []
    date_known = anchor_date is not None or _states_a_day(events)
    if not date_known and any(draft.stamp for draft in _drafts(events)):
        warnings.append("date unknown — pass --date (times sit on an assumed day)")
    walls = _wall_times(_with_settled_half_days(events), anchor_date, _reference_day(events, anchor_date, today),
                        warnings)
    explicit = [draft.stamp.zone if draft.stamp else None for draft in _drafts(events)]
    naive_zone, label = zone, zone_label(zone) if zone else None
    if naive_zone is None and declared is not None:
        naive_zone, label = declared, zone_label(declared)
    naive = [index for index, (wall, own) in enumerate(zip(walls, explicit, strict=True)) if wall is not None and own is None]
    dated = [draft.stamp is not None and draft.stamp.day is not None for draft in _drafts(events)]
    if naive_zone is None and naive and all(own is None for own, has_date in zip(explicit, dated, strict=True)
                                            if not has_date):
        offset = notes_offset(walls, explicit, dated)
        if offset is not None:
            naive_zone, label = offset, zone_label(offset)
            warnings.append(f"times without a zone were read at {label}, where the log pasted among them falls")
    fallbacks = _nearby_zones(explicit, dated) if naive_zone is None and naive else None
    if fallbacks:
        warnings.append("times without a zone were read in the zone of nearby lines that state one")
        label = zone_label(fallbacks[naive[0]])
    times: list[datetime | None] = []
    zones: list[str | None] = []
    for index, (wall, own) in enumerate(zip(walls, explicit, strict=True)):
        chosen = own or naive_zone or (fallbacks[index] if fallbacks else None)
        times.append(wall if wall is None or chosen is None else _to_utc(wall, chosen))
        zones.append(zone_label(chosen) if wall is not None and chosen is not None else None)
    if not (naive or zone):
        stated = {own for own in explicit if own is not None}
        # Every line states the same offset: that is the clock people read, and times said in messages use it.
        label = zone_label(stated.pop()) if len(stated) == 1 else None
    return Resolution(times=times, zones=zones, warnings=warnings, timezone=label, date_known=date_known)


def _to_utc(wall: datetime, zone: tzinfo) -> datetime | None:
    try:
        return wall.replace(tzinfo=zone).astimezone(UTC)
    except OverflowError:  # year 1 or 9999 shifted past the calendar's end
        return None


def _with_settled_half_days(events):
    """`events` with each open reading ("3:55" in notes that never write AM/PM) in its half of the day."""
    drafts = list(_drafts(events))
    settled = settle_half_days([draft.stamp for draft in drafts])
    changed = {id(draft): stamp for draft, stamp in zip(drafts, settled, strict=True) if stamp is not draft.stamp}
    if not changed:
        return events
    return [replace(event, stamp=changed[id(event)]) if id(event) in changed else event for event in events]


def _drafts(events):
    return (event for event in events if isinstance(event, Draft))


def _wall_times(events, anchor_date: date | None, today: date, warnings: list[str]) -> list[datetime | None]:
    day = anchor_date or _first_day(events, today) or today
    section_day, section_open = day, True
    previous: datetime | None = None
    stream: str | None = None
    clocks: dict[str | None, tuple[date, datetime | None]] = {}  # each stream's day and last reading
    twelve_hour: set[str | None] = set()  # the streams whose readings have shown AM/PM
    walls: dict[int, datetime | None] = {}  # by the draft's place in `events`
    undated_seen, undated_zone = False, None  # whether a reading without a date came yet, and the last one's zone

    def known_day() -> date | None:
        """The day the walk is at, when --date fixed where it started: a year-less day written later is near it
        (without --date, the first day is itself inferred, and `today` bounds them all)."""
        return day if anchor_date is not None else None

    def place(event: Draft, stamp: Stamp) -> datetime:
        nonlocal day, previous, section_day, section_open, undated_seen, undated_zone
        if stamp.twelve_hour:
            twelve_hour.add(stream)
        if stamp.day is not None:
            wall = datetime.combine(stamp.day, stamp.clock)
            if undated_seen and stamp.zone is not None and stamp.zone != undated_zone:
                # a line of a log pasted into notes kept on another clock: the notes' day and clock go on
                return wall
        elif stamp.day_hint is not None:
            found, problem = stamp.day_hint.resolve(today, near=known_day())
            if problem:
                warnings.append(f"line {event.line}: {problem}")
            wall = datetime.combine(found or day, stamp.clock)
        elif previous is not None and stream in twelve_hour and _half_day_unsaid(stamp):
            wall = _nearest_half_day(stamp, previous)
        else:
            wall = datetime.combine(day, stamp.clock)
            if previous is not None:
                wall = _after_midnight(wall, previous)
        if section_open:
            section_day, section_open = wall.date(), False
        day, previous = wall.date(), wall
        if stamp.day is None:
            undated_seen, undated_zone = True, stamp.zone
        return wall

    # entries listed newest first are placed oldest first; the entries after them go on from the oldest
    runs = {run.start: run for run in newest_first_runs(events, ROLLOVER)}
    index = 0
    while index < len(events):
        event = events[index]
        if index in runs:
            run = runs[index]
            for inside in reversed(run):
                if isinstance(events[inside], Draft):
                    stamp = events[inside].stamp
                    walls[inside] = place(events[inside], stamp) if stamp is not None else None
            oldest = walls[run[-1]]
            if oldest is not None:
                day, previous = oldest.date(), oldest
            index = run.stop
            continue
        index += 1
        if isinstance(event, DayMark):
            found, problem = event.hint.resolve(today, near=known_day())
            if problem:
                warnings.append(f"line {event.line}: {problem}")
            if found:
                day, previous = found, None
            continue
        if isinstance(event, SectionMark):
            if event.stream is None:
                day, previous, section_open = section_day, None, True
            else:
                clocks[stream] = (day, previous)
                stream = event.stream
                day, previous = clocks.get(stream, (day, None))
            continue
        walls[index - 1] = place(event, event.stamp) if event.stamp is not None else None
    return [walls[position] for position in sorted(walls)]


def _half_day_unsaid(stamp: Stamp) -> bool:
    """A reading such as "10:44" that could be either half of a 12-hour day."""
    return not stamp.twelve_hour and 1 <= stamp.clock.hour <= 12


def _nearest_half_day(stamp: Stamp, previous: datetime) -> datetime:
    """A bare reading on a 12-hour clock ("10:44" under a "10:42 PM" header): the half of the day that moves the
    clock least from its last reading, forward over midnight if need be ("12:03" after "11:58 PM" is 00:03)."""
    day = timedelta(days=1)
    moves = [(datetime.combine(previous.date(), stamp.clock.replace(hour=hour)) - previous) % day
             for hour in (stamp.clock.hour % 12, stamp.clock.hour % 12 + 12)]
    # each move is forward, 0 to 24 h; one a little short of a day is a small step back (an edit, a late copy)
    move = min(moves, key=lambda forward: min(forward, day - forward))
    try:
        return previous + (move if move <= day - move else move - day)
    except OverflowError:
        return datetime.combine(previous.date(), stamp.clock)


def _after_midnight(wall: datetime, previous: datetime) -> datetime:
    """The next day's reading when `wall` is far earlier than `previous` (at the calendar's ends, as written)."""
    try:
        return wall + timedelta(days=1) if wall + ROLLOVER < previous else wall
    except OverflowError:
        return wall


def _hints(events):
    """Every day the events state, in order: dividers and the days on stamps."""
    for event in events:
        if isinstance(event, DayMark):
            yield event.hint
        elif isinstance(event, Draft) and event.stamp is not None and event.stamp.day_hint is not None:
            yield event.stamp.day_hint


def _states_a_day(events) -> bool:
    """A calendar day is written somewhere ("Today", "Yesterday" and bare weekdays only count from a known date)."""
    for event in events:
        if isinstance(event, Draft) and event.stamp is not None and event.stamp.day is not None:
            return True
    return any(hint.month for hint in _hints(events))


def _reference_day(events, anchor_date: date | None, today: date) -> date:
    """The day "Today" names. With --date (the day of the first message), the first relative day is that date;
    without it, relative days count back from `today` only to keep them in order (the date stays unknown)."""
    if anchor_date is None:
        return today
    hints = list(_hints(events))
    first = hints[0] if hints else None
    if first is None or first.month:
        return _after_written_days(hints, anchor_date)
    try:
        # a weekday names the latest such day before "today"
        return anchor_date + timedelta(days=first.days_ago if first.days_ago is not None else 1)
    except OverflowError:
        return anchor_date


def _after_written_days(hints: list[DayHint], anchor_date: date) -> date:
    """`anchor_date`, or the first day that puts every "Today" and "Yesterday" after the calendar days written
    above it: a chat shows a day as a date only when it is older than those ("Thursday, November 12th", then
    "Today" once the clock passes midnight, is the 13th at the earliest)."""
    reference, latest = anchor_date, None
    for hint in hints:
        if hint.month:
            latest = hint.resolve(anchor_date, near=anchor_date)[0] or latest
        elif latest is not None and hint.days_ago is not None:
            try:
                reference = max(reference, latest + timedelta(days=hint.days_ago + 1))
            except OverflowError:
                return reference
    return reference


def _first_day(events, today: date) -> date | None:
    for event in events:
        if isinstance(event, DayMark):
            found, _ = event.hint.resolve(today)
            if found:
                return found
        elif isinstance(event, Draft) and event.stamp is not None:
            if event.stamp.day is not None:
                return event.stamp.day
            if event.stamp.day_hint is not None:
                found, _ = event.stamp.day_hint.resolve(today)
                if found:
                    return found
    return None


def _nearby_zones(explicit: list[tzinfo | None], dated: list[bool]) -> list[tzinfo] | None:
    """For each draft, the zone of the nearest earlier line that states one (the first such for leading lines).
    Lines with a full date of their own (a pasted log) lend their zone only when no line without one states one."""
    lending = [zone if not has_date else None for zone, has_date in zip(explicit, dated, strict=True)]
    if all(zone is None for zone in lending):
        lending = explicit
    first = next((zone for zone in lending if zone is not None), None)
    if first is None:
        return None
    current, result = first, []
    for zone in lending:
        current = zone or current
        result.append(current)
    return result
