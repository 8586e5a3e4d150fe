"""Shared test set-up: isolated state, no keys, no network, and the optional ../shared corpus."""

from pathlib import Path

import pytest
import urllib3  # noqa: F401  (imported before sockets are blocked: it probes for IPv6 by opening a local socket)
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.load_profile("ci")

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path, monkeypatch):
    """Every test gets its own $POSTMORTEM_HOME and runs as on a machine with no API keys."""
    monkeypatch.setenv("POSTMORTEM_HOME", str(tmp_path / "home"))
    for name in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "POSTMORTEM_MODEL", "POSTMORTEM_CHROMA_URL", "POSTMORTEM_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    # Indexing the seed corpus takes ~25 s; tests that need it switch it back on themselves.
    monkeypatch.setenv("POSTMORTEM_KB_SEED", "0")
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    monkeypatch.setenv("COLUMNS", "120")


@pytest.fixture
def shared_corpus() -> Path:
    """../shared/corpus, or skip: tests that read externally written material must not fail without it."""
    corpus = SHARED_DIR / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is not present")
    return corpus


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="module")
def kb_archive(tmp_path_factory):
    """The fixture archive (tests/fixtures/kb) indexed once per module with the real MiniLM embedder."""
    from agent.kb.embedder import default_embedder
    from agent.kb.service import KnowledgeBase

    knowledge = KnowledgeBase.open(tmp_path_factory.mktemp("home"), embedder=default_embedder(), seed=False)
    knowledge.add([FIXTURES / "kb"])
    return knowledge
