"""The hook for a model judge. The offline score stands unless the judge quotes the document.

A judge may move a criterion's level only with a reason and a quote that literally appears in the document;
anything else is rejected and the rejection is written into the evidence. The Allspaw test is the judge's
alone: offline it is reported as `passed: null` ("not judged").
"""

import re
from typing import Protocol, runtime_checkable

from pydantic import BaseModel

from agent.grading.gates import GateSpec
from agent.grading.models import Finding, GateResult
from agent.grading.text import plain
from agent.models.document import Document

NOT_JUDGED_OFFLINE = "not judged offline: the Allspaw test needs a model (configure one to run it)"


class JudgeVerdict(BaseModel):
    """A proposed level for one criterion, with the reason and the passage of the document it rests on."""

    level: float
    reason: str
    quote: str


class AllspawVerdict(BaseModel):
    passed: bool
    reason: str
    quote: str = ""


@runtime_checkable
class Judge(Protocol):
    name: str

    def adjust(self, criterion_id: str, offline_level: float, evidence: list[str], doc: Document) -> JudgeVerdict | None:
        """Return None to keep the offline level, or a verdict quoting the document."""

    def allspaw(self, doc: Document) -> AllspawVerdict | None:
        """Would the person closest to the trigger feel fairly represented? None when it cannot say."""


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", plain(text)).strip().lower()


def quote_line(doc: Document, quote: str) -> int | None:
    """The line where the quote starts, or None when the document does not contain it (whitespace and
    Markdown markup are ignored, nothing else is)."""
    wanted = _squash(quote)
    if len(wanted) < 8:
        return None
    for number, line in enumerate(doc.lines, start=1):
        if wanted in _squash(line):
            return number
    whole = _squash("\n".join(doc.lines))
    if wanted not in whole:
        return None
    head = wanted[:20]
    return next((n for n, line in enumerate(doc.lines, start=1) if head in _squash(line)), 1)


def judge_allspaw(doc: Document, spec: GateSpec, judge: Judge | None) -> GateResult:
    if judge is None or not hasattr(judge, "allspaw"):
        return GateResult(id=spec.id, passed=None, detail=NOT_JUDGED_OFFLINE)
    verdict = judge.allspaw(doc)
    if verdict is None:
        return GateResult(id=spec.id, passed=None, detail=f"not judged: {judge.name} gave no verdict")
    if verdict.passed:
        return GateResult(id=spec.id, passed=True, detail=f"{judge.name}: {verdict.reason}")
    line = quote_line(doc, verdict.quote)
    if line is None:
        return GateResult(id=spec.id, passed=None,
                          detail=f"not judged: {judge.name}'s verdict was rejected (its quote is not in the document)")
    finding = Finding(gate=spec.id, line=line, text=verdict.quote, suggestion=spec.fix)
    return GateResult(id=spec.id, passed=False, detail=f"{judge.name}: {verdict.reason}", line=line, fix=spec.fix,
                      findings=[finding])
