"""Who wrote a line: `<nick> text`, `name: text`, `[initials]: text`, `name<TAB>text`, and whether a string can be
a name at all."""

import re
from functools import cache

# "Ana Silva", "ana.silva", "Silva, Ana" (directories that list surname first), "Ana Silva (she/her)".
# A comma only parts a surname from the given name after it: "unread," alone is no name.
_NAME = re.compile(r"^[@_]?[^\W\d_][\w.'\u2019@\-]*(?:,(?= \S))?(?: [\w.'\u2019@()/\-]+){0,3}$")
# Words that end "14:05 error: ..." style labels or "meet at 2 PM" phrases, never a person.
_NOT_NAMES = frozenset(
    "error warning warn note notes update fyi re todo status action impact cause summary http https eta "
    "info debug fatal critical exception traceback question answer reason result edit edited q a ps "
    "at by to on in of from for with until since before after around about is was the and or".split()
)
_BOT_WORDS = (" bot", " app", "-bot", "[bot]")
_APP_NAME_WORDS = frozenset({"for", "of", "the"})
# "Lima, Thiago" / "Costa Ribeiro, Ana Paula": how Teams, Outlook and directories list people, surname first
_SURNAME_FIRST = re.compile(r"^(?P<surname>[^\W\d_][\w'\u2019-]*(?: [^\W\d_][\w'\u2019-]*)?), "
                            r"(?P<given>[^\W\d_][\w'\u2019-]*(?: [^\W\d_][\w'\u2019-]*)?)$")
_NICK = re.compile(r"^<[@+%&~ ]?([^<>\s]{1,40})>\s?(.*)$", re.DOTALL)
# a scribe's initials in brackets ("14:10 UTC [jp]: ..."); the colon tells them from a tag such as "[RESOLVED] ..."
_BRACKETED = re.compile(r"^\[([^\[\]:\n]{1,40})\]:\s+(.*)$", re.DOTALL)
_COLON = re.compile(r"^([^:\t]{1,40}?):\s+(.*)$", re.DOTALL)
_TAB = re.compile(r"^([^\t]{1,40})\t+(.*)$", re.DOTALL)
_LEADING_SEPARATOR = re.compile(r"^[\s\-\u2013\u2014|:,]*")
# a sentence's end before a lower-case word: "genau. mach ich jetzt", in any language ("J. Smith" is a name)
_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[^\W\d_])")


def looks_like_name(text: str) -> bool:
    """A person's or bot's display name: at most four words, starts with a letter, not a label like "Error"."""
    if not text or len(text) > 40 or not _NAME.match(text):
        return False
    words = text.lower().replace(",", " ").split()
    return words[0] not in _NOT_NAMES and words[-1] not in _NOT_NAMES


def lone_name(text: str) -> bool:
    """A header line's whole text is a name or handle ("jennifer", "Ana Silva"), not a word of the log itself:
    no word of it is one incident chat writes in lower case ("paged", "resolved", "update")."""
    from agent.privacy.prose_names import ordinary_words

    words = text.split()
    return 0 < len(words) <= 3 and looks_like_name(text) and not any(
        word.lower().strip(",") in ordinary_words() for word in words)


def given_name_first(name: str) -> str:
    """"Lima, Thiago" -> "Thiago Lima": a name reads in the document as people say it. Anything else as written."""
    match = _SURNAME_FIRST.match(name.strip())
    return f"{match.group('given')} {match.group('surname')}" if match else name


def split_author(rest: str) -> tuple[str | None, str]:
    """(author, text) from what follows a timestamp; (None, text) when no author is written."""
    rest = _LEADING_SEPARATOR.sub("", rest, count=1)
    if rest.startswith("<"):
        nick = _NICK.match(rest)
        if nick:
            return nick.group(1), nick.group(2)
    if rest.startswith("["):
        bracketed = _BRACKETED.match(rest)
        if bracketed and looks_like_name(bracketed.group(1).strip()):
            return bracketed.group(1).strip(), bracketed.group(2)
    if "\t" in rest:
        tab = _TAB.match(rest)
        if tab and could_write(tab.group(1).strip()):
            return tab.group(1).strip(), tab.group(2)
    colon = _COLON.match(rest)
    if colon and could_write(colon.group(1)):
        return colon.group(1), colon.group(2)
    return None, rest


def could_write(head: str) -> bool:
    """What precedes a line's colon names who wrote it, not what the line is about: a label of a few words written
    as prose ("spot checks:", "Karthik replied:", "decision w/ Arjun:") has a word chat writes in lower case,
    written in lower case. Names are written capitalised or as one handle; bots keep their badge word."""
    from agent.privacy.prose_names import ordinary_words

    if not looks_like_name(head) or any(head[match.end()].islower() for match in _SENTENCE_BREAK.finditer(head)):
        return False
    words = head.replace(",", " ").split()
    if len(words) < 2 or head.lower().endswith(_BOT_WORDS):
        return True
    common = ordinary_words()
    return not any(word.islower() and word.strip(".'\u2019") in common and not _inside_name(words, index)
                   for index, word in enumerate(words))


def _inside_name(words: list[str], index: int) -> bool:
    """A particle between two capitalised words is part of a name ("Sanne de Vries", "Automation for Jira"); the
    same word elsewhere is prose ("note de service", "pasting what i see")."""
    return 0 < index < len(words) - 1 and words[index] in small_name_words() and words[0][:1].isupper() and \
        words[-1][:1].isupper()


@cache
def small_name_words() -> frozenset[str]:
    """Lower-case words a name holds between capitalised ones: people's particles ("van", "de") and the small words
    of an app's name ("Automation for Jira")."""
    from agent.privacy.prose_names import name_particles

    return _APP_NAME_WORDS | name_particles()


def split_bot_marker(head: str) -> tuple[str, bool]:
    """`Datadog APP` or `DatadogAPP` (how Slack copies the app badge) -> ("Datadog", True)."""
    if len(head) > 3 and head[-3:] in ("APP", "BOT"):
        before = head[-4]
        if before.isspace() or before.islower() or before.isdigit():
            return head[:-3].rstrip(), True
    return head, False
