"""Real chat logs from ../shared/corpus: their parsed times must agree with the published timelines."""

import re
from datetime import UTC, date, datetime

import pytest

from agent.transcript import load_transcript

pytestmark = pytest.mark.corpus
TODAY = date(2026, 11, 21)

# (chat line, author, HH:MM); each time is also checked against the post-mortem's own timeline section.
PROW_KEY_MOMENTS = {
    "2019-02-05": [(17, "Katharine", "08:57"), (77, "prow", "09:12")],
    "2019-02-08": [(9, "krzyzacy", "16:06"), (254, "krzyzacy", "17:59")],
    "2019-03-26": [(8, "liggitt", "06:27"), (11, "Katharine", "07:16")],
    "2019-05-30": [(5, "cblecker", "13:26"), (182, "Benjamin Elder", "14:17"), (177, "bentheelder", "23:55")],
}


@pytest.mark.parametrize("day", sorted(PROW_KEY_MOMENTS))
def test_prow_slack_logs_match_their_postmortem_timelines(shared_corpus, day):
    derived = shared_corpus / "derived"
    chat = derived / f"k8s-prow-{day}.chat-transcript.md"
    reference = (derived / f"k8s-prow-{day}.postmortem-without-chat.md").read_text(encoding="utf-8")
    incident_day = date.fromisoformat(day)
    transcript = load_transcript(str(chat), anchor_date=incident_day, today=TODAY)
    assert transcript.format == "slack"
    by_line = {message.line: message for message in transcript.messages}
    for line, author, clock in PROW_KEY_MOMENTS[day]:
        message = by_line[line]
        assert message.author == author
        assert message.time == datetime.combine(incident_day, datetime.strptime(clock, "%H:%M").time())
        # 2019-02-08 gives its first notice as "4:06pm" in the summary rather than in the bullet list
        published = f"[{clock}]" in reference or f"{int(clock[:2]) % 12}:{clock[3:]}pm" in reference
        assert published or f"[{incident_day:%m-%d} {clock}]" in reference, f"{clock} not in the published timeline"
    stamped = [m for m in transcript.messages if m.time]
    assert len(stamped) >= 50 and all(m.author for m in stamped)


def test_prow_bot_and_section_handling(shared_corpus):
    chat = shared_corpus / "derived" / "k8s-prow-2019-02-05.chat-transcript.md"
    transcript = load_transcript(str(chat), anchor_date=date(2019, 2, 5), today=TODAY)
    bot = next(m for m in transcript.messages if m.line == 77)
    assert bot.kind == "bot" and bot.text.startswith("*Warning:* Katharine")
    assert transcript.messages[0].kind == "system"  # the editor's note above the first message


def test_wikimedia_irc_timeline_matches_the_published_outage_window(shared_corpus):
    path = shared_corpus / "raw" / "wikimedia-2025-05-08-papal-announcement-traffic-surge.md"
    transcript = load_transcript(str(path), today=TODAY)
    assert transcript.timezone == "UTC"  # the page says its times are UTC
    nick_lines = [(m.author, m.time) for m in transcript.messages if m.author in {"volans", "Emperor", "cdanis"}]
    assert nick_lines == [
        ("volans", datetime(2025, 5, 8, 16, 8, tzinfo=UTC)),
        ("Emperor", datetime(2025, 5, 8, 17, 16, tzinfo=UTC)),
        ("cdanis", datetime(2025, 5, 8, 18, 14, tzinfo=UTC)),
    ]
    begins = next(m for m in transcript.messages if "OUTAGE BEGINS" in m.text)
    ends = next(m for m in transcript.messages if "OUTAGE ENDS" in m.text)
    assert (begins.kind, begins.author, begins.time) == ("alert", "Alertmanager", datetime(2025, 5, 8, 17, 19, tzinfo=UTC))
    assert (ends.kind, ends.time) == ("alert", datetime(2025, 5, 8, 17, 29, tzinfo=UTC))
    # the published impact: "about 10 minutes"
    assert (ends.time - begins.time).total_seconds() == 600
    resolved = next(m for m in transcript.messages if m.text == "Incident declared resolved")
    assert resolved.time == datetime(2025, 5, 8, 18, 14, tzinfo=UTC)


def test_gitlab_live_notes_agree_with_the_postmortem(shared_corpus):
    notes = shared_corpus / "raw" / "gitlab-2017-02-01-database-incident-live-notes.md"
    postmortem = (shared_corpus / "raw" / "gitlab-2017-01-31-database-outage-postmortem.md").read_text(encoding="utf-8")
    transcript = load_transcript(str(notes), today=TODAY)
    stamped = [(m.time, m.text.split()[0]) for m in transcript.messages if m.time]
    assert [time for time, _ in stamped] == [
        datetime(2017, 1, 31, 18, 0, tzinfo=UTC), datetime(2017, 1, 31, 21, 0, tzinfo=UTC),
        datetime(2017, 1, 31, 22, 0, tzinfo=UTC), datetime(2017, 1, 31, 23, 0, tzinfo=UTC),
        datetime(2017, 1, 31, 23, 27, tzinfo=UTC), datetime(2017, 2, 1, 0, 36, tzinfo=UTC),
        datetime(2017, 2, 1, 0, 55, tzinfo=UTC), datetime(2017, 2, 1, 1, 5, tzinfo=UTC),
        datetime(2017, 2, 1, 1, 18, tzinfo=UTC),
    ]
    assert stamped[3][1] == "-ish"  # "23:00-ish" keeps its hedge
    # The postmortem puts the accidental removal at "± 23:30 UTC"; the live notes' 23:27 agrees.
    removal = re.search(r"\*\*± (\d\d):(\d\d) UTC:\*\* one of the engineers thinks", postmortem)
    published = datetime(2017, 1, 31, int(removal.group(1)), int(removal.group(2)), tzinfo=UTC)
    assert abs((stamped[4][0] - published).total_seconds()) <= 5 * 60
