"""People become roles in narrative text: full names, unambiguous first names, handles, possessives."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.privacy.names import assign_pseudonyms, pseudonym, replace_names

PEOPLE = {
    "Priya Raman": "the on-call engineer",
    "Dana Okafor": "the comms lead",
    "Marcus Chen": "the incident commander",
    "Leo Fischer": "the database engineer",
    "Dan Ng": "the support engineer",
    "Mark Lee": "the SRE",
    "James Wood": "the release manager",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Priya Raman rolled back", "The on-call engineer rolled back"),
        ("declaring SEV2. Priya on ops, Dana on comms please",
         "declaring SEV2. The on-call engineer on ops, the comms lead on comms please"),
        ("priya on ops", "the on-call engineer on ops"),
        ("PRIYA RAMAN acked", "The on-call engineer acked"),
        ("Priya's deploy went out at 2:02", "The on-call engineer's deploy went out at 2:02"),
        ("after Priya’s rollback", "after the on-call engineer’s rollback"),
        ("James' change", "The release manager's change"),
        ("the deploy 'Priya' mentioned", "the deploy 'the on-call engineer' mentioned"),
        ("escalated to Fischer. ok. Leo: done", "escalated to the database engineer. ok. The database engineer: done"),
        ("- Leo to write the runbook", "- The database engineer to write the runbook"),
        ("a Priya-approved change on leo-laptop", "a the on-call engineer-approved change on the database engineer-laptop"),
    ],
)
def test_names_become_roles(text, expected):
    assert replace_names(text, PEOPLE) == expected


def test_dan_and_dana_do_not_overlap():
    assert replace_names("Dan and Dana both paged; Danny did not", PEOPLE) == (
        "The support engineer and the comms lead both paged; Danny did not"
    )
    assert replace_names("dana okafor and dan ng", PEOPLE) == "the comms lead and the support engineer"


def test_substrings_of_other_words_are_never_touched():
    text = "Priyanka Leonard Chenab Danish markdown remarkable dana2 _leo"
    assert replace_names(text, PEOPLE) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@priya can you look? cc @dana", "the on-call engineer can you look? cc the comms lead"),
        ("@priya.raman @priya_raman @praman @leo.fischer",
         "the on-call engineer the on-call engineer the on-call engineer the database engineer"),
        ("ping @mark about it", "ping the SRE about it"),
        ("@priya.", "the on-call engineer."),
        ("@priyanka is someone else", "@priyanka is someone else"),
    ],
)
def test_handles_become_roles(text, expected):
    assert replace_names(text, PEOPLE) == expected


def test_user_at_prefixes():
    assert replace_names("emailed dana.okafor@shopfast.example.", PEOPLE) == "emailed the comms lead."
    assert replace_names("priya@bastion-1:~$ kubectl get pods", PEOPLE) == "the on-call engineer@bastion-1:~$ kubectl get pods"


def test_names_that_are_ordinary_words_only_match_capitalised():
    text = "mark the incident resolved; max connections 50 -> 10; will do. Mark agreed"
    assert replace_names(text, PEOPLE) == "mark the incident resolved; max connections 50 -> 10; will do. The SRE agreed"


def test_shared_first_names_are_ambiguous_but_full_names_still_match():
    people = {"Sam Ortiz": "the on-call engineer", "Sam Baker": "the incident commander", "Ann Lee": "the scribe", "Lee Park": "the DBA"}
    text = "Sam said Sam Ortiz should page Sam Baker; Lee and Ann agreed; Park too"
    assert replace_names(text, people) == (
        "Sam said the on-call engineer should page the incident commander; Lee and the scribe agreed; the DBA too"
    )


def test_single_token_names_and_nicks():
    people = {"leo": "responder 1", "priya_r": "responder 2"}
    assert replace_names("leo restarted pgbouncer, priya_r watched; @priya_r thanks", people) == (
        "responder 1 restarted pgbouncer, responder 2 watched; responder 2 thanks"
    )


def test_no_people_or_empty_text_is_a_no_op():
    assert replace_names("Priya rolled back", {}) == "Priya rolled back"
    assert replace_names("", PEOPLE) == ""


def test_pseudonyms_are_stable_and_number_people_and_bots_separately():
    assert pseudonym("Priya Raman", 1) == "responder 1"
    assert pseudonym("Datadog APP", 2) == "bot 2"
    mapping = assign_pseudonyms(["Priya Raman", "Datadog APP", "Leo Fischer", "Priya Raman", "PagerDuty APP"])
    assert mapping == {"Priya Raman": "responder 1", "Datadog APP": "bot 1", "Leo Fischer": "responder 2", "PagerDuty APP": "bot 2"}
    assert replace_names("then Leo Fischer paged Priya", mapping) == "then responder 2 paged responder 1"


NAME = st.from_regex(r"[A-Z][a-z]{2,8} [A-Z][a-z]{2,10}", fullmatch=True)


@given(st.lists(NAME, min_size=1, max_size=5, unique=True), st.text(max_size=200))
def test_full_names_never_survive_in_arbitrary_text(names, filler):
    people = {name: f"responder {i}" for i, name in enumerate(names, 1)}
    text = f"{filler} {names[0]} said hi to {names[-1]}. {filler}"
    replaced = replace_names(text, people)
    assert f" {names[0]} said" not in replaced
    assert f"to {names[-1]}." not in replaced


def test_bundled_example_bodies_keep_no_real_names_after_redaction_and_replacement():
    from agent.paths import PROJECT_ROOT
    from agent.privacy.redact import redact_text

    people = {
        "Priya Raman": "the on-call engineer",
        "Dana Okafor": "the comms lead",
        "Marcus Chen": "the incident commander",
        "Leo Fischer": "the database engineer",
    }
    text = (PROJECT_ROOT / "examples" / "checkout-outage.slack.txt").read_text()
    bodies = [line for line in text.splitlines() if not line.rstrip().endswith(("AM]", "PM]"))]
    redacted, _ = redact_text("\n".join(bodies))
    narrative = replace_names(redacted, people).lower()
    for part in ("priya", "raman", "dana", "okafor", "marcus", "chen", "leo", "fischer"):
        assert part not in narrative, part
    assert "paging the database engineer" in narrative
    assert "the on-call engineer on ops, the comms lead on comms" in narrative


def test_words_that_name_a_function_are_never_also_given_names():
    """A function word is never matched on its own; a given name that is also a word needs its capital instead."""
    from agent.privacy.common_words import COMMON_WORD_NAMES
    from agent.privacy.names import FUNCTION_WORDS

    assert not FUNCTION_WORDS & COMMON_WORD_NAMES
    people = {"Ops Desk": "responder 1", "Grant Ops": "responder 2"}
    assert replace_names("ops desk and Ops Desk; grant the ops team access, Grant agreed", people) == (
        "ops desk and Ops Desk; grant the ops team access, responder 2 agreed"
    )


def test_a_short_everyday_piece_of_a_handle_is_no_name_in_lower_case():
    """An author "status.example.in" (a bot's domain taken for a handle) must not turn every "in" into a role;
    a short given name ("Ed") written capitalised still is the person."""
    people = {"status.example.in": "responder 4", "Ed Park": "the DBA"}
    text = "rows back in shipments; Ed restored the table in 20 min"
    assert replace_names(text, people) == "rows back in shipments; the DBA restored the table in 20 min"
