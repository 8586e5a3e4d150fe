"""Replace people's names in narrative text with their roles ("the on-call engineer") or pseudonyms.

Real names belong only in the roles table and the owner column (SPEC, Privacy and safety); everything
else is rewritten here. A person is recognised by full name, by first or last name when no other
participant shares it, by chat handle (`@priya`, `@priya.raman`, `@praman`) and by `priya@host`.
Single names that are also ordinary words ("Mark", "Will", "Max", "Page") only match when capitalised,
so "mark the incident resolved" and "max connections" stay as written. A handle made of words that name a
function ("partner-desk", "deploy-bot", "gateway") is matched only where it is unmistakably the handle, so
"the partner gateway" and "search latency" stay as written.
"""

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from agent.privacy.common_words import COMMON_WORD_NAMES

_SPLIT = re.compile(r"[\s._-]+")
_DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b")
_BOT_SUFFIXES = (" app", " bot", "[bot]", "-bot", "_bot")
# Words that name a team, a function, a channel or a system: shared accounts and bots are named with them
# ("partner-desk", "search", "sre-oncall"), and incident chat uses them as ordinary words all the time.
# None is also a given name; those that are ("Will", "Grant") are in COMMON_WORD_NAMES and match capitalised.
FUNCTION_WORDS: frozenset[str] = frozenset(
    """
    admin alert alerting alerts all analytics announce announcements apac api app apps auth automation backend
    backup backups billing bot bots build builds cache call cart cd channel checkout ci cloud cluster comms core
    cron customer customers dashboard dashboards data database db dba deploy deployer deploys desk devops dns
    edge email emea escalation eu everyone finance frontend gateway gw help helpdesk here hotline hr incident
    incidents index indexer infra infrastructure ingest legal logging logs mail marketing metrics mobile monitor
    monitoring network networking noc notifications notify on oncall ops orders partner partners payments
    pipeline platform pricing prod production proxy qa queue release releases reliability reporting sales
    scheduler search security service services shipping sms soc sre staging status storage support sync system
    systems team test testing triage updates us vendor vendors web webhook webhooks worker workers
    """.split()
)


def pseudonym(name: str, index: int) -> str:
    """Stable stand-in for the `index`-th (1-based) participant: "responder 2", or "bot 1" for chat bots."""
    lowered = name.strip().lower()
    is_bot = lowered.endswith(_BOT_SUFFIXES) or lowered == "bot"
    return f"{'bot' if is_bot else 'responder'} {index}"


def assign_pseudonyms(names: Iterable[str]) -> dict[str, str]:
    """Name -> pseudonym in order of first appearance; people and bots are numbered separately."""
    mapping: dict[str, str] = {}
    numbers: Counter[str] = Counter()
    for name in names:
        if name in mapping:
            continue
        kind = pseudonym(name, 0).split()[0]
        numbers[kind] += 1
        mapping[name] = pseudonym(name, numbers[kind])
    return mapping


def replace_names(text: str, people: dict[str, str]) -> str:
    """`text` with every mention of a person in `people` (real name -> role phrase) replaced by the role."""
    if not people or not text:
        return text
    return _matcher_for(frozenset(people.items())).replace(text)


@lru_cache(maxsize=32)
def _matcher_for(people: frozenset[tuple[str, str]]) -> "_NameMatcher":
    """Callers rewrite thousands of messages with the same people; compile their pattern once."""
    return _NameMatcher(dict(people))


class _NameMatcher:
    """One combined pattern over every spelling of every person; longest spellings win.

    A spelling claimed by two people (a shared first name, "Lee Park" and "Ann Lee") names nobody and is
    skipped, except that a full name always belongs to its owner. A handle made only of function words
    ("partner-desk", "gateway") is that participant only where it cannot be the ordinary word: as the whole
    hyphenated token, as @gateway, or as "gateway:" opening a line; its words alone are never a mention.
    """

    def __init__(self, people: dict[str, str]) -> None:
        self.roles: dict[str, str] = {}  # lower-cased spelling -> role
        plain: set[str] = set()  # matched as words in running text
        exact: set[str] = set()  # a function-word handle with separators, matched as one whole token
        labels: set[str] = set()  # a one-word function-word handle, matched only as a line's "handle:"
        functional: set[str] = set()  # every spelling of a function-word handle: never "user@host"
        for name, role in people.items():
            tokens = _tokens(name)
            if _is_function_handle(tokens):
                written = _normalise(name)
                spellings = {written} | _handle_spellings(tokens)
                (exact if len(tokens) > 1 and " " not in written else labels).add(written)
                functional |= spellings
            else:
                spellings = _full_spellings(name)
                plain |= spellings
            for spelling in spellings:
                self.roles.setdefault(spelling, role)
        full = set(self.roles)
        derived: dict[str, set[str]] = {}  # spelling -> roles of the people it could mean
        for name, role in people.items():
            tokens = _tokens(name)
            for spelling in {*_personal(tokens), *_handle_spellings(tokens)} - FUNCTION_WORDS:
                derived.setdefault(spelling, set()).add(role)
            plain.update(_personal(tokens))
        for spelling, roles in derived.items():
            if len(roles) == 1 and spelling not in full and len(spelling) > 1:
                self.roles[spelling] = roles.pop()
        plain &= self.roles.keys()
        self.pattern = _compile(plain, exact, labels, set(self.roles), set(self.roles) - functional)

    def replace(self, text: str) -> str:
        if self.pattern is None:
            return text
        return self.pattern.sub(self._substitute, text)

    def _substitute(self, match: re.Match[str]) -> str:
        for group in ("handle", "label"):
            if match.group(group) is not None:
                return self._role_for(match, group)
        if match.group("user") is not None:
            host = match.group("host") or ""
            role = self._role_for(match, "user")
            # an e-mail address as a whole is the person; a shell prompt or ssh target keeps its host
            return role if _DOMAIN.fullmatch(host) else f"{role}@{host}"
        role = self._role_for(match, "name")
        possessive = match.group("possessive")
        if not possessive or (len(possessive) == 1 and not match.group("name").lower().endswith("s")):
            return role + (possessive or "")  # a lone apostrophe after "Priya" is a closing quote
        return role + possessive[0] + "s"

    def _role_for(self, match: re.Match[str], group: str) -> str:
        spelling = match.group(group)
        role = self.roles[_normalise(spelling)]
        if spelling[:1].isupper() and _at_sentence_start(match.string, match.start()):
            return role[:1].upper() + role[1:]
        return role


def _compile(
    plain: set[str], exact: set[str], labels: set[str], handles: set[str], users: set[str]
) -> re.Pattern[str] | None:
    if not handles:
        return None
    never = "(?!x)x"  # an alternative that matches nothing keeps every named group in the pattern
    # a function-word handle is one token: not part of a longer hyphenated or dotted word ("partner-desk-eu")
    whole_tokens = [rf"(?<![.-]){_alternative(s, as_word=False)}(?!-\w)" for s in _longest_first(exact)]
    # a name glued to a function word is a service ("ledger-api", "nadia-gw"), not the person; "leo-laptop" is
    names = _alternatives(plain, as_word=True)
    names = names and rf"(?:{names})(?!-(?:{'|'.join(sorted(FUNCTION_WORDS))})\b)"
    words = "|".join(w for w in [*whole_tokens, names] if w) or never
    return re.compile(
        "|".join([
            rf"@(?P<handle>{_alternatives(handles, as_word=False)})(?![\w]|[.-]\w)",
            rf"(?<![\w.+-])(?P<user>{_alternatives(users, as_word=False) or never})@(?P<host>[\w-]+(?:\.[\w-]+)*)?",
            rf"(?m:^)[ \t]*(?P<label>{_alternatives(labels, as_word=False) or never})(?=[ \t]*:(?:\s|$))",
            rf"(?<![\w@])(?P<name>{words})(?![\w@]|\.\w)(?P<possessive>['’]s\b|['’](?!\w))?",
        ]),
        re.IGNORECASE,
    )


def _longest_first(spellings: set[str]) -> list[str]:
    return sorted(spellings, key=len, reverse=True)


def _alternatives(spellings: set[str], *, as_word: bool) -> str:
    return "|".join(_alternative(s, as_word=as_word) for s in _longest_first(spellings))


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 40) : start].rstrip(" \t")
    if not before:
        return start <= 40 or not text[:start].strip()
    return before[-1] in ".!?\n" or (before[-1] in "-*>" and before[:-1].rstrip(" \t")[-1:] in ("", "\n"))


def _normalise(spelling: str) -> str:
    return " ".join(spelling.lower().split())


def _tokens(name: str) -> list[str]:
    return [token.lower() for token in _SPLIT.split(name.strip()) if token]


def _is_function_handle(tokens: list[str]) -> bool:
    """'partner-desk', 'gateway', 'Search Team': every word names a function, none a person."""
    return bool(tokens) and all(token in FUNCTION_WORDS for token in tokens)


def _personal(tokens: list[str]) -> set[str]:
    """The words of a name that can stand for the person alone ("Priya", "Raman"; not "ops" of "kofi-ops")."""
    return {token for token in tokens if token not in FUNCTION_WORDS and len(token) > 1}


def _full_spellings(name: str) -> set[str]:
    tokens = _tokens(name)
    spellings = {_normalise(name)} if name.strip() else set()
    if len(tokens) > 1:
        spellings |= {" ".join(tokens), ".".join(tokens), "_".join(tokens)}
    return spellings


def _handle_spellings(tokens: list[str]) -> set[str]:
    if not tokens:
        return set()
    first, last = tokens[0], tokens[-1]
    spellings = {first, last, "".join(tokens), ".".join(tokens), "_".join(tokens), "-".join(tokens)}
    if len(tokens) > 1:
        spellings |= {first[0] + last, first + last[0], f"{first}.{last[0]}", f"{first[0]}.{last}"}
    return spellings


def _alternative(spelling: str, *, as_word: bool) -> str:
    """A regex alternative. As a plain word, a name that is also an ordinary word must be capitalised: a given
    name in COMMON_WORD_NAMES, or a short piece of a handle that chat writes in lower case ("in" of a
    "status.example.in" author, "ed")."""
    if as_word and (spelling in COMMON_WORD_NAMES or _short_ordinary(spelling)):
        return f"(?-i:{re.escape(spelling.capitalize())})"
    return r"\s+".join(re.escape(part) for part in spelling.split())


SHORT_WORD = 3  # letters: longer ordinary words are rarely a piece of someone's name


def _short_ordinary(spelling: str) -> bool:
    from agent.privacy.prose_names import ordinary_words

    return len(spelling) <= SHORT_WORD and spelling in ordinary_words()
