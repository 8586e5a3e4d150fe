"""The secret and personal-data shapes the redactor removes, compiled once at import, in the order applied.

Each rule names a redaction type (the `<type>` in `[REDACTED:<type>]`; these names are stable and
documented in README/SPEC terms) and either masks its whole match or only one group (the password in a
URL, the value after a key-like word), so the surrounding context stays readable.

Order matters: whole-block and URL shapes first, vendor keys before the generic "token after a key-like
word" rule, addresses before phone numbers (so an IPv4 address is never read as a dotted phone number).
"""

import ipaddress
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable

PLACEHOLDER_PREFIX = "[REDACTED:"


@dataclass(frozen=True)
class Rule:
    """One redaction shape. `group` 0 masks the whole match; otherwise only that group is masked.

    `guards` are lower-case substrings one of which must occur in the lower-cased text for the rule to
    run at all: a cheap pre-check that keeps thousands of clean chat lines fast. `accept` vetoes a
    candidate (a time that looks like IPv6, a low-entropy word after "token:").
    """

    kind: str
    pattern: re.Pattern[str]
    group: int = 0
    guards: tuple[str, ...] = ()
    accept: Callable[[str], bool] | None = None


def _looks_random(value: str) -> bool:
    """A token rather than a word: letters and digits mixed, or high character entropy."""
    if any(ch.isdigit() for ch in value) and any(ch.isalpha() for ch in value):
        return True
    counts = Counter(value)
    entropy = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    return entropy >= 3.5


def _is_secret_value(value: str) -> bool:
    """A literal password, not a masked one or a reference to one (`$DB_PASSWORD`, `{{ vault }}`, `<pw>`)."""
    stripped = value.strip("\"'")
    return bool(stripped) and stripped[0] not in "$%{<*" and set(stripped) != {"x"}


def _is_ipv6(candidate: str) -> bool:
    """Valid IPv6 written with `::` or as all 8 groups, so clock times (14:05:11) and MACs stay."""
    if "::" not in candidate and candidate.count(":") != 7:
        return False
    try:
        ipaddress.IPv6Address(candidate)
    except ValueError:
        return False
    return True


def _has_enough_phone_digits(candidate: str) -> bool:
    return 8 <= sum(ch.isdigit() for ch in candidate) <= 15


_KEY_WORDS = (
    r"(?:api[_-]?key|apikey|access[_-]?key(?:[_-]?id)?|secret[_-]?key|client[_-]?secret|app[_-]?secret|secret"
    r"|access[_-]?token|refresh[_-]?token|auth[_-]?token|id[_-]?token|token|private[_-]?key|signing[_-]?key"
    r"|session[_-]?(?:id|key|token)|credentials?|auth)"
)
_TOKEN_VALUE = r"[A-Za-z0-9._~+/=-]{12,512}"
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_I = re.IGNORECASE

RULES: tuple[Rule, ...] = (
    Rule(
        "private-key",
        re.compile(
            r"-----BEGIN [A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----"
            r"(?:.*?-----END [A-Z0-9 ]{0,30}PRIVATE KEY(?: BLOCK)?-----"
            # a truncated paste: swallow the base64 lines that follow, never ordinary prose
            r"|(?:[ \t]*\r?\n[ \t]*(?:[\w-]+: [^\n]*|[A-Za-z0-9+/=]{16,}))*)",
            re.DOTALL,
        ),
        guards=("-----begin",),
    ),
    Rule(
        "slack-webhook",
        re.compile(r"https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]+"),
        guards=("hooks.slack.com",),
    ),
    Rule(
        "url-password",
        re.compile(r"\b[a-z][a-z0-9+.-]{1,20}://[^\s:/@\[\]]*:([^\s@/]+)@", _I),
        group=1,
        guards=("://",),
    ),
    Rule(
        "jwt",
        re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"),
        guards=("eyj",),
    ),
    Rule("anthropic-key", re.compile(r"\bsk-ant-[A-Za-z0-9_-]{20,}"), guards=("sk-ant-",)),
    Rule(
        "openai-key",
        re.compile(r"\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}"),
        guards=("sk-",),
        accept=_looks_random,
    ),
    Rule(
        "stripe-key",
        re.compile(r"\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}\b|\bwhsec_[A-Za-z0-9]{20,}\b"),
        guards=("_live_", "_test_", "whsec_"),
    ),
    Rule(
        "github-token",
        re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b"),
        guards=("gh", "github_pat_"),
    ),
    Rule(
        "slack-token",
        re.compile(r"\b(?:xox[abposre]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,})"),
        guards=("xox", "xapp-"),
    ),
    Rule(
        "aws-access-key",
        re.compile(r"\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16}\b"),
        guards=("akia", "asia", "abia", "acca", "agpa", "aida", "aipa", "anpa", "anva", "aroa", "apka", "asca"),
    ),
    Rule("gcp-api-key", re.compile(r"\bAIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])"), guards=("aiza",)),
    Rule(
        "aws-secret",
        re.compile(
            r"(?:aws_?secret(?:_?access)?_?key|secret_?access_?key)[\"']?\s*[:=]\s*[\"']?"
            r"([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
            _I,
        ),
        group=1,
        guards=("secret",),
    ),
    Rule(
        "azure-key",
        re.compile(r"\b(?:AccountKey|SharedAccessKey|SharedAccessSignature|sig)=([^;\s\"'&]{16,})", _I),
        group=1,
        guards=("accountkey=", "sharedaccess", "sig="),
    ),
    Rule(
        "password",
        re.compile(
            r"(?:(?<![A-Za-z])pass(?:wd|phrase)?|password|(?<![A-Za-z])pwd)\w{0,20}[\"']?[ \t]*[:=][ \t]*"
            r"(\"[^\"\n]+\"|'[^'\n]+'|[^\s;,'\"&]+)",
            _I,
        ),
        group=1,
        guards=("pass", "pwd"),
        accept=_is_secret_value,
    ),
    Rule(
        "token",
        re.compile(rf"{_KEY_WORDS}\w{{0,20}}[\"']?[ \t]*[:=][ \t]*[\"']?({_TOKEN_VALUE})", _I),
        group=1,
        guards=("key", "secret", "token", "cred", "auth", "session"),
        accept=_looks_random,
    ),
    Rule(
        "token",
        re.compile(rf"\b(?:bearer|basic)[ \t]+({_TOKEN_VALUE})", _I),
        group=1,
        guards=("bearer", "basic"),
        accept=_looks_random,
    ),
    Rule(
        "email",
        re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z]{2,24}\b"),
        guards=("@",),
    ),
    Rule(
        "ipv6",
        re.compile(r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|\d{1,3}(?:\.\d{1,3}){3})?(?![\w:])"),
        guards=(":",),
        accept=_is_ipv6,
    ),
    Rule(
        "ipv4",
        re.compile(rf"(?<![\w.]){_OCTET}(?:\.{_OCTET}){{3}}(?![\w]|\.\d)"),
        guards=(".",),
    ),
    Rule(
        "phone",
        re.compile(
            # international: +CC then 2-5 groups of digits
            r"(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,5}\)?){2,5}(?![\w.-]?\d)"
            # North American: (415) 555-0142, 415-555-0142, 415.555.0142, 415 555 0142
            r"|(?<![\w.+-])(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w.-]?\d)"
            # after a phone word: mobile: 07700 900123
            r"|(?<=phone: )[\d ().-]{7,20}\d|(?<=mobile: )[\d ().-]{7,20}\d|(?<=tel: )[\d ().-]{7,20}\d",
            _I,
        ),
        accept=_has_enough_phone_digits,
    ),
)

KINDS: tuple[str, ...] = tuple(dict.fromkeys(rule.kind for rule in RULES))
