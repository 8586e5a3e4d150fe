"""Where the package's data files and the user's state live.

The data ships inside the package and is found with importlib.resources: agent.prompts, agent.rubrics and
agent.knowledge are the repository's prompts/, rubrics/ and knowledge/ folders (setup.py maps them), and the
document template sits in agent/templates. pip unpacks wheels, so each resolves to a real folder on disk.
"""

import os
from importlib import resources
from pathlib import Path

from agent.errors import UsageError


def _package_folder(package: str, *parts: str) -> Path:
    folder = resources.files(package).joinpath(*parts)
    if not isinstance(folder, Path):
        raise RuntimeError(f"{package} is not installed as a folder on disk (zipped installs are not supported)")
    return folder


PROMPTS_DIR = _package_folder("agent.prompts")
RUBRICS_DIR = _package_folder("agent.rubrics")
KNOWLEDGE_DIR = _package_folder("agent.knowledge")
TEMPLATES_DIR = _package_folder("agent", "templates")
# The source checkout, for tests and benchmarks only: nothing in the package reads it (a wheel has no checkout).
PROJECT_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES_DIR = PROJECT_ROOT / "examples"


def postmortem_home() -> Path:
    """All state lives here: $POSTMORTEM_HOME, else the platform's user data folder (~/.local/share/postmortem)."""
    explicit = os.environ.get("POSTMORTEM_HOME")
    if explicit:
        home = Path(explicit).expanduser()
    else:
        from platformdirs import user_data_path

        home = user_data_path("postmortem", appauthor=False)
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot create the state folder {home} ({error.strerror}); set POSTMORTEM_HOME to a "
                         "writable folder") from None
    return home
