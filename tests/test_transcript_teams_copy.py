"""Teams desktop copy: the name on one line, the date and time on the next, the text below; an alert tool posting
into the chat is read in the same layout, not split off as a log of its own."""

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from agent.transcript import Source, parse_transcript
from tests.pasted import who_when

TODAY = date(2026, 11, 21)

COPY = """\
Lena Vogt
29/11/2026 23:52
quiet night so far, the sale traffic is 1.4x and flat
Karim Aziz
29/11/2026 23:58
same here, going to bed soon
Prometheus Alerts
30/11/2026 00:04
[FIRING:2] CheckoutErrorsHigh service=checkout ratio=0.37
[FIRING:1] TLSHandshakeFailures src=cart dst=checkout
Karim Aziz
30/11/2026 00:05
mine, looking
Lena Vogt
30/11/2026 00:07
test order fails at payment, cart comes back empty
Prometheus Alerts
30/11/2026 00:41
[RESOLVED] CheckoutErrorsHigh service=checkout
"""


def parse(text: str):
    return parse_transcript(Source(name="teams.txt", text=text, encoding="utf-8"), today=TODAY)


def test_a_teams_copy_reads_each_message_with_its_author_and_time():
    transcript = parse(COPY)
    assert transcript.format == "teams"
    assert [(m.line, m.author, m.time) for m in transcript.messages] == [
        (1, "Lena Vogt", datetime(2026, 11, 29, 23, 52)),
        (4, "Karim Aziz", datetime(2026, 11, 29, 23, 58)),
        (7, "Prometheus Alerts", datetime(2026, 11, 30, 0, 4)),
        (11, "Karim Aziz", datetime(2026, 11, 30, 0, 5)),
        (14, "Lena Vogt", datetime(2026, 11, 30, 0, 7)),
        (17, "Prometheus Alerts", datetime(2026, 11, 30, 0, 41)),
    ]
    alert = transcript.messages[2]
    assert alert.kind == "alert" and alert.text.startswith("[FIRING:2] CheckoutErrorsHigh")


def test_a_copy_that_names_the_day_in_its_own_language_dates_each_message_from_today():
    """Teams and other chats write "Gestern 22:07", "Ayer 22:07" or "Yesterday 10:07 PM" instead of a date: the day
    before the day the chat was copied (`today`), then "Heute" / "Hoy" the day itself."""
    copy = ("Becker, Jana\nGestern 22:07\nKundenservice meldet falsche Preise im Shop\n"
            "Wolf, Tim\nGestern 23:58\nImport läuft um 21:15 aus dem ERP, schaue ins Log\n"
            "Becker, Jana\nHeute 00:12\nPreise sind wieder korrekt\n")
    transcript = parse(copy)
    assert who_when(transcript) == [
        ("Jana Becker", datetime(2026, 11, 20, 22, 7)), ("Tim Wolf", datetime(2026, 11, 20, 23, 58)),
        ("Jana Becker", datetime(2026, 11, 21, 0, 12))]
    spanish = parse("Lucía Pérez\nAyer 22:07\nel checkout da 502\nDiego Ruiz\nAyer 22:09\nmirando\n")
    assert who_when(spanish) == [
        ("Lucía Pérez", datetime(2026, 11, 20, 22, 7)), ("Diego Ruiz", datetime(2026, 11, 20, 22, 9))]


def test_a_time_alone_under_a_message_is_the_same_person_s_next_message():
    """Google Chat and Teams copies group one person's messages under their name, each later one under its time."""
    copy = ("Joost Bakker, 6:58 AM\nOn it. Checking pricing service\n\n7:02 AM\n"
            "First thing: putting the DK storefront into maintenance mode\n\n7:04 AM\nDK storefront in maintenance mode\n"
            "\nFemke Jansen, 7:05 AM\nSev1, I'm incident lead\n")
    assert [(m.line, m.author, m.time, m.text) for m in parse(copy).messages] == [
        (1, "Joost Bakker", datetime(2026, 11, 21, 6, 58), "On it. Checking pricing service"),
        (4, "Joost Bakker", datetime(2026, 11, 21, 7, 2), "First thing: putting the DK storefront into maintenance mode"),
        (7, "Joost Bakker", datetime(2026, 11, 21, 7, 4), "DK storefront in maintenance mode"),
        (10, "Femke Jansen", datetime(2026, 11, 21, 7, 5), "Sev1, I'm incident lead")]


NAMES = st.sampled_from(["Lena Vogt", "Karim Aziz", "Ana Lima", "Jae-won Park"])
TEXTS = st.sampled_from(["looking", "rolled back the canary", "p99 back under 300 ms", "who has the pager?"])


@given(st.lists(st.tuples(NAMES, TEXTS, st.integers(0, 90)), min_size=2, max_size=8))
def test_generated_teams_copies_keep_every_message(posts):
    # everyone writes again later on: a name over a date alone, once, may be a flattened table's row
    moment, lines, expected = datetime(2026, 11, 29, 22, 0), [], []
    for name, text, gap in posts + posts:
        moment += timedelta(minutes=gap)
        lines += [name, f"{moment:%d/%m/%Y %H:%M}", text]
        expected.append((len(lines) - 2, name, moment, text))
    transcript = parse("\n".join(lines))
    assert [(m.line, m.author, m.time, m.text) for m in transcript.messages] == expected


def test_app_badges_edits_and_affiliations_after_a_name_keep_the_message():
    text = ("Rafaela Pinto, 10:15 AM\nrotated the webhook secret\n\n"
            "Grafana, App, 10:46 AM\n[Alerting] webhook_4xx_rate > 20% payments-api\n\n"
            "Rafaela Pinto, 10:48 AM, Edited\nthe provider still signs with the old secret\n\n"
            "[10:52 AM] Tomás Brandão (Customer Care) (Guest)\ncustomers say Pix orders stay unpaid\n")
    messages = parse(text).messages
    assert [(m.line, m.author, m.kind, m.time.strftime("%H:%M")) for m in messages] == [
        (1, "Rafaela Pinto", "chat", "10:15"), (4, "Grafana", "alert", "10:46"),
        (7, "Rafaela Pinto", "chat", "10:48"), (10, "Tomás Brandão", "chat", "10:52")]


def test_a_weekday_before_a_date_is_no_author():
    """Outlook dates a mail "Tue 10/03/2026 13:14": without the sender's line above, the weekday names no one and
    the time stays."""
    copy = ("RE: checkout timeouts\nTue 10/03/2026 13:14\nI'll take point 1\n\n"
            "RE: checkout timeouts\nTue 10/03/2026 13:10\nfollow-ups: automatic fallback\n")
    assert who_when(parse(copy), timed=True) == [
        (None, datetime(2026, 3, 10, 13, 14)), (None, datetime(2026, 3, 10, 13, 10))]


def test_a_bracketed_stamp_may_name_the_day_in_the_app_s_language():
    """Teams in Italian writes "[Ieri 22:31] Name"; in German "[Gestern 22:31] Name"."""
    copy = ("[Ieri 22:31] Azure DevOps\nRelease 2026.4.2 deployed to stage 'Produzione'\n\n"
            "[Ieri 22:58] Giulia Conti\nil login dal portale mi dà pagina bianca\n\n"
            "[00:07] Marco Bianchi\nrollback fatto\n")
    assert who_when(parse(copy)) == [
        ("Azure DevOps", datetime(2026, 11, 20, 22, 31)), ("Giulia Conti", datetime(2026, 11, 20, 22, 58)),
        ("Marco Bianchi", datetime(2026, 11, 21, 0, 7))]


def test_a_mail_in_outlook_s_reading_pane_is_by_the_sender_its_address_names():
    """The sender as "Name <address>", the recipients, then the weekday, date and time the mail was sent."""
    copy = ("AW: [Störung] Checkout Kartenzahlung\n\nLB\nLukas Brandt <lukas.brandt@example.de>\n"
            "An: Jana Krüger; Ops Bereitschaft\nDi 10.03.2026 13:14\nübernehme Punkt 1.\nAntworten\n\n"
            "JK\nJana Krüger <jana.krueger@example.de>\nAn: Lukas Brandt\nDi 10.03.2026 13:10\n"
            "Zurückschalten erst morgen früh bitte.\n\n"
            "JK\nJana Krüger <jana.krueger@example.de>\nAn: Lukas Brandt\nDi 10.03.2026 12:41\nTimeouts bei PayNexa.\n")
    assert who_when(parse(copy), timed=True) == [
        ("Lukas Brandt", datetime(2026, 3, 10, 13, 14)), ("Jana Krüger", datetime(2026, 3, 10, 13, 10)),
        ("Jana Krüger", datetime(2026, 3, 10, 12, 41))]


def test_the_copier_s_own_messages_show_their_time_without_a_name():
    """Teams shows the messages of whoever copied the chat without a name: a date and time alone opens one."""
    copy = ("Ana Souza\n12/11/2025 14:03\no PIX não tá confirmando\n12/11/2025 14:05\nvou olhar. desde quando?\n"
            "Ana Souza\n12/11/2025 14:06\nprimeira reclamação 13:40 mais ou menos\n")
    assert who_when(parse(copy)) == [
        ("Ana Souza", datetime(2025, 11, 12, 14, 3)), (None, datetime(2025, 11, 12, 14, 5)),
        ("Ana Souza", datetime(2025, 11, 12, 14, 6))]
