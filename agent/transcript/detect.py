"""Which format a transcript is in: every format scores the first few hundred non-blank lines.

Recording transcripts are told apart first, from the sample as a whole: their clocks only make sense
together (they start near 00:00:00 and only grow), which no single line shows."""

from agent.transcript import alerts, irc, plain, slack_paste, stamped, teams, zoom
from agent.transcript.slack_export import looks_like_json
from agent.transcript.source import Source

SAMPLE_LINES = 400
# Listed from most to least specific: on equal scores the earlier format wins.
_SCORERS = (
    ("zoom", zoom.score),
    ("slack", slack_paste.score),
    ("teams", teams.score),
    ("irc", irc.score),
    ("iso", stamped.score_iso),
    ("datetime-name", stamped.score_datetime),
    ("plain", plain.score),
    ("alerts", alerts.score),
)


def detect_format(source: Source) -> str:
    """The best-scoring format name; "plain" when nothing scores (no recognisable message lines)."""
    if source.files or looks_like_json(source.text):
        return "slack-export"
    sample = []
    for line in source.text.split("\n", SAMPLE_LINES * 4)[: SAMPLE_LINES * 4]:  # the last piece is the unsplit rest
        if line.strip():
            sample.append(line.rstrip())
            if len(sample) == SAMPLE_LINES:
                break
    if zoom.is_recording(sample):
        return "zoom"
    best, best_score = "plain", 0
    for name, score in _SCORERS:
        total = sum(score(line) for line in sample)
        if total > best_score:
            best, best_score = name, total
    return best
