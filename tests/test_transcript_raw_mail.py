"""E-mail saved raw (an .eml, an mbox, Gmail's "Show original"): each mail is read as MIME, one message with the
sender's name, the Date: header's time and the decoded text/plain part (else the HTML's visible text); quoted
earlier mails and signatures are left out as in a pasted thread, attachments are named, and bad input warns."""

import base64
import io
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent.errors import InputError
from agent.privacy.redact import redact_transcript
from agent.transcript import Source, load_transcript, parse_transcript, read_source
from agent.transcript.detect import detect_format
from agent.transcript.raw_mail import MAX_MAILS
from test_transcript_fuzz import check_invariants

TODAY = date(2026, 12, 7)


def parse(text: str, **options):
    return parse_transcript(Source(name="saved.eml", text=text, encoding="utf-8"), today=TODAY, **options)


def from_bytes(data: bytes, **options):
    return parse_transcript(read_source("-", io.BytesIO(data)), today=TODAY, **options)


def b64(text: str, charset: str = "utf-8") -> str:
    encoded = base64.b64encode(text.encode(charset)).decode()
    return "\n".join(encoded[start:start + 76] for start in range(0, len(encoded), 76))


ALTERNATIVE = """\
Return-Path: <ana.lima@example.org>
Received: from mail.example.org (mail.example.org [192.0.2.10])
\tby mx.example.net with ESMTPS id 4f7c2; Tue, 10 Mar 2026 14:05:03 +0000
From: Ana Lima <ana.lima@example.org>
To: ops@example.org
Subject: Checkout errors after the 13:55 deploy
Date: Tue, 10 Mar 2026 15:05:00 +0100
Message-ID: <a1b2c3@mail.example.org>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="=_alt_9f2e"

--=_alt_9f2e
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

Checkout is failing for about 20% of users since 13:58; the dashboard shows=
 5xx on checkout-api with error_rate=3D0.21. Paging the on-call =E2=80=93 B=
o, can you look?

--=_alt_9f2e
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

<html><body><p>Checkout is failing for about 20% of users since 13:58; the =
dashboard shows 5xx on checkout-api.</p></body></html>

--=_alt_9f2e--
"""


def test_a_saved_multipart_mail_reads_its_plain_text_once_decoded():
    transcript = parse(ALTERNATIVE)
    assert transcript.format == "email"
    [message] = transcript.messages
    assert (message.author, message.time, message.line) == (
        "Ana Lima", datetime(2026, 3, 10, 14, 5, tzinfo=UTC), 1)  # where its headers start; the time keeps its offset
    assert message.text == (
        "Checkout errors after the 13:55 deploy\n\nCheckout is failing for about 20% of users since 13:58; the "
        "dashboard shows 5xx on checkout-api with error_rate=0.21. Paging the on-call \u2013 Bo, can you look?")
    assert detect_format(Source(name="saved.eml", text=ALTERNATIVE, encoding="utf-8")) == "email"


MBOX = f"""\
From ana.lima@example.org Tue Mar 10 14:05:00 2026
From: Ana Lima <ana.lima@example.org>
To: ops@example.org
Subject: Checkout errors
Date: Tue, 10 Mar 2026 14:05:00 +0000
Message-ID: <1@example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Checkout is failing for 20% of users. Paging the on-call.
>From the logs: 5xx on checkout-api only.

From 1791264455@xxx Tue Mar 10 14:12:00 +0000 2026
X-GM-THRID: 1791264455
From: "Chen, Bo" <bo.chen@example.org>
Subject: Re: Checkout errors
Date: Tue, 10 Mar 2026 14:12:00 +0000
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

{b64("Ack, I'm on it. Rolling back the 13:55 deploy now.")}

From bo.chen@example.org Tue Mar 10 14:30:00 2026
From: bo.chen@example.org
Subject: Re: Checkout errors
Content-Type: text/plain

Rollback done at 14:20, error rate back to normal since 14:24. Resolving.

--{" "}
Bo Chen | Payments SRE | +1 555 0100
"""


def test_an_mbox_is_one_message_per_mail_at_its_header():
    transcript = parse(MBOX)
    assert transcript.format == "email"
    assert [(m.line, m.author, m.time.strftime("%H:%M"), m.text) for m in transcript.messages] == [
        (2, "Ana Lima", "14:05", "Checkout errors\n\nCheckout is failing for 20% of users. Paging the on-call.\n"
                                 "From the logs: 5xx on checkout-api only."),  # mboxrd's ">From " unescaped
        (14, "Bo Chen", "14:12", "Ack, I'm on it. Rolling back the 13:55 deploy now."),  # base64, decoded
        # no display name: the address's name, as a pasted header's; no Date: the "From " line's time; the
        # signature is not read
        (24, "bo.chen", "14:30", "Rollback done at 14:20, error rate back to normal since 14:24. Resolving."),
    ]
    assert transcript.warnings == []


def test_a_base64_body_is_redacted_as_the_text_it_decodes_to():
    key = "AKIA" + "QWERTYUIOPASDFGH"
    mail = ("From: Ana Lima <ana@example.org>\nDate: Tue, 10 Mar 2026 14:05:00 +0000\nMIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
            f"{b64(f'The leaked key was {key}; rotated it at 14:03 and the deploy is green again.')}\n")
    redacted, _ = redact_transcript(parse(mail))
    [message] = redacted.messages
    assert key not in message.text
    assert "rotated it at 14:03 and the deploy is green again." in message.text


def test_a_latin1_mail_is_decoded_by_its_charset_whether_8bit_or_quoted_printable():
    header = ("From: =?iso-8859-1?q?J=FCrgen_M=FCller?= <jm@example.de>\nDate: Wed, 11 Mar 2026 09:05:00 +0100\n"
              "MIME-Version: 1.0\nContent-Type: text/plain; charset=ISO-8859-1\n")
    eight_bit = (header + "Content-Transfer-Encoding: 8bit\n\nDie Außenstelle in Köln ist seit 08:50 offline.\n"
                 ).encode("latin-1")
    quoted = (header + "Content-Transfer-Encoding: quoted-printable\n\n"
              "Die Au=DFenstelle in K=F6ln ist seit 08:50 offline.\n").encode("ascii")
    for data in (eight_bit, quoted):
        [message] = from_bytes(data).messages
        assert (message.author, message.text) == ("Jürgen Müller", "Die Außenstelle in Köln ist seit 08:50 offline.")
        assert message.time == datetime(2026, 3, 11, 8, 5, tzinfo=UTC)


REPLY_CHAIN = """\
From: Bo Chen <bo.chen@example.org>
To: Ana Lima <ana.lima@example.org>
Subject: Re: Checkout errors
Date: Tue, 10 Mar 2026 14:31:00 +0000
Message-ID: <3@example.org>
In-Reply-To: <2@example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"; format=flowed

Rollback finished; error rate is back to baseline.

On Tue, 10 Mar 2026 at 14:12, Ana Lima <ana.lima@example.org> wrote:
> Bo, can you roll back the 13:55 deploy?
>
> On Tue, 10 Mar 2026 at 14:05, Mei Lin <mei.lin@example.org> wrote:
>> Checkout is failing for 20% of users.

--
Bo Chen
Payments SRE
"""


def test_a_reply_chain_in_one_saved_mail_reads_each_quoted_mail_once():
    transcript = parse(REPLY_CHAIN)
    assert [(m.author, m.time.strftime("%H:%M"), m.text) for m in transcript.messages] == [
        ("Bo Chen", "14:31", "Rollback finished; error rate is back to baseline."),
        ("Ana Lima", "14:12", "Bo, can you roll back the 13:55 deploy?"),
        ("Mei Lin", "14:05", "Checkout is failing for 20% of users."),
    ]
    assert [m.line for m in transcript.messages] == [1, 12, 16]  # the file's lines


def test_an_html_only_mail_reads_its_visible_text_and_attachments_are_named_not_read():
    pdf = base64.b64encode(b"%PDF-1.4 secret-report-body").decode()
    mail = f"""\
From: Mei Lin <mei.lin@example.org>
Date: Tue, 10 Mar 2026 16:00:00 +0000
Subject: Timeline attached
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="mix"

--mix
Content-Type: text/html; charset=utf-8

<html><head><style>p {{color: red}}</style></head><body>
<p>Timeline attached.</p><p>Customer impact ended at 14:24.</p>
</body></html>
--mix
Content-Type: application/pdf; name="timeline.pdf"
Content-Disposition: attachment; filename="timeline.pdf"
Content-Transfer-Encoding: base64

{pdf}
--mix
Content-Type: message/rfc822

From: Bo Chen <bo.chen@example.org>
Subject: Fwd: pager alert
Date: Tue, 10 Mar 2026 13:59:00 +0000

The pager alert as it came in.
--mix--
"""
    [message] = parse(mail).messages
    assert message.text == ("Timeline attached\n\nTimeline attached.\n\nCustomer impact ended at 14:24.\n"
                            "[attachment: timeline.pdf (application/pdf)]\n"
                            "[attachment: 'Fwd: pager alert' (message/rfc822)]")
    assert "secret-report-body" not in message.text and pdf not in message.text
    assert "as it came in" not in message.text


def test_gmail_show_original_skips_its_summary_and_takes_the_time_from_received_without_a_date():
    page = """\
Original Message
Message ID\t<CAF=9x@mail.gmail.com>
Created at:\tTue, Mar 10, 2026 at 3:05 PM (Delivered after 2 seconds)
From:\tAna Lima <ana.lima@example.org>
Subject:\tCheckout errors
SPF:\tPASS with IP 192.0.2.10

Download Original\tCopy to clipboard
Delivered-To: ops@example.org
Received: by 2002:a05:6a10:1234 with SMTP id x5csp1;
        Tue, 10 Mar 2026 07:05:02 -0700 (PDT)
DKIM-Signature: v=1; a=rsa-sha256; d=example.org; s=sel; b=AbCdEf0123456789
From: Ana Lima <ana.lima@example.org>
Subject: Checkout errors
Content-Type: text/plain; charset="UTF-8"

Checkout is failing for 20% of users.
"""
    transcript = parse(page)
    assert [(m.line, m.author, m.time, m.text) for m in transcript.messages] == [
        (9, "Ana Lima", datetime(2026, 3, 10, 14, 5, 2, tzinfo=UTC), "Checkout errors\n\nCheckout is failing for 20% "
                                                                      "of users.")]


def test_a_pasted_thread_is_not_taken_for_raw_mail():
    pasted = ("From: Ana Lima <ana@example.org>\nSent: Tuesday, March 10, 2026 2:05 PM\nSubject: Checkout errors\n\n"
              "Checkout is failing.\n\nFrom: Bo Chen <bo@example.org>\nDate: Tue, 10 Mar 2026 14:12:00 +0000\n"
              "Content-Type: text/plain\n\nOn it.\n")
    assert [(m.author, m.time.strftime("%H:%M")) for m in parse(pasted).messages] == [
        ("Ana Lima", "14:05"), ("Bo Chen", "14:12")]


def test_damaged_mails_warn_and_read_what_they_can():
    truncated = ("From: Ana Lima <ana@example.org>\nDate: Tue, 10 Mar 2026 14:05:00 +0000\nMIME-Version: 1.0\n"
                 "Content-Type: multipart/alternative; boundary=\"b1\"\n\n--b1\nContent-Type: text/plain\n\n"
                 "Checkout is failing.\n")
    transcript = parse(truncated)
    assert [m.text for m in transcript.messages] == ["Checkout is failing."]
    assert any("damaged" in warning and "line 1" in warning for warning in transcript.warnings)
    unknown = ("From: Ana Lima <ana@example.org>\nDate: Tue, 10 Mar 2026 14:05:00 +0000\nMIME-Version: 1.0\n"
               "Content-Type: text/plain; charset=x-klingon\n\nCheckout is failing.\n")
    transcript = parse(unknown)
    assert [m.text for m in transcript.messages] == ["Checkout is failing."]
    assert any("unknown charset 'x-klingon'" in warning for warning in transcript.warnings)


def test_a_mailbox_of_more_mails_than_an_incident_holds_is_refused_in_one_line():
    mail = "From a@example.org Tue Mar 10 14:05:00 2026\nFrom: a@example.org\nDate: Tue, 10 Mar 2026 14:05:00 +0000\n\nok\n\n"
    with pytest.raises(InputError, match=f"holds {MAX_MAILS + 1:,} mails"):
        parse(mail * (MAX_MAILS + 1))


def test_the_cli_reads_an_mbox_file(tmp_path):
    path = tmp_path / "thread.mbox"
    path.write_text(MBOX, encoding="utf-8")
    transcript = load_transcript(str(path), today=TODAY, tz="Europe/Berlin")
    assert [m.time.astimezone(timezone(timedelta(hours=1))).strftime("%H:%M") for m in transcript.messages] == [
        "15:05", "15:12", "15:30"]  # --tz is for times without an offset; these have theirs


HEADER_BLOCKS = st.sampled_from([
    b"From: Ana Lima <ana@example.org>\nDate: Tue, 10 Mar 2026 14:05:00 +0000\nMIME-Version: 1.0\n",
    b"From ana@example.org Tue Mar 10 14:05:00 2026\nFrom: ana@example.org\nContent-Type: multipart/mixed; "
    b"boundary=\"b\"\n",
    b"Received: by x; Tue, 10 Mar 2026 14:05:00 +0000\nFrom: Ana <ana@example.org>\nContent-Transfer-Encoding: "
    b"base64\nContent-Type: text/html; charset=x-unknown\n",
])
BODY_PIECES = st.sampled_from([b"--b\n", b"--b--\n", b"\n", b"=\n", b"=3D", b"=E2=80", b"Content-Type: text/plain\n",
                               b"Content-Transfer-Encoding: quoted-printable\n", b"<p>", b"QUJD\n", b"> ", b"On ",
                               b"From x@y Tue Mar 10 14:06:00 2026\n", b"\xff\xfe", b"\xe9"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HEADER_BLOCKS, st.lists(BODY_PIECES | st.binary(max_size=12), max_size=20).map(b"".join))
def test_any_bytes_after_a_header_block_are_read_or_refused_in_one_line(header, body):
    data = header + b"\n" + body
    try:
        transcript = from_bytes(data)
    except InputError as error:
        assert "\n" not in str(error)
        return
    check_invariants(transcript, data.decode("latin-1"))
