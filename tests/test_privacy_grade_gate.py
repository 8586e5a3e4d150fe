"""`postmortem grade` reports secrets and personal data a document holds, with their lines, using the same
rules as the redactor (agent/privacy/data/secrets.yaml), and fails the gate; the report repeats none of them."""

import json

from cli_runner import postmortem
from conftest import FIXTURES

PLANTED = {
    "Impact: customer Imogen Achterberg was charged twice on card 4111 1111 1111 1111.": ("customer-name", "card-number"),
    "The refund went to DE89 3704 0044 0532 0130 00 the next day.": ("iban",),
    "A support export held SSN 123-45-6789 in plain text.": ("national-id",),
    "The deploy job printed glpat-Xq7Lm2Rt9Vb4Nc8Kd3Wz and SG.AbCdEfGhIjKlMnOpQrStUv.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfG.":
        ("gitlab-token", "sendgrid-key"),
    "Support called Imogen Achterberg back at 10:40.": ("customer-name",),
}


def test_secrets_and_personal_data_are_findings_with_their_lines_and_fail_the_gate(tmp_path):
    text = (FIXTURES / "grading" / "excellent.md").read_text(encoding="utf-8")
    document = tmp_path / "review.md"
    document.write_text(text.replace("## Summary\n", "## Summary\n\n" + "\n".join(PLANTED) + "\n", 1), encoding="utf-8")
    result = postmortem("grade", str(document), "--json", text=True)
    report = json.loads(result.stdout)
    assert result.returncode == 1 and report["passed"] is False
    gate = next(g for g in report["gates"] if g["id"] == "no_secrets_or_personal_data")
    assert gate["passed"] is False
    lines = document.read_text(encoding="utf-8").split("\n")
    findings = {f["line"]: f["text"] for f in report["findings"] if f["gate"] == "no_secrets_or_personal_data"}
    for sentence, kinds in PLANTED.items():
        number = lines.index(sentence) + 1
        assert number in findings, f"no finding for line {number}: {sentence}"
        assert all(kind in findings[number] for kind in kinds), findings[number]
    for secret in ("4111 1111 1111 1111", "DE89 3704", "123-45-6789", "glpat-", "SG.AbCd", "Achterberg"):
        assert secret not in result.stdout
