"""KnowledgeBase: add / re-add / remove, hybrid search with filters, stats, seeding, damage and rebuild.

Most tests use the model-free HashingEmbedder (the store is under test, not the model); ranking quality
with the real model is in test_kb_search_quality.py and test_kb_retrieval.py.
"""

import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from agent.errors import StoreError, UsageError
from agent.kb.embedder import HashingEmbedder
from agent.kb.filters import parse_filters
from agent.kb.models import SearchFilters
from agent.kb.service import KnowledgeBase


class Collecting:
    """Stands in for a rich Console: keeps what would be printed."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def print(self, message: str) -> None:
        self.lines.append(message)


@pytest.fixture
def archive(fixtures_dir, tmp_path) -> Path:
    """A writable copy of the fixture post-mortems (tests edit and delete files)."""
    target = tmp_path / "archive"
    shutil.copytree(fixtures_dir / "kb", target)
    return target


@pytest.fixture
def kb(tmp_path):
    knowledge = KnowledgeBase.open(tmp_path / "home", embedder=HashingEmbedder(), seed=False)
    yield knowledge
    knowledge.close()


def all_markdown(archive: Path) -> list[Path]:
    return sorted(archive.glob("*.md"))


def vector_count(kb: KnowledgeBase) -> int:
    return kb.dense.count()


def test_add_indexes_files_and_folders_and_reports_per_file(kb, archive):
    report = kb.add([archive])
    assert report.count("added") == 5 and report.count("skipped") == 0
    assert report.chunks == kb.stats().chunks == vector_count(kb) > 10
    assert report.redaction_totals() == {"aws-access-key": 1, "email": 1}
    stats = kb.stats()
    assert stats.sources == 5
    assert stats.severities == {"SEV1": 1, "SEV2": 2, "SEV3": 1, "SEV4": 1}
    assert (stats.oldest, stats.newest) == (date(2022, 5, 1), date(2024, 8, 15))


def test_re_adding_unchanged_files_changes_nothing(kb, archive):
    kb.add([archive])
    before = (kb.stats().chunks, vector_count(kb))
    again = kb.add([archive])
    assert again.count("unchanged") == 5 and again.chunks == 0
    assert (kb.stats().chunks, vector_count(kb)) == before


def test_re_adding_an_edited_file_replaces_its_chunks(kb, archive):
    kb.add([archive])
    path = archive / "disk-full-logging.md"
    path.write_text(path.read_text().replace("six hours of application logs", "nine hours of audit logs"))
    report = kb.add([path])
    assert [f.status for f in report.files] == ["updated"]
    assert kb.stats().sources == 5
    assert kb.stats().chunks == vector_count(kb)
    hits = kb.search("nine hours of audit logs dropped", k=5)
    assert hits[0].source == str(path.resolve())
    assert "nine hours" in hits[0].snippet
    assert not any("six hours" in h.snippet for h in kb.search("six hours application logs", k=5))


def test_remove_forgets_a_source_by_path(kb, archive):
    kb.add([archive])
    path = archive / "cert-expiry-api.md"
    total = kb.stats().chunks
    removed = kb.remove(str(path))
    assert removed == 3
    assert kb.stats().chunks == vector_count(kb) == total - removed
    assert all(h.source != str(path.resolve()) for h in kb.search("certificate expired", k=10))
    assert kb.remove(str(path)) == 0


def test_filters_by_service_severity_class_and_date(kb, archive):
    kb.add([archive])

    def titles(**filters) -> set[str]:
        return {h.title for h in kb.search("outage errors customers", k=10, filters=SearchFilters(**filters))}

    assert titles(services=["CHECKOUT"]) == {
        "Edge proxy configuration push broke checkout",
        "Internal DNS change took down service discovery",
    }
    assert titles(severities=["P2"]) == {
        "Edge proxy configuration push broke checkout",
        "Public API certificate expired",
    }
    assert titles(failure_classes=["config-change"]) == titles(services=["checkout"])
    assert titles(date_from=date(2024, 1, 1), date_to=date(2024, 6, 30)) == {
        "Checkout errors after a database failover",
        "Edge proxy configuration push broke checkout",
    }
    assert titles(services=["checkout"], severities=["SEV3"]) == {"Internal DNS change took down service discovery"}
    assert titles(services=["no-such-service"]) == set()


def test_hits_carry_metadata_snippet_section_and_open_actions(kb, archive):
    kb.add([archive])
    hit = kb.search("quarterly failover drill for the payments API", k=1)[0]
    assert hit.title == "Checkout errors after a database failover"
    assert hit.section == "Action Items"
    assert "failover drill" in hit.snippet
    assert hit.metadata["date"] == "2024-03-12" and hit.metadata["services"] == ["payments-api", "postgres"]
    assert hit.actions == [
        "Re-resolve the database address on connection errors in the pool",
        "Run a quarterly failover drill that includes the payments API",
    ]
    assert 0 < hit.score <= 1


def test_search_rejects_an_empty_query_and_a_bad_k(kb):
    with pytest.raises(UsageError, match="empty"):
        kb.search("   ")
    with pytest.raises(UsageError, match="at least 1"):
        kb.search("disk", k=0)


def test_secrets_never_reach_either_store(kb, archive):
    kb.add([archive])
    stored = "\n".join(kb.dense._collection.get(include=["documents"])["documents"])
    database = (kb.directory / "fts.sqlite").read_bytes()
    for secret in ("AKIAIOSFODNN7EXAMPLE", "ops-alerts@example.com"):
        assert secret not in stored
        assert secret.encode() not in database


def test_pack_json_is_indexed_with_its_action_items(kb, archive):
    report = kb.add([archive / "checkout-outage.draft.json"])
    assert report.files[0].status == "added"
    hit = kb.search("pgbouncer connection pool saturation after rollback", k=1)[0]
    assert hit.metadata["kind"] == "pack"
    assert "Add an alert on connection pool saturation" in hit.actions


def test_a_corrupt_index_raises_a_store_error_and_rebuild_repairs_it(tmp_path, archive):
    home = tmp_path / "home"
    kb = KnowledgeBase.open(home, embedder=HashingEmbedder(), seed=False)
    kb.add([archive])
    kb.close()
    index = home / "kb" / "fts.sqlite"
    index.write_bytes(b"this is not a database" * 100)

    damaged = KnowledgeBase.open(home, embedder=HashingEmbedder(), seed=False)
    with pytest.raises(StoreError, match="postmortem kb rebuild") as caught:
        damaged.search("certificate")
    assert "\n" not in str(caught.value) and "fts.sqlite" in str(caught.value)

    (archive / "disk-full-logging.md").unlink()  # its file is gone: only the vector store still has it
    report = damaged.rebuild()
    assert any("moved to" in note for note in report.notes)
    assert (home / "kb" / "fts.sqlite.damaged-1").read_bytes().startswith(b"this is not")
    statuses = {Path(f.path).name: f.status for f in report.files}
    assert statuses["disk-full-logging.md"] == "restored"
    assert statuses["cert-expiry-api.md"] == "reindexed"
    assert damaged.stats().sources == 5
    assert damaged.search("log collector disk filled", k=1)[0].title == "Log collector disk filled up"
    assert damaged.search("failover drill", k=1)[0].actions  # actions came back with the record


def test_a_missing_vector_store_is_reported_and_rebuilt_from_the_index(tmp_path, archive):
    home = tmp_path / "home"
    kb = KnowledgeBase.open(home, embedder=HashingEmbedder(), seed=False)
    kb.add([archive])
    chunks = kb.stats().chunks
    kb.close()
    shutil.rmtree(home / "kb" / "chroma")
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    (archive / "payments-db-failover.md").unlink()

    damaged = KnowledgeBase.open(home, embedder=HashingEmbedder(), seed=False)
    with pytest.raises(StoreError, match=rf"{chunks} chunks indexed .* but 0 vectors.*postmortem kb rebuild"):
        damaged.stats()
    report = damaged.rebuild()
    assert report.count("restored") == 1 and report.count("reindexed") == 4
    assert damaged.stats().chunks == vector_count(damaged) == chunks
    assert damaged.search("database failover old primary", k=1)[0].title == "Checkout errors after a database failover"


def test_switching_embedders_requires_a_rebuild(tmp_path, archive):
    home = tmp_path / "home"
    KnowledgeBase.open(home, embedder=HashingEmbedder(), seed=False).add([archive / "disk-full-logging.md"])

    class Other(HashingEmbedder):
        name = "other-model"

    kb = KnowledgeBase.open(home, embedder=Other(), seed=False)
    with pytest.raises(StoreError, match="hashing-384 but this run uses other-model"):
        kb.search("disk")
    kb.rebuild()
    assert kb.search("disk", k=1)[0].title == "Log collector disk filled up"
    assert KnowledgeBase.open(home, embedder=Other(), seed=False).stats().sources == 1


def test_seed_corpus_is_indexed_once_and_can_be_switched_off(tmp_path, archive, monkeypatch):
    import agent.paths

    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    for name in ("payments-db-failover.md", "checkout-config-push.md"):
        shutil.copy(archive / name, knowledge / name)
    monkeypatch.setattr(agent.paths, "KNOWLEDGE_DIR", knowledge)
    monkeypatch.setenv("POSTMORTEM_KB_SEED", "1")  # on, whatever the suite's default is

    console = Collecting()
    kb = KnowledgeBase.open(tmp_path / "home", embedder=HashingEmbedder(), console=console)
    assert kb.stats().sources == 2 and kb.stats().seeded
    assert any("seed corpus" in line for line in console.lines)

    again = Collecting()
    KnowledgeBase.open(tmp_path / "home", embedder=HashingEmbedder(), console=again)
    assert again.lines == []

    kb.remove(str(knowledge / "payments-db-failover.md"))
    shutil.copy(archive / "dns-config-change.md", knowledge / "dns-config-change.md")
    reopened = KnowledgeBase.open(tmp_path / "home", embedder=HashingEmbedder(), console=Collecting())
    titles = {h.title for h in reopened.search("change", k=10)}
    assert "Internal DNS change took down service discovery" in titles
    assert "Checkout errors after a database failover" not in titles  # removed by the user, stays removed

    monkeypatch.setenv("POSTMORTEM_KB_SEED", "0")
    assert KnowledgeBase.open(tmp_path / "other", embedder=HashingEmbedder()).stats().sources == 0


def test_state_lives_under_postmortem_home(tmp_path, archive, monkeypatch):
    monkeypatch.setenv("POSTMORTEM_HOME", str(tmp_path / "state"))
    kb = KnowledgeBase.open(embedder=HashingEmbedder(), seed=False)
    kb.add([archive / "disk-full-logging.md"])
    assert (tmp_path / "state" / "kb" / "fts.sqlite").is_file()
    assert (tmp_path / "state" / "kb" / "chroma").is_dir()
    assert kb.stats().store == str(tmp_path / "state" / "kb" / "chroma")
    with sqlite3.connect(tmp_path / "state" / "kb" / "fts.sqlite") as db:
        (metadata,) = db.execute("SELECT metadata FROM sources").fetchone()
    assert json.loads(metadata)["failure_class"] == "capacity"


def test_importing_the_knowledge_base_loads_no_heavy_library():
    code = (
        "import sys, agent.kb.service, agent.kb.search, agent.kb.models;"
        "print(sorted(m for m in ('chromadb', 'numpy', 'tokenizers', 'safetensors') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_copy_of_an_indexed_file_is_not_indexed_twice(kb, archive, tmp_path):
    kb.add([archive / "disk-full-logging.md"])
    copy = tmp_path / "elsewhere" / "disk.md"
    copy.parent.mkdir()
    shutil.copy(archive / "disk-full-logging.md", copy)
    report = kb.add([copy])
    assert report.files[0].status == "skipped"
    assert "same content as" in report.files[0].reason and "disk-full-logging.md" in report.files[0].reason
    assert kb.stats().sources == 1


def test_filter_expressions_parse_into_search_filters():
    filters = parse_filters(["service=checkout,payments", "severity=P1", "class=config-change", "since=2024-01-01"])
    assert filters.services == ["checkout", "payments"]
    assert filters.severities == ["P1"] and filters.failure_classes == ["config-change"]
    assert filters.date_from == date(2024, 1, 1) and filters.date_to is None
    for bad, message in (("colour=red", "KEY=VALUE"), ("service=", "KEY=VALUE"), ("since=yesterday", "YYYY-MM-DD")):
        with pytest.raises(UsageError, match=message):
            parse_filters([bad])
    with pytest.raises(UsageError, match="after until"):
        parse_filters(["since=2024-05-01", "until=2024-01-01"])


def test_a_corrupt_vector_store_is_set_aside_and_rebuilt(tmp_path, archive):
    home = tmp_path / "home"
    kb = KnowledgeBase.open(home, embedder=HashingEmbedder(), seed=False)
    kb.add([archive])
    chunks = kb.stats().chunks
    kb.close()
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
    (home / "kb" / "chroma" / "chroma.sqlite3").write_bytes(b"garbage" * 1000)

    damaged = KnowledgeBase.open(home, embedder=HashingEmbedder(), seed=False)
    with pytest.raises(StoreError, match=r"store .*chroma cannot be opened .*postmortem kb rebuild"):
        damaged.add([archive])
    report = damaged.rebuild()
    assert report.notes == [f"unreadable vector store moved to {home / 'kb' / 'chroma.damaged-1'}"]
    assert report.count("reindexed") == 5
    assert damaged.stats().chunks == vector_count(damaged) == chunks
