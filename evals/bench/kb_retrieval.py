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
SMALL_DISTRACTORS = [
    "raw/homebrew-security-incidents", "raw/learningequality-postmortems", "raw/portswigger-cloud-postmortems",
]
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


def ranked_sources(kb, query: str, k: int, mode: str) -> list[str]:
    """Distinct sources best first: the hybrid search, or one of its two sides alone (for comparison)."""
    if mode == "hybrid":
        return [h.source for h in kb.search(query, k=k)]
    rows = kb.dense.query(kb.embedder.embed([query])[0], 100) if mode == "dense" else kb.lexical.search(query, 100)
    return list(dict.fromkeys(row[1] for row in rows))[:k]


def family_recall(kb, dfds: Path, k: int = 5, mode: str = "hybrid") -> dict:
    """Per query: family, document, rank of the first sibling among the other documents (None if not in top k)."""
    rows = []
    for family, members in FAMILIES.items():
        paths = [dfds_file(dfds, m) for m in members]
        for path in paths:
            siblings = {str(p.resolve()) for p in paths if p != path}
            own = str(path.resolve())
            ranked = [s for s in ranked_sources(kb, summary_of(path), k + 1, mode) if s != own][:k]
            rank = next((i for i, s in enumerate(ranked, start=1) if s in siblings), None)
            rows.append({"family": family, "document": path.name, "sibling_rank": rank})
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


def category_precision(open_kb, corpus: Path, k: int = 5, modes: tuple[str, ...] = ("hybrid",)) -> dict:
    """precision@k over the categorised danluu summaries, leave-one-out, with the chance level for comparison."""
    entries = danluu_entries(corpus)
    precision: dict[str, float] = {}
    per_label: dict[str, list[float]] = {label: [] for label in DANLUU_LABELS}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "danluu"
        folder.mkdir()
        label_of: dict[str, str] = {}
        for index, (label, summary) in enumerate(entries):
            path = folder / f"entry-{index:03d}.md"
            path.write_text(f"---\ntitle: entry {index}\n---\n\n## Summary\n\n{summary}\n", encoding="utf-8")
            label_of[str(path.resolve())] = label
        kb = open_kb(Path(scratch) / "home")
        kb.add([folder])
        for mode in modes:
            scores = []
            for index, (label, summary) in enumerate(entries):
                own = str((folder / f"entry-{index:03d}.md").resolve())
                ranked = [s for s in ranked_sources(kb, summary, k + 1, mode) if s != own][:k]
                score = sum(1 for s in ranked if label_of[s] == label) / k
                scores.append(score)
                if mode == modes[0]:
                    per_label[label].append(score)
            precision[mode] = sum(scores) / len(scores)
        kb.close()
    sizes = Counter(label for label, _ in entries)
    total = len(entries)
    chance = sum(n / total * (n - 1) / (total - 1) for n in sizes.values())
    return {
        "documents": total,
        "k": k,
        "precision": precision[modes[0]],
        "by_mode": precision,
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
        dfds = args.corpus / "raw" / "dfds-postmortems"
        families = family_recall(kb, dfds, k=args.k)
        sides = {mode: family_recall(kb, dfds, k=args.k, mode=mode)["rate"] for mode in ("dense", "lexical")}
        stats = kb.stats()
        kb.close()
    categories = category_precision(open_kb, args.corpus, k=args.k, modes=("hybrid", "dense", "lexical"))
    result = {
        "index": {"documents": stats.sources, "chunks": stats.chunks, "seconds": round(indexing, 1),
                  "skipped": [f.path for f in report.files if f.status == "skipped"]},
        "families": families,
        "families_one_side_only": sides,
        "categories": categories,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"indexed {stats.sources} post-mortems / {stats.chunks} chunks in {indexing:.1f}s")
    for row in families["rows"]:
        print(f"  {row['family']:<28} {row['document']:<70} sibling rank {row['sibling_rank']}")
    print(f"near-duplicate families: sibling in top {args.k} for {families['sibling_in_top_k']}/{families['queries']}"
          f" queries ({families['rate']:.0%}); dense alone {sides['dense']:.0%}, BM25 alone {sides['lexical']:.0%}")
    modes = categories["by_mode"]
    print(f"danluu categories: precision@{args.k} {categories['precision']:.3f} (dense alone {modes['dense']:.3f},"
          f" BM25 alone {modes['lexical']:.3f}, chance {categories['chance']:.3f}, {categories['documents']} summaries)"
          f" per category {categories['per_category']}")


if __name__ == "__main__":
    main()
