"""One consistent record: the checker finds statements that disagree, and no drafted dev-set case or facilitated
benchmark session contains one."""

import importlib.util
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from agent.facilitation.consistency import contradictions
from cli_runner import REPO
from scripted_ic import ScriptedTerminal

DEVSET = REPO.parent / "shared" / "devset"
BENCH_INCIDENTS = [REPO / "evals" / "facilitation" / "incidents", Path(__file__).parent / "fixtures" / "facilitation"]
METRICS = """## Metrics
| Metric | Value | From → to |
|---|---|---|
| Time to detect (TTD) | 4 min | impact start 2026-03-17 10:03 UTC → detection 2026-03-17 10:07 UTC |
| Time to mitigate (TTM) | 28 min | impact start → mitigation 2026-03-17 10:31 UTC |
| Time to close (TTC) | unknown | impact start → declared resolved |
"""
TIMELINE = """## Timeline
| Time | Event | Kind | Actor | Evidence | Fact / hypothesis |
|---|---|---|---|---|---|
| 2026-03-17 10:31 UTC | Flag turned off | mitigation | the on-call engineer | line 4 | fact |
| 2026-03-17 10:58 UTC | Declaring resolved | resolution | the incident commander | line 9 | fact |
"""


def test_statements_that_disagree_are_found():
    document = f"# Search\n\n{METRICS}\n{TIMELINE}\n## Open questions\n- When did the mitigation that worked take " \
               "effect?\n\n## Notes\n- impact start was not stated in the chat.\n"
    found = {c.kind for c in contradictions(document)}
    assert found == {"metric unknown but in the timeline", "open question answered by the record",
                     "note contradicts metrics"}


def test_a_record_that_agrees_with_itself_has_none():
    consistent = METRICS.replace("| unknown | impact start → declared resolved |",
                                 "| 55 min | impact start → declared resolved 2026-03-17 10:58 UTC |")
    document = f"# Search\n\n{consistent}\n{TIMELINE}\n## Open questions\n- Should imports pause while the cache is cold?\n"
    assert contradictions(document) == []


def test_a_recovery_undone_by_a_relapse_leaves_the_end_of_impact_unknown_without_contradiction():
    metrics = METRICS + "| Time to recover (TTR) | unknown | impact start → impact ended Unknown — ask Q2 |\n"
    recovery = "| 2026-03-17 10:40 UTC | Error rate back to normal | recovery | the on-call engineer | line 6 | fact |\n"
    failure = "| 2026-03-17 10:52 UTC | Still failing for EU users | mitigation failed | the on-call engineer | line 8 | fact |\n"
    relapsed = TIMELINE.replace("| 2026-03-17 10:58 UTC", recovery.strip() + "\n" + failure.strip() + "\n| 2026-03-17 10:58 UTC")
    assert "recovered" not in str(contradictions(f"# Search\n\n{metrics}\n{relapsed}"))
    recovered_last = TIMELINE.replace("| 2026-03-17 10:58 UTC", failure.strip() + "\n" + recovery.strip().replace("10:40", "10:55")
                                      + "\n| 2026-03-17 10:58 UTC")
    assert [c.detail for c in contradictions(f"# Search\n\n{metrics}\n{recovered_last}")
            if "recovered" in c.detail] == ["the metrics give no recovered time while the timeline has a recovery row"]


@pytest.mark.corpus
@pytest.mark.skipif(not DEVSET.is_dir(), reason="../shared/devset is absent")
def test_no_drafted_development_case_contradicts_itself():
    from agent.draft import draft
    from agent.evaluation.cases import load_cases

    problems = []
    for folder in ("cases", "real"):
        for case in load_cases(DEVSET / folder):
            options = case.expected.draft_options
            result = draft(str(case.transcript), env={}, offline=True, fmt=options.format, tz=options.tz,
                           anchor_date=options.date, today=options.today)
            problems += [f"{case.name}: {c.describe()}" for c in contradictions(result.markdown)]
    assert problems == []


def _bench():
    spec = importlib.util.spec_from_file_location("facilitation_bench", REPO / "evals" / "bench" / "facilitation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sessions():
    for folder in BENCH_INCIDENTS:
        if not folder.is_dir():
            continue
        for incident_dir in sorted(p for p in folder.iterdir() if (p / "incident.yaml").exists()):
            for persona in sorted((incident_dir / "personas").glob("*.yaml")):
                yield pytest.param(incident_dir, persona, id=f"{incident_dir.name}/{persona.stem}")


class _PersonaTerminal(ScriptedTerminal):
    """The benchmark's scripted IC, in-process: answers by the persona's topics for each gap id."""

    def __init__(self, console, persona: dict, log: str, bench) -> None:
        super().__init__(console, {})
        self.persona, self.bench, self.topics, self.log = persona, bench, {}, log
        self.pasted = bool(log and persona.get("paste_first"))
        if self.pasted:
            self.pending = f"/paste\n{log}\n/end\n"

    def _next(self) -> str:
        import re

        said = self.console.getvalue()
        gaps = re.findall(r"^gap: (\S+)$", said, re.M)
        if len(gaps) == len(self.asked) or len(self.asked) >= self.bench.MAX_QUESTIONS:
            return "/done\n"
        last_question = re.findall(r"^\[q\d+\] (.*)$", said, re.M)[-1]
        if self.log and self.persona.get("pastes_log") and not self.pasted and "/paste" in last_question:
            self.pasted = True
            return f"/paste\n{self.log}\n/end\n"
        self.asked.append(gaps[-1])
        return self.bench._answer(self.persona, gaps[-1], self.topics) + "\n\n"


@pytest.mark.parametrize(("incident_dir", "persona_file"), list(_sessions()))
def test_no_facilitated_benchmark_session_contradicts_itself(incident_dir, persona_file, tmp_path):
    from agent.facilitation.conversation import facilitate
    from agent.facilitation.store import SessionStore

    incident = yaml.safe_load((incident_dir / "incident.yaml").read_text(encoding="utf-8"))
    persona = yaml.safe_load(persona_file.read_text(encoding="utf-8"))
    log_file = incident_dir / "log.txt"
    log = log_file.read_text(encoding="utf-8").rstrip() if log_file.exists() else ""
    console = io.StringIO()
    terminal = _PersonaTerminal(console, persona, log, _bench())
    today = date.fromisoformat(str(incident["date"])) + timedelta(days=3)
    outcome = facilitate(store=SessionStore(tmp_path), today=today, stdin=terminal, console=console, show_gaps=True)
    assert outcome.markdown is not None, console.getvalue()[-2000:]
    assert [c.describe() for c in contradictions(outcome.markdown)] == []
