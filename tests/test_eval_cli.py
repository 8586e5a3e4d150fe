"""`postmortem eval` through the command: the shipped suite passes its baseline, regressions and bad input exit
with the contract's codes, --json is one document. Cases are copied to tmp_path; the shipped ones stay untouched."""

import json
import shutil
import subprocess
from pathlib import Path

from cli_runner import REPO, postmortem

CASES = REPO / "evals" / "cases"
BASELINE = REPO / "evals" / "baseline.json"


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return postmortem(*args, env=env, text=True)


def copy_case(tmp_path: Path, name: str) -> Path:
    """tmp/evals/cases/<name>, so the default baseline of the copy is tmp/evals/baseline.json."""
    cases = tmp_path / "evals" / "cases"
    shutil.copytree(CASES / name, cases / name)
    return cases


def test_the_shipped_cases_pass_the_shipped_baseline_as_one_json_document():
    result = run("eval", "--json")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    report = json.loads(result.stdout)  # the whole of stdout is one JSON document
    assert report["passed"] is True and report["engine"] == "offline"
    assert report["regressions"] == [] and report["leaks"] == []
    shipped = sorted(path.name for path in CASES.iterdir() if (path / "expected.yaml").is_file())
    assert [case["name"] for case in report["cases"]] == shipped and len(shipped) >= 4
    for case in report["cases"]:
        assert "new" not in case["status"].values(), f"{case['name']} is missing from evals/baseline.json"
        assert 0 <= case["scores"]["overall"] <= 1
    assert all(f"eval: {name}: drafted by offline" in result.stderr for name in shipped)


def test_a_baseline_raised_above_the_engine_fails_and_names_the_measure(tmp_path):
    cases = copy_case(tmp_path, "search-reindex-irc")
    stored = json.loads(BASELINE.read_text(encoding="utf-8"))
    scores = stored["engines"]["offline"]["search-reindex-irc"]
    # An offline draft always leaves open questions, so its rubric share stays below 1: raising it must fail.
    assert scores["rubric"] < 1.0
    scores["rubric"] = 1.0
    (cases.parent / "baseline.json").write_text(json.dumps(stored), encoding="utf-8")
    result = run("eval", "--cases", str(cases))
    assert result.returncode == 1, result.stderr
    assert "FAIL" in result.stdout and "search-reindex-irc rubric" in result.stdout
    assert "rubric" in result.stdout.splitlines()[2]  # the table's header row, on stdout with the verdict


def test_record_without_a_key_is_one_line_and_exit_2(tmp_path):
    result = run("eval", "--record", "--cases", str(copy_case(tmp_path, "log-ingest-alerts")))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "--record needs a model key" in result.stderr
    assert "ANTHROPIC_API_KEY" in result.stderr and "Traceback" not in result.stderr


def test_a_model_without_recorded_cassettes_is_exit_2_naming_the_cassette(tmp_path):
    cases = copy_case(tmp_path, "log-ingest-alerts")
    result = run("eval", "--cases", str(cases), "--model", "anthropic:claude-sonnet-5-5",
                        env={"ANTHROPIC_API_KEY": "test-key"})
    assert result.returncode == 2, result.stderr
    assert "log-ingest-alerts/cassette.yaml" in result.stderr and "--record" in result.stderr


def test_a_broken_expected_file_names_file_and_field(tmp_path):
    cases = copy_case(tmp_path, "search-reindex-irc")
    expected = cases / "search-reindex-irc" / "expected.yaml"
    expected.write_text(expected.read_text(encoding="utf-8").replace("kind: recovery", "kind: all-good"),
                        encoding="utf-8")
    result = run("eval", "--cases", str(cases))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "expected.yaml" in result.stderr and "timeline[7].kind" in result.stderr


def test_a_missing_or_empty_cases_folder_is_exit_2(tmp_path):
    missing = run("eval", "--cases", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "no such cases folder" in missing.stderr
    (tmp_path / "empty").mkdir()
    empty = run("eval", "--cases", str(tmp_path / "empty"))
    assert empty.returncode == 2 and "no eval cases" in empty.stderr
