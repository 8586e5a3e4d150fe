"""People who are only mentioned ("Escalated to Priscila Gomes") become roles or numbered persons too, and a
handle that is an ordinary word ("partner-desk", "search") is replaced only where it is the participant."""

import json
import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from agent.facts import detect_roles, role_map
from agent.facts.mentions import mentions_in
from agent.privacy.names import FUNCTION_WORDS, replace_names
from cli_runner import postmortem
from test_facts_chat import chat


def names_in(text: str) -> list[str]:
    return [mention.name for mention in mentions_in(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Escalated to Priscila Gomes (storage on-call)", ["Priscila Gomes"]),
        ("Acknowledged by Priscila Gomes", ["Priscila Gomes"]),
        ("paging Oyelaran for the replica, then looping in Wen Li", ["Oyelaran", "Wen Li"]),
        ("pinged Kofi's manager about the laptop", ["Kofi"]),
        ("handed over to María José at 03:00", ["María José"]),
        ("ask Łukasz Nowak whether the quota moved", ["Łukasz Nowak"]),
        ("we called Aoife on her mobile", ["Aoife"]),
        ("Tenzin (DBA) is checking the vacuum", ["Tenzin"]),
        ("ask Keanu from the vendor if the mapping is supported", ["Keanu"]),
        ("Sunita from networking says the BGP session flapped", ["Sunita"]),
        ("cc @haruto and @here, @sre-oncall knows; @gitlabstatus and @stripe_support posted", ["haruto"]),
        ("@coreyb and @applebaum are people, whatever their handles start with", ["coreyb", "applebaum"]),
        ("assigned to Siobhan McKenzie", ["Siobhan McKenzie"]),
    ],
)
def test_people_are_found_by_what_surrounds_their_name(text, expected):
    assert names_in(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "paged Storage on-call, escalating to Networking",  # teams and functions
        "asked Grafana for the p99 panel, then pinged Kafka admins",  # products and components
        "Cloud SQL (database) failover took 40 s",
        "escalated to Monday's change board; paged May reviewers?",  # weekdays and months
        "a job called Nightly runs the compaction",  # "called" without someone calling
        "we called Stripe support and asked the GitHub status page",  # organisations
        "paging the database on-call",  # lower case is never a name
        "postgresql://[REDACTED:url-password]@billing-db.internal:5432/billing",  # not an @mention
        "npm install @types/node@20 fixed the build; pinned @1.2.3",
        "```\nescalate_to Priscila Gomes\n```",  # pasted code is evidence, not chat
        "Escalated to Layer 2: on-call DBA",  # an everyday word before a number is a level
        "$ dig @ns-311.awsdns-38.com api.example.io A",  # a pasted command's @ names a server
    ],
)
def test_products_teams_weekdays_and_ordinary_words_are_not_people(text):
    assert names_in(text) == []


def roles_of(lines: str) -> dict[str, str]:
    return {r.name: r.role for r in detect_roles(chat(lines))}


def test_mentioned_people_join_the_roster_with_the_role_stated_beside_them():
    roles = roles_of(
        "02:11|PagerDuty APP|Triggered #8830: ingest dropping events. Assigned to Kenji Sato\n"
        "02:19|PagerDuty APP|Acknowledged by Kenji Sato\n"
        "02:31|Ana Lima|Escalated to Priscila Gomes (storage on-call)\n"
        "02:40|Ana Lima|Priscila found the full disk; also pinged Wen Li about the quota"
    )
    assert roles == {
        "Ana Lima": "responder 1", "Kenji Sato": "on-call engineer", "Priscila Gomes": "storage engineer",
        "Wen Li": "person 1",
    }


def test_a_first_name_alone_is_the_same_person_as_the_full_name():
    roles = roles_of("10:00|Ana Lima|paged Oyelaran\n10:05|Ana Lima|escalating to Oyelaran Bello (DBA) too")
    assert roles == {"Ana Lima": "responder 1", "Oyelaran Bello": "database engineer"}


def test_a_full_name_is_not_taken_for_a_participant_who_shares_the_first_name():
    roles = roles_of("10:00|Sam Ortiz|I'm on call. paged Sam Baker (DBA) for the replica\n10:02|Sam Ortiz|thanks")
    assert roles == {"Sam Ortiz": "on-call engineer", "Sam Baker": "database engineer"}


def test_a_capitalised_word_the_channel_also_writes_in_lower_case_is_not_a_name():
    roles = roles_of(
        "10:00|Ana Lima|Traffic from Cloudflare dropped by half\n10:02|Ana Lima|traffic is back, Jonte from the vendor agrees"
    )
    assert roles == {"Ana Lima": "responder 1", "Jonte": "vendor contact"}


PEOPLE = {"nadia": "responder 1", "partner-desk": "responder 2", "search": "responder 3", "kofi-ops": "responder 4"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the ordinary words stay
        ("Certificate installed and partner-gw reloaded", "Certificate installed and partner-gw reloaded"),
        ("about 4,600 partner api calls failed", "about 4,600 partner api calls failed"),
        ("search latency is fine, the partner desk agrees", "search latency is fine, the partner desk agrees"),
        ("partner-desk-eu is another queue", "partner-desk-eu is another queue"),
        ("ops and Ops are not a person", "ops and Ops are not a person"),
        # the participant goes
        ("partner-desk confirmed, @partner-desk thanks", "responder 2 confirmed, responder 2 thanks"),
        ("search: is the reindex done?\n@search ping", "responder 3: is the reindex done?\nresponder 3 ping"),
        ("kofi-ops and Kofi restarted it", "responder 4 and responder 4 restarted it"),
        ("nadia on the certificate", "responder 1 on the certificate"),
        ("nadia-gw and nadia-api are services, nadia-laptop is hers", "nadia-gw and nadia-api are services, responder 1-laptop is hers"),
    ],
)
def test_a_handle_made_of_ordinary_words_is_replaced_only_as_the_participant(text, expected):
    assert replace_names(text, PEOPLE) == expected


def test_bots_with_bot_handles_are_systems_not_people():
    roles = roles_of("10:00|deploy-bot|deploy finished: api v2\n10:01|Ana Lima|the deploy looks fine\n10:02|Talbot|ack")
    assert roles == {"Ana Lima": "responder 1", "Talbot": "responder 2"}


ORDINARY = st.sampled_from(
    sorted(FUNCTION_WORDS) + ["the", "deploy", "rolled", "back", "Grafana", "Postgres", "Kafka", "Cloud", "SQL", "Monday"]
)
PROSE = st.lists(
    st.tuples(ORDINARY, st.sampled_from([" ", " ", ", ", "-", ". ", "\n"])), min_size=1, max_size=40
).map(lambda parts: "".join(word + gap for word, gap in parts).strip())
FUNCTION_HANDLE = st.lists(st.sampled_from(sorted(FUNCTION_WORDS)), min_size=1, max_size=3).map("-".join)


@given(st.lists(FUNCTION_HANDLE, min_size=1, max_size=4, unique=True), PROSE)
def test_prose_that_names_nobody_is_unchanged(handles, prose):
    """Prose made of the very words the handles are made of: none of it is the participant."""
    people = {handle: f"responder {n}" for n, handle in enumerate(handles, 1)} | {"Oyelaran Bello": "the DBA"}
    # a hyphenated handle spelled out whole ("partner-desk") is the participant, and is meant to be replaced
    assume(not any(re.search(rf"(?<![\w.-]){re.escape(h)}(?![\w-])", prose, re.I) for h in handles if "-" in h))
    assert replace_names(prose, people) == prose


# Made-up names (consonant, vowel, consonant, vowel ...): never an English word, product or weekday.
NAME = st.from_regex(r"[BDFGKLMNPRSTVZ][aeiou][bdfgklmnprstvz][aeiou][a-z]{0,4}", fullmatch=True)
FULL_NAME = st.tuples(NAME, NAME).map(" ".join)
SAID = st.sampled_from(
    ["escalated to {}", "Acknowledged by {}", "paged {} for the replica", "{} (DBA) restarted it", "cc @{}"]
)


@given(st.lists(FULL_NAME, min_size=1, max_size=3, unique_by=lambda n: n.split()[0]), st.lists(SAID, min_size=3, max_size=3), PROSE)
def test_no_mentioned_name_survives_in_the_narrative(names, phrases, prose):
    lines = [
        f"10:0{n}|Ana Lima|{phrase.format(name.replace(' ', '.') if '@' in phrase else name)}. {prose}".replace("\n", " ")
        for n, (phrase, name) in enumerate(zip(phrases, names, strict=False))
    ]
    transcript = chat("\n".join(lines))
    people = role_map(detect_roles(transcript))
    for message in transcript.messages:
        narrative = replace_names(message.text, people)
        for part in (part for name in names for part in name.split()):
            assert not re.search(rf"\b{part}\b", narrative, re.I), (part, narrative)


def test_draft_json_keeps_mentioned_names_and_ordinary_handles_apart(tmp_path):
    transcript = tmp_path / "ledger.log"
    transcript.write_text(
        "2026-08-04T09:12:00+02:00 deploy-bot: deploy finished: ledger-api v7.2.0 to prod\n"
        "2026-08-04T09:20:10+02:00 support-desk: several merchants report that search returns no invoices\n"
        "2026-08-04T09:22:30+02:00 mira: ack, looking at search latency and the support queue in Grafana\n"
        "2026-08-04T09:25:00+02:00 search: indexer queue is at 48,000 and growing\n"
        "2026-08-04T09:27:40+02:00 mira: I'm incident commander. paged Ines for the indexer, escalating to Tomasz Wrona "
        "(network on-call) for the Kafka link\n"
        "2026-08-04T09:36:00+02:00 search: Ines restarted the consumer, lag is dropping\n"
        "2026-08-04T09:48:30+02:00 mira: rollback done, search works again, support desk confirms\n"
        "2026-08-04T09:55:00+02:00 mira: marking the incident resolved\n",
        encoding="utf-8",
    )
    result = postmortem("draft", str(transcript), "--json", "--offline", "--no-kb")
    assert result.returncode == 0, result.stderr.decode()
    document = json.loads(result.stdout)
    markdown = document["markdown"]
    roles_table = markdown.split("## Roles", 1)[1].split("\n## ", 1)[0]
    assert "| network engineer | Tomasz Wrona |" in roles_table and "| person 1 | Ines |" in roles_table
    narrative = markdown.replace(roles_table, "")
    for name in ("Tomasz", "Wrona", "Ines"):
        assert name not in narrative
    # Which messages become timeline rows is the reader's call; whichever do, none carries a mentioned name, and
    # ordinary-word handles ("search", "support-desk") are not taken for names inside other words.
    events = [event["event"] for event in document["timeline"]]
    assert "Ack, looking at search latency and the support queue in Grafana" in events
    assert not [event for event in events for name in ("Tomasz", "Wrona", "Ines") if name in event]


def test_what_a_model_sees_names_mentioned_people_by_role_and_keeps_system_names():
    from agent.facts import extract_facts
    from agent.llm.view import ModelView

    transcript = chat(
        "14:12|Azure Monitor|Alert fired: pricing-api p95 above 2s\n"
        "14:13|Lena Vogt|looking. paged Oyelaran Bello (DBA) about the replica\n"
        "14:20|Lena Vogt|Oyelaran says the replica is fine; Azure Monitor agrees"
    )
    facts = extract_facts(transcript, today=transcript.incident_date)
    assert {r.name: r.role for r in facts.roles} == {"Lena Vogt": "responder 1", "Oyelaran Bello": "database engineer"}
    view = ModelView(transcript, facts)
    assert [m.author for m in view.messages] == ["Azure Monitor", "responder 1", "responder 1"]
    assert "paged the database engineer (DBA)" in view.messages[1].text
    assert view.messages[2].text == "The database engineer says the replica is fine; Azure Monitor agrees"
    assert "Oyelaran" not in view.facts.model_dump_json() and view.facts.roles == []
