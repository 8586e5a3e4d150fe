"""Retrieval quality of the knowledge base on real post-mortems from ../shared/corpus (figures for the README).

1. Near-duplicate families (DFDS): index the DFDS post-mortems plus other teams' post-mortems as
   distractors; query with each family member's own Summary section; count the queries for which a
   sibling is among the top k other post-mortems (the query's own document is left out).
2. danluu categories: each categorised summary becomes a one-section document (company names left out,
   so matching cannot lean on them); each summary queries the rest; precision@k = share of the top k that
   carry the query's category, next to the share chance would give.

Usage: .venv/bin/python evals/bench/kb_retrieval.py [--corpus DIR] [--distractors small|all] [--k 5] [--json]
tests/test_kb_retrieval.py imports this file to assert the thresholds.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from agent.kb.models import Hit  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
FAMILIES: dict[str, list[str]] = {
    "all services returning 503": ["PM2021-005", "PM2021-006", "PM2021-007"],
    "flux version bump": ["PM2021-002", "PM2021-003"],
    "logs not shipped": ["PM2021-001", "PM2022-002", "PM2023-002"],
    "kafka metrics missing": ["PM2022-004", "PM2022-007"],
    "kiam disruption": ["PM2020-002", "PM2020-009"],
    "adsync": ["PM2020-003", "PM2020-006"],
    "kubernetes nodes down": ["PM2022-003", "PM2024-001"],
}
SMALL_DISTRACTORS = ["raw/homebrew-security-incidents", "raw/learningequality-postmortems", "raw/portswigger-cloud-postmortems"]
MORE_DISTRACTORS = [
    "raw/2i2c-incident-reports", "raw/pypi-incident-reports", "raw/posthog-*.md", "raw/rust-*.md",
    "raw/k8s-prow-postmortem-*.md", "raw/gitlab-2017-01-31-database-outage-postmortem.md",
]
DANLUU_LABELS = ["Config Errors", "Hardware/Power Failures", "Conflicts", "Time", "Database"]


def distractor_paths(corpus: Path, which: str) -> list[Path]:
    patterns = SMALL_DISTRACTORS + (MORE_DISTRACTORS if which == "all" else [])
    return sorted(p for pattern in patterns for p in corpus.glob(pattern))


def dfds_file(dfds: Path, pm_id: str) -> Path:
    (path,) = sorted(dfds.glob(f"{pm_id}__*.md"))
    return path


def summary_of(path: Path) -> str:
    from agent.document import read_markdown
    from agent.kb.chunking import section_text

    document = read_markdown(path.read_text(encoding="utf-8"))
    section = document.section("summary")
    if section is None:
        raise ValueError(f"{path}: no Summary section")
    return section_text(section)


def others(hits: list[Hit], source: str, k: int) -> list[Hit]:
    return [h for h in hits if h.source != source][:k]


def family_recall(kb, dfds: Path, k: int = 5) -> dict:
    """Per query: family, document, rank of the first sibling among the other documents (None if not in top k)."""
    rows = []
    for family, members in FAMILIES.items():
        paths = [dfds_file(dfds, m) for m in members]
        for path in paths:
            siblings = {str(p.resolve()) for p in paths if p != path}
            started = time.perf_counter()
            hits = others(kb.search(summary_of(path), k=k + 1), str(path.resolve()), k)
            elapsed = time.perf_counter() - started
            rank = next((i for i, h in enumerate(hits, start=1) if h.source in siblings), None)
            rows.append({"family": family, "document": path.name, "sibling_rank": rank, "ms": round(elapsed * 1000, 1)})
    found = sum(1 for r in rows if r["sibling_rank"] is not None)
    return {"queries": len(rows), "sibling_in_top_k": found, "rate": found / len(rows), "k": k, "rows": rows}


def danluu_entries(corpus: Path) -> list[tuple[str, str]]:
    data = json.loads((corpus / "datasets" / "danluu_postmortems_by_category.json").read_text(encoding="utf-8"))
    return [
        (label, entry["summary"].strip())
        for label in DANLUU_LABELS
        for entry in data["categories"].get(label, [])
        if entry["summary"].strip()
    ]


def category_precision(open_kb, corpus: Path, k: int = 5) -> dict:
    """precision@k over the categorised danluu summaries, leave-one-out, with the chance level for comparison."""
    entries = danluu_entries(corpus)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "danluu"
        folder.mkdir()
        for index, (label, summary) in enumerate(entries):
            body = f"---\ntitle: entry {index}\nfailure_class: {json.dumps(label)}\n---\n\n## Summary\n\n{summary}\n"
            (folder / f"entry-{index:03d}.md").write_text(body, encoding="utf-8")
        kb = open_kb(Path(scratch) / "home")
        kb.add([folder])
        per_label: dict[str, list[float]] = {label: [] for label in DANLUU_LABELS}
        for index, (label, summary) in enumerate(entries):
            source = str((folder / f"entry-{index:03d}.md").resolve())
            hits = others(kb.search(summary, k=k + 1), source, k)
            per_label[label].append(sum(1 for h in hits if h.metadata.get("failure_class") == label) / k)
        kb.close()
    sizes = Counter(label for label, _ in entries)
    total = len(entries)
    chance = sum(n / total * (n - 1) / (total - 1) for n in sizes.values())
    scores = [s for values in per_label.values() for s in values]
    return {
        "documents": total,
        "k": k,
        "precision": sum(scores) / len(scores),
        "chance": chance,
        "per_category": {label: round(sum(v) / len(v), 3) for label, v in per_label.items() if v},
        "sizes": dict(sizes),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--distractors", choices=["small", "all"], default="all")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from agent.kb.embedder import default_embedder
    from agent.kb.service import KnowledgeBase

    def open_kb(home: Path):
        return KnowledgeBase.open(home, embedder=default_embedder(), seed=False)

    with tempfile.TemporaryDirectory() as scratch:
        kb = open_kb(Path(scratch))
        started = time.perf_counter()
        report = kb.add([args.corpus / "raw" / "dfds-postmortems", *distractor_paths(args.corpus, args.distractors)])
        indexing = time.perf_counter() - started
        families = family_recall(kb, args.corpus / "raw" / "dfds-postmortems", k=args.k)
        stats = kb.stats()
        kb.close()
    categories = category_precision(open_kb, args.corpus, k=args.k)
    result = {
        "index": {"documents": stats.sources, "chunks": stats.chunks, "seconds": round(indexing, 1),
                  "skipped": [f.path for f in report.files if f.status == "skipped"]},
        "families": families,
        "categories": categories,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"indexed {stats.sources} post-mortems / {stats.chunks} chunks in {indexing:.1f}s")
    for row in families["rows"]:
        print(f"  {row['family']:<28} {row['document']:<70} sibling rank {row['sibling_rank']}")
    print(f"near-duplicate families: sibling in top {args.k} for {families['sibling_in_top_k']}/{families['queries']}"
          f" queries ({families['rate']:.0%})")
    print(f"danluu categories: precision@{args.k} {categories['precision']:.3f} (chance {categories['chance']:.3f},"
          f" {categories['documents']} summaries) per category {categories['per_category']}")


if __name__ == "__main__":
    main()
