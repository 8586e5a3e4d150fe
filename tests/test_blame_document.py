"""lint_document: narrative is checked; roles, owner columns, front matter and code are where names belong."""

from agent.document import read_markdown
from agent.grading.blame import lint_document
from agent.models.document import Block, Document, Section, Table


def test_a_review_is_checked_where_it_tells_the_story(fixtures_dir):
    doc = read_markdown((fixtures_dir / "blame" / "review.md").read_text(encoding="utf-8"))
    findings = lint_document(doc)
    # line 24, "Oluwaseun paged the storage on-call", is a timeline row recording who did what: not blame
    assert [(f.line, f.rule, f.matched) for f in findings] == [
        (29, "counterfactual-should-have", "should have checked"),
    ]


def test_timeline_rows_and_chat_lines_record_names_but_judgements_in_them_are_flagged():
    doc = read_markdown(
        "## Timeline\n\n"
        "- 15:03 jennifer notifies the incidents list\n"
        "- 15:12 docbrown contacts clarac and Ana Lima to examine the codebase\n"
        "- 15:20 Ana Lima carelessly skipped the canary\n\n"
        "## Summary\n\n"
        "The deploy went out at 15:00. Ana Lima decided to roll back at 15:30.\n\n"
        "## Appendix: chat log\n\n"
        "tony [1:50 PM] I don't see any red flag yet @Ana\n"
    )
    found = [(f.line, f.rule) for f in lint_document(doc)]
    assert found == [(5, "careless-judgement"), (5, "named-person"), (9, "named-person")]


def test_a_quoted_speaker_about_themselves_or_their_mood_is_a_record_but_blame_of_others_is_not():
    doc = read_markdown(
        "## Appendix: chat log\n\n"
        "maria [2:10 PM] sorry, I forgot which region the replica was in\n\n"
        "maria [2:12 PM] this throttling is absurd, the disk queue is at 400\n\n"
        "maria [2:15 PM] the on-call engineer forgot to renew the certificate again\n\n"
        "## Summary\n\n"
        "I forgot to renew the certificate. The throttling was absurd!!\n"
    )
    found = [(f.line, f.rule) for f in lint_document(doc)]
    assert found == [(7, "forgot"), (11, "forgot"), (11, "animated-language")]


def test_a_rewrite_replaces_the_whole_name_with_one_role():
    doc = read_markdown("## Summary\n\nDuring the update Jan Wiberg mentions that he can't access anything.\n")
    [finding] = lint_document(doc)
    assert finding.suggestion == ('Refer to the role, not the person: '
                                  '"During the update the [role] mentions that he can\'t access anything."')


def test_owner_columns_and_roles_sections_are_skipped_but_their_names_are_learned():
    doc = Document(
        sections=[
            Section(
                title="Attendees",
                canonical="roles",
                level=2,
                line=1,
                end_line=3,
                blocks=[Block(text="Facilitator: Ifeoma Chukwu", line=2, is_list_item=True)],
            ),
            Section(
                title="Narrative",
                canonical="summary",
                level=2,
                line=4,
                end_line=6,
                blocks=[Block(text="Ifeoma rolled back the release.\nThe canary caught the error.", line=5)],
            ),
            Section(
                title="Follow-up",
                canonical="action_items",
                level=2,
                line=7,
                end_line=10,
                tables=[
                    Table(
                        header=["What", "Assignee", "Success signal"],
                        rows=[["Add a canary gate", "Ifeoma Chukwu", "No release skips the canary"]],
                        line=8,
                        row_lines=[10],
                    )
                ],
            ),
        ]
    )
    findings = lint_document(doc)
    assert [(f.line, f.rule, f.matched) for f in findings] == [(5, "named-person", "Ifeoma")]


def test_narrative_table_cells_are_checked_on_their_row_line():
    table = Table(
        header=["Factor", "Owner"],
        rows=[["Config pushes skip review", "Ana"], ["Human error during the push", "Ana"]],
        line=3,
        row_lines=[5, 6],
    )
    doc = Document(sections=[Section(title="Factors", canonical="contributing_factors", level=2, line=2, end_line=6, tables=[table])])
    assert [(f.line, f.rule) for f in lint_document(doc)] == [(6, "human-error-cause")]


def test_a_byline_is_metadata_but_a_sentence_starting_with_by_is_narrative():
    doc = read_markdown("# Review\n\nBy Marisol Vega and Tariq Aziz\n\nBy 14:10 the operator had forgotten the flag.\n")
    assert [(f.line, f.rule) for f in lint_document(doc)] == [(5, "forgot")]


def test_linting_pieces_together_finds_what_linting_each_piece_finds():
    """lint_document lints all pieces in one pass; neighbours must not leak into each other."""
    from agent.grading.blame import linter_for

    pieces = [
        ("14:05", 3),
        ("Ilse decided to restart the broker.", 3),  # a name right after a time in the previous cell
        ("Operators", 4),
        ("forgot to drain the queue", 4),  # a fragment after a role in the previous cell, not its subject
        ("12", 5),
        ("May brought a second spike.\nThe alert should have fired.", 5),
    ]
    linter = linter_for()
    together = [(f.line, f.rule, f.matched) for f in linter.lint_pieces(pieces)]
    apart = [(f.line, f.rule, f.matched) for text, line in pieces for f in linter.lint(text, line)]
    assert together == apart
    assert ("named-person", "Ilse") in {(rule, matched) for _, rule, matched in together}
    assert ("named-person", "May") not in {(rule, matched) for _, rule, matched in together}


def test_a_name_marked_in_one_piece_is_found_in_the_others():
    from agent.grading.blame import linter_for

    pieces = [("Kwabena noticed the queue growing.", 3), ("Kwabena restarted the broker.", 4)]
    found = [(f.line, f.matched) for f in linter_for().lint_pieces(pieces) if f.rule == "named-person"]
    assert found == [(3, "Kwabena"), (4, "Kwabena")]
    assert linter_for().lint("Kwabena restarted the broker.") == []  # alone, nothing says it is a person
