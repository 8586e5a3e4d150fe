"""The development set (../shared/devset): transcripts and real logs the engine was not written for, drafted
offline and compared with the baselines stored here, so CI catches a change that reads unseen incidents worse."""

import json
from pathlib import Path

import pytest

from tests.cli_runner import REPO, postmortem

DEVSET = REPO.parent / "shared" / "devset"
BASELINES = REPO / "evals" / "devset"

pytestmark = [pytest.mark.corpus, pytest.mark.skipif(not DEVSET.is_dir(), reason="../shared/devset is absent")]


@pytest.mark.parametrize("folder", ["cases", "real"])
def test_the_development_set_does_not_fall_below_its_baseline(folder):
    result = postmortem("eval", "--cases", str(DEVSET / folder), "--baseline", str(BASELINES / f"{folder}.json"),
                        "--offline", "--json", text=True)
    report = json.loads(result.stdout)
    assert result.returncode == 0, result.stderr[-2000:]
    assert report["passed"] is True
    assert not report["leaks"]
