"""Checks a candidate must pass before it is masked, named by the secret rules (data/secrets.yaml, `check:`).

A shape alone over-matches: any 16 digits look like a card number, any 9 digits like a Dutch citizen number.
Where the real thing carries a check digit (Luhn, mod 97, 11-proof, Verhoeff) the check decides, so an order id
or a trace number that merely has the length stays as written. Other checks tell a token from a word.
"""

import ipaddress
import math
import re
from collections import Counter
from collections.abc import Callable
from datetime import date


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def looks_random(value: str) -> bool:
    """A token rather than a word: letters and digits mixed, or high character entropy."""
    if any(ch.isdigit() for ch in value) and any(ch.isalpha() for ch in value):
        return True
    counts = Counter(value)
    entropy = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    return entropy >= 3.5


def mixed_case_and_digits(value: str) -> bool:
    return any(c.isupper() for c in value) and any(c.islower() for c in value) and any(c.isdigit() for c in value)


def letters_and_digits(value: str) -> bool:
    return any(c.isalpha() for c in value) and any(c.isdigit() for c in value)


_NOT_PASSWORDS = frozenset({"true", "false", "null", "none", "yes", "no", "n/a", "redacted", "hidden", "secret"})


def secret_value(value: str) -> bool:
    """A literal password, not a masked one or a reference to one (`$DB_PASSWORD`, `{{ vault }}`, `<pw>`)."""
    return bool(value) and value[0] not in "$%{<*" and set(value) != {"x"} and value.lower() not in _NOT_PASSWORDS


def password_like(value: str) -> bool:
    """After "the password is …" the next word is usually prose ("rotated", "in vault"); a password mixes
    kinds of characters (letters with digits or symbols, or both cases)."""
    if not secret_value(value) or len(value) < 6:
        return False
    kinds = sum((any(c.islower() for c in value), any(c.isupper() for c in value), any(c.isdigit() for c in value),
                 any(not c.isalnum() for c in value)))
    return kinds >= 2 and not (value[:1].isupper() and value[1:].isalpha() and value[1:].islower())


def ipv6(candidate: str) -> bool:
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


def ipv4(candidate: str) -> bool:
    """Four octets up to 255, naming a host: "6.0.0.0" (an assembly version, a /8 network) names none."""
    octets = candidate.split(".")
    return all(int(octet) <= 255 for octet in octets) and any(int(octet) for octet in octets[1:])


def phone_number(candidate: str) -> bool:
    return 8 <= len(_digits(candidate)) <= 15


def national_phone_number(candidate: str) -> bool:
    return 9 <= len(_digits(candidate)) <= 11


def phone_after_word(candidate: str) -> bool:
    return 7 <= len(_digits(candidate)) <= 15


def luhn(number: str) -> bool:
    digits = _digits(number)
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return bool(digits) and total % 10 == 0


# Issuer prefixes of the card networks (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro).
_CARD_PREFIX = re.compile(r"4|5[1-5]|2(?:22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)|3[47]|3[0689]|35|6(?:011|4[4-9]|5|2)|5[06-9]")


def card_number(candidate: str) -> bool:
    digits = _digits(candidate)
    return 13 <= len(digits) <= 19 and _CARD_PREFIX.match(digits) is not None and luhn(digits)


# Length of an IBAN by country (ISO 13616 registry): a right-length, mod-97-valid string is an account number.
_IBAN_LENGTHS = dict(
    (code, int(length))
    for code, length in (item.split(":") for item in """
    AD:24 AE:23 AL:28 AT:20 AZ:28 BA:20 BE:16 BG:22 BH:22 BR:29 BY:28 CH:21 CR:22 CY:28 CZ:24 DE:22 DK:18 DO:28
    EE:20 EG:29 ES:24 FI:18 FO:18 FR:27 GB:22 GE:22 GI:23 GL:18 GR:27 GT:28 HR:21 HU:28 IE:22 IL:23 IQ:23 IS:26
    IT:27 JO:30 KW:30 KZ:20 LB:28 LC:32 LI:21 LT:20 LU:20 LV:21 MC:27 MD:24 ME:22 MK:19 MR:27 MT:31 MU:30 NL:18
    NO:15 PK:24 PL:28 PS:29 PT:25 QA:29 RO:24 RS:22 SA:24 SC:31 SE:24 SI:19 SK:24 SM:27 ST:25 SV:28 TL:23 TN:24
    TR:26 UA:29 VA:22 VG:24 XK:20
    """.split())
)


def iban(candidate: str) -> bool:
    compact = "".join(candidate.split()).upper()
    if _IBAN_LENGTHS.get(compact[:2]) != len(compact) or not compact.isalnum():
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def us_ssn(candidate: str) -> bool:
    area, group, serial = _digits(candidate)[:3], _digits(candidate)[3:5], _digits(candidate)[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def es_dni(candidate: str) -> bool:
    """Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter): the letter is the number mod 23."""
    compact = candidate.replace("-", "").replace(" ", "").upper()
    number = str("XYZ".index(compact[0])) + compact[1:-1] if compact[0] in "XYZ" else compact[:-1]
    return number.isdigit() and _DNI_LETTERS[int(number) % 23] == compact[-1]


def nl_bsn(candidate: str) -> bool:
    """Dutch citizen number: the 11-proof (weights 9..2, last digit -1)."""
    digits = _digits(candidate)
    if len(digits) != 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0 and total > 0


def br_cpf(candidate: str) -> bool:
    digits = [int(d) for d in _digits(candidate)]
    if len(digits) != 11 or len(set(digits)) == 1:
        return False
    for length in (9, 10):
        check = sum(d * w for d, w in zip(digits[:length], range(length + 1, 1, -1), strict=True)) * 10 % 11 % 10
        if check != digits[length]:
            return False
    return True


def ca_sin(candidate: str) -> bool:
    digits = _digits(candidate)
    return len(digits) == 9 and digits[0] not in "08" and luhn(digits)


def se_personnummer(candidate: str) -> bool:
    """Swedish personal number: a real date (day + 60 for a coordination number) and Luhn over the last 10."""
    digits = _digits(candidate)[-10:]
    year, month, day = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
    return _is_date(2000 + year, month, day - 60 if day > 60 else day) and luhn(digits)


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


# Verhoeff's dihedral-group tables, used by Aadhaar numbers.
_VERHOEFF_D = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
_VERHOEFF_P = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]
for _ in range(7):
    _VERHOEFF_P.append([[1, 5, 7, 6, 2, 8, 3, 0, 9, 4][d] for d in _VERHOEFF_P[-1]])


def verhoeff(number: str) -> bool:
    check = 0
    for position, digit in enumerate(reversed(_digits(number))):
        check = _VERHOEFF_D[check][_VERHOEFF_P[position % 8][int(digit)]]
    return check == 0


def in_aadhaar(candidate: str) -> bool:
    digits = _digits(candidate)
    return len(digits) == 12 and digits[0] not in "01" and verhoeff(digits)


def fr_nir(candidate: str) -> bool:
    """French social security number: 13 characters then a key of 97 - (number mod 97); Corsica is 2A/2B."""
    compact = "".join(candidate.split()).upper()
    body, key = compact[:13], compact[13:]
    body = body.replace("2A", "19").replace("2B", "18") if body[5:7] in ("2A", "2B") else body
    return body.isdigit() and key.isdigit() and 97 - int(body) % 97 == int(key)


_CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def it_codice_fiscale(candidate: str) -> bool:
    code = candidate.upper()
    total = 0
    for position, ch in enumerate(code[:15]):
        value = int(ch) if ch.isdigit() else ord(ch) - ord("A")
        total += _CF_ODD[value] if position % 2 == 0 else value
    return chr(ord("A") + total % 26) == code[15]


CHECKS: dict[str, Callable[[str], bool]] = {
    check.__name__: check
    for check in (
        looks_random, mixed_case_and_digits, letters_and_digits, secret_value, password_like, ipv6, ipv4,
        phone_number, national_phone_number, phone_after_word, luhn, card_number, iban, us_ssn, es_dni, nl_bsn, br_cpf, ca_sin,
        se_personnummer, in_aadhaar, fr_nir, it_codice_fiscale,
    )
}
