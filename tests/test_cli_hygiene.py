"""What every command shares: exit codes (0 ok, 1 gate or regression, 2 usage or input, 3 internal error),
closed option sets as choices, no environment variable on options that write files, examples in every --help,
one default model named everywhere, and no third-party banner."""

import ast
import contextlib
import io
import re
import shutil
import sys

import click
import pytest

from agent.cli import cli
from agent.llm.models import DEFAULT_MODEL, FALLBACK_MODEL
from cli_runner import REPO, in_process

EXAMPLE = str(REPO / "examples" / "checkout-outage.slack.txt")


def leaf_commands(group: click.Group = cli, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from leaf_commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


def test_internal_error_is_exit_3_with_one_line(monkeypatch, capsys):
    import agent.contracts

    def broken(_name):
        raise KeyError("boom")

    monkeypatch.setattr(agent.contracts, "schema_text", broken)
    code, out, err = in_process(monkeypatch, capsys, "schema", "draft")
    assert code == 3
    assert out == ""
    assert err.splitlines() == ["postmortem: internal error: KeyError: 'boom' (POSTMORTEM_DEBUG=1 shows details)"]


@pytest.mark.parametrize("args", [
    ("draft", EXAMPLE, "--format", "hangouts"),
    ("grade", EXAMPLE, "--rubric", "no-such-rubric"),
    ("schema", "facilitate"),
    ("draft", "/no/such/transcript.txt"),
    ("eval", "--cases", "/no/such/cases"),
])
def test_bad_usage_or_input_is_exit_2_without_traceback(monkeypatch, capsys, args):
    code, out, err = in_process(monkeypatch, capsys, *args)
    assert code == 2
    assert out == ""
    assert "Traceback" not in err


def test_format_choices_come_from_the_parser_registry(monkeypatch, capsys):
    from agent.transcript.parse import FORMATS

    code, out, _ = in_process(monkeypatch, capsys, "draft", "--help")
    assert code == 0
    assert "[" + "|".join(FORMATS) + "]" in re.sub(r"\s+", "", out)


def test_rubric_takes_a_shipped_name_or_a_file(monkeypatch, capsys, tmp_path):
    from agent.paths import RUBRICS_DIR

    review = tmp_path / "review.md"
    review.write_text("# Outage\n\n## Summary\n\nSomething broke.\n", encoding="utf-8")
    own = tmp_path / "team.yaml"
    shutil.copy(RUBRICS_DIR / "default.yaml", own)
    for rubric in ("sre-weighted", str(own)):
        code, _, err = in_process(monkeypatch, capsys, "grade", str(review), "--rubric", rubric)
        assert code == 1, err  # a one-paragraph review fails its gates, whichever rubric scores it
    code, _, err = in_process(monkeypatch, capsys, "grade", str(review), "--rubric", "gates")
    assert code == 2
    assert "default, sre-weighted" in err


def test_options_that_write_files_take_no_environment_variable():
    writers = {"output", "update_baseline", "record"}
    found = [(path, p.name) for path, command in leaf_commands() for p in command.params if p.name in writers]
    assert {name for _, name in found} == writers
    assert [(path, p.name) for path, command in leaf_commands() for p in command.params
            if p.name in writers and p.envvar] == []


def test_every_other_option_names_its_environment_variable():
    missing = [(" ".join(path), p.name) for path, command in leaf_commands() for p in command.params
               if isinstance(p, click.Option) and p.name not in {"output", "update_baseline", "record"}
               and not p.envvar]
    assert missing == []


@pytest.mark.parametrize("path", [path for path, _ in leaf_commands()], ids=" ".join)
def test_every_command_help_shows_examples(monkeypatch, capsys, path):
    code, out, _ = in_process(monkeypatch, capsys, *path, "--help")
    assert code == 0
    assert re.search(r"Examples?:\n\s+postmortem ", out)


def test_top_level_help_documents_every_exit_code(monkeypatch, capsys):
    _, out, _ = in_process(monkeypatch, capsys, "--help")
    assert all(f"{code} " in out for code in range(4)) and "3 internal error" in " ".join(out.split())


def test_one_default_model_is_named_everywhere(monkeypatch, capsys):
    """The help shows the code's constants; no other Claude model is named in the package or the README."""
    _, out, _ = in_process(monkeypatch, capsys, "draft", "--help")
    shown = " ".join(out.split()).replace(" ", "")
    assert DEFAULT_MODEL in shown and FALLBACK_MODEL in shown
    texts = [(REPO / "README.md").read_text(encoding="utf-8")]
    texts += [path.read_text(encoding="utf-8") for path in (REPO / "agent").rglob("*.py")]
    named = {found for text in texts for found in re.findall(r"claude-[a-z0-9.-]*[a-z0-9]", text)}
    assert named == {model.split(":", 1)[1] for model in (DEFAULT_MODEL, FALLBACK_MODEL)}


def test_no_pydantic_ai_banner(monkeypatch, capsys):
    from pydantic_ai import _display

    for name in ("PYDANTIC_AI_NO_BANNER", "CI", "PYTEST_VERSION"):
        monkeypatch.delenv(name, raising=False)
    assert _display.banner_pending()  # a terminal would get one now
    in_process(monkeypatch, capsys, "schema", "grade")
    assert not _display.banner_pending()


def test_record_without_the_dev_extra_is_exit_2_with_one_line(monkeypatch, capsys, tmp_path):
    cases = tmp_path / "cases"
    shutil.copytree(REPO / "evals" / "cases" / "gateway-cert-iso", cases / "gateway-cert-iso")
    monkeypatch.setitem(sys.modules, "vcr", None)  # `import vcr` now raises ImportError
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key")
    code, out, err = in_process(monkeypatch, capsys, "eval", "--cases", str(cases), "--record")
    assert code == 2
    assert out == ""
    assert [line for line in err.splitlines() if line.startswith("postmortem:")] == [
        "postmortem: error: recording or replaying model cassettes needs vcrpy, from the dev extra: "
        "pip install 'postmortem[dev]'"]
    assert not (cases / "gateway-cert-iso" / "cassette.yaml").exists()


def test_the_package_imports_no_dev_dependency_outside_the_guarded_recorder():
    dev_modules = {"vcr", "pytest", "hypothesis", "pytest_socket", "jsonschema"}
    importers = []
    for path in (REPO / "agent").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(name.split(".")[0] in dev_modules for name in names):
                importers.append(str(path.relative_to(REPO)))
    assert importers == ["agent/evaluation/cassette.py"]


@pytest.mark.parametrize("path", [path for path, _ in leaf_commands()] + [("kb",)], ids=" ".join)
def test_every_command_help_documents_the_exit_codes(monkeypatch, capsys, path):
    code, out, _ = in_process(monkeypatch, capsys, *path, "--help")
    assert code == 0
    text = " ".join(out.split())
    assert "Exit codes: 0 success, 1 a quality gate or threshold was not met, 2 bad usage or unreadable input, " \
           "3 internal error." in text


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_shell_completion_script_is_produced(monkeypatch, capsys, shell):
    monkeypatch.setenv("_POSTMORTEM_COMPLETE", f"{shell}_source")
    code, out, _ = in_process(monkeypatch, capsys)
    assert code == 0
    assert "_POSTMORTEM_COMPLETE" in out and f"{shell}_complete" in out


def test_top_level_help_says_how_to_turn_completion_on(monkeypatch, capsys):
    _, out, _ = in_process(monkeypatch, capsys, "--help")
    assert all(f'eval "$(_POSTMORTEM_COMPLETE={shell}_source postmortem)"' in out for shell in ("bash", "zsh"))
    assert "_POSTMORTEM_COMPLETE=fish_source postmortem >" in out


def complete(monkeypatch, capsys, *words: str) -> list[str]:
    """What bash completion offers for the last word (`type,value` lines, as click prints them)."""
    monkeypatch.setenv("_POSTMORTEM_COMPLETE", "bash_complete")
    monkeypatch.setenv("COMP_WORDS", " ".join(("postmortem", *words)))
    monkeypatch.setenv("COMP_CWORD", str(len(words)))
    code, out, _ = in_process(monkeypatch, capsys)
    assert code == 0
    return out.splitlines()


def test_rubric_completes_shipped_names_and_leaves_paths_to_the_shell(monkeypatch, capsys):
    assert complete(monkeypatch, capsys, "grade", "review.md", "--rubric", "sre") == ["plain,sre-weighted", "file,sre"]


def test_format_completes_from_the_parser_registry(monkeypatch, capsys):
    from agent.transcript.parse import FORMATS

    offered = complete(monkeypatch, capsys, "draft", "--format", "s")
    assert offered == [f"plain,{name}" for name in FORMATS if name.startswith("s")] and offered


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_answers_typed_on_a_terminal_are_read_through_readline_input(monkeypatch):
    from agent.cli.terminal import answer_stream

    typed = iter(["restarted pgbouncer", ""])
    monkeypatch.setattr("builtins.input", lambda: next(typed))
    stream = answer_stream(Terminal())
    assert "readline" in sys.modules
    assert [stream.readline(), stream.readline()] == ["restarted pgbouncer\n", "\n"]
    monkeypatch.setattr("builtins.input", lambda: (_ for _ in ()).throw(EOFError))
    assert stream.readline() == ""  # Ctrl-D ends the session like the end of a pipe


def test_piped_answers_are_read_as_they_are():
    from agent.cli.terminal import answer_stream

    piped = io.StringIO("restarted pgbouncer\n\n/quit\n")
    assert answer_stream(piped) is piped


def test_progress_is_plain_lines_when_piped():
    from agent.progress import progress

    log = io.StringIO()
    with progress(log, 3, "eval: drafting cases") as update:
        update(1, "eval: a: drafted by offline in 0.20 s")
        update(2, "")
        update(3, "eval: c: drafted by offline in 0.10 s")
    assert log.getvalue().splitlines() == ["eval: a: drafted by offline in 0.20 s", "eval: c: drafted by offline in 0.10 s"]


def test_progress_is_a_bar_on_a_terminal():
    from agent.progress import progress

    screen = Terminal()
    with progress(screen, 3, "indexing post-mortems") as update:
        update(3, "indexed 3/3 post-mortems")
    shown = screen.getvalue()
    assert "\x1b[" in shown  # drawn with terminal control sequences, redrawn in place
    assert "indexing post-mortems" in shown and "3/3" in shown and "━" in shown


def test_facilitate_reads_answers_through_the_terminal_reader(monkeypatch, capsys, tmp_path):
    import agent.cli.terminal

    seen = []

    def recording(stdin):
        seen.append(stdin)
        return stdin

    monkeypatch.setattr(agent.cli.terminal, "answer_stream", recording)
    monkeypatch.setenv("POSTMORTEM_HOME", str(tmp_path))
    code, _, _ = in_process(monkeypatch, capsys, "facilitate", "--offline", stdin="/quit\n")
    assert code == 0
    assert seen == [sys.stdin]


def test_kb_add_reports_indexing_through_the_progress_display(monkeypatch, tmp_path):
    import agent.kb.service
    from agent.kb.embedder import HashingEmbedder
    from agent.kb.service import KnowledgeBase

    archive = tmp_path / "archive"
    archive.mkdir()
    for number in range(12):
        (archive / f"incident-{number}.md").write_text(
            f"# Queue {number} stalled\n\n## Summary\n\nConsumers of queue {number} stopped after a deploy.\n",
            encoding="utf-8")
    updates = []

    @contextlib.contextmanager
    def recording(stream, total, label):
        yield lambda done, note: updates.append((done, total, note))

    monkeypatch.setattr(agent.kb.service, "progress", recording)
    KnowledgeBase.open(tmp_path / "home", embedder=HashingEmbedder(), seed=False).add([archive])
    assert updates == [(10, 12, "indexed 10/12 post-mortems"), (12, 12, "indexed 12/12 post-mortems")]


def test_a_small_add_moves_the_bar_without_printing_lines(monkeypatch, tmp_path):
    from agent.kb.embedder import HashingEmbedder
    from agent.kb.service import KnowledgeBase

    review = tmp_path / "review.md"
    review.write_text("# Queue stalled\n\n## Summary\n\nConsumers stopped after a deploy.\n", encoding="utf-8")
    log = io.StringIO()
    monkeypatch.setattr(sys, "stderr", log)
    KnowledgeBase.open(tmp_path / "home", embedder=HashingEmbedder(), seed=False).add([review])
    assert "indexed" not in log.getvalue()
