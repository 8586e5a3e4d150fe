"""A sentence's opening word is capitalised whatever it is: "Confirmed from support" names no one, while a
participant or an unknown name in that place still counts."""

from agent.facts import detect_roles
from test_facts_chat import chat

PEOPLE = ("Noor Haddad", "Sunny Park")


def mentioned_people(*lines: str) -> set[str]:
    text = "\n".join(f"10:{index:02d}|{PEOPLE[index % 2]}|{line}" for index, line in enumerate(lines))
    return {assignment.name for assignment in detect_roles(chat(text))} - set(PEOPLE)


def test_an_ordinary_word_opening_a_sentence_before_from_or_a_role_is_no_person():
    assert mentioned_people("Confirmed from support: console players see it too",
                            "ok. Checked (support) and nothing queued", "Heard from the vendor, no ETA") == set()


def test_a_name_behind_an_opening_word_is_still_found():
    assert mentioned_people("Ask Lucia from the vendor whether the quota moved") == {"Lucia"}


def test_an_unknown_name_opening_a_sentence_is_still_a_person():
    assert mentioned_people("Priscila (storage on-call) is on the bridge") == {"Priscila"}


def test_a_participant_opening_a_sentence_keeps_the_affiliation_stated_beside_them():
    roles = {a.name: a.role for a in detect_roles(chat("10:00|Noor Haddad|checkout down?\n10:01|Sunny Park|"
                                                        "looking\n10:02|Noor Haddad|Sunny (DBA) is checking locks"))}
    assert roles["Sunny Park"] == "database engineer"
