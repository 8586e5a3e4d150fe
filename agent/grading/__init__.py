"""Grading any Markdown post-mortem: checklist gates with line-level findings, and an explainable rubric score.

Rubrics and gates are data in rubrics/*.yaml; the code here measures signals and evaluates gates.
"""

from agent.grading.checks import check_gates
from agent.grading.gates import GateSet, load_gates
from agent.grading.judge import AllspawVerdict, Judge, JudgeVerdict
from agent.grading.models import CriterionScore, Finding, GateResult, GradeReport, RubricScore
from agent.grading.render import render_grade
from agent.grading.report import grade_text
from agent.grading.rubric import Rubric, available_rubrics, load_rubric
from agent.grading.scoring import score

__all__ = [
    "AllspawVerdict", "CriterionScore", "Finding", "GateResult", "GateSet", "GradeReport", "Judge", "JudgeVerdict",
    "Rubric", "RubricScore", "available_rubrics", "check_gates", "grade_text", "load_gates", "load_rubric",
    "render_grade", "score",
]
