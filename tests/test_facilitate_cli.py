"""`postmortem facilitate` end to end, as a user runs it: a scripted conversation on stdin, the document on stdout."""

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from agent.grading import grade_text
from cli_runner import postmortem

TODAY = "2026-03-18"

# One answer per question, in the order the offline engine walks the seven steps. Our own scenario: a feature
# flag switched off search-api's result cache for all traffic at once.
ANSWERS = [
    "Yes, it is over: search has been stable since 10:45 UTC.",
    "A feature-flag change switched off the search-api result cache and searches timed out.",
    "An incident.",
    "Prevention: understand how one flag change could take caching away from all search traffic.",
    "facilitator: Ines Moreau\nscribe: Kofi Mensah\ndecision owner: Lena Park",
    "Search engineering, support leads and the product director.",
    "Leave out customer account ids. Names to leave out: Sam Whitlock",
    "2026-03-17 UTC",
    "09:58 change: feature flag disables the result cache for 100% of search traffic\n"
    "10:03 impact start: search p95 latency climbs above 3 s\n"
    "10:07 detected: latency alert pages the search on-call engineer\n"
    "10:09 ack: the on-call engineer acknowledges the page\n"
    "10:14 declared: SEV2, the incident commander takes over coordination\n"
    "10:19 tried: adding search replicas did not bring latency down\n"
    "10:26 decision: turn the flag off rather than keep scaling\n"
    "10:31 mitigated: flag turned off and cache warm-up started\n"
    "10:45 recovered: search latency back under the 400 ms objective\n"
    "10:58 resolved: incident closed after a quiet quarter hour",
    "About 41,000 search requests timed out, roughly 9,500 users saw empty results, and about $12,000 in "
    "marketplace orders were delayed.",
    "SEV2",
    "The search latency dashboard, the flag audit log and the incident channel.",
    "Product: the flag tool lets one toggle reach 100% of traffic with no staged percentage — made sense because "
    "this flag had only ever been flipped in staging — fix: require staged percentages for flags on the search path\n"
    "Tech: the result cache has no warm-up path, so a cold cache sends every query to the index — made sense "
    "because the cache had never been emptied in production — fix: add a warm-up mode to the cache\n"
    "Process: flag changes skip the change calendar that deploys use — made sense because flags were seen as "
    "configuration, not releases — fix: list search flag changes on the change calendar",
    "Why did searches time out? Every query went to the index, which could not keep up.\n"
    "Why did every query reach the index? The result cache was switched off for all traffic at once.\n"
    "Why could one switch reach all traffic? The flag tool allows a jump straight to 100%.\n"
    "Why was there no staged rollout? Flags on the search path were never classed as risky changes.",
    "The flag tool allows unstaged changes on critical paths (high)\nA cold cache overloads the index at normal "
    "traffic (med)",
    "we learned that a feature flag can change production as much as a deploy — decision (process change): put "
    "search flag changes on the change calendar\n"
    "we learned that our cache was never tested empty — decision (guardrail): add a warm-up mode and test it each "
    "quarter\n"
    "we learned that latency alone did not show the cache was off — decision (instrumentation): alert on the cache "
    "hit ratio",
    "The latency alert reached the search on-call within four minutes of impact.\nTurning the flag off took one "
    "command and worked first time.",
    "Scaling replicas first cost about seven minutes before the flag was turned off.",
    "It happened on a Tuesday morning, not during the Friday catalogue import.",
    "Require staged percentages for search flags in the flag tool — Ines Moreau — 2026-04-03 — a change straight "
    "to 100% on a search flag is refused — 2026-04-10\n"
    "Add a warm-up mode to the search result cache — Kofi Mensah — 2026-04-17 — an empty-cache load test keeps "
    "p95 under 400 ms — 2026-04-24\n"
    "Page the search on-call when the cache hit ratio stays below 60% for 5 minutes — Lena Park — 2026-03-27 — "
    "the alert fires in a staged cache-off drill — 2026-04-03",
    "Move search caching to a shared cache tier.",
    "Search p95 latency after a flag change — 5 min — above 1 s — turn the flag off without waiting for "
    "diagnosis — Kofi Mensah\n"
    "Cache hit ratio — 10 min — below 60% — page the search on-call and freeze flag changes — Lena Park\n"
    "Latency error budget spent this month — rolling 30 days — above 50% — pause new search features — Ines Moreau",
    "The engineering handbook's incident library and the #search-reliability channel.",
    "Every other Wednesday, 30 minutes.",
    "Lena Park",
    "Search, platform and customer support leads.",
    "Until the flag tool enforces staged rollouts, any search flag can still reach all traffic at once.",
    "Should catalogue imports pause automatically while the cache is cold?",
    "The first review on 2026-03-25 checks the flag-tool change and the cache alert.",
]
ROUND = re.compile(r"^Round (\d+) \((\d+) questions?\) · (.*)$", re.MULTILINE)
PROMPT = re.compile(r"^\[(\d+)/(\d+)\] (.*)$", re.MULTILINE)


def typed(answers: list[str], *commands: str) -> bytes:
    return ("".join(f"{a}\n\n" for a in answers) + "".join(f"{c}\n" for c in commands)).encode()


def facilitate(*args: str, stdin: bytes, home: Path) -> subprocess.CompletedProcess:
    return postmortem("facilitate", *args, stdin=stdin, env={"POSTMORTEM_TODAY": TODAY, "POSTMORTEM_HOME": str(home)})


def in_process(monkeypatch, capsys, *args: str, stdin: str = "") -> tuple[int, str, str]:
    """The same command through `agent.cli.main`, without starting an interpreter."""
    from agent.cli import main

    monkeypatch.setenv("POSTMORTEM_TODAY", TODAY)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    captured = capsys.readouterr()
    return exited.value.code, captured.out, captured.err


def session_id(stderr: str) -> str:
    return re.search(r"facilitation session ([0-9a-f]+)", stderr).group(1)


@pytest.fixture(scope="module")
def full_run(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    home = tmp_path_factory.mktemp("facilitate-home")
    return facilitate("--offline", stdin=typed(ANSWERS), home=home), home


def test_a_full_conversation_ends_with_a_document_that_passes_every_gate(full_run):
    result, home = full_run
    err = result.stderr.decode()
    assert result.returncode == 0, err
    markdown = result.stdout.decode()
    report = grade_text(markdown)
    assert [g.id for g in report.gates if g.passed is False] == [], err
    assert all(g.passed is True for g in report.gates if g.id != "allspaw_test")
    assert report.rubric.band == "ship" and report.rubric.score >= 11
    assert "0 gate(s) open" in err.splitlines()[-1]
    kept = home / "facilitated" / f"{session_id(err)}.md"
    assert kept.read_text(encoding="utf-8") == markdown


def test_every_round_asks_at_most_five_questions_and_the_walk_covers_all_seven_steps(full_run):
    err = full_run[0].stderr.decode()
    rounds = ROUND.findall(err)
    assert len(rounds) >= 6
    assert all(1 <= int(count) <= 5 for _, count, _ in rounds)
    assert all(int(total) <= 5 for _, total, _ in PROMPT.findall(err))
    assert sum(1 for _, count, _ in rounds if int(count) >= 3) >= len(rounds) - 1
    steps = {int(s) for _, _, names in rounds for s in re.findall(r"step (\d) of 7", names)}
    assert steps == set(range(1, 8))
    after_each_round = re.findall(r"^Document updated: rubric default (\d+)/12", err, re.MULTILINE)
    assert len(after_each_round) == len(rounds) and int(after_each_round[0]) < int(after_each_round[-1])


def test_names_stay_in_roles_and_owner_columns_and_asked_for_names_are_left_out(full_run):
    markdown = full_run[0].stdout.decode()
    narrative = markdown.split("## Roles", 1)[0] + markdown.split("## Retro brief", 1)[1].split("## Action items", 1)[0]
    for name in ("Ines", "Kofi", "Lena"):
        assert name not in narrative
    assert "| facilitator | Ines Moreau |" in markdown and "| Lena Park |" in markdown
    assert "Review owner: The decision owner" in markdown
    assert "Sam Whitlock" not in markdown
    assert "TTD) | 4 min" in markdown and "TTR) | 42 min" in markdown


def test_quit_then_resume_continues_the_same_session_and_loses_nothing(full_run, monkeypatch, capsys):
    home = Path(os.environ["POSTMORTEM_HOME"])
    code, out, err = in_process(monkeypatch, capsys, "facilitate", "--offline", stdin=typed(ANSWERS[:7], "/quit").decode())
    assert code == 0 and out == "", err
    sid = session_id(err)
    assert f"postmortem facilitate --resume {sid}" in err
    saved = json.loads((home / "sessions" / f"{sid}.json").read_text(encoding="utf-8"))
    typed_so_far = " ".join(a["text"] for r in saved["rounds"] for a in r["answers"])
    assert "Names to leave out" in typed_so_far and saved["status"] == "open"

    second = facilitate("--offline", "--resume", sid, stdin=typed(ANSWERS[7:]), home=home)
    resumed = second.stderr.decode()
    assert second.returncode == 0, resumed
    assert f"Resuming facilitation session {sid}" in resumed
    answered_first = [q for _, _, q in PROMPT.findall(err)][:-1]  # the last one was waiting when /quit came
    asked_second = [q for _, _, q in PROMPT.findall(resumed)]
    assert len(answered_first) == 7 and not set(answered_first) & set(asked_second)
    assert asked_second[0] == [q for _, _, q in PROMPT.findall(err)][-1]
    full_markdown = full_run[0].stdout.decode()
    full_id = session_id(full_run[0].stderr.decode())
    assert second.stdout.decode() == full_markdown.replace(full_id, sid)


def test_unknown_and_damaged_sessions_are_one_line_errors(monkeypatch, capsys):
    code, _, err = in_process(monkeypatch, capsys, "facilitate", "--offline", "--resume", "0123456789")
    assert code == 2 and "no facilitation session '0123456789'" in err and len(err.strip().splitlines()) == 1
    damaged = Path(os.environ["POSTMORTEM_HOME"]) / "sessions" / "abcdef0123.json"
    damaged.parent.mkdir(parents=True)
    damaged.write_text('{"id": "abcdef0123", "rounds": [', encoding="utf-8")
    code, _, err = in_process(monkeypatch, capsys, "facilitate", "--offline", "--resume", "abcdef0123")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert str(damaged) in err and "left in place" in err
    assert damaged.read_text(encoding="utf-8") == '{"id": "abcdef0123", "rounds": ['
