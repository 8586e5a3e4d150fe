"""Evidence signals: the timeline, the stated incident metrics and the quantified impact."""

import re

from agent.document.query import items_of
from agent.grading.figures import SLO_WORDS
from agent.grading.signals import Measure, SignalContext, signal
from agent.grading.text import has_link, is_placeholder, mentions_zone, plain

PHASES = {name: re.compile(pattern, re.I) for name, pattern in {
    "detection": r"\b(alert\w*|paged?|detect\w*|notic\w*|notif\w*|report\w*|first signal|fired|spotted|discover\w*)\b",
    "response": r"\b(investigat\w*|acknowledg\w*|ack'?d|declar\w*|escalat\w*|join\w*|incident (begins|opened)|triag\w*)\b",
    "mitigation": r"\b(mitigat\w*|roll\w* ?back|revert\w*|failover|fail\w* over|disabl\w*|workaround|restart\w*|drain\w*"
                  r"|scal\w* up|hotfix)\b",
    "resolution": r"\b(resolv\w*|recover\w*|restor\w*|ends?\b|ended|closed?|back to normal|fix(ed|ing)?|healthy|nominal)\b",
}.items()}
# Where a fact came from: a cited line or link, a log, a graph, an alert, a report, a ticket or pull request.
_EVIDENCE = re.compile(r"\blines? \d+|\bsource:|\blogs?\b|\bdashboard|\bgraphs?\b|\bscreenshot|\bgrafana\b|\bdatadog\b|"
                       r"\balerts?\b|\balerting\b|\breport(?:s|ed)?\b|\bpull request|\bPR\b|#\d{2,}|\btickets?\b|"
                       r"`[^`]+`|\"[^\"]{6,}\"|“[^”]{6,}”", re.I)
_CERTAINTY = re.compile(r"\b(fact|hypothesis|hypothesi[sz]ed|confirmed|unconfirmed|suspected)\b", re.I)
_DECISION = re.compile(r"\bdecision\b|\bdecided?\b|\bdecides\b|\[decision\]", re.I)
METRIC_KINDS = {name: re.compile(pattern, re.I) for name, pattern in {
    "detect": r"\b(ttd|time to (detect|detection)|detection (delay|latency|time|lag))\b",
    "acknowledge": r"\b(tta|time to (acknowledge|ack)|ack(nowledge?ment)? time)\b",
    "mitigate": r"\b(ttm|time to (mitigate|mitigation)|mitigation time)\b",
    "recover": r"\b(ttr|mttr|time to (recover|recovery|restore|resolve|resolution)|recovery time)\b",
    "duration": r"\b(total (customer[- ])?impact duration|duration( of (the )?(problem|outage|impact|incident))?|lasted|outage of)\b",
}.items()}
_DURATION_VALUE = re.compile(r"\d+(\.\d+)?\s?(s|sec|secs|seconds?|m|min|mins|minutes?|h|hrs?|hours?|d|days?)\b", re.I)
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
        for phase, pattern in PHASES.items():
            if phase not in found and pattern.search(entry.text):
                found[phase] = entry.line
    return Measure(value=float(len(found)), lines=sorted(found.values()), note=", ".join(found))


@signal("timeline.evidence_rows", "timeline entries that cite evidence (a link, log, dashboard, quoted message or source line)")
def _evidence(context: SignalContext) -> Measure:
    cited = [e.line for e in _entries(context) if has_link(e.source) or _EVIDENCE.search(e.source or e.text)]
    return Measure(value=float(len(cited)), lines=cited[:5])


@signal("timeline.labelled_share", "share of timeline entries labelled fact or hypothesis (0-1)")
def _labelled(context: SignalContext) -> Measure:
    entries = _entries(context)
    labelled = [e.line for e in entries if _CERTAINTY.search(e.text)]
    return Measure(value=len(labelled) / len(entries) if entries else 0.0, lines=labelled[:5])


@signal("timeline.decisions", "decision points marked in the timeline")
def _decisions(context: SignalContext) -> Measure:
    marked = [e.line for e in _entries(context) if _DECISION.search(e.text)]
    return Measure(value=float(len(marked)), lines=marked[:5])


@signal("metrics.durations", "incident metrics stated with a value (time to detect, mitigate, recover, total duration)")
def _metrics(context: SignalContext) -> Measure:
    found: dict[str, int] = {}
    for number, text in enumerate(context.doc.lines, start=1):
        if is_placeholder(text) or not _DURATION_VALUE.search(text):
            continue
        for kind, pattern in METRIC_KINDS.items():
            if kind not in found and pattern.search(text):
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
_EXPOSURE = re.compile(
    r"\b(?:no|not|never|without)\s+(?:any\s+)?(?:evidence|signs?|indications?|trace)\s+(?:of|that)\b|"
    r"\baudit(?:ed)?\s+(?:the\s+)?logs?\b|"
    r"\b(?:was|were|had)\s+(?:not|never)\s+(?:been\s+)?(?:used|accessed|exploited|compromised|affected)\b|"
    r"\bno\s+(?:malicious|unauthori[sz]ed|suspicious)\s+\w+")  # matched on lower-cased lines (faster than re.I)


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
