"""Time rules: days from dividers and anchors, midnight rollover, year from weekday, zones (SPEC)."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from agent.errors import UsageError
from agent.transcript import Source, load_transcript, parse_transcript
from tests.pasted import read_pasted, who_when

TODAY = date(2026, 11, 21)


def parse(text: str, **options):
    options.setdefault("today", TODAY)
    return parse_transcript(Source(name="pasted.txt", text=text, encoding="utf-8"), **options)


def times(transcript):
    return [m.time for m in transcript.messages]


def test_a_time_far_earlier_than_the_last_one_is_the_next_day():
    transcript = parse("23:50 ana: db failover starts\n23:58 ana: replica promoted\n00:07 ben: writes ok\n", anchor_date=date(2026, 3, 10))
    assert times(transcript) == [datetime(2026, 3, 10, 23, 50), datetime(2026, 3, 10, 23, 58), datetime(2026, 3, 11, 0, 7)]


def test_a_slightly_earlier_time_is_kept_in_source_order_on_the_same_day():
    transcript = parse("14:05 ana: second\n14:02 ben: pasted late\n14:09 ana: third\n", anchor_date=date(2026, 3, 10))
    assert times(transcript) == [datetime(2026, 3, 10, 14, 5), datetime(2026, 3, 10, 14, 2), datetime(2026, 3, 10, 14, 9)]
    assert [m.line for m in transcript.messages] == [1, 2, 3]


def test_anchor_date_sets_the_day_but_dividers_win_after_them():
    text = "Priya  [9:00 AM]\nmorning\nWednesday, March 11th, 2026\nPriya  [9:30 AM]\nnext day\n"
    transcript = parse(text, anchor_date=date(2026, 3, 10))
    assert times(transcript) == [datetime(2026, 3, 10, 9, 0), datetime(2026, 3, 11, 9, 30)]


def test_times_before_the_first_divider_take_its_day():
    transcript = parse("Priya  [11:50 PM]\nlate\nTuesday, March 10th\nPriya  [11:55 PM]\nlater\n")
    assert times(transcript) == [datetime(2026, 3, 10, 23, 50), datetime(2026, 3, 10, 23, 55)]


def test_no_date_anywhere_keeps_durations_but_says_the_date_is_unknown():
    transcript = parse("09:15 ana: cache is cold\n09:50 ben: warming it\n")
    assert times(transcript)[1] - times(transcript)[0] == timedelta(minutes=35)
    assert transcript.date_known is False
    assert "date unknown — pass --date (times sit on an assumed day)" in transcript.warnings


def test_a_date_in_the_source_or_from_the_option_is_known():
    assert parse("09:15 ana: cache is cold\n", anchor_date=date(2026, 3, 10)).date_known is True
    assert parse("March 10th, 2026\n09:15 ana: cache is cold\n").date_known is True


def test_relative_days_without_a_date_keep_their_order_but_not_a_date():
    transcript = parse("Yesterday\nPriya Raman  [11:50 PM]\nlate\n--- Today ---\nPriya Raman  [12:10 AM]\nearly\n")
    assert transcript.date_known is False
    assert times(transcript)[1] - times(transcript)[0] == timedelta(minutes=20)
    assert any(warning.startswith("date unknown") for warning in transcript.warnings)


@pytest.mark.parametrize(("first", "second"), [("Yesterday", date(2026, 10, 17)), ("Today", date(2026, 10, 16))])
def test_relative_days_count_from_the_date_option(first, second):
    transcript = parse(f"{first}\nPriya Raman  [11:50 PM]\nlate\nToday\nPriya Raman  [11:55 PM]\nlater\n",
                       anchor_date=date(2026, 10, 16))
    assert transcript.date_known is True and transcript.warnings == []
    assert times(transcript) == [datetime(2026, 10, 16, 23, 50), datetime.combine(second, datetime.min.time()).replace(hour=23, minute=55)]


@pytest.mark.parametrize(
    ("divider", "expected"),
    [
        ("Tuesday, March 10th", date(2026, 3, 10)),
        ("Wednesday, March 10th", date(2021, 3, 10)),  # the latest earlier year with that weekday
        ("March 10th", date(2026, 3, 10)),
        ("December 30th", date(2025, 12, 30)),  # no later than today
        ("Friday, November 20th", date(2026, 11, 20)),
        ("March 10th, 2024", date(2024, 3, 10)),
        ("2025-07-04", date(2025, 7, 4)),
    ],
)
def test_divider_days_and_inferred_years(divider, expected):
    transcript = parse(f"{divider}\nPriya Raman  [2:09 PM]\nhello\n")
    assert transcript.messages[0].time == datetime.combine(expected, datetime.min.time()).replace(hour=14, minute=9)
    assert transcript.warnings == []


@pytest.mark.parametrize(
    ("first", "later", "anchor", "expected"),
    [
        ("Saturday, October 24th", "Monday, October 26th", date(2026, 10, 24), date(2026, 10, 26)),
        ("Thursday, December 31st", "Saturday, January 2nd", date(2026, 12, 31), date(2027, 1, 2)),  # a new year
        ("December 31st", "January 2nd", date(2026, 12, 31), date(2027, 1, 2)),
        ("Wednesday, March 11th", "Thursday, March 12th", date(2020, 3, 11), date(2020, 3, 12)),  # an old chat
    ],
)
def test_dividers_after_the_date_option_name_the_days_that_follow_it(first, later, anchor, expected):
    transcript = parse(f"{first}\nPriya  [11:40 PM]\nstill up\n{later}\nPriya  [9:02 AM]\nmorning\n", anchor_date=anchor)
    assert times(transcript) == [datetime.combine(anchor, datetime.min.time()).replace(hour=23, minute=40),
                                 datetime.combine(expected, datetime.min.time()).replace(hour=9, minute=2)]
    assert transcript.warnings == []


def test_a_divider_whose_weekday_disagrees_with_its_year_is_kept_with_a_warning():
    transcript = parse("Monday, March 10th, 2026\nPriya  [2:09 PM]\nhello\n")
    assert transcript.messages[0].time == datetime(2026, 3, 10, 14, 9)
    assert transcript.warnings == ["line 1: 2026-03-10 is not a Monday; kept the date as written"]


def test_tz_converts_naive_times_to_utc_and_names_the_zone():
    transcript = parse("09:58 joao: flag to 50%\n10:03 marta: latency up\n", tz="Europe/Lisbon", anchor_date=date(2026, 7, 2))
    assert times(transcript) == [datetime(2026, 7, 2, 8, 58, tzinfo=UTC), datetime(2026, 7, 2, 9, 3, tzinfo=UTC)]
    assert transcript.timezone == "Europe/Lisbon"


def test_tz_leaves_times_with_their_own_offset_alone():
    text = "2026-03-10T14:00:00+01:00 ana: with offset\n2026-03-10 14:05 ana: without\n"
    transcript = parse(text, tz="America/New_York")
    assert times(transcript) == [datetime(2026, 3, 10, 13, 0, tzinfo=UTC), datetime(2026, 3, 10, 18, 5, tzinfo=UTC)]


def test_lines_that_all_state_one_offset_name_it_as_the_transcripts_zone():
    same = parse("2026-05-18T06:20:00+02:00 ana: certs expired\n2026-05-18T06:25:00+02:00 ben: renewing\n")
    assert same.timezone == "UTC+02:00"
    mixed = parse("2026-05-18T06:20:00+02:00 ana: certs expired\n2026-05-18T05:25:00+01:00 ben: renewing\n")
    assert mixed.timezone is None


def test_a_table_row_stamped_in_a_german_zone_is_read_in_it():
    text = ("19.03.2026 07:12:05 MEZ\tKommentar\tKarin Vogt\tWeb\tmail-versand pausiert\n"
            "19.03.2026 07:16:30 MEZ\tKommentar\tElif Demir\tWeb\tbin dran\n")
    assert times(parse(text)) == [datetime(2026, 3, 19, 6, 12, 5, tzinfo=UTC), datetime(2026, 3, 19, 6, 16, 30, tzinfo=UTC)]


def test_unknown_zone_is_a_usage_error_naming_it():
    with pytest.raises(UsageError, match=r"^unknown time zone 'Mars/Base' \(use an IANA name"):
        parse("09:00 ana: hi\n", tz="Mars/Base")


def test_unknown_zone_is_reported_before_the_file_is_read(tmp_path):
    with pytest.raises(UsageError):
        load_transcript(str(tmp_path / "missing.txt"), tz="Nowhere/Special", today=TODAY)


def test_a_note_naming_the_zone_makes_times_utc():
    transcript = parse("All times in UTC.\n\n16:08 <volans> traffic rising\n17:19 <bot> FIRING: ProbeDown\n", anchor_date=date(2025, 5, 8))
    assert times(transcript)[1:] == [datetime(2025, 5, 8, 16, 8, tzinfo=UTC), datetime(2025, 5, 8, 17, 19, tzinfo=UTC)]
    assert transcript.timezone == "UTC"


def test_a_zone_note_opening_a_longer_line_of_a_document_still_names_the_zone():
    text = ("All times UTC, 2026-09-08. Entries copied from the incident channel and the pager log; lightly trimmed.\n\n"
            "16:08 <volans> traffic rising\n17:19 <bot> FIRING: ProbeDown\n")
    transcript = parse(text, anchor_date=date(2026, 9, 8))
    assert transcript.timezone == "UTC"
    assert times(transcript)[-2:] == [datetime(2026, 9, 8, 16, 8, tzinfo=UTC), datetime(2026, 9, 8, 17, 19, tzinfo=UTC)]


def test_naive_lines_take_the_zone_of_nearby_lines_so_times_never_mix():
    text = "- 2017/01/31 23:27 UTC - removal stopped\n- 2017/02/01 00:36 - backup started\n"
    transcript = parse(text)
    assert times(transcript) == [datetime(2017, 1, 31, 23, 27, tzinfo=UTC), datetime(2017, 2, 1, 0, 36, tzinfo=UTC)]
    assert "times without a zone were read in the zone of nearby lines that state one" in transcript.warnings


def test_heading_starts_a_new_pasted_log_on_the_day_the_previous_one_began():
    text = (
        "### #ops\n>ana [1:26 PM]\nsomething broke\n>ana [11:55 PM]\nall moved\n"
        "### #other-team\n>ben [2:17 PM]\nsame afternoon, other channel\n"
    )
    transcript = parse(text, anchor_date=date(2019, 5, 30))
    assert times(transcript) == [datetime(2019, 5, 30, 13, 26), datetime(2019, 5, 30, 23, 55), datetime(2019, 5, 30, 14, 17)]


def test_no_timestamps_at_all_still_gives_messages_and_a_warning():
    transcript = parse("alice: the db is down\nbob: looking\n\nalice: back up now\n")
    assert [(m.line, m.author, m.text, m.time) for m in transcript.messages] == [
        (1, "alice", "the db is down", None), (2, "bob", "looking", None), (4, "alice", "back up now", None)]
    assert transcript.warnings == ["pasted.txt: no timestamps found; messages have no times"]
    assert transcript.incident_date is None and transcript.timezone is None


def test_irc_day_changed_line_sets_the_day():
    text = "--- Day changed Tue Mar 10 2026\n23:59 <ana> one\n--- Day changed Wed Mar 11 2026\n00:01 <ana> two\n"
    transcript = parse(text)
    assert times(transcript) == [datetime(2026, 3, 10, 23, 59), datetime(2026, 3, 11, 0, 1)]
    assert transcript.incident_date == date(2026, 3, 10)


def test_twelve_hour_clock_edges():
    transcript = parse("Ana  [12:05 AM]\nafter midnight\nAna  [12:10 PM]\nnoon\n", anchor_date=date(2026, 3, 10))
    assert times(transcript) == [datetime(2026, 3, 10, 0, 5), datetime(2026, 3, 10, 12, 10)]


def test_blank_pasted_text_is_an_input_error():
    from agent.errors import InputError

    with pytest.raises(InputError, match=r"^pasted.txt: the transcript is empty$"):
        parse("  \n\n")


def test_each_message_keeps_the_zone_its_clock_was_written_in():
    """A log typed with one offset with lines pasted from a UTC log: no single clock for the transcript, but each
    message knows its own, so a time stated in it can be read on the writer's clock."""
    text = ("2026-04-02T03:12:44+05:30 paged for the 404 ratio\n"
            "2026-04-02T03:27:45+05:30 job log, pasted:\n"
            "    2026-04-01T21:01:15Z batch=1 archived=50000 deleted=50000\n"
            "2026-04-02T06:52:00+05:30 lookups failed between 02:31 and 06:03\n")
    transcript = parse(text, today=date(2026, 4, 3))
    assert transcript.timezone is None
    assert [m.clock_zone for m in transcript.messages] == ["UTC+05:30", "UTC+05:30", "UTC", "UTC+05:30"]
    assert transcript.messages[0].time == datetime(2026, 4, 1, 21, 42, 44, tzinfo=UTC)


def test_a_label_written_as_prose_before_a_colon_is_no_author():
    """One person's notes: "spot checks:" or "Karthik replied:" open the line, they did not write it. A name or a
    handle before the colon still is the author."""
    text = ("2026-04-02T03:12:44+05:30 spot checks: 20 random orders ok\n"
            "2026-04-02T03:13:10+05:30 Karthik replied: \"yes, on it\"\n"
            "2026-04-02T03:14:00+05:30 numbers for the writeup: 58k lookups failed\n"
            "2026-04-02T03:15:00+05:30 Ana Silva: restarting the importer\n"
            "2026-04-02T03:16:00+05:30 dmenon: done\n"
            "2026-04-02T03:17:00+05:30 deploy bot: shipped v2\n")
    assert [m.author for m in parse(text).messages] == [None, None, None, "Ana Silva", "dmenon", "deploy bot"]


def test_a_name_holding_a_particle_is_an_author_but_prose_with_the_same_word_is_not():
    """Dutch, Portuguese and French names hold lower-case particles ("Sanne de Vries"); between capitalised words
    they are part of the name, while a lower-case label with the same word stays text."""
    text = ("2026-04-02T03:12:44+02:00 Sanne de Vries: checkout returns 502 for everyone\n"
            "2026-04-02T03:13:10+02:00 Ana da Silva Costa: looking\n"
            "2026-04-02T03:14:00+02:00 Pieter van den Berg: rolled back the gateway\n"
            "2026-04-02T03:15:00+02:00 note de service: maintenance ce soir\n")
    assert [m.author for m in parse(text).messages] == ["Sanne de Vries", "Ana da Silva Costa", "Pieter van den Berg",
                                                         None]


def test_a_bare_time_over_name_colon_text_takes_the_name_once_it_recurs():
    """Notes and caption-like files put the time alone over "Name: text"; a name that heads two entries or more is
    their author, while a one-off label before a colon ("Checkout API: 502s") stays text."""
    text = ("14:02\nAna Silva: checkout returns 502 for card payments\n\n"
            "14:03\nJonas Weber: looking\n\n"
            "14:05\nCheckout API: 502s on /pay, 41% of requests\n\n"
            "14:09\nAna Silva: rolled the gateway back to 4.2\n\n"
            "14:15\nJonas Weber: error rate back to normal\n")
    messages = parse(text, today=date(2026, 4, 3)).messages
    assert [(m.author, m.text[:12]) for m in messages] == [
        ("Ana Silva", "checkout ret"), ("Jonas Weber", "looking"), (None, "Checkout API"), ("Ana Silva", "rolled the g"),
        ("Jonas Weber", "error rate b")]


@pytest.mark.parametrize(("text", "expected"), [
    # a phone set to Spanish (Mexico) writes "p. m.", often with no-break spaces
    ("27/2/26, 11:31 p. m. - Rodrigo Méndez: falla el cobro con tarjeta\n"
     "27/2/26, 11:33\u202fp.\u00a0m. - Dani Torres: ya lo vi\n"
     "28/2/26, 12:05 a. m. - Rodrigo Méndez: ya quedó\n",
     [("Rodrigo Méndez", datetime(2026, 2, 27, 23, 31)), ("Dani Torres", datetime(2026, 2, 27, 23, 33)),
      ("Rodrigo Méndez", datetime(2026, 2, 28, 0, 5))]),
    # messages selected in WhatsApp Web and copied: the time before the date
    ("[09:02, 8-9-2026] Sanne de Vries: Release 4.18 staat live\n"
     "[09:11, 8-9-2026] Pieter Jansen: ik kom niet meer in het portaal\n"
     "[09:12, 8-9-2026] +31 6 24 81 77 03: Hier hetzelfde\n",
     [("Sanne de Vries", datetime(2026, 9, 8, 9, 2)), ("Pieter Jansen", datetime(2026, 9, 8, 9, 11)),
      ("+31 6 24 81 77 03", datetime(2026, 9, 8, 9, 12))]),
], ids=["android-es-mx", "web-copy-nl"])
def test_whatsapp_in_other_locales_and_copied_from_the_web(text, expected):
    assert who_when(parse(text)) == expected


def test_a_sentence_before_a_colon_is_no_author_in_any_language():
    """"genau. mach ich jetzt:" ends one sentence and opens another: prose, whatever the language; "J. Smith" is a
    name."""
    text = ("2026-04-02T03:12:44+02:00 genau. mach ich jetzt: rollback\n"
            "2026-04-02T03:13:10+02:00 J. Smith: on it\n")
    assert [m.author for m in parse(text).messages] == [None, "J. Smith"]


def test_an_arabic_whatsapp_export_reads_its_digits_and_half_of_the_day(tmp_path):
    """Arabic locales write Arabic-Indic digits, right-to-left marks, the Arabic comma and \u0635/\u0645 for AM/PM;
    the file is read in the reader's normal form, where digits are ASCII."""
    text = ("\u0667\u200f/\u0664\u200f/\u0662\u0660\u0662\u0666\u060c \u0669:\u0661\u0662 \u0635 - "
            "\u062e\u0627\u0644\u062f: checkout failing\n"
            "\u0667\u200f/\u0664\u200f/\u0662\u0660\u0662\u0666\u060c \u0669:\u0661\u0665 \u0645 - Sara: fixed\n")
    assert who_when(read_pasted(tmp_path, text)) == [
        ("\u062e\u0627\u0644\u062f", datetime(2026, 4, 7, 9, 12)), ("Sara", datetime(2026, 4, 7, 21, 15))]


def test_a_name_listed_surname_first_reads_given_name_first():
    """Teams and directories list "Lima, Thiago": the document names people as they are spoken of."""
    text = ("2026-05-20T09:35:00-03:00 Lima, Thiago: cert errors on the portal\n"
            "2026-05-20T09:36:00-03:00 Costa, Ana Paula: looking\n"
            "2026-05-20T09:37:00-03:00 Ana Silva: ok\n")
    assert [m.author for m in parse(text).messages] == ["Thiago Lima", "Ana Paula Costa", "Ana Silva"]


@pytest.mark.parametrize(("stamp", "expected", "names"), [
    ("1 december 2026 om 19:42", datetime(2026, 12, 1, 19, 42), ("Bram Verhoeven", "Sanne Visser")),
    ("mar. 3 nov. 2026, 07:48", datetime(2026, 11, 3, 7, 48), ("Giulia Marchi", "Luca Rinaldi")),
    ("5 de marzo de 2026 a las 9:05", datetime(2026, 3, 5, 9, 5), ("Lucía Pérez", "Diego Ruiz")),
    ("12 oct. 2026 à 14:02", datetime(2026, 10, 12, 14, 2), ("Camille Roux", "Hugo Martin")),
    ("Nov 21, 2026 at 11:38 PM", datetime(2026, 11, 21, 23, 38), ("Mara Lind", "Tomas Berg")),
    # Chinese, Japanese and Korean: the half of the day stands before the clock
    ("2026年12月8日 2:03", datetime(2026, 12, 8, 2, 3), ("佐藤", "田中")),
    ("2026年12月8日(火) 午後2:03", datetime(2026, 12, 8, 14, 3), ("佐藤", "田中")),
    ("2026년 12월 5일 오후 9:03", datetime(2026, 12, 5, 21, 3), ("김민준", "이서연")),
    ("2026. 12. 5. 오전 12:10", datetime(2026, 12, 5, 0, 10), ("김민준", "이서연")),
    ("2026年12月8日 下午3:15", datetime(2026, 12, 8, 15, 15), ("王磊", "刘洋")),
])
def test_stamps_in_other_languages_date_the_line(stamp, expected, names):
    first, second = names
    transcript = parse(f"{stamp} {first}: failover done\n{stamp} {second}: thanks\n")
    assert times(transcript) == [expected, expected]
    assert [m.author for m in transcript.messages] == [first, second]


def test_a_dash_between_a_status_pages_date_and_time():
    transcript = parse("Nov 18, 2026 - 08:40 PST ana: monitoring the fix\nNov 18, 2026 - 09:02 PST bo: resolved\n")
    pst = timezone(timedelta(hours=-8))
    assert times(transcript) == [datetime(2026, 11, 18, 8, 40, tzinfo=pst).astimezone(UTC),
                                 datetime(2026, 11, 18, 9, 2, tzinfo=pst).astimezone(UTC)]


def test_a_korean_chat_with_the_half_of_the_day_before_the_clock_and_korean_date_dividers():
    text = ("--------------- 2026년 11월 20일 금요일 ---------------\n"
            "[김도현] [오후 11:37] 결제 승인 쪽 5xx 튀는데 누가 배포했나요??\n"
            "[이서연] [오후 11:38] 배포 없었어요\n"
            "--------------- 2026년 11월 21일 토요일 ---------------\n"
            "[박준영] [오전 12:10] binlog 정리했습니다\n")
    transcript = parse(text)
    assert transcript.format == "kakaotalk"
    assert who_when(transcript) == [
        ("김도현", datetime(2026, 11, 20, 23, 37)), ("이서연", datetime(2026, 11, 20, 23, 38)),
        ("박준영", datetime(2026, 11, 21, 0, 10))]
