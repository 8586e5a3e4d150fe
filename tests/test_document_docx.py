"""Post-mortems handed over as Word documents (.docx): read through the HTML path into the same Markdown structure,
graded like the same document written in Markdown, indexed redacted by `kb add`; other zips, zip bombs and damaged
packages are refused in one line. Every .docx here is built by the test from WordprocessingML."""

import io
import json
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.document import read_markdown, to_markdown
from agent.document.docx import MAX_MEMBERS, MAX_TEXT_BYTES, is_word_document, package_description, word_document_html
from agent.errors import InputError
from agent.grading import grade_text
from agent.kb.ingest import expand, read_source
from cli_runner import postmortem

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
</Types>"""
_ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" Target="word/document.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>"""
_DOCUMENT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_PACKAGE_RELS}">
<Relationship Id="rId1" Type="{_R}/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="{_R}/numbering" Target="numbering.xml"/></Relationships>"""
# Style ids as Word writes them, names as Word and Google Docs do ("heading 1" in lower case).
_STYLES = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{_W}">' + "".join(
    f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/></w:style>'
    for style_id, name in [("Title", "Title"), ("Subtitle", "Subtitle"), ("ListParagraph", "List Paragraph")]
    + [(f"Heading{level}", f"heading {level}") for level in range(1, 7)]) + "</w:styles>")
_BULLETS, _NUMBERS = 1, 2
_NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{_W}">
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
</w:abstractNum>
<w:num w:numId="{_BULLETS}"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="{_NUMBERS}"><w:abstractNumId w:val="1"/></w:num></w:numbering>"""
_BOLD = re.compile(r"\*\*(.+?)\*\*")


# A document is a list of blocks, written out both as Markdown and as a Word document:
# ("title", text) ("subtitle", text) ("heading", level, text) ("paragraph", text) ("bullets", [items])
# ("numbered", [items]) ("table", [header, *rows]); "**bold**" in text is a bold run in Word.
def as_markdown(blocks: list[tuple]) -> str:
    parts = []
    for kind, *rest in blocks:
        if kind == "title":
            parts.append(f"# {rest[0]}")
        elif kind == "heading":
            parts.append(f"{'#' * rest[0]} {rest[1]}")
        elif kind in ("paragraph", "subtitle"):
            parts.append(rest[0])
        elif kind == "bullets":
            parts.append("\n".join(f"- {item}" for item in rest[0]))
        elif kind == "numbered":
            parts.append("\n".join(f"{number}. {item}" for number, item in enumerate(rest[0], 1)))
        elif kind == "table":
            header, *rows = rest[0]
            lines = [header, ["---"] * len(header), *rows]
            parts.append("\n".join("| " + " | ".join(cells) + " |" for cells in lines))
    return "\n\n".join(parts) + "\n"


def _runs(text: str) -> str:
    pieces = _BOLD.split(text)  # odd pieces were inside ** **
    return "".join(
        f'<w:r>{"<w:rPr><w:b/></w:rPr>" if index % 2 else ""}<w:t xml:space="preserve">{escape(piece)}</w:t></w:r>'
        for index, piece in enumerate(pieces) if piece)


def _paragraph(text: str, style: str | None = None, numbering: int | None = None) -> str:
    properties = (f'<w:pStyle w:val="{style}"/>' if style else "") + (
        f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{numbering}"/></w:numPr>' if numbering else "")
    return f"<w:p>{f'<w:pPr>{properties}</w:pPr>' if properties else ''}{_runs(text)}</w:p>"


def _table(rows: list[list[str]]) -> str:
    header = "<w:trPr><w:tblHeader/></w:trPr>"  # "repeat as header row", as Word and Google Docs mark it
    return "<w:tbl>" + "".join(
        f"<w:tr>{header if index == 0 else ''}" + "".join(f"<w:tc>{_paragraph(cell)}</w:tc>" for cell in row)
        + "</w:tr>" for index, row in enumerate(rows)) + "</w:tbl>"


def _body(blocks: list[tuple]) -> str:
    xml = []
    for kind, *rest in blocks:
        if kind in ("title", "subtitle"):
            xml.append(_paragraph(rest[0], kind.capitalize()))
        elif kind == "heading":
            xml.append(_paragraph(rest[1], f"Heading{rest[0]}"))
        elif kind == "paragraph":
            xml.append(_paragraph(rest[0]))
        elif kind in ("bullets", "numbered"):
            numbering = _BULLETS if kind == "bullets" else _NUMBERS
            xml.extend(_paragraph(item, "ListParagraph", numbering) for item in rest[0])
        elif kind == "table":
            xml.append(_table(rest[0]))
    return "".join(xml)


def package(members: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def as_docx(blocks: list[tuple]) -> bytes:
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:document xmlns:w="{_W}"><w:body>{_body(blocks)}</w:body></w:document>')
    return package({"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _ROOT_RELS,
                    "word/_rels/document.xml.rels": _DOCUMENT_RELS, "word/document.xml": document,
                    "word/styles.xml": _STYLES, "word/numbering.xml": _NUMBERING})


def docx_markdown(blocks: list[tuple]) -> str:
    return to_markdown(word_document_html(as_docx(blocks), "review.docx"))


GOOD = [
    ("title", "Search results went stale after a cache eviction change"),
    ("subtitle", "Incident review, search platform"),
    ("table", [["Field", "Value"], ["Date", "2026-04-14"], ["Severity", "SEV2"], ["Duration", "38 min"],
               ["Status", "Final"], ["Draft date", "2026-04-15"]]),
    ("heading", 1, "Summary"),
    ("paragraph", "On 2026-04-14 a change to the search cache's eviction policy kept entries for six hours instead "
                  "of five minutes. For 38 minutes about 9% of searches returned listings that had already been "
                  "withdrawn. A freshness alert paged the on-call engineer after 7 minutes and reverting the "
                  "policy ended the impact."),
    ("heading", 1, "Impact"),
    ("bullets", ["41,200 searches (9.1% of search traffic) returned withdrawn listings between 09:12 and 09:50 UTC.",
                 "About 2,300 customers opened a withdrawn listing; 180 of them contacted support.",
                 "6% of the monthly freshness error budget was spent."]),
    ("heading", 1, "Timeline"),
    ("paragraph", "All times are UTC."),
    ("table", [["Time", "Event"],
               ["09:05", "Deploy changes the cache eviction policy from 5 minutes to 6 hours"],
               ["09:12", "Withdrawn listings start to appear in search results; impact begins"],
               ["09:19", "Freshness alert fires and pages the on-call engineer"],
               ["09:22", "The on-call engineer acknowledges the page and opens the incident channel"],
               ["09:31", "Decision: revert the eviction policy rather than flush the cache"],
               ["09:44", "Revert deployed to every region"],
               ["09:50", "Freshness back to normal; impact ends"]]),
    ("heading", 1, "Contributing factors"),
    ("bullets", ["The eviction setting took a duration without a unit, and the deploy read 6 as hours, not minutes.",
                 "The staging freshness check ran against a cache that was flushed on every deploy, so it could "
                 "not show stale entries.",
                 "The freshness alert looked at a 5-minute window, which delayed detection by several minutes."]),
    ("heading", 2, "Five whys"),
    ("numbered", ["Why were results stale? Cache entries lived for six hours.",
                  "Why six hours? The setting's unit defaulted to hours.",
                  "Why was the unit not checked? The configuration schema accepts bare numbers.",
                  "Why did staging not catch it? Staging flushes its cache on every deploy."]),
    ("heading", 1, "What went well"),
    ("bullets", ["The freshness alert reached the right rotation on the first page.",
                 "The revert runbook worked first time and took 13 minutes."]),
    ("heading", 1, "What went poorly"),
    ("bullets", ["No dashboard showed the cache age beside the error rate, which slowed diagnosis."]),
    ("heading", 1, "Action items"),
    ("table", [["Action", "Owner", "Due", "Ticket", "Done when"],
               ["Require a unit on every duration setting in the cache configuration schema", "search platform team",
                "2026-05-01", "SRCH-412", "a bare number fails CI"],
               ["Stop flushing the staging cache on deploy so freshness checks see real entries", "release tooling",
                "2026-05-08", "REL-88", "the staging check fails on a six-hour eviction"],
               ["Add cache age to the search service dashboard", "search on-call lead", "2026-04-30", "SRCH-415",
                "cache age shown beside error rate"]]),
    ("heading", 1, "Lessons learned"),
    ("paragraph", "Settings without units read differently to people and to parsers; a schema that requires the "
                  "unit removes the guess."),
    ("heading", 1, "Risks"),
    ("paragraph", "Until the schema change lands, any duration setting can be misread the same way."),
    ("heading", 1, "Open questions"),
    ("paragraph", "Do other services read bare durations as hours? The platform team will check by 2026-04-24."),
    ("heading", 1, "Next steps"),
    ("paragraph", "Review this document in the reliability forum on 2026-04-21."),
]

POOR = [
    ("title", "Search outage"),
    ("paragraph", "**Summary:** Search was broken for a while because Dave changed the cache setting without "
                  "checking it."),
    ("paragraph", "**What happened:** Dave should have tested the change. We reverted it."),
    ("paragraph", "**Follow-up:**"),
    ("bullets", ["Be more careful with config changes", "Look into better monitoring"]),
]


def sections(markdown: str) -> list[tuple[int, str, str | None]]:
    return [(section.level, section.title, section.canonical) for section in read_markdown(markdown).sections]


def test_word_headings_lists_tables_and_title_read_as_the_markdown_they_stand_for():
    markdown = docx_markdown(GOOD)
    document = read_markdown(markdown)
    assert document.title == "Search results went stale after a cache eviction change"
    assert sections(markdown) == sections(as_markdown(GOOD))
    found = {section.canonical: section for section in document.sections if section.canonical}
    assert [block.is_list_item for block in found["impact"].blocks] == [True, True, True]
    assert "1. Why were results stale?" in markdown
    whys = next(section for section in document.sections if section.title == "Five whys")
    assert len(whys.blocks) == 4 and all(block.is_list_item for block in whys.blocks)
    actions = found["action_items"].tables[0]
    assert actions.header == ["Action", "Owner", "Due", "Ticket", "Done when"]
    assert [row[3] for row in actions.rows] == ["SRCH-412", "REL-88", "SRCH-415"]
    timeline = found["timeline"].tables[0]
    assert len(timeline.rows) == 7 and timeline.rows[0][0] == "09:05"


def test_a_google_docs_title_is_the_level_one_heading_and_its_subtitle_a_paragraph():
    blocks = [("title", "Payments latency review"), ("subtitle", "Prepared by the payments team"),
              ("heading", 2, "Summary"), ("paragraph", "Latency rose for ten minutes.")]
    markdown = docx_markdown(blocks)
    assert markdown.splitlines()[:2] == ["# Payments latency review", "Prepared by the payments team"]
    assert sections(markdown) == [(1, "Payments latency review", None), (2, "Summary", "summary")]


def test_bold_labels_become_the_sections_an_html_export_gives():
    markdown = docx_markdown(POOR)
    assert "**Summary:** Search was broken" in markdown
    assert sections(markdown) == sections(as_markdown(POOR))
    assert "summary" in {canonical for _, _, canonical in sections(markdown)}


@pytest.mark.parametrize("blocks", [GOOD, POOR], ids=["good", "poor"])
def test_a_word_document_grades_as_the_same_document_in_markdown(blocks):
    from_markdown = grade_text(as_markdown(blocks), rubric="sre-weighted")
    from_word = grade_text(word_document_html(as_docx(blocks), "review.docx"), rubric="sre-weighted",
                           filename="review.docx")
    assert [(gate.id, gate.passed) for gate in from_word.gates] == [
        (gate.id, gate.passed) for gate in from_markdown.gates]
    assert from_word.rubric.score == from_markdown.rubric.score
    assert from_word.passed == from_markdown.passed


def test_findings_point_at_lines_of_the_converted_markdown():
    report = grade_text(word_document_html(as_docx(POOR), "review.docx"), filename="review.docx")
    lines = docx_markdown(POOR).splitlines()
    placed = [finding for finding in report.findings if finding.line]
    assert placed
    for finding in placed:
        quoted = re.sub(r"\W+", " ", finding.text).strip().split(" ")[:3]
        assert " ".join(quoted) in re.sub(r"\W+", " ", lines[finding.line - 1]), (finding, lines)


def grades_by_content(tmp_path: Path, good_name: str, good: bytes, poor: bytes) -> None:
    """`grade` reads a converted document by its content (the poor one has no extension) and from stdin, and exits as
    for Markdown: 0 for the good post-mortem, 1 with its failed gates for the poor one."""
    good_path, poor_path = tmp_path / good_name, tmp_path / "poor-review"
    good_path.write_bytes(good)
    poor_path.write_bytes(poor)
    passed = postmortem("grade", str(good_path), "--json")
    assert passed.returncode == 0, passed.stderr.decode()
    assert json.loads(passed.stdout)["passed"] is True
    failed = postmortem("grade", str(poor_path), "--json")
    assert failed.returncode == 1, failed.stderr.decode()
    report = json.loads(failed.stdout)
    assert {gate["id"] for gate in report["gates"] if gate["passed"] is False} >= {"blameless_language", "no_vague_actions"}
    piped = postmortem("grade", "-", "--json", stdin=poor)
    assert piped.returncode == 1 and json.loads(piped.stdout)["findings"] == report["findings"]


def added_by_the_command(tmp_path: Path, name: str, data: bytes) -> None:
    """`kb add FILE --json` indexes the converted document."""
    path = tmp_path / name
    path.write_bytes(data)
    added = postmortem("kb", "add", str(path), "--json", env={"POSTMORTEM_HOME": str(tmp_path / "home"),
                                                               "POSTMORTEM_KB_SEED": "0"})
    assert added.returncode == 0, added.stderr.decode()
    assert name in added.stdout.decode()


def test_grade_reads_a_docx_by_its_content_and_exits_as_for_markdown(tmp_path):
    grades_by_content(tmp_path, "good.docx", as_docx(GOOD), as_docx(POOR))


def test_pictures_are_neither_read_nor_counted_as_text():
    with zipfile.ZipFile(io.BytesIO(as_docx(GOOD))) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    screenshot = b"\x89PNG" + bytes(MAX_TEXT_BYTES)  # larger than the text limit, as a big screenshot may be
    with_picture = package({**members, "word/media/image1.png": screenshot})
    assert to_markdown(word_document_html(with_picture, "review.docx")) == docx_markdown(GOOD)


def test_kb_add_indexes_a_word_document_redacted(tmp_path):
    secret = "AKIAIOSFODNN7EXAMPLE"
    blocks = [*GOOD, ("paragraph", f"The deploy used key {secret}; mail ana.lopez@example.com for access.")]
    path = tmp_path / "archive" / "search-cache.docx"
    path.parent.mkdir()
    path.write_bytes(as_docx(blocks))
    assert expand([path.parent]) == [path.resolve()]
    document = read_source(path)
    stored = json.dumps(document.model_dump(mode="json"))
    assert secret not in stored and "ana.lopez@example.com" not in stored
    assert document.redactions
    assert document.metadata.title == "Search results went stale after a cache eviction change"
    assert {chunk.section for chunk in document.chunks} >= {"Summary", "Impact", "Action items"}
    assert document.actions[0].action.startswith("Require a unit")


def test_kb_add_through_the_command(tmp_path):
    added_by_the_command(tmp_path, "search-cache.docx", as_docx(GOOD))


def one_line_refusal(tmp_path: Path, name: str, data: bytes) -> str:
    """`grade` and `kb add` both refuse the file: exit 2, one line, no traceback; the grade line is returned."""
    path = tmp_path / name
    path.write_bytes(data)
    result = postmortem("grade", str(path))
    error = result.stderr.decode().strip()
    assert result.returncode == 2 and "Traceback" not in error and len(error.splitlines()) == 1, error
    with pytest.raises(InputError) as refused:
        read_source(path)
    assert str(path) in str(refused.value) and "\n" not in str(refused.value)
    return error


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    bomb = package({"[Content_Types].xml": _CONTENT_TYPES, "word/document.xml": b" " * (60 * 1024 * 1024)})
    assert len(bomb) < 200_000
    assert "zip bomb" in one_line_refusal(tmp_path, "bomb.docx", bomb)
    wordy = package({"[Content_Types].xml": _CONTENT_TYPES, "word/document.xml": b" " * (MAX_TEXT_BYTES + 1)})
    assert "zip bomb" in one_line_refusal(tmp_path, "wordy.docx", wordy)
    crowded = package({"word/document.xml": "<w:document/>", **{f"word/media/{n}.png": b"" for n in range(
        MAX_MEMBERS)}}, zipfile.ZIP_STORED)
    assert f"{MAX_MEMBERS + 1:,} members" in one_line_refusal(tmp_path, "crowded.docx", crowded)


@pytest.mark.parametrize(("name", "members", "named"), [
    ("figures.xlsx", {"[Content_Types].xml": _CONTENT_TYPES, "xl/workbook.xml": "<workbook/>"}, "Excel workbook"),
    ("slides.pptx", {"[Content_Types].xml": _CONTENT_TYPES, "ppt/presentation.xml": "<p/>"}, "PowerPoint"),
    ("review.odt", {"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<o/>"}, "OpenDocument"),
    ("notes.zip", {"notes.txt": "just notes"}, "a zip archive"),
])
def test_other_zips_and_office_files_are_refused_by_name(tmp_path, name, members, named):
    data = package(members)
    assert not is_word_document(data)
    error = one_line_refusal(tmp_path, name, data)
    assert named in error and ".docx" in error


def test_damaged_word_documents_are_refused_in_one_line(tmp_path):
    whole = as_docx(GOOD)
    assert "unreadable zip archive" in one_line_refusal(tmp_path, "cut.docx", whole[: len(whole) // 2])
    malformed = package({"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _ROOT_RELS,
                         "word/document.xml": "<w:document><w:body><w:p>unclosed"})
    assert "damaged Word document" in one_line_refusal(tmp_path, "malformed.docx", malformed)
    flipped = bytearray(whole)
    start = flipped.find(b"word/document.xml") + len("word/document.xml")  # the member's data follows its name
    flipped[start + 40] ^= 0xFF
    assert "damaged Word document" in one_line_refusal(tmp_path, "flipped.docx", bytes(flipped))


SHORT = as_docx([("heading", 1, "Summary"), ("bullets", ["Search was stale for 38 minutes."]),
                 ("table", [["Action", "Owner"], ["Require units", "search team"]])])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(SHORT) - 1), st.integers(1, 255)), min_size=1, max_size=6))
def test_any_damage_to_a_word_document_is_read_or_refused_in_one_line(flips):
    damaged = bytearray(SHORT)
    for index, mask in flips:
        damaged[index] ^= mask
    if not is_word_document(bytes(damaged)):
        assert package_description(bytes(damaged)).startswith(("a zip", "an unreadable zip"))
        return
    try:
        page = word_document_html(bytes(damaged), "review.docx")
    except InputError as refused:
        assert "\n" not in str(refused) and str(refused).startswith("review.docx: ")
    else:
        assert page.startswith("<!DOCTYPE html>")
