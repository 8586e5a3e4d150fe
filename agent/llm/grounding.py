"""Grounding: every time, number and quote a model writes must rest on cited lines that really contain it.

Pure code. A timeline event with no usable citation is removed; one whose time or figures the cited lines do
not support becomes a hypothesis. A sentence with an unsupported claim is re-marked as a hypothesis. A
severity no source supports is reverted to the one the code extracted. Every change is reported.
"""

import re
from typing import Any, Literal

from pydantic import BaseModel, Field

from agent.llm.evidence import DATE, QUOTE, Evidence, cited_lines, number_tokens, strip_citations, times_in
from agent.models import ImpactFigure, Observation, Severity, TimelineEvent, is_unknown

HYPOTHESIS_MARK = "Hypothesis (not supported by the cited lines): "
# Fields that hold labels, names or plans (what we will do), not claims about what happened.
NOT_CLAIMS = {
    "kind", "certainty", "cluster", "confidence", "type", "priority", "decision_type", "method", "status",
    "review_type", "unit", "currency", "section", "owner", "actor", "timezone", "original", "mapping_note",
    "name", "role", "decision", "fix_direction", "success_signal", "audience", "publish_where", "review_cadence",
    "review_owner", "review_audience",
}
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(\[])")


class GroundingFinding(BaseModel):
    section: str
    claim: str = Field(description="the time, number, quote or citation that was not supported")
    kind: Literal["citation", "injected", "time", "number", "quote", "date", "severity"]
    action: Literal["removed", "hypothesis", "reverted"]
    lines: list[int] = Field(default_factory=list, description="the lines the model cited")
    text: str = Field(description="the sentence or item concerned")


class GroundingReport(BaseModel):
    findings: list[GroundingFinding] = Field(default_factory=list)
    claims_checked: int = 0

    def add(self, other: "GroundingReport") -> None:
        self.findings.extend(other.findings)
        self.claims_checked += other.claims_checked

    def summary(self) -> str:
        if not self.findings:
            return f"grounding: all {self.claims_checked} checked claims are supported by their cited lines"
        by_action: dict[str, int] = {}
        for finding in self.findings:
            by_action[finding.action] = by_action.get(finding.action, 0) + 1
        parts = ", ".join(f"{n} {action}" for action, n in sorted(by_action.items()))
        return f"grounding: {len(self.findings)} of {self.claims_checked} claims unsupported ({parts})"


class _Grounder:
    def __init__(self, section: str, evidence: Evidence, fallback_severity: Severity | None):
        self.section = section
        self.evidence = evidence
        self.fallback_severity = fallback_severity
        self.report = GroundingReport()

    def flag(self, claim: str, kind: str, action: str, lines: list[int], text: str) -> None:
        self.report.findings.append(
            GroundingFinding(section=self.section, claim=claim, kind=kind, action=action, lines=lines, text=text[:300])
        )

    def value(self, value: Any, lines: list[int]) -> Any:
        if isinstance(value, str):
            return self.text(value, lines)
        if isinstance(value, list):
            kept = [self.value(item, lines) for item in value]
            return [item for item in kept if item is not None]
        if isinstance(value, TimelineEvent):
            return self.event(value)
        if isinstance(value, Severity):
            return self.severity(value)
        if isinstance(value, (Observation, ImpactFigure)):
            return self.cited_item(value)
        if isinstance(value, BaseModel):
            return self.model(value, lines)
        return value

    def model(self, item: BaseModel, lines: list[int]) -> BaseModel:
        own = list(getattr(item, "source_lines", []) or [])
        usable = self.evidence.usable(own)
        updates: dict[str, Any] = {"source_lines": usable} if own else {}
        for name, field_value in item:
            if name in NOT_CLAIMS or name == "source_lines":
                continue
            grounded = self.value(field_value, lines + usable)
            if grounded is not field_value:
                updates[name] = grounded
        return item.model_copy(update=updates) if updates else item

    def cited_item(self, item: Observation | ImpactFigure) -> BaseModel | None:
        text = item.text
        cited = self.evidence.usable(item.source_lines + cited_lines(text))
        self.report.claims_checked += 1
        if not cited:
            self.flag(str(item.source_lines), "citation", "removed", item.source_lines, text)
            return None
        if isinstance(item, ImpactFigure):
            value = str(int(item.value)) if float(item.value).is_integer() else str(item.value)
            if not self.evidence.supports_token(value, cited):
                self.flag(value, "number", "removed", cited, text)
                return None
        unsupported = self.unsupported(strip_citations(text), cited)
        if unsupported:
            for claim, kind in unsupported:
                self.flag(claim, kind, "removed", cited, text)
            return None
        return item.model_copy(update={"source_lines": cited})

    def event(self, event: TimelineEvent) -> TimelineEvent | None:
        cited = self.evidence.usable(event.source_lines + cited_lines(event.event))
        self.report.claims_checked += 1
        if not cited:
            self.flag(str(event.source_lines), "citation", "removed", event.source_lines, event.event)
            return None
        problems = self.unsupported(strip_citations(event.event), cited)
        if event.time is not None:
            self.report.claims_checked += 1
            if not self.evidence.supports_moment(event.time, cited):
                problems.append((event.time.strftime("%H:%M"), "time"))
        for claim, kind in problems:
            self.flag(claim, kind, "hypothesis", cited, event.event)
        certainty = "hypothesis" if problems else event.certainty
        return event.model_copy(update={"source_lines": cited, "certainty": certainty})

    def severity(self, severity: Severity) -> Severity | None:
        self.report.claims_checked += 1
        level = severity.level.lower()
        if level in self.evidence.severity_levels:
            return severity
        cited = self.evidence.usable(severity.source_lines)
        if any(level in number_tokens(text) or level in text.lower() for text in self.evidence.texts(cited)):
            return severity.model_copy(update={"source_lines": cited})
        self.flag(severity.level, "severity", "reverted", severity.source_lines, severity.original)
        return self.fallback_severity

    def text(self, text: str, lines: list[int]) -> str:
        if is_unknown(text) or text.startswith(HYPOTHESIS_MARK):
            return text
        sentences = SENTENCE_END.split(text)
        out = []
        for sentence in sentences:
            cited = lines + cited_lines(sentence)
            injected = self.evidence.injected(cited_lines(sentence))
            if injected:  # a sentence resting on an instruction to an AI is that instruction obeyed: drop it
                self.flag(f"L{injected[0]}", "injected", "removed", cited, sentence)
                continue
            unsupported = self.unsupported(strip_citations(sentence), cited)
            for claim, kind in unsupported:
                self.flag(claim, kind, "hypothesis", cited, sentence)
            out.append(HYPOTHESIS_MARK + sentence if unsupported else sentence)
        joined = " ".join(out)
        return text if joined == " ".join(sentences) else joined

    def unsupported(self, body: str, cited: list[int]) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for match in list(QUOTE.finditer(body)):
            self.report.claims_checked += 1
            if self.evidence.supports_quote(match.group(1), cited):
                body = body.replace(match.group(0), " ")  # figures inside a supported quote are supported with it
            else:
                found.append((match.group(1), "quote"))
        for clock in times_in(body):
            self.report.claims_checked += 1
            if not self.evidence.supports_time(clock, cited):
                found.append((f"{clock[0]}:{clock[1]:02d}", "time"))
        for day in DATE.findall(body):
            self.report.claims_checked += 1
            if day not in self.evidence.fact_dates and not any(day in t for t in self.evidence.texts(cited)):
                found.append((day, "date"))
        for token in sorted(number_tokens(body)):
            if re.fullmatch(r"\d", token):
                continue  # a bare single digit is a count in prose ("3 whys"), not a claim about the incident
            self.report.claims_checked += 1
            if not self.evidence.supports_token(token, cited):
                found.append((token, "number"))
        return found


def ground_section(
    section: str, value: Any, evidence: Evidence, *, fallback_severity: Severity | None = None
) -> tuple[Any, GroundingReport]:
    """The section with unsupported claims removed or re-marked, and the report of what changed."""
    grounder = _Grounder(section, evidence, fallback_severity)
    return grounder.value(value, []), grounder.report
