"""Entries a document lists newest first (a live state document's status updates: "03:10", "02:15", "01:25",
"00:05", "23:20"): their days are counted from the oldest, so that the entries after midnight fall on the next
day rather than on the day before."""

from datetime import timedelta

from agent.transcript.assemble import DayMark, Draft, SectionMark

_DAY = 24 * 60


def newest_first_runs(events: list[Draft | DayMark | SectionMark], longest_step: timedelta) -> list[range]:
    """The stretches of `events` whose timed entries step back in time at least twice and never forward: each
    step is back by at most `longest_step` (over midnight if need be), or none. A day or section mark, or an
    entry with a day of its own, ends a stretch."""
    longest = int(longest_step.total_seconds() // 60)
    runs: list[range] = []
    start: int | None = None
    last: int | None = None
    previous: int | None = None
    steps_back = 0

    def close() -> None:
        if start is not None and last is not None and steps_back >= 2:
            runs.append(range(start, last + 1))

    for index, event in enumerate(events):
        stamp = event.stamp if isinstance(event, Draft) else None
        if isinstance(event, Draft) and stamp is None:
            continue  # an entry without a time neither breaks nor extends a stretch
        if stamp is None or stamp.day is not None or stamp.day_hint is not None:
            close()
            start = last = previous = None
            steps_back = 0
            continue
        minutes = stamp.clock.hour * 60 + stamp.clock.minute
        back: int | None = (previous - minutes) % _DAY if previous is not None else None
        if back is not None and (back == 0 or (back <= longest and back < _DAY - back)):
            steps_back += back > 0
        else:
            close()
            start, steps_back = index, 0
        previous, last = minutes, index
    close()
    return runs
