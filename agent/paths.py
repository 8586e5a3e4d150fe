"""Where the project's data files and the user's state live."""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PROMPTS_DIR = PROJECT_ROOT / "prompts"
RUBRICS_DIR = PROJECT_ROOT / "rubrics"
KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"
EXAMPLES_DIR = PROJECT_ROOT / "examples"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def postmortem_home() -> Path:
    """All state lives here: $POSTMORTEM_HOME, else the XDG data dir (~/.local/share/postmortem)."""
    explicit = os.environ.get("POSTMORTEM_HOME")
    if explicit:
        home = Path(explicit).expanduser()
    else:
        xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        home = Path(xdg) / "postmortem"
    home.mkdir(parents=True, exist_ok=True)
    return home
