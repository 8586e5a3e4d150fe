"""Grounding by quotation: every claim a model writes carries the verbatim words and the line they are on.

Pure code, run on each section write before anything is applied. A claim is supported when each quote is really
in its line (as the model saw it: redacted, people as roles), no quoted line is an instruction to an AI, the
numbers, times and dates in the claim appear in the quoted words (a computed metric supports a number only as a
duration, "36 minutes"), and the claim says what the quote says (they share their content words). A claim the
model labels a hypothesis needs no quote but is shown as one. Code facts (timeline rows and impact figures with
sources) stay unless the write drops them with a quoted reason. Whatever fails is sent back; nothing is
silently rewritten.
"""

import re
from datetime import date, datetime, time
from typing import Literal

from pydantic import BaseModel, Field

from agent.llm.evidence import (
    DATE,
    DOCUMENT_COUNT,
    DURATION,
    NUMBER_WORDS,
    SCALES,
    TIME,
    Evidence,
    clock_match,
    clock_of,
    normalise_text,
    number_tokens,
    spelled_numbers,
    times_in,
)
from agent.llm.section_models import (
    Dropped,
    EventWrite,
    FigureWrite,
    ImpactWrite,
    Quoted,
    SectionWrite,
    SeverityWrite,
    TimelineWrite,
)
from agent.models import Pack

FindingKind = Literal["unquoted", "line", "injected", "quote", "number", "time", "date", "unrelated", "code_fact"]
STOPWORDS = frozenset(
    "about after again also been before being both could does down during each from have having here into just "
    "more most much only other over same some such than that their them then there these they this those through "
    "under until very were what when where which while will with would your incident".split()
)
MIN_SHARED = 1 / 3  # of a claim's content words must be in its quotes: a claim says what its quote says


class GroundingFinding(BaseModel):
    section: str
    claim: str = Field(description="what was not supported: a number, time, date, quote, line or code fact")
    kind: FindingKind
    lines: list[int] = Field(default_factory=list, description="the lines the model quoted")
    text: str = Field(description="the claim concerned")


class GroundingReport(BaseModel):
    """`checked` claims; `rejected` ones went back to the model; `hypotheses` were labelled so by the model."""

    checked: int = 0
    rejected: int = 0
    hypotheses: int = 0
    findings: list[GroundingFinding] = Field(default_factory=list)

    def add(self, other: "GroundingReport") -> None:
        self.checked += other.checked
        self.rejected += other.rejected
        self.hypotheses += other.hypotheses
        self.findings.extend(other.findings)

    def summary(self) -> str:
        if not self.checked and not self.findings:
            return "grounding: no model-written claims (every fact in the draft was computed by code)"
        return (f"grounding: {self.checked} model claim(s) checked against their quoted lines, {self.rejected} "
                f"rejected and sent back, {self.hypotheses} labelled hypothesis(es) kept")


def check_write(section: str, write: SectionWrite, evidence: Evidence, baseline: Pack) -> GroundingReport:
    """The report for one write; it may be applied only when `findings` is empty."""
    report = GroundingReport()
    for item in write.claims():
        problems = _ClaimCheck(item, evidence).problems()
        report.checked += 1
        text = _headline(item)
        report.findings += [GroundingFinding(section=section, claim=claim, kind=kind, lines=item.lines, text=text[:300])
                            for claim, kind in problems]
        if problems:
            report.rejected += 1
        elif item.hypothesis:
            report.hypotheses += 1
    for claim, kind, lines, text in _code_fact_problems(write, evidence, baseline):
        report.findings.append(GroundingFinding(section=section, claim=claim, kind=kind, lines=lines, text=text[:300]))
    return report


class _ClaimCheck:
    def __init__(self, item: Quoted, evidence: Evidence):
        self.item = item
        self.evidence = evidence
        self.found: list[tuple[str, FindingKind]] = []

    def problems(self) -> list[tuple[str, FindingKind]]:
        item = self.item
        if isinstance(item, SeverityWrite) and item.level.lower() in self.evidence.severity_levels:
            return []  # the severity the code read from the transcript
        spans = self.quotes()
        if isinstance(item, EventWrite):
            self.place_event(item)
        if item.hypothesis:
            return self.found
        if not item.quotes:
            return [("no quote", "unquoted")]
        if not spans:
            return self.found
        body = " ".join(item.claim_texts())
        self.figures(body, spans)
        if isinstance(item, FigureWrite):
            self.figure_value(item, spans)
        if not isinstance(item, SeverityWrite) and not _related(_headline(item), spans):
            self.found.append((_headline(item)[:80], "unrelated"))
        return self.found

    def quotes(self) -> list[str]:
        """The quoted spans that are really on their lines; a problem is noted for each that is not."""
        spans = []
        for quote in self.item.quotes:
            if quote.line not in self.evidence.lines:
                self.found.append((f"L{quote.line}", "line"))
            elif self.evidence.injected([quote.line]):
                self.found.append((f"L{quote.line}", "injected"))
            elif not self.evidence.quoted(quote.line, quote.span):
                self.found.append((quote.span[:80], "quote"))
            else:
                spans.append(quote.span)
        return spans

    def line_clocks(self) -> list:
        moments = [self.evidence.lines[q.line].time for q in self.item.quotes if q.line in self.evidence.lines]
        return [clock_of(m) for m in moments if m is not None]

    def figures(self, body: str, spans: list[str]) -> None:
        """Dates, times and numbers in the claim must be in the quoted words (times also: the quoted line's stamp)."""
        quoted = " ".join(spans)
        tokens = number_tokens(quoted) | {str(value) for _, value in spelled_numbers(quoted)}
        for day in DATE.findall(body):
            if day not in quoted and day not in self.evidence.fact_dates:
                self.found.append((day, "date"))
        clocks = times_in(quoted) + self.line_clocks()
        for clock in times_in(body):
            if not any(clock_match(clock, known) for known in clocks):
                self.found.append((f"{clock[0]}:{clock[1]:02d}", "time"))
        rest = TIME.sub(" ", DATE.sub(" ", body))
        for match in list(DURATION.finditer(rest)):
            value = float(match.group(1))
            if _plain(value) in tokens or self.evidence.is_duration_metric(value, match.group(2)):
                rest = rest.replace(match.group(0), " ", 1)
        for match in list(DOCUMENT_COUNT.finditer(rest)):
            if int(match.group(1)) in self.evidence.document_counts:
                rest = rest.replace(match.group(0), " ", 1)
        for token in sorted(number_tokens(rest)):
            if not re.fullmatch(r"\d", token) and token not in tokens:
                self.found.append((token, "number"))
        for words, value in spelled_numbers(rest):
            if value >= 10 and str(value) not in tokens:
                self.found.append((words, "number"))

    def figure_value(self, figure: FigureWrite, spans: list[str]) -> None:
        tokens = number_tokens(" ".join(spans)) | {str(v) for _, v in spelled_numbers(" ".join(spans))}
        value = _plain(figure.value)
        if value not in tokens and f"{value}%" not in tokens:
            self.found.append((value, "number"))

    def place_event(self, event: EventWrite) -> None:
        """Put the event's time on the quoted line's day; a time that is not on that line is a problem."""
        if event.time is None:
            return
        try:
            moment = datetime.fromisoformat(event.time)
        except ValueError:
            moment = None
        if moment is None:
            clocks = times_in(event.time)
            stamps = [self.evidence.lines[q.line].time for q in event.quotes if q.line in self.evidence.lines]
            day = next((s for s in stamps if s is not None), None)
            if not clocks or (day is None and self.evidence.day is None):
                self.found.append((event.time, "time"))
                return
            hour, minute, marker = clocks[0]
            hour = hour + 12 if marker == "p" and hour < 12 else (0 if marker == "a" and hour == 12 else hour)
            if day is not None:
                moment = day.replace(hour=hour % 24, minute=minute, second=0, microsecond=0)
            else:
                moment = datetime.combine(self.evidence.day or date.min, time(hour % 24, minute))
        event._moment = moment
        if event.hypothesis:
            return
        clocks = times_in(" ".join(q.span for q in event.quotes)) + self.line_clocks()
        if not any(clock_match(clock_of(moment), known) for known in clocks):
            self.found.append((moment.strftime("%H:%M"), "time"))


def _code_fact_problems(write: SectionWrite, evidence: Evidence, baseline: Pack):
    """Timeline rows and impact figures the code found stay, unless dropped with a real quote from their lines."""
    if isinstance(write, TimelineWrite):
        kept = [(_messages(evidence, e.lines), e._moment) for e in write.events]
        for row in baseline.timeline:
            if not row.source_lines:
                continue
            messages = _messages(evidence, row.source_lines)
            if any(quoted & messages and _same_clock(moment, row.time) for quoted, moment in kept):
                continue
            yield from _unless_dropped(write.dropped_facts(), row.source_lines, evidence,
                                       f"L{row.source_lines[0]} {row.time.strftime('%H:%M') if row.time else '--:--'} {row.kind}",
                                       row.event)
    if isinstance(write, ImpactWrite) and write.figures is not None:
        written = {(f.value, f.unit) for f in write.figures}
        for figure in baseline.impact.figures:
            if figure.source_lines and (figure.value, figure.unit) not in written:
                yield from _unless_dropped(write.dropped_facts(), figure.source_lines, evidence,
                                           f"L{figure.source_lines[0]} {_plain(figure.value)} {figure.unit}", figure.text)


def _messages(evidence: Evidence, lines: list[int]) -> set[int]:
    """The messages covering these lines: a quote of any line of a message stands for the message."""
    return {id(evidence.lines[n]) for n in lines if n in evidence.lines}


def _unless_dropped(dropped: list[Dropped], lines: list[int], evidence: Evidence, claim: str, text: str):
    covered = _messages(evidence, lines)
    reasons = [d for d in dropped if _messages(evidence, [d.line]) & covered]
    if not reasons:
        yield claim, "code_fact", lines, text
        return
    for reason in reasons:
        quote = reason.quote
        if evidence.injected([quote.line]) or not evidence.quoted(quote.line, quote.span):
            yield quote.span[:80], "quote", [quote.line], reason.reason


def _same_clock(moment: datetime | None, other: datetime | None) -> bool:
    if moment is None or other is None:
        return moment is None and other is None
    return clock_match(clock_of(moment), clock_of(other))


def _headline(item: Quoted) -> str:
    return item.claim_texts()[0]


def _content_words(text: str) -> set[str]:
    """Words that carry meaning, cut to 5 letters so "restarted" meets "restarting"; "5xx" counts, "15" does not."""
    words = re.findall(r"[a-z0-9][a-z0-9'-]*", normalise_text(text))
    return {w[:5] for w in words if len(w) >= 3 and re.search(r"[a-z]", w) and w not in STOPWORDS
            and w not in NUMBER_WORDS and w not in SCALES and (len(w) >= 4 or re.search(r"\d", w))}


def _related(claim: str, spans: list[str]) -> bool:
    wanted = _content_words(claim)
    if not wanted:
        return True
    shared = wanted & _content_words(" ".join(spans))
    return bool(shared) and len(shared) / len(wanted) >= MIN_SHARED


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
