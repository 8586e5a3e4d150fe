"""Benchmark: does `postmortem grade` keep its agreement with the raters when the same post-mortems come as HTML,
reST, AsciiDoc, Confluence wiki markup, Org, plain text, a Word document or a PDF instead of Markdown?

Run: .venv/bin/python evals/bench/grade_formats.py [--verbose]
Reads ../shared/calibration/ratings.json (the 30 rated documents under ../shared/corpus/raw/); exits 0 with a
message when the shared folder is absent. Each Markdown document is written in every format by
evals/bench/document_formats.py and graded with the sre-weighted rubric, once as `grade` reads it now (the
format recognised and converted, agent/document/formats.py) and once read as Markdown whatever it is (how
`grade` read every file before). The Word version (`docx`, written by evals/bench/docx_writer.py) is saved as a
.docx file and graded as `grade FILE.docx` reads it: the file read by agent.transcript.read_source (the zip told
by word/document.xml, converted to an HTML page, agent/document/docx.py), that page graded under the file's name.
The PDF version (`pdf`, written by evals/bench/pdf_writer.py: Helvetica at a body size and three heading sizes) is
graded the same way as `grade FILE.pdf` reads it (told by `%PDF-`, its text turned into Markdown by font size,
agent/document/pdf.py). Neither is read as Markdown too: a .docx is a zip and a PDF binary, not text, and `grade`
never read one as Markdown.
Prints `name: value` lines:
- per format: Spearman of our score against the raters' mean holistic 1-10, and the mean score, converted and
  (text formats) unconverted, and the format each version was recognised as (Word and PDF: what their converted
  text was read as);
- how many Markdown files of the corpus would not come through unchanged (by content, and by file name).
Target: every format's Spearman within 0.05 of the as-written one; no Markdown file changed.
"""

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from statistics import mean

PROJECT_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
SHARED = PROJECT_ROOT.parent / "shared"
RATINGS = SHARED / "calibration" / "ratings.json"
RAW = SHARED / "corpus" / "raw"
RUBRIC = "sre-weighted"
AS_MARKDOWN = "document.md"  # a name that makes `grade` read any text as Markdown, as it did before formats
WORD = "docx"  # the Word version's name in the output
PDF = "pdf"  # the PDF version's name in the output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="print every document's scores")
    args = parser.parse_args()
    if not RATINGS.exists():
        print(f"grade_formats: skipped, {RATINGS} not found (shared folder absent)")
        return 0
    from document_formats import WRITERS
    from docx_writer import to_docx
    from grade_calibration import spearman
    from pdf_writer import to_pdf

    from agent.document import detect_format
    from agent.grading import grade_text
    from agent.transcript import read_source

    docs = json.loads(RATINGS.read_text(encoding="utf-8"))["docs"]
    holistic: list[float] = []
    converted: dict[str, list[float]] = {"as-written": [], **{name: [] for name in WRITERS}, WORD: [], PDF: []}
    unconverted: dict[str, list[float]] = {name: [] for name in WRITERS}
    detected: dict[str, Counter] = {name: Counter() for name in converted}
    with tempfile.TemporaryDirectory() as binary_folder:
        word_file = Path(binary_folder) / "post-mortem.docx"
        pdf_file = Path(binary_folder) / "post-mortem.pdf"
        for name, ratings in docs.items():
            text = (RAW / name).read_text(encoding="utf-8")
            holistic.append(mean([ratings["r1"]["overall"], ratings["r2"]["overall"]]))
            for variant, version in [("as-written", text)] + [(v, write(text)) for v, write in WRITERS.items()]:
                converted[variant].append(grade_text(version, rubric=RUBRIC).rubric.score)
                detected[variant][detect_format(version)] += 1
                if variant in unconverted:
                    unconverted[variant].append(grade_text(version, rubric=RUBRIC, filename=AS_MARKDOWN).rubric.score)
            word_file.write_bytes(to_docx(text))
            page = read_source(str(word_file)).text
            converted[WORD].append(grade_text(page, rubric=RUBRIC, filename=str(word_file)).rubric.score)
            detected[WORD][f"word document read as {detect_format(page, word_file.name)}"] += 1
            pdf_file.write_bytes(to_pdf(text))
            pdf_text = read_source(str(pdf_file)).text
            converted[PDF].append(grade_text(pdf_text, rubric=RUBRIC, filename=str(pdf_file)).rubric.score)
            detected[PDF][f"pdf read as {detect_format(pdf_text, pdf_file.name)}"] += 1
            if args.verbose:
                print(f"  {name}: holistic {holistic[-1]:.1f} " + " ".join(
                    f"{variant}={scores[-1]:.2f}" for variant, scores in converted.items()))
    for variant, scores in converted.items():
        print(f"{variant}_spearman_holistic: {spearman(scores, holistic):.2f}")
        print(f"{variant}_mean_score: {mean(scores):.2f}")
        if variant in unconverted:
            print(f"{variant}_spearman_holistic_read_as_markdown: {spearman(unconverted[variant], holistic):.2f}")
            print(f"{variant}_mean_score_read_as_markdown: {mean(unconverted[variant]):.2f}")
        print(f"{variant}_recognised_as: " + ", ".join(f"{kind} {n}" for kind, n in detected[variant].most_common()))
    markdown_files = sorted(RAW.rglob("*.md"))
    from agent.document import to_markdown

    changed_by_content = [p for p in markdown_files if to_markdown(p.read_text(encoding="utf-8")) != p.read_text(encoding="utf-8")]
    changed_by_name = [p for p in markdown_files if to_markdown(p.read_text(encoding="utf-8"), p.name) != p.read_text(encoding="utf-8")]
    print(f"markdown_files_changed_by_content: {len(changed_by_content)}/{len(markdown_files)}")
    print(f"markdown_files_changed_by_name: {len(changed_by_name)}/{len(markdown_files)}")
    if args.verbose:
        print("\n".join(f"  changed: {p.relative_to(RAW)} (read as {detect_format(p.read_text(encoding='utf-8'))})"
                        for p in changed_by_content))
    return 0


if __name__ == "__main__":
    sys.exit(main())
