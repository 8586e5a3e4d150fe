"""People named in free prose with no roster: found by shape and place, replaced before any model request, whichever
answer names them first (agent/privacy/prose_names.py through agent/facilitation/people.py)."""

import io
import os
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from pydantic_ai import ToolCallPart

from agent.facilitation.conversation import facilitate
from agent.facilitation.model_turn import ModelEngine
from agent.facilitation.people import people_in_texts
from agent.facilitation.store import SessionStore
from llm_scripts import Script

TODAY = date(2026, 3, 11)


def ask(messages, info):
    return [ToolCallPart(info.output_tools[0].name, {"questions": ["What happened next?"], "sections_updated": [],
                                                     "step": 1})]


def test_names_in_answers_given_before_any_roles_answer_never_reach_the_model():
    answers = [
        "Yes, stable since 09:40. The nightly export filled the reports-db disk; Noor Haddad spotted it first.",
        "Dmitri rolled the export back at 09:31 and Kofi Mensah ([REDACTED:email]) confirmed the pages loaded.",
        "Thanks to Aoife Byrne, who remembered the flag. Tomás to add a disk alert on reports-db.",
    ]
    script = Script(*[ask] * 6)
    console = io.StringIO()
    outcome = facilitate(store=SessionStore(Path(os.environ["POSTMORTEM_HOME"])), today=TODAY,
                         stdin=io.StringIO("".join(f"{a}\n\n" for a in answers) + "/done\n"), console=console,
                         engine=ModelEngine("scripted", script.model()))
    sent = "\n".join(str(request) for request in script.requests)
    assert "reports-db" in sent and "disk" in sent  # the answers themselves were sent
    for name in ["Noor", "Haddad", "Dmitri", "Kofi", "Mensah", "Aoife", "Byrne", "Tomás"]:
        assert name not in sent, name
        assert name not in outcome.markdown, name  # no roles table, no owner column: nowhere in the document


def test_people_are_found_by_shape_and_place():
    found = people_in_texts([
        "A nightly search-index rebuild ran out of memory; Li Wei ([REDACTED:email]) holds the heap dump.",
        "Pieter van Dijk deployed the hotfix through Jenkins at 16:40.",
        "I paged Diego at 02:15 because Grafana showed the queue depth climbing.",
        "Hamid had already tried a restart, which was the obvious first move.",
        "Priya, can we fail back to cache-1? thanks Emeka",
    ])
    assert found and set(found) >= {"Li Wei", "Pieter van Dijk", "Diego", "Hamid", "Priya", "Emeka"}


def test_products_places_teams_and_sentence_openers_are_not_people():
    texts = [
        "The Redis Sentinel failover left the order service writing to a read-only replica.",
        "Apple Pay and Google Pay payments failed; card payments through Stripe kept working.",
        "Black Friday traffic was about three times a normal Monday.",
        "Went poorly: the status page was updated 50 minutes late and Customer Support heard it from Twitter.",
        "Kubernetes evicted the pods when the node ran out of memory; the HPA then scaled down.",
        "Thanks for the quick rollback. Ask the Platform Team about the Grafana panel.",
    ]
    assert people_in_texts(texts) == []


def test_a_word_the_session_writes_in_lower_case_is_a_component_not_a_person():
    pasted = "19:42 sentinel promoted cache-2 to primary"
    assert people_in_texts(["Sentinel promoted the replica at 19:42.", pasted]) == []


@given(st.text(alphabet=st.characters(categories=("Ll", "Nd", "Zs", "Po")), max_size=200))
def test_text_without_a_capital_names_nobody(text):
    assert people_in_texts([text]) == []
