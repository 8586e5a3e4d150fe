"""Properties of redaction over generated input: never raises, idempotent, every generated secret removed."""

import ipaddress
import string

from hypothesis import given
from hypothesis import strategies as st

from agent.privacy.redact import redact_text

UPPER_DIGITS = string.ascii_uppercase + string.digits
ALNUM = string.ascii_letters + string.digits
BASE64 = ALNUM + "+/"
URLSAFE = ALNUM + "-_"


def run(alphabet: str, size: int, max_size: int | None = None) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=size, max_size=max_size or size)


def mixed(alphabet: str, size: int) -> st.SearchStrategy[str]:
    """Random characters that, like every real key, contain at least one letter and one digit."""
    return st.tuples(run(alphabet, size - 2), st.sampled_from(string.ascii_letters), st.sampled_from(string.digits)).map(
        lambda parts: parts[1] + parts[0] + parts[2]
    )


def _ipv6(number: int) -> st.SearchStrategy[str]:
    address = ipaddress.IPv6Address((0x20010DB8 << 96) | number)
    return st.sampled_from([address.compressed, address.exploded])


SECRETS: dict[str, st.SearchStrategy[str]] = {
    "aws-access-key": st.tuples(st.sampled_from(["AKIA", "ASIA", "AROA"]), run(UPPER_DIGITS, 16)).map("".join),
    "aws-secret": run(BASE64, 40).map(lambda value: f"aws_secret_access_key={value}"),
    "stripe-key": st.tuples(st.sampled_from(["sk_live_", "sk_test_", "rk_live_"]), run(ALNUM, 24, 99)).map("".join),
    "github-token": st.tuples(st.sampled_from(["ghp_", "gho_", "ghs_"]), run(ALNUM, 36, 60)).map("".join),
    "slack-token": st.tuples(st.sampled_from(["xoxb-", "xoxp-"]), run(string.digits, 10, 13), run(ALNUM, 24)).map(
        lambda parts: f"{parts[0]}{parts[1]}-{parts[1]}-{parts[2]}"
    ),
    "slack-webhook": run(ALNUM, 24).map(lambda tail: f"https://hooks.slack.com/services/T0ABC/B0DEF/{tail}"),
    "anthropic-key": run(URLSAFE, 90, 110).map(lambda body: f"sk-ant-api03-{body}"),
    "openai-key": mixed(URLSAFE, 48).map(lambda body: f"sk-proj-{body}"),
    "jwt": st.tuples(run(URLSAFE, 10, 60), run(URLSAFE, 10, 200), run(URLSAFE, 0, 86)).map(
        lambda parts: f"eyJ{parts[0]}.eyJ{parts[1]}.{parts[2]}"
    ),
    "private-key": st.lists(run(BASE64, 64), min_size=1, max_size=6).map(
        lambda lines: "-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(lines) + "\n-----END RSA PRIVATE KEY-----"
    ),
    "url-password": st.tuples(run(string.ascii_lowercase, 1, 12), mixed(ALNUM + "!*~_-.%", 12)).map(
        lambda parts: f"postgres://{parts[0]}:{parts[1]}@db.internal:5432/app"
    ),
    "password": mixed(ALNUM + "!#*~_-.", 10).map(lambda value: f"Server=db;User Id=app;Password={value};"),
    "token": st.tuples(st.sampled_from(["api_key=", "token: ", "client_secret=", "Bearer "]), mixed(ALNUM, 32)).map(
        "".join
    ),
    "email": st.tuples(run(string.ascii_lowercase + ".", 1, 20), run(string.ascii_lowercase, 2, 12)).map(
        lambda parts: f"x{parts[0]}@{parts[1]}.example"
    ),
    "phone": st.tuples(st.integers(1, 99), st.integers(200, 999), st.integers(100, 999), st.integers(0, 9999)).map(
        lambda parts: f"+{parts[0]} {parts[1]} {parts[2]} {parts[3]:04d}"
    ),
    # a host's address ("6.0.0.0" names no host: an assembly version or a /8 network)
    "ipv4": st.tuples(*(st.integers(0, 255) for _ in range(4))).filter(lambda octets: any(octets[1:])).map(
        lambda octets: ".".join(map(str, octets))),
    "ipv6": st.integers(0x10000, 2**96 - 1).flatmap(_ipv6),
}

# Surrounding chat: words, numbers, times and punctuation, as in a real incident channel.
WORDS = st.sampled_from(
    ["the", "deploy", "rolled", "back", "at", "14:05", "2:09 PM", "v3.8.1", "SEV2", "#4812", "18.2%", "$48,000",
     "ok", "pgbouncer", "db", "ack", "->", "(", ")", ":", "...", "2026-03-10", "45m", "users", "failed", "🙂"]
)
CHAT = st.lists(WORDS, max_size=12).map(" ".join)


@given(kind=st.sampled_from(sorted(SECRETS)), data=st.data(), before=CHAT, after=CHAT)
def test_any_generated_secret_embedded_in_chat_is_removed(kind, data, before, after):
    secret = data.draw(SECRETS[kind], label="secret")
    redacted, counts = redact_text(f"{before} {secret} {after}")
    # for shapes that mask only the value, check the value; otherwise the whole secret
    sensitive = secret.split("=", 1)[-1].split(": ", 1)[-1].removeprefix("Bearer ")
    if kind == "url-password":
        sensitive = secret.split(":")[2].split("@")[0]
        assert f"://{secret.split('://')[1].split(':')[0]}:" not in redacted  # the account goes with its password
    if kind == "password":
        sensitive = secret.split("Password=")[1].rstrip(";")
    assert sensitive not in redacted
    assert counts.counts.get(kind, 0) >= 1


@given(st.text(max_size=300))
def test_redaction_never_raises_and_is_idempotent_on_any_text(text):
    once, _ = redact_text(text)
    twice, second = redact_text(once)
    assert twice == once
    assert second.total == 0


TAGGED_PARTS = st.one_of(CHAT.map(lambda text: (False, text)), *(shape.map(lambda text: (True, text)) for shape in SECRETS.values()))


@given(st.lists(TAGGED_PARTS, max_size=8), st.sampled_from([" ", "\n", "; ", ", "]))
def test_redaction_is_idempotent_on_secret_laden_chat(parts, separator):
    once, first = redact_text(separator.join(text for _, text in parts))
    twice, second = redact_text(once)
    assert twice == once
    assert second.total == 0
    assert first.total >= sum(is_secret for is_secret, _ in parts)


@given(CHAT)
def test_ordinary_chat_words_are_never_redacted(text):
    redacted, counts = redact_text(text)
    assert redacted == text
    assert counts.total == 0
