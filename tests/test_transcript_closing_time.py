"""Desktop chat copies with each message's time under its text (Signal Desktop, Viber)."""

from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from tests.pasted import TODAY, read_pasted, who_when

SIGNAL = """\
Heute
Jonas Becker
Ist app.kontor.de bei euch auch weg?
10:12
DNS_PROBE_FINISHED_NXDOMAIN bei mir
10:12
Lena Vogel
ja, bei mir auch. Kunden rufen schon an
10:13
schau gleich, sitze im Zug
10:14
Jonas Becker
dig sagt NXDOMAIN:

$ dig +short app.kontor.de
10:16
Lena Vogel
CNAME wieder angelegt, TTL 300
11:02
Jonas Becker
geht wieder bei mir
Jetzt
"""


def at(hour: int, minute: int) -> datetime:
    return datetime(TODAY.year, TODAY.month, TODAY.day, hour, minute)


def test_each_message_is_at_the_time_under_it_by_the_name_over_its_run(tmp_path):
    transcript = read_pasted(tmp_path, SIGNAL)
    assert transcript.format == "closing-time"
    assert [(m.line, m.author, m.time) for m in transcript.messages] == [
        (2, "Jonas Becker", at(10, 12)), (5, "Jonas Becker", at(10, 12)), (7, "Lena Vogel", at(10, 13)),
        (10, "Lena Vogel", at(10, 14)), (12, "Jonas Becker", at(10, 16)), (17, "Lena Vogel", at(11, 2)),
        (20, "Jonas Becker", None)]  # "Jetzt": sent moments before the copy, no time shown
    assert transcript.messages[4].text == "dig sagt NXDOMAIN:\n\n$ dig +short app.kontor.de"


def test_a_chat_with_its_times_over_the_text_is_read_as_before(tmp_path):
    """Times over the text: the first time opens the chat, the last message ends with words."""
    text = "10:12\nIst die App bei euch auch weg?\n10:13\nja, bei mir auch\n10:14\nschau gleich\n10:16\nbin dran\n"
    transcript = read_pasted(tmp_path, text)
    assert transcript.format != "closing-time"
    assert [(m.line, m.time) for m in transcript.messages] == [(1, at(10, 12)), (3, at(10, 13)), (5, at(10, 14)),
                                                                 (7, at(10, 16))]


PAIRS = st.permutations(["Jonas Becker", "Lena Vogel", "Murat Yılmaz"]).map(lambda names: names[:2])
TEXTS = st.sampled_from(["Ist die App bei euch auch weg?", "der CNAME fehlt im DNS-Panel", "dig sagt NXDOMAIN bei mir auch",
                         "geht wieder, danke fürs schnelle Fixen"])


@given(PAIRS, st.lists(st.lists(TEXTS, min_size=1, max_size=3), min_size=4, max_size=8))
def test_generated_copies_keep_each_message_s_sender_and_time(tmp_path_factory, pair, runs):
    """Two people taking turns, each name over the first of their run (so each opens two runs or more); every
    message ends with its time."""
    lines, expected, minute = ["Heute"], [], 0
    for turn, texts in enumerate(runs):
        name = pair[turn % 2]
        lines.append(name)
        for text in texts:
            minute += 1
            lines += [f"{text} ({minute})", f"10:{minute:02d}"]  # people rarely send the same words twice
            expected.append((name, at(10, minute)))
    transcript = read_pasted(tmp_path_factory.mktemp("signal"), "\n".join(lines) + "\n")
    assert who_when(transcript) == expected
