"""Plain-text views of knowledge-base results."""

from datetime import date
from pathlib import Path

from agent.kb.embedder import HashingEmbedder
from agent.kb.models import Occurrence, OpenAction, RecurringPattern
from agent.kb.present import add_report_text, hits_text, recurring_text, stats_text
from agent.kb.service import KnowledgeBase

KB_FIXTURES = Path(__file__).parent / "fixtures" / "kb"


def test_hits_add_report_and_stats_read_as_text(tmp_path):
    kb = KnowledgeBase.open(tmp_path / "home", embedder=HashingEmbedder(), seed=False)
    report_text = add_report_text(kb.add([KB_FIXTURES]))
    assert "5 added" in report_text
    assert "redacted before storing: 1 aws-access-key, 1 email" in report_text

    text = hits_text(kb.search("quarterly failover drill payments", k=2))
    first = text.split("\n\n")[0].splitlines()
    assert first[0].startswith("1. Checkout errors after a database failover  (score ")
    assert "2024-03-12 · SEV1 · database" in first[0]
    assert first[1].strip() == "https://example.test/postmortems/payments-db-failover"
    assert first[2].strip().startswith("[Action Items]")
    assert "   - Run a quarterly failover drill that includes the payments API" in first
    assert hits_text([]) == "No matching post-mortems."

    stats = stats_text(kb.stats())
    assert "post-mortems: 5" in stats and "dates: 2022-05-01 to 2024-08-15" in stats
    assert "severities: SEV2 2" in stats


def test_recurring_patterns_read_as_text():
    pattern = RecurringPattern(
        kind="failure_class",
        label="config-change",
        occurrences=[
            Occurrence(source="a", title="Proxy push", date=date(2024, 6, 2), text="config-change"),
            Occurrence(source="b", title="DNS change", date=None, text="config-change"),
        ],
        open_actions=[OpenAction(source="b", title="DNS change", action="Canary region first", owner="Network team")],
    )
    text = recurring_text([pattern], 365)
    assert text.splitlines() == [
        "failure class: config-change  (2 post-mortems)",
        "   2024-06-02  Proxy push",
        "   undated  DNS change",
        "   open actions:",
        "   - Canary region first (owner Network team)",
    ]
    assert recurring_text([], 90) == "Nothing repeats across post-mortems dated within the last 90 days."
