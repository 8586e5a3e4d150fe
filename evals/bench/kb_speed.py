"""Knowledge-base speed at 10,000 chunks: ingestion rate, warm query latency (p50/p95), peak memory.

The archive is synthetic (generated here from word lists, ten sections per post-mortem) so the figures
do not depend on ../shared. Embedding 10,000 chunks with all-MiniLM-L6-v2 in numpy takes a long time on
two cores, so by default the archive is indexed with the model-free HashingEmbedder (the store is what
is measured) and the model's own rate is measured on a sample; `--model` indexes everything with MiniLM.
Query latency always uses the real model for the query vector: it is what a user waits for.

Usage: .venv/bin/python evals/bench/kb_speed.py [--chunks 10000] [--queries 200] [--model] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

SERVICES = ["checkout", "payments", "search", "auth", "inventory", "notifications", "billing", "edge-proxy",
            "kafka", "postgres", "redis", "dns", "ingress", "scheduler", "object-storage", "cdn"]
CLASSES = ["config-change", "capacity", "dependency", "deploy", "certificate-expiry", "database", "network",
           "hardware", "time", "security"]
SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4"]
CAUSES = ["a configuration push reached every region at once", "the connection pool kept stale addresses",
          "a certificate expired without an alert", "disk usage grew past the retention limit",
          "a dependency timed out and retries multiplied the load", "a schema migration locked a hot table",
          "a clock skew broke token validation", "a node pool upgrade drained too many nodes",
          "a feature flag enabled an untested code path", "a cache eviction storm overloaded the database"]
SIGNALS = ["error rate", "p99 latency", "queue depth", "CPU saturation", "memory pressure", "5xx responses",
           "failed logins", "consumer lag", "disk usage", "connection count"]
ACTIONS = ["add an alert on", "stage rollouts of", "write a runbook for", "load test", "add a canary for",
           "automate the renewal of", "cap retries in", "document the failover of", "add dashboards for"]
SECTIONS = ["Summary", "Impact", "Timeline", "Detection", "Recovery", "Contributing Factors", "Root Cause",
            "Lessons Learned", "Action Items", "What went well"]


def sentence(rng: random.Random, service: str) -> str:
    return (f"The {service} service showed rising {rng.choice(SIGNALS)} because {rng.choice(CAUSES)}; "
            f"about {rng.randint(2, 900)} {rng.choice(['requests', 'customers', 'orders', 'jobs'])} per minute "
            f"were affected for {rng.randint(3, 240)} minutes while {rng.choice(SERVICES)} kept working.")


def synthetic_post_mortem(rng: random.Random, index: int) -> str:
    service, other = rng.sample(SERVICES, 2)
    when = f"20{rng.randint(19, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    parts = [f"---\ntitle: {service} incident {index}\ndate: {when}\nservices: [{service}, {other}]\n"
             f"failure_class: {rng.choice(CLASSES)}\nseverity: {rng.choice(SEVERITIES)}\n---\n",
             f"# {service} incident {index}\n"]
    for section in SECTIONS:
        if section == "Timeline":
            rows = "\n".join(f"| {when} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d} | {sentence(rng, service)} |"
                             for _ in range(4))
            body = f"| Time | Event |\n|---|---|\n{rows}"
        elif section == "Action Items":
            body = "\n".join(f"- {rng.choice(ACTIONS).capitalize()} {rng.choice(SERVICES)} {rng.choice(SIGNALS)}"
                             for _ in range(3))
        else:
            body = " ".join(sentence(rng, service) for _ in range(rng.randint(2, 4)))
        parts.append(f"## {section}\n\n{body}\n")
    return "\n".join(parts)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--sample", type=int, default=300, help="chunks embedded with MiniLM to measure its rate")
    parser.add_argument("--model", action="store_true", help="index the whole archive with MiniLM (slow)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from agent.kb.embedder import HashingEmbedder, default_embedder
    from agent.kb.ingest import read_source
    from agent.kb.models import SearchFilters
    from agent.kb.service import KnowledgeBase, embedded_text

    rng = random.Random(5)
    model = default_embedder()
    result: dict = {}
    with tempfile.TemporaryDirectory() as scratch:
        archive = Path(scratch) / "archive"
        archive.mkdir()
        documents = args.chunks // len(SECTIONS)
        for index in range(documents):
            (archive / f"pm-{index:05d}.md").write_text(synthetic_post_mortem(rng, index), encoding="utf-8")

        sample = [read_source(p) for p in sorted(archive.glob("*.md"))[: max(1, args.sample // len(SECTIONS))]]
        texts = [embedded_text(d, i) for d in sample for i in range(len(d.chunks))]
        model.embed(texts[:4])
        started = time.perf_counter()
        model.embed(texts)
        result["model_chunks_per_second"] = round(len(texts) / (time.perf_counter() - started), 1)

        kb = KnowledgeBase.open(Path(scratch) / "home", embedder=model if args.model else HashingEmbedder(), seed=False)
        started = time.perf_counter()
        report = kb.add([archive])
        seconds = time.perf_counter() - started
        stats = kb.stats()
        result["index"] = {
            "embedder": kb.embedder_name, "documents": stats.sources, "chunks": stats.chunks,
            "seconds": round(seconds, 1), "chunks_per_second": round(report.chunks / seconds, 1),
        }
        kb.embedder = model  # queries are embedded by the real model in every case
        questions = [f"{rng.choice(SIGNALS)} on {rng.choice(SERVICES)} after {rng.choice(CAUSES)}"
                     for _ in range(args.queries)]
        for question in questions[:5]:
            kb.search(question)
        for label, filters in (("no filter", None), ("service+severity filter",
                               SearchFilters(services=["checkout"], severities=["SEV2"]))):
            timings, cpu = [], []
            for question in questions:
                started, started_cpu = time.perf_counter(), time.process_time()
                kb.search(question, k=5, filters=filters)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
            result[f"query_ms ({label})"] = {
                "p50": round(statistics.median(timings), 1), "p95": round(percentile(timings, 0.95), 1),
                "max": round(max(timings), 1),
                # CPU time of both threads (the BM25 side runs beside the embedding): the work a query costs.
                "cpu_p50": round(statistics.median(cpu), 1), "cpu_p95": round(percentile(cpu, 0.95), 1),
            }
        started = time.perf_counter()
        for question in questions[:50]:
            model.embed([question])
        result["query_embedding_ms_mean"] = round((time.perf_counter() - started) * 1000 / 50, 1)
        kb.close()
    result["load_average_1min"] = round(os.getloadavg()[0], 2)
    result["cpus"] = os.cpu_count()
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result["estimated_minutes_to_embed_all_with_model"] = round(args.chunks / result["model_chunks_per_second"] / 60, 1)
    print(json.dumps(result, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
