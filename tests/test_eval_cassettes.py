"""The model path of the eval suite: --record writes a case's cassette.yaml, a replay with sockets blocked scores the
model's draft, and a cassette that no longer matches the requests is refused instead of passing as the model.

Recorded against the scripted fake Messages API on loopback (evals/cassettes/fake_anthropic.py), in tmp_path."""

import io
import shutil
import sys
import time
from pathlib import Path

import pytest
from pytest_socket import disable_socket, enable_socket

from agent.errors import InputError
from agent.evaluation import evaluate
from agent.llm.models import DEFAULT_MODEL

CASSETTE_DIR = Path(__file__).resolve().parents[1] / "evals" / "cassettes"
sys.path.insert(0, str(CASSETTE_DIR))
from fake_anthropic import FakeAnthropic, text  # noqa: E402
from record import DRAFT  # noqa: E402

CASES = Path(__file__).resolve().parent.parent / "evals" / "cases"
KEY = {"ANTHROPIC_API_KEY": "test-key"}
# A live run (--record) also asks the model judges (blamelessness, causal depth, claim support), outside the cassette.
VERDICT = '{"reason": "people appear by role; the causes are conditions", "pass": true, "score": 0.75}'
JUDGES = [lambda body: [text(VERDICT)]] * 3


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> Path:
    cases = tmp_path_factory.mktemp("evals") / "cases"
    shutil.copytree(CASES / "search-reindex-irc", cases / "search-reindex-irc")
    enable_socket()  # only while recording: the fake server binds loopback and nothing else is reached
    try:
        with FakeAnthropic(DRAFT + JUDGES) as fake:
            report = evaluate(cases, env={**KEY, "ANTHROPIC_BASE_URL": fake.base_url}, console=io.StringIO(),
                              record=True)
    finally:
        disable_socket(allow_unix_socket=True)
    assert not fake.exhausted and not fake.turns and report.engine == DEFAULT_MODEL
    judged = report.cases[0].scores
    assert [judged[name] for name in ("blamelessness", "causal_depth", "claim_support")] == [0.75] * 3
    return cases


def test_record_writes_the_cassette_without_credentials(recorded):
    cassette = recorded / "search-reindex-irc" / "cassette.yaml"
    text = cassette.read_text(encoding="utf-8")
    assert "interactions:" in text and f"model: {DEFAULT_MODEL}" in text
    assert "test-key" not in text and "x-api-key" not in text.lower()
    assert "bjorn.lindqvist@homewares.example" not in text  # requests carry the redacted transcript
    assert not list(recorded.glob("*/*.partial"))


def test_a_replay_scores_the_model_draft_with_sockets_blocked(recorded):
    report = evaluate(recorded, env=KEY, console=io.StringIO(), model=DEFAULT_MODEL, update_baseline=True)
    assert report.engine == DEFAULT_MODEL and report.passed
    case = report.cases[0]
    assert case.scores["fact_accuracy"] > 0 and case.leaks is None  # code-owned facts survive any model
    stored = (recorded.parent / "baseline.json").read_text(encoding="utf-8")
    assert f'"{DEFAULT_MODEL}"' in stored  # the baseline is keyed by engine


def test_a_cassette_that_no_longer_matches_is_refused_without_waiting(recorded, tmp_path):
    stale = tmp_path / "cases"
    shutil.copytree(recorded, stale)
    transcript = stale / "search-reindex-irc" / "transcript.log"
    edited = transcript.read_text(encoding="utf-8").replace("thanks all", "thanks everyone")
    transcript.write_text(edited, encoding="utf-8")
    began = time.perf_counter()
    with pytest.raises(InputError, match=r"cassette.yaml: .*re-record with --record"):
        evaluate(stale, env=KEY, console=io.StringIO(), model=DEFAULT_MODEL)
    # An unmatched request surfaces as a connection error; a replay must not sit through 1 + 2 + 4 s of backoff.
    assert time.perf_counter() - began < 5
