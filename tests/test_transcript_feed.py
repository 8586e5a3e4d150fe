"""Activity feeds copied from web apps, read through `load_transcript`: cards parted by blank lines, each with a
name, a time alone on its line and the text, the time under the name or closing the card. Our own writing, in the
shapes incident platforms and ticket tools show."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.pasted import read_pasted


def read(tmp_path, text: str, **options):
    return read_pasted(tmp_path, text, **options)


def entries(transcript):
    return [(m.time, m.author, m.text) for m in transcript.messages if m.time is not None]


NAME_OVER_TIME = """Incidents > #3120

#3120  payments webhook signatures failing
RESOLVED   Urgency: High

Timeline

Saturday, November 21, 2026

Datadog
· 11:38 PM
Monitor triggered: webhook 4xx rate above 20%

Zenith
· 11:39 PM · via Slack
Phone call placed to Mara Lind - no answer

Mara Lind
· 11:52 PM
looking. signing secret was rotated at 23:30?

Sunday, November 22, 2026

Tomas Berg
· 12:07 AM
reverted the secret, 4xx back under 1%
"""


TIME_CLOSES_CARD = """Heartbeat "ledger-export" missed
Resolved · Lasted 48 minutes

Timeline

Uptime Monitor
Incident started. Heartbeat "ledger-export" was expected at 6:05 AM.
6:10 AM

Uptime Monitor
Sent an SMS to +1 555 0100 and a Slack message to #alerts
6:10 AM

KA
Kemal Aydin
export pods are up but stuck on the S3 upload
6:16 AM

KA
Kemal Aydin
bumped the upload timeout and restarted, heartbeat arrived
6:58 AM
"""


@pytest.mark.parametrize(("text", "anchor", "expected"), [
    # the name over the time; day headings between the cards date them
    (NAME_OVER_TIME, None, [
        (datetime(2026, 11, 21, 23, 38), "Datadog", "Monitor triggered: webhook 4xx rate above 20%"),
        (datetime(2026, 11, 21, 23, 39), "Zenith", "Phone call placed to Mara Lind - no answer"),
        (datetime(2026, 11, 21, 23, 52), "Mara Lind", "looking. signing secret was rotated at 23:30?"),
        (datetime(2026, 11, 22, 0, 7), "Tomas Berg", "reverted the secret, 4xx back under 1%")]),
    # the time closing the card: its first name line is the author, avatar initials are left out
    (TIME_CLOSES_CARD, date(2026, 5, 4), [
        (datetime(2026, 5, 4, 6, 10), "Uptime Monitor", 'Incident started. Heartbeat "ledger-export" was expected at 6:05 AM.'),
        (datetime(2026, 5, 4, 6, 10), "Uptime Monitor", "Sent an SMS to +1 555 0100 and a Slack message to #alerts"),
        (datetime(2026, 5, 4, 6, 16), "Kemal Aydin", "export pods are up but stuck on the S3 upload"),
        (datetime(2026, 5, 4, 6, 58), "Kemal Aydin", "bumped the upload timeout and restarted, heartbeat arrived")]),
], ids=["name-over-time", "time-closes-card"])
def test_each_card_is_a_message_by_its_name_at_its_time(tmp_path, text, anchor, expected):
    transcript = read(tmp_path, text, anchor_date=anchor)
    assert transcript.format == "feed"
    assert entries(transcript) == expected


TICKET_IN_ITALIAN = """Ticket  >  INC-4410

GM
Giulia Marchi ha segnalato via e-mail
mar 3 nov 2026 alle 07:48 (1 giorno fa)
i clienti ricevono la stessa fattura due volte

LR
Luca Rinaldi ha aggiunto una nota privata
mar 3 nov 2026 alle 07:59 (1 giorno fa)
il job notturno è girato tre volte, lo fermo

GM
Giulia Marchi ha risposto
mar 3 nov 2026 alle 09:12 (1 giorno fa)
grazie, avviso i clienti
"""


def test_a_name_leading_what_its_owner_did_is_the_author_and_the_line_stays_text(tmp_path):
    transcript = read(tmp_path, TICKET_IN_ITALIAN)
    assert transcript.format == "feed"
    assert [(time, author) for time, author, _ in entries(transcript)] == [
        (datetime(2026, 11, 3, 7, 48), "Giulia Marchi"),
        (datetime(2026, 11, 3, 7, 59), "Luca Rinaldi"),
        (datetime(2026, 11, 3, 9, 12), "Giulia Marchi"),
    ]
    assert entries(transcript)[1][2] == "Luca Rinaldi ha aggiunto una nota privata\nil job notturno è girato tre volte, lo fermo"


SUPPORT_INBOX = """Ledgerly Payments
Exports stuck since this morning

hi, our nightly CSV export has been spinning for 2 hours?
Nadia Rahman · 9:14 AM

Thanks Nadia, checking the export queue now.
Omar Haddad · Seen · 9:16 AM

Note
queue worker for exports is OOM-killed in a loop, bumping memory
Omar Haddad · Note · 9:21 AM

worker is stable, your export finished at 9:40
Omar Haddad · 9:41 AM
"""


def test_a_name_beside_the_time_under_the_text_is_the_author(tmp_path):
    transcript = read(tmp_path, SUPPORT_INBOX, anchor_date=date(2026, 6, 2))
    assert transcript.format == "feed"
    assert [(time.strftime("%H:%M"), author) for time, author, _ in entries(transcript)] == [
        ("09:14", "Nadia Rahman"), ("09:16", "Omar Haddad"), ("09:21", "Omar Haddad"), ("09:41", "Omar Haddad")]
    assert entries(transcript)[0][2] == "hi, our nightly CSV export has been spinning for 2 hours?"


TRACKER = """Ticket#5521
Shop nicht erreichbar

KS
Katrin Schulz
E-Mail · 03.12.2026 23:41
seit 23:15 ist der Shop für viele Kunden weg

MB
Moritz Braun
Notiz (intern) · 03.12.2026 23:49
DS-Eintrag bei der Registry noch alt, ich melde das

MB
Moritz Braun
Notiz (intern) · 04.12.2026 00:32
neuer DS-Eintrag ist live, Resolver liefern wieder Antworten
"""


def test_a_label_and_a_numeric_date_on_the_time_line_leave_the_name_above_as_author(tmp_path):
    assert [(time, author) for time, author, _ in entries(read(tmp_path, TRACKER))] == [
        (datetime(2026, 12, 3, 23, 41), "Katrin Schulz"), (datetime(2026, 12, 3, 23, 49), "Moritz Braun"),
        (datetime(2026, 12, 4, 0, 32), "Moritz Braun")]


def test_cards_dated_in_russian(tmp_path):
    text = "".join(f"{name}\n7 дек. 2026 {clock}\n{said}\n\n" for name, clock, said in (
        ("Ирина Соколова", "09:34", "pg_wal 410G, реплика отстаёт"), ("Алексей Морозов", "09:41", "archive_command падает"),
        ("Алексей Морозов", "10:02", "ключи обновлены, WAL уходит")))
    assert [(time, author) for time, author, _ in entries(read(tmp_path, text))] == [
        (datetime(2026, 12, 7, 9, 34), "Ирина Соколова"), (datetime(2026, 12, 7, 9, 41), "Алексей Морозов"),
        (datetime(2026, 12, 7, 10, 2), "Алексей Морозов")]


TIME_OVER_ACTION = """#412 Event publishers blocked

Yesterday

11:41:07 PM
Alertmanager created the incident
[FIRING] DiskAlarm node=mq-2, publishers blocked

11:46:52 PM
Rosa Lindqvist acknowledged the incident

11:49:30 PM
Rosa Lindqvist added a note
mq-2 disk 98%, consumers look stuck

Today

12:20:05 AM
Emil Strand added a note
consumers restarted with the new password, queue draining
"""


def test_a_time_over_a_line_of_who_did_what_dates_that_card(tmp_path):
    transcript = read(tmp_path, TIME_OVER_ACTION, anchor_date=date(2026, 12, 6))  # --date: the first entry's day
    assert transcript.format == "feed"
    found = [(time.strftime("%d %H:%M"), author) for time, author, _ in entries(transcript)]
    # a bot named in one word is no card (a one-word line under a time may be an event's title): plain notes'
    # reading keeps its time
    assert found == [("06 23:41", None), ("06 23:46", "Rosa Lindqvist"), ("06 23:49", "Rosa Lindqvist"),
                     ("07 00:20", "Emil Strand")]
    assert entries(transcript)[2][2] == "Rosa Lindqvist added a note\nmq-2 disk 98%, consumers look stuck"


def test_a_slack_copy_with_names_over_times_stays_a_slack_copy(tmp_path):
    text = "".join(f"{name}  [{clock}]\n{said}\n\n" for name, clock, said in (
        ("Ana Lima", "9:02 AM", "checkout is throwing 500s"), ("Bo Chen", "9:04 AM", "on it"),
        ("Ana Lima", "9:10 AM", "rolled back"), ("Bo Chen", "9:15 AM", "errors gone")))
    assert read(tmp_path, text, anchor_date=date(2026, 3, 10)).format == "slack"


NAMES = st.sampled_from(["Mara Lind", "Tomas Berg", "Kemal Aydin", "Uptime Monitor", "Datadog"])
SAID = st.sampled_from(["restarted the pods", "errors back to normal", "paging the db team", "rolled back v42",
                        "seeing 502s from the edge", "cert renewed, checking"])


@given(cards=st.lists(st.tuples(NAMES, st.integers(0, 23), st.integers(0, 59), SAID), min_size=3, max_size=6,
                      unique_by=lambda card: card[3]),  # people rarely write the very same words twice
       closing=st.booleans())
def test_every_card_is_one_message_by_its_name_at_its_time(tmp_path_factory, cards, closing):
    def card(name, hour, minute, said):
        clock = f"{hour:02d}:{minute:02d}"
        return f"{name}\n{said}\n{clock}\n\n" if closing else f"{name}\n· {clock}\n{said}\n\n"

    transcript = read(tmp_path_factory.mktemp("feed"), "Timeline\n\n" + "".join(card(*c) for c in cards),
                      anchor_date=date(2026, 3, 10))
    assert [(m.author, m.time.hour, m.time.minute, m.text) for m in transcript.messages if m.time] == [
        (name, hour, minute, said) for name, hour, minute, said in cards]
