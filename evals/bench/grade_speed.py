"""Benchmark: grade a generated 1,000-line post-mortem in-process (target <= 200 ms per grade), and hostile
markup floods (100,000 "[" and 50,000 "[x](" on one line; quadratic regex backtracking once took 69 s and minutes).

Run: .venv/bin/python evals/bench/grade_speed.py [--lines N] [--runs R]
Prints one `name: value` line per figure, for the README. The first grade of a process also loads and
validates the rubric and gate files; it is reported separately as `cold_ms`. The machine may be shared: the
`_cpu_` figures (this process's CPU time) move less with other work than the wall-clock ones, so compare
before/after changes on those, run in the same minute.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

SERVICES = ["checkout-api", "search", "payments", "auth", "cart", "ledger"]
EVENTS = [
    "error rate on {service} alert fired at {pct}% ([dashboard](https://grafana.example/d/{n}))",
    "the on-call engineer acknowledged the page for {service}",
    "incident declared; the incident commander opened the bridge",
    "deploy of {service} v{n}.2 rolled back after the canary failed",
    "latency on {service} back under the SLO of 300 ms",
    "status page updated with customer-facing notice",
    "database replica lag reached {n} s on the {service} cluster",
]
PROSE = [
    "The retry policy in {service} doubled the load on the database when the cache was cold, which the load "
    "test had not covered because it ran against a warm cache.",
    "The deploy pipeline allowed a configuration change to reach every region at once; there was no staged "
    "rollout for configuration, only for code.",
    "Alerting on {service} fired on error rate but not on saturation, so the first signal arrived after "
    "customers were already affected.",
    "At the time, promoting the change looked safe: the staging checks were green and the change was small.",
]


def make_document(lines: int, seed: int = 11) -> str:
    rng = random.Random(seed)
    fill = {"service": "checkout-api", "pct": 12, "n": 4}
    out = [
        "# Checkout outage on 2026-03-10", "", "| Field | Value |", "|---|---|", "| Date | 2026-03-10 |",
        "| Severity | SEV2 |", "| Draft date | 2026-03-11 |", "| Facilitator | R. Osei |", "| Scribe | L. Marsh |",
        "| Decision owner | K. Ito |", "| Audience | engineering and support leads |", "",
        "## Summary", "", "For 42 minutes 1,240 checkout requests failed (3% of traffic) after a cache change.", "",
        "## Impact", "", "- 1,240 failed checkout requests over 42 minutes", "- about 310 customers affected", "",
    ]
    budget = lines - 80
    out += ["## Timeline", "", "All times UTC.", "", "| Time | Event | Evidence | Fact / hypothesis |", "|---|---|---|---|"]
    for i in range(budget // 2):
        fill.update(service=rng.choice(SERVICES), pct=rng.randint(2, 40), n=rng.randint(2, 90))
        minute = i % 60
        out.append(f"| 14:{minute:02d} | {rng.choice(EVENTS).format(**fill)} | line {i + 1} | fact |")
    out += ["", "## Contributing factors", ""]
    for _ in range(budget // 4):
        fill.update(service=rng.choice(SERVICES))
        out.append("- " + rng.choice(PROSE).format(**fill))
    out += ["", "## Root cause analysis", "", "Method: 5 Whys", "", "1. Why did checkout fail? The cache was cold.",
            "2. Why was it cold? The deploy flushed it.", "3. Why did a flush hurt? Retries doubled the load.", ""]
    out += ["## Action items", "", "| Action | Owner | Due | Success signal | Follow-up | Type |", "|---|---|---|---|---|---|"]
    for i in range(budget // 4):
        fill.update(service=rng.choice(SERVICES))
        out.append(f"| Add a staged rollout for {fill['service']} configuration step {i} | platform lead | 2026-04-{1 + i % 28:02d} "
                   f"| config change reaches one region first in the drill | 2026-05-01 | prevent |")
    out += ["", "## What went well", "", "- The rollback runbook worked first time.", "", "## Risks", "", "- Another cold start.",
            "", "## Open questions", "", "- How long does a full cache warm take?", "", "## Next steps", "",
            "- Review on 2026-03-17."]
    while len(out) < lines:
        out.append("")
    return "\n".join(out[:lines]) + "\n"


FLOODS = {"brackets_100k": "[" * 100_000, "open_links_50k": "[x](" * 50_000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from agent.grading import grade_text

    text = make_document(args.lines)
    started = time.perf_counter()
    grade_text(text)
    cold = (time.perf_counter() - started) * 1000
    for rubric in ("default", "sre-weighted"):
        timings, cpu = [], []
        for _ in range(args.runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            grade_text(text, rubric=rubric)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        name = rubric.replace("-", "_")
        print(f"grade_{name}_median_ms: {statistics.median(timings):.0f}")
        print(f"grade_{name}_max_ms: {max(timings):.0f}")
        print(f"grade_{name}_cpu_median_ms: {statistics.median(cpu):.0f}")
    for name, flood in FLOODS.items():
        started = time.perf_counter()
        grade_text(flood)
        print(f"grade_{name}_ms: {(time.perf_counter() - started) * 1000:.0f}")
    print(f"cold_ms: {cold:.0f}")
    print(f"lines: {len(text.splitlines())}")


if __name__ == "__main__":
    main()
