"""Evidence signals: the timeline, the stated incident metrics and the quantified impact."""

import re

from agent.document.query import items_of
from agent.grading.figures import SLO_WORDS
from agent.grading.signals import Measure, SignalContext, signal
from agent.grading.text import any_of, any_word, has_link, is_placeholder, mentions_zone, plain

# Searched in lower-cased text (any_of / any_word keep each pattern fast on a long document).
PHASES = {
    "detection": any_word(r"alert\w*", "paged?", r"detect\w*", r"notic\w*", r"notif\w*", r"report\w*", "first signal",
                          "fired", "spotted", r"discover\w*"),
    "response": any_word(r"investigat\w*", r"acknowledg\w*", "ack'?d", r"declar\w*", r"escalat\w*", r"join\w*",
                         "incident (?:begins|opened)", r"triag\w*"),
    "mitigation": any_word(r"mitigat\w*", r"roll\w* ?back", r"revert\w*", "failover", r"fail\w* over", r"disabl\w*",
                           "workaround", r"restart\w*", r"drain\w*", r"scal\w* up", "hotfix"),
    "resolution": any_word(r"resolv\w*", r"recover\w*", r"restor\w*", r"ends?\b", "ended", "closed?", "back to normal",
                           "fix(?:ed|ing)?", "healthy", "nominal"),
}
# Where a fact came from: a cited line or link, a log, a graph, an alert, a report, a ticket or pull request.
_EVIDENCE = any_of(r"\blines? \d+", r"\bsource:", r"\blogs?\b", r"\bdashboard", r"\bgraphs?\b", r"\bscreenshot",
                   r"\bgrafana\b", r"\bdatadog\b", r"\balerts?\b", r"\balerting\b", r"\breport(?:s|ed)?\b",
                   r"\bpull request", r"\bpr\b", r"#\d{2,}", r"\btickets?\b", r"`[^`]+`", r"\"[^\"]{6,}\"",
                   r"“[^”]{6,}”")
_CERTAINTY = any_word("fact", "hypothesis", "hypothesi[sz]ed", "confirmed", "unconfirmed", "suspected")
_DECISION = any_of(r"\bdecision\b", r"\bdecided?\b", r"\bdecides\b", r"\[decision\]")
METRIC_KINDS = {
    "detect": any_word("ttd", "time to (?:detect|detection)", "detection (?:delay|latency|time|lag)"),
    "acknowledge": any_word("tta", "time to (?:acknowledge|ack)", "ack(?:nowledge?ment)? time"),
    "mitigate": any_word("ttm", "time to (?:mitigate|mitigation)", "mitigation time"),
    "recover": any_word("ttr", "mttr", "time to (?:recover|recovery|restore|resolve|resolution)", "recovery time"),
    "duration": any_word("total (?:customer[- ])?impact duration",
                         "duration(?: of (?:the )?(?:problem|outage|impact|incident))?", "lasted", "outage of"),
}
# In lower-cased text; a value starts where a run of digits starts (the look-behind), which is where any match
# inside the run could have started too, so lines full of numbers are read once.
_DURATION_VALUE = re.compile(r"\d(?<!\d\d)\d*(?:\.\d+)?\s?(?:s|sec|secs|seconds?|m|min|mins|minutes?|h|hrs?|hours?|d|days?)\b")
_OPERATIONAL = re.compile(r"person[- ]hours|engineer[- ]hours|support tickets?|tickets? (were|opened)|pages? (sent|fired)|"
                          r"\bon-?call (load|fatigue)|team impact|internal (impact|teams?)|all hands on deck|interrupt", re.I)
_SEGMENTS = re.compile(r"\b(tier|segment|region|geograph\w*|countr(y|ies)|enterprise|free (users|plan|tier)|paid|"
                       r"plans?|cohort|locations?)\b", re.I)
_BUSINESS = re.compile(r"\b(revenue|churn|sign-?ups?|conversion|carts?|bookings|credits?|refunds?|sla credits?|"
                       r"reputation|press|social media|escalations?)\b", re.I)


def _entries(context: SignalContext):
    return context.view.timeline[0]


@signal("timeline.entries", "entries in the timeline")
def _count(context: SignalContext) -> Measure:
    entries = _entries(context)
    return Measure(value=float(len(entries)), lines=[e.line for e in entries][:5], note=context.view.timeline[1] or "")


@signal("timeline.timestamped_rows", "timeline entries that start with a clock time")
def _stamped(context: SignalContext) -> Measure:
    stamped = [e for e in _entries(context) if e.timestamped]
    return Measure(value=float(len(stamped)), lines=[e.line for e in stamped][:5], note=context.view.timeline[1] or "")


@signal("timeline.timestamped_share", "share of timeline entries with a clock time (0-1)")
def _share(context: SignalContext) -> Measure:
    entries = _entries(context)
    if not entries:
        return Measure(value=0.0)
    return Measure(value=sum(e.timestamped for e in entries) / len(entries))


@signal("timeline.zone", "the timeline states its time zone")
def _zone(context: SignalContext) -> Measure:
    entries = _entries(context)
    texts = [(e.line, e.text) for e in entries[:5]]
    texts += [(i.line, i.text) for i in items_of(context.doc, "timeline")[:3]]
    texts += [(s.line, s.title) for s in context.doc.sections if s.canonical == "timeline"]
    if entries:  # "(all times UTC)" usually sits just above the first entry
        first = entries[0].line
        texts += [(n, context.doc.lines[n - 1]) for n in range(max(1, first - 3), first)]
    hits = [line for line, text in texts if mentions_zone(text)]
    return Measure(value=bool(hits), lines=hits[:3])


@signal("timeline.key_events", "phases the timeline covers: detection, response, mitigation, resolution (0-4)")
def _phases(context: SignalContext) -> Measure:
    found: dict[str, int] = {}
    for entry in _entries(context):
        if len(found) == len(PHASES):
            break  # every phase has its first line
        lowered = entry.text.lower()
        for phase, pattern in PHASES.items():
            if phase not in found and pattern.search(lowered):
                found[phase] = entry.line
    return Measure(value=float(len(found)), lines=sorted(found.values()), note=", ".join(found))


@signal("timeline.evidence_rows", "timeline entries that cite evidence (a link, log, dashboard, quoted message or source line)")
def _evidence(context: SignalContext) -> Measure:
    cited = [e.line for e in _entries(context) if has_link(e.source) or _EVIDENCE.search((e.source or e.text).lower())]
    return Measure(value=float(len(cited)), lines=cited[:5])


@signal("timeline.labelled_share", "share of timeline entries labelled fact or hypothesis (0-1)")
def _labelled(context: SignalContext) -> Measure:
    entries = _entries(context)
    labelled = [e.line for e in entries if _CERTAINTY.search(e.text.lower())]
    return Measure(value=len(labelled) / len(entries) if entries else 0.0, lines=labelled[:5])


@signal("timeline.decisions", "decision points marked in the timeline")
def _decisions(context: SignalContext) -> Measure:
    marked = [e.line for e in _entries(context) if _DECISION.search(e.text.lower())]
    return Measure(value=float(len(marked)), lines=marked[:5])


@signal("metrics.durations", "incident metrics stated with a value (time to detect, mitigate, recover, total duration)")
def _metrics(context: SignalContext) -> Measure:
    found: dict[str, int] = {}
    for number, text in enumerate(context.doc.lines, start=1):
        if len(found) == len(METRIC_KINDS):
            break  # every kind has its first line
        lowered = text.lower()
        if not _DURATION_VALUE.search(lowered) or is_placeholder(text):
            continue
        for kind, pattern in METRIC_KINDS.items():
            if kind not in found and pattern.search(lowered):
                found[kind] = number
    return Measure(value=float(len(found)), lines=sorted(found.values()), note=", ".join(found))


@signal("impact.figures", "numbers with units in the Impact section or Summary")
def _figures(context: SignalContext) -> Measure:
    figures = context.view.figures
    return Measure(value=float(len(figures)), lines=[f.line for f in figures][:5],
                   note="; ".join(f.text for f in figures[:4]))


@signal("impact.dimensions", "impact dimensions quantified: scale, duration, money, percent, SLO/SLA (0-5)")
def _dimensions(context: SignalContext) -> Measure:
    figures = context.view.figures
    found: dict[str, int] = {f.dimension: f.line for f in reversed(figures)}
    slo = [i.line for i in context.view.impact_items if SLO_WORDS.search(plain(i.text))]
    if slo:
        found["slo"] = slo[0]
    return Measure(value=float(len(found)), lines=sorted(found.values()), note=", ".join(sorted(found)))


@signal("impact.relative", "impact given relative to the whole (a percentage)")
def _relative(context: SignalContext) -> Measure:
    lines = [f.line for f in context.view.figures if f.dimension == "percent"]
    return Measure(value=bool(lines), lines=lines[:3])


# A security disclosure measures its impact as exposure: what the leaked credential or malware could reach,
# and whether logs show it was used ("no evidence of misuse", "audit logs show no access").
_NO_TRACE = r"\s+(?:any\s+)?(?:evidence|signs?|indications?|trace)\s+(?:of|that)\b"
_NOT_USED = r"\s+(?:not|never)\s+(?:been\s+)?(?:used|accessed|exploited|compromised|affected)\b"
_EXPOSURE = any_of(  # searched in lower-cased lines
    *(rf"\b{word}{_NO_TRACE}" for word in ("no", "not", "never", "without")), r"\baudit(?:ed)?\s+(?:the\s+)?logs?\b",
    *(rf"\b{word}{_NOT_USED}" for word in ("was", "were", "had")),
    r"\bno\s+(?:malicious|unauthori[sz]ed|suspicious)\s+\w+")


@signal("impact.exposure", "a security incident's impact told as exposure: whether the leak was used, per the logs")
def _exposure(context: SignalContext) -> Measure:
    lines = [n for n, text in enumerate(context.doc.lines, start=1) if _EXPOSURE.search(text.lower())]
    return Measure(value=bool(lines), lines=lines[:3])


def _impact_lines(context: SignalContext, pattern: re.Pattern) -> list[int]:
    return [i.line for i in context.view.impact_items if pattern.search(plain(i.text))]


@signal("impact.operational", "cost to the organisation: person-hours, tickets, pages, team impact")
def _operational(context: SignalContext) -> Measure:
    lines = _impact_lines(context, _OPERATIONAL)
    return Measure(value=bool(lines), lines=lines[:3])


@signal("impact.segments", "impact broken down by segment, tier, plan or region")
def _segments(context: SignalContext) -> Measure:
    lines = _impact_lines(context, _SEGMENTS)
    return Measure(value=bool(lines), lines=lines[:3])


@signal("impact.business", "business framing: revenue, churn, sign-ups, credits, reputation")
def _business(context: SignalContext) -> Measure:
    lines = _impact_lines(context, _BUSINESS)
    return Measure(value=bool(lines), lines=lines[:3])
