"""`postmortem kb …` end to end through the command, on a small archive of our own writing."""

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from agent.contracts import SCHEMAS_DIR
from cli_runner import postmortem

ARCHIVE = Path(__file__).resolve().parent / "fixtures" / "kb"


@pytest.fixture(scope="module")
def loaded_home(tmp_path_factory):
    """One archive for the module: adding it embeds every chunk, the slow part."""
    home = tmp_path_factory.mktemp("kb-home")
    archive = tmp_path_factory.mktemp("archive")
    for doc in ARCHIVE.glob("*.md"):
        shutil.copy(doc, archive / doc.name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POSTMORTEM_HOME", str(home))
        patch.setenv("POSTMORTEM_KB_SEED", "0")
        added = postmortem("kb", "add", str(archive), "--json")
    assert added.returncode == 0, added.stderr.decode()
    return home, archive, json.loads(added.stdout)


@pytest.fixture(autouse=True)
def use_loaded_home(loaded_home, monkeypatch):
    monkeypatch.setenv("POSTMORTEM_HOME", str(loaded_home[0]))


def test_add_redacts_before_storing(loaded_home):
    _, _, report = loaded_home
    assert "AKIAIOSFODNN7EXAMPLE" not in json.dumps(report)
    hits = json.loads(postmortem("kb", "search", "certificate expired TLS handshake", "--json").stdout)["hits"]
    assert "AKIAIOSFODNN7EXAMPLE" not in json.dumps(hits)
    assert "ops-alerts@example.com" not in json.dumps(hits)


def test_search_json_hits_have_the_contract_fields():
    result = postmortem("kb", "search", "TLS certificate ran out and clients failed the handshake", "--k", "3", "--json")
    assert result.returncode == 0, result.stderr.decode()
    found = json.loads(result.stdout)
    jsonschema.validate(found, json.loads((SCHEMAS_DIR / "kb-search.json").read_text()))
    assert (found["schema_version"], found["query"], found["k"]) == (1, "TLS certificate ran out and clients failed "
                                                                      "the handshake", 3)
    hits = found["hits"]
    assert 1 <= len(hits) <= 3
    for hit in hits:
        assert set(hit) >= {"source", "title", "score", "snippet", "metadata"}
    assert hits[0]["title"] == "Public API certificate expired"


def test_filters_narrow_results_and_bad_filters_exit_2():
    result = postmortem("kb", "search", "outage", "--filter", "class=certificate-expiry", "--json")
    assert result.returncode == 0, result.stderr.decode()
    found = json.loads(result.stdout)
    assert found["filters"] == ["class=certificate-expiry"]
    assert {h["metadata"]["failure_class"] for h in found["hits"]} == {"certificate-expiry"}
    bad = postmortem("kb", "search", "outage", "--filter", "colour=blue")
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr.decode()


def test_re_adding_updates_instead_of_duplicating(loaded_home):
    _, archive, _ = loaded_home
    before = json.loads(postmortem("kb", "stats", "--json").stdout)
    assert postmortem("kb", "add", str(archive / "dns-config-change.md")).returncode == 0
    after = json.loads(postmortem("kb", "stats", "--json").stdout)
    assert after == before


def test_remove_unknown_source_is_a_usage_error():
    result = postmortem("kb", "remove", "/no/such/postmortem.md")
    assert result.returncode == 2
    assert "not in the knowledge base" in result.stderr.decode()


def test_text_output_lists_ranked_hits():
    result = postmortem("kb", "search", "primary database failover", "--k", "2")
    assert result.returncode == 0
    assert result.stdout.decode().lstrip().startswith("1.")


def test_add_stats_and_recurring_json_validate_against_their_checked_in_schemas(loaded_home):
    _, archive, added = loaded_home
    stats = json.loads(postmortem("kb", "stats", "--json").stdout)
    recurring = json.loads(postmortem("kb", "recurring", "--window-days", "36500", "--json").stdout)
    rebuilt = json.loads(postmortem("kb", "rebuild", "--json").stdout)
    for name, document in (("kb-add", added), ("kb-stats", stats), ("kb-recurring", recurring), ("kb-add", rebuilt)):
        jsonschema.validate(document, json.loads((SCHEMAS_DIR / f"{name}.json").read_text()))
        assert document["schema_version"] == 1, name
    assert {f["status"] for f in added["files"]} == {"added"}
    assert len(rebuilt["files"]) == len(added["files"])
    assert stats["sources"] == len(added["files"]) == len(list(archive.glob("*.md")))
    assert recurring["window_days"] == 36500
    assert any(len(p["occurrences"]) >= 2 for p in recurring["patterns"])
