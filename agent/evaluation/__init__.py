"""`postmortem eval`: the draft pipeline run on recorded transcripts of our own, scored against what a correct
draft must contain, and compared with the stored baseline.

cases.py reads a case, scoring.py measures a draft, evaluators.py hands the measures to pydantic-evals,
engine.py picks the engine and its cassettes, suite.py runs the dataset, baseline.py and report.py compare and
render, runner.py ties them together for the command. pydantic-evals is imported only when a suite runs.
"""

from agent.evaluation.baseline import TOLERANCE, Baseline, load_baseline, save_baseline, updated
from agent.evaluation.cases import EvalCase, Expected, default_cases_dir, load_case, load_cases
from agent.evaluation.engine import EvalEngine, choose_engine
from agent.evaluation.report import EvalReport, build_report, render_report
from agent.evaluation.runner import default_baseline, evaluate
from agent.evaluation.suite import CaseResult, SuiteRun, run_suite

__all__ = [
    "TOLERANCE", "Baseline", "CaseResult", "EvalCase", "EvalEngine", "EvalReport", "Expected", "SuiteRun",
    "build_report", "choose_engine", "default_baseline", "default_cases_dir", "evaluate", "load_baseline",
    "load_case", "load_cases",
    "render_report", "run_suite", "save_baseline", "updated",
]
