"""Post-mortems handed over as PDF ("Download as PDF" from Google Docs, Confluence, Word): told by `%PDF-`, read
by font size into the Markdown structure (larger lines headings, bullets list items), graded like the same document
in Markdown, indexed redacted by `kb add`; encrypted, damaged, overlong and slow PDFs are refused in one line.
Every PDF here is built by the test: Helvetica text at a few sizes, one line per text object."""

import sys
import textwrap
from pathlib import Path

import pytest

import agent.document.pdf as pdf
from agent.document import read_markdown
from agent.document.pdf import MAX_PAGES, is_pdf, pdf_markdown
from agent.errors import InputError
from agent.grading import grade_text
from agent.kb.ingest import expand, read_source

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "evals" / "bench"))
from pdf_writer import pdf_file  # the grade-formats bench's PDF writer: one serialisation of PDF objects

from test_document_docx import added_by_the_command, as_markdown, grades_by_content, one_line_refusal, sections

_SIZES = {1: 18.0, 2: 14.0}
_BODY = 10.5
_ENCRYPTED = (b"/Encrypt << /Filter /Standard /V 1 /R 2 /P -44 /O <" + b"6f" * 32 + b"> /U <" + b"75" * 32
              + b"> >> /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]")


def pdf_lines(pages: list[list[tuple[float, str]]], trailer: bytes = b"") -> bytes:
    """A PDF whose pages hold the (size, text) lines top to bottom: a gap between blocks, none inside one (a
    line of text "" is the gap); text between `**` is set in Helvetica-Bold."""
    placed = []
    for lines in pages:
        page, y = [], 740.0
        for size, text in lines:
            y -= size * 1.25 if text else size
            if text:
                page.append((size, 72.0, y, text))
        placed.append(page)
    return pdf_file(placed, trailer)


# A post-mortem is a list of blocks, written both as Markdown and as a PDF:
# ("heading", level, text) ("paragraph", text) ("bullets", [items]) ("numbered", [items]).
def as_pdf(blocks: list[tuple], lines_a_page: int = 45, trailer: bytes = b"") -> bytes:
    """Headings larger than the body, paragraphs wrapped at 90 characters, "•" or numbered items whose wrapped
    lines are indented under the text, as a word processor prints them; pages of `lines_a_page` lines."""
    lines: list[tuple[float, str]] = []
    for kind, *rest in blocks:
        lines.append((_BODY, ""))
        if kind == "heading":
            lines.append((_SIZES[rest[0]], rest[1]))
        elif kind == "paragraph":
            lines.extend((_BODY, line) for line in textwrap.wrap(rest[0], 90))
        else:
            for number, item in enumerate(rest[0], 1):
                marker = "•" if kind == "bullets" else f"{number}."
                lines.extend((_BODY, line) for line in textwrap.wrap(f"{marker} {item}", 90,
                                                                     subsequent_indent="    "))
    pages = [lines[start:start + lines_a_page] for start in range(0, len(lines), lines_a_page)]
    return pdf_lines(pages, trailer)


GOOD = [
    ("heading", 1, "Checkout queue backed up after a broker certificate expired"),
    ("paragraph", "Date: 2026-06-03. Severity: SEV2. Duration: 52 minutes. Status: Final."),
    ("heading", 2, "Summary"),
    ("paragraph", "On 2026-06-03 the TLS certificate of the order broker expired at 14:00 UTC. For 52 minutes the "
                  "checkout service could not publish orders, so about 7% of checkouts waited in a retry queue and "
                  "1,900 customers saw a delayed confirmation. An expiry alert fired 6 minutes in and rotating the "
                  "certificate by hand ended the impact."),
    ("heading", 2, "Impact"),
    ("bullets", ["3,400 orders (7.2% of checkouts) were confirmed between 4 and 52 minutes late.",
                 "1,900 customers saw a delayed confirmation page; 95 contacted support.",
                 "No order was lost: the retry queue held every one and drained by 14:58 UTC."]),
    ("heading", 2, "Timeline"),
    ("bullets", ["14:00 UTC The broker certificate expires; publishes start to fail and impact begins.",
                 "14:06 UTC The publish error alert pages the on-call engineer.",
                 "14:11 UTC The on-call engineer acknowledges and opens the incident channel.",
                 "14:27 UTC Decision: rotate the certificate by hand rather than wait for automation.",
                 "14:46 UTC The new certificate is live on every broker node.",
                 "14:52 UTC The retry queue drains; impact ends."]),
    ("heading", 2, "Contributing factors"),
    ("bullets", ["The broker certificate was issued by hand in 2025 and was not in the renewal automation.",
                 "The expiry alert covered the web certificates only, so nothing warned before the expiry.",
                 "The rotation runbook named a key store path that had moved, which cost 12 minutes."]),
    ("heading", 2, "What went well"),
    ("bullets", ["The retry queue held every order, so nothing was lost.",
                 "The publish error alert reached the right rotation on the first page."]),
    ("heading", 2, "What went poorly"),
    ("bullets", ["The runbook was out of date and slowed the rotation."]),
    ("heading", 2, "Action items"),
    ("numbered", ["Add the broker certificates to the renewal automation. Owner: platform security team. "
                  "Due 2026-06-20. Ticket SEC-311. Done when the broker certificate renews without a person.",
                  "Extend the expiry alert to every certificate in the inventory, 21 days ahead. Owner: "
                  "observability team. Due 2026-06-27. Ticket OBS-97.",
                  "Update the rotation runbook's key store path and test it in staging. Owner: checkout on-call "
                  "lead. Due 2026-06-13. Ticket CHK-560."]),
    ("heading", 2, "Lessons learned"),
    ("paragraph", "A certificate issued outside the automation is invisible to it; the inventory is what the alert "
                  "and the renewal must both read."),
]
POOR = [
    ("heading", 1, "Checkout incident"),
    ("paragraph", "Checkout was slow for a while because Priya forgot to renew the certificate. She should have "
                  "set a reminder. We fixed it."),
    ("heading", 2, "Follow-up"),
    ("bullets", ["Be more careful with certificates", "Look into better alerting"]),
]


def test_larger_lines_are_headings_by_size_and_bullets_list_items():
    markdown = pdf_markdown(as_pdf(GOOD), "review.pdf")
    assert sections(markdown) == sections(as_markdown(GOOD))
    assert markdown.startswith("# Checkout queue backed up after a broker certificate expired\n")
    impact = next(section for section in read_markdown(markdown).sections if section.canonical == "impact")
    assert [block.is_list_item for block in impact.blocks] == [True, True, True]
    assert "- 14:00 UTC The broker certificate expires; publishes start to fail and impact begins.\n" in markdown
    assert "\n1. Add the broker certificates to the renewal automation. Owner: platform security team. Due " \
           "2026-06-20. Ticket SEC-311. Done when the broker certificate renews without a person.\n" in markdown


def test_wrapped_paragraphs_come_back_whole_and_blocks_apart():
    markdown = pdf_markdown(as_pdf(GOOD), "review.pdf")
    assert f"\n\n{GOOD[3][1]}\n\n" in markdown


def test_the_body_is_the_most_common_size_whatever_the_sizes():
    # Slides-like: a large body and a heading larger still; a footnote in a smaller size is no heading.
    page = [(24.0, "Checkout incident"), (14.0, ""), (14.0, "The certificate expired."), (14.0, ""),
            (14.0, "The queue held every order."), (8.0, ""), (8.0, "Internal use only")]
    assert pdf_markdown(pdf_lines([page]), "slides.pdf").splitlines() == [
        "# Checkout incident", "", "The certificate expired.", "", "The queue held every order.", "",
        "Internal use only"]


def test_bold_labels_stay_bold_so_they_read_as_the_sections_they_stand_for():
    page = [(_BODY, "Checkout incident"), (_BODY, ""), (_BODY, "**Summary:** Checkout was slow for 52 minutes."),
            (_BODY, ""), (_BODY, "**Impact:** 3,400 orders were confirmed late.")]
    markdown = pdf_markdown(pdf_lines([page]), "review.pdf")
    assert "**Summary:** Checkout was slow for 52 minutes." in markdown.splitlines()
    assert {"summary", "impact"} <= {canonical for _, _, canonical in sections(markdown)}


def test_a_pdf_grades_as_the_same_document_in_markdown():
    for blocks in (GOOD, POOR):
        from_markdown = grade_text(as_markdown(blocks), rubric="sre-weighted")
        from_pdf = grade_text(pdf_markdown(as_pdf(blocks), "review.pdf"), rubric="sre-weighted",
                              filename="review.pdf")
        assert [(gate.id, gate.passed) for gate in from_pdf.gates] == [
            (gate.id, gate.passed) for gate in from_markdown.gates]
        assert from_pdf.rubric.score == from_markdown.rubric.score


def test_grade_reads_a_pdf_by_its_content_and_exits_as_for_markdown(tmp_path):
    grades_by_content(tmp_path, "good.pdf", as_pdf(GOOD, lines_a_page=20), as_pdf(POOR))  # the good one over pages


def test_kb_add_indexes_a_pdf_redacted(tmp_path):
    secret = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
    leaky = GOOD + [("paragraph", f"The old key {secret} was revoked; ask priya.raman@example.com for access.")]
    path = tmp_path / "archive" / "broker-certificate.pdf"
    path.parent.mkdir()
    path.write_bytes(as_pdf(leaky))
    assert expand([path.parent]) == [path.resolve()]
    document = read_source(path)
    stored = document.model_dump_json()
    assert secret not in stored and "priya.raman@example.com" not in stored
    assert document.redactions
    assert document.metadata.title == "Checkout queue backed up after a broker certificate expired"
    assert {chunk.section for chunk in document.chunks} >= {"Summary", "Impact", "Action items"}


def test_kb_add_through_the_command(tmp_path):
    added_by_the_command(tmp_path, "broker-certificate.pdf", as_pdf(GOOD))


def refused_pdf(tmp_path: Path, name: str, data: bytes) -> str:
    assert is_pdf(data)
    return one_line_refusal(tmp_path, name, data)


def test_an_encrypted_pdf_is_refused(tmp_path):
    assert "encrypted PDF" in refused_pdf(tmp_path, "locked.pdf", as_pdf(POOR, trailer=_ENCRYPTED))


def test_damaged_pdfs_are_refused_in_one_line(tmp_path):
    assert "damaged PDF" in refused_pdf(tmp_path, "garbage.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 8)
    whole = as_pdf(POOR)
    assert "damaged PDF" in refused_pdf(tmp_path, "cut.pdf", whole[: len(whole) // 2])
    assert "damaged PDF" in refused_pdf(tmp_path, "rootless.pdf", whole.replace(b"/Root 1 0 R", b""))


def test_a_pdf_of_too_many_pages_is_refused_before_any_is_laid_out(tmp_path):
    pages = [[(_BODY, f"Page {number}")] for number in range(MAX_PAGES + 1)]
    assert f"more than {MAX_PAGES} pages" in refused_pdf(tmp_path, "book.pdf", pdf_lines(pages))
    assert pdf_markdown(pdf_lines(pages[:MAX_PAGES]), "long.pdf").count("Page ") == MAX_PAGES


def test_a_pdf_that_takes_too_long_is_refused(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_SECONDS", 0.0)
    with pytest.raises(InputError, match="took more than 0 s"):
        pdf_markdown(as_pdf(POOR), "slow.pdf")


def test_a_pdf_without_text_is_refused():
    with pytest.raises(InputError, match="no text"):
        pdf_markdown(pdf_lines([[]]), "scan.pdf")
