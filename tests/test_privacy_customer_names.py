"""Customer names are masked whole, wherever they recur, and only where a customer is meant: a responder a pager log
names, a channel or a place beside a phone number, a product whose name holds a cue word or an item listed after
a cue are no customers (agent/privacy/customers.py through redact_text and redact_transcript)."""

import pytest

from agent.facilitation.people import people_in_texts
from agent.models import Message, Transcript
from agent.privacy.redact import redact_text, redact_transcript

CUSTOMER = "[REDACTED:customer-name]"


def chat(*lines: tuple[str, str]) -> Transcript:
    return Transcript(format="plain", messages=[Message(line=n, end_line=n, author=author, text=text)
                                                for n, (author, text) in enumerate(lines, start=1)])


def redacted_texts(transcript: Transcript) -> list[str]:
    return [m.text for m in redact_transcript(transcript)[0].messages]


def test_a_customers_first_name_inside_a_responders_full_name_is_not_masked():
    texts = redacted_texts(chat(
        ("marta", "support forwarded a customer, Ines, +351 912 555 017, says she was charged twice"),
        ("PagerDuty", "Acknowledged by Ines Carvalho via SMS."),
        ("PagerDuty", "Note added by Ines Carvalho\nQueue depth back under 1k, consumers caught up."),
        ("marta", "Ines says the second charge is gone from her statement"),
        ("marta", "thanks Ines, and Carlos Ines too"),
    ))
    assert texts[0] == f"support forwarded a customer, {CUSTOMER}, [REDACTED:phone], says she was charged twice"
    assert texts[1] == "Acknowledged by Ines Carvalho via SMS.", "a name is masked whole or not at all"
    assert texts[2].startswith("Note added by Ines Carvalho\n")
    assert texts[3] == f"{CUSTOMER} says the second charge is gone from her statement"
    assert texts[4] == f"thanks {CUSTOMER}, and Carlos Ines too"


def test_a_responder_paged_with_their_own_number_is_no_customer():
    texts = redacted_texts(chat(
        ("PagerDuty", "Notified Tomasz Wójcik (+48 601 555 014)."),
        ("PagerDuty", "Acknowledged by Tomasz Wójcik."),
        ("PagerDuty", "Note added by Tomasz Wójcik\nrestarted the settlement consumer, lag falling"),
    ))
    assert texts == ["Notified Tomasz Wójcik ([REDACTED:phone]).", "Acknowledged by Tomasz Wójcik.",
                     "Note added by Tomasz Wójcik\nrestarted the settlement consumer, lag falling"]


@pytest.mark.parametrize(("line", "expected"), [
    ("Notification sent to Kwame Asante via Voice (+1 646-555-0100)",
     "Notification sent to Kwame Asante via Voice ([REDACTED:phone])"),
    ("  9:16 PM   Notified Kwame Asante via Phone (+1 415-555-0100).",
     "  9:16 PM   Notified Kwame Asante via Phone ([REDACTED:phone])."),
    ("called the depot manager in Mombasa (+254 20 555 0100) and walked him through the settings",
     "called the depot manager in Mombasa ([REDACTED:phone]) and walked him through the settings"),
])
def test_a_channel_or_a_place_beside_a_phone_number_is_no_customer(line, expected):
    redacted, counts = redact_text(line)
    assert redacted == expected
    assert counts.counts == {"phone": 1}


@pytest.mark.parametrize("line", [
    "Export finished but Merchant Center rejected the feed: file too large",
    "the new Client Portal build is live for everyone, old one retired",
    "we moved the Customer Success dashboards to the new Grafana folder",
])
def test_a_cue_word_inside_a_products_name_introduces_no_customer(line):
    redacted, counts = redact_text(line)
    assert redacted == line and counts.total == 0


def test_an_item_listed_after_a_cue_is_no_customer_and_is_not_masked_elsewhere():
    transcript = chat(
        ("aled", "Affected: every app on the staff tenant - Mahara (staff role), HR portal, payroll."),
        ("aled", "OK. Plan: I do Mahara first (exams), then the HR portal."),
        ("aled", "the customer - Priya Patel - called again about the double charge"),
    )
    texts = redacted_texts(transcript)
    assert texts[:2] == [m.text for m in transcript.messages[:2]]
    assert texts[2] == f"the customer - {CUSTOMER} - called again about the double charge"


def test_the_person_a_cue_introduces_in_parentheses_is_the_customer_not_the_business_before_it():
    redacted, counts = redact_text('pasted from the ticket: "this is Harbourview Physio, a patient (Mrs. L. Moreau) '
                                   'says she got the reminder four times"')
    assert redacted == (f'pasted from the ticket: "this is Harbourview Physio, a patient (Mrs. L. {CUSTOMER}) '
                        'says she got the reminder four times"')
    assert counts.counts == {"customer-name": 1}


@pytest.mark.parametrize(("line", "expected"), [
    ("the HTTP client (OkHttp) retries forever on a 503", "the HTTP client (OkHttp) retries forever on a 503"),
    ("one tenant (Harbour Freight Lines) started a bulk import", "one tenant (Harbour Freight Lines) started a bulk import"),
    ("die Kundin Frau Weber hat angerufen, Frau Weber wartet auf Antwort",
     f"die Kundin Frau {CUSTOMER} hat angerufen, Frau {CUSTOMER} wartet auf Antwort"),
])
def test_a_title_is_no_part_of_a_name_and_what_a_cue_holds_in_parentheses_is_an_item(line, expected):
    assert redact_text(line)[0] == expected


def test_a_field_label_before_a_contacts_name_stays():
    redacted, counts = redact_text("Logins fail until then. Contact: Lena Fischer, +44 7700 900 412.")
    assert redacted == f"Logins fail until then. Contact: {CUSTOMER}, [REDACTED:phone]."
    assert counts.counts == {"customer-name": 1, "phone": 1}


@pytest.mark.parametrize("line", [
    "customer Priya Patel reported that checkout charged twice, priya.patel@example.com",
    "for Acme's Priya Patel the export is still empty",
    "Priya Patel (customer) says the invoice never arrived, call her on +44 7700 900456",
    "Merchant Priya Patel (m_55102) wrote in: yesterday's payout was wrong",
    '"Customer Priya Patel: I am trying to pay for 40 minutes, the cart keeps logging me out"',
    "VIP escalation, Priya Patel (+44 7700 900456) says she was charged",
])
def test_customers_named_in_chat_are_still_masked(line):
    redacted, _ = redact_text(line)
    assert "Priya" not in redacted and "Patel" not in redacted and CUSTOMER in redacted
    assert "@example.com" not in redacted and "900456" not in redacted


def test_a_customer_stays_masked_wherever_mentioned_alone():
    texts = redacted_texts(chat(
        ("sam", "customer Amaka Eze says the refund never arrived"),
        ("lee", "Refund for Amaka is queued. Eze confirmed by mail."),
        ("sam", "Thanks Amaka for the patience, told Eze we will follow up tomorrow"),
    ))
    assert texts[1:] == [f"Refund for {CUSTOMER} is queued. {CUSTOMER} confirmed by mail.",
                         f"Thanks {CUSTOMER} for the patience, told {CUSTOMER} we will follow up tomorrow"]


@pytest.mark.parametrize("line", [
    "hey, merchant Fernhill Tea (acct 4411) just emailed saying orders show as unpaid",
    "Export finished but Merchant Center rejected the upload again",
    "Notified the on-call via Phone (+1 415-555-0100).",
    "called Peter in Mombasa (+254 20 555 0100) and did the settings manually",
])
def test_shops_products_channels_and_places_are_not_taken_for_people(line):
    assert set(people_in_texts([line])) <= {"Peter"}


def test_people_beside_the_same_cues_are_still_found():
    found = people_in_texts(["Incident #7719 triggered: checkout-api p99 latency, assigned to Nadia Okafor",
                             "escalated to Rosa (+52 55 5555 0142) since she owns the payouts job"])
    assert {"Nadia Okafor", "Rosa"} <= set(found)
