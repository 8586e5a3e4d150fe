"""Layouts read through `load_transcript` from pastes of our own writing: a Discourse topic's raw page, a PagerDuty
web timeline with indented rows above a Slack copy captioned with its zone, Slack desktop copies whose follow-ups
show only a time, and relative day dividers written after a dated one."""

from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from tests.pasted import read_pasted

DISCOURSE_RULE = "-" * 25
NZDT = timezone(timedelta(hours=13))


def read(tmp_path, text: str, **options):
    return read_pasted(tmp_path, text, **options)


USERNAME = st.from_regex(r"[a-z][a-z0-9]{1,8}(?:[._-][a-z0-9]{1,6})?", fullmatch=True)
WORD = st.sampled_from(["restarted", "the", "relay", "cert", "expired", "again?", "`renew`", "works", "@lea", "v2.3"])
PARAGRAPH = st.lists(WORD, min_size=1, max_size=9).map(" ".join)
FENCE = st.lists(st.sampled_from(["$ systemctl status relay", "notAfter=Oct 22 00:00:00 2026 GMT", "ana | 2"]),
                 min_size=1, max_size=3).map(lambda lines: "\n".join(["```", *lines, "```"]))
# a post's Markdown: paragraphs and fenced output, parted by blank lines
POST = st.lists(PARAGRAPH | FENCE | PARAGRAPH.map(lambda text: f"> {text}"), min_size=1, max_size=4).map("\n\n".join)


@st.composite
def discourse_topic(draw):
    """A topic as /raw/<topic> prints it: each post's header, its Markdown, the rule; times in UTC with seconds."""
    moment = draw(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 11, 1))).replace(microsecond=0)
    posts = []
    for number in range(1, draw(st.integers(2, 8)) + 1):
        moment += timedelta(seconds=draw(st.integers(0, 3 * 24 * 3600)))
        posts.append((draw(USERNAME), moment, draw(POST), number))
    text = "".join(f"{who} | {at:%Y-%m-%d %H:%M:%S} UTC | #{number}\n\n{body}\n\n{DISCOURSE_RULE}\n\n"
                   for who, at, body, number in posts)
    return text, posts


@given(topic=discourse_topic())
def test_a_discourse_topic_is_one_message_per_post_at_its_header_with_its_utc_time(tmp_path_factory, topic):
    text, posts = topic
    transcript = read(tmp_path_factory.mktemp("topic"), text)
    assert transcript.format == "discourse"
    headers = [index + 1 for index, line in enumerate(text.split("\n")) if " UTC | #" in line]
    got = [(m.line, m.author, m.time, m.text) for m in transcript.messages]
    assert got == [(line, who, at.replace(tzinfo=UTC), body)
                   for line, (who, at, body, _) in zip(headers, posts, strict=True)]
    assert transcript.timezone == "UTC" and transcript.date_known


def test_a_discourse_post_quoting_a_table_or_a_rule_stays_one_post(tmp_path):
    text = (
        "mira.k | 2026-05-04 09:12:40 UTC | #1\n\nSync fails since the update:\n\n| device | result |\n|---|---|\n"
        "| pixel 8 | timeout |\n\n---\n\nAnyone else?\n\n" + DISCOURSE_RULE + "\n\n"
        "team_jo | 2026-05-04 10:01:03 UTC | #2\n\nLooking into it.\n\n" + DISCOURSE_RULE + "\n"
    )
    transcript = read(tmp_path, text)
    assert [(m.line, m.author, m.time) for m in transcript.messages] == [
        (1, "mira.k", datetime(2026, 5, 4, 9, 12, 40, tzinfo=UTC)), (15, "team_jo", datetime(2026, 5, 4, 10, 1, 3, tzinfo=UTC)),
    ]
    assert transcript.messages[0].text.endswith("---\n\nAnyone else?")


def test_a_list_archive_thread_stacks_name_day_and_time_over_each_post(tmp_path):
    """A mailing-list archive (HyperKitty) writes each post's sender, day and time on three lines of their own."""
    text = ("[devel] downloads: certificate has expired\n\n"
            "Marta Nowak\n14 Mar 2026\n6:48 p.m.\nHi all,\n\napt update against our repo fails since 18:30.\n\n"
            "Marta\n24 replies\nReply\n\n"
            "Ben Okafor\n14 Mar 2026\n7:02 p.m.\nConfirmed, notAfter is today 18:21 GMT.\n\nBen\nReply\n\n"
            "Marta Nowak\n15 Mar 2026\n12:10 a.m.\nRenewed by hand, apt works again.\n")
    transcript = read(tmp_path, text)
    assert [(m.line, m.author, m.time) for m in transcript.messages if m.author] == [
        (3, "Marta Nowak", datetime(2026, 3, 14, 18, 48)), (14, "Ben Okafor", datetime(2026, 3, 14, 19, 2)),
        (22, "Marta Nowak", datetime(2026, 3, 15, 0, 10))]


PAGER_THEN_SLACK = """\
Incident #4471 — [P2] api-gateway 5xx above 3%
TIMELINE

Monday, March 9, 2026
  10:41:07 PM UTC   Triggered via Datadog: api-gateway 5xx rate 4.2%
  10:41:09 PM UTC   Notified Tane Walker by push and SMS
  10:44:52 PM UTC   Acknowledged by Tane Walker
  11:20:15 PM UTC   Note added by Tane Walker: rolled back gateway 3.14
  11:52:40 PM UTC   Resolved by Tane Walker


#ops-nz thread, NZDT:

Today
Tane Walker  11:43 AM
paged for api-gateway 5xx, looking
11:47
it's the 3.14 deploy, rolling back
Mere Kahu  11:49 AM
ok, holding the release train
Tane Walker  12:21 PM
rollback done, 5xx back under 0.1%
"""


def test_an_indented_pager_timeline_above_a_slack_copy_captioned_with_its_zone(tmp_path):
    transcript = read(tmp_path, PAGER_THEN_SLACK, anchor_date=date(2026, 3, 9))
    assert transcript.format == "pagerduty+slack"
    pager = [(m.line, m.author, m.time) for m in transcript.messages if m.author == "PagerDuty"]
    assert pager[0] == (5, "PagerDuty", datetime(2026, 3, 9, 22, 41, 7, tzinfo=UTC))
    assert [line for line, _, _ in pager] == [5, 6, 7, 9]
    # the note is the responder's own words, at the pager's time for it
    note = next(m for m in transcript.messages if m.line == 8)
    assert (note.author, note.kind, note.text) == ("Tane Walker", "chat", "rolled back gateway 3.14")
    assert note.time == datetime(2026, 3, 9, 23, 20, 15, tzinfo=UTC)
    chat = [(m.line, m.author, m.time) for m in transcript.messages if m.line > 12 and m.kind == "chat"]
    # "Today" comes after the dated heading, and the caption says the chat's clock is New Zealand daylight time
    assert chat == [
        (15, "Tane Walker", datetime(2026, 3, 10, 11, 43, tzinfo=NZDT)),
        (17, "Tane Walker", datetime(2026, 3, 10, 11, 47, tzinfo=NZDT)),
        (19, "Mere Kahu", datetime(2026, 3, 10, 11, 49, tzinfo=NZDT)),
        (21, "Tane Walker", datetime(2026, 3, 10, 12, 21, tzinfo=NZDT)),
    ]
    assert pager[0][2] < chat[0][2] < pager[2][2]  # paged 22:41 UTC, in the chat 22:43 UTC, acknowledged 22:44 UTC


def test_a_clock_said_before_a_colon_is_no_zone_caption(tmp_path):
    text = "Ana Lima  9:02 AM\npaged at 14:02 UTC:\nstill failing\nBo Chen  9:05 AM\nlooking\n"
    transcript = read(tmp_path, text, anchor_date=date(2026, 3, 9))
    assert [m.time for m in transcript.messages] == [datetime(2026, 3, 9, 9, 2), datetime(2026, 3, 9, 9, 5)]


SLACK_FOLLOW_UPS = """\
Tuesday, March 10th
Ines Duarte  11:52 PM
oh no
11:52
checking the gateway
Gatekeeper  APP  11:55 PM
[Triggered] api-gateway 5xx > 3%
11:58
looking at the deploy log
Ravi Nair  11:58 PM
on it
Today
Ines Duarte  12:04 AM
rolled back
12:06
5xx recovered
"""


def test_slack_follow_up_times_keep_the_author_of_the_message_above(tmp_path):
    transcript = read(tmp_path, SLACK_FOLLOW_UPS, anchor_date=date(2026, 3, 10))
    assert [(m.line, m.author, m.text, m.time) for m in transcript.messages] == [
        (2, "Ines Duarte", "oh no", datetime(2026, 3, 10, 23, 52)),  # its first line of text, not a name
        (4, "Ines Duarte", "checking the gateway", datetime(2026, 3, 10, 23, 52)),
        (6, "Gatekeeper", "[Triggered] api-gateway 5xx > 3%", datetime(2026, 3, 10, 23, 55)),
        (8, "Gatekeeper", "looking at the deploy log", datetime(2026, 3, 10, 23, 58)),
        (10, "Ravi Nair", "on it", datetime(2026, 3, 10, 23, 58)),
        (13, "Ines Duarte", "rolled back", datetime(2026, 3, 11, 0, 4)),  # "Today" is after Tuesday the 10th
        (15, "Ines Duarte", "5xx recovered", datetime(2026, 3, 11, 0, 6)),
    ]


def test_yesterday_and_today_after_a_dated_divider_fall_on_the_days_after_it(tmp_path):
    text = ("Monday, March 9th\nAna Lima  4:10 PM\ndeploying 3.14\nYesterday\nBo Chen  9:30 AM\nerrors since the deploy\n"
            "Today\nAna Lima  8:05 AM\nrolled back\n")
    transcript = read(tmp_path, text, anchor_date=date(2026, 3, 9))
    assert [m.time for m in transcript.messages] == [
        datetime(2026, 3, 9, 16, 10), datetime(2026, 3, 10, 9, 30), datetime(2026, 3, 11, 8, 5),
    ]


def test_today_without_a_dated_divider_is_still_the_date_option(tmp_path):
    transcript = read(tmp_path, "Today\nAna Lima  4:10 PM\ndeploying 3.14\n", anchor_date=date(2026, 3, 9))
    assert transcript.messages[0].time == datetime(2026, 3, 9, 16, 10)
