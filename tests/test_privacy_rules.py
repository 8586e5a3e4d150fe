"""The secret rules are data (agent/privacy/data/secrets.yaml) checked on load; numbers with check digits are
masked only when the check digit is right; customers are masked wherever their names recur."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from agent.errors import ConfigError
from agent.models import Message, Transcript
from agent.privacy.checks import luhn
from agent.privacy.customers import load_cues
from agent.privacy.patterns import DESCRIPTIONS, RULES, load_rules
from agent.privacy.redact import redact_text, redact_transcript

VALID_RULES = """
schema_version: 1
kinds: {demo-token: a demo token}
rules:
  - id: demo
    kind: demo-token
    pattern: 'demo_[a-z0-9]{8}'
    precheck: {contains: [demo_]}
"""


def test_the_shipped_rules_load_and_every_kind_is_described():
    assert len(RULES) >= 40
    assert {rule.kind for rule in RULES} <= set(DESCRIPTIONS)
    assert all(description.strip() for description in DESCRIPTIONS.values())


def test_a_valid_rules_file_compiles_and_masks():
    parsed, rules = load_rules(VALID_RULES)
    assert parsed.rules[0].id == "demo" and rules[0].pattern.search("x demo_abcd1234 y")


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (("'demo_[a-z0-9]{8}'", "'demo_[a-z'"), "not a valid regular expression"),
        (("precheck: {contains: [demo_]}", "check: no_such_check"), "unknown check 'no_such_check'"),
        (("kind: demo-token", "kind: other-token"), "not described under 'kinds'"),
        (("precheck: {contains: [demo_]}", "precheck: {contains: [DEMO_]}"), "lower case"),
        (("schema_version: 1", "schema_version: 2"), "schema_version"),
        (("    kind: demo-token", "    kind: demo-token\n    mask: all"), "mask"),
    ],
)
def test_a_broken_rules_file_is_a_config_error_that_says_why(change, complaint):
    with pytest.raises(ConfigError, match=complaint):
        load_rules(VALID_RULES.replace(*change), "custom.yaml")


def test_duplicate_rule_ids_are_refused():
    duplicated = VALID_RULES + VALID_RULES.split("rules:\n")[1]
    with pytest.raises(ConfigError, match="unique"):
        load_rules(duplicated)


@pytest.mark.parametrize(
    "number",
    ["4111 1111 1111 1111", "5555-5555-5555-4444", "3782 822463 10005", "4012888888881881", "6011111111111117"],
)
def test_card_numbers_with_a_valid_check_digit_are_masked(number):
    redacted, counts = redact_text(f"the customer sent {number} exp 09/28")
    assert number not in redacted and counts.counts == {"card-number": 1}


@pytest.mark.parametrize(
    "text",
    [
        "order 4111111111111112 is stuck",  # a card's shape, but the check digit is wrong
        "trace 1710079740123456 in the gateway log",  # an epoch in microseconds: no card network starts with 1
        "request ids 4929-1234-5678-9010 and 9999 9999 9999 9999",
        "snowflake id 1188377223344556677 from the discord api",
    ],
)
def test_long_ids_that_fail_luhn_or_the_issuer_prefix_stay(text):
    redacted, counts = redact_text(text)
    assert "card-number" not in counts.counts and redacted == text


@given(st.from_regex(r"[3-6][0-9]{15}", fullmatch=True))
def test_a_number_that_fails_luhn_is_never_a_card(number):
    assume(not luhn(number))
    assert "card-number" not in redact_text(f"ref {number} failed")[1].counts


@given(st.from_regex(r"4[0-9]{14}", fullmatch=True))
def test_every_visa_number_with_its_check_digit_is_a_card(partial):
    number = next(partial + digit for digit in "0123456789" if luhn(partial + digit))
    redacted, counts = redact_text(f"card {number[:4]} {number[4:8]} {number[8:12]} {number[12:]} exp 09/28")
    assert counts.counts == {"card-number": 1} and number[8:12] not in redacted


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("refund to GB82 WEST 1234 5698 7654 32 please", "GB82 WEST 1234 5698 7654 32"),
        ("IBAN DE89370400440532013000", "DE89370400440532013000"),
        ("payout NL91ABNA0417164300 bounced", "NL91ABNA0417164300"),
    ],
)
def test_ibans_with_a_valid_mod_97_check_are_masked(text, value):
    redacted, counts = redact_text(text)
    assert value not in redacted and counts.counts == {"iban": 1}


def test_an_iban_shape_with_a_wrong_check_stays():
    text = "reference DE89370400440532013001 from the bank"
    assert redact_text(text) == (text, redact_text("")[1])


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("SSN 123-45-6789 on the form", "123-45-6789"),
        ("ssn: 123456789", "123456789"),
        ("NI number AB 12 34 56 C in the CSV", "AB 12 34 56 C"),
        ("DNI 12345678Z en el ticket", "12345678Z"),
        ("NIE X1234567L", "X1234567L"),
        ("BSN 111222333 stond in de export", "111222333"),
        ("CPF 529.982.247-25 nos logs", "529.982.247-25"),
        ("SIN 130 692 544 in the payroll row", "130 692 544"),
        ("personnummer 811228-9874", "811228-9874"),
        ("NIR 1 85 05 78 006 084 91 dans le ticket", "1 85 05 78 006 084 91"),
        ("codice fiscale RSSMRA85T10A562S", "RSSMRA85T10A562S"),
        ("Aadhaar 5982 5979 1903 in the KYC log", "5982 5979 1903"),
    ],
)
def test_national_ids_are_masked(text, value):
    redacted, counts = redact_text(text)
    assert value not in redacted and counts.counts.get("national-id") == 1


@pytest.mark.parametrize(
    "text",
    [
        "SSN 000-12-3456 is not a valid area",
        "DNI 12345678A has the wrong letter",
        "BSN 111222334 fails the 11-proof",
        "CPF 52998224726 fails its check digits",  # eleven bare digits: the check decides
        "Aadhaar 5982 5979 1904 fails Verhoeff",
        "build 2024-03-1234 and date 2026-03-10",
        "ratio 123-45 and range 10-20-30",
    ],
)
def test_id_shapes_with_wrong_check_digits_stay(text):
    assert "national-id" not in redact_text(text)[1].counts


def test_a_cpf_in_its_dotted_layout_is_masked_even_with_wrong_check_digits():
    """Only a CPF is written ddd.ddd.ddd-dd: a mistyped or made-up one pasted about a customer is still theirs."""
    redacted, counts = redact_text("customer CPF 318.442.907-15, can't pay a boleto")
    assert redacted == "customer CPF [REDACTED:national-id], can't pay a boleto"
    assert counts.counts == {"national-id": 1}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY.", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        ("id AKIAIOSFODNN7EXAMPLE\nsecret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY is the pair of AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
    ],
)
def test_an_aws_secret_next_to_its_key_id_needs_no_keyword(text, value):
    redacted, counts = redact_text(text)
    assert value not in redacted
    assert counts.counts == {"aws-access-key": 1, "aws-secret": 1}


@pytest.mark.parametrize(
    "text",
    [
        "das Passwort ist Sommer2026!", "Kennwort: Sommer2026", "la contraseña es Gato-Azul-77", "clave: Gato-Azul-77",
        "le mot de passe est Fromage#42", "mdp: Fromage#42", "a senha é Praia2026!", "пароль: Zima2026",
        "wachtwoord: Tulp-2026", "новый пароль Zima2026", "hasło: Zima2026", "パスワード: Sakura2026",
        "the new admin password is Hunter2-Go",
    ],
)
def test_passwords_after_the_word_in_several_languages_are_masked(text):
    redacted, counts = redact_text(text)
    assert counts.counts == {"password": 1}, redacted
    assert not any(secret in redacted for secret in ("2026", "77", "#42", "Hunter2"))


@pytest.mark.parametrize(
    "text",
    [
        "the password is rotated", "password reset emails are delayed", "das Passwort ist abgelaufen",
        "la contraseña es incorrecta", "le mot de passe est expiré", "portal password resets), 2,300 delayed",
        "expired SFTP password (90-day rotation, no owner)", "the author: pagerduty-bot",
    ],
)
def test_prose_about_passwords_stays(text):
    assert redact_text(text) == (text, redact_text("")[1])


@pytest.mark.parametrize(
    "token",
    ["glpat-AbCdEfGhIjKlMnOpQrSt", "hvs.CAESIJ3kq8Lm2Rt7Vx9Pw4Nz6Yb1Hc5Gd0Fs8Ja3Ke7Qm2Tu4Wv6Xy9Za1Bc3",
     "sq0atp-AbCdEfGhIjKlMnOpQrStUv", "sq0csp-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfG",
     "SG.AbCdEfGhIjKlMnOpQrStUv.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfG",
     "https://discord.com/api/webhooks/123456789012345678/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz01",
     "npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", "dop_v1_" + "0123456789abcdef" * 4, "hf_AbCdEfGhIjKlMnOpQrStUvWxYzAbCdEfGh",
     "shpat_0123456789abcdef0123456789abcdef", "GOCSPX-AbCdEfGhIjKlMnOpQrStUvWx1234"],
)
def test_vendor_tokens_the_issue_named_are_masked(token):
    redacted, counts = redact_text(f"found {token} in the log")
    assert token not in redacted and counts.total == 1


def test_a_customer_is_masked_wherever_the_name_recurs_in_a_transcript():
    transcript = Transcript(format="irc", messages=[
        Message(line=1, end_line=1, author="ana", text="Priya Patel says the invoices are empty"),
        Message(line=2, end_line=2, author="bruno", text="for Acme's Priya Patel, right? customer Priya Patel is on the phone"),
        Message(line=3, end_line=3, author="Patel Ravi", text="I'll call Patel back"),
        Message(line=4, end_line=4, author="ana", text="Customer Impact: 40 merchants, customer support informed"),
    ])
    redacted, counts = redact_transcript(transcript)
    texts = [m.text for m in redacted.messages]
    assert texts[0] == "[REDACTED:customer-name] says the invoices are empty", "before the message that names her"
    assert "Priya" not in texts[1]
    assert texts[2] == "I'll call Patel back", "a participant's own name is never masked alone"
    assert texts[3] == transcript.messages[3].text, "headings and 'customer support' are no names"
    assert counts.counts == {"customer-name": 3}


def test_a_broken_customer_cue_file_is_a_config_error():
    with pytest.raises(ConfigError, match="cues"):
        load_cues("schema_version: 1\nnever_names: ''\n")


def test_a_private_key_pasted_one_line_per_message_is_masked_to_its_end(tmp_path):
    from datetime import date

    from agent.transcript import load_transcript

    body = ["b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW", "L7iMa3K8Nsv9/Qt2giDIkidQ=="]
    log = tmp_path / "chan.log"
    log.write_text("\n".join([
        "[10:20] <tobi> here is the deploy key, sorry",
        "[10:21] <tobi> -----BEGIN OPENSSH PRIVATE KEY-----",
        *(f"[10:21] <tobi> {line}" for line in body),
        "[10:21] <tobi> -----END OPENSSH PRIVATE KEY-----",
        "[10:22] <tobi> oops",
        "[10:22] <ana> revoking it now",
    ]) + "\n", encoding="utf-8")
    redacted, counts = redact_transcript(load_transcript(str(log), today=date(2026, 11, 21), anchor_date=date(2026, 3, 10)))
    texts = [m.text for m in redacted.messages]
    assert texts[1:5] == ["[REDACTED:private-key]"] * 4, "the short last line of the body alone looks like nothing"
    assert texts[5:] == ["oops", "revoking it now"], "the block ends with its END line"
    assert counts.counts == {"private-key": 4}


def test_a_person_given_with_their_phone_number_is_masked_wherever_named_unless_a_participant():
    transcript = Transcript(format="plain", messages=[
        Message(line=1, end_line=1, author="Sam", text="VIP escalation, Priya Patel (+44 7700 900456) says she was charged"),
        Message(line=2, end_line=2, author="Sam", text="I will call Priya Patel back; reach me, Sam, +44 7700 900123"),
        Message(line=3, end_line=3, author="Lee", text="errors, 404 503 500 502 on checkout"),
    ])
    redacted, counts = redact_transcript(transcript)
    texts = [m.text for m in redacted.messages]
    assert texts[0] == "VIP escalation, [REDACTED:customer-name] ([REDACTED:phone]) says she was charged"
    assert texts[1] == "I will call [REDACTED:customer-name] back; reach me, Sam, [REDACTED:phone]", "Sam is a responder"
    assert texts[2] == transcript.messages[2].text
    assert counts.counts == {"customer-name": 2, "phone": 2}


@pytest.mark.parametrize(("line", "secret"), [
    ("redis-cli -h master.cart.x7k2pq.cache.amazonaws.com --tls -a 'Xq9@cache-TOKEN-77zz' info memory",
     "Xq9@cache-TOKEN-77zz"),
    ("mysql -h db1 -upayments -pS3cr3t!pw orders", "S3cr3t!pw"),
    ("sshpass -p hunter2-pass ssh ops@bastion", "hunter2-pass"),
    ("valkey-cli --auth Zz81kQpw info", "Zz81kQpw"),
])
def test_passwords_given_to_command_line_clients_are_masked(line, secret):
    redacted, _ = redact_text(line)
    assert secret not in redacted and "[REDACTED:password]" in redacted


@pytest.mark.parametrize("line", ["ran redis-cli -n 2 keys 'cart:*' on the replica", "mysql -p orders (it prompts)"])
def test_client_commands_without_a_password_stay(line):
    assert redact_text(line)[0] == line
