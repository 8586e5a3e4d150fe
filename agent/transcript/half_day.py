"""Which half of the day a note's "3:55" means when nothing in the transcript writes AM or PM.

People keep live documents on a 12-hour clock without saying so ("Status update 3:55 PT" above "12:30 PT" and
"11:05 PT"). Each such reading is read in the half of the day that keeps the transcript's clock moving least from
reading to reading, in whichever direction the document runs (forward, or newest first), over midnight if need be;
a tie keeps the reading as written. Transcripts that write AM/PM anywhere are settled reading by reading instead
(`resolve._nearest_half_day`).
"""

from dataclasses import replace

from agent.transcript.clock import Stamp

_DAY = 24 * 60
_HALF = 12 * 60


def settle_half_days(stamps: list[Stamp | None]) -> list[Stamp | None]:
    """`stamps` with every open reading (`Stamp.half_day_open`) moved to the half of the day that fits its
    neighbours best; dated readings (a pasted log's full timestamps) are no neighbours."""
    if any(stamp.twelve_hour for stamp in stamps if stamp is not None):
        return stamps
    chain = [(index, stamp) for index, stamp in enumerate(stamps) if stamp is not None and stamp.day is None]
    if not any(stamp.half_day_open for _, stamp in chain):
        return stamps
    options = [(_minutes(stamp), _minutes(stamp) + _HALF) if stamp.half_day_open else (_minutes(stamp),)
               for _, stamp in chain]
    # best[k]: (total move, readings moved to the other half) of the cheapest reading of the chain so far ending
    # in option k, with the option chosen before it
    best: list[list[tuple[tuple[int, int], int]]] = [[((0, choice), 0) for choice in range(len(options[0]))]]
    for position in range(1, len(options)):
        row = []
        for choice, value in enumerate(options[position]):
            row.append(min(
                ((best[-1][before][0][0] + _move(options[position - 1][before], value),
                  best[-1][before][0][1] + choice), before)
                for before in range(len(options[position - 1]))
            ))
        best.append(row)
    choice = min(range(len(best[-1])), key=lambda option: best[-1][option][0])
    settled = list(stamps)
    for position in range(len(options) - 1, -1, -1):
        if choice:
            index, stamp = chain[position]
            settled[index] = replace(stamp, clock=stamp.clock.replace(hour=stamp.clock.hour + 12))
        choice = best[position][choice][1]
    return settled


def _minutes(stamp: Stamp) -> int:
    return stamp.clock.hour * 60 + stamp.clock.minute


def _move(earlier: int, later: int) -> int:
    """How far the clock moves between two readings, forward or back, over midnight if that is shorter."""
    step = (later - earlier) % _DAY
    return min(step, _DAY - step)
