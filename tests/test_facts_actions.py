"""Follow-ups become action items: owners from commitments, requests, third-person assignments, owner labels and
answered questions; unowned ones are kept."""

import json
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.facts import extract_action_items, extract_facts
from agent.facts.actions import action_type
from agent.models import Message, RoleAssignment, Transcript
from agent.transcript import Source, load_transcript, parse_transcript
from cli_runner import postmortem
from test_facts_chat import FIXTURES, chat, read_as, reading_by

TUESDAY = date(2026, 3, 10)
OWNERS_CHAT = FIXTURES / "dns-failover-owners.slack.txt"


def items(lines: str, *, after_line: int | None = 0, roles=()):
    transcript = chat(lines, TUESDAY)
    return extract_action_items(transcript.messages, incident_date=TUESDAY, roles=list(roles), after_line=after_line)


@pytest.mark.parametrize(
    ("text", "owner", "due", "action"),
    [
        ("I'll add a CI check that blocks pool size changes below 30 by next Friday", "Priya Raman", date(2026, 3, 20),
         "Add a CI check that blocks pool size changes below 30"),
        ("I will write a runbook for draining pgbouncer by tomorrow EOD", "Priya Raman", date(2026, 3, 11),
         "Write a runbook for draining pgbouncer"),
        ("I'll set up a status page template next week", "Priya Raman", date(2026, 3, 20), "Set up a status page template"),
        ("I'm going to file the ticket today", "Priya Raman", TUESDAY, "File the ticket"),
        ("@leo can you double the pool size alert threshold by end of week?", "Leo Fischer", date(2026, 3, 13),
         "Double the pool size alert threshold"),
        ("we also need an alert on connection pool saturation", None, None, "Add an alert on connection pool saturation"),
        ("someone should review the deploy checklist", None, None, "Review the deploy checklist"),
        ("TODO: add pgbouncer metrics to the checkout dashboard", None, None, "Add pgbouncer metrics to the checkout dashboard"),
        ("action item: @leo to document the failover in 2 weeks", "Leo Fischer", date(2026, 3, 24), "Document the failover"),
        ("Platform team will add a pool size lint by 2026-04-01", "Platform team", date(2026, 4, 1), "Add a pool size lint"),
    ],
)
def test_follow_up_becomes_an_action(text, owner, due, action):
    (item,) = items(f"15:00|Leo Fischer|ok\n15:10|Priya Raman|{text}")
    assert (item.owner, item.due, item.action) == (owner, due, action)
    assert item.source_lines == [2] and item.success_signal is None


@pytest.mark.parametrize(
    "text",
    [
        "I'll restart the pods",  # an in-incident intention, no date, no artefact
        "we need to look at the graphs",
        "Ok, can you check the logs?",  # "Ok" is not a person
        "sounds good",
    ],
)
def test_in_incident_chatter_is_not_an_action(text):
    assert items(f"15:10|Priya Raman|{text}", after_line=5) == []


def test_after_the_incident_any_commitment_counts():
    (item,) = items("15:10|Priya Raman|I'll clean up the stale feature flags", after_line=0)
    assert (item.owner, item.action, item.due) == ("Priya Raman", "Clean up the stale feature flags", None)


def test_without_a_known_end_an_artefact_or_date_is_needed():
    assert [i.action for i in items("15:10|Priya Raman|we need a runbook for pgbouncer", after_line=None)] == [
        "Add a runbook for pgbouncer"
    ]
    assert items("15:10|Priya Raman|I'll restart pgbouncer", after_line=None) == []


def test_due_dates_count_from_the_day_said_and_names_in_actions_become_roles():
    roles = [RoleAssignment(role="database engineer", name="Leo Fischer")]
    transcript = chat("23:50|Priya Raman|hi\n00:10|Priya Raman|I'll pair with Leo on the pool sizing doc tomorrow", TUESDAY)
    (item,) = extract_action_items(transcript.messages, incident_date=TUESDAY, roles=roles, after_line=0)
    assert item.due == date(2026, 3, 12)  # said just after midnight, on Wednesday
    assert item.action == "Pair with the database engineer on the pool sizing doc"
    assert item.owner == "Priya Raman"


def test_repeated_action_is_kept_once_and_bots_make_none():
    found = items(
        "15:10|Priya Raman|TODO: add a pool alert\n15:11|Leo Fischer|TODO: add a pool alert\n15:12|Jira APP|TODO: add a pool alert"
    )
    assert [(i.owner, i.source_lines) for i in found] == [(None, [1])]


@pytest.mark.parametrize(
    ("action", "kind"),
    [
        ("Add an alert on pool saturation", "detect"),
        ("Add a CI check that blocks pool size changes", "prevent"),
        ("Write a runbook for draining pgbouncer after a rollback", "respond"),
        ("Schedule a failover drill", "respond"),
        ("Set up a status page template", "process"),
        ("Add a kill switch for the pricing flag", "mitigate"),
        ("Buy more coffee", None),
    ],
)
def test_action_type_from_keywords(action, kind):
    assert action_type(action) == kind


# People in the channel before the follow-ups, so third-person names have someone to resolve to.
CREW = (
    "14:00|Dana Okafor|here\n14:01|Marcus Chen|here\n14:02|Sam Ortiz|here\n14:03|Lee Park|here\n"
    "14:04|Grafana APP|[FIRING:1] pool saturation\n"
)


def crew_items(*lines: str, after_line: int | None = 0):
    return items(CREW + "\n".join(lines), after_line=after_line)


@pytest.mark.parametrize(
    ("text", "owner", "due", "action"),
    [
        ("Dana to write the failover runbook by Friday", "Dana Okafor", date(2026, 3, 13), "Write the failover runbook"),
        ("Action: Priya will add an alert on pool saturation (due 2026-03-20)", "Priya Raman", date(2026, 3, 20),
         "Add an alert on pool saturation"),
        ("AI: Marcus — rotate the leaked key today", "Marcus Chen", TUESDAY, "Rotate the leaked key"),
        ("Owner: the storage team. Cap the retry budget at 3.", "storage team", None, "Cap the retry budget at 3"),
        ("Cap the retry budget at 3 (owner: SRE, due end of month)", "SRE", date(2026, 3, 31), "Cap the retry budget at 3"),
        ("Draft the pool sizing guide.\\nOwner: Lee, due next week", "Lee Park", date(2026, 3, 20), "Draft the pool sizing guide"),
        ("Let's have Lee look into the DNS TTL next sprint", "Lee Park", None, "Look into the DNS TTL next sprint"),
        ("ok, Dana Okafor will document the failover by next Friday", "Dana Okafor", date(2026, 3, 20), "Document the failover"),
        ("- the platform team to add a pool size lint by 2026-04-01", "platform team", date(2026, 4, 1), "Add a pool size lint"),
        ("I'll ask Marcus to write the comms template by Friday", "Marcus Chen", date(2026, 3, 13), "Write the comms template"),
        ("@sam owns the pgbouncer upgrade, due end of week", "Sam Ortiz", date(2026, 3, 13), "The pgbouncer upgrade"),
    ],
)
def test_an_action_given_in_the_third_person_goes_to_that_person_or_team(text, owner, due, action):
    found = crew_items(f"15:10|Priya Raman|{text}")
    assert [(i.owner, i.due, i.action) for i in found] == [(owner, due, action)]
    assert found[0].source_lines == [6]


def test_an_irc_nick_written_in_lower_case_is_its_owner():
    found = items("23:40|kofi|on it\n00:20|tomas|kofi to exclude the archive key from the rotation job tomorrow")
    assert [(i.owner, i.due) for i in found] == [("kofi", date(2026, 3, 12))]


def test_someone_on_the_roster_who_never_wrote_can_be_given_an_action():
    paged = [RoleAssignment(role="database engineer", name="Leo Fischer")]
    (item,) = items("15:10|Priya Raman|Leo to document the pgbouncer failover by Friday", roles=paged)
    assert (item.owner, item.action) == ("Leo Fischer", "Document the pgbouncer failover")
    (unknown,) = items("15:10|Priya Raman|TODO: Leo to document the pgbouncer failover by Friday")
    assert unknown.owner is None


def test_a_third_person_assignment_during_the_incident_needs_a_date_like_any_follow_up():
    assert crew_items("15:10|Priya Raman|Dana to restart pgbouncer", after_line=20) == []
    (item,) = crew_items("15:10|Priya Raman|Dana to restart pgbouncer tomorrow after the backup", after_line=20)
    assert (item.owner, item.due) == ("Dana Okafor", date(2026, 3, 11))


def test_a_person_asked_in_a_question_owns_it_once_they_say_yes():
    (item,) = crew_items("15:10|Marcus Chen|Can Sam own the pgbouncer upgrade?", "15:11|Sam Ortiz|Yes, I'll take it")
    assert (item.owner, item.action, item.source_lines) == ("Sam Ortiz", "The pgbouncer upgrade", [6, 7])


def test_someone_else_who_volunteers_owns_it_and_a_refusal_leaves_it_open():
    volunteered = crew_items(
        "15:10|Marcus Chen|Can Sam own the pgbouncer upgrade?", "15:11|Dana Okafor|I can take that", "15:12|Sam Ortiz|thanks Dana"
    )
    assert [(i.owner, i.source_lines) for i in volunteered] == [("Dana Okafor", [6, 7])]
    declined = crew_items("15:10|Marcus Chen|Could Lee add a DNS TTL alert?", "15:11|Lee Park|no, I'm out next week")
    assert [(i.owner, i.action) for i in declined] == [(None, "Add a DNS TTL alert")]
    unanswered = crew_items("15:10|Marcus Chen|Would Lee be able to add a DNS TTL alert?", "15:11|Dana Okafor|it's quiet now")
    assert [(i.owner, i.action) for i in unanswered] == [(None, "Add a DNS TTL alert")]


def test_a_team_asked_in_a_question_owns_it_once_anyone_else_agrees():
    (item,) = crew_items("15:10|Marcus Chen|Can the platform team own the retry budget change?", "15:11|Lee Park|sure")
    assert (item.owner, item.action) == ("platform team", "The retry budget change")


def test_i_will_take_it_is_an_answer_not_an_action():
    assert crew_items("15:10|Sam Ortiz|I'll take it", "15:11|Dana Okafor|I can handle that too") == []


@pytest.mark.parametrize(
    "text",
    [
        "Friday to be confirmed",
        "Friday to be confirmed for the retro, Action: Postgres to be upgraded next month",
        "Friday to review the pool alert thresholds",
        "Postgres to reject pool sizes below 30 by next week",
        "Grafana to alert on 5xx above 2% by Friday",
        "Action: Grafana to page the storage on-call when the pool saturates",
        "Postgres will be upgraded by the end of the month",
        "Monday to Wednesday we were blind on the pool metrics",
        "Datadog should alert on pgbouncer wait time by next week",
        "Lee will be back tomorrow",
        "Dana should have seen the pool alert by Friday",
        "paging Lee to help with the drain by Friday",
        "Action: someone to review the deploy checklist",
        "our team will add an alert on pool saturation",
        "Can Grafana show pool waits per pod?",
    ],
)
def test_capitalised_words_systems_and_vague_groups_are_never_owners(text):
    assert [i.owner for i in crew_items(f"15:10|Priya Raman|{text}") if i.owner is not None] == []


def test_a_whole_incident_with_third_person_owners():
    transcript = load_transcript(str(OWNERS_CHAT), today=date(2026, 11, 21))
    facts = extract_facts(transcript, today=date(2026, 11, 21))
    found = [(a.owner, a.due, a.source_lines) for a in facts.action_items]
    expected = [
        ("Lee Park", date(2026, 4, 10), [32]),
        ("Sam Ortiz", date(2026, 4, 17), [34]),
        ("Marta Silva", date(2026, 4, 9), [36]),
        ("platform team", None, [38]),
        ("Sam Ortiz", None, [40, 42]),
    ]
    # the learned reader may count more lines as follow-ups ("Let's have Lee look into ..." is one); the owned
    # ones are there, in order, and no owner is a bot, a weekday or a word at the start of a sentence
    assert [item for item in found if item in expected] == expected
    assert not {a.owner for a in facts.action_items} & {"Grafana", "Friday", "Let", "Noor Haddad"}
    names = ("Noor", "Sam", "Lee", "Marta", "Haddad", "Ortiz", "Park", "Silva")
    assert not [a.action for a in facts.action_items if any(name in a.action for name in names)]


def test_draft_puts_third_person_owners_in_the_action_table_and_roles_in_the_narrative():
    result = postmortem("draft", str(OWNERS_CHAT), "--json", "--no-kb")
    assert result.returncode == 0, result.stderr.decode()
    drafted = json.loads(result.stdout)
    owners = {item["action"]: item["owner"] for item in drafted["action_items"]}
    assert owners["Lower the TTL on the payments-db record to 60 seconds"] == "Lee Park"
    assert owners["Send the follow-up email to affected merchants"] == "Marta Silva"
    assert owners["Make the failover script update the DNS record"] == "platform team"
    markdown = drafted["markdown"]
    table = markdown.split("## Action items", 1)[1].split("\n## ", 1)[0]
    assert "| Lower the TTL on the payments-db record to 60 seconds | unknown | Lee Park | 2026-04-10 |" in table
    narrative = markdown.split("## Roles", 1)[0] + markdown.split("## Retro brief", 1)[1].split("## Action items", 1)[0]
    assert "the network engineer" in narrative
    for name in ("Noor", "Sam", "Lee", "Marta"):
        assert name not in narrative


_PEOPLE = ["Dana Okafor", "Lee Park", "kofi", "Sam Ortiz"]
_SUBJECTS = ["Dana", "Lee", "kofi", "Sam", "Friday", "Postgres", "Action", "Grafana", "the storage team", "SRE", "@cy",
             "our team", "Datadog", "Monday", "Kofi", "dana", "It", "We"]
_LINKS = [" to ", " will ", " should ", " owns ", ", ", " — ", " is going to "]
_REST = ["write the runbook by Friday", "be confirmed", "alert on pool waits (due 2026-03-20)", "the upgrade",
         "look into the DNS TTL next sprint", "take it", "have known", "rotate the key today"]
_LEADS = ["", "Action: ", "AI: ", "TODO: ", "Owner: ", "Let's have ", "Can ", "- ", "ok, "]
_SENTENCE = st.builds(
    lambda lead, who, link, rest, end: f"{lead}{who}{link}{rest}{end}",
    st.sampled_from(_LEADS), st.sampled_from(_SUBJECTS), st.sampled_from(_LINKS), st.sampled_from(_REST),
    st.sampled_from(["", ".", "?", ". Cap the retry budget at 3."]),
)
_LINE = st.one_of(_SENTENCE, st.sampled_from(["yes, I'll take it", "no", "sure"]), st.text(max_size=60))
_MESSAGE = st.tuples(st.sampled_from([*_PEOPLE, "Grafana APP"]), st.lists(_LINE, min_size=1, max_size=3).map("\n".join))


@settings(max_examples=150, deadline=None)
@given(st.lists(_MESSAGE, min_size=1, max_size=8))
def test_any_chat_gives_owners_who_are_participants_or_teams(messages):
    start = datetime(2026, 3, 10, 10, 0)
    transcript = Transcript(format="test", incident_date=TUESDAY, messages=[
        Message(line=line, end_line=line, time=start + timedelta(minutes=line), author=author, text=text,
                kind="bot" if author.endswith(" APP") else "chat")
        for line, (author, text) in enumerate(messages, start=1)
    ])
    facts = extract_facts(transcript, today=TUESDAY)
    known = {role.name for role in facts.roles}
    for item in facts.action_items:
        said_on = next(m.text for m in transcript.messages if m.line == item.source_lines[0])
        assert (
            item.owner is None or item.owner in known or item.owner.endswith(" team") or item.owner.isupper()
            or f"@{item.owner}".lower() in said_on.lower()
        ), (item, said_on)


def _read_items(lines: str, *kinds: str, after_line: int | None = 0):
    transcript = chat(lines, TUESDAY)
    return extract_action_items(transcript.messages, incident_date=TUESDAY, roles=[], after_line=after_line,
                                readings=read_as(*kinds))


def test_a_message_read_as_a_follow_up_counts_without_cues():
    assert [(a.owner, a.action) for a in _read_items("10:00|Ana Lima|dashboards for the replica lag", "action_item")] == [
        (None, "Dashboards for the replica lag")
    ]
    assert _read_items("10:00|Ana Lima|dashboards for the replica lag", "chatter") == []
    assert items("10:00|Ana Lima|dashboards for the replica lag") == []  # no reading, no cue


def test_a_bulleted_follow_up_list_is_split_and_owners_claimed_in_later_replies():
    found = _read_items(
        "10:00|Ana Lima|follow-ups:\\n- pool size alerting on pgbouncer\\n- runbook for draining connections\n"
        "10:05|Bo Chen|I'll take the runbook for draining\n"
        "10:06|Cy Diaz|I can do the pool size alerting one",
        "action_item", "chatter", "chatter",
    )
    listed = {a.action: (a.owner, a.source_lines) for a in found if a.source_lines[0] == 1}
    assert listed == {
        "Pool size alerting on pgbouncer": ("Cy Diaz", [1, 3]),
        "Runbook for draining connections": ("Bo Chen", [1, 2]),
    }


def test_a_numbered_follow_up_list_is_split_and_claimed_by_number():
    found = _read_items(
        "10:00|Ana Lima|1. pool size alerting on pgbouncer\\n2. runbook for draining connections\n"
        "10:05|Bo Chen|I'll take 2",
        "action_item", "chatter",
    )
    listed = {a.action: (a.owner, a.source_lines) for a in found if a.source_lines[0] == 1}
    assert listed == {
        "Pool size alerting on pgbouncer": (None, [1]),
        "Runbook for draining connections": ("Bo Chen", [1, 2]),
    }


def test_a_list_written_on_one_line_is_split_and_claimed_by_number():
    found = _read_items(
        "19:58|Kofi Mensah|follow-ups: (1) load test at 10x before every drop (2) waiting room runbook "
        "(3) keep the autoscaler below the pool size. owners?\n"
        "20:01|Bia Lopes|I'll take (1) and (2)\n"
        "20:02|Wei Chen|(3) is mine, I'll do the math",
        "action_item", "action_item", "action_item",
    )
    assert [(a.action, a.owner, a.source_lines) for a in found] == [
        ("Load test at 10x before every drop", "Bia Lopes", [1, 2]),
        ("Waiting room runbook", "Bia Lopes", [1, 2]),
        ("Keep the autoscaler below the pool size", "Wei Chen", [1, 3]),
    ]  # the replies that hand out numbered items are no actions of their own


@pytest.mark.parametrize("reply", ["2 I handle with finance", "ok 2 is mine", "I'll take 2", "2 myself", "take 2"])
def test_terse_replies_claim_a_numbered_item(reply):
    found = _read_items(
        "16:31|Rizky Hidayat|follow up:\\n1. synthetic PUT check every minute\\n2. compensation for the couriers\\nwho takes?\n"
        f"16:33|Budi Santoso|{reply}",
        "action_item", "action_item",
    )
    assert [(a.action, a.owner) for a in found] == [
        ("Synthetic PUT check every minute", None), ("Compensation for the couriers", "Budi Santoso")]


def test_a_reply_sharing_only_common_words_with_an_item_does_not_claim_it():
    found = _read_items(
        "18:35|Marcus Webb|someone should audit every Redis keyspace we have for keys without a TTL\n"
        "18:36|Devon Price|I'll add a cache keys have TTLs item to the cart-service PR template",
        "action_item", "action_item",
    )
    assert [(a.owner, a.source_lines) for a in found] == [(None, [1]), ("Devon Price", [2])]


def test_what_went_well_is_no_follow_up_even_when_read_as_one():
    transcript = chat("15:05|Grafana APP|[Recovered] checkout 5xx back below 1%\n"
                      "15:09|Marcus Chen|things that helped: the alert fired within 4 minutes and the rollback runbook "
                      "was up to date\n"
                      "15:13|Leo Fischer|I will write a runbook for draining pgbouncer after a rollback by tomorrow EOD",
                      TUESDAY)
    with reading_by({"things that helped": "action_item", "i will write": "action_item"}):
        facts = extract_facts(transcript, today=TUESDAY)
    assert [(a.action, a.owner) for a in facts.action_items] == [
        ("Write a runbook for draining pgbouncer after a rollback", "Leo Fischer")]
    assert [w.source_lines for w in facts.went_well] == [[2]]


def test_a_list_counted_in_words_is_split_and_claimed_by_its_word():
    found = _read_items(
        "15:38|Grace Otieno|More follow-ups. One, alert on pgbouncer server connection errors. Two, an RDS failover "
        "game day in staging.\n"
        "15:39|Kwame Mensah|I'll take one, the pgbouncer alert.",
        "action_item", "action_item",
    )
    assert [(a.action, a.owner) for a in found] == [
        ("Alert on pgbouncer server connection errors", "Kwame Mensah"),
        ("Add an RDS failover game day in staging", None),
    ]


def test_a_single_number_in_brackets_is_no_list():
    found = _read_items("10:00|Ana Lima|we need (2) more replicas before the sale, see (3) in the doc", "action_item")
    assert [a.action for a in found] == ["(2) more replicas before the sale, see (3) in the doc"]


def test_an_item_handed_to_someone_in_a_reply_is_theirs():
    found = _read_items(
        "02:10|Ana Lima|action: secret scanning on every image build, and the registry default switched to private\n"
        "02:12|Ana Lima|Bartek, the secret scanning + registry default is yours\n"
        "02:13|Bartek Zielinski|ok",
        "action_item", "chatter", "chatter",
    )
    assert [(a.owner, a.source_lines) for a in found] == [("Bartek Zielinski", [1, 2])]


def test_a_reply_in_the_thread_of_a_follow_up_can_hand_it_out(tmp_path):
    path = tmp_path / "copy.txt"
    path.write_text(
        "Marta Ilic\n10:43 AM\naction: add a slot check to the connector decommission checklist\n\n"
        "Lukas Brenner\n10:44 AM\nlooking at the lag graph\n\n"
        "Marta Ilic replied to a thread: action: add a slot check to the connector\n10:46 AM\n"
        "@lukas.brenner that one's yours\n",
        encoding="utf-8",
    )
    messages = load_transcript(str(path), anchor_date=TUESDAY, today=TUESDAY).messages
    assert [(m.line, m.author, m.thread_parent_line) for m in messages] == [
        (1, "Marta Ilic", None), (5, "Lukas Brenner", None), (9, "Marta Ilic", 1)]
    found = extract_action_items(messages, incident_date=TUESDAY, roles=[], after_line=0,
                                 readings=read_as("action_item", "chatter", "chatter"))
    assert [(a.owner, a.source_lines) for a in found] == [("Lukas Brenner", [1, 9])]


def test_an_ascii_handle_names_a_person_whose_name_has_accents():
    (item,) = items("10:40|Tomás Ruiz|looking\n10:41|Marta Ilić|@tomas.ruiz can you add an alert for inactive "
                    "replication slots by Friday?\n10:41|Tomás Ruiz|yes")
    assert item.owner == "Tomás Ruiz"


def test_nothing_said_before_the_response_began_is_a_follow_up():
    transcript = chat(
        "09:10|Ana Lima|TODO: book the team offsite venue by Friday\n"
        "09:40|Grafana APP|[FIRING:1] invoices-api 5xx above 2%\n"
        "09:42|Bo Chen|ack, looking\n"
        "09:55|Bo Chen|rolled back the invoices deploy, errors gone\n"
        "10:05|Ana Lima|TODO: add a canary stage for invoices-api by Friday",
        TUESDAY,
    )
    with reading_by({"rolled back": "mitigation", "ack,": "acknowledgement", "todo": "action_item"}):
        actions = [a.action for a in extract_facts(transcript, today=TUESDAY).action_items]
    assert actions == ["Add a canary stage for invoices-api"]


def test_one_persons_log_lists_follow_ups_without_bullets_and_without_authors():
    """An on-call engineer's own notes carry no author on any line; a follow-up list under "follow-ups:" is indented,
    not bulleted. Each line is one action; a question under the list asks, it is no action."""
    text = ("2026-04-02T06:58:00+05:30 follow-ups:\n"
            "    TODO(me): refuse to delete more than 1% of a table per run\n"
            "    quarterly restore drill for the orders database\n"
            "    someone should alert on a row-count drop in any core table\n"
            "    owners?\n"
            "2026-04-02T07:15:00+05:30 closing the incident, handing over to the day shift\n")
    transcript = parse_transcript(Source(name="notes.txt", text=text, encoding="utf-8"), today=date(2026, 4, 3))
    assert all(message.author is None for message in transcript.messages)
    actions = extract_action_items(transcript.messages, incident_date=date(2026, 4, 2), roles=[],
                                   readings=read_as("action_item", "resolution"))
    assert [a.action for a in actions] == ["TODO(me): refuse to delete more than 1% of a table per run",
                                           "Quarterly restore drill for the orders database",
                                           "Alert on a row-count drop in any core table"]


def test_in_a_chat_a_line_without_an_author_is_no_follow_up():
    """Most lines of a chat name their writer: one that does not (a notice, a stray continuation) is no follow-up."""
    transcript = chat("09:00|Ana Lima|we need an alert on queue depth\n09:02|Bo Chen|agreed\n09:05|Ana Lima|closing")
    notice = Message(line=9, end_line=9, time=datetime(2026, 3, 10, 9, 6), author=None, text="TODO: rotate the deploy key")
    actions = extract_action_items([*transcript.messages, notice], incident_date=TUESDAY, roles=[],
                                   readings=read_as("action_item", "chatter", "resolution", "action_item"))
    assert [a.action for a in actions] == ["Add an alert on queue depth"]


def test_a_follow_up_claimed_in_a_message_without_an_author_has_no_owner():
    # A line nobody signed (a scribe's note, a comment whose header the parser could not read) saying "I'll add ..."
    # names nobody: its owner is unknown (the draft asks), not an empty name (which broke rendering the draft).
    messages = [Message(line=1, end_line=1, author=None, time=None, text="Raising the cap for this month so installs "
                        "work again, then I'll add per-IP rate limiting.")]
    found = extract_action_items(messages, incident_date=TUESDAY, roles=[], after_line=0)
    assert [(item.action, item.owner) for item in found] == [("Add per-IP rate limiting", None)]
