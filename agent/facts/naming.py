"""Who is a person and who is a system, how chat names resolve to people, and names -> roles in text."""

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from agent.models import Message, RoleAssignment
from agent.privacy.names import replace_names

_SYSTEM_KINDS = frozenset({"bot", "alert", "system"})
_BOT_MARK = re.compile(r"\s*(?:\bAPP|\bBOT|\[bot\]|\(bot\))\s*$")
# By convention a bot's handle ends in "bot" ("alertbot", "deploy-bot", "pager_bot", "DeployBot", "Deploy Bot");
# a capitalised name that merely ends in those letters ("Talbot") is a person.
_BOT_HANDLE = re.compile(r"^[a-z0-9][\w.-]*bot$|[a-z0-9]Bot$|[\s._-](?:bot|Bot|BOT)$")
# Systems that post into incident channels without being marked as bots by every export format.
KNOWN_SYSTEMS = frozenset(
    {
        "datadog", "pagerduty", "opsgenie", "victorops", "prometheus", "alertmanager", "grafana", "sentry",
        "new relic", "newrelic", "cloudwatch", "nagios", "zabbix", "pingdom", "statuspage", "honeycomb",
        "incident.io", "firehydrant", "rootly", "github", "gitlab", "jenkins", "argocd", "argo cd", "spinnaker",
        "circleci", "buildkite", "slackbot", "deploybot", "uptimerobot", "checkly", "bugsnag", "splunk",
        "azure monitor", "cloud monitoring", "google cloud monitoring", "stackdriver", "dynatrace", "appdynamics",
        "icinga", "checkmk", "cronitor", "healthchecks.io", "better uptime", "betterstack", "jira", "servicenow",
        "confluence", "teamcity", "travis ci", "bamboo",
    }
)
PAGING_SYSTEMS = frozenset({"pagerduty", "opsgenie", "victorops", "splunk on-call", "incident.io", "firehydrant", "rootly"})
# Systems that track work, build or deploy code, or remind: never pagers or monitors. What they post about
# assignments and triggers ("INC-42 assigned to Ana", "workflow triggered by push") is about tickets and builds.
WORK_SYSTEMS = frozenset(
    {
        "jira", "servicenow", "confluence", "zendesk", "linear", "github", "gitlab", "bitbucket", "jenkins", "argocd",
        "argo cd", "spinnaker", "circleci", "buildkite", "teamcity", "travis ci", "bamboo", "azure devops",
        "azuredevops", "deploybot", "slackbot",
    }
)
# Team words that name the engineer a team escalation brings in.
TEAM_ROLES = {
    "database": "database engineer", "db": "database engineer", "dba": "database engineer",
    "postgres": "database engineer", "mysql": "database engineer", "data": "data engineer",
    "network": "network engineer", "networking": "network engineer", "security": "security engineer",
    "platform": "platform engineer", "infra": "infrastructure engineer", "infrastructure": "infrastructure engineer",
    "payments": "payments engineer", "storage": "storage engineer", "frontend": "frontend engineer",
    "mobile": "mobile engineer", "sre": "site reliability engineer", "release": "release engineer",
}
_HANDLE_SPLIT = re.compile(r"[._\-\s]+")
_MENTION_EDGE = "'’.,:;!?()[]<>\"`"


def is_system(message: Message) -> bool:
    """Bots, alerts and channel notices are systems, never people."""
    return message.kind in _SYSTEM_KINDS or _system_author(message.author or "")


@lru_cache(maxsize=4096)
def _system_author(author: str) -> bool:
    author = author.strip()
    return bool(_BOT_MARK.search(author) or _BOT_HANDLE.search(author)) or is_system_name(author)


def is_system_name(name: str) -> bool:
    """A known system, alone or with a word beside it: "Jira", "Jenkins CI", "Grafana Alerts", "GitLab (prod)",
    "Automation for Jira"; not a person who shares a system's name ("Ollie Jenkins", "Maya Sentry")."""
    return _one_of(name, KNOWN_SYSTEMS) and not _person_named_like_a_system(name)


# A given name then a surname, each capitalised: "Ollie Jenkins" is a person whose surname is a CI server's name.
_GIVEN_THEN_SURNAME = re.compile(r"^[^\W\d_][^\W\d_'\u2019-]*(?:[-'\u2019][^\W\d_]+)? [^\W\d_][\w'\u2019-]*$")


def _person_named_like_a_system(name: str) -> bool:
    """Two capitalised words, no system's name starting at the first: how people's names show, never how a tool
    names itself ("New Relic", "Travis CI" start with one)."""
    name = name.strip()
    words = name.split()
    if not _GIVEN_THEN_SURNAME.match(name) or not all(word[0].isupper() for word in words):
        return False
    return not any(" ".join(words[:size]).lower() in KNOWN_SYSTEMS for size in (1, 2))


def is_work_system(author: str | None) -> bool:
    """A tracker, build, deploy or reminder bot ("Jira Cloud APP", "GitHub Actions", "Jenkins CI"): no pager or
    monitor, whatever its post says about assigning or triggering."""
    return _one_of(system_name(author) or "", WORK_SYSTEMS)


def _one_of(name: str, systems: frozenset[str]) -> bool:
    """`name` is one of `systems`, whole or as a run of up to three of its words ("Jenkins CI", "GitLab (prod)")."""
    words = [word for word in _HANDLE_SPLIT.split(name.strip().lower().strip("()[]")) if word]
    runs = {" ".join(words[start:start + size]) for size in (1, 2, 3) for start in range(len(words) - size + 1)}
    return name.strip().lower() in systems or not runs.isdisjoint(systems)


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
        self._exact = {_folded(name): name for name in people}
        firsts: dict[str, list[str]] = {}
        for name in people:
            first = _folded(_given_name(name))
            if first:
                firsts.setdefault(first, []).append(name)
        self._first = {first: names[0] for first, names in firsts.items() if len(names) == 1}

    def resolve(self, token: str, *, by_first_name: bool = True) -> str | None:
        """The person `token` names; with `by_first_name` False only a whole name or handle counts, so that
        "Sam Baker" is not taken for the one participant called Sam."""
        cleaned = _folded(token.strip().lstrip("@").strip(_MENTION_EDGE))
        if not cleaned:
            return None
        if cleaned in self._exact:
            return self._exact[cleaned]
        handle = cleaned.replace(".", " ").replace("_", " ")
        if handle in self._exact:
            return self._exact[handle]
        return self._first.get(_HANDLE_SPLIT.split(cleaned)[0]) if by_first_name else None


def _folded(name: str) -> str:
    """Lower case without accents: handles are typed in ASCII ("@tomas.ruiz" for Tomás Ruiz)."""
    if name.isascii():
        return name.lower()
    decomposed = unicodedata.normalize("NFKD", name.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _given_name(name: str) -> str:
    """'Ana Silva', 'ana.silva' -> 'ana'; 'Silva, Ana' (how directories and Teams list people) -> 'ana'."""
    surname, comma, given = name.strip().partition(",")
    return _HANDLE_SPLIT.split((given if comma and given.strip() else surname).strip())[0].lower()


def role_phrase(role: str) -> str:
    """'incident commander' -> 'the incident commander'; numbered roles stand alone ('responder 2')."""
    return role if role[-1:].isdigit() else f"the {role}"


def role_map(roles: list[RoleAssignment]) -> dict[str, str]:
    """Author name -> how the narrative refers to them."""
    return {assignment.name: role_phrase(assignment.role) for assignment in roles}


class RoleNamer:
    """Replaces people's names (full, first, @handle) in narrative text by their roles, by the rules of
    agent.privacy.names, so facts and what a model sees name people the same way."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self._mapping = mapping

    def replace(self, text: str) -> str:
        return replace_names(text, self._mapping)

    @property
    def people(self) -> list[str]:
        """The names (and handles) this namer replaces."""
        return list(self._mapping)
