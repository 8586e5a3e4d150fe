"""The development set (../shared/devset): transcripts and real logs the engine was not written for, drafted
offline and compared with the baselines stored here, so CI catches a change that reads unseen incidents worse."""

import json
from datetime import timedelta
from pathlib import Path

import pytest

from tests.cli_runner import REPO, postmortem

DEVSET = REPO.parent / "shared" / "devset"
BASELINES = REPO / "evals" / "devset"

pytestmark = [pytest.mark.corpus, pytest.mark.skipif(not DEVSET.is_dir(), reason="../shared/devset is absent")]


@pytest.mark.parametrize("folder", ["cases", "real"])
def test_the_development_set_does_not_fall_below_its_baseline(folder):
    result = postmortem("eval", "--cases", str(DEVSET / folder), "--baseline", str(BASELINES / f"{folder}.json"),
                        "--offline", "--json", text=True)
    report = json.loads(result.stdout)
    assert result.returncode == 0, result.stderr[-2000:]
    assert report["passed"] is True
    assert not report["leaks"]


def _drafts():
    from agent.draft import draft
    from agent.evaluation.cases import load_cases
    from agent.transcript import load_transcript

    for folder in ("cases", "real"):
        for case in load_cases(DEVSET / folder):
            options = case.expected.draft_options
            settings = {"fmt": options.format, "tz": options.tz, "anchor_date": options.date, "today": options.today}
            messages = len(load_transcript(str(case.transcript), **settings).messages)
            yield case, messages, draft(str(case.transcript), env={}, offline=True, **settings)


def test_every_development_case_drafts_a_timed_timeline_on_its_day_short_and_asking_each_question_once():
    """At least 5 timed events, on the case's day (or the next: incidents cross midnight), at most 130 lines of
    Markdown for up to 150 messages, and no open question asked twice."""
    problems = []
    for case, messages, result in _drafts():
        timed = [event for event in result.pack.timeline if event.time is not None]
        if len(timed) < 5:
            problems.append(f"{case.name}: {len(timed)} timed events")
        day = case.expected.draft_options.date
        if day is not None and timed and not day <= timed[0].time.date() <= day + timedelta(days=1):
            problems.append(f"{case.name}: first event on {timed[0].time.date()}, expected {day}")
        lines = result.markdown.count("\n") + 1
        if messages <= 150 and lines > 130:
            problems.append(f"{case.name}: {lines} lines for {messages} messages")
        asked = [question.question for question in result.pack.open_questions]
        if len(asked) != len(set(asked)):
            problems.append(f"{case.name}: a question is asked twice")
    assert not problems, problems
