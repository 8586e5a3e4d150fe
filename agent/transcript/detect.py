"""Which format a transcript is in: every format scores each of the first few hundred non-blank lines.

Recording transcripts are told apart first, from the sample as a whole: their clocks only make sense
together (they start near 00:00:00 and only grow), which no single line shows.

A paste may hold several layouts one after the other (a pager log, then a chat copied from another tool).
Each line goes to the format that scores it best; runs of at least MIN_RUN such lines make a block of that
format, shorter runs stay with the block around them (a chat message quoting two log lines is still chat)."""

from collections.abc import Callable
from dataclasses import dataclass

from agent.transcript import alerts, incident_csv, irc, plain, slack_paste, stamped, teams, zoom
from agent.transcript.layout import layouts, layouts_within, line_scores, standalone_layouts
from agent.transcript.slack_export import looks_like_json
from agent.transcript.source import Source

SAMPLE_LINES = 400
MIN_RUN = 3


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
            totals = [mine + theirs for mine, theirs in zip(totals, line_scores(layout, lines))]
        return totals

    return score


# Listed from most to least specific: on equal scores the earlier format wins.
_SCORERS: tuple[tuple[str, Callable[[list[str]], list[int]]], ...] = (
    ("zoom", _per_line(zoom.score)),
    ("incident-csv", incident_csv.line_scores),
    ("slack", _with_layouts("slack", _per_line(slack_paste.score))),
    ("teams", _per_line(teams.score)),
    *((name, _layout_scorer(name)) for name in standalone_layouts(loose=False)),
    ("irc", _per_line(irc.score)),
    ("iso", _per_line(stamped.score_iso)),
    ("datetime-name", _per_line(stamped.score_datetime)),
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
    """One block per layout found in the paste, in order; a single block for a file in one format."""
    if source.files or looks_like_json(source.text):
        return [Block(0, "slack-export")]
    sample = _sample(source.text)
    if zoom.is_recording(sample):
        return [Block(0, "zoom")]
    scores = {name: scorer(sample) for name, scorer in _SCORERS}
    runs = _runs(_winners(scores, len(sample)), scores)
    if len(runs) > 1:
        return [Block(0, runs[0][1])] + [
            Block(_boundary(sample, previous[2][-1], start), name)
            for previous, (start, name, _) in zip(runs, runs[1:])
        ]
    best, best_score = "plain", 0
    for name, _ in _SCORERS:
        total = sum(scores[name])
        if total > best_score:
            best, best_score = name, total
    return [Block(0, best)]


def detect_format(source: Source) -> str:
    """The format name; for a paste of several layouts, their names joined by "+"."""
    return "+".join(block.format for block in detect_blocks(source))


def _winners(scores: dict[str, list[int]], count: int) -> list[tuple[int, str]]:
    winners = []
    for index in range(count):
        best, best_score = None, 0
        for name, _ in _SCORERS:
            if scores[name][index] > best_score:
                best, best_score = name, scores[name][index]
        if best:
            winners.append((index, best))
    return winners


def _runs(winners: list[tuple[int, str]], scores: dict[str, list[int]]) -> list[tuple[int, str, list[int]]]:
    """(first line, format, lines it won) of each run of at least MIN_RUN lines won by one format and not readable by the
    format before it; other runs join the run before them (or, at the start, the run after them)."""
    runs: list[list] = []  # [first index, name, line indexes]
    for index, name in winners:
        if runs and runs[-1][1] == name:
            runs[-1][2].append(index)
        else:
            runs.append([index, name, [index]])
    kept: list[list] = []
    for run in runs:
        if kept and (kept[-1][1] == run[1] or len(run[2]) < MIN_RUN or _reads(kept[-1][1], run[2], scores)):
            kept[-1][2].extend(run[2])
        elif kept and len(kept[-1][2]) < MIN_RUN:
            kept[-1] = [kept[-1][0], run[1], kept[-1][2] + run[2]]  # a short leading run joins this one
        else:
            kept.append(run)
    return [(start, name, sorted(lines)) for start, name, lines in kept]


def _boundary(sample: list[str], last_of_previous: int, first_of_next: int) -> int:
    """Where the next pasted log begins: after the first blank line that follows the previous block's last
    message line (a title above the next log belongs to it), else at its first message line."""
    for index in range(last_of_previous + 1, first_of_next):
        if not sample[index].strip():
            return index + 1
    return first_of_next


def _reads(name: str, lines: list[int], scores: dict[str, list[int]]) -> bool:
    """The format also scores most of these lines: it reads them as messages, so they need no block of their own."""
    return sum(scores[name][index] > 0 for index in lines) * 2 > len(lines)
