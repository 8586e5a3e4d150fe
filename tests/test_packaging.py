"""The built wheel carries every data file the code reads, at the place importlib.resources finds it; an editable
install finds the same files in the repository's prompts/, rubrics/ and knowledge/ folders."""

import shutil
import subprocess
import sys
import zipfile

import pytest

import agent
from agent import paths
from cli_runner import REPO, in_process

# Repository folder -> where its files land in the wheel.
MAPPED = {"prompts": "agent/prompts", "rubrics": "agent/rubrics", "knowledge": "agent/knowledge", "agent": "agent"}
def data_files() -> dict[str, str]:
    """Every data file in the source tree (whatever its suffix: a new kind must be added to the package data),
    keyed by its path in the wheel."""
    found = {}
    for folder, inside in MAPPED.items():
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts:
                found[f"{inside}/{path.relative_to(REPO / folder).as_posix()}"] = str(path.relative_to(REPO))
    return found


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> set[str]:
    """Build the wheel from a copy of the sources, so the checkout gets no build/ folder."""
    source = tmp_path_factory.mktemp("source")
    for folder in MAPPED:
        shutil.copytree(REPO / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(REPO / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(source)],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    (wheel,) = out.glob("postmortem-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_the_wheel_holds_every_data_file(wheel_names):
    expected = data_files()
    assert {"agent/templates/pack.md.j2", "agent/rubrics/default.yaml", "agent/prompts/draft_request.j2",
            "agent/knowledge/seed-vectors.npz", "agent/contracts/schemas/draft.json"} <= set(expected)
    missing = sorted(source for inside, source in expected.items() if inside not in wheel_names)
    assert missing == []


def test_the_wheel_holds_no_test_harness(wheel_names):
    assert not [name for name in wheel_names if name.startswith(("tests/", "evals/", "examples/"))]
    assert "agent/llm/cassettes.py" not in wheel_names


def test_an_editable_install_reads_the_repository_folders():
    if not agent.__file__.startswith(str(REPO)):
        pytest.skip("not an editable install of this checkout")
    assert paths.PROMPTS_DIR.samefile(REPO / "prompts")
    assert paths.RUBRICS_DIR.samefile(REPO / "rubrics")
    assert paths.KNOWLEDGE_DIR.samefile(REPO / "knowledge")
    assert (paths.TEMPLATES_DIR / "pack.md.j2").is_file()


def test_eval_looks_for_cases_under_the_working_folder_not_beside_the_package(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    code, out, err = in_process(monkeypatch, capsys, "eval")
    assert (code, out) == (2, "")
    assert f"{tmp_path / 'evals' / 'cases'}: no such cases folder" in err
