"""Issue and forum threads copied from the browser, read through `load_transcript` from pastes of our own writing:
GitHub issues and pull requests, Linear activity, a Discourse topic; and logs that write their author in a place of
their own: WeeChat's nick column, irssi's notices and a scribe's bracketed initials. Every message keeps its author;
the trackers show a day or an age and never a time of day, so their messages have no time."""

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from tests.pasted import read_pasted


def read(tmp_path, text: str, **options):
    return read_pasted(tmp_path, text, **options)


def rows(transcript):
    return [(m.line, m.author, m.text, m.kind, m.time) for m in transcript.messages]


LOGIN = st.from_regex(r"[a-z][a-z0-9]{1,8}(?:-[a-z0-9]{1,6})?", fullmatch=True)
WORD = st.sampled_from(["Restarted", "the", "relay", "cert", "expired", "again?", "`renew`", "works", "@lea", "v2.3",
                        "+1", "429s", "since", "14:00", "UTC"])
PARAGRAPH = st.lists(WORD, min_size=1, max_size=9).map(" ".join)
BODY = st.lists(PARAGRAPH, min_size=1, max_size=3).map("\n\n".join)
# how GitHub dates a post: a day (the year left out in the current one) or an age
POSTED = st.sampled_from(["on Oct 16, 2026", "on Jul 2", "3 hours ago", "yesterday", "2 days ago", "42 minutes ago",
                          "last week"])
ROLE = st.sampled_from(["Member", "Owner", "Contributor", "Collaborator", "Author"])


@st.composite
def github_comment(draw):
    """(lines, author, text, kind): a comment as the browser copies it, in one of the shapes GitHub prints."""
    login, bot = draw(LOGIN), draw(st.sampled_from(["", "", " bot", "[bot]"]))
    header = f"{login}{bot} commented {draw(POSTED)}"
    header += draw(st.sampled_from(["", " · edited", " • edited"]))
    role = draw(st.sampled_from(["", "same line", "next line"]))
    lines = [f"@{login}"] if draw(st.booleans()) else []
    lines.append(header + (f"  {draw(ROLE)}" if role == "same line" else ""))
    if role == "next line":
        lines.append(draw(ROLE))
    body = draw(BODY)
    lines += body.split("\n")
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["👍 14", "❤️ 3", "🎉 5 👍 2"])))  # reactions: no part of the text
    return lines, login, body, "bot" if bot else "chat"


@st.composite
def github_event(draw):
    login = draw(LOGIN)
    event = draw(st.sampled_from(["added the bug label", "added the p1 and regression labels", "self-assigned this",
                                  "closed this as completed", "closed this as completed in #5131", "reopened this",
                                  "pinned this issue", "mentioned this issue in #1402 Retry uploads on 429"]))
    when = draw(st.sampled_from(["", " on Oct 17, 2026", " 5 hours ago"]))
    return [f"{login} {event}{when}"], login, event, "chat"


@given(posts=st.lists(github_comment() | github_event(), min_size=1, max_size=8))
def test_a_github_thread_is_one_message_per_comment_and_event_by_its_author_without_a_time(tmp_path_factory, posts):
    opener = posts[0][1]
    text = f"Uploads fail with 429 since 2.3 #1406\nOpen\n{opener} opened this issue on Oct 16, 2026 · 7 comments\n"
    expected, line = [(3, opener, "opened this issue", "chat", None)], 4
    for lines, author, body, kind in posts:
        text += "\n" + "\n".join(lines) + "\n"
        expected.append((line + 1, author, body, kind, None))
        line += len(lines) + 1
    transcript = read(tmp_path_factory.mktemp("issue"), text)
    assert transcript.format == "github"
    assert rows(transcript)[1:] == expected


def test_the_opening_post_of_an_issue_is_its_author_s_when_no_comment_header_repeats_it(tmp_path):
    text = ("Downloads return 429 #2287\nClosed\n\ntkoval opened this issue on Oct 16, 2026 · 3 comments\n"
            "Installing v4.2.1 fails since this morning.\n👍 14\n\n"
            "mhalvorsen commented on Oct 16, 2026  Member\nLooking.\n\n"
            "mhalvorsen closed this as completed on Oct 16, 2026\n")
    transcript = read(tmp_path, text)
    assert rows(transcript) == [
        (1, None, "Downloads return 429 #2287\nClosed", "system", None),
        (4, "tkoval", "Installing v4.2.1 fails since this morning.", "chat", None),
        (8, "mhalvorsen", "Looking.", "chat", None),
        (11, "mhalvorsen", "closed this as completed", "chat", None),
    ]
    assert transcript.incident_date is None


def test_a_log_quoted_in_a_fence_stays_in_the_comment_that_quotes_it(tmp_path):
    # three PagerDuty lines in a row would be a pasted log of their own; inside a fence they are the comment's text
    pasted = ("Oct 16, 2026 at 6:52 AM UTC - Triggered: bandwidth quota 95% on zone dl\n"
              "Oct 16, 2026 at 6:52 AM UTC - Escalated to level 1: No one is on call\n"
              "Oct 16, 2026 at 8:47 AM UTC - Triggered: zone dl suspended\n")
    comment = f"From our PagerDuty, it fired to nobody:\n```\n{pasted}```"
    text = (f"bwei commented on Oct 16, 2026\nsame here, CI is red\n\njsato commented on Oct 16, 2026  Member\n{comment}\n\n"
            "bwei commented on Oct 16, 2026\ngreen now\n")
    transcript = read(tmp_path, text)
    assert transcript.format == "github"
    assert [(m.line, m.author, m.text) for m in transcript.messages] == [
        (1, "bwei", "same here, CI is red"), (4, "jsato", comment), (12, "bwei", "green now"),
    ]


PULL_REQUEST = """\
Retry uploads on 429 #1410
Open
ana-s wants to merge 2 commits into main from ana-s/retry-429

ana-s commented on Oct 17, 2026  Member
Retries with backoff, capped at 5.

bo-chen approved these changes on Oct 17, 2026
LGTM

bo-chen merged commit 4f2a9c1 into main on Oct 17, 2026

bo-chen deleted the ana-s/retry-429 branch on Oct 17, 2026
"""


def test_a_pull_request_s_review_merge_and_branch_events_are_their_author_s(tmp_path):
    transcript = read(tmp_path, PULL_REQUEST)
    assert transcript.format == "github"
    assert [(m.line, m.author, m.text) for m in transcript.messages][1:] == [
        (3, "ana-s", "wants to merge 2 commits into main from ana-s/retry-429"),
        (5, "ana-s", "Retries with backoff, capped at 5."),
        (8, "bo-chen", "approved these changes\nLGTM"),
        (11, "bo-chen", "merged commit 4f2a9c1 into main"),
        (13, "bo-chen", "deleted the ana-s/retry-429 branch"),
    ]


LINEAR = """\
ENG-2291  Reminders fire at the wrong hour for NZ users

Activity

Hana Ito
2d ago
Support has 6 tickets about reminders at the wrong hour, all in NZ.

Hana Ito set priority to High · 2d ago

Hana Ito assigned the issue to Tomas Ruiz · 2d ago

Tomas Ruiz
2d ago
the tz backfill ran Monday 22:00 UTC and wrote UTC over 38k profiles
👍 2

Tomas Ruiz moved from In Progress to Done · 5h ago

Hana Ito
Sep 29
confirmed with support, no new tickets
"""


def test_linear_activity_gives_each_comment_and_event_its_author(tmp_path):
    transcript = read(tmp_path, LINEAR)
    assert transcript.format == "linear"
    assert [(m.line, m.author, m.text, m.time) for m in transcript.messages][1:] == [
        (5, "Hana Ito", "Support has 6 tickets about reminders at the wrong hour, all in NZ.", None),
        (9, "Hana Ito", "set priority to High", None),
        (11, "Hana Ito", "assigned the issue to Tomas Ruiz", None),
        (13, "Tomas Ruiz", "the tz backfill ran Monday 22:00 UTC and wrote UTC over 38k profiles", None),
        (18, "Tomas Ruiz", "moved from In Progress to Done", None),
        (20, "Hana Ito", "confirmed with support, no new tickets", None),
    ]


DISCOURSE_COPY = """\
Mirror sync stuck since Friday?
Infrastructure  mirrors

pia.k
Nov 7

The EU mirror still serves Thursday's index. Anyone else?

tor_v
9h

Same here from two networks.

Ingrid
2h

Resynced in the right order and purged the CDN.
✓ Solution
2 Replies

This topic was automatically closed 2 days after the last reply. New replies are no longer allowed.
"""


def test_a_discourse_topic_copied_from_the_browser_gives_each_post_its_author(tmp_path):
    transcript = read(tmp_path, DISCOURSE_COPY)
    assert transcript.format == "discourse"
    assert rows(transcript)[1:] == [
        (4, "pia.k", "The EU mirror still serves Thursday's index. Anyone else?", "chat", None),
        (9, "tor_v", "Same here from two networks.", "chat", None),
        (14, "Ingrid", "Resynced in the right order and purged the CDN.", "chat", None),
        (21, None, "This topic was automatically closed 2 days after the last reply. New replies are no longer "
                   "allowed.", "system", None),
    ]


WEECHAT = """\
07:58:02        hbaum | morning. SERVFAIL for api.example.org from my resolver
07:59:20        @kess | resolves here
08:01:20        @kess | ok looking
08:02:11            * | kess runs delv against the zone
08:02:44     alertbot | [FIRING:1] DNSSECSignatureExpiring example.org
08:03:10          --> | moritz (~moritz@203.0.113.9) has joined #ops
08:05:28      +moritz | incident. I'm IC
"""


def test_weechat_s_nick_column_names_the_author_of_each_line(tmp_path):
    transcript = read(tmp_path, WEECHAT, anchor_date=date(2026, 12, 4))
    assert transcript.format == "irc"
    assert [(m.line, m.author, m.kind, m.text, m.time) for m in transcript.messages] == [
        (1, "hbaum", "chat", "morning. SERVFAIL for api.example.org from my resolver", datetime(2026, 12, 4, 7, 58, 2)),
        (2, "kess", "chat", "resolves here", datetime(2026, 12, 4, 7, 59, 20)),
        (3, "kess", "chat", "ok looking", datetime(2026, 12, 4, 8, 1, 20)),
        (4, "kess", "chat", "kess runs delv against the zone", datetime(2026, 12, 4, 8, 2, 11)),
        (5, "alertbot", "alert", "[FIRING:1] DNSSECSignatureExpiring example.org", datetime(2026, 12, 4, 8, 2, 44)),
        (6, None, "system", "moritz (~moritz@203.0.113.9) has joined #ops", datetime(2026, 12, 4, 8, 3, 10)),
        (7, "moritz", "chat", "incident. I'm IC", datetime(2026, 12, 4, 8, 5, 28)),
    ]


def test_weechat_s_log_file_is_read_as_irc_and_an_event_timeline_in_the_same_columns_is_not(tmp_path):
    # The log file WeeChat writes: date and time, prefix column, text, tab-separated. A tool's event timeline can
    # have the same columns; IRC's own marks in the prefix column (a join arrow, a nick's mode) tell them apart.
    log = ("2026-12-03 22:47:10\t-->\tfenn (~fenn@2a02:8108:abcd::1) has joined #proj-ci\n"
           "2026-12-03 22:48:45\tfenn\tis the merge queue stuck? my PR is approved but not queued\n"
           "2026-12-03 22:53:44\t@sage\tqueue page says 14 waiting, 0 testing\n"
           "2026-12-04 00:02:10\t *\tsage restarts the queue worker\n")
    transcript = read(tmp_path, log)
    assert transcript.format == "irc"
    assert [(m.author, m.kind, m.time) for m in transcript.messages] == [
        (None, "system", datetime(2026, 12, 3, 22, 47, 10)), ("fenn", "chat", datetime(2026, 12, 3, 22, 48, 45)),
        ("sage", "chat", datetime(2026, 12, 3, 22, 53, 44)), ("sage", "chat", datetime(2026, 12, 4, 0, 2, 10))]
    timeline = ("2026-12-03 22:47:10\tAzureDevOps\tRelease 5.2.0 to PROD started\n"
                "2026-12-03 22:51:02\tDatadog\tMonitor checkout p99 > 2s triggered\n"
                "2026-12-03 22:58:40\tAzureDevOps\tRelease 5.2.0 to PROD rolled back\n")
    assert read(tmp_path, timeline).format == "event-log"


def test_an_irssi_notice_is_its_sender_s_message(tmp_path):
    text = ("03:02 -nagios:#msg-ops- PROBLEM: smpp-bind on smsgw-02 is CRITICAL\n"
            "03:04 -!- ferdi [~ferdi@203.0.113.7] has joined #msg-ops\n"
            "03:05 <ferdi> looking, binds are all down\n"
            "03:09 -NickServ(NickServ@services.)- This nickname is registered\n")
    transcript = read(tmp_path, text, anchor_date=date(2026, 6, 2))
    assert transcript.format == "irc"
    assert [(m.line, m.author, m.text) for m in transcript.messages] == [
        (1, "nagios", "PROBLEM: smpp-bind on smsgw-02 is CRITICAL"),
        (2, None, "ferdi [~ferdi@203.0.113.7] has joined #msg-ops"),
        (3, "ferdi", "looking, binds are all down"),
        (4, "NickServ", "This nickname is registered"),
    ]


def test_a_zone_before_a_table_column_is_no_nick(tmp_path):
    text = "Timeline\n14:02 UTC | checkout 5xx above 3%\n14:05 UTC | rolled back 3.14\n"
    transcript = read(tmp_path, text, anchor_date=date(2026, 3, 10))
    assert [(m.line, m.author, m.text, m.time) for m in transcript.messages][1:] == [
        (2, None, "checkout 5xx above 3%", datetime(2026, 3, 10, 14, 2, tzinfo=UTC)),
        (3, None, "rolled back 3.14", datetime(2026, 3, 10, 14, 5, tzinfo=UTC)),
    ]


SCRIBE_DOC = """\
# INC-77 — Card payments delayed
Times below are UTC.

## Timeline
- 13:55 UTC [ak]: ledger entries missing for recent transactions
- 13:58 UTC [decision] fail over to the standby consumer group
- 14:03 UTC [Dana K]: SEV2 declared, Dana IC
"""


def test_a_scribe_s_bracketed_initials_before_a_colon_are_the_author(tmp_path):
    transcript = read(tmp_path, SCRIBE_DOC, anchor_date=date(2026, 10, 21))
    entries = [(m.line, m.author, m.text) for m in transcript.messages if m.time is not None]
    assert entries == [
        (5, "ak", "ledger entries missing for recent transactions"),
        (6, None, "[decision] fail over to the standby consumer group"),  # a tag, no colon after it: nobody's
        (7, "Dana K", "SEV2 declared, Dana IC"),
    ]
