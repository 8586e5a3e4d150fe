"""A long transcript that yields almost no timed events was most likely misread: say so, say why, name the flag.

A draft must never be quietly thin. The causes checked are the ones a user can fix from the command line: a
format that was not recognised, times without a date, and 12-hour clock times written without AM/PM."""

import itertools
from collections.abc import Sequence

from agent.models import TimelineEvent, Transcript
from agent.offline.questions import MIN_TIMED_EVENTS

MIN_MESSAGES = 21  # "more than 20 messages": a shorter chat may simply be a short incident
UNRECOGNISED_FORMAT = "plain"
AUTHORLESS_SHARE = 0.5
# Read as 24-hour times, a 12-hour clock without AM/PM jumps half a day at noon (12:55 -> 1:05 = 01:05 the next day).
HALF_DAY_JUMP_HOURS = 6


def thin_timeline_warning(transcript: Transcript, timeline: Sequence[TimelineEvent]) -> str | None:
    messages = len(transcript.messages)
    timed = sum(1 for event in timeline if event.time is not None)
    if messages < MIN_MESSAGES or timed >= MIN_TIMED_EVENTS:
        return None
    causes = _likely_causes(transcript) or [
        "few messages read as incident events (alerts, deploys, mitigations, recovery); check the detected "
        f"format ({transcript.format}) and pass --format if it is wrong"
    ]
    return (f"only {timed} timed timeline event(s) from {messages} messages, so the timeline is thin. "
            f"Likely cause: {'; '.join(causes)}")


def _likely_causes(transcript: Transcript) -> list[str]:
    causes = []
    authorless = sum(1 for message in transcript.messages if message.author is None)
    if transcript.format == UNRECOGNISED_FORMAT:
        causes.append("the format was not recognised (read as plain text): name it with --format")
    elif authorless > AUTHORLESS_SHARE * len(transcript.messages):
        causes.append(f"{authorless} of {len(transcript.messages)} messages have no author, so the format was "
                      f"probably not recognised (read as {transcript.format}): name it with --format")
    timed = any(message.time is not None for message in transcript.messages)
    if timed and not transcript.date_known:
        causes.append("the times carry no date: give the first message's day with --date YYYY-MM-DD "
                      "(and their zone with --tz)")
    if _looks_like_12_hour_clock(transcript):
        causes.append("the times look like a 12-hour clock without AM/PM: add AM/PM or use 24-hour times, "
                      "and give their zone with --tz")
    return causes


def _looks_like_12_hour_clock(transcript: Transcript) -> bool:
    times = [message.time for message in transcript.messages if message.time is not None]
    if len(times) < 2 or any(moment.hour == 0 or moment.hour > 12 for moment in times):
        return False
    return any((later - earlier).total_seconds() >= HALF_DAY_JUMP_HOURS * 3600
               for earlier, later in itertools.pairwise(times) if (earlier.tzinfo is None) == (later.tzinfo is None))
