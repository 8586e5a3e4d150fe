"""Roles from what people say; everyone else a numbered responder; bots are systems; names -> roles in text."""

from agent.facts import detect_roles, role_map
from agent.facts.naming import RoleNamer
from agent.models import RoleAssignment
from test_facts_chat import chat


def roles_of(lines: str) -> dict[str, str]:
    return {r.name: r.role for r in detect_roles(chat(lines))}


def test_self_stated_roles():
    assert roles_of(
        "10:00|Ana Lima|I'm incident commander for this one\n"
        "10:01|Bo Chen|I'll take notes\n"
        "10:02|Cy Diaz|I'll handle comms\n"
        "10:03|Di Evans|I'm on call, looking\n"
        "10:04|Ed Fox|support here, tickets are piling up"
    ) == {
        "Ana Lima": "incident commander", "Bo Chen": "scribe", "Cy Diaz": "communications lead",
        "Di Evans": "on-call engineer", "Ed Fox": "support lead",
    }


def test_roles_given_by_others_by_first_name_or_handle():
    assert roles_of(
        "10:00|Ana Lima|Bo is IC, @cy.diaz on comms\n10:01|Bo Chen|ok\n10:02|Cy Diaz|ok"
    ) == {"Ana Lima": "responder 1", "Bo Chen": "incident commander", "Cy Diaz": "communications lead"}


def test_pager_assignment_makes_the_on_call_engineer():
    assert roles_of("10:00|PagerDuty APP|Triggered #12: api down. Assigned to Di Evans\n10:01|Di Evans|ack")["Di Evans"] == (
        "on-call engineer"
    )


def test_first_ack_after_a_page_is_the_on_call_engineer_only_when_nothing_better_is_said():
    assert roles_of("10:00|PagerDuty APP|Triggered #12: api down\n10:01|Di Evans|ack") == {"Di Evans": "on-call engineer"}
    assert roles_of("10:01|Di Evans|ack") == {"Di Evans": "responder 1"}  # no page, no inference


def test_team_escalation_names_the_engineer_brought_in():
    roles = roles_of("10:00|Ana Lima|escalating to the network team, paging Sam\n10:05|Sam Ortiz|here, looking at the BGP sessions")
    assert roles["Sam Ortiz"] == "network engineer"


def test_incident_role_beats_team_membership():
    roles = roles_of("10:00|Ed Fox|support here, tickets are piling up\n10:01|Ana Lima|I'm IC. Ed on comms please")
    assert roles == {"Ed Fox": "communications lead", "Ana Lima": "incident commander"}


def test_everyone_else_is_a_numbered_responder_in_order_of_first_message():
    assert roles_of("10:00|Zed|hi\n10:01|Amy|hello\n10:02|Zed|again\n10:03|Bob|yo") == {
        "Zed": "responder 1", "Amy": "responder 2", "Bob": "responder 3"
    }


def test_bots_are_not_people_and_ordinary_words_are_not_names():
    roles = roles_of(
        "10:00|Datadog APP|[Triggered] api 5xx\n"
        "10:01|Ana Lima|escalating to the database team, paging the DBA on-call\n"
        "10:02|Ana Lima|The incident is IC-less for now"
    )
    assert roles == {"Ana Lima": "responder 1"}


def test_one_role_per_person_and_one_person_per_role():
    roles = roles_of("10:00|Ana Lima|I'm IC\n10:01|Bo Chen|I'm incident commander too\n10:02|Ana Lima|I'll handle comms")
    assert roles == {"Ana Lima": "incident commander", "Bo Chen": "responder 1"}


def test_role_map_and_namer():
    roles = [RoleAssignment(role="incident commander", name="Marcus Chen"), RoleAssignment(role="responder 1", name="kofi")]
    assert role_map(roles) == {"Marcus Chen": "the incident commander", "kofi": "responder 1"}
    namer = RoleNamer(role_map(roles))
    assert namer.replace("Marcus Chen asked kofi; @marcus agreed with Marcus's plan") == (
        "The incident commander asked responder 1; the incident commander agreed with the incident commander's plan"
    )
    assert namer.replace("Marcusson and kofiX are other people") == "Marcusson and kofiX are other people"


def test_shared_first_name_is_not_guessed():
    namer = RoleNamer({"Sam Ortiz": "the network engineer", "Sam Lee": "the scribe"})
    assert namer.replace("Sam Ortiz and Sam Lee and Sam") == "The network engineer and the scribe and Sam"


def test_team_on_call_is_that_team_s_engineer():
    assert roles_of("10:00|Kofi Mensah|storage on-call here, looking at the bucket policy") == {"Kofi Mensah": "storage engineer"}


def test_name_is_read_next_to_the_role_words():
    roles = roles_of(
        "10:00|Ana Lima|I'm IC. Lena, can you handle comms with the merchants?\n10:01|Lena Vogel|sure\n"
        "10:02|Ana Lima|thanks. please Bo on notes\n10:03|Bo Chen|ok"
    )
    assert roles == {"Ana Lima": "incident commander", "Lena Vogel": "communications lead", "Bo Chen": "scribe"}


def test_a_participant_listed_surname_first_is_found_by_given_name():
    from agent.facts.naming import NameIndex

    index = NameIndex(["Lima, Thiago", "Ana Silva"])
    assert (index.resolve("Thiago"), index.resolve("Ana"), index.resolve("Lima")) == ("Lima, Thiago", "Ana Silva", None)
