"""Plain-text helpers shared by gates and signals: markup stripping, placeholders, times, dates and figures."""

import re
from datetime import date
from functools import lru_cache

from agent.models.pack import UNKNOWN_PREFIX

# Brackets never inside link text or target, and possessive target parts: a flood of "[" or "[x](" then costs
# linear time instead of backtracking over every later character from every bracket.
_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\(([^()\[\]\s]*+)[^()\[\]\n]*+\)")
_AUTOLINK = re.compile(r"<(https?://[^<>\s]+)>")
_MARKUP = re.compile(r"(\*\*|__|~~|`)")
_SINGLE_EMPHASIS = re.compile(r"(?<![\w*])[*_](?=\S)([^*_\n]+?)(?<=\S)[*_](?![\w*])")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")

_LEADING_BOUNDARY = re.compile(r"^\\b([a-z0-9])(?![?*+{])")
_NOT_A_LITERAL_START = re.compile(r"^(?:[(\[.^$|]|\\[A-Za-z0-9]|.[?*+{])")


def any_of(*alternatives: str) -> re.Pattern:
    """One pattern matching any of the alternatives, to be searched in lower-cased text.

    Python's regex engine skips straight to a possible first character only when every alternative starts
    with a literal; a leading word boundary or group makes it try every alternative at every position (five to
    ten times slower on a 1,000-line document). So each alternative must start with a literal, and a leading
    `\\b` before a letter is moved behind it as `(?<!\\w\\w)`, which matches exactly the same places."""
    written = [_LEADING_BOUNDARY.sub(r"\1(?<!\\w\\w)", alternative) for alternative in alternatives]
    for alternative in written:
        if _NOT_A_LITERAL_START.match(alternative):
            raise ValueError(f"alternative {alternative!r} does not start with a literal character")
    return re.compile("|".join(written))


def any_word(*words: str) -> re.Pattern:
    """any_of for whole words or phrases: `\\b(?:a|b)\\b` written the fast way."""
    return any_of(*(rf"\b{word}\b" for word in words))


URL = any_of(r"https?://\S+", r"\bwww\.\S+")
PLACEHOLDERS = frozenset(
    {"", "-", "--", "—", "…", "...", "tbd", "tbc", "todo", "n/a", "na", "none", "unknown", "?", "xxx", "yyy",
     "zzz", "unset", "none yet", "to do", "to be decided", "to be determined",
     # non-answers: words where an answer should be, saying nothing
     "not sure", "unsure", "no idea", "dunno", "don't know", "do not know", "not known", "the usual", "as usual",
     "same as usual", "same as always", "see above", "see below", "later", "discuss later", "we'll see",
     "to be discussed", "tbc later", "ask around"}
)
_TEMPLATE_HOLE = re.compile(r"^<[^<>]{2,}>$|^\[[^\[\]]*(fill|insert|placeholder|tbd)[^\[\]]*\]$", re.I)
# "None parked yet.", "Nothing yet", "to be added": a heading kept with nothing under it.
_NOTHING_YET = re.compile(r"^(none|nothing|no \w+)( \w+){0,2} yet$|^to be (added|written|filled( in)?|completed)$", re.I)


@lru_cache(maxsize=16384)
def plain(text: str) -> str:
    """Markdown inline markup removed: link text kept (URL dropped), emphasis and code markers gone."""
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _HTML_TAG.sub(" ", text)
    text = _MARKUP.sub("", text)
    text = _SINGLE_EMPHASIS.sub(r"\1", text)
    return " ".join(text.split())


def has_link(text: str) -> bool:
    return bool(URL.search(text)) or "](" in text


_UNKNOWN_KEY = UNKNOWN_PREFIX.strip().lower()
# A rendered draft asks each question once, under Open questions, and points table cells at it: "Unknown — ask Q3".
_UNKNOWN_LABEL = re.compile(re.escape(_UNKNOWN_KEY.rstrip(":")) + r"(?::|\s+q\d+\b)")
_PLACEHOLDER_MAX = 60


@lru_cache(maxsize=16384)
def mentions_unknown(text: str) -> bool:
    """The text contains one of our 'Unknown — ask:' labels somewhere."""
    return "unknown" in text.lower() and _UNKNOWN_LABEL.search(plain(text).lower()) is not None


def is_unknown_label(text: str) -> bool:
    """Our own drafts mark what the source did not say with UNKNOWN_PREFIX: a field or item that starts with
    it is an open question, not content."""
    return mentions_unknown(text) and _UNKNOWN_LABEL.match(plain(text).lstrip(" -*•[]").lower()) is not None


@lru_cache(maxsize=16384)  # gates and signals ask about the same items and cells many times per grade
def is_placeholder(text: str | None) -> bool:
    """Empty, a template hole, 'TBD', 'unknown' or our 'Unknown — ask:' label."""
    if text is None:
        return True
    if len(text) > _PLACEHOLDER_MAX:
        return is_unknown_label(text)
    cleaned = plain(text).strip().strip(".:;,").strip()
    lowered = cleaned.lower()
    return (lowered in PLACEHOLDERS or bool(_TEMPLATE_HOLE.match(cleaned)) or bool(_NOTHING_YET.match(cleaned))
            or is_unknown_label(text))


def is_unanswered(text: str | None) -> bool:
    """A placeholder, or a labelled line whose value is one ("Published at: Unknown — ask: where?")."""
    if is_placeholder(text):
        return True
    label, colon, value = plain(text).partition(":")
    return bool(colon) and len(label) <= 40 and is_placeholder(value)


# A clock time; the text before it (inside the first 40 characters) may only be a date, a weekday, an
# approximation mark or punctuation, so "deployed at 14:05" is not a timestamped entry but "~14:05" is.
_CLOCK = re.compile(r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:\s*[ap]\.?m\.?)?(?![\d])", re.I)
_RELATIVE = re.compile(r"^\W{0,3}(?:T\s?[+-]\s?\d|[+-]\d{1,3}(?::\d{2})?\s*(?:m|min|h)\b|day\s+\d)", re.I)
_DATE_WORDS = re.compile(
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}-[a-z]+-\d{1,2}|"
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
    r"\b\d{1,2}(?:st|nd|rd|th)?\b|\b\d{4}\b|\b(?:at|approx|approximately|around|about|circa|ca|on|t)\b|"
    r"\b(?:utc|gmt|z)\b",
    re.I,
)
_WORD_CHARACTER = re.compile(r"[^\W_]")
_ZONE = re.compile(
    r"\b(UTC|GMT|Z|[A-Z]{2,4}[SD]T|CET|CEST|BST|IST|JST|AEST|AEDT|PST8PDT|UTC\s?[+-]\s?\d{1,2})\b|"
    r"[+-]\d{2}:?\d{2}\b|times?\s+(are\s+)?(in|shown in)\b|time ?zone|\b(Eastern|Pacific)\b",
)


# A timeline of days or months (a security disclosure, a slow leak) dates its entries instead of timing them:
# "2024-06-21: images removed", "June 28, 2024 - token revoked", "2023-MM-DD: token created".
_DATE_ALONE = (
    r"(?:\d{4}-(?:\d{1,2}|MM)-(?:\d{1,2}|DD)|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|"
    r"\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:,?\s+\d{4})?)"
    r"(?:\[\^?\w+\])?"
)
# "On 2025-03-02 the renewal job failed": a dated paragraph.
_LEADING_DATE = re.compile(rf"^\W{{0,3}}(?:{_DATE_ALONE}\s*(?:[:\-–—,]|$)|on\s+{_DATE_ALONE}[,\s])", re.I)


@lru_cache(maxsize=16384)
def leading_date(text: str) -> bool:
    """True when the entry starts with a calendar date followed by a separator (timelines that span days)."""
    return bool(_LEADING_DATE.match(plain(text)))


@lru_cache(maxsize=16384)  # the timeline, the blame linter and the signals ask about the same entries
def leading_time(text: str) -> bool:
    """True when the entry starts with a clock time (optionally after a date) or a relative time like T+5."""
    flat = plain(text)
    if _RELATIVE.match(flat):
        return True
    opening = flat[:40]
    if ":" not in opening:  # every clock time has one; most lines of a document have none up front
        return False
    match = _CLOCK.search(opening)
    if not match:
        return False
    prefix = _DATE_WORDS.sub(" ", flat[: match.start()])
    return not _WORD_CHARACTER.search(prefix)


def mentions_zone(text: str) -> bool:
    return bool(_ZONE.search(plain(text)))


_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_YEAR_MONTHNAME_DAY = re.compile(r"\b(\d{4})-([a-z]{3,9})-(\d{1,2})\b", re.I)
_MONTHNAME_DAY_YEAR = re.compile(r"\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)
_DAY_MONTHNAME_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+(\d{4})\b", re.I)
_DMY = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")
_QUARTER = re.compile(r"\bQ[1-4]\s*(?:FY)?\s*'?\d{2,4}\b|\b(?:end of|by)\s+(?:Q[1-4]|sprint|week|month)\b", re.I)


def _month(name: str) -> int | None:
    key = name[:3].lower()
    return _MONTHS.index(key) + 1 if key in _MONTHS else None


def first_date(text: str) -> date | None:
    """The first calendar date written in the text (ISO, 'August 11, 2014', '11 Aug 2014', '2014-August-11')."""
    candidates: list[tuple[int, date]] = []
    for pattern, order in (
        (_ISO_DATE, "ymd"), (_YEAR_MONTHNAME_DAY, "yMd"), (_MONTHNAME_DAY_YEAR, "Mdy"),
        (_DAY_MONTHNAME_YEAR, "dMy"), (_DMY, "dmy"),
    ):
        for match in pattern.finditer(text):
            parts = dict(zip(order, match.groups(), strict=True))
            month = _month(parts["M"]) if "M" in parts else int(parts["m"])
            try:
                if month:
                    candidates.append((match.start(), date(int(parts["y"]), month, int(parts["d"]))))
            except ValueError:
                continue
    return min(candidates)[1] if candidates else None


def has_due_date(text: str) -> bool:
    """A calendar date or a dated horizon such as 'Q3 2025' or 'by end of sprint'."""
    return first_date(text) is not None or bool(_QUARTER.search(text))


WORD = re.compile(r"[a-z][a-z'-]+")
STOPWORDS = frozenset(
    """about above after again against also because been before being below between could does doing during
    each from further have having here into itself more most other ought over same should some such than that
    their theirs them then there these they this those through under until very were what when where which
    while with would your make made ensure need needs will using used team incident issue""".split()
)


def stems(text: str) -> set[str]:
    """Five-letter word stems of the content words, for crude overlap between factors and actions."""
    return {word[:5] for word in WORD.findall(plain(text).lower()) if len(word) >= 5 and word not in STOPWORDS}
