"""Who is a person and who is a system, how chat names resolve to people, and names -> roles in text."""

import re
from collections.abc import Iterable
from functools import lru_cache

from agent.models import Message, RoleAssignment

_SYSTEM_KINDS = frozenset({"bot", "alert", "system"})
_BOT_MARK = re.compile(r"\s*(?:\bAPP|\bBOT|\[bot\]|\(bot\))\s*$")
# Systems that post into incident channels without being marked as bots by every export format.
KNOWN_SYSTEMS = frozenset(
    {
        "datadog", "pagerduty", "opsgenie", "victorops", "prometheus", "alertmanager", "grafana", "sentry",
        "new relic", "newrelic", "cloudwatch", "nagios", "zabbix", "pingdom", "statuspage", "honeycomb",
        "incident.io", "firehydrant", "rootly", "github", "gitlab", "jenkins", "argocd", "argo cd", "spinnaker",
        "circleci", "buildkite", "slackbot", "deploybot", "uptimerobot", "checkly", "bugsnag", "splunk",
    }
)
PAGING_SYSTEMS = frozenset({"pagerduty", "opsgenie", "victorops", "splunk on-call", "incident.io", "firehydrant", "rootly"})
_HANDLE_SPLIT = re.compile(r"[._\-\s]+")
_MENTION_EDGE = "'’.,:;!?()[]<>\"`"


def is_system(message: Message) -> bool:
    """Bots, alerts and channel notices are systems, never people."""
    return message.kind in _SYSTEM_KINDS or _system_author(message.author or "")


@lru_cache(maxsize=4096)
def _system_author(author: str) -> bool:
    return bool(_BOT_MARK.search(author)) or author.strip().lower() in KNOWN_SYSTEMS


def system_name(author: str | None) -> str | None:
    """'Datadog APP' -> 'Datadog'."""
    if not author:
        return None
    return _BOT_MARK.sub("", author).strip() or author.strip()


def is_pager(author: str | None) -> bool:
    name = (system_name(author) or "").lower()
    return name in PAGING_SYSTEMS or "pager" in name


def people_in_order(messages: Iterable[Message]) -> list[str]:
    """Authors who are people, in order of their first message."""
    seen: dict[str, None] = {}
    for message in messages:
        if message.author and not is_system(message):
            seen.setdefault(message.author.strip(), None)
    return list(seen)


class NameIndex:
    """Resolves what people type ('Leo', '@priya', 'priya.raman') to the author name they refer to."""

    def __init__(self, people: list[str]) -> None:
        self._exact = {name.lower(): name for name in people}
        firsts: dict[str, list[str]] = {}
        for name in people:
            first = _HANDLE_SPLIT.split(name.strip())[0].lower()
            if first:
                firsts.setdefault(first, []).append(name)
        self._first = {first: names[0] for first, names in firsts.items() if len(names) == 1}

    def resolve(self, token: str) -> str | None:
        cleaned = token.strip().lstrip("@").strip(_MENTION_EDGE).lower()
        if not cleaned:
            return None
        if cleaned in self._exact:
            return self._exact[cleaned]
        handle = cleaned.replace(".", " ").replace("_", " ")
        if handle in self._exact:
            return self._exact[handle]
        return self._first.get(_HANDLE_SPLIT.split(cleaned)[0])


def role_phrase(role: str) -> str:
    """'incident commander' -> 'the incident commander'; numbered roles stand alone ('responder 2')."""
    return role if role[-1:].isdigit() else f"the {role}"


def role_map(roles: list[RoleAssignment]) -> dict[str, str]:
    """Author name -> how the narrative refers to them."""
    return {assignment.name: role_phrase(assignment.role) for assignment in roles}


class RoleNamer:
    """Replaces people's names (full, first, @handle) in narrative text by their roles."""

    def __init__(self, mapping: dict[str, str]) -> None:
        variants: dict[str, list[str]] = {}
        for name, phrase in mapping.items():
            parts = [p for p in _HANDLE_SPLIT.split(name.strip()) if p]
            for variant in {name.strip(), name.strip().replace(" ", "."), name.strip().replace(" ", "_"), *parts[:1]}:
                if len(variant) >= 2:
                    variants.setdefault(variant.lower(), []).append(phrase)
        # A first name shared by two people is ambiguous: leave it rather than pick one of them.
        self._lookup = {variant: phrases[0] for variant, phrases in variants.items() if len(set(phrases)) == 1}
        ordered = sorted(self._lookup, key=len, reverse=True)
        alternatives = "|".join(re.escape(v) for v in ordered)
        # Bare names must be written as names (capitalised or as the author wrote them); @mentions in any case.
        self._mention = re.compile(rf"@(?:{alternatives})(?![\w@])", re.IGNORECASE) if ordered else None
        bare = sorted({v for name in mapping for v in _bare_variants(name) if v.lower() in self._lookup}, key=len, reverse=True)
        self._bare = re.compile(rf"(?<![\w@.])(?:{'|'.join(re.escape(v) for v in bare)})(?![\w@])") if bare else None

    def replace(self, text: str) -> str:
        if self._mention is not None and "@" in text:
            text = self._mention.sub(lambda m: self._lookup[m.group(0)[1:].lower()], text)
        if self._bare is not None:
            text = self._bare.sub(lambda m: self._lookup[m.group(0).lower()], text)
        return text


def _bare_variants(name: str) -> set[str]:
    name = name.strip()
    parts = [p for p in _HANDLE_SPLIT.split(name) if p]
    found = {name, name.title()}
    if parts and len(parts[0]) >= 2:
        found |= {parts[0], parts[0].capitalize()}
    return found
