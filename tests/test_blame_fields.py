"""Where names belong: people fields, owner columns, distribution lists, credits and our own drafts."""

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.document import read_markdown
from agent.grading.blame import lint_document, lint_text
from agent.models.document import Document, Section, Table


def named(text: str, people: tuple[str, ...] = ()) -> list[str]:
    return [f.matched for f in lint_text(text, people=people) if f.rule == "named-person"]


@pytest.fixture
def review(fixtures_dir):
    return read_markdown((fixtures_dir / "blame" / "fields_review.md").read_text(encoding="utf-8"))


def test_a_review_full_of_people_fields_is_flagged_only_where_the_story_names_people(review):
    """Agenda minutes, inline owners, brief and dissemination fields, mailing lists, owner columns with other
    headers and credits are all allowed; the names learned from them are caught in the narrative."""
    findings = lint_document(review)
    assert [(f.line, f.rule, f.matched) for f in findings] == [
        (24, "named-person", "Kwame"),  # from the roles table
        (24, "named-person", "Ngozi"),  # from "Facilitator:" in the brief
        (25, "named-person", "Farid"),  # from the Assignee column
    ]


@pytest.mark.parametrize(
    "item",
    [
        "Add a pool-saturation alert. Owner: @dana, due 2026-03-20",
        "Add a pool-saturation alert. Owners: Dana Park and @lee. Due 2026-04-01.",
        "Rotate the archive key (Assignee: Priya Raman, due 2026-04-10)",
        "Add a CI check on pool size — owner: Priya Raman",
        "Add a canary stage; Assigned to: Priya Raman; target 2026-05-01",
    ],
)
def test_inline_owner_fields_in_action_items_are_not_narrative(item):
    assert lint_text(item) == []


def test_an_owner_field_does_not_hide_blame_in_the_same_item():
    findings = lint_text("Priya forgot to add the alert. Owner: @dana, due 2026-03-20")
    assert {f.rule for f in findings} == {"forgot", "named-person"}  # Priya: learned nowhere else, but cued
    assert [f.matched for f in findings if f.rule == "named-person"] == ["Priya"]
    assert named("Dana decided to page the storage team. Owner: Dana Park", ()) == ["Dana"]


@pytest.mark.parametrize(
    "line",
    [
        "Review owner: Ngozi Eze",
        "Facilitator: Ngozi Eze",
        "**Facilitator:** Ngozi Eze",
        "Scribe: Tariq Aziz",
        "Decision owner: Beatriz Lopes",
        "Incident commander: Marcus Chen",
        "Comms lead: Dana Okafor",
    ],
)
def test_brief_and_dissemination_fields_name_people_where_they_belong(line):
    assert lint_text(line) == []


def test_a_role_label_quoting_a_speaker_is_still_checked():
    """"Manager: why didn't you ..." is a speaker, not a field: what they say is linted."""
    assert {f.rule for f in lint_text("Manager: why didn't you page the database team?")} == {"why-or-who-question"}


@pytest.mark.parametrize(
    "line",
    [
        "Shared with: [sre-all](mailto:sre-all@example.com), payments-leads@example.com",
        "Distribution: mailto:incident-review@example.com, ana.gomez@example.com",
        "Send questions to [the review list](mailto:incident-review@example.com).",
        "/assign @kofi @ana",
    ],
)
def test_addresses_in_distribution_fields_and_mailto_links_are_not_blame(line):
    assert lint_text(line) == []


def test_an_address_in_the_narrative_is_still_a_person():
    assert named("ana.gomez@example.com restarted the primary at 14:05.") == ["ana.gomez@example.com"]


def test_a_paragraph_that_only_lists_people_is_a_roster_but_a_sentence_is_not():
    doc = read_markdown(
        "# Review\n\n## Summary\n\n@ana, @lee and ana.gomez@example.com\n\n@lee restarted the primary.\n"
    )
    assert [(f.line, f.matched) for f in lint_document(doc)] == [(7, "@lee")]


@pytest.mark.parametrize("owner_header", ["Owner", "Assignee", "DRI", "Responsible", "Action owner", "Owner / DRI"])
def test_owner_columns_under_any_common_header_are_skipped_and_learned(owner_header):
    table = Table(
        header=["Action", owner_header, "Due"],
        rows=[["Add a canary gate", "Ifeoma Chukwu", "2026-05-01"]],
        line=3,
        row_lines=[5],
    )
    doc = Document(
        sections=[
            Section(title="Follow-up", canonical="action_items", level=2, line=2, end_line=5, tables=[table]),
            Section(title="Narrative", canonical="summary", level=2, line=6, end_line=8,
                    blocks=[read_markdown("Ifeoma rolled back the release.").sections[0].blocks[0].model_copy(update={"line": 7})]),
        ]
    )
    assert [(f.line, f.matched) for f in lint_document(doc)] == [(7, "Ifeoma")]


def test_a_lead_time_column_is_narrative_not_an_owner_column():
    table = Table(header=["Step", "Lead time"], rows=[["Restore", "The operator forgot the flag"]], line=3, row_lines=[5])
    doc = Document(sections=[Section(title="Steps", canonical="timeline", level=2, line=2, end_line=5, tables=[table])])
    assert [f.rule for f in lint_document(doc)] == ["forgot"]


def test_an_owner_cell_naming_a_team_does_not_make_the_team_a_person():
    doc = read_markdown(
        "# Review\n\n## Summary\n\nMost checkout requests failed after the deploy.\n\n"
        "## Action items\n\n| Action | Owner |\n|---|---|\n| Add a canary | Checkout |\n| Add an alert | Hana |\n\n"
        "## Response\n\nHana rolled back the release.\n"
    )
    assert [(f.line, f.matched) for f in lint_document(doc)] == [(16, "Hana")]


def test_credit_sections_are_not_narrative():
    doc = read_markdown("# Review\n\n## Acknowledgements\n\nThanks go to Farid Haddad.\nFarid Haddad noticed the leak.\n")
    assert lint_document(doc) == []


@pytest.mark.parametrize("example", ["checkout-outage.slack.txt", "db-failover.irc.log"])
def test_our_own_offline_drafts_pass_the_blameless_gate(example):
    """Drafts use roles in the narrative; names sit in the Roles table and the Owner column only."""
    from agent.draft import draft
    from agent.grading import grade_text
    from agent.paths import EXAMPLES_DIR

    markdown = draft(str(EXAMPLES_DIR / example), today=date(2026, 11, 21), env={}, offline=True).markdown
    doc = read_markdown(markdown)
    assert doc.section("roles").tables  # the roster is there
    assert lint_document(doc) == []
    gate = next(g for g in grade_text(markdown).gates if g.id == "blameless_language")
    assert gate.passed is True
    # the same draft with a responder named in its summary is caught, by the name the Roles table lists
    first_name = doc.section("roles").tables[0].rows[0][1].split()[0]
    named_draft = re.sub(r"## Summary\n+", f"## Summary\n\n{first_name} restarted the service.\n\n", markdown, count=1)
    assert [f.matched for f in lint_document(read_markdown(named_draft))] == [first_name]


FIELD_WORDS = st.sampled_from(
    "Owner: Owners: Assignee: Facilitator: Scribe: Review owner: Shared with: @dana Ana Diaz ana@example.com due "
    "2026-03-20 , ; ) ( . — - \n the on-call engineer forgot to page / /assign /cc mailto:x@example.com [a](b)".split(" ")
)


@given(st.lists(FIELD_WORDS, max_size=30).map(" ".join))
def test_blanking_fields_keeps_every_offset_and_only_blanks(text):
    from agent.grading.blame import linter_for

    blanked, values = linter_for().fields.blank(text)
    assert len(blanked) == len(text)
    assert all(b == c or b == " " for b, c in zip(blanked, text, strict=True))
    assert all(value in text for value in values)
