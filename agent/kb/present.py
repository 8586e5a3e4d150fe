"""Plain-text views of knowledge-base results for `postmortem kb ...` (the `--json` views are model dumps)."""

from agent.kb.models import AddReport, Hit, RecurringPattern, Stats

SHOWN_ACTIONS = 3
STATUSES = ("added", "updated", "unchanged", "reindexed", "restored", "skipped", "unreadable")


def hits_text(hits: list[Hit]) -> str:
    if not hits:
        return "No matching post-mortems."
    blocks = []
    for number, hit in enumerate(hits, start=1):
        meta = hit.metadata
        facts = " · ".join(
            str(v) for v in (meta.get("date"), meta.get("severity"), meta.get("failure_class")) if v
        )
        lines = [f"{number}. {hit.title}  (score {hit.score:.2f}{f', {facts}' if facts else ''})"]
        lines.append(f"   {meta.get('source_url') or hit.source}")
        lines.append(f"   [{hit.section}] {hit.snippet}")
        lines += [f"   - {action}" for action in hit.actions[:SHOWN_ACTIONS]]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def add_report_text(report: AddReport) -> str:
    lines = []
    for f in report.files:
        detail = (f" ({f.chunks} chunks)" if f.chunks else "") + (f": {f.reason}" if f.reason else "")
        lines.append(f"{f.status:<9} {f.path}{detail}")
    counts = ", ".join(f"{report.count(s)} {s}" for s in STATUSES if report.count(s))
    lines.append(f"{counts or 'nothing to index'}; {report.chunks} chunks written")
    redactions = report.redaction_totals()
    if redactions:
        lines.append("redacted before storing: " + ", ".join(f"{n} {kind}" for kind, n in sorted(redactions.items())))
    lines += report.notes
    return "\n".join(lines)


def stats_text(stats: Stats) -> str:
    lines = [
        f"post-mortems: {stats.sources}  chunks: {stats.chunks}  seed corpus: {'yes' if stats.seeded else 'no'}",
        f"store: {stats.store}  embedder: {stats.embedder}",
    ]
    if stats.oldest:
        lines.append(f"dates: {stats.oldest} to {stats.newest}")
    for label, counts in (("failure classes", stats.failure_classes), ("severities", stats.severities)):
        if counts:
            lines.append(f"{label}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])))
    lines += [f"note: {note}" for note in stats.notes]
    return "\n".join(lines)


def recurring_text(patterns: list[RecurringPattern], window_days: int) -> str:
    if not patterns:
        return f"Nothing repeats across post-mortems dated within the last {window_days} days."
    blocks = []
    for pattern in patterns:
        kind = "failure class" if pattern.kind == "failure_class" else "contributing factor"
        lines = [f"{kind}: {pattern.label}  ({pattern.count} post-mortems)"]
        lines += [f"   {o.date or 'undated'}  {o.title}" for o in pattern.occurrences]
        if pattern.open_actions:
            lines.append("   open actions:")
            lines += [
                f"   - {a.action}" + (f" (owner {a.owner})" if a.owner else "") + (f" due {a.due}" if a.due else "")
                for a in pattern.open_actions
            ]
        else:
            lines.append("   open actions: none recorded: the repeat has no follow-up yet")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
