"""The knowledge base against a real Chroma server (`chroma run` on loopback), as a team would share one."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agent.errors import StoreError
from agent.kb.embedder import HashingEmbedder
from agent.kb.service import KnowledgeBase

CHROMA = Path(sys.executable).parent / "chroma"
KB_FIXTURES = Path(__file__).parent / "fixtures" / "kb"
STARTUP_SECONDS = 30


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"chroma run exited with {server.returncode}: {server.stderr.read().decode()[-500:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"chroma run did not listen on port {port} within {STARTUP_SECONDS}s")


@pytest.fixture
def chroma_url(tmp_path):
    if not CHROMA.is_file():
        pytest.skip(f"{CHROMA} is not installed")
    port = free_port()
    server = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    try:
        wait_until_listening(port, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.mark.enable_socket
def test_two_machines_share_vectors_through_a_chroma_server(chroma_url, tmp_path, monkeypatch):
    first = KnowledgeBase.open(tmp_path / "laptop", chroma_url=chroma_url, embedder=HashingEmbedder(), seed=False)
    report = first.add([KB_FIXTURES])
    assert report.count("added") == 5
    assert first.stats().store == chroma_url
    assert first.dense.count() == report.chunks
    assert not (tmp_path / "laptop" / "kb" / "chroma").exists()
    hit = first.search("certificate expired handshake", k=1)[0]
    assert hit.title == "Public API certificate expired"

    again = first.add([KB_FIXTURES / "cert-expiry-api.md"])
    assert again.files[0].status == "unchanged"
    assert first.remove(str(KB_FIXTURES / "cert-expiry-api.md")) == 3
    assert first.dense.count() == report.chunks - 3

    # A colleague's machine, pointed at the server by the environment, sees the same vectors; its local
    # manifest starts empty until a rebuild adopts what the server holds.
    monkeypatch.setenv("POSTMORTEM_CHROMA_URL", chroma_url)
    second = KnowledgeBase.open(tmp_path / "desktop", embedder=HashingEmbedder(), seed=False)
    assert second.stats().store == chroma_url
    assert second.dense.count() == report.chunks - 3
    assert second.stats().sources == 0
    second.rebuild()
    assert second.stats().sources == 4
    assert second.search("log collector disk", k=1)[0].title == "Log collector disk filled up"


@pytest.mark.enable_socket
def test_an_unreachable_server_is_a_one_line_store_error(tmp_path):
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match=r"Chroma server at http://127\.0\.0\.1") as caught:
        KnowledgeBase.open(tmp_path / "home", chroma_url=url, embedder=HashingEmbedder(), seed=False)
    assert "\n" not in str(caught.value)
