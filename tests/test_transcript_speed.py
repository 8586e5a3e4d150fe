"""Parsing stays fast: a 20,000-message incident channel must take well under a second (CPU time)."""

import time
from datetime import date, datetime, timedelta

import pytest

from agent.transcript import Source, parse_transcript

PEOPLE = ["Priya Raman", "Marcus Chen", "Dana Okafor", "Leo Fischer"]


def channel(shape: str, count: int) -> str:
    moment, lines = datetime(2026, 3, 10, 9, 0), ["Tuesday, March 10th"] if shape == "slack" else []
    for index in range(count):
        moment += timedelta(seconds=7 + index % 13)
        who = PEOPLE[index % 4]
        text = f"update {index}: checkout-api error rate at {index % 90}%, checking pool saturation"
        if shape == "slack":
            lines += [f"{who}  [{moment.hour % 12 or 12}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}]", text]
            if index % 10 == 0:
                lines.append("```\nERROR: remaining connection slots are reserved\n```")
        elif shape == "iso":
            lines.append(f"{moment:%Y-%m-%dT%H:%M:%S}+01:00 {who.split()[0].lower()}: {text}")
        else:
            lines.append(f"[{moment:%H:%M:%S}] <{who.split()[0].lower()}> {text}")
    return "\n".join(lines)


@pytest.mark.parametrize("shape", ["slack", "irc", "iso"])
def test_twenty_thousand_messages_parse_in_well_under_a_second(shape):
    source = Source(name="big.txt", text=channel(shape, 20_000), encoding="utf-8")
    started = time.process_time()
    transcript = parse_transcript(source, today=date(2026, 11, 21))
    elapsed = time.process_time() - started
    assert transcript.format == shape and len(transcript.messages) == 20_000
    assert transcript.messages[-1].time > transcript.messages[0].time
    assert elapsed < 1.0, f"{shape}: {elapsed:.2f} s CPU for 20,000 messages"
