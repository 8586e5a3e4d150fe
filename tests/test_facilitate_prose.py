"""Plain answers read into rows: our own examples of how people say actions, triggers, dissemination, moments,
blame and non-answers, and arbitrary text never crashes a reader."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from agent.facilitation import prose
from agent.facilitation.blame import Roster, blame_in, build_roster
from agent.facilitation.cues import agrees, non_answer
from agent.facilitation.moments import said_moments
from agent.models import ActionItem, Message

TODAY = date(2026, 5, 4)


def test_an_action_said_in_one_breath_becomes_a_row_with_owner_due_and_signal():
    [row] = prose.action_rows("Priya will add a canary stage to the payments deploy by May 15th; we'll know it works "
                              "when a bad build stops at 5% of traffic.", TODAY)
    assert (row.action, row.owner, row.due, row.success_signal) == (
        "Add a canary stage to the payments deploy", "Priya", date(2026, 5, 15), "a bad build stops at 5% of traffic")
    assert prose.action_line(row) == ("Add a canary stage to the payments deploy — owner Priya — due 2026-05-15 — signal: a bad "
                          "build stops at 5% of traffic — check ?")


def test_enumerated_actions_in_the_third_person_and_a_count_that_introduces_them():
    rows = prose.action_rows("Two actions. One: Omar rewrites the retry policy for the ledger client, due 20 May. "
                             "Two: I'll add a dashboard panel for retry storms by the 12th.", TODAY)
    assert [(r.action, r.owner, r.due) for r in rows] == [
        ("Rewrite the retry policy for the ledger client", "Omar", date(2026, 5, 20)),
        ("Add a dashboard panel for retry storms", None, date(2026, 5, 12))]


def test_one_field_for_many_rows_goes_to_the_row_each_clause_names():
    targets = ["Rewrite the retry policy for the ledger client", "Add a dashboard panel for connection storms"]
    owners = prose.assign_values("Linh takes the dashboard, Omar the retry policy.", targets, prose.owner_in)
    assert owners == ["Omar", "Linh"]
    dates = prose.assign_values("Check the retry one on June 1st and the panel on May 20th.", targets,
                                lambda clause: prose.due_date(clause, TODAY)[0])
    assert dates == [date(2026, 6, 1), date(2026, 5, 20)]
    assert prose.assign_values("Omar", targets, prose.owner_in) == ["Omar", "Omar"]


def test_follow_ups_relative_to_each_due_date():
    rows = [ActionItem(action="a", due=date(2026, 5, 15)), ActionItem(action="b", due=date(2026, 5, 20))]
    assert prose.follow_up_dates("two weeks after each due date", rows, TODAY) == [date(2026, 5, 29), date(2026, 6, 3)]
    assert prose.follow_up_dates("the next working day after each due date", rows, TODAY) == [
        date(2026, 5, 18), date(2026, 5, 21)]  # the 15th is a Friday


def test_a_row_is_also_named_by_its_owner():
    targets = ["Rewrite the retry policy", "Add a dashboard panel", "Run a restore drill"]
    dates = prose.assign_values("Mine 12 May, Omar's 20 May, Linh 2 June", targets,
                                lambda clause: prose.due_date(clause, TODAY)[0], ["Omar", "the person answering", "Linh"])
    assert dates == [date(2026, 5, 20), date(2026, 5, 12), date(2026, 6, 2)]
    rows = prose.action_rows("Two. Me: add a dashboard panel by May 12. Omar: rewrite the retry policy by May 20.", TODAY)
    assert [(r.action, r.owner) for r in rows] == [("Add a dashboard panel", "the person answering"),
                                                    ("Rewrite the retry policy", "Omar")]


def test_triggers_said_as_if_then_sentences():
    rows = prose.trigger_rows("If checkout latency stays above 800 ms for 10 minutes, the on-call rolls back the last "
                              "deploy; Grace owns that. When more than 1,000 payments fail in an hour, we page the "
                              "payments lead.")
    assert [(r.signal, r.window, r.threshold, r.action, r.owner) for r in rows] == [
        ("Checkout latency", "for 10 minutes", "above 800 ms", "The on-call rolls back the last deploy", "Grace"),
        ("Payments fail", "in an hour", "more than 1,000", "We page the payments lead", None)]


def test_triggers_written_as_arrows():
    [row] = prose.trigger_rows("Queue depth > 50k for 10 min -> on-call pauses the importer")
    assert (row.signal, row.window, row.threshold, row.action, row.owner) == (
        "Queue depth", "for 10 min", "> 50k", "On-call pauses the importer", "the on-call")


def test_dissemination_said_in_prose():
    said = prose.dissemination("It goes in the ops wiki under incident reviews, and the monthly reliability review, "
                               "chaired by Grace, covers it with the payments and support leads.")
    assert said == {"publish_where": "the ops wiki under incident reviews", "review_cadence": "monthly",
                    "review_owner": "Grace", "review_audience": "the payments and support leads"}


def test_a_reason_said_after_the_conditions_explains_the_first_one():
    pieces = prose.factor_pieces("The retry policy has no jitter. Dashboards show averages only. Skipping jitter made "
                                 "sense because the client library shipped without it.")
    assert pieces == [("The retry policy has no jitter", None, False), ("Dashboards show averages only", None, False),
                      ("Skipping jitter", "the client library shipped without it", True)]


def test_moments_are_dated_in_the_order_the_question_asked_for_them():
    moments = said_moments([(7, "Rolled back at 3:40 pm, error rate was normal by 15:52 and we closed it at 16:30.")],
                           "mitigation")
    assert [(m.kind, m.hour, m.minute, m.meridiem) for m in moments] == [
        ("mitigation", 3, 40, "p"), ("recovery", 15, 52, None), ("resolution", 16, 30, None)]
    unnamed = said_moments([(8, "It began at 09:10, then 09:25 and 09:31.")], "impact_start")
    assert [m.kind for m in unnamed] == ["impact_start"]  # later times whose clause names no moment are not guessed


def test_blame_is_found_both_ways():
    roster = build_roster([Message(line=1, end_line=1, author="Grace Ho", text="argo rolled out the canary"),
                           Message(line=2, end_line=2, author="Argo bot", text="sync finished")], ["Omar"], ["ledger-api"])
    assert blame_in("Omar messed up the retry config.", roster).matched == "messed up"
    assert blame_in("She should have waited for the canary.", roster) is not None
    assert blame_in("The client never asks Argo which revision is live.", roster) is None
    assert blame_in("Argo forgot to prune the old replica set.", roster) is None  # a component, not a person
    assert blame_in("Omar changed the retry config.", roster, as_cause=True).matched == "Omar as the cause"
    assert blame_in("Omar changed the retry config.", roster) is None  # as a fact in the timeline, it is a record


def test_non_answers_and_short_replies():
    for said in ("not sure", "the usual", "Someone should look at the alerts", "let's discuss at the next retro",
                 "sev3?"):
        assert non_answer(said) is not None, said
    assert non_answer("yes") is not None and non_answer("yes", short_ok=True) is None
    assert non_answer("About 1,200 payments failed over 25 minutes.") is None
    assert agrees("Yes, that's right") is True and agrees("No, it was 09:12") is False and agrees("maybe") is None


@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes_a_prose_reader(text):
    prose.action_rows(text, TODAY)
    prose.trigger_rows(text)
    prose.dissemination(text)
    prose.factor_pieces(text)
    prose.why_chain(text)
    prose.assign_values(text, ["Rewrite the retry policy", "Add a panel"], prose.owner_in)
    said_moments([(1, text)], "impact_start")
    blame_in(text, Roster(frozenset({"omar"}), frozenset({"argo"})), as_cause=True)
    non_answer(text)
