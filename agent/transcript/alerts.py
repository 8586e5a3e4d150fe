"""Alert and pager notifications: recognised inside any format (kind "alert"), or pasted as a feed of their own.

Recognised (after optional emoji, a timestamp is handled by the format):
- Datadog: `[Triggered] ...`, `[Recovered] ...`, `[P1] [Triggered on {host:web-1}] ...`, `[Warn]`, `[No Data]`
- PagerDuty: `Triggered #4812: ...`, `Acknowledged by Priya Raman`, `Resolved by ...`, `Incident #4812 escalated`
- Prometheus Alertmanager: `[FIRING:1] HighErrorRate ...`, `[RESOLVED] ...`, `FIRING: ProbeDown ...`
- Grafana: `[Alerting] ...`, `[OK] ...`
The alerts feed format takes every unindented line as one notification; indented lines are its details.
"""

import re

from agent.transcript.assemble import Section, Start
from agent.transcript.days import DayHint
from agent.transcript.plain import scan_generic

_SYSTEMS = (
    ("Alertmanager", re.compile(r"^\[(?:FIRING|RESOLVED)(?::\d+)?\]|^(?:FIRING|RESOLVED)(?::\d+)?\s*:")),
    ("Datadog", re.compile(
        r"^(?:\[P[1-5]\]\s*)?\[(?:Triggered|Recovered|Re-Triggered|Warn|Warning|No Data|Renotify)(?:\s+on\s+[^\]]*)?\]",
        re.IGNORECASE)),
    ("PagerDuty", re.compile(
        r"^(?:\[?PagerDuty\]?:?\s*)?(?:(?:Triggered|Acknowledged|Resolved|Escalated|Reassigned)\s*#\d+"
        r"|Incident\s+#\d+\s+(?:triggered|acknowledged|resolved|escalated)\b)", re.IGNORECASE)),
    ("Grafana", re.compile(r"^\[(?:Alerting|OK|Pending)\]\s+\S")),
)
# "Resolved by Dana" is a pager event from a bot or a feed, but ordinary speech from a person.
_PAGER_STATE = re.compile(r"^(?:\[?PagerDuty\]?:?\s*)?(?:Triggered|Acknowledged|Resolved|Escalated|Reassigned)(?:\s+by\b|\s*:)")
_SOURCE_NAMES = ("pagerduty", "datadog", "alertmanager", "prometheus", "grafana", "opsgenie")
_LEADING_NOISE = re.compile(r"^(?:(?::[a-z0-9_+\-]+:|[^\w\s\[<])\s*)+")
_SPACE = re.compile(r"\s+")
# Cheap first look so that ordinary chat lines cost one failed match.
_MAYBE_ALERT = re.compile(
    r"^[^\w\[]*(?::[a-z0-9_+\-]+:[^\w\[]*)*(?:\[|triggered|acknowledged|resolved|escalated|reassigned|incident|firing|pagerduty)",
    re.IGNORECASE,
)


def may_be_alert(text: str) -> bool:
    """A cheap first look: False means `alert_system` would surely return None."""
    return _MAYBE_ALERT.match(text) is not None


def alert_system(text: str, *, from_person: bool) -> str | None:
    """The alerting system whose notification this text is, or None for ordinary chat."""
    if not may_be_alert(text):
        return None
    head = _SPACE.sub(" ", _LEADING_NOISE.sub("", text[:200].lstrip()))
    for name, pattern in _SYSTEMS:
        if pattern.match(head):
            return name
    if not from_person and _PAGER_STATE.match(head):
        return "PagerDuty"
    return None


def is_alert_source(author: str) -> bool:
    """An author name that is itself an alerting tool ("PagerDuty", "Datadog", "prometheus-alerts")."""
    lower = author.lower()
    return any(name in lower for name in _SOURCE_NAMES)


def scan(line: str) -> Start | DayHint | Section | None:
    found = scan_generic(line)
    if found is not None or line[:1] in " \t":
        return found
    return Start(text=line.strip())


def score(line: str) -> int:
    """Alert lines score; chat lines count against, so a chat log with a few alerts stays a chat log."""
    found = scan_generic(line)
    text = found.text if isinstance(found, Start) else line
    if text and alert_system(text, from_person=False):
        return 3
    return -1 if isinstance(found, Start) and found.author else 0
