"""Benchmark: does any planted secret or piece of personal data survive, and how often is clean chat redacted?

Plants synthetic values (evals/bench/plants.py: 52 types, correct prefixes, lengths and check digits, from a
seeded generator) in transcripts of every format `postmortem draft` reads, and in every part of a Slack export
(text, rich-text blocks, attachments, file names and previews, thread replies; as a folder and as a zip). Then
looks for each value in:
  - the redacted transcript (what a model is sent; the library call behind every command),
  - `draft` stdout, `draft --json`, and every file the drafts left under $POSTMORTEM_HOME (saved copies),
  - `facilitate --offline` fed the transcript as a /paste on stdin: its stdout and its session files,
  - the knowledge-base files after `kb add` of Markdown post-mortems that quote the messages.
A value found in any of them is a miss for its type. A value the format's reader did not read is reported.

False positives: every line of the project's own clean transcripts (evals/cases, evals/training/messages,
examples/) is redacted; a masked span counts as a false positive unless it is listed in
evals/bench/redaction_reviewed.yaml, the hand-reviewed list of real secrets and personal data those
transcripts contain on purpose, or an e-mail address (SPEC redacts every one).

Run in a temporary $POSTMORTEM_HOME (made here): .venv/bin/python evals/bench/redaction.py [--per-type N]
[--seed S] [--formats a,b] [--no-cli] [--list-clean-hits]. Prints `name: value` lines for the README.
"""

import argparse
import contextlib
import html
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from random import Random

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml  # noqa: E402
from chat_formats import FORMATS, write, zipped  # noqa: E402
from plants import PLANTS, Plant  # noqa: E402

from agent.privacy.patterns import PLACEHOLDER_PREFIX  # noqa: E402
from agent.privacy.redact import redact_text, redact_transcript  # noqa: E402
from agent.transcript import load_transcript  # noqa: E402

TODAY = date(2026, 11, 21)
DAY = date(2026, 3, 10)
RESPONDERS = ["Ana Silva", "Bruno Costa", "Chen Wei", "Dara Okafor"]
# Ordinary incident chat around the planted messages, so each transcript reads as an incident.
FILLER = [
    "checkout error rate is at 18% and climbing",
    "looking at the dashboards now",
    "I think the deploy at 13:58 is involved",
    "rolling back checkout-api to v4.1.9",
    "error rate back under 1%, watching it",
    "posted an update on the status page",
    "declaring resolved, thanks everyone",
]
CLEAN_SOURCES = ("evals/cases", "evals/training/messages", "examples")
REVIEWED = Path(__file__).with_name("redaction_reviewed.yaml")
# SPEC (Privacy and safety) redacts every e-mail address, so a masked address is never a false positive.
_ADDRESS = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~>])")


def planted(seed: int, per_type: int) -> list[Plant]:
    rng = Random(seed)
    return [make(rng) for make in PLANTS.values() for _ in range(per_type)]


def chat(plants: list[Plant], rng: Random) -> list[tuple[str, datetime, str]]:
    """Filler and planted messages, a minute or two apart, from 14:00."""
    texts = [FILLER[0], FILLER[1]]
    for plant in plants:
        texts.extend(plant.messages)
        texts.append(rng.choice(FILLER[1:5]))
    texts.extend(FILLER[5:])
    moment = datetime(DAY.year, DAY.month, DAY.day, 14, 0)
    messages = []
    for index, text in enumerate(texts):
        messages.append((RESPONDERS[index % len(RESPONDERS)], moment, text))
        moment += timedelta(minutes=rng.randint(1, 2))
    return messages


def normal(text: str) -> str:
    return " ".join(html.unescape(_MARKDOWN_ESCAPE.sub(r"\1", text)).split())


def found(value: str, haystack: str) -> bool:
    """The value, or (for long ones) its middle 16 characters: a shortened secret is still a leak."""
    value = normal(value)
    middle = value[len(value) // 2 - 8: len(value) // 2 + 8] if len(value) >= 24 else value
    return value in haystack or middle in haystack


def read_sink(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    if path.suffix == ".json":
        with contextlib.suppress(json.JSONDecodeError):
            text = json.dumps(json.loads(text), ensure_ascii=False)
    return normal(text)


def files_under(folder: Path) -> str:
    return "\n".join(read_sink(p) if p.suffix in (".md", ".json", ".txt") else
                     normal(p.read_bytes().decode("utf-8", errors="replace"))
                     for p in sorted(folder.rglob("*")) if p.is_file())


def postmortem(args: list[str], home: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "POSTMORTEM_HOME": str(home), "POSTMORTEM_TODAY": TODAY.isoformat(), "POSTMORTEM_KB_SEED": "0"}
    for name in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "POSTMORTEM_MODEL"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "agent", *args], input=stdin, capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=600)


def as_json(stdout: str) -> str:
    try:
        return normal(json.dumps(json.loads(stdout), ensure_ascii=False))
    except json.JSONDecodeError:
        return normal(stdout)


def check_format(name: str, plants: list[Plant], work: Path, rng: Random, cli: bool) -> dict:
    """Per plant: read by the format's reader?, and the sinks it leaked to."""
    fmt = "slack-export" if name == "slack-export-zip" else name
    messages = chat(plants, rng)
    source = write(FORMATS[fmt](messages), work / f"{name}.src")
    if name == "slack-export-zip":
        source = zipped(source, work / "export.zip")
    transcript = load_transcript(str(source), fmt=fmt, today=TODAY, anchor_date=DAY)
    raw = normal("\n".join(m.text for m in transcript.messages))
    redacted, _ = redact_transcript(transcript)
    sinks = {"redacted transcript": normal("\n".join(m.text for m in redacted.messages))}
    failed: list[str] = []
    if cli:
        home = work / f"home-{name}"
        options = [str(source), "--offline", "--no-kb", "--format", fmt, "--date", DAY.isoformat()]
        drafted = postmortem(["draft", *options], home)
        drafted_json = postmortem(["draft", *options, "--json"], home)
        sinks["draft stdout"] = normal(drafted.stdout)
        sinks["draft --json"] = as_json(drafted_json.stdout)
        sinks["saved copies"] = files_under(home)
        paste = source.read_text(encoding="utf-8") if source.is_file() and fmt != "slack-export" else \
            "\n".join(f"{author}: {text}" for author, _, text in messages)
        session_home = work / f"facilitate-{name}"
        facilitated = postmortem(["facilitate", "--offline"], session_home, stdin=f"/paste\n{paste}\n/end\n/done\n")
        sinks["facilitate"] = normal(facilitated.stdout) + "\n" + files_under(session_home)
        # A command that failed wrote nothing to look in: its sink would pass without having been tested.
        failed = [f"{command} exit {run.returncode}: {(run.stderr.strip().splitlines() or [''])[-1][:160]}"
                  for command, run in (("draft", drafted), ("draft --json", drafted_json), ("facilitate", facilitated))
                  if run.returncode != 0]
    results = []
    for plant in plants:
        leaks = sorted({sink for sink, text in sinks.items() for value in plant.values if found(value, text)})
        results.append({"plant": plant, "read": all(found(v, raw) for v in plant.values), "leaks": leaks})
    return {"format": name, "plants": results, "failed": failed}


def check_knowledge_base(plants: list[Plant], work: Path) -> tuple[list[list[str]], str]:
    """`kb add` of Markdown post-mortems quoting the planted messages; which plants reached the store's files."""
    docs = work / "postmortems"
    docs.mkdir()
    for index in range(0, len(plants), 12):
        batch = plants[index:index + 12]
        notes = "\n".join(f"- {line}" for plant in batch for message in plant.messages for line in message.split("\n"))
        (docs / f"review-{index // 12:02d}.md").write_text(
            f"# Checkout outage {index // 12}\n\n## Summary\nCheckout failed for 40 minutes.\n\n## Timeline notes\n{notes}\n",
            encoding="utf-8")
    home = work / "home-kb"
    added = postmortem(["kb", "add", str(docs)], home)
    if added.returncode != 0:
        return [], f"kb add exited {added.returncode}: {added.stderr.strip().splitlines()[-1:]}"
    store = files_under(home)
    return [["knowledge base"] if any(found(v, store) for v in plant.values) else [] for plant in plants], "ok"


def clean_lines() -> list[str]:
    lines = []
    for folder in CLEAN_SOURCES:
        for path in sorted((REPO / folder).rglob("*")):
            if not path.is_file() or path.name in ("labels.jsonl", "meta.json", "expected.yaml"):
                continue
            if path.suffix == ".json":
                lines += [line for m in load_transcript(str(path), today=TODAY).messages for line in m.text.split("\n")]
            elif path.suffix in (".txt", ".log", ".md", ".vtt", ".srt", ".csv"):
                lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line for line in lines if line.strip()]


def masked_spans(original: str, redacted: str) -> list[str]:
    """What each placeholder in `redacted` stands for in `original`."""
    parts = re.split(r"\[REDACTED:[a-z0-9-]+\]", redacted)
    pattern = "(.+?)".join(map(re.escape, parts))
    match = re.fullmatch(pattern, original, re.DOTALL)
    return list(match.groups()) if match else [original]


def false_positives(list_hits: bool) -> tuple[int, list[tuple[str, str]]]:
    reviewed = set(yaml.safe_load(REVIEWED.read_text(encoding="utf-8"))["genuine"])
    lines = clean_lines()
    wrong = []
    for line in lines:
        redacted, counts = redact_text(line)
        if not counts.total:
            continue
        spans = masked_spans(line, redacted)
        if list_hits:
            for span in spans:
                print(f"hit: {span!r}  <- {line[:120]}")
        unexpected = [span for span in spans
                      if span not in reviewed and PLACEHOLDER_PREFIX not in span and not _ADDRESS.fullmatch(span)]
        if unexpected:
            wrong.append((line, ", ".join(unexpected)))
    return len(lines), wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-type", type=int, default=7)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--formats", default="", help="comma-separated subset of formats")
    parser.add_argument("--no-cli", action="store_true", help="library checks only (seconds, not minutes)")
    parser.add_argument("--list-clean-hits", action="store_true", help="print every masked span in the clean lines")
    args = parser.parse_args()

    formats = [*FORMATS, "slack-export-zip"]
    if args.formats:
        formats = [f for f in formats if f in args.formats.split(",")]
    plants = planted(args.seed, args.per_type)
    rng = Random(args.seed)
    rng.shuffle(plants)
    by_format = {name: plants[index::len(formats)] for index, name in enumerate(formats)}
    outcomes: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="redaction-bench-") as tmp:
        work = Path(tmp)
        for name in formats:
            (work / name).mkdir()
            outcome = check_format(name, by_format[name], work / name, rng, cli=not args.no_cli)
            outcomes.append(outcome)
            missed = sum(bool(p["leaks"]) for p in outcome["plants"])
            print(f"# {name}: {len(outcome['plants'])} planted, {missed} leaked", file=sys.stderr)
        kb_status = "skipped (--no-cli)"
        if not args.no_cli:
            kb_leaks, kb_status = check_knowledge_base(plants, work)
            by_plant = {id(result["plant"]): result for outcome in outcomes for result in outcome["plants"]}
            for plant, leaks in zip(plants, kb_leaks, strict=False):
                by_plant[id(plant)]["leaks"] += leaks

    per_type: dict[str, Counter] = defaultdict(Counter)
    per_sink: Counter = Counter()
    unread: Counter = Counter()
    for outcome in outcomes:
        for plant in outcome["plants"]:
            counts = per_type[plant["plant"].kind]
            counts["planted"] += 1
            counts["leaked"] += bool(plant["leaks"])
            per_sink.update(plant["leaks"])
            if not plant["read"]:
                unread[outcome["format"]] += 1
    planted_total = sum(c["planted"] for c in per_type.values())
    leaked_total = sum(c["leaked"] for c in per_type.values())
    print(f"types: {len(per_type)}")
    print(f"formats: {len(formats)} ({', '.join(formats)})")
    print(f"planted: {planted_total}")
    sinks = "redacted transcript" if args.no_cli else \
        "redacted transcript, draft stdout, draft --json, saved copies, facilitate (stdout and session files)"
    print(f"sinks: {sinks}; knowledge base after kb add: {kb_status}")
    print(f"recall_overall: {1 - leaked_total / planted_total:.3f}")
    worst = min(1 - c["leaked"] / c["planted"] for c in per_type.values())
    print(f"recall_min_type: {worst:.3f}")
    for kind, counts in sorted(per_type.items()):
        print(f"recall[{kind}]: {1 - counts['leaked'] / counts['planted']:.3f} ({counts['planted']} planted)")
    for sink, number in per_sink.most_common():
        print(f"leaks_in[{sink}]: {number}")
    for name, number in unread.most_common():
        print(f"not_read[{name}]: {number}")
    for outcome in outcomes:
        for failure in outcome["failed"]:
            print(f"command_failed[{outcome['format']}]: {failure}")
    total_lines, wrong = false_positives(args.list_clean_hits)
    print(f"clean_lines: {total_lines}")
    print(f"false_positive_lines: {len(wrong)} ({len(wrong) / total_lines:.2%})")
    for line, spans in wrong:
        print(f"false_positive: {spans!r} in {line[:140]!r}")


if __name__ == "__main__":
    main()
