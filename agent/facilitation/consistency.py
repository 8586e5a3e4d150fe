"""One consistent record: statements in a finished document that disagree with each other.

A plain function over the rendered Markdown, so it judges any document the same way: a metric or note saying a
moment is unknown while the timeline holds that moment, an open question asking what the record answers, and a
header duration that differs from the metrics' time to recover.
"""

import re
from dataclasses import dataclass

# metric label in the Metrics table -> timeline kinds (as rendered) that state that moment
_MOMENTS = {
    "resolved": ("resolution",), "recovered": ("recovery",), "mitigated": ("mitigation",),
    "acknowledged": ("acknowledgement",), "detected": ("detection alert", "detection report"),
    "impact start": ("impact start",),
}
_RELAPSES = frozenset({"detection alert", "mitigation failed"})
# open questions that ask for a moment -> the metric that answers them
_ASKS = [
    (re.compile(r"\bwhen\b[^?]*\b(?:mitigation|fix)\b[^?]*\b(?:take effect|work|applied)", re.I), "mitigated"),
    (re.compile(r"\bwhen\b[^?]*\b(?:impact|outage|problem)\b[^?]*\b(?:begin|began|start)", re.I), "impact start"),
    (re.compile(r"\bwhen\b[^?]*\b(?:declared\s+resolved|resolved|closed)\b", re.I), "resolved"),
    (re.compile(r"\bwhen\b[^?]*\b(?:recover|restored|back\s+to\s+normal|impact\s+end)", re.I), "recovered"),
]
_UNKNOWN_NOTE = re.compile(r"\b(?P<what>resolved|recovered|mitigated|acknowledged|detected|impact start)\b[^.\n\d(]{0,30}?"
                           r"\b(?:is\s+unknown|unknown|not\s+(?:yet\s+)?(?:stated|known|declared))", re.I)
# "detected at 01:11" in the prose: the same moment the metrics give, or a contradiction.
_SAID_AT = re.compile(r"\b(?P<what>resolved|recovered|mitigated|acknowledged|detected)\s+(?:at|by|since)\s+"
                      r"(?P<clock>\d{1,2}:\d{2})\b", re.I)


@dataclass(frozen=True)
class Contradiction:
    kind: str
    detail: str

    def describe(self) -> str:
        return f"{self.kind}: {self.detail}"


def contradictions(markdown: str) -> list[Contradiction]:
    found: list[Contradiction] = []
    timeline = _section(markdown, "Timeline")
    ordered = [row[2].strip().lower() for row in _rows(timeline) if len(row) > 2]
    kinds = set(ordered)
    # A recovery the timeline shows before a relapse (a new alert, a failed attempt) is not when impact ended: the
    # metrics then rightly leave the recovery unknown (SPEC: the first recovery not followed by a relapse).
    relapsed = max((i for i, kind in enumerate(ordered) if kind in _RELAPSES), default=-1)
    if "recovery" not in ordered[relapsed + 1:]:
        kinds.discard("recovery")
    metrics = _metric_times(_section(markdown, "Metrics"))
    for name, value in metrics.items():
        stated = [k for k in _MOMENTS.get(name, ()) if k in kinds]
        if value is None and stated:
            found.append(Contradiction("metric unknown but in the timeline",
                                       f"the metrics give no {name} time while the timeline has a {stated[0]} row"))
    for match in _UNKNOWN_NOTE.finditer(_without(markdown, ("Timeline", "Metrics"))):
        name = match.group("what").lower()
        if metrics.get(name) is not None:
            found.append(Contradiction("note contradicts metrics",
                                       f"“{match.group(0).strip()}” but the metrics state {name} {metrics[name]}"))
    for match in _SAID_AT.finditer(_without(markdown, ("Timeline", "Metrics"))):
        name, clock = match.group("what").lower(), match.group("clock").zfill(5)
        if metrics.get(name) is not None and metrics[name] != clock:
            found.append(Contradiction("prose time differs from metrics",
                                       f"“{match.group(0)}” but the metrics state {name} {metrics[name]}"))
    for question in _items(_section(markdown, "Open questions")):
        for pattern, name in _ASKS:
            if pattern.search(question) and metrics.get(name) is not None:
                found.append(Contradiction("open question answered by the record",
                                           f"“{question}” although the metrics state {name} {metrics[name]}"))
    return found


def _section(markdown: str, title: str) -> str:
    match = re.search(rf"^##+ {re.escape(title)}[^\n]*\n(?P<body>.*?)(?=^## |\Z)", markdown, re.M | re.S)
    return match.group("body") if match else ""


def _without(markdown: str, titles: tuple[str, ...]) -> str:
    for title in titles:
        markdown = markdown.replace(_section(markdown, title), "")
    return markdown


def _rows(section: str) -> list[list[str]]:
    rows = []
    for line in section.splitlines():
        if line.startswith("|") and not re.match(r"^\|[\s:|-]+\|$", line):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows[1:] if rows else []


def _items(section: str) -> list[str]:
    return [re.sub(r"^\s*(?:[-*]|\d+[.)])\s+", "", line).strip() for line in section.splitlines()
            if re.match(r"^\s*(?:[-*]|\d+[.)])\s+", line)]


_METRIC_WORDS = (("declared resolved", "resolved"), ("impact ended", "recovered"), ("mitigation", "mitigated"),
                 ("acknowledgement", "acknowledged"), ("detection", "detected"), ("impact start", "impact start"))
_CLOCK = re.compile(r"(?<![+\-−\d])\b\d{1,2}:\d{2}\b")  # not the offset in a zone label "(UTC+02:00)"


def _metric_times(section: str) -> dict[str, str | None]:
    """'resolved' -> '20:35' (None when the row gives no time), from the Metrics table's 'From → to' column."""
    times: dict[str, str | None] = {}
    for row in _rows(section):
        clocks = _CLOCK.findall(row[-1]) if row else []
        if row and "(TTD)" in row[0] and "unknown" in row[1].lower() and len(clocks) == 2 and clocks[0] == clocks[1]:
            times["impact start"] = None  # a stand-in: the first detection shown as the start, not a stated time
            times["detected"] = clocks[1]
            continue
        span = row[-1] if row else ""
        for part in span.split("→"):
            for words, name in _METRIC_WORDS:
                if words in part.lower():
                    clock = _CLOCK.search(part)
                    if clock is not None or name not in times:
                        times[name] = clock.group(0) if clock else times.get(name)
                    break
    return times
