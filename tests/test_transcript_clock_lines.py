"""Two more ways a log puts a clock before its messages: an XMPP client's "(23:41:55) jonas: text" (Pidgin, Adium),
and a clock alone over a name alone over the text (a pager's timeline pane, a phone's exported thread), where the
name counts only once it heads more than one entry."""

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from agent.transcript import Source, parse_transcript
from test_transcript_fuzz import BODY, PEOPLE, WORDS

TODAY = date(2026, 11, 21)
START = datetime(2026, 11, 21, 21, 50)
NICKS = st.sampled_from(["jonas", "mira", "alertbot", "k.tanaka"])
GAPS = st.lists(st.integers(0, 25), min_size=2, max_size=12)
REMARK = st.lists(st.sampled_from(WORDS), min_size=3, max_size=8).map(" ".join)


def parse(text: str):
    return parse_transcript(Source(name="log.txt", text=text, encoding="utf-8"), today=TODAY, anchor_date=TODAY)


def moments(gaps: list[int]) -> list[datetime]:
    return [START + timedelta(minutes=sum(gaps[:index + 1])) for index in range(len(gaps))]


@given(GAPS, st.data())
def test_a_clock_in_parentheses_starts_a_message_by_its_nick(gaps, data):
    posts = [(moment, data.draw(NICKS), data.draw(BODY)) for moment in moments(gaps)]
    text = "\n".join(f"({moment:%H:%M:%S}) {nick}: {body}" for moment, nick, body in posts)
    transcript = parse(text + "\n")
    assert [(m.author, m.text) for m in transcript.messages] == [(nick, body) for _, nick, body in posts]
    # the log runs past midnight without a date line; each clock before the one above is the next day
    assert [m.time.replace(tzinfo=None) for m in transcript.messages] == [moment for moment, _, _ in posts]


@given(GAPS, st.data())
def test_a_name_alone_between_a_clock_and_the_text_is_the_author_once_it_recurs(gaps, data):
    authors = ["Datadog", *(data.draw(st.sampled_from(["VictorOps", *PEOPLE])) for _ in gaps[1:])]
    # entries say different things (a body repeated word for word would itself look like a recurring name)
    bodies = data.draw(st.lists(REMARK, min_size=len(gaps), max_size=len(gaps), unique=True))
    posts = list(zip(moments(gaps), authors, bodies, strict=True))
    text = "\n\n".join(f"{moment:%I:%M %p}\n{author}\n{body}" for moment, author, body in posts)
    transcript = parse(text + "\n")
    recurring = {author for author in authors if authors.count(author) > 1}
    assert [(m.author, m.text) for m in transcript.messages] == [
        (author, body) if author in recurring else (None, f"{author}\n{body}") for _, author, body in posts]


def test_a_first_word_alone_on_its_line_under_a_clock_is_text():
    transcript = parse("17:15\n\nSlight\ndip in traffic\n\n17:16\n\nwe got a shout-out from the feed\n")
    assert [(m.author, m.text) for m in transcript.messages] == [(None, "Slight\ndip in traffic"),
                                                                 (None, "we got a shout-out from the feed")]
