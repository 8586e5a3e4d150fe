"""What a model-written claim may rest on: the cited transcript lines, and the facts the code computed.

Lines that try to instruct an AI are kept out of the evidence: citing an injected line supports nothing.
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
QUOTE = re.compile(r"[“\"]([^”\"]{12,})[”\"]")
CITATION = re.compile(
    r"\[L(\d+)(?:\s*[-–]\s*L?(\d+))?((?:\s*,\s*L\d+)*)\]"
    r"|\(?\b(?:source\s+)?lines?\s+(\d+(?:\s*(?:,|and|-|–)\s*\d+)*)\)?",
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


def normalise_quote(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def cited_lines(text: str) -> list[int]:
    """Line numbers cited inline: [L12], [L12-L14], [L3, L7], (line 12), (lines 12, 14), (lines 12-14)."""
    lines: list[int] = []
    for match in CITATION.finditer(text):
        if match.group(1):
            start = int(match.group(1))
            end = int(match.group(2)) if match.group(2) else start
            lines.extend(range(start, min(end, start + 50) + 1))
            lines.extend(int(n) for n in re.findall(r"\d+", match.group(3) or ""))
        else:
            spec = match.group(4)
            for part in re.split(r"\s*(?:,|and)\s*", spec):
                bounds = [int(n) for n in re.split(r"\s*[-–]\s*", part) if n]
                if len(bounds) == 2:
                    lines.extend(range(bounds[0], min(bounds[1], bounds[0] + 50) + 1))
                else:
                    lines.extend(bounds)
    return lines


def strip_citations(text: str) -> str:
    return CITATION.sub(" ", text)


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
    """Per source line, the (redacted) text of the message covering it; plus values the code computed."""

    lines: dict[int, EvidenceLine] = field(default_factory=dict)
    fact_numbers: set[str] = field(default_factory=set)
    fact_times: set[Clock] = field(default_factory=set)
    fact_dates: set[str] = field(default_factory=set)
    fact_quotes: list[str] = field(default_factory=list)
    severity_levels: set[str] = field(default_factory=set)

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
        metrics = facts.metrics
        for name in ("ttd_minutes", "tta_minutes", "ttm_minutes", "ttr_minutes", "ttc_minutes"):
            value = getattr(metrics, name)
            if value is not None:
                self.fact_numbers |= _duration_tokens(value)
        moments = [getattr(metrics, n) for n in ("impact_start", "detected", "acknowledged", "mitigated",
                                                  "recovered", "resolved")]
        moments += [event.time for event in facts.timeline]
        self.fact_times |= {clock_of(m) for m in moments if m is not None}
        for figure in facts.impact.figures:
            self.fact_numbers |= number_tokens(figure.text) | {normalise_token(_plain(figure.value))}
        self.fact_quotes += [normalise_quote(e.event) for e in facts.timeline]
        for group in (facts.went_well, facts.went_poorly, facts.lucky, facts.hypotheses):
            self.fact_quotes += [normalise_quote(o.text) for o in group]
        self.fact_quotes += [normalise_quote(a.action) for a in facts.action_items]
        if facts.severity is not None:
            self.severity_levels.add(facts.severity.level.lower())
            self.fact_numbers |= number_tokens(f"{facts.severity.level} {facts.severity.original}")
        dates = [facts.incident_date, today] + [a.due for a in facts.action_items] + [a.follow_up for a in facts.action_items]
        self.fact_dates |= {d.isoformat() for d in dates if d is not None}

    def allow_numbers(self, values) -> None:
        """Counts the code computed about the document itself (open questions, actions) are not claims to cite."""
        self.fact_numbers |= {str(v) for v in values}

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

    def supports_time(self, claim: Clock, lines: list[int]) -> bool:
        if any(clock_match(claim, known) for known in self.fact_times):
            return True
        for n in self.usable(lines):
            entry = self.lines[n]
            if entry.time is not None and clock_match(claim, clock_of(entry.time)):
                return True
            if any(clock_match(claim, written) for written in times_in(entry.text)):
                return True
        return False

    def supports_moment(self, moment: datetime, lines: list[int]) -> bool:
        return self.supports_time(clock_of(moment), lines)

    def supports_token(self, token: str, lines: list[int]) -> bool:
        if token in self.fact_numbers:
            return True
        return any(token in number_tokens(text) for text in self.texts(lines))

    def supports_quote(self, quote: str, lines: list[int]) -> bool:
        wanted = normalise_quote(quote)
        if any(wanted in known or known in wanted for known in self.fact_quotes if known):
            return True
        return any(wanted in normalise_quote(text) for text in self.texts(lines))


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _duration_tokens(minutes: float) -> set[str]:
    whole = round(minutes)
    tokens = {str(whole), _plain(minutes)}
    hours, rest = divmod(whole, 60)
    tokens |= {str(hours), str(rest), f"{hours}h", f"{rest}min", f"{whole}min", f"{whole}m"}
    return tokens
