"""Benchmark: draft a 20,000-message transcript offline (target <= 2 s, <= 300 MB peak) and time --help (<= 0.3 s).

The target run skips the knowledge base (--no-kb); a second figure adds the similar-incident search (warm store).
`--repeated` drafts one message repeated 20k, 40k, 80k and 200k times instead (--no-kb): the time per 10,000
messages stays flat when every step is linear (repeats once cost quadratic time: 80k took 139 s).

The package's bytecode is compiled (`compileall`, into the usual __pycache__) before anything is timed: an
installed package has its .pyc files, while a checkout run with PYTHONDONTWRITEBYTECODE=1 (as in CI sandboxes)
would compile every module's source again in each timed run. Only `agent` is compiled; the dependencies are
timed as installed.

Run: .venv/bin/python evals/bench/draft_speed.py [--messages N] [--repeated]
Prints one `name: value` line per figure, for the README.
"""

import argparse
import compileall
import importlib.util
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LINES = [
    "<{nick}> looking at the {service} dashboards now",
    "<{nick}> error rate on {service} is {pct}% and climbing",
    "<{nick}> I think the {service} deploy is involved, probably the cache change",
    "<{nick}> restarting {service} pods in zone b",
    "<{nick}> that did not fix it, still seeing 5xx",
    "<{nick}> paging the database on-call",
    "<{nick}> customers report timeouts on checkout, {count} tickets so far",
    "<{nick}> rolled back {service}, watching the graphs",
    "<{nick}> latency is back to normal for {service}",
    "<{nick}> posted an update on the status page",
]


def make_transcript(messages: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    nicks = ["ana", "bruno", "chen", "dmitri", "eve", "farah", "gus"]
    services = ["checkout-api", "search", "payments", "auth", "cart"]
    out = ["--- Day changed Tue Mar 10 2026", "[14:00:00] <ana> deploying checkout-api v4.2.0 to prod"]
    seconds = 14 * 3600
    for i in range(messages - 2):
        seconds += rng.choice((0, 1, 1, 2))
        hh, rest = divmod(seconds % 86400, 3600)
        if seconds % 86400 < 3 and i:
            out.append("--- Day changed Wed Mar 11 2026")
        template = rng.choice(LINES)
        text = template.format(nick=rng.choice(nicks), service=rng.choice(services), pct=rng.randint(2, 40), count=rng.randint(1, 90))
        out.append(f"[{hh:02d}:{rest // 60:02d}:{rest % 60:02d}] {text}")
    return "\n".join(out) + "\n"


REPEATED_MESSAGE = "<ana> error rate on checkout-api is high, restarting the pods in zone b"
REPEATED_COUNTS = (20_000, 40_000, 80_000, 200_000)


def make_repeated(messages: int) -> str:
    return "--- Day changed Tue Mar 10 2026\n" + f"[14:00:00] {REPEATED_MESSAGE}\n" * messages


def run_measured(command: list[str]) -> tuple[float, float]:
    """(seconds, peak resident MB) of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    if status:
        raise SystemExit(f"{' '.join(command)} failed ({status})")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def repeated(exe: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env_home = ["env", f"POSTMORTEM_HOME={tmp}/home", "POSTMORTEM_TODAY=2026-11-21"]
        for count in REPEATED_COUNTS:
            transcript = Path(tmp) / f"repeated-{count}.irc.log"
            transcript.write_text(make_repeated(count), encoding="utf-8")
            seconds, peak_mb = run_measured([*env_home, exe, "draft", str(transcript), "--offline", "--no-kb"])
            print(f"repeated_{count}_seconds: {seconds:.1f}")
            print(f"repeated_{count}_seconds_per_10k: {seconds / count * 10_000:.2f}")
            print(f"repeated_{count}_peak_rss_mb: {peak_mb:.0f}")


def compile_package() -> None:
    """The .pyc files of `agent` in its __pycache__ folders, as pip writes them when it installs the package."""
    spec = importlib.util.find_spec("agent")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("the agent package is not importable from this interpreter")
    for folder in spec.submodule_search_locations:
        if not compileall.compile_dir(folder, quiet=1):
            raise SystemExit(f"compiling {folder} failed")
    print("bytecode: agent compiled before timing (as installed)")


def run(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--repeated", action="store_true", help="one message repeated 20k-200k times instead")
    args = parser.parse_args()
    exe = str(Path(sys.executable).with_name("postmortem"))
    compile_package()
    if args.repeated:
        repeated(exe)
        return
    with tempfile.TemporaryDirectory() as tmp:
        transcript = Path(tmp) / "big.irc.log"
        transcript.write_text(make_transcript(args.messages), encoding="utf-8")
        env_home = ["env", f"POSTMORTEM_HOME={tmp}/home", "POSTMORTEM_TODAY=2026-11-21"]
        draft = [*env_home, exe, "draft", str(transcript), "--offline", "--json"]
        draft_times = [run([*draft, "--no-kb"]) for _ in range(3)]
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        run(draft)  # indexes the seed corpus once, so the next runs measure a warm knowledge base
        with_kb_times = [run(draft) for _ in range(3)]
        help_times = [run([exe, "--help"]) for _ in range(7)]
    print(f"messages: {args.messages}")
    print(f"draft_seconds_median: {statistics.median(draft_times):.2f}")
    print(f"draft_peak_rss_mb: {peak_mb:.0f}")
    print(f"draft_with_kb_seconds_median: {statistics.median(with_kb_times):.2f}")
    print(f"help_seconds_median: {statistics.median(help_times):.3f}")


if __name__ == "__main__":
    main()
