"""Which format a transcript is in: every format scores each of the first few hundred non-blank lines.

Recording transcripts are told apart first, from the sample as a whole: their clocks only make sense
together (they start near 00:00:00 and only grow), which no single line shows.

A paste may hold several layouts one after the other (a pager log, then a chat copied from another tool).
The format with the best total is the main one; a run of at least MIN_RUN lines that it cannot read and
another format reads best becomes a block of that format (a chat message quoting two log lines is still chat, and
so is one quoting a log in a fenced code block: lines inside a fence never start a message)."""

from collections.abc import Callable
from dataclasses import dataclass

from agent.transcript import (
    alerts,
    closing_time,
    email_thread,
    feed,
    incident_csv,
    irc,
    meeting_recording,
    plain,
    slack_paste,
    stamped,
    status_history,
    table,
    teams,
    zoom_chat,
)
from agent.transcript.assemble import fenced_lines
from agent.transcript.chat_json import recognise_chat_json
from agent.transcript.layout import layouts, layouts_within, line_scores, standalone_layouts
from agent.transcript.raw_mail import RAW_FORMAT, is_raw_mail
from agent.transcript.slack_export import looks_like_json
from agent.transcript.source import Source

SAMPLE_LINES = 400
MIN_RUN = 3
# A line only starts another block when another format clearly reads it: a bare time or an unnamed time-first
# line (score 1) is also a continuation in many layouts.
FOREIGN_SCORE = 2


def _per_line(score: Callable[[str], int]) -> Callable[[list[str]], list[int]]:
    return lambda lines: [score(line) if line.strip() else 0 for line in lines]


def _layout_scorer(name: str) -> Callable[[list[str]], list[int]]:
    return lambda lines: line_scores(layouts()[name], lines)


def _with_layouts(name: str, scorer: Callable[[list[str]], list[int]]) -> Callable[[list[str]], list[int]]:
    """A line format's scores plus those of the layouts that add header shapes to it."""
    extra = layouts_within(name)

    def score(lines: list[str]) -> list[int]:
        totals = scorer(lines)
        for layout in extra:
            totals = [mine + theirs for mine, theirs in zip(totals, line_scores(layout, lines), strict=True)]
        return totals

    return score


# Listed from most to least specific: on equal scores the earlier format wins.
_SCORERS: tuple[tuple[str, Callable[[list[str]], list[int]]], ...] = (
    ("zoom", _per_line(zoom_chat.score)),
    ("incident-csv", incident_csv.line_scores),
    ("status-history", status_history.line_scores),
    ("table", table.line_scores),
    ("email", email_thread.line_scores),
    ("slack", _with_layouts("slack", _per_line(slack_paste.score))),
    ("teams", _with_layouts("teams", _per_line(teams.score))),
    *((name, _layout_scorer(name)) for name in standalone_layouts(loose=False)),
    ("irc", irc.line_scores),
    ("iso", _per_line(stamped.score_iso)),
    ("datetime-name", _per_line(stamped.score_datetime)),
    ("feed", feed.line_scores),
    ("closing-time", closing_time.line_scores),
    ("plain", _per_line(plain.score)),
    *((name, _layout_scorer(name)) for name in standalone_layouts(loose=True)),
    ("alerts", _per_line(alerts.score)),
)


@dataclass(frozen=True, slots=True)
class Block:
    """Lines from `start` (0-based) up to the next block's start are read as `format`."""

    start: int
    format: str


def _sample(text: str) -> list[str]:
    """The first lines of the text, blank ones included, up to SAMPLE_LINES non-blank ones."""
    sample, filled = [], 0
    for line in text.split("\n", SAMPLE_LINES * 4)[: SAMPLE_LINES * 4]:  # the last piece is the unsplit rest
        sample.append(line.rstrip())
        filled += bool(line.strip())
        if filled == SAMPLE_LINES:
            break
    return sample


def detect_blocks(source: Source) -> list[Block]:
    """The main format, with a block of its own for each run of lines another layout reads and it does not."""
    if source.files or looks_like_json(source.text):
        return [Block(0, (not source.files and recognise_chat_json(source.text)) or "slack-export")]
    if is_raw_mail(source.text):
        return [Block(0, RAW_FORMAT)]
    sample = _sample(source.text)
    if meeting_recording.is_recording(sample):
        return [Block(0, "zoom")]
    scores = {name: scorer(sample) for name, scorer in _SCORERS}
    best, best_score = "plain", 0
    for name, _ in _SCORERS:
        total = sum(scores[name])
        if total > best_score:
            best, best_score = name, total
    blocks = [Block(0, best)]
    main_lines = [index for index, score in enumerate(scores[best]) if score > 0]
    previous_end = -1
    for name, lines in _foreign_runs(scores, best, fenced_lines(sample)):
        before = max(previous_end, max((index for index in main_lines if index < lines[0]), default=-1))
        after = min((index for index in main_lines if index > lines[-1]), default=len(sample))
        blocks.append(Block(0 if before < 0 else _boundary(sample, before, lines[0]), name))
        if after < len(sample):
            blocks.append(Block(_boundary(sample, lines[-1], after), best))
        previous_end = lines[-1]
    return _merged(blocks)


def detect_format(source: Source) -> str:
    """The format name; for a paste of several layouts, their names joined by "+"."""
    return "+".join(block.format for block in detect_blocks(source))


def _foreign_runs(scores: dict[str, list[int]], main: str, fenced: list[bool]) -> list[tuple[str, list[int]]]:
    """Runs of at least MIN_RUN lines that `main` cannot read (scores 0) and another format reads clearly (at
    least FOREIGN_SCORE), not interrupted by a line `main` reads or by a fenced line (the text of a message);
    each run goes to the format that scores its lines best in total."""
    runs: list[list[int]] = []
    current: list[int] | None = None
    for index in range(len(fenced)):
        if scores[main][index] > 0 or fenced[index]:
            current = None
            continue
        winner = _winner(scores, index)
        if winner is None or scores[winner][index] < FOREIGN_SCORE:
            continue
        if current is None:
            current = []
            runs.append(current)
        current.append(index)
    return [(_best_over(scores, lines), lines) for lines in runs if len(lines) >= MIN_RUN]


def _best_over(scores: dict[str, list[int]], lines: list[int]) -> str:
    return _top(scores, lines) or "plain"


def _winner(scores: dict[str, list[int]], index: int) -> str | None:
    return _top(scores, [index])


def _top(scores: dict[str, list[int]], lines: list[int]) -> str | None:
    """The format scoring these lines highest in total (the earlier one in _SCORERS on a tie), or None when none
    scores them at all."""
    totals = [(sum(scores[name][index] for index in lines), name) for name, _ in _SCORERS]
    best = max(totals, key=lambda total: total[0], default=(0, None))
    return best[1] if best[0] > 0 else None


def _merged(blocks: list[Block]) -> list[Block]:
    """Blocks in order without empty ones (a later block starting where an earlier one does replaces it) and
    with neighbours of one format joined."""
    merged: list[Block] = []
    for block in blocks:
        if merged and merged[-1].start == block.start:
            merged.pop()
        if not merged or merged[-1].format != block.format:
            merged.append(block)
    return merged


def _boundary(sample: list[str], last_of_previous: int, first_of_next: int) -> int:
    """Where the next pasted log begins: after the first blank line that follows the previous block's last
    scored line (a title above the next log belongs to it), else at the next block's first scored line."""
    for index in range(last_of_previous + 1, first_of_next):
        if not sample[index].strip():
            return index + 1
    return first_of_next
