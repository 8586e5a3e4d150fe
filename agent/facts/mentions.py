"""People named in the channel, found by what surrounds the name: "Escalated to Priscila Gomes (storage
on-call)", "paged Sam", "ask Lucia from the vendor", "Tenzin (DBA)", "cc @tomasz".

The authors of a transcript are known by name; anyone else is only ever mentioned, and their names must become
roles too (SPEC, Privacy and safety). There is no list of given names: a name is one or two capitalised words
that a cue marks as a person: a verb done to people (escalated to, paged, pinged, looped in, handed over to,
asked, assigned to, acknowledged by), a role or team in parentheses after it, "<Name> from <the vendor, a team,
an organisation>", or an @mention. Weekdays, months, sentence words, systems, components, organisations and
words that name a function (FUNCTION_WORDS) are never names, so "paged Storage", "asked Grafana", "called Stripe
support" and "Cloud SQL" stay out. Lower-case nicks are only found as @mentions.
"""

import itertools
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from agent.facts.cue import Cue
from agent.facts.naming import KNOWN_SYSTEMS, TEAM_ROLES, NameIndex, is_system, system_name
from agent.facts.phrasing import strip_code
from agent.facts.services import KNOWN_COMPONENTS
from agent.models import Message
from agent.privacy.names import FUNCTION_WORDS
from agent.privacy.prose_names import is_everyday_word, ordinary_words

# Up to two words; which of them are a name is decided in code (any alphabet's capitals, "O'Neil", "McKenzie").
_WORDS = r"(?<![\w@.'’-])(?P<name>[^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*)?)"
_DONE_TO_PEOPLE = Cue(
    r"\b(?:escalat(?:ed|ing|e)[ \t]+(?:it[ \t]+)?to|pag(?:ed|ing|e)|ping(?:ed|ing)?|loop(?:ed|ing)?[ \t]+in"
    r"|pull(?:ed|ing)?[ \t]+in|bring(?:ing)?[ \t]+in|brought[ \t]+in"
    r"|hand(?:ed|ing)?[ \t]+(?:it[ \t]+)?(?:over[ \t]+|off[ \t]+)?to|assigned[ \t]+to|(?:acknowledged|acked|resolved)[ \t]+by"
    r"|ask(?:ed|ing)?|cc(?:'d|ed)?|reach(?:ed|ing)?[ \t]+out[ \t]+to|(?:i|we|they|he|she|just|also)[ \t]+call(?:ed)?"
    r"|calling|woke(?:[ \t]+up)?|wak(?:e|ing)[ \t]+up|contact(?:ed|ing)?|notif(?:y|ied|ying))[ \t]+" + _WORDS,
    ("escalat", "pag", "ping", "loop", "pull", "bring", "brought", "hand", "assigned", "acknowledged", "acked",
     "resolved", "ask", "cc", "reach", "call", "woke", "wake", "waking", "contact", "notif"),
    cased=True,
)
_ROLE_WORDS = "|".join(
    ["on[-\\s]?call", "oncall", "ic", "incident\\s+commander", "comms", "engineer", "lead", "manager", "team",
     "vendor", "supplier", "contractor", "partner", "support", *TEAM_ROLES]
)
_ROLE_IN_PARENTHESES = Cue(
    _WORDS + rf"[ \t]*\((?P<affiliation>[^()\n]{{0,30}}\b(?:{_ROLE_WORDS})\b[^()\n]{{0,30}})\)", chars="(", cased=True
)
_FROM = Cue(
    _WORDS + r"[ \t]+from[ \t]+(?P<affiliation>(?:the[ \t]+)?(?:vendor|supplier|provider|contractor|partner|support"
    rf"|[\w-]+[ \t]+team|{'|'.join(TEAM_ROLES)})\b|(?-i:[A-Z])[\w&.-]+(?:[ \t]+(?-i:[A-Z])[\w&.-]+)?)",
    ("from",),
    cased=True,
)
# An @ that opens a word: not the one in "user@host" or "[REDACTED:url-password]@db.internal".
_AT = Cue(r"(?<![^\s(<\"'“‘,;])@(?P<name>[A-Za-z](?:[\w.'-]*[A-Za-z0-9])?)(?![\w@/])", chars="@", cased=True)
_NOT_NAMES = frozenset(
    """
    i me you he she it we they them him her us my your his its our their this that these those who whom someone
    somebody anyone anybody everyone everybody nobody the a an and or but if so then now here there please thanks
    hi hello hey to in on at by for from with of about into can could would should will shall may might must do
    does did is are was were be been has have had not no yes ok okay also just still again today tonight tomorrow
    yesterday morning evening night update news word reply nothing something everything anything more both each
    engineering management leadership product tier level exec execs executive executives director directors
    manager managers owner owners teams folks people customer customers merchants users
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun january
    february march april june july august september october november december jan feb mar apr jun jul aug sep
    sept oct nov dec
    """.split()
)
# Companies a channel contacts ("called Stripe", "asked Cloudflare"); others show it by the word after them.
_ORGANISATIONS = frozenset(
    "aws amazon google gcp azure microsoft apple meta cloudflare fastly akamai stripe twilio okta slack zoom atlassian "
    "heroku vercel netlify digitalocean linode hetzner oracle salesforce zendesk".split()
)
# "called Stripe support", "asked the Acme team": the name belongs to an organisation, not a person.
_ORGANISATION_NOUNS = frozenset(
    "support team engineers engineering staff folks people customers account rep reps console docs status sales api "
    "dashboard desk helpdesk ops sre oncall on-call".split()
)
# The capital inside "McKenzie", "MacLeod", "DeShawn", "DiCaprio", "VanDyke"; anywhere else ("GitHub",
# "PgBouncer") it marks a product.
_NAME_PREFIXES = ("Mc", "Mac", "De", "Di", "Da", "Du", "Le", "La", "Van", "Von", "St")
_INNER_CAPITAL = re.compile(r"(?<=[a-z])[A-Z]")
_POSSESSIVE = re.compile(r"['’]s?$")
_PROMPT = ("$ ", "% ", "> $ ")  # a shell prompt before a pasted command
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?:;\n\"“(*>-])[ \t]*\Z")
_SYSTEMS = KNOWN_SYSTEMS | _ORGANISATIONS
_NEVER = _NOT_NAMES | FUNCTION_WORDS | _SYSTEMS | set(KNOWN_COMPONENTS) | TEAM_ROLES.keys()


class Mention(NamedTuple):
    name: str  # as written, without the "@" of a handle
    affiliation: str | None  # what the text says they belong to: "storage on-call", "the vendor"
    weak: bool  # a cue that ordinary nouns also sit next to ("Traffic from Cloudflare"): check the word is not one
    opens_sentence: bool = False  # its first word opens a sentence, where every word is capitalised anyway


class Mentioned(NamedTuple):
    order: int  # the message's position
    person: str  # a participant, or the fullest name the channel gives someone who never wrote
    affiliation: str | None


def people_mentioned(messages: Sequence[Message], people: list[str]) -> tuple[list[Mentioned], NameIndex]:
    """Every mention of a person in `messages`, and an index that resolves every spelling of everyone: people
    who never wrote join the participants (`people`); "Priscila" alone is the same person as "Priscila Gomes",
    but "Sam Baker" is not the participant Sam Ortiz. A name found by a weak cue is dropped when the channel
    also writes it in lower case (an ordinary word), and a system's name is never a person."""
    index = NameIndex(people)
    systems = {(system_name(m.author) or "").lower() for m in messages if m.author and is_system(m)}
    found = [(order, named) for order, message in enumerate(messages) for mention in mentions_in(message.text)
             if (named := _without_opening_word(mention, index)) is not None]
    lower_case = _LowerCaseWords(messages)
    newcomers = [
        mention.name for _, mention in found
        if index.resolve(mention.name, by_first_name=" " not in mention.name) is None
        and mention.name.lower() not in systems and not (mention.weak and lower_case.uses_any(mention.name))
    ]
    with_full_names = NameIndex(people + [name for name in dict.fromkeys(newcomers) if " " in name])
    index = NameIndex(people + list(dict.fromkeys(with_full_names.resolve(name) or name for name in newcomers)))
    return [
        Mentioned(order, person, mention.affiliation)
        for order, mention in found
        if (person := index.resolve(mention.name)) is not None
    ], index


def _without_opening_word(mention: Mention, index: NameIndex) -> Mention | None:
    """A sentence's opening word is capitalised whatever it is: "Confirmed from support", "Ask Lucia from the
    vendor". Unless it names a participant, an opening word that incident chat also writes in lower case (the
    shared list learnt from the labelled corpus) is no part of a name."""
    if not mention.opens_sentence or index.resolve(mention.name) is not None:
        return mention
    first, _, rest = mention.name.partition(" ")
    if first.lower() not in ordinary_words():
        return mention
    return mention._replace(name=rest, opens_sentence=False) if rest else None


@lru_cache(maxsize=1 << 14)  # a pure function of the text, and long channels repeat their lines
def mentions_in(text: str) -> tuple[Mention, ...]:
    """The people `text` names, in order, whoever they are (callers drop the participants they know)."""
    text = strip_code(text)
    found: list[tuple[int, Mention]] = []
    for cue, weak in ((_DONE_TO_PEOPLE, False), (_ROLE_IN_PARENTHESES, True), (_FROM, True)):
        for match in cue.finditer(text):
            # after a verb the name is the words that follow it; before "(" or "from", the words that precede
            leading = cue is _DONE_TO_PEOPLE
            name = _name(match.group("name").split(), leading=leading)
            after = _next_word(text, match.start("name") + len(name or "")) if leading else ""
            # "called Stripe support" names a company; "escalated to Layer 2" a level (an everyday word, a number)
            if name and after not in _ORGANISATION_NOUNS and not (after.isdigit() and is_everyday_word(name)):
                affiliation = match.groupdict().get("affiliation") or _parenthesis_after(text, match.end())
                opens = not leading and _SENTENCE_OPENING.search(text, 0, match.start("name")) is not None
                found.append((match.start("name"), Mention(name, affiliation, weak, opens)))
    for match in _AT.finditer(text):
        handle = match.group("name")
        if not _names_a_function(handle) and not _in_a_command(text, match.start()):
            found.append((match.start(), Mention(handle, _parenthesis_after(text, match.end()), False)))
    unique: dict[str, Mention] = {}
    for _, mention in sorted(found, key=lambda item: item[0]):
        # "ask Keanu from the vendor": one mention, as sure as its strongest cue, with what any cue says beside it
        seen = unique.get(mention.name, mention)
        unique[mention.name] = Mention(mention.name, seen.affiliation or mention.affiliation, seen.weak and mention.weak,
                                       seen.opens_sentence and mention.opens_sentence)
    return tuple(unique.values())


def _name(words: list[str], *, leading: bool) -> str | None:
    """The run of name-shaped words at the start (leading) or end of `words`; None when there is none."""
    kept: list[str] = []
    for word in words if leading else words[::-1]:
        word = _POSSESSIVE.sub("", word)
        if not _looks_like_a_name(word):
            break
        kept.append(word)
    return " ".join(kept if leading else kept[::-1]) or None


def _looks_like_a_name(word: str) -> bool:
    """'Priscila', 'O'Neil', 'McKenzie', 'Łukasz': a capital, then lower case; not a word that is never a name."""
    letters = word.replace("'", "").replace("’", "").replace("-", "")
    inner = _INNER_CAPITAL.search(word)
    return (
        len(letters) > 1
        and letters.isalpha()
        and word[0].isupper()
        and not any(a.isupper() and b.isupper() for a, b in itertools.pairwise(letters))
        and (inner is None or word[: inner.start()] in _NAME_PREFIXES)
        and word.lower() not in _NEVER
    )


def _names_a_function(handle: str) -> bool:
    """'@here', '@sre-oncall', '@gitlabstatus', '@stripe_support': a channel, team, system or company account."""
    words = [word for word in re.split(r"[._-]+", handle.lower()) if word]
    if set(words) <= _NEVER:
        return True
    compact = "".join(words)
    return any(compact[:cut] in _SYSTEMS and compact[cut:] in FUNCTION_WORDS for cut in range(3, len(compact)))


def _in_a_command(text: str, position: int) -> bool:
    """A pasted shell command ("$ dig @ns-311.awsdns-38.com api.example.io"): its @ names a server, not a person."""
    line = text[text.rfind("\n", 0, position) + 1 : position].lstrip()
    return line.startswith(_PROMPT)


def _next_word(text: str, end: int) -> str:
    rest = text[end : end + 40].split(maxsplit=1)
    return rest[0].strip(".,;:!?").lower() if rest else ""


def _parenthesis_after(text: str, end: int) -> str | None:
    rest = text[end : end + 64].lstrip(" \t")
    if rest.startswith("(") and ")" in rest:
        return rest[1 : rest.index(")")].strip() or None
    return None


class _LowerCaseWords:
    """Whether the channel writes a word in lower case, as an ordinary word ("traffic"), which a name never is.
    Built on first use: only names found by a weak cue ("Traffic from Cloudflare") need it."""

    def __init__(self, messages: Sequence[Message]) -> None:
        self._messages = messages
        self._text: str | None = None

    def uses_any(self, name: str) -> bool:
        if self._text is None:
            self._text = "\n".join(m.text for m in self._messages)
        return any(re.search(rf"(?<![\w@.-]){re.escape(word.lower())}(?![\w@-])", self._text) for word in name.split())
