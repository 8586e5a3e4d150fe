"""The secret and personal-data shapes the redactor removes, compiled once at import, in the order applied.

Each rule names a redaction type (the `<type>` in `[REDACTED:<type>]`; the names are stable, scripts
may rely on them, and `DESCRIPTIONS` documents each) and either masks its whole match or only one group
(the password in a URL, the value after a key-like word), so the surrounding context stays readable.

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

    `precheck` sees the lower-cased text and says whether the rule can match at all: a cheap test (a
    substring, a count) that keeps thousands of clean chat lines fast. `accept` vetoes a candidate
    (a clock time that looks like IPv6, a low-entropy word after "token:").
    """

    kind: str
    pattern: re.Pattern[str]
    group: int = 0
    precheck: Callable[[str], bool] | None = None
    accept: Callable[[str], bool] | None = None


def _mentions(*words: str) -> Callable[[str], bool]:
    if len(words) == 1:
        word = words[0]
        return lambda lowered: word in lowered
    finder = re.compile("|".join(map(re.escape, words))).search
    return lambda lowered: finder(lowered) is not None


_THREE_DIGITS = re.compile(r"\d\d\d")


def _digit_count(text: str) -> int:
    return sum(map(text.count, "0123456789"))


def _mixed_case_and_digits(value: str) -> bool:
    return any(c.isupper() for c in value) and any(c.islower() for c in value) and any(c.isdigit() for c in value)


def _looks_random(value: str) -> bool:
    """A token rather than a word: letters and digits mixed, or high character entropy."""
    if any(ch.isdigit() for ch in value) and any(ch.isalpha() for ch in value):
        return True
    counts = Counter(value)
    entropy = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    return entropy >= 3.5


_NOT_PASSWORDS = frozenset({"true", "false", "null", "none", "yes", "no", "n/a", "redacted", "hidden", "secret"})


def _is_secret_value(value: str) -> bool:
    """A literal password, not a masked one or a reference to one (`$DB_PASSWORD`, `{{ vault }}`, `<pw>`)."""
    return bool(value) and value[0] not in "$%{<*" and set(value) != {"x"} and value.lower() not in _NOT_PASSWORDS


def _is_ipv6(candidate: str) -> bool:
    """Valid IPv6 written with `::` or as all 8 groups, so clock times (14:05:11), MACs, `a[::2]` and
    `abc::def` stay. `::1` stays too: loopback identifies nobody."""
    if "::" not in candidate and candidate.count(":") != 7:
        return False
    groups = [group for group in re.split(r"[:.]", candidate) if group]
    if len(groups) < 2 or not any(ch.isdigit() for ch in candidate):
        return False
    try:
        ipaddress.IPv6Address(candidate)
    except ValueError:
        return False
    return True


def _has_enough_phone_digits(candidate: str) -> bool:
    return 8 <= _digit_count(candidate) <= 15


def _is_ipv4(candidate: str) -> bool:
    return all(int(octet) <= 255 for octet in candidate.split("."))


_KEY_WORDS = (
    r"(?:api[_-]?key|apikey|access[_-]?key(?:[_-]?id)?|secret[_-]?key|client[_-]?secret|app[_-]?secret|secret"
    r"|access[_-]?token|refresh[_-]?token|auth[_-]?token|id[_-]?token|token|private[_-]?key|signing[_-]?key"
    r"|session[_-]?(?:id|key|token)|credentials?|auth)"
)
_TOKEN_VALUE = r"[A-Za-z0-9._~+/=-]{12,}"
_I = re.IGNORECASE

RULES: tuple[Rule, ...] = (
    Rule(
        "private-key",
        re.compile(
            r"-----BEGIN (?P<label>[A-Z0-9 ]{0,30})PRIVATE KEY(?: BLOCK)?-----"
            # the body never contains "-----", so a cut-off block cannot run on into the next one
            r"(?:(?:(?!-----).)*?-----END (?P=label)PRIVATE KEY(?: BLOCK)?-----"
            # a truncated paste: swallow the base64 lines that follow, never ordinary prose
            r"|(?:[ \t]*\r?\n[ \t]*(?:[\w-]+: [^\n]*|[A-Za-z0-9+/=]{16,}))*)",
            re.DOTALL,
        ),
        precheck=_mentions("-----begin"),
    ),
    Rule(
        "slack-webhook",
        re.compile(r"https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]+"),
        precheck=_mentions("hooks.slack.com"),
    ),
    Rule(
        "url-password",
        # greedy up to the last "@" before the path, so an unencoded "@" in the password is masked too
        re.compile(r"\b[a-z][a-z0-9+.-]{1,20}://[^\s:/@\[\]]*:((?:(?!\[REDACTED:)[^\s/])+)@", _I),
        group=1,
        precheck=_mentions("://"),
    ),
    Rule(
        "jwt",
        re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"),
        precheck=_mentions("eyj"),
    ),
    Rule("anthropic-key", re.compile(r"\bsk-ant-[A-Za-z0-9_-]{20,}"), precheck=_mentions("sk-ant-")),
    Rule(
        "openai-key",
        re.compile(r"\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}"),
        precheck=_mentions("sk-"),
        accept=_looks_random,
    ),
    Rule(
        "stripe-key",
        re.compile(r"\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}\b|\bwhsec_[A-Za-z0-9]{20,}\b"),
        precheck=_mentions("_live_", "_test_", "whsec_"),
    ),
    # The same live/test key shape other payment and API vendors use with a prefix of their own ("xx_live_sk_…").
    Rule(
        "vendor-key",
        re.compile(r"\b[A-Za-z]{2,12}_(?:live|test)_(?:[A-Za-z]{1,8}_)?[A-Za-z0-9]{16,}\b"),
        precheck=_mentions("_live_", "_test_"),
        accept=_looks_random,
    ),
    Rule(
        "github-token",
        re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b"),
        precheck=_mentions("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
    ),
    Rule(
        "slack-token",
        re.compile(r"\b(?:xox[abposre]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,})"),
        precheck=_mentions("xox", "xapp-"),
    ),
    Rule(
        "aws-access-key",
        re.compile(r"\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA|ASCA)[A-Z0-9]{16}\b"),
        precheck=_mentions("akia", "asia", "abia", "acca", "agpa", "aida", "aipa", "anpa", "anva", "aroa", "apka", "asca"),
    ),
    Rule("gcp-api-key", re.compile(r"\bAIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])"), precheck=_mentions("aiza")),
    Rule(
        "aws-secret",
        re.compile(
            r"(?:aws_?secret(?:_?access)?_?key|secret_?access_?key)[\"']?\s*[:=]\s*[\"']?"
            r"([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
            _I,
        ),
        group=1,
        precheck=_mentions("secret"),
    ),
    Rule(
        "azure-key",
        re.compile(r"\b(?:AccountKey|SharedAccessKey|SharedAccessSignature|sig)=(?!\[REDACTED:)([^;\s\"'&]{16,})", _I),
        group=1,
        precheck=_mentions("accountkey=", "sharedaccess", "sig="),
    ),
    Rule(
        "password",
        re.compile(
            r"(?:password|passwd|passphrase|(?<![A-Za-z])pwd|[_-]pass(?![A-Za-z])|(?<![A-Za-z])pass(?==))\w{0,20}"
            r"[\"']?[ \t]*[:=][ \t]*[\"']?(?!\[REDACTED:)"
            r"((?<=\")[^\"\n]+(?=\")|(?<=')[^'\n]+(?=')|(?<![\"'])[^\s;,'\"&]+)",
            _I,
        ),
        group=1,
        precheck=_mentions("pass", "pwd"),
        accept=_is_secret_value,
    ),
    Rule(
        "token",
        re.compile(rf"{_KEY_WORDS}\w{{0,20}}[\"']?[ \t]*[:=][ \t]*[\"']?({_TOKEN_VALUE})", _I),
        group=1,
        precheck=_mentions("key", "secret", "token", "cred", "auth", "session"),
        accept=_looks_random,
    ),
    Rule(
        "token",
        re.compile(rf"\b(?:bearer|basic)[ \t]+({_TOKEN_VALUE})", _I),
        group=1,
        precheck=_mentions("bearer", "basic"),
        accept=_looks_random,
    ),
    # Key material pasted line by line (a private key body after its BEGIN line went out as separate chat
    # messages) or on its own: a long base64 run mixing capitals, small letters and digits is never prose, a
    # commit hash (hex, one case) or a path (a run that continues a host name or a word is part of a link).
    Rule(
        "key-material",
        re.compile(r"(?<![A-Za-z0-9+/.:_-])[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/.])"),
        accept=_mixed_case_and_digits,
    ),
    Rule(
        "email",
        re.compile(r"(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z]{2,24}\b"),
        precheck=_mentions("@"),
    ),
    Rule(
        "ipv6",
        re.compile(
            r"(?=[0-9A-Fa-f:])(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}"
            r"(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{1,4})?(?![\w:]|\.\d)"
        ),
        precheck=lambda lowered: "::" in lowered or lowered.count(":") >= 7,
        accept=_is_ipv6,
    ),
    Rule(
        "ipv4",
        # the look-behind sits after the first digit so the scan can skip ahead on digits
        re.compile(r"\d(?<![\w.-]\d)\d{0,2}(?:\.\d{1,3}){3}(?!\w|[.-]\d)"),
        precheck=lambda lowered: lowered.count(".") >= 3,
        accept=_is_ipv4,
    ),
    Rule(
        "phone",
        re.compile(
            # international: +CC then 2-5 groups of digits: +1 415 555 0142, +44 (0)20 7946 0958
            r"\+(?<![\w+]\+)\d{1,3}(?:[ .-]?\(?\d{1,5}\)?){2,5}(?![\w.-]?\d)"
            # North American: (415) 555-0142, 415-555-0142, 415.555.0142, 415 555 0142
            r"|(?:\((?<![\w.+-]\()\d{3}\)[ .-]?|\d(?<![\w.+-]\d)\d\d[ .-])\d{3}[ .-]\d{4}(?![\w.-]?\d)"
        ),
        precheck=lambda lowered: _THREE_DIGITS.search(lowered) is not None,
        accept=_has_enough_phone_digits,
    ),
    Rule(
        "phone",
        re.compile(r"\b(?:phone|mobile|cell|tel)(?:\s*(?:no\.?|number|#))?\s*[:#]?\s*(\+?\d[\d ().-]{5,18}\d)(?![\w.-]?\d)", _I),
        group=1,
        precheck=_mentions("phone", "mobile", "cell", "tel"),
        accept=lambda number: 7 <= _digit_count(number) <= 15,
    ),
)

KINDS: tuple[str, ...] = tuple(dict.fromkeys(rule.kind for rule in RULES))

DESCRIPTIONS: dict[str, str] = {
    "private-key": "a PEM/OpenSSH/PGP private key block, whole (also when cut off)",
    "slack-webhook": "a Slack incoming-webhook URL, whole",
    "url-password": "the password in scheme://user:PASSWORD@host (scheme, user and host kept)",
    "jwt": "a JSON Web Token (eyJ....eyJ....sig)",
    "anthropic-key": "an Anthropic API key (sk-ant-...)",
    "openai-key": "an OpenAI API key (sk-..., sk-proj-...)",
    "stripe-key": "a Stripe key (sk_/rk_/pk_ live or test, whsec_)",
    "vendor-key": "another vendor's live or test key in the same shape (prefix_live_…, prefix_test_…)",
    "key-material": "a base64 run of 40+ characters mixing capitals, small letters and digits (key bodies, blobs)",
    "github-token": "a GitHub token (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)",
    "slack-token": "a Slack token (xoxb-, xoxp-, xapp-, ...)",
    "aws-access-key": "an AWS access key id (AKIA..., ASIA..., ...)",
    "gcp-api-key": "a Google Cloud API key (AIza...)",
    "aws-secret": "an AWS secret access key after its variable name",
    "azure-key": "an Azure AccountKey / SharedAccessKey / SAS signature value",
    "password": "a password value: Password=...; in connection strings, password=... in DSNs, PGPASSWORD=...",
    "token": "a random-looking value after a key-like word (api_key=, token:, secret=, Bearer ...)",
    "email": "an e-mail address",
    "ipv6": "an IPv6 address (with :: or all 8 groups; not clock times)",
    "ipv4": "an IPv4 address, private ranges included (not versions like 1.24.0)",
    "phone": "a phone number: +CC international, North American, or after phone:/mobile:/tel:",
}
