"""Every externally written document in the shared corpus reads without error, with line numbers in range."""

import pytest

from agent.document import read_markdown

pytestmark = pytest.mark.corpus


def test_every_corpus_file_reads(shared_corpus):
    files = sorted(p for p in (shared_corpus / "raw").rglob("*") if p.suffix in (".md", ".txt"))
    assert len(files) > 100
    headed = recognised = 0
    for path in files:
        doc = read_markdown(path.read_text(encoding="utf-8", errors="replace"))
        count = len(doc.lines)
        for section in doc.sections:
            assert 1 <= section.line <= section.end_line <= max(count, 1), path
            assert all(1 <= b.line <= count for b in section.blocks), path
        if sum(s.level > 0 for s in doc.sections) >= 3:
            headed += 1
            recognised += sum(s.canonical is not None for s in doc.sections) >= 2
    assert recognised >= 0.8 * headed  # documents with real headings mostly use ones we know


def test_templates_in_the_corpus_map_their_sections(shared_corpus):
    raw = shared_corpus / "raw"
    dfds = read_markdown((raw / "dfds-postmortems" / "PMyyyy-nnn__Postmortem_template.md").read_text())
    assert {"summary", "timeline", "contributing_factors", "action_items", "learnings", "roles", "metrics"} <= {
        s.canonical for s in dfds.sections}
    rust = read_markdown((raw / "rust-crates-io-postmortem-2023-07-broken-downloads.md").read_text())
    assert [s.canonical for s in rust.sections if s.level == 2][:7] == [
        "summary", "background", "root_cause", "impact", "detection", "response", "recovery"]
    shakespeare = read_markdown((raw / "google-sre-book-example-postmortem-shakespeare.md").read_text())
    actions = shakespeare.section("action_items")
    assert actions.tables and len(actions.tables[0].rows) == 9  # the clipped table is folded back
