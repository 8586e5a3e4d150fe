"""The Markdown reader: headings and their synonyms, pseudo-headings, tables, lists, front matter, line numbers."""

import pytest

from agent.document import CANONICAL_SECTIONS, canonical_for, read_markdown
from agent.document.query import items_of, top_level


def by_title(doc, title):
    return next(s for s in doc.sections if s.title == title)


@pytest.mark.parametrize(
    ("title", "canonical"),
    [
        ("Lessons learned", "learnings"),
        ("Key Takeaways", "learnings"),
        ("Corrective and Preventative Measures", "action_items"),
        ("Remediation", "action_items"),
        ("Follow-up improvements", "action_items"),
        ("Action Items", "action_items"),
        ("5) Action Tracker", "action_items"),
        ("Root cause identification: The Five Whys", "root_cause"),
        ("Five whys", "root_cause"),
        ("Leadup", "background"),
        ("Fault", "root_cause"),
        ("Detection", "detection"),
        ("Response", "response"),
        ("Recovery", "recovery"),
        ("Resolution and recovery", "recovery"),
        ("What went well?", "went_well"),
        ("What Didn't Go So Well?", "went_poorly"),
        ("What could have gone better?", "went_poorly"),
        ("Where did we get lucky?", "lucky"),
        ("Follow-up timeline (times in BST)", "timeline"),
        ("Timeline of events", "timeline"),
        ("Contributing Factors", "contributing_factors"),
        ("Stats", "metrics"),
        ("Attendees", "roles"),
        ("Impact & Learnings Review (Recurring Ritual)", "dissemination"),
        ("Kill criteria / triggers", "triggers"),
        ("Trigger", "root_cause"),
        ("Parked ideas", "parked_ideas"),
        ("Similar past incidents", "similar_incidents"),
        ("Risks", "risks"),
        ("Open Questions", "open_questions"),
        ("Next steps", "next_steps"),
        ("Owner: @someone", "roles"),
        ("Supporting information", "appendix"),
        ("Database Setup", None),
        ("Troubleshooting FAQ", None),
    ],
)
def test_heading_synonyms_map_to_canonical_ids(title, canonical):
    assert canonical_for(title) == canonical
    assert canonical is None or canonical in CANONICAL_SECTIONS


def test_sections_blocks_tables_and_line_numbers():
    text = "\n".join([
        "# Cache outage",               # 1
        "",                             # 2
        "## Summary",                   # 3
        "",                             # 4
        "The cache cluster lost",       # 5
        "quorum for 20 minutes.",       # 6
        "",                             # 7
        "## Timeline",                  # 8
        "",                             # 9
        "| Time | Event |",             # 10
        "|---|---|",                    # 11
        "| 10:00 | node 3 dropped |",    # 12
        "| 10:20 | quorum restored |",   # 13
        "",                             # 14
        "## Strange custom part",       # 15
        "",                             # 16
        "- first point",                # 17
        "  - nested detail",            # 18
        "- second point",               # 19
    ])
    doc = read_markdown(text)
    assert doc.title == "Cache outage"
    summary = doc.section("summary")
    assert (summary.line, summary.end_line) == (3, 7)
    assert summary.blocks[0].line == 5 and "quorum for 20 minutes." in summary.blocks[0].text
    table = doc.section("timeline").tables[0]
    assert table.header == ["Time", "Event"]
    assert table.rows == [["10:00", "node 3 dropped"], ["10:20", "quorum restored"]]
    assert (table.line, table.row_lines) == (10, [12, 13])
    custom = by_title(doc, "Strange custom part")
    assert custom.canonical is None  # kept, not dropped
    assert [(b.text, b.line, b.is_list_item) for b in custom.blocks] == [
        ("first point", 17, True), ("nested detail", 18, True), ("second point", 19, True)]
    groups = top_level(items_of(doc, "timeline"))
    assert len(groups) == 2
    assert doc.lines[12 - 1] == "| 10:00 | node 3 dropped |"


def test_nested_list_items_group_under_their_parent():
    doc = read_markdown("## Action items\n\n- Add a lag alert\n  - Owner: db on-call\n- Write the runbook\n")
    groups = top_level(items_of(doc, "action_items"))
    assert [[i.text for i in g] for g in groups] == [["Add a lag alert", "Owner: db on-call"], ["Write the runbook"]]


def test_setext_headings_and_crlf_input():
    doc = read_markdown("Summary\r\n=======\r\n\r\nIt broke.\r\n\r\nAction items\r\n------------\r\n\r\n- fix it\r\n")
    assert [(s.title, s.canonical, s.level, s.line) for s in doc.sections] == [
        ("Summary", "summary", 1, 1), ("Action items", "action_items", 2, 6)]
    assert doc.section("action_items").blocks[0].line == 9


def test_yaml_and_toml_front_matter_keep_line_numbers():
    yaml_doc = read_markdown("---\ntitle: Disk full\ndate: 2024-05-01\n---\n\n## Summary\n\nThe disk filled.\n")
    assert yaml_doc.title == "Disk full"
    assert yaml_doc.front_matter == {"title": "Disk full", "date": "2024-05-01"}
    assert yaml_doc.section("summary").line == 6
    toml_doc = read_markdown('+++\ntitle = "Queue stall"\nauthors = ["a", "b"]\n+++\n\n## Impact\n\n400 jobs waited.\n')
    assert toml_doc.front_matter["authors"] == ["a", "b"]
    assert toml_doc.section("impact").blocks[0].line == 8


def test_a_leading_rule_that_is_not_front_matter_is_left_alone():
    doc = read_markdown("---\n\nJust text: and not yaml [\n\n## Summary\n\nok\n")
    assert doc.front_matter == {}
    assert doc.section("summary").line == 5


def test_bold_pseudo_headings_split_a_heading_less_document():
    text = "\n".join([
        "# Example postmortem",
        "",
        "**Summary**: Search was down for 66 minutes.",
        "",
        "**Impact**: about 1.2 million queries failed.",
        "",
        "**What went well**",
        "",
        "- paging worked",
        "",
        "*Action Items*",
        "",
        "| Action | Owner |",
        "|---|---|",
        "| add load shedding | search lead |",
    ])
    doc = read_markdown(text)
    assert doc.section("summary").blocks[0].text == "Search was down for 66 minutes."
    assert doc.section("impact").line == 5
    assert doc.section("went_well").blocks[0].text == "paging worked"
    assert doc.section("action_items").tables[0].rows == [["add load shedding", "search lead"]]


def test_bare_label_above_a_list_is_a_heading_but_not_elsewhere():
    doc = read_markdown("# Review\n\nThings that went well\n- alerts fired\n\nSummary of the day was long.\n")
    assert doc.section("went_well").blocks[0].text == "alerts fired"
    assert doc.section("summary") is None


def test_emphasis_inside_a_recognised_section_stays_text():
    doc = read_markdown("## Dissemination plan\n\n**TL;DR**\n\n- one line\n")
    assert doc.section("summary") is None
    assert [b.text for b in doc.section("dissemination").blocks] == ["**TL;DR**", "one line"]


def test_unknown_subsections_inherit_and_time_headings_continue_the_timeline():
    text = "\n".join([
        "# Incident report", "", "## Root cause analysis", "", "### Why it was not caught", "", "- no test",
        "", "## Timeline", "", "## May 12", "", "### 20:15", "", "Alert fired.", "", "### 20:49", "", "Rolled back.",
    ])
    doc = read_markdown(text)
    assert by_title(doc, "Why it was not caught").canonical == "root_cause"
    assert [by_title(doc, t).canonical for t in ("May 12", "20:15", "20:49")] == ["timeline"] * 3
    assert by_title(doc, "Incident report").canonical is None


def test_children_of_a_lone_title_do_not_inherit_from_it():
    doc = read_markdown("# Summary of the March outage\n\n## Database setup\n\ntext\n")
    assert by_title(doc, "Database setup").canonical is None


def test_flattened_table_from_a_web_clip_is_folded_back():
    cells = ["Action Item", "Type", "Owner", "Bug", "Add load shedding", "prevent", "search lead", "BUG-1",
             "Plug the leak", "prevent", "ranking lead", "BUG-2"]
    doc = read_markdown("## Action items\n\n" + "\n\n".join(cells) + "\n")
    table = doc.section("action_items").tables[0]
    assert table.header == ["Action Item", "Type", "Owner", "Bug"]
    assert table.rows[1] == ["Plug the leak", "prevent", "ranking lead", "BUG-2"]
    assert table.row_lines == [11, 19]
    assert doc.section("action_items").blocks == []


HTML_ACTIONS = """## Action items

> <table>
> <caption>Follow-ups agreed in the review</caption>
> <thead>
> <tr><th>Action</th><th>Owner</th><th>Ticket</th></tr>
> </thead>
> <tbody>
> <tr>
> <td><p>Cap the <b>retry</b> budget of the export worker at 3 &amp; alert above it</p></td>
> <td>storage on-call</td>
> <td>OPS-41</td>
> </tr>

> <tr>
> <td><p>Rehearse the failover:</p>
> <ul><li>promote the replica</li><li>repoint the pooler</li></ul></td>
> <td>database lead</td><td>OPS-42</td>
> </tr>
> </tbody>
> </table>

After the table.
"""


def test_html_tables_are_read_like_markdown_tables():
    doc = read_markdown(HTML_ACTIONS)
    section = doc.section("action_items")
    [table] = section.tables
    assert table.header == ["Action", "Owner", "Ticket"]
    assert table.rows == [
        ["Cap the retry budget of the export worker at 3 & alert above it", "storage on-call", "OPS-41"],
        ["Rehearse the failover:; promote the replica; repoint the pooler", "database lead", "OPS-42"],
    ]
    lines = HTML_ACTIONS.split("\n")
    assert table.line == lines.index("> <tr><th>Action</th><th>Owner</th><th>Ticket</th></tr>") + 1
    assert [lines[n - 1] for n in table.row_lines] == ["> <tr>", "> <tr>"]
    assert table.row_lines[1] > lines.index("") + 1  # the blank line inside the table did not cut it short
    assert [b.text for b in section.blocks] == ["After the table."]


def test_an_html_table_without_th_cells_has_no_header_and_an_unclosed_one_keeps_its_rows():
    doc = read_markdown("## Timeline\n\n<table>\n<tr><td>14:05</td><td>alert fired</td></tr>\n"
                        "<tr><td>14:20</td><td>rollback</td></tr>\n")
    [table] = doc.section("timeline").tables
    assert table.header == [] and table.rows == [["14:05", "alert fired"], ["14:20", "rollback"]]
    assert table.row_lines == [4, 5]


def test_other_html_stays_out_of_the_content():
    doc = read_markdown("## Summary\n\n<div class=\"note\">\n<p>ignored markup</p>\n</div>\n\nThe queue backed up.\n")
    assert [b.text for b in doc.section("summary").blocks] == ["The queue backed up."]
    assert doc.section("summary").tables == []


def test_code_blocks_are_not_content_but_stay_in_lines():
    doc = read_markdown("## Timeline\n\n```\n10:00 not an event\n```\n\n- 10:05 real event\n")
    assert [b.text for b in doc.section("timeline").blocks] == ["10:05 real event"]
    assert doc.lines[3] == "10:00 not an event"


def test_text_before_the_first_heading_is_a_level_zero_section():
    doc = read_markdown("Plain opening words.\n\n## Impact\n\n3 users.\n")
    opening = doc.sections[0]
    assert (opening.title, opening.level, opening.canonical, opening.blocks[0].line) == ("", 0, None, 1)


def test_empty_and_whitespace_documents():
    assert read_markdown("").sections == []
    assert read_markdown("   \n\n").sections == []
