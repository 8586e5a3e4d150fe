"""A status page's incident history copied from the page: each update at the time that closes it, oldest first."""

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from tests.pasted import read_pasted

PST = timezone(timedelta(hours=-8))

PUBLIC_PAGE = """\
Northwind Market Status
Subscribe to Updates
Card payments failing at checkout
Incident Report for Northwind Market
Resolved
This incident has been resolved. Card payments have been processing normally since 18:21 UTC.
Posted 2 days ago. Mar 03, 2026 - 18:52 UTC
Monitoring
Our payment provider has deployed a fix and card payments are succeeding again.
Posted 2 days ago. Mar 03, 2026 - 18:24 UTC
Identified
The issue has been identified as an outage at one of our payment providers.
We are preparing to switch traffic to a backup processor.
Posted 2 days ago. Mar 03, 2026 - 17:16 UTC
Investigating
We are investigating reports of card payments failing at checkout.
Posted 2 days ago. Mar 03, 2026 - 16:58 UTC
This incident affected: Checkout (Card payments).
"""


def test_each_update_is_a_message_at_the_time_that_closes_it(tmp_path):
    transcript = read_pasted(tmp_path, PUBLIC_PAGE)
    assert transcript.format == "status-history"
    updates = [m for m in transcript.messages if m.time]
    assert [(m.line, m.kind, m.time) for m in updates] == [
        (5, "bot", datetime(2026, 3, 3, 18, 52, tzinfo=UTC)), (8, "bot", datetime(2026, 3, 3, 18, 24, tzinfo=UTC)),
        (11, "bot", datetime(2026, 3, 3, 17, 16, tzinfo=UTC)), (15, "bot", datetime(2026, 3, 3, 16, 58, tzinfo=UTC))]
    identified = updates[2]
    assert identified.text == ("Identified\nThe issue has been identified as an outage at one of our payment providers.\n"
                               "We are preparing to switch traffic to a backup processor.")
    assert identified.end_line == 14  # the closing time belongs to the update, not to its text


def test_an_update_may_open_with_its_status_and_close_with_a_time_alone(tmp_path):
    """The history page writes "Resolved - …" on one line; the admin view closes each update with the time alone,
    in the page's zone."""
    text = ("Delayed SMS notifications\n\n"
            "Resolved - SMS delivery has been normal for three hours.\nNov 18, 2026 - 16:12 PST\n\n"
            "Monitoring - SMS is flowing again through the secondary provider.\nNov 18, 2026 - 14:33 PST\n\n"
            "Investigating - Some customers are not receiving login codes.\nNov 18, 2026 - 12:05 PST\n")
    transcript = read_pasted(tmp_path, text)
    assert [(m.text.split(" - ")[0], m.time) for m in transcript.messages if m.time] == [
        ("Resolved", datetime(2026, 11, 18, 16, 12, tzinfo=PST)), ("Monitoring", datetime(2026, 11, 18, 14, 33, tzinfo=PST)),
        ("Investigating", datetime(2026, 11, 18, 12, 5, tzinfo=PST))]


def test_status_words_in_a_chat_make_no_status_history(tmp_path):
    """"Update" and "Resolved" said in a chat are messages; without times closing them there is no history."""
    text = ("2026-03-03T16:58:00Z ana: checkout is failing\n2026-03-03T17:02:00Z ben: Update\n"
            "2026-03-03T17:10:00Z ana: Resolved - after the rollback\n")
    transcript = read_pasted(tmp_path, text)
    assert transcript.format != "status-history"
    assert [m.author for m in transcript.messages] == ["ana", "ben", "ana"]


STATUSES = st.sampled_from(["Investigating", "Identified", "Monitoring", "Update", "Resolved"])
SENTENCES = st.lists(st.sampled_from(["We are investigating errors.", "A fix is being deployed.",
                                      "Payments are recovering.", "Latency is back to normal."]), min_size=1, max_size=3)


@given(st.lists(st.tuples(STATUSES, SENTENCES, st.integers(1, 90)), min_size=2, max_size=8),
       st.booleans())
def test_generated_histories_come_back_update_by_update(tmp_path_factory, updates, aged):
    """Any history, newest first, reads as one message per update at its posted time, its status first."""
    posted = datetime(2026, 5, 14, 23, 50, tzinfo=UTC)
    lines, expected = ["Checkout errors", "Incident Report for Example"], []
    for status, sentences, minutes_before in updates:
        expected.append((status, posted))
        lines += [status, *sentences, f"Posted {'3 hours ago. ' if aged else ''}{posted:%b %d, %Y - %H:%M} UTC"]
        posted -= timedelta(minutes=minutes_before)
    transcript = read_pasted(tmp_path_factory.mktemp("history"), "\n".join(lines) + "\n")
    assert [(m.text.split("\n")[0], m.time) for m in transcript.messages if m.time] == expected
