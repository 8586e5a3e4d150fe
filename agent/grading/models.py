"""What grading produces: gate results, findings, criterion scores and the report (`grade --json` contract)."""

from pydantic import BaseModel, Field


class GateResult(BaseModel):
    """One checklist gate. `passed` is None when the gate was not judged (the Allspaw test offline)."""

    id: str
    passed: bool | None
    detail: str
    line: int | None = None
    fix: str | None = None
    blocking: bool = Field(default=True, exclude=True, description="a failure fails the grade (gates.yaml)")
    findings: list["Finding"] = Field(default_factory=list, exclude=True)


class Finding(BaseModel):
    """A specific offending item: the gate it fails, the line, the text quoted from the document and a fix."""

    gate: str
    line: int | None
    text: str
    suggestion: str
    rule: str = Field(default="", exclude=True, description="the linter rule behind a blame finding")
    answered: bool = Field(default=False, exclude=True,
                           description="a blame finding the analysis goes on to answer with a systemic cause")


class CriterionScore(BaseModel):
    id: str
    score: int | float
    evidence: list[str]
    title: str = Field(default="", exclude=True)
    weight: float = Field(default=1.0, exclude=True)
    max: int = Field(default=0, exclude=True)
    open_questions: list[int] = Field(default_factory=list, exclude=True,
                                      description="lines of the open questions that cost this criterion levels")
    levels_lost: int = Field(default=0, exclude=True, description="levels those open questions cost")


class RubricScore(BaseModel):
    name: str
    score: int | float
    max: float
    passed: bool
    band: str
    criteria: list[CriterionScore]
    next_step: str = Field(default="", exclude=True)
    severity: str | None = Field(default=None, exclude=True)
    failures: list[str] = Field(default_factory=list, exclude=True, description="why the rubric did not pass")


class GradeReport(BaseModel):
    rubric: RubricScore
    gates: list[GateResult]
    findings: list[Finding]
    passed: bool
    min_score: float | None = Field(default=None, exclude=True)


GateResult.model_rebuild()
