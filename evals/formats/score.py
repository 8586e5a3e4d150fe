"""How well the transcript reader copes with tools it was never built for: each record in `records/` is an incident
as a tool's copy or export shows it, with a key naming each message's line, author and time (README.md says who
wrote them and how). For every keyed message: is there a parsed message with its text, by its author, at its time?

Usage: python evals/formats/score.py [--verbose] [RECORD ...]
Prints one line per record and the totals; --verbose lists up to eight misses per record.
"""

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from agent.errors import PostmortemError
from agent.models import Message
from agent.transcript.decoding import readable
from agent.transcript.parse import load_transcript

RECORDS = Path(__file__).resolve().parent / "records"
TODAY = dt.date(2026, 12, 1)  # the records show days of 2026 or none
LINE_SLACK = (1, 2)  # a message may be found a line before its keyed line (a header above it) or two after
_PADDED_HOUR = re.compile(r"^(\d{4}-\d{2}-\d{2}T|)(\d:)")


def _squash(text: str | None) -> str:
    """Compared in the reader's normal form (`readable`): a full-width comma in the key is the parsed text's comma,
    WhatsApp's left-to-right mark before a notice is no text, Arabic digits are digits."""
    return re.sub(r"\s+", " ", readable(text or "")).strip().lower()


def _found(want: dict, messages: list[Message]) -> Message | None:
    """The parsed message holding the keyed text's opening, near its line if possible."""
    opening = _squash(want.get("text_start"))[:20]
    if not opening:
        return None
    near = [m for m in messages if want["line"] - LINE_SLACK[0] <= m.line <= want["line"] + LINE_SLACK[1]]
    return next((m for m in [*near, *messages] if opening in _squash(m.text)), None)


def _same_author(want: dict, got: Message) -> bool:
    """The keyed author, in any word order ("Liu, Grace"); a tool's own line may carry none."""
    wanted, found = _squash(want.get("author")), _squash(got.author)
    if not wanted:
        return not found or want.get("by") != "person"
    return bool(found) and (wanted in found or found in wanted
                            or set(wanted.replace(",", " ").split()) == set(found.replace(",", " ").split()))


def _same_time(want: dict, got: Message, zone: ZoneInfo | None) -> bool:
    """The keyed time of day (and day, when the record shows it), on the record's clock."""
    stamp = want.get("time")
    if not stamp:
        return True
    moment = got.time
    if moment is None:
        return False
    if zone is not None and moment.tzinfo is not None:
        moment = moment.astimezone(zone)
    stamp = _PADDED_HOUR.sub(r"\g<1>0\g<2>", stamp)  # "2025-10-21T6:52", as a writer may key it
    clock = stamp[11:16] if "T" in stamp else stamp[:5]
    return moment.strftime("%H:%M") == clock and ("T" not in stamp or moment.strftime("%Y-%m-%d") == stamp[:10])


def _offset(stamp: str) -> dt.timedelta:
    """"1:02:15", "00:00:02.310" or, as Otter and Loom write under an hour, "4:05" (minutes and seconds)."""
    *hours, minutes, seconds = stamp.replace(",", ".").split(":")
    return dt.timedelta(hours=int(hours[0]) if hours else 0, minutes=int(minutes), seconds=float(seconds))


def _start_reading(wanted: list[dict], messages: list[Message]) -> dt.datetime | None:
    """For a record keyed in offsets: the parsed time less the offset of the first keyed message read with a time."""
    for want in wanted:
        got = _found(want, messages)
        if want.get("time") and got is not None and got.time is not None:
            return got.time - _offset(want["time"])
    return None


def _same_offset(want: dict, got: Message, recording_start: dt.datetime | None) -> bool:
    """For a record whose clock counts from a recording's start (`"clock": "offset"`): no time at all is right,
    since the start may be unknown, and so are times that keep the offsets' distances (`recording_start` is the
    parsed time less the offset of the first keyed message read with a time). Offsets taken for times of day (a
    start at midnight) are not."""
    if not want.get("time") or got.time is None:
        return True
    return recording_start is not None and recording_start.time() != dt.time(0) and \
        abs(got.time - _offset(want["time"]) - recording_start) < dt.timedelta(minutes=1)


def score(record: Path, verbose: bool) -> tuple[int, int, int, int]:
    key = json.loads((record / "key.json").read_text(encoding="utf-8"))
    wanted = key["messages"]
    day = dt.date.fromisoformat(key["date"]) if key.get("date") else None
    zone = ZoneInfo(key["timezone"]) if key.get("timezone") else None
    try:
        transcript = load_transcript(str(record / "transcript.txt"), today=TODAY, anchor_date=day, tz=key.get("timezone"))
    except PostmortemError as error:
        print(f"{record.name:34} refused: {error}")
        return len(wanted), 0, 0, 0
    offsets = key.get("clock") == "offset"
    recording_start = _start_reading(wanted, transcript.messages) if offsets else None
    found = authored = timed = 0
    misses = []
    for want in wanted:
        got = _found(want, transcript.messages)
        if got is None:
            misses.append(f"line {want['line']}: no message with {want.get('text_start')!r}")
            continue
        found += 1
        if _same_author(want, got):
            authored += 1
        else:
            misses.append(f"line {want['line']}: author {want.get('author')!r}, read {got.author!r}")
        if _same_offset(want, got, recording_start) if offsets else _same_time(want, got, zone):
            timed += 1
        else:
            misses.append(f"line {want['line']}: time {want.get('time')!r}, read {got.time}")
    count = len(wanted)
    print(f"{record.name:34} {transcript.format:22} messages {count:3}  found {found / count:.2f}  "
          f"author {authored / count:.2f}  time {timed / count:.2f}")
    for miss in misses[:8] if verbose else []:
        print(f"    {miss}")
    return count, found, authored, timed


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("records", nargs="*", type=Path,
                        help="record folders, or names of folders in records/ (default: every one there)")
    parser.add_argument("--verbose", action="store_true", help="list each record's misses")
    args = parser.parse_args(argv)
    records = [path if path.exists() else RECORDS / path for path in args.records] or sorted(
        path for path in RECORDS.iterdir() if (path / "key.json").exists())
    totals = [sum(column) for column in zip(*(score(record, args.verbose) for record in records), strict=True)]
    count, found, authored, timed = totals
    print(f"all {len(records)} records, {count} messages: found {found / count:.3f}, right author {authored / count:.3f}, "
          f"right time {timed / count:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
