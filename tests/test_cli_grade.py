"""`postmortem grade` through the command: exit codes for CI, the JSON contract, rubric choice."""

import json
from pathlib import Path

import pytest

from cli_runner import postmortem

GRADING = Path(__file__).resolve().parent / "fixtures" / "grading"


def test_an_excellent_review_passes_and_a_skeletal_one_fails_with_line_numbers():
    good = postmortem("grade", str(GRADING / "excellent.md"), "--json")
    assert good.returncode == 0, good.stderr.decode()
    assert json.loads(good.stdout)["passed"] is True
    weak = postmortem("grade", str(GRADING / "skeletal.md"), "--json")
    assert weak.returncode == 1
    report = json.loads(weak.stdout)
    assert set(report) >= {"rubric", "gates", "findings", "passed"}
    assert report["passed"] is False
    assert report["findings"] and all({"gate", "line", "text", "suggestion"} <= set(f) for f in report["findings"])
    assert [g["id"] for g in report["gates"] if g["passed"] is False]


def test_min_score_turns_a_pass_into_a_fail():
    result = postmortem("grade", str(GRADING / "excellent.md"), "--min-score", "12.5", "--json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["passed"] is False


def test_sre_weighted_rubric_and_stdin():
    result = postmortem("grade", "-", "--rubric", "sre-weighted", "--json", stdin=(GRADING / "good.md").read_bytes())
    assert result.returncode in (0, 1), result.stderr.decode()
    rubric = json.loads(result.stdout)["rubric"]
    assert rubric["name"] == "sre-weighted" and rubric["max"] == 5


def test_human_output_shows_gates_and_what_to_do_next():
    result = postmortem("grade", str(GRADING / "mediocre.md"))
    out = result.stdout.decode()
    assert result.returncode == 1
    assert "✗" in out and "Next:" in out


def test_a_broken_rubric_file_names_file_and_field(tmp_path):
    rubric = tmp_path / "mine.yaml"
    rubric.write_text("name: mine\ntitle: Mine\nscale: {min: 0, max: 2}\naggregate: sum\ncriteria: nope\n", encoding="utf-8")
    result = postmortem("grade", str(GRADING / "good.md"), "--rubric", str(rubric))
    err = result.stderr.decode()
    assert result.returncode == 2 and "Traceback" not in err
    assert "mine.yaml" in err and "criteria" in err


def test_an_explicit_model_without_its_key_is_exit_2_naming_the_variable():
    result = postmortem("grade", str(GRADING / "good.md"), "--model", "anthropic:claude-sonnet-5-5")
    assert result.returncode == 2
    assert "ANTHROPIC_API_KEY" in result.stderr.decode()


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "empty"), (b"\x00\x01PK\x03\x04" * 50, "binary"), (b"- an item\n" * 25_000, "25,001 lines")],
)
def test_unreadable_documents_are_one_line_and_exit_2(tmp_path, content, problem):
    document = tmp_path / "review.md"
    document.write_bytes(content)
    result = postmortem("grade", str(document))
    errors = [line for line in result.stderr.decode().splitlines() if line.startswith("postmortem: error:")]
    assert result.returncode == 2 and result.stdout == b""
    assert len(errors) == 1 and problem in errors[0] and "Traceback" not in result.stderr.decode()


def test_existing_documents_are_graded_on_the_sre_rubric_and_secrets_fail_the_grade(tmp_path):
    """Without --rubric, grade judges publishability on sre-weighted; a secret in the text fails it with its line."""
    text = (GRADING / "excellent.md").read_text(encoding="utf-8")
    clean = postmortem("grade", str(GRADING / "excellent.md"), "--json")
    assert json.loads(clean.stdout)["rubric"]["name"] == "sre-weighted" and clean.returncode == 0
    leaky = tmp_path / "review.md"
    leaky.write_text(text.replace("## Summary\n", "## Summary\n\nThe job used token=Zq8Lw2Xr5Vt9Mn3Bp7Kd.\n"
                                                "The on-call engineer should have rotated token=Zq8Lw2Xr5Vt9Mn3Bp7Kd first.\n", 1),
                     encoding="utf-8")
    result = postmortem("grade", str(leaky), "--json")
    report = json.loads(result.stdout)
    assert result.returncode == 1 and report["passed"] is False
    found = [f["line"] for f in report["findings"] if f["gate"] == "no_secrets_or_personal_data"]
    line = leaky.read_text(encoding="utf-8").split("\n").index("The job used token=Zq8Lw2Xr5Vt9Mn3Bp7Kd.") + 1
    assert found == [line, line + 1]
    # the blameful sentence is quoted too, and the report never repeats the secret
    assert any(f["gate"] == "blameless_language" and f["line"] == line + 1 for f in report["findings"])
    assert "Zq8Lw2Xr5Vt9Mn3Bp7Kd" not in result.stdout.decode()
