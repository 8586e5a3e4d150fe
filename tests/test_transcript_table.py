"""Timeline tables read through `load_transcript`: Markdown tables in incident documents and rows copied from a web
page's table (tab-separated), with the columns their header names, in English and other languages."""

from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from agent.transcript import load_transcript
from agent.transcript.decoding import readable
from tests.pasted import TODAY, read_pasted

CET = timezone(timedelta(hours=1))


def read(tmp_path, text: str, **options):
    return read_pasted(tmp_path, text, **options)


def rows(transcript):
    return [(m.line, m.time, m.author, m.text) for m in transcript.messages if m.time is not None]


DOC = """# Checkout 500s after the primary failover

Severity: SEV-2. Written by the incident lead.

## Timeline

| Time (UTC) | Who | What happened |
|:-----------|-----|---------------|
| **09:13** | Priya Natarajan | Alert fired: checkout-api 5xx above 5% |
| 09:16 | Marcus Feld | acked, looking at the pool |
| | | pool at 200/200 connections |
| 09:41 | Priya Natarajan | rolled back the release \\| config 2026.03.10-0 |

## Follow-ups
- alert on pool saturation (Marcus)
"""


def test_a_markdown_timeline_table_gives_one_message_per_row_in_the_zone_its_header_names(tmp_path):
    transcript = read(tmp_path, DOC, anchor_date=date(2026, 3, 10))
    assert transcript.format == "table"
    assert rows(transcript) == [
        (9, datetime(2026, 3, 10, 9, 13, tzinfo=UTC), "Priya Natarajan", "Alert fired: checkout-api 5xx above 5%"),
        (10, datetime(2026, 3, 10, 9, 16, tzinfo=UTC), "Marcus Feld", "acked, looking at the pool\npool at 200/200 connections"),
        (12, datetime(2026, 3, 10, 9, 41, tzinfo=UTC), "Priya Natarajan",
         "rolled back the release | config 2026.03.10-0"),
    ]
    assert [m.line for m in transcript.messages if m.time is None] == [1, 15]  # the page's head, the follow-ups


COPIED = (
    "Zeitleiste\n"
    "Alle Zeiten MEZ.\n"
    "\n"
    "Uhrzeit\tWer\tEreignis\n"
    "14:07\tAlertmanager\tDiskSpaceLow pg-orders-01 91 % belegt\n"
    "14:21\tEmre Yılmaz\tReplikationsslots geprüft:\n"
    "slot_name       | active\n"
    "debezium_orders | f\n"
    "14:31\tEmre Yılmaz\tSlot gedroppt.\n"
    "15:26\tKatrin Vogel\tStörung geschlossen.\n"
    "Aufgabe\tVerantwortlich\tTicket\n"
    "Alarm auf inaktive Replikationsslots\tEmre Yılmaz\tOPS-3321\n"
)


def test_rows_copied_from_a_web_table_read_by_their_german_header(tmp_path):
    transcript = read(tmp_path, COPIED, anchor_date=date(2026, 2, 19))
    assert transcript.format == "table"
    found = rows(transcript)
    assert [(line, time, author) for line, time, author, _ in found] == [
        (5, datetime(2026, 2, 19, 13, 7, tzinfo=UTC), "Alertmanager"),
        (6, datetime(2026, 2, 19, 13, 21, tzinfo=UTC), "Emre Yılmaz"),
        (9, datetime(2026, 2, 19, 13, 31, tzinfo=UTC), "Emre Yılmaz"),
        (10, datetime(2026, 2, 19, 14, 26, tzinfo=UTC), "Katrin Vogel"),
    ]
    assert found[1][3].splitlines()[1:] == ["slot_name       | active", "debezium_orders | f"]  # a pasted result
    # the follow-up table below has no time column: its rows are no messages of the timeline
    assert not any(m.author == "Emre Yılmaz" and "OPS-3321" in m.text for m in transcript.messages)


def test_a_date_column_beside_the_time_column_dates_each_row(tmp_path):
    text = ("| Date | Time | Person | Event |\n|---|---|---|---|\n"
            "| 2026-03-10 | 23:52 | Ana Lima | replication lag 40 s |\n"
            "| 2026-03-11 | 00:07 | Bo Chen | failed over to the replica |\n"
            "| 2026-03-11 | 00:20 | Ana Lima | lag back under 1 s |\n")
    assert [(time, author) for _, time, author, _ in rows(read(tmp_path, text, tz="Europe/Berlin"))] == [
        (datetime(2026, 3, 10, 23, 52, tzinfo=CET).astimezone(UTC), "Ana Lima"),
        (datetime(2026, 3, 11, 0, 7, tzinfo=CET).astimezone(UTC), "Bo Chen"),
        (datetime(2026, 3, 11, 0, 20, tzinfo=CET).astimezone(UTC), "Ana Lima"),
    ]


def test_a_tools_log_without_an_author_column_stays_with_the_tools_own_layout(tmp_path):
    """Opsgenie's activity log copied from the web ("Date<TAB>Log"): its layout knows whose entries they are."""
    text = "Activity Log\nDate\tLog\n" + "".join(
        f"Feb 17, 2026 2:{minute:02d}:07 AM\t{entry}\n" for minute, entry in (
            (14, "Alert created via Prometheus[prom-claims-prod] with tinyId [7312]"),
            (15, "Sent [Mobile] notification to [Tomas Reyes] for [Create] action of alert"),
            (19, "Alert acknowledged via Web[Tomas Reyes]"),
            (25, "Alert closed via Web[Tomas Reyes]")))
    transcript = read(tmp_path, text)
    assert transcript.format == "opsgenie"
    assert {m.author for m in transcript.messages if m.time} == {"Opsgenie"}


def test_a_chat_with_a_table_cell_or_a_pipe_in_it_is_still_a_chat(tmp_path):
    text = ("[09:12] <ana> latency | errors | saturation all up\n[09:13] <bo> time\tnote\n"
            "[09:14] <ana> rolling back\n[09:20] <bo> back to normal\n")
    transcript = read(tmp_path, text, anchor_date=date(2026, 3, 10))
    assert transcript.format == "irc"
    assert [m.author for m in transcript.messages] == ["ana", "bo", "ana", "bo"]


# cell text as the reader keeps it: already in its normal form (`readable`: NFKC, ASCII digits), without the table's
# own marks
CELL = st.text(st.characters(whitelist_categories=("L", "N", "Zs", "Pd", "Po"), blacklist_characters="|\\*_"),
               min_size=1, max_size=40).map(str.strip).filter(lambda text: text and readable(text) == text)
NAME = st.sampled_from(["Ana Lima", "Bo Chen", "priya.n", "Emre Yılmaz", "oncall-bot"])


@given(entries=st.lists(st.tuples(st.integers(0, 23), st.integers(0, 59), NAME, CELL), min_size=1, max_size=8))
def test_every_timed_markdown_row_is_a_message_with_its_cells(tmp_path_factory, entries):
    body = "".join(f"| {hour:02d}:{minute:02d} | {name} | {text} |\n" for hour, minute, name, text in entries)
    transcript = read(tmp_path_factory.mktemp("table"), "| Time | Author | Description |\n|---|---|---|\n" + body,
                      anchor_date=date(2026, 3, 10))
    timed = [m for m in transcript.messages if m.time is not None]
    assert [(m.time.hour, m.time.minute, m.author) for m in timed] == [(h, m, n) for h, m, n, _ in entries]
    assert [m.text for m in timed] == [text for *_, text in entries]


def test_a_timeline_table_in_an_html_page_is_read_by_its_header(tmp_path):
    page = ("<html><body><h1>Incident 42: checkout errors</h1><p>All times in UTC.</p><table>"
            "<tr><th>Time</th><th>Owner</th><th>Event</th></tr>"
            "<tr><td>09:13</td><td>Priya Natarajan</td><td>Alert fired: 5xx above 5%</td></tr>"
            "<tr><td>09:16</td><td>Marcus Feld</td><td>acked, looking</td></tr>"
            "<tr><td>09:41</td><td>Priya Natarajan</td><td>rolled back</td></tr></table></body></html>")
    path = tmp_path / "incident.html"
    path.write_text(page, encoding="utf-8")
    transcript = load_transcript(str(path), today=TODAY, anchor_date=date(2026, 3, 10))
    assert [(m.time, m.author, m.text) for m in transcript.messages if m.time] == [
        (datetime(2026, 3, 10, 9, 13, tzinfo=UTC), "Priya Natarajan", "Alert fired: 5xx above 5%"),
        (datetime(2026, 3, 10, 9, 16, tzinfo=UTC), "Marcus Feld", "acked, looking"),
        (datetime(2026, 3, 10, 9, 41, tzinfo=UTC), "Priya Natarajan", "rolled back"),
    ]


def test_a_spreadsheet_cell_quoted_over_several_lines_stays_one_message(tmp_path):
    """A sheet's copy quotes a cell holding line breaks; the cell's last line has a tab of its own."""
    text = ("Timestamp (PT)\tWho\tEntry\tLink\n"
            "5/21/2026 23:41:05\tDev Patel\tack. looking\t\n"
            "5/21/2026 23:43:40\tDev Patel\t\"curl from my laptop:\n"
            "$ curl -v https://api.example.io/health\n"
            "curl: (60) SSL certificate problem: certificate has expired\"\t\n"
            "5/21/2026 23:46:10\tHannah Okafor\tjoining as IC, Dev you're on the \"\"cert\"\"?\t\n")
    found = rows(read(tmp_path, text))
    pacific = timezone(timedelta(hours=-7))
    assert [(line, time, author) for line, time, author, _ in found] == [
        (2, datetime(2026, 5, 21, 23, 41, 5, tzinfo=pacific).astimezone(UTC), "Dev Patel"),
        (3, datetime(2026, 5, 21, 23, 43, 40, tzinfo=pacific).astimezone(UTC), "Dev Patel"),
        (6, datetime(2026, 5, 21, 23, 46, 10, tzinfo=pacific).astimezone(UTC), "Hannah Okafor"),
    ]
    assert found[1][3].startswith("curl from my laptop:\n$ curl -v")


def test_a_header_names_its_columns_by_a_word_and_the_unnamed_column_holds_the_text(tmp_path):
    """"Created Date Time" is a time by its words, "Created By" an author; "Eintrag" is no name of a text column,
    but it is the only column left. A row whose text says "time" is still a row."""
    journal = ("Journal Type\tDetails\tCreated By\tCreated Date Time\n"
               "Journal - Note\tnslookup from the desk returns SERVFAIL\tKaren Oneill\t12/17/2026 1:14 PM\n"
               "Journal - Note\tforwarder points at the old resolvers, time to fix it\tKaren Oneill\t12/17/2026 1:31 PM\n"
               "Journal - History\tStatus changed to Resolved\tSystem\t12/17/2026 2:02 PM\n")
    assert [(m.time, m.author) for m in read(tmp_path, journal).messages if m.time] == [
        (datetime(2026, 12, 17, 13, 14), "Karen Oneill"), (datetime(2026, 12, 17, 13, 31), "Karen Oneill"),
        (datetime(2026, 12, 17, 14, 2), "System")]
    log = ("Datum\tUhrzeit\tWer\tEintrag\n17.03.2026\t14:52\tZabbix\tFree disk space is less than 5%\n"
           "17.03.2026\t14:55\tKatrin Vogel\tAlarm gesehen, übernehme\n17.03.2026\t15:01\tJonas Brandt\tbin dabei\n")
    assert [(m.time, m.author, m.text) for m in read(tmp_path, log).messages if m.time][1] == (
        datetime(2026, 3, 17, 14, 55), "Katrin Vogel", "Alarm gesehen, übernehme")


def test_a_markdown_row_of_text_that_mentions_a_time_word_is_no_header(tmp_path):
    text = ("| Time | Who | What |\n|---|---|---|\n| 09:13 | Ana Lima | alert fired |\n"
            "| | Bo Chen, on call since the last time the cache broke | took it |\n| 09:20 | Ana Lima | rolled back |\n")
    assert [(m.time.strftime("%H:%M"), m.author) for m in read(tmp_path, text, anchor_date=date(2026, 3, 10)).messages
            if m.time] == [("09:13", "Ana Lima"), ("09:20", "Ana Lima")]
