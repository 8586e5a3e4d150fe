"""What a model-written claim may rest on: the quoted transcript lines as the model saw them, and the few
values the code computed.

Lines that try to instruct an AI are kept out of the evidence: quoting an injected line supports nothing.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from agent.llm.model_messages import source_spans
from agent.models import Facts, Message, Transcript
from agent.privacy.injection import is_instruction_to_ai

TIME = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?::\d{2})?(?:\s*([AaPp])\.?[Mm]\.?)?(?![\d:])")
DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
NUMBER_TOKEN = re.compile(r"[A-Za-z#$€£]*\d[\w.,%/+-]*")
# A figure written as a duration ("36 minutes", "1 h"): the only way a computed metric supports a number.
DURATION = re.compile(r"\b(\d+(?:\.\d+)?)\s*(minutes?|mins?|m|hours?|hrs?|h)\b", re.IGNORECASE)
# A count of the document's own parts ("4 open questions"): the code counted them, the transcript cannot say it.
DOCUMENT_COUNT = re.compile(r"\b(\d+)\s+(?:open\s+)?(?:questions?|actions?|action items?|events?|rows?)\b", re.IGNORECASE)
NUMBER_WORDS = {
    **{w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                   "fourteen fifteen sixteen seventeen eighteen nineteen".split())},
    **{w: 10 * n for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)},
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
SPELLED = re.compile(
    r"\b(?:" + "|".join([*NUMBER_WORDS, *SCALES]) + r")(?:[\s-]+(?:and[\s-]+)?(?:" + "|".join([*NUMBER_WORDS, *SCALES]) + r"))*\b",
    re.IGNORECASE,
)


def normalise_token(token: str) -> str:
    token = token.strip(".,;:!?)(").lower().lstrip("$€£#")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?%?", token):
        token = token.replace(",", "")
    return token


def number_tokens(text: str) -> set[str]:
    """Digit-bearing tokens ("2,340" -> "2340", "$48,000" -> "48000", "SEV2" -> "sev2"), times and dates removed."""
    text = TIME.sub(" ", DATE.sub(" ", text))
    return {normalise_token(t) for t in NUMBER_TOKEN.findall(text)} - {""}


def times_in(text: str) -> list["Clock"]:
    """(hour, minute, 'a'/'p'/None) for each clock time written in text."""
    return [(int(h), int(m), ampm.lower() if ampm else None) for h, m, ampm in TIME.findall(DATE.sub(" ", text))]


def to_24h(hour: int, marker: str | None) -> int:
    if marker == "p" and hour < 12:
        return hour + 12
    if marker == "a" and hour == 12:
        return 0
    return hour


Clock = tuple[int, int, str | None]
"""(hour, minute, marker): marker 'a'/'p' for AM/PM, '24' for an exact 24-hour time, None when ambiguous."""


def clock_of(moment: datetime) -> Clock:
    return (moment.hour, moment.minute, "24")


def clock_match(a: Clock, b: Clock) -> bool:
    """A time written without AM/PM matches either half of the day (chat often says "2:05" for 14:05)."""
    if a[1] != b[1]:
        return False
    a24, b24 = to_24h(a[0], a[2]), to_24h(b[0], b[2])
    if (a[2] is None and a[0] <= 12) or (b[2] is None and b[0] <= 12):
        return a24 % 12 == b24 % 12
    return a24 == b24


LINE_PREFIX = re.compile(r"^\s*L\d+\s+(?:\d{1,2}:\d{2}Z?|--:--)\s+")
TYPOGRAPHY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def normalise_text(text: str) -> str:
    """What a quote is compared on: case, spacing, typographic quotes and dashes do not matter."""
    text = text.translate(TYPOGRAPHY)
    return re.sub(r"\s+", " ", text).strip().lower()


def spelled_numbers(text: str) -> list[tuple[str, int]]:
    """Numbers written in words ("twelve thousand" -> 12000), each with the words; "a" and "and" are not numbers."""
    found = []
    for match in SPELLED.finditer(text):
        total = current = 0
        for word in re.split(r"[\s-]+", match.group(0).lower()):
            if word in NUMBER_WORDS:
                current += NUMBER_WORDS[word]
            elif word in SCALES:
                current = max(current, 1) * SCALES[word]
                if SCALES[word] >= 1_000:
                    total, current = total + current, 0
        found.append((match.group(0), total + current))
    return found


class EvidenceLine:
    """The message covering a source line, read on first use: most lines are never cited, and on a long
    channel converting every message to model space (and screening it for injection) costs more than the
    whole grounding check."""

    __slots__ = ("_index", "_injected", "_messages")

    def __init__(self, messages: Sequence[Message], index: int) -> None:
        self._messages = messages
        self._index = index
        self._injected: bool | None = None

    @property
    def message_text(self) -> str:
        return self._messages[self._index].text

    @property
    def time(self) -> datetime | None:
        return self._messages[self._index].time

    @property
    def text(self) -> str:
        """The message as cited: "author: text"."""
        message = self._messages[self._index]
        return f"{message.author}: {message.text}" if message.author else message.text

    @property
    def injected(self) -> bool:
        if self._injected is None:
            self._injected = is_instruction_to_ai(self.message_text)
        return self._injected


@dataclass
class Evidence:
    """Per source line, the (redacted, people as roles) message covering it, exactly as the model saw it; plus the
    few values the code computed that a claim may state without a quote (metric durations, dates, severity)."""

    lines: dict[int, EvidenceLine] = field(default_factory=dict)
    metric_minutes: set[float] = field(default_factory=set)
    fact_dates: set[str] = field(default_factory=set)
    severity_levels: set[str] = field(default_factory=set)
    document_counts: set[int] = field(default_factory=set)
    day: date | None = None  # the incident's date, for a time written without one on a line without a stamp

    @classmethod
    def build(cls, transcript: Transcript, facts: Facts, *, today: date) -> "Evidence":
        return cls.from_messages(transcript.messages, facts, today=today)

    @classmethod
    def from_messages(cls, messages: Sequence[Message], facts: Facts, *, today: date) -> "Evidence":
        """`messages` may be the model view's ModelMessages: only the lines that get cited are converted."""
        evidence = cls()
        for index, (first, last) in enumerate(source_spans(messages)):
            entry = EvidenceLine(messages, index)
            for line in range(first, last + 1):
                evidence.lines[line] = entry
        evidence._add_facts(facts, today)
        return evidence

    def _add_facts(self, facts: Facts, today: date) -> None:
        self.day = facts.incident_date
        metrics = facts.metrics
        for name in ("ttd_minutes", "tta_minutes", "ttm_minutes", "ttr_minutes", "ttc_minutes"):
            value = getattr(metrics, name)
            if value is not None:
                self.metric_minutes.add(round(value, 1))
        if facts.severity is not None:
            self.severity_levels.add(facts.severity.level.lower())
        dates = [facts.incident_date, today] + [a.due for a in facts.action_items] + [a.follow_up for a in facts.action_items]
        self.fact_dates |= {d.isoformat() for d in dates if d is not None}

    def allow_numbers(self, values) -> None:
        """Counts the code made of the document itself (open questions, actions, events): "4 open questions"."""
        self.document_counts |= {int(v) for v in values}

    def injected(self, lines: list[int]) -> list[int]:
        return [n for n in lines if n in self.lines and self.lines[n].injected]

    def usable(self, lines: list[int]) -> list[int]:
        """The cited lines that exist and are not injected instructions, each once, in the order cited."""
        return list(dict.fromkeys(n for n in lines if n in self.lines and not self.lines[n].injected))

    def texts(self, lines: list[int]) -> list[str]:
        seen: list[str] = []
        for n in self.usable(lines):
            if self.lines[n].text not in seen:
                seen.append(self.lines[n].text)
        return seen

    def quoted(self, line: int, span: str) -> bool:
        """The span is in the line's message as the model saw it (author included), spacing and case aside; a span
        copied with the line's "L12 14:05" prefix counts without it."""
        if line not in self.lines:
            return False
        wanted = normalise_text(LINE_PREFIX.sub("", span))
        return bool(wanted) and wanted in normalise_text(self.lines[line].text)

    def is_duration_metric(self, value: float, unit: str) -> bool:
        minutes = value * 60 if unit.lower().startswith("h") else value
        return round(minutes, 1) in self.metric_minutes
