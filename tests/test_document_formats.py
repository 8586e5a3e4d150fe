"""Post-mortems written as HTML, reST, AsciiDoc, Confluence wiki, Org or plain text grade as the same document in
Markdown does; Markdown itself comes through unchanged; findings point at the user's line."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.document import detect_format, read_document, read_markdown, to_markdown
from agent.errors import InputError
from agent.grading import grade_text
from cli_runner import postmortem

FIXTURES = Path(__file__).parent / "fixtures"

MARKDOWN = """\
# Checkout outage, 2026-03-10

Date: 2026-03-10
Authors: payments on-call
Severity: SEV-2

## Summary

For 42 minutes checkout returned HTTP 500 to 18% of customers after a connection pool limit was lowered in a config deploy.

## Impact

- 18% of checkout requests failed between 14:05 and 14:47 UTC
- about 3,100 orders were delayed; none were lost

## Timeline

- 14:02 UTC config deploy lowers the payments pool from 200 to 20 connections
- 14:05 UTC error-rate alert fires and pages the on-call engineer
- 14:21 UTC incident declared; deploy identified as the trigger
- 14:40 UTC config rolled back
- 14:47 UTC error rate back under the SLO

## Root cause

The pool size lived in a shared config file with no validation, so a typo for one service changed every service.

### Why it was hard to see

The dashboard showed pool saturation only per host, and the alert fired on errors rather than on saturation.

## Action items

| Action | Owner | Ticket |
|---|---|---|
| Validate pool sizes in CI | payments team | PAY-101 |
| Alert on pool saturation | SRE | SRE-77 |

## Lessons learned

### What went well

- The rollback took two minutes once the trigger was known.

### What went wrong

- Nobody outside payments knew the pool size was shared.
"""

# (level, canonical id) of every section the Markdown version has, the title first.
SECTIONS = [(1, None), (2, "summary"), (2, "impact"), (2, "timeline"), (2, "root_cause"), (3, "root_cause"),
            (2, "action_items"), (2, "learnings"), (3, "went_well"), (3, "went_poorly")]

RST = """\
===========================
Checkout outage, 2026-03-10
===========================

:Date: 2026-03-10
:Authors: payments on-call
:Severity: SEV-2

Summary
=======

For 42 minutes checkout returned HTTP 500 to 18% of customers after a connection pool limit was lowered in a config deploy.

Impact
======

- 18% of checkout requests failed between 14:05 and 14:47 UTC
- about 3,100 orders were delayed; none were lost

Timeline
========

- 14:02 UTC config deploy lowers the payments pool from 200 to 20 connections
- 14:05 UTC error-rate alert fires and pages the on-call engineer
- 14:21 UTC incident declared; deploy identified as the trigger
- 14:40 UTC config rolled back
- 14:47 UTC error rate back under the SLO

Root cause
==========

The pool size lived in a shared config file with no validation, so a typo for one service changed every service.

Why it was hard to see
----------------------

The dashboard showed pool saturation only per host, and the alert fired on errors rather than on saturation.

.. code-block:: yaml

   pool_size: 20

Action items
============

+---------------------------+---------------+---------+
| Action                    | Owner         | Ticket  |
+===========================+===============+=========+
| Validate pool sizes in CI | payments team | PAY-101 |
+---------------------------+---------------+---------+
| Alert on pool saturation  | SRE           | SRE-77  |
+---------------------------+---------------+---------+

Lessons learned
===============

What went well
--------------

- The rollback took two minutes once the trigger was known.

What went wrong
---------------

- Nobody outside payments knew the pool size was shared.

.. note::

   Reviewed in the weekly incident review.
"""

ASCIIDOC = """\
= Checkout outage, 2026-03-10
:revdate: 2026-03-10
:author: payments on-call
:severity: SEV-2

== Summary

For 42 minutes checkout returned HTTP 500 to 18% of customers after a connection pool limit was lowered in a config deploy.

== Impact

* 18% of checkout requests failed between 14:05 and 14:47 UTC
* about 3,100 orders were delayed; none were lost

== Timeline

* 14:02 UTC config deploy lowers the payments pool from 200 to 20 connections
* 14:05 UTC error-rate alert fires and pages the on-call engineer
* 14:21 UTC incident declared; deploy identified as the trigger
* 14:40 UTC config rolled back
* 14:47 UTC error rate back under the SLO

== Root cause

The pool size lived in a shared config file with no validation, so a typo for one service changed every service.

=== Why it was hard to see

The dashboard showed pool saturation only per host, and the alert fired on errors rather than on saturation.

[source,yaml]
----
pool_size: 20
----

== Action items

[cols="3,2,1",options="header"]
|===
|Action |Owner |Ticket
|Validate pool sizes in CI |payments team |PAY-101
|Alert on pool saturation |SRE |SRE-77
|===

== Lessons learned

=== What went well

* The rollback took two minutes once the trigger was known.

=== What went wrong

* Nobody outside payments knew the pool size was shared.
"""

CONFLUENCE_WIKI = """\
h1. Checkout outage, 2026-03-10

Date: 2026-03-10
Authors: payments on-call
Severity: SEV-2

h2. Summary

For 42 minutes checkout returned HTTP 500 to 18% of customers after a connection pool limit was lowered in a config deploy.

h2. Impact

* 18% of checkout requests failed between 14:05 and 14:47 UTC
* about 3,100 orders were delayed; none were lost

h2. Timeline

# 14:02 UTC config deploy lowers the payments pool from 200 to 20 connections
# 14:05 UTC error-rate alert fires and pages the on-call engineer
# 14:21 UTC incident declared; deploy identified as the trigger
# 14:40 UTC config rolled back
# 14:47 UTC error rate back under the SLO

h2. Root cause

The pool size lived in a shared config file with no validation, so a typo for one service changed every service.

h3. Why it was hard to see

The dashboard showed pool saturation only per host, and the alert fired on errors rather than on saturation.

{code:yaml}
pool_size: 20
{code}

h2. Action items

||Action||Owner||Ticket||
|Validate pool sizes in CI|payments team|[PAY-101|https://jira.example.com/browse/PAY-101]|
|Alert on pool saturation|SRE|[SRE-77|https://jira.example.com/browse/SRE-77]|

h2. Lessons learned

h3. What went well

* The rollback took two minutes once the trigger was known.

h3. What went wrong

* Nobody outside payments knew the pool size was shared.
"""

ORG = """\
#+TITLE: Checkout outage, 2026-03-10
#+DATE: 2026-03-10
#+AUTHOR: payments on-call
#+OPTIONS: toc:nil

Severity: SEV-2

* Summary
:PROPERTIES:
:CUSTOM_ID: summary
:END:
For 42 minutes checkout returned HTTP 500 to 18% of customers after a connection pool limit was lowered in a config deploy.

* Impact

- 18% of checkout requests failed between 14:05 and 14:47 UTC
- about 3,100 orders were delayed; none were lost

* Timeline

- 14:02 UTC config deploy lowers the payments pool from 200 to 20 connections
- 14:05 UTC error-rate alert fires and pages the on-call engineer
- 14:21 UTC incident declared; deploy identified as the trigger
- 14:40 UTC config rolled back
- 14:47 UTC error rate back under the SLO

* Root cause

The pool size lived in a shared config file with no validation, so a typo for one service changed every service.

** Why it was hard to see

The dashboard showed pool saturation only per host, and the alert fired on errors rather than on saturation.

#+BEGIN_SRC yaml
# the shared file
pool_size: 20
#+END_SRC

* Action items                                                     :followup:

| Action                    | Owner         | Ticket  |
|---------------------------+---------------+---------|
| Validate pool sizes in CI | payments team | PAY-101 |
| Alert on pool saturation  | SRE           | SRE-77  |

* Lessons learned
** What went well

- The rollback took two minutes once the trigger was known.

** What went wrong

- Nobody outside payments knew the pool size was shared.
"""

PLAIN = """\
Checkout outage, 2026-03-10

Date: 2026-03-10
Authors: payments on-call
Severity: SEV-2

SUMMARY

For 42 minutes checkout returned HTTP 500 to 18% of customers after a connection pool limit was lowered in a config deploy.

IMPACT

- 18% of checkout requests failed between 14:05 and 14:47 UTC
- about 3,100 orders were delayed; none were lost

Timeline
- 14:02 UTC config deploy lowers the payments pool from 200 to 20 connections
- 14:05 UTC error-rate alert fires and pages the on-call engineer
- 14:21 UTC incident declared; deploy identified as the trigger
- 14:40 UTC config rolled back
- 14:47 UTC error rate back under the SLO

Root cause:
The pool size lived in a shared config file with no validation, so a typo for one service changed every service.

WHY IT WAS HARD TO SEE

The dashboard showed pool saturation only per host, and the alert fired on errors rather than on saturation.

ACTION ITEMS

- Validate pool sizes in CI (owner: payments team, PAY-101)
- Alert on pool saturation (owner: SRE, SRE-77)

LESSONS LEARNED

What went well
- The rollback took two minutes once the trigger was known.

What went wrong
- Nobody outside payments knew the pool size was shared.
"""

# A Confluence page export: page chrome (breadcrumbs, metadata, footer), headings with ids, a nested list, a
# table with confluenceTh headers and a list inside a cell, a code panel.
CONFLUENCE_HTML = """\
<!DOCTYPE html>
<html>
<head>
<title>Incidents : Checkout outage, 2026-03-10</title>
<style type="text/css">body { font-family: sans-serif; }</style>
</head>
<body class="theme-default">
<div id="page">
<div id="main-header">
<div id="breadcrumb-section"><ol id="breadcrumbs"><li class="first"><a href="index.html">Incidents</a></li></ol></div>
<h1 id="title-heading" class="pagetitle"><span id="title-text">Incidents : Checkout outage, 2026-03-10</span></h1>
</div>
<div id="main-content" class="wiki-content group">
<p>Date: 2026-03-10<br/>Authors: payments on-call<br/>Severity: SEV-2</p>
<h2 id="Checkoutoutage-Summary">Summary</h2>
<p>For 42 minutes checkout returned HTTP 500 to 18% of customers after a connection pool limit was lowered in a config deploy.</p>
<h2 id="Checkoutoutage-Impact">Impact</h2>
<ul>
<li>18% of checkout requests failed between 14:05 and 14:47 UTC</li>
<li>about 3,100 orders were delayed; none were lost</li>
</ul>
<h2 id="Checkoutoutage-Timeline">Timeline</h2>
<ul>
<li>14:02 UTC config deploy lowers the payments pool from 200 to 20 connections</li>
<li>14:05 UTC error-rate alert fires and pages the on-call engineer
<ul><li>the alert linked the error-rate dashboard</li></ul>
</li>
<li>14:21 UTC incident declared; deploy identified as the trigger</li>
<li>14:40 UTC config rolled back</li>
<li>14:47 UTC error rate back under the SLO</li>
</ul>
<h2 id="Checkoutoutage-Rootcause">Root cause</h2>
<p>The pool size lived in a shared config file with no validation, so a typo for one service changed every service.</p>
<h3 id="Checkoutoutage-Whyitwashardtosee">Why it was hard to see</h3>
<p>The dashboard showed pool saturation only per host, and the alert fired on errors rather than on saturation.</p>
<div class="code panel pdl"><div class="codeContent panelContent pdl">
<pre class="syntaxhighlighter-pre">pool_size: 20</pre>
</div></div>
<h2 id="Checkoutoutage-Actionitems">Action items</h2>
<div class="table-wrap">
<table class="confluenceTable"><tbody>
<tr><th class="confluenceTh">Action</th><th class="confluenceTh">Owner</th><th class="confluenceTh">Ticket</th></tr>
<tr><td class="confluenceTd"><ul><li>Validate pool sizes in CI</li></ul></td><td>payments team</td><td>PAY-101</td></tr>
<tr><td class="confluenceTd">Alert on pool saturation</td><td class="confluenceTd">SRE</td><td class="confluenceTd">SRE-77</td></tr>
</tbody></table>
</div>
<h2 id="Checkoutoutage-Lessonslearned">Lessons learned</h2>
<h3 id="Checkoutoutage-Whatwentwell">What went well</h3>
<ul><li>The rollback took two minutes once the trigger was known.</li></ul>
<h3 id="Checkoutoutage-Whatwentwrong">What went wrong</h3>
<ul><li>Nobody outside payments knew the pool size was shared.</li></ul>
</div>
<div id="footer" role="contentinfo"><p>Document generated by Confluence on Mar 12, 2026 09:14</p></div>
</div>
</body>
</html>
"""

VERSIONS = {"review.rst": (RST, "rst"), "review.adoc": (ASCIIDOC, "asciidoc"),
            "review.wiki": (CONFLUENCE_WIKI, "confluence"), "review.org": (ORG, "org"),
            "review.txt": (PLAIN, "plain"), "review.html": (CONFLUENCE_HTML, "html")}
LINE_FOR_LINE = ["review.rst", "review.adoc", "review.wiki", "review.org", "review.txt"]


def _sections(text: str, filename: str | None = None) -> list[tuple[int, str | None]]:
    return [(s.level, s.canonical) for s in read_document(text, filename).sections if s.level > 0]


@pytest.mark.parametrize("filename", list(VERSIONS))
def test_each_format_is_recognised_by_its_content_and_read_into_the_same_sections(filename):
    text, kind = VERSIONS[filename]
    assert detect_format(text) == kind
    assert detect_format(text, filename) == kind
    # Plain text writes no levels: "What went well" under "LESSONS LEARNED" is a section of its own there.
    expected = SECTIONS[:-2] + [(2, "went_well"), (2, "went_poorly")] if kind == "plain" else SECTIONS
    assert _sections(text) == _sections(text, filename) == expected


@pytest.mark.parametrize("filename", list(VERSIONS))
def test_each_format_grades_as_its_markdown_version_does(filename):
    text, _ = VERSIONS[filename]
    expected = grade_text(MARKDOWN, rubric="sre-weighted")
    graded = grade_text(text, rubric="sre-weighted", filename=filename)
    assert {c.id: c.score for c in graded.rubric.criteria} == {c.id: c.score for c in expected.rubric.criteria}
    assert {g.id: g.passed for g in graded.gates} == {g.id: g.passed for g in expected.gates}


@pytest.mark.parametrize("filename", LINE_FOR_LINE)
def test_findings_point_at_the_line_of_the_users_file(filename):
    """The action items have no due dates: each finding names the line where that action is in the file."""
    text, _ = VERSIONS[filename]
    lines = text.split("\n")
    findings = [f for f in grade_text(text, rubric="sre-weighted", filename=filename).findings
                if f.gate == "actions_complete"]
    assert len(findings) == 2
    for finding, action in zip(findings, ["Validate pool sizes in CI", "Alert on pool saturation"], strict=True):
        assert action in lines[finding.line - 1]


def test_html_blocks_start_at_or_just_after_the_line_of_their_tag_and_table_rows_at_theirs():
    """The list's closing tags leave room, so "Timeline" is on its own line; the one-line <pre> above "Action
    items" takes three lines as a Markdown fence, so that heading comes one line late."""
    document = read_document(CONFLUENCE_HTML)
    lines = CONFLUENCE_HTML.split("\n")
    timeline, actions = document.section("timeline"), document.section("action_items")
    assert timeline is not None and "Timeline</h2>" in lines[timeline.line - 1]
    assert actions is not None and "Action items</h2>" in lines[actions.line - 2]
    table = actions.tables[0]
    assert table.header == ["Action", "Owner", "Ticket"]
    assert table.rows[0][0] == "Validate pool sizes in CI"
    assert all("<tr>" in lines[line - 1] for line in table.row_lines)
    assert [b.text for b in timeline.blocks][1:3] == ["14:05 UTC error-rate alert fires and pages the on-call engineer",
                                                      "the alert linked the error-rate dashboard"]
    assert not any("Document generated" in line for line in document.lines)


@pytest.mark.parametrize("path", sorted((FIXTURES / "grading").glob("*.md")), ids=lambda p: p.name)
def test_markdown_comes_through_unchanged(path):
    text = path.read_text(encoding="utf-8")
    assert detect_format(text) == "markdown"
    assert to_markdown(text) is text and to_markdown(text, path.name) is text
    assert read_document(text) == read_markdown(text)
    assert grade_text(text).model_dump() == grade_text(text, filename=path.name).model_dump()


def test_a_markdown_file_is_read_as_markdown_whatever_its_content():
    assert to_markdown(RST, "review.md") is RST
    assert to_markdown(CONFLUENCE_HTML, "review.markdown") is CONFLUENCE_HTML


def test_empty_textless_and_absurdly_nested_documents_are_input_errors():
    for text, name in [("", None), ("  \n\n", "review.rst"),
                       ("<html><head><title></title></head><body><script>x()</script></body></html>", None),
                       ("<div>" * 3000 + "<p>deep</p>", "page.html"), ("<ul><li>" * 3000 + "deep", "page.html")]:
        with pytest.raises(InputError):
            grade_text(text, filename=name)


@pytest.mark.parametrize(("name", "content", "problem"), [
    ("review.html", b"\x00\x01PK\x03\x04" * 50, "binary"),
    ("review.rst", b"", "empty"),
    ("review.org", b"#+TITLE:\n\n", "no text"),
])
def test_unreadable_documents_of_any_format_are_one_line_and_exit_2(tmp_path, name, content, problem):
    document = tmp_path / name
    document.write_bytes(content)
    result = postmortem("grade", str(document))
    errors = [line for line in result.stderr.decode().splitlines() if line.startswith("postmortem: error:")]
    assert result.returncode == 2 and result.stdout == b""
    assert len(errors) == 1 and problem in errors[0] and "Traceback" not in result.stderr.decode()


WORDS = st.sampled_from("the pool config deploy alert rollback customers checkout latency owner fixed 14:05 "
                        "UTC 18% on-call service database error rate was is and of to".split())
SENTENCE = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)
MARKDOWN_BLOCKS = st.one_of(
    SENTENCE.map(lambda s: s.capitalize() + "."),
    st.tuples(st.integers(2, 4), SENTENCE).map(lambda h: "#" * h[0] + " " + h[1].capitalize()),
    st.lists(SENTENCE, min_size=1, max_size=4).map(lambda items: "\n".join("- " + i for i in items)),
    st.lists(SENTENCE, min_size=1, max_size=4).map(lambda items: "\n".join("1. " + i for i in items)),
    st.lists(st.tuples(SENTENCE, SENTENCE), min_size=1, max_size=3).map(
        lambda rows: "| Action | Owner |\n|---|---|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)),
    SENTENCE.map(lambda s: f"**{s.split()[0].capitalize()}**: {s}."),
    SENTENCE.map(lambda s: f"```\n{s}\n== {s}\nh2. {s}\n#+TITLE: {s}\n```"),
    SENTENCE.map(lambda s: f"> {s}."),
)
MARKDOWN_DOCUMENTS = st.tuples(SENTENCE, st.lists(MARKDOWN_BLOCKS, max_size=12)).map(
    lambda d: "\n\n".join(["# " + d[0].capitalize(), *d[1]]) + "\n")


@given(MARKDOWN_DOCUMENTS)
def test_markdown_is_never_taken_for_another_format(text):
    assert detect_format(text) == "markdown"
    assert to_markdown(text) is text


FORMAT_BITS = st.sampled_from([
    "h2. ", "== ", "= ", "* ", "** ", "# ", "#+TITLE: ", "#+BEGIN_SRC", "#+END_SRC", ":PROPERTIES:", ":END:",
    "||a||b||", "|a|b|", "|===", "----", "....", "====", "~~~~", "^^^^", ".. note::", ".. code-block:: sh",
    "   ", ":Date: ", "+---+---+", "| x | y |", "+===+===+", "=== ===", "<html>", "<p>", "</p>", "<table>",
    "<tr><td>", "<ul><li>", "<h2>", "{code}", "{noformat}", "bq. ", "SUMMARY", "Timeline:", "1.2 Impact",
    "\n", "\n\n", "\r\n", "\t", "<!DOCTYPE html>", "[cols=\"1,2\"]", ".. list-table::", "   * - a", "     - b",
])
ANY_MARKUP = st.lists(st.one_of(FORMAT_BITS, st.text(max_size=10)), max_size=60).map("".join)


@given(ANY_MARKUP)
def test_format_detection_and_conversion_never_crash(text):
    for name in (None, "x.html", "x.rst", "x.adoc", "x.wiki", "x.org", "x.txt"):
        markdown = to_markdown(text, name)
        assert isinstance(markdown, str)
        read_markdown(markdown)
    assert detect_format(text) in ("markdown", "html", "rst", "asciidoc", "confluence", "org", "plain")


@given(ANY_MARKUP)
def test_line_for_line_formats_keep_every_line_where_it_was(text):
    def line_count(document: str) -> int:
        return len(document.replace("\r\n", "\n").replace("\r", "\n").split("\n"))

    for name in ("x.rst", "x.adoc", "x.wiki", "x.org", "x.txt"):
        assert line_count(to_markdown(text, name)) == line_count(text)


def test_the_knowledge_base_indexes_every_format_as_its_markdown_version(tmp_path):
    from agent.kb.ingest import expand, read_source

    (tmp_path / "review.md").write_text(MARKDOWN, encoding="utf-8")
    for name, (text, _) in VERSIONS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("call notes, not a post-mortem\n", encoding="utf-8")
    found = {path.name for path in expand([tmp_path])}
    assert found == {"review.md"} | set(VERSIONS) - {"review.txt"}  # a folder's .txt files may be anything
    expected = [action.action for action in read_source(tmp_path / "review.md").actions]
    assert expected[:2] == ["Validate pool sizes in CI", "Alert on pool saturation"]
    for name in VERSIONS:
        indexed = read_source(tmp_path / name)
        actions = [action.action for action in indexed.actions]
        assert len(actions) >= 2 and all(a.startswith(e) for a, e in zip(actions, expected[:2], strict=False)), name
        assert (indexed.metadata.title or "").endswith("Checkout outage, 2026-03-10"), name  # Confluence: "Space : …"
