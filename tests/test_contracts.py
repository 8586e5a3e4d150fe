"""Every --json document is a versioned pydantic model whose JSON Schema is checked in and matches real output."""

import json
import re
import shutil

import click
import jsonschema
import pytest

from agent.cli import cli
from agent.contracts import CONTRACTS, SCHEMAS_DIR, DraftOutput, schema_text
from cli_runner import REPO, in_process

EXAMPLE = str(REPO / "examples" / "checkout-outage.slack.txt")


def checked_in(name: str) -> dict:
    return json.loads((SCHEMAS_DIR / f"{name}.json").read_text(encoding="utf-8"))


def assert_valid(name: str, document: dict) -> None:
    jsonschema.validate(document, checked_in(name))
    assert document["schema_version"] == 1


# Which contract each command's --json prints; tests/test_cli_kb.py validates the kb ones against real output.
JSON_COMMANDS = {"draft": "draft", "grade": "grade", "eval": "eval", "kb search": "kb-search", "kb add": "kb-add",
                 "kb rebuild": "kb-add", "kb stats": "kb-stats", "kb recurring": "kb-recurring"}


def test_every_command_with_json_output_has_a_contract():
    def commands(group: click.Group, prefix: str = ""):
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                yield from commands(command, f"{prefix}{name} ")
            else:
                yield f"{prefix}{name}", command

    with_json = {name for name, command in commands(cli) if any(p.name == "as_json" for p in command.params)}
    assert with_json == set(JSON_COMMANDS)
    assert set(JSON_COMMANDS.values()) == set(CONTRACTS)


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_checked_in_schema_matches_the_model(name):
    assert (SCHEMAS_DIR / f"{name}.json").read_text(encoding="utf-8") == schema_text(name), (
        f"regenerate: postmortem schema {name} > agent/contracts/schemas/{name}.json")


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_schema_command_prints_the_checked_in_schema(name, monkeypatch, capsys):
    code, out, _ = in_process(monkeypatch, capsys, "schema", name)
    assert code == 0
    assert json.loads(out) == checked_in(name)
    assert "schema_version" in json.loads(out)["required"]


def test_draft_json_validates_and_keeps_the_spec_fields(monkeypatch, capsys):
    code, out, err = in_process(monkeypatch, capsys, "draft", EXAMPLE, "--json", "--no-kb")
    assert code == 0, err
    document = json.loads(out)
    assert_valid("draft", document)
    assert set(document["metrics"]) >= {"impact_start", "detected", "acknowledged", "mitigated", "recovered",
                                        "resolved", "ttd_minutes", "tta_minutes", "ttm_minutes", "ttr_minutes",
                                        "ttc_minutes"}
    assert set(document["timeline"][0]) >= {"time", "kind", "event", "actor", "source_lines"}
    assert set(document["action_items"][0]) >= {"action", "owner", "due", "success_signal", "type"}
    assert set(document["rubric"]) >= {"name", "score", "max", "passed", "criteria"}
    assert document["engine"] == "offline" and document["markdown"].startswith("# ")
    assert document["usage"]["cost_usd"] == 0 and "no model was called" in document["usage"]["price_note"]
    assert document["usage"]["models"] == []


def test_grade_json_validates(monkeypatch, capsys, tmp_path):
    document = tmp_path / "review.md"
    document.write_text("# Checkout outage\n\n## Summary\n\nThe on-call engineer should have checked the pool "
                        "size before deploying.\n", encoding="utf-8")
    code, out, _ = in_process(monkeypatch, capsys, "grade", str(document), "--json")
    assert code == 1
    report = json.loads(out)
    assert_valid("grade", report)
    assert report["passed"] is False and report["findings"]


def test_eval_json_validates(monkeypatch, capsys, tmp_path):
    cases = tmp_path / "cases"
    shutil.copytree(REPO / "evals" / "cases" / "gateway-cert-iso", cases / "gateway-cert-iso")
    code, out, err = in_process(monkeypatch, capsys, "eval", "--cases", str(cases), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert_valid("eval", report)
    assert report["cases"][0]["status"]["overall"] == "new"


def test_a_draft_field_added_later_passes_through_the_model():
    dumped = DraftOutput.model_validate({**MINIMAL_DRAFT, "date_known": False}).model_dump(mode="json")
    assert dumped["date_known"] is False and dumped["schema_version"] == 1
    jsonschema.validate(dumped, checked_in("draft"))


MINIMAL_DRAFT = {
    "title": "t", "time_zone": "local, zone unknown", "metrics": {k: None for k in (
        "impact_start", "detected", "acknowledged", "mitigated", "recovered", "resolved",
        "ttd_minutes", "tta_minutes", "ttm_minutes", "ttr_minutes", "ttc_minutes")},
    "timeline": [], "impact": {"figures": []}, "action_items": [], "open_questions": [], "gates": [],
    "rubric": {"name": "default", "score": 0, "max": 12, "passed": False, "criteria": []},
    "engine": "offline", "redactions": {}, "markdown": "# t\n",
    "grounding": {"checked": 0, "rejected": 0, "hypotheses": 0, "findings": []},
    "usage": {"requests": 0, "input_tokens": 0, "cache_read_tokens": 0, "cache_write_tokens": 0, "output_tokens": 0,
              "cost_usd": 0.0, "price_note": "offline engine: no model was called, nothing to pay", "models": []},
}


ZONELESS_CHAT = """\
[09:58] <ana> deploying search-api 2.4 to prod
[10:03] <alertbot> ALERT search-api p99 latency above 2s
[10:05] <ben> ack, looking
[10:21] <ana> rolled back to 2.3, latency is back to normal
[10:40] <ben> resolved, graphs clean for 15 minutes
"""


@pytest.mark.parametrize(("options", "zone"), [((), "local, zone unknown"), (("--tz", "Europe/Berlin"), "UTC")])
def test_every_time_says_its_zone_in_markdown_and_json(monkeypatch, capsys, tmp_path, options, zone):
    chat = tmp_path / "search.irc.log"
    chat.write_text(ZONELESS_CHAT, encoding="utf-8")
    code, out, err = in_process(monkeypatch, capsys, "draft", str(chat), "--json", "--no-kb", "--date", "2026-03-10",
                                *options)
    assert code == 0, err
    document = json.loads(out)
    assert_valid("draft", document)
    assert document["time_zone"] == zone
    times = [t for t in [*document["metrics"].values(), *(row["time"] for row in document["timeline"])]
             if isinstance(t, str)]
    assert times and all(t.endswith("Z") == (zone == "UTC") for t in times)
    written = re.findall(r"\b\d\d:\d\d\b(?! UTC| \(local, zone unknown\))", document["markdown"])
    assert written == [], "a time in the document without its zone"
    assert re.search(r"\d\d:\d\d UTC" if zone == "UTC" else r"\d\d:\d\d \(local, zone unknown\)", document["markdown"])
