"""What went well / poorly, where we got lucky, root-cause hypotheses, and the services mentioned."""

from agent.facts.naming import RoleNamer
from agent.facts.observations import extract_observations
from agent.facts.services import mentioned_services
from test_facts_chat import chat, read_as


def observed(lines: str, names: dict[str, str] | None = None):
    return extract_observations(chat(lines).messages, RoleNamer(names or {}))


def test_went_well_after_a_heading_or_as_a_sentence():
    found = observed(
        "15:09|Marcus Chen|things that helped: the alert fired within 4 minutes and the runbook was current\n"
        "15:10|Leo Fischer|the rollback tooling worked well. the docs did not\n"
        "15:11|Dana Okafor|kudos to Leo for the quick pgbouncer fix",
        {"Leo Fischer": "the database engineer"},
    )
    assert [(o.text, o.source_lines) for o in found.went_well] == [
        ("The alert fired within 4 minutes and the runbook was current", [1]),
        ("The rollback tooling worked well", [2]),
        ("Kudos to the database engineer for the quick pgbouncer fix", [3]),
    ]


def test_lucky():
    found = observed("15:10|Leo Fischer|luckily this happened before the evening peak\n15:11|Ana|we got lucky with the timing")
    assert [o.text for o in found.lucky] == ["Luckily this happened before the evening peak", "We got lucky with the timing"]


def test_went_poorly():
    found = observed(
        "15:10|Ana|the problem was that the alert went to an old channel\n"
        "15:11|Bo|it took too long to find the right dashboard\n"
        "15:12|Cy|we didn't have a runbook for pgbouncer"
    )
    assert len(found.went_poorly) == 3


def test_questions_and_plain_chat_are_not_observations():
    found = observed("15:10|Ana|did that go well?\n15:11|Bo|ok thanks\n15:12|Cy|are we lucky?")
    assert (found.went_well, found.lucky, found.went_poorly) == ([], [], [])


def test_hypotheses_and_causes_are_what_the_reader_reads_as_such():
    lines = (
        "14:18|Priya|I think it's the new deploy, probably the pool change. seeing slot errors in the logs\n"
        "14:19|Leo|maybe we should wait\n"
        "14:20|Ana|root cause: the pool size was cut to 5 in the deploy. the rest is fine\n"
        "14:21|Bo|```\\nroot cause: not a cause, a log line\\n```"
    )
    messages = chat(lines).messages
    found = extract_observations(messages, RoleNamer({}), read_as("hypothesis", "chatter", "cause_statement", "chatter"))
    assert [(o.text, o.source_lines) for o in found.hypotheses] == [
        ("I think it's the new deploy, probably the pool change", [1])
    ]
    assert [(o.text, o.source_lines) for o in found.causes] == [("The pool size was cut to 5 in the deploy", [3])]
    unread = extract_observations(messages, RoleNamer({}))
    assert (unread.hypotheses, unread.causes) == ([], [])  # without readings, no guesses at causes


def test_causes_name_roles_not_people():
    messages = chat("14:20|Ana|the cause was Leo Fischer's pool change in 3.8.1").messages
    found = extract_observations(messages, RoleNamer({"Leo Fischer": "the database engineer"}), read_as("cause_statement"))
    assert len(found.causes) == 1 and "Leo" not in found.causes[0].text


def test_services_in_order_of_first_mention():
    transcript = chat(
        "10:00|Ana|checkout-api is throwing 500s, pgbouncer looks saturated\n"
        "10:01|Bo|orders-db-1 disk is fine, Redis too; see /var/lib/postgresql for nothing\n"
        "10:02|Cy|checkout-api again\n"
        "10:03|Di|```\\npayments-svc\\n```"
    )
    assert mentioned_services(transcript.messages) == ["checkout-api", "pgbouncer", "orders-db-1", "redis"]


def test_no_services_in_plain_chat():
    assert mentioned_services(chat("10:00|Ana|all good here, re-check in five").messages) == []
