"""Synthetic secrets and personal data for the redaction benchmark: each type makes chat messages that carry a
value of its real shape (vendor prefix, length, alphabet, check digits), from a seeded random generator.

A plant is the messages to post and the values that must not survive anywhere. Values are random, so no rule
can have been written for one of them; the sentences around them are ours and vary.
"""

import base64
import ipaddress
import string
from collections.abc import Callable
from dataclasses import dataclass
from random import Random

ALNUM = string.ascii_letters + string.digits
UPPER_DIGITS = string.ascii_uppercase + string.digits
HEX = "0123456789abcdef"
URLSAFE = ALNUM + "-_"
BASE64 = ALNUM + "+/"


@dataclass
class Plant:
    kind: str
    messages: list[str]
    values: list[str]


def run(rng: Random, size: int, alphabet: str = ALNUM) -> str:
    """Random characters; with a mixed alphabet, at least one capital, one small letter and one digit."""
    while True:
        value = "".join(rng.choice(alphabet) for _ in range(size))
        kinds = [set(value) & set(group) for group in (string.ascii_uppercase, string.ascii_lowercase, string.digits)
                 if set(alphabet) & set(group)]
        if all(kinds) or size < 8:
            return value


def _luhn_digit(partial: str) -> str:
    total = 0
    for position, digit in enumerate(reversed(partial)):
        value = int(digit) * (1 if position % 2 else 2)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def _digits(rng: Random, size: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(size))


def card(rng: Random, prefix: str, length: int) -> str:
    partial = prefix + _digits(rng, length - len(prefix) - 1)
    return partial + _luhn_digit(partial)


def _grouped(number: str, sizes: tuple[int, ...]) -> str:
    """`number` written in groups of `sizes` digits, as printed on the card."""
    groups, start = [], 0
    for size in sizes:
        groups.append(number[start:start + size])
        start += size
    return " ".join(groups)


def iban(rng: Random) -> str:
    country, length = rng.choice([("DE", 22), ("GB", 22), ("FR", 27), ("NL", 18), ("ES", 24), ("IT", 27)])
    bban = (_digits(rng, length - 4) if country in ("DE", "ES") else
            "".join(rng.choice(string.ascii_uppercase) for _ in range(4)) + _digits(rng, length - 8))
    number = int("".join(str(int(ch, 36)) for ch in bban + country + "00"))
    compact = f"{country}{98 - number % 97:02d}{bban}"
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4)) if rng.random() < 0.5 else compact


def us_ssn(rng: Random) -> str:
    return f"{rng.randint(1, 665):03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def uk_nino(rng: Random) -> str:
    first = rng.choice("ABCEGHJKLMNOPRSTWXYZ")
    second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    if first + second in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
        second = "A"
    digits = _digits(rng, 6)
    return f"{first}{second} {digits[:2]} {digits[2:4]} {digits[4:]} {rng.choice('ABCD')}"


def es_dni(rng: Random) -> str:
    number = rng.randint(10_000_000, 99_999_999)
    return f"{number}{'TRWAGMYFPDXBNJZSQVHLCKE'[number % 23]}"


def br_cpf(rng: Random) -> str:
    digits = [rng.randint(0, 9) for _ in range(9)]
    for length in (9, 10):
        digits.append(sum(d * w for d, w in zip(digits, range(length + 1, 1, -1), strict=False)) * 10 % 11 % 10)
    text = "".join(map(str, digits))
    return f"{text[:3]}.{text[3:6]}.{text[6:9]}-{text[9:]}"


def se_personnummer(rng: Random) -> str:
    partial = f"{rng.randint(50, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{_digits(rng, 3)}"
    return f"{partial[:6]}-{partial[6:]}{_luhn_digit(partial)}"


def fr_nir(rng: Random) -> str:
    body = f"{rng.randint(1, 2)}{rng.randint(50, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 95):02d}{_digits(rng, 6)}"
    key = 97 - int(body) % 97
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"


_VERHOEFF_D = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
               [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
               [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
               [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
_VERHOEFF_P = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
               [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
               [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]
_VERHOEFF_INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def in_aadhaar(rng: Random) -> str:
    partial = str(rng.randint(2, 9)) + _digits(rng, 10)
    check = 0
    for position, digit in enumerate(reversed(partial)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[(position + 1) % 8][int(digit)]]
    number = partial + str(_VERHOEFF_INV[check])
    return f"{number[:4]} {number[4:8]} {number[8:]}"


def it_codice_fiscale(rng: Random) -> str:
    odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
    letters = lambda n: "".join(rng.choice(string.ascii_uppercase) for _ in range(n))  # noqa: E731
    code = f"{letters(6)}{rng.randint(50, 99)}{rng.choice('ABCDEHLMPRST')}{rng.randint(1, 28):02d}{letters(1)}{_digits(rng, 3)}"
    total = sum(odd[int(ch) if ch.isdigit() else ord(ch) - 65] if i % 2 == 0 else (int(ch) if ch.isdigit() else ord(ch) - 65)
                for i, ch in enumerate(code))
    return code + chr(65 + total % 26)


def nl_bsn(rng: Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        last = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if last < 10 and (digits[0] or last):
            return "".join(map(str, digits)) + str(last)


def jwt(rng: Random) -> str:
    def part(payload: str) -> str:
        return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")
    header = part('{"alg":"HS256","typ":"JWT"}')
    claims = part(f'{{"sub":"{run(rng, 10)}","iat":{rng.randint(1_700_000_000, 1_800_000_000)}}}')
    return f"{header}.{claims}.{run(rng, 43, URLSAFE)}"


def private_key_lines(rng: Random) -> list[str]:
    label = rng.choice(["RSA ", "EC ", "OPENSSH ", ""])
    body = [run(rng, 64, BASE64) for _ in range(rng.randint(3, 6))] + [run(rng, 24, BASE64) + "=="]
    return [f"-----BEGIN {label}PRIVATE KEY-----", *body, f"-----END {label}PRIVATE KEY-----"]


GIVEN = ["Priya", "Imogen", "Tobias", "Amara", "Kenji", "Lucía", "Farid", "Oksana", "Mateus", "Ingrid", "Chidi",
         "Noor", "Sven", "Aiko", "Rafael", "Zofia", "Emeka", "Hana", "Dmitri", "Leilani"]
FAMILY = ["Patel", "Achterberg", "Lindqvist", "Okonkwo", "Takahashi", "Moreno", "Haddad", "Kovalenko", "Ferreira",
          "Nilsen", "Abernathy", "Quispe", "Van Rooyen", "Castellanos", "Hartmann", "Mwangi", "Sørensen", "Dubois"]


def _say(rng: Random, *templates: str) -> str:
    return rng.choice(templates)


def _plant(kind: str, make: Callable[[Random], str], templates: tuple[str, ...]) -> Callable[[Random], Plant]:
    """A plant of one message: one of `templates` with {v} replaced by a value `make` draws."""
    def planted(rng: Random) -> Plant:
        value = make(rng)
        return Plant(kind, [rng.choice(templates).format(v=value)], [value])
    return planted


def _password_in_url(rng: Random) -> Plant:
    password = run(rng, rng.randint(10, 18), ALNUM + "-_!~")
    scheme, port = rng.choice([("postgres", 5432), ("mysql", 3306), ("mongodb+srv", 27017), ("redis", 6379), ("amqp", 5672)])
    url = f"{scheme}://{rng.choice(['app', 'svc_orders', 'migrator', 'ro_user'])}:{password}@db-{rng.randint(1, 9)}.internal:{port}/main"
    text = _say(rng, "connection string from the pod env: {u}", "DATABASE_URL={u}", "psql \"{u}\" works from the bastion")
    return Plant("url-password", [text.format(u=url)], [password])


def _aws_pair(rng: Random) -> Plant:
    key_id = "AKIA" + run(rng, 16, UPPER_DIGITS)
    secret = run(rng, 40, BASE64)
    text = _say(rng, "{k} / {s}", "creds in the leaked config: {k} {s}", "{k}\n{s}", "id {k}, secret {s}.")
    return Plant("aws-secret-pair", [text.format(k=key_id, s=secret)], [key_id, secret])


def _customer(rng: Random) -> Plant:
    name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
    first = _say(rng, "customer {n} reported that checkout charged twice", "the customer, {n}, called support about the refund",
                 "support forwarded a ticket from customer {n}", "{n} (customer) says the invoice never arrived",
                 "for Acme's {n} the export is still empty")
    later = _say(rng, "refund for {n} is queued", "{n} confirmed it works again", "told {n} we will follow up tomorrow")
    return Plant("customer-name", [first.format(n=name), later.format(n=name)], [name])


def _password_in(language: str, templates: tuple[str, ...]) -> Callable[[Random], Plant]:
    def planted(rng: Random) -> Plant:
        value = run(rng, rng.randint(4, 8), string.ascii_letters) + rng.choice("!#-_.") + str(rng.randint(10, 9999))
        return Plant(f"password-{language}", [rng.choice(templates).format(v=value)], [value])
    return planted


def _private_key(rng: Random) -> Plant:
    lines = private_key_lines(rng)
    return Plant("private-key", ["\n".join(lines)], lines[1:-1])


def _ipv6(rng: Random) -> str:
    return ipaddress.IPv6Address((0x2001_0DB8 << 96) | rng.getrandbits(80)).compressed


PLANTS: dict[str, Callable[[Random], Plant]] = {
    "aws-access-key": _plant("aws-access-key", lambda r: "AKIA" + run(r, 16, UPPER_DIGITS),
                             ("AWS_ACCESS_KEY_ID={v}", "the key id in the screenshot is {v}")),
    "aws-secret-keyword": _plant("aws-secret-keyword", lambda r: run(r, 40, BASE64),
                                 ("aws_secret_access_key = {v}", "AWS_SECRET_ACCESS_KEY=\"{v}\"")),
    "aws-secret-pair": _aws_pair,
    "github-token": _plant("github-token", lambda r: r.choice(["ghp_", "gho_", "ghs_"]) + run(r, 36),
                           ("GITHUB_TOKEN={v}", "the runner used {v} to push", "revoking {v} now")),
    "github-fine-grained": _plant("github-fine-grained", lambda r: "github_pat_" + run(r, 22) + "_" + run(r, 59),
                                  ("fine-grained token {v} was in the log", "export GH_TOKEN={v}")),
    "gitlab-token": _plant("gitlab-token", lambda r: r.choice(["glpat-", "gldt-", "glrt-"]) + run(r, 20, URLSAFE),
                           ("CI pushed with {v}", "GITLAB_TOKEN: {v}", "the deploy token {v} is still valid")),
    "slack-token": _plant("slack-token", lambda r: f"xoxb-{r.randint(10**10, 10**11)}-{r.randint(10**12, 10**13)}-{run(r, 24)}",
                          ("bot token {v} is in the helm values", "SLACK_BOT_TOKEN={v}")),
    "slack-webhook": _plant("slack-webhook", lambda r: "https://hooks.slack.com/services/"
                            f"T{run(r, 8, UPPER_DIGITS)}/B{run(r, 10, UPPER_DIGITS)}/{run(r, 24)}",
                            ("alerts post to {v}", "webhook: {v}")),
    "discord-webhook": _plant("discord-webhook", lambda r: "https://discord.com/api/webhooks/"
                              f"{r.randint(10**17, 10**18)}/{run(r, 68, URLSAFE)}",
                              ("status bot posts to {v}", "the community webhook {v} got spammed")),
    "sendgrid-key": _plant("sendgrid-key", lambda r: f"SG.{run(r, 22, URLSAFE)}.{run(r, 43, URLSAFE)}",
                           ("SENDGRID_API_KEY={v}", "mail went out with key {v}")),
    "vault-token": _plant("vault-token", lambda r: r.choice(["hvs.", "hvb."]) + run(r, 92, URLSAFE),
                          ("VAULT_TOKEN={v}", "login returned {v}, rotating it")),
    "square-token": _plant("square-token", lambda r: r.choice(["sq0atp-", "sq0csp-"]) + run(r, r.choice([22, 43]), URLSAFE),
                           ("square creds {v} in the old deploy script", "SQUARE_ACCESS_TOKEN={v}")),
    "stripe-key": _plant("stripe-key", lambda r: r.choice(["sk_live_", "rk_live_", "sk_test_"]) + run(r, 24),
                         ("charge failed with key {v}", "STRIPE_SECRET_KEY={v}")),
    "twilio-key": _plant("twilio-key", lambda r: "SK" + run(r, 32, HEX),
                         ("twilio key {v} sends the SMS pages", "TWILIO_API_KEY={v}")),
    "npm-token": _plant("npm-token", lambda r: "npm_" + run(r, 36),
                        ("//registry.npmjs.org/:_authToken={v}", "publish used {v}")),
    "pypi-token": _plant("pypi-token", lambda r: "pypi-AgEIcHlwaS5vcmc" + run(r, 70, URLSAFE),
                         ("TWINE_PASSWORD={v}", "twine upload -u __token__ -p {v}")),
    "openai-key": _plant("openai-key", lambda r: "sk-proj-" + run(r, 48, URLSAFE),
                         ("OPENAI_API_KEY={v}", "the summariser still calls with {v}")),
    "anthropic-key": _plant("anthropic-key", lambda r: "sk-ant-api03-" + run(r, 93, URLSAFE) + "AA",
                            ("ANTHROPIC_API_KEY={v}", "found {v} in the notebook")),
    "gcp-api-key": _plant("gcp-api-key", lambda r: "AIza" + run(r, 35, URLSAFE),
                          ("maps key {v} hit its quota", "GOOGLE_API_KEY={v}")),
    "azure-connection": _plant("azure-connection", lambda r: run(r, 86, BASE64) + "==",
                               ("DefaultEndpointsProtocol=https;AccountName=logsprod;AccountKey={v};"
                                "EndpointSuffix=core.windows.net",
                                "Endpoint=sb://orders.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={v}")),
    "huggingface-token": _plant("huggingface-token", lambda r: "hf_" + run(r, 34, string.ascii_letters),
                                ("HF_TOKEN={v}", "model pull used {v}")),
    "digitalocean-token": _plant("digitalocean-token", lambda r: "dop_v1_" + run(r, 64, HEX),
                                 ("doctl auth init -t {v}", "DIGITALOCEAN_TOKEN={v}")),
    "jwt": _plant("jwt", jwt, ("Authorization: Bearer {v}", "the session cookie was {v}")),
    "private-key": _private_key,
    "url-password": _password_in_url,
    "api-key-context": _plant("api-key-context", lambda r: run(r, 32),
                              ("DD_API_KEY={v}", "x-api-key: {v}", "client_secret: {v}", "ledger token={v}")),
    "bearer-token": _plant("bearer-token", lambda r: run(r, 40, URLSAFE),
                           ("curl -H 'Authorization: Bearer {v}' https://api.internal/v1/orders",)),
    "password-en": _password_in("en", ("the new admin password is {v}", "password: {v}", "PGPASSWORD={v} psql -h db")),
    "password-de": _password_in("de", ("das Passwort ist {v}", "Passwort: {v}", "Kennwort={v}")),
    "password-es": _password_in("es", ("la contraseña es {v}", "contraseña: {v}", "clave: {v}")),
    "password-fr": _password_in("fr", ("le mot de passe est {v}", "mot de passe : {v}", "mdp: {v}")),
    "password-pt": _password_in("pt", ("a senha é {v}", "senha: {v}")),
    "password-ru": _password_in("ru", ("пароль: {v}", "новый пароль {v}")),
    "email": _plant("email", lambda r: f"{r.choice(GIVEN).lower()}.{r.choice(FAMILY).lower().replace(' ', '')}"
                    f"{r.randint(1, 99)}@{r.choice(['shopfast', 'tillpoint', 'parcelhub'])}.example",
                    ("reach me at {v}", "cc {v} on the ticket", "sent by {v}")),
    "phone-intl": _plant("phone-intl", lambda r: f"+{r.choice([44, 49, 33, 34, 31, 61])} {r.randint(20, 99)} "
                         f"{r.randint(1000, 9999)} {r.randint(1000, 9999)}",
                         ("call me on {v}", "the bridge number is {v}")),
    "phone-national": _plant("phone-national", lambda r: r.choice([f"07700 900{r.randint(100, 999)}",
                                                                   f"04{r.randint(10, 99)} {r.randint(100, 999)} {r.randint(100, 999)}",
                                                                   f"090-{r.randint(1000, 9999)}-{r.randint(1000, 9999)}"]),
                             ("ring me on {v}", "the caller's number is {v}")),
    "phone-us": _plant("phone-us", lambda r: f"({r.randint(201, 989)}) 555-{r.randint(1000, 9999)}",
                       ("my cell is {v}", "customer callback {v}")),
    "card-visa": _plant("card-visa", lambda r: _grouped(card(r, "4", 16), (4, 4, 4, 4)),
                        ("she pasted her card {v} into the ticket", "card on file: {v}")),
    "card-mastercard": _plant("card-mastercard", lambda r: card(r, r.choice(["51", "53", "55", "2221"]), 16),
                              ("declined card {v}", "customer card {v} was charged twice")),
    "card-amex": _plant("card-amex", lambda r: _grouped(card(r, r.choice(["34", "37"]), 15), (4, 6, 5)),
                        ("amex {v} failed 3DS", "card {v} exp 09/29")),
    "iban": _plant("iban", iban, ("refund to {v}", "payout IBAN {v} bounced", "IBAN: {v}")),
    "us-ssn": _plant("us-ssn", us_ssn, ("the form had SSN {v} in plain text", "ssn {v} was in the export")),
    "uk-nino": _plant("uk-nino", uk_nino, ("NI number {v} in the payroll CSV", "payroll row with {v}")),
    "es-dni": _plant("es-dni", es_dni, ("DNI {v} in the KYC upload", "the customer's DNI is {v}")),
    "br-cpf": _plant("br-cpf", br_cpf, ("CPF {v} showed up in the logs", "cliente com CPF {v}")),
    "se-personnummer": _plant("se-personnummer", se_personnummer, ("personnummer {v} in the request body",)),
    "fr-nir": _plant("fr-nir", fr_nir, ("numéro de sécurité sociale {v} dans le ticket", "NIR {v} in the CSV")),
    "in-aadhaar": _plant("in-aadhaar", in_aadhaar, ("Aadhaar {v} in the KYC log", "aadhaar no {v}")),
    "it-codice-fiscale": _plant("it-codice-fiscale", it_codice_fiscale, ("codice fiscale {v} in the invoice",)),
    "nl-bsn": _plant("nl-bsn", nl_bsn, ("BSN {v} stond in de export", "bsn: {v}")),
    "ipv4": _plant("ipv4", lambda r: f"{r.choice([10, 172, 192, 203, 198])}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                   ("traffic from {v} is hammering login", "db primary at {v}:5432")),
    "ipv6": _plant("ipv6", _ipv6, ("client {v} retried 4000 times", "peer {v} dropped")),
    "customer-name": _customer,
}
