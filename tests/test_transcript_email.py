"""E-mail threads pasted as text: each mail is one message with its author and time, whether its header is RFC 2822
(`Date: Wed, 11 Mar 2026 10:47:03 +0000`) or Outlook's (`Sent: Wednesday, March 11, 2026 9:05 AM`), and a quoted
earlier mail ("On …, Name wrote:" over "> " lines) is read once: on its own when the paste has no other copy of it."""

from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from agent.transcript import FORMATS, Source, load_transcript, parse_transcript
from agent.transcript.catalog import format_examples
from agent.transcript.detect import detect_format
from test_transcript_fuzz import check_invariants

TODAY = date(2026, 11, 21)


def parse(text: str, **options):
    return parse_transcript(Source(name="thread.txt", text=text, encoding="utf-8"), today=TODAY, **options)


def mails(transcript):
    return [(m.time, m.author, m.text) for m in transcript.messages if m.time is not None]


def test_the_email_thread_sample_reads_each_mail_once_with_its_writer_and_time(fixtures_dir):
    transcript = load_transcript(str(fixtures_dir / "transcripts" / "email-thread.txt"), today=TODAY)
    assert transcript.format == "email"
    at = lambda hour, minute, second=0: datetime(2026, 3, 11, hour, minute, second, tzinfo=UTC)  # noqa: E731
    assert mails(transcript) == [
        (at(10, 47, 3), "Mei Lin", "Export re-run finished at 10:41. All 3,214 invoices from yesterday are in the ERP "
         "and the totals match the\nledger. Closing this from our side; the post-incident review is on Friday."),
        (at(9, 58), "Rafael Souza", "Found it: the SFTP host key on the ERP side was rotated at 01:30 without\n"
         "notice, so the export job refused to connect. I pinned the new key and\nstarted a re-run of last night's "
         "export."),
        (at(9, 12), "Mei Lin", "Looks like nothing after 01:00 made it across. Rafael, can you check\nthe export job?"),
        # the mail that opened the thread carries its subject; "Sent from my iPhone" is the client's, not Jonas's
        (at(9, 5), "Jonas Berg", "Invoice export to the ERP missing since last night\n\nAccounts receivable sees no "
         "invoices from yesterday in the ERP. Month-end close starts tomorrow, so this\nblocks the close if it is not "
         "fixed today."),
    ]
    assert transcript.messages[0].kind == "system"  # the note above the first mail is nobody's mail


def test_a_quoted_mail_is_skipped_when_the_thread_holds_it_already():
    thread = (
        "From: Bo Chen <bo@example.org>\nDate: Tue, 3 Mar 2026 14:20:00 +0100\nSubject: Re: Backups stalled\n\n"
        "Restarted the uploader; the queue is draining.\n\n"
        "On Tue, 3 Mar 2026 at 13:58, Ana Lima <ana@example.org> wrote:\n"
        "> The uploader's credentials expired at 02:00.\n\n"
        "From: Ana Lima <ana@example.org>\nDate: Tue, 3 Mar 2026 13:58:12 +0100\nSubject: Backups stalled\n\n"
        "The uploader's credentials expired at 02:00.\n"
    )
    transcript = parse(thread)
    assert [(m.author, m.time.strftime("%H:%M") if m.time else None) for m in transcript.messages] == [
        ("Bo Chen", "13:20"), ("Ana Lima", "12:58")]
    assert transcript.messages[1].text == "Backups stalled\n\nThe uploader's credentials expired at 02:00."


def test_one_text_sent_twice_is_two_mails_while_a_copy_on_another_clock_is_one():
    auto_reply = "Automatic reply: I am on annual leave until 7 December."
    thread = (
        f"Priya Raman <priya@example.org>\tWed, Dec 2, 2026 at 8:09 AM\nTo: it@example.org\n\n{auto_reply}\n\n\n"
        "Helen Marsh <helen@example.org>\tWed, Dec 2, 2026 at 9:52 AM\nTo: it@example.org\n\nNo impact on pay.\n\n\n"
        f"Priya Raman <priya@example.org>\tWed, Dec 2, 2026 at 9:55 AM\nTo: it@example.org\n\n{auto_reply}\n"
    )
    assert [(m.author, m.time) for m in parse(thread).messages] == [
        ("Priya Raman", datetime(2026, 12, 2, 8, 9)), ("Helen Marsh", datetime(2026, 12, 2, 9, 52)),
        ("Priya Raman", datetime(2026, 12, 2, 9, 55))]
    # Outlook copies the mail a reply answers with its header on the replier's clock, an hour from the sender's
    copied = (
        "From: Ana Lima <ana@example.org>\nDate: Tue, 3 Mar 2026 13:58:12 +0100\nSubject: Backups stalled\n\n"
        "The uploader's credentials expired at 02:00.\n\n"
        "From: Bo Chen <bo@example.org>\nSent: Tuesday, March 3, 2026 2:20 PM\nSubject: RE: Backups stalled\n\n"
        "Restarted the uploader.\n\n"
        "From: Ana Lima <ana@example.org>\nSent: Tuesday, March 3, 2026 12:58 PM\nSubject: Backups stalled\n\n"
        "The uploader's credentials expired at 02:00.\n"
    )
    assert [m.author for m in parse(copied).messages] == ["Ana Lima", "Bo Chen"]


def test_date_shapes_of_common_mail_clients():
    shapes = {
        "Date: Tue, 3 Mar 2026 14:05:11 +0100": datetime(2026, 3, 3, 13, 5, 11, tzinfo=UTC),
        "Sent: Tuesday, March 3, 2026 2:05 PM": datetime(2026, 3, 3, 14, 5),
        "Date: Tue, Mar 3, 2026 at 2:05 PM": datetime(2026, 3, 3, 14, 5),
        "Date: 3 March 2026 at 14:05:11 CET": datetime(2026, 3, 3, 13, 5, 11, tzinfo=UTC),
        "**Sent:** Tue 3/17/2026 2:05 PM": datetime(2026, 3, 17, 14, 5),
    }
    for header, expected in shapes.items():
        text = f"**From:** Ana Lima <ana@example.org>\n{header}\n**Subject:** Checkout errors\n\nPaging payments.\n"
        [message] = parse(text).messages
        assert (message.time, message.author) == (expected, "Ana Lima"), header


def test_header_shapes_of_other_clients_and_languages():
    """A German Outlook block, Gmail's sender line with the date beside the name, Outlook's compact copy with two
    fields on a line, a list archive's "From " line and "(Name)" sender, and a German attribution."""
    thread = (
        "Von: Jonas Berg <jonas.berg@example.net>\nGesendet: Mittwoch, 11. März 2026 09:05\nAn: Finanzen\n"
        "Betreff: Rechnungsexport fehlt\n\nIm ERP fehlen alle Rechnungen von gestern.\n\n"
        "Mei Lin <mei.lin@example.net>\tWed, Mar 11, 2026 at 9:12 AM\nTo: Jonas Berg <jonas.berg@example.net>\n\n"
        "Looking at the export job now.\n\n"
        "From: Rafael Souza <rafael@example.net>  Sent: Wednesday, March 11, 2026 9:58 AM\n"
        "To: Mei Lin <mei.lin@example.net>  Subject: RE: Rechnungsexport fehlt\n\nPinned the new SFTP host key.\n\n"
        "From rafael at example.net  Wed Mar 11 10:20:00 2026\nFrom: rafael at example.net (Rafael Souza)\n"
        "Date: Wed, 11 Mar 2026 10:20:00 +0000\n\nRe-run started.\n\n"
        "Am 11.03.2026 um 10:47 schrieb Mei Lin <mei.lin@example.net>:\n> All invoices are in the ERP again.\n"
    )
    transcript = parse(thread, anchor_date=date(2026, 3, 11))
    assert [(m.author, m.time.strftime("%H:%M"), m.text.split("\n")[-1]) for m in transcript.messages] == [
        ("Jonas Berg", "09:05", "Im ERP fehlen alle Rechnungen von gestern."),
        ("Mei Lin", "09:12", "Looking at the export job now."),
        ("Rafael Souza", "09:58", "Pinned the new SFTP host key."),
        ("Rafael Souza", "10:20", "Re-run started."),
        ("Mei Lin", "10:47", "All invoices are in the ERP again."),
    ]
    assert transcript.messages[0].text.startswith("Rechnungsexport fehlt")  # the subject that opened the thread


def test_a_log_pasted_into_a_mail_stays_in_the_mail():
    thread = ("From: Ines Marti <ines@example.org>\nDate: Tue, 14 Apr 2026 23:29:02 +0000\n\nThe sync log:\n\n"
              "2026-04-14T19:02:11Z rsync phase1 done, 1843 files\n2026-04-14T19:02:12Z rsync phase2 ERROR: disk full\n"
              "2026-04-14T19:02:12Z sync finished with errors\n\nEvery run since fails the same way.\n\n"
              "From: Pavel Hruby <pavel@example.org>\nDate: Tue, 14 Apr 2026 23:40:15 +0000\n\nMy debug archive.\n")
    transcript = parse(thread)
    assert transcript.format == "email"
    assert [(m.author, len(m.text.split("\n"))) for m in transcript.messages] == [("Ines Marti", 7), ("Pavel Hruby", 1)]


def test_a_reply_written_between_quotes_stays_with_its_writer():
    text = ("From: Ana Lima <ana@example.org>\nDate: Tue, 3 Mar 2026 14:30:00 +0000\n\n"
            "On Tue, 3 Mar 2026 at 14:10, Bo Chen <bo@example.org> wrote:\n> Should we fail over to eu-west?\n"
            "Yes, go ahead.\n> And pause the batch jobs?\nAlso yes.\n")
    assert [(m.author, m.time.strftime("%H:%M"), m.text) for m in parse(text).messages] == [
        ("Bo Chen", "14:10", "Should we fail over to eu-west?"),
        ("Ana Lima", "14:30", "Yes, go ahead."),
        ("Ana Lima", "14:30", "Also yes."),  # quoted text under no attribution is not read at all
    ]


def test_the_format_is_listed_with_an_example_and_detected():
    assert "email" in FORMATS
    assert "Date:" in format_examples()["email"]
    chat = "[14:02] <alice> From: the edge logs\n[14:03] <bob> Date: today\n[14:04] <alice> ok\n"
    assert detect_format(Source(name="x", text=chat, encoding="utf-8")) == "irc"


SENDERS = st.sampled_from([("Ana Lima", "ana.lima"), ("Bo Chen", "bo"), ("Mei Lin", "mei.lin"), ("Jonas Berg", "jb")])
BODIES = st.sampled_from(["Paging the payments on-call.", "Rolled the tokenizer back to 4.12.",
                          "Error rate back to baseline.", "Queue drained on every shard.", "Status page updated."])
HEADERS = st.sampled_from(["rfc", "outlook", "gmail"])


def _header(style: str, name: str, user: str, moment: datetime) -> str:
    sender = f"From: {name} <{user}@example.org>"
    if style == "rfc":
        return f"{sender}\nDate: {moment:%a, %d %b %Y %H:%M:%S} +0000\nTo: ops@example.org\nSubject: Re: incident"
    if style == "outlook":
        return f"{sender}\nSent: {moment:%A, %B %d, %Y %I:%M %p}\nTo: ops@example.org\nSubject: RE: incident"
    return f"{sender}\nDate: {moment:%a, %b %d, %Y at %I:%M %p}\nSubject: Re: incident\nTo: ops@example.org"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(SENDERS, BODIES, HEADERS, st.booleans()), min_size=1, max_size=6, unique_by=lambda m: m[1]),
       st.booleans())
def test_generated_threads_give_one_message_per_mail(thread, newest_first):
    """Mails in either order, each maybe quoting the one before it in the thread; quoted copies are not read."""
    moments = [datetime(2026, 3, 3, 9, 0) .replace(minute=7 * index) for index in range(len(thread))]
    blocks, expected = [], []
    for index, ((name, user), body, style, quotes) in enumerate(thread):
        block = f"{_header(style, name, user, moments[index])}\n\n{body}\n"
        if quotes and index:
            (earlier, _), earlier_body = thread[index - 1][0], thread[index - 1][1]
            block += f"\nOn {moments[index - 1]:%a, %d %b %Y at %H:%M}, {earlier} wrote:\n> {earlier_body}\n"
        blocks.append(block)
        expected.append((name, body))
    if newest_first:
        blocks.reverse()
        expected.reverse()
    transcript = parse("\n".join(blocks))
    assert transcript.format == "email"
    if newest_first:  # a reply's quote comes before the mail it quotes: read there, and the mail itself skipped
        assert sorted(m.text for m in transcript.messages) == sorted(body for _, body in expected)
    else:
        assert [(m.author, m.text) for m in transcript.messages] == expected
    assert all(m.time is not None and m.time.date() == date(2026, 3, 3) for m in transcript.messages)


FRAGMENTS = ["From:", "Date:", "Sent:", "Subject:", "To:", "Re:", ">", "> >", "On", "wrote:", "--", "-- ",
             "Tue, 3 Mar 2026 14:05:11 +0100", "Tuesday, March 3, 2026 2:05 PM", "3/3/2026", "Ana Lima",
             "<ana@example.org>", "[mailto:bo@example.org]", "________________", "-----Original Message-----", "\t"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=5), max_size=5).map(" ".join),
                min_size=1, max_size=14).map("\n".join))
def test_any_mail_like_text_is_read_without_error(text):
    if text.strip():
        check_invariants(parse(text, fmt="email"), text)
