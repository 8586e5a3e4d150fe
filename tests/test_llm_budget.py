"""Token counts offline, and compaction that keeps the newest messages and the ones around key events."""

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from agent.llm.budget import _SPLIT_PAIRS, compact_transcript, count_tokens, message_line, token_ceiling
from agent.models import Message

START = datetime(2026, 5, 4, 9, 0)


def chat(count: int, words: int = 12) -> list[Message]:
    return [
        Message(line=n + 1, end_line=n + 1, time=START + timedelta(minutes=n), author=f"responder {n % 4 + 1}",
                text=" ".join(f"update{n} checking shard {i} latency" for i in range(words // 4)))
        for n in range(count)
    ]


def test_count_tokens_uses_the_bundled_offline_encoding():
    assert count_tokens("") == 0
    assert 3 <= count_tokens("checkout-api 5xx rate above 5%") <= 15
    assert count_tokens("word " * 1000) >= 1000


def test_the_split_pairs_are_the_lower_case_letter_pairs_the_encoding_does_not_hold_as_one_token():
    letters = "abcdefghijklmnopqrstuvwxyz"
    split = {a + b for a in letters for b in letters if count_tokens(a + b) != 1}
    assert split == _SPLIT_PAIRS


# Letters, an apostrophe and the contractions it starts, digits, spaces, newlines, punctuation and non-ASCII
# letters: the characters around which the encoding cuts its pieces.
PIECES = st.lists(st.sampled_from(["a", "b", "q", "z", "S", "ll", "ve", "'", "’", "7", "42", " ", "  ", "\n", "\r\n",
                                   "-", ".", "_", "é", "ß", "中", "😀", "the", " checkout", "API", "xq"]), max_size=40)


@given(PIECES)
def test_token_ceiling_is_never_below_the_count(pieces):
    text = "".join(pieces)
    assert token_ceiling(text) >= count_tokens(text)


@given(st.text(max_size=80))
def test_token_ceiling_of_any_text_is_never_below_the_count(text):
    assert token_ceiling(text) >= count_tokens(text)


def test_a_transcript_that_fits_uncounted_is_the_one_counting_would_send():
    messages = chat(60)
    lines = [message_line(m) for m in messages]
    counted = sum(count_tokens(line) + 1 for line in lines)
    ceiling = sum(token_ceiling(line) + 1 for line in lines)
    assert counted < ceiling < sum(len(line) + 1 for line in lines)
    whole = compact_transcript(messages, [5], budget=ceiling)
    assert not whole.compacted and whole.lines == lines and whole.tokens == counted
    just_fitting = compact_transcript(messages, [5], budget=counted)  # over the ceiling: counted, still whole
    assert not just_fitting.compacted and just_fitting.lines == lines and just_fitting.tokens == counted
    assert compact_transcript(messages, [5], budget=counted - 1).compacted


def test_short_transcripts_are_sent_whole():
    messages = chat(20)
    compacted = compact_transcript(messages, [5], budget=10_000)
    assert not compacted.compacted and compacted.lines == [message_line(m) for m in messages]


def test_long_transcripts_keep_newest_messages_and_windows_around_key_events():
    messages = chat(2_000)
    compacted = compact_transcript(messages, key_lines=[100, 900], budget=3_000)
    assert compacted.compacted and compacted.tokens <= 3_000
    text = compacted.text()
    assert message_line(messages[-1]) in text  # the end of the incident is never cut off
    for key in (100, 900):
        for line in (key - 2, key, key + 2):
            assert message_line(messages[line - 1]) in text
    assert message_line(messages[0]) in text  # nor how it began
    assert "omitted" in text and compacted.gaps[0].first_line > 1


def test_a_long_channel_fills_the_budget_and_leaves_room_for_summaries():
    """Windows widen around the key events until the messages' share of the budget is spent (not 4.5k of 12k)."""
    messages = chat(20_000)
    compacted = compact_transcript(messages, key_lines=[500, 7_000, 15_000], budget=12_000)
    message_budget = 12_000 - compacted.summary_budget
    assert compacted.summary_budget == 2_400
    assert message_budget - 40 <= compacted.tokens <= message_budget
    text = compacted.text()
    for key in (500, 7_000, 15_000):
        assert all(message_line(messages[line - 1]) in text for line in range(key - 10, key + 11))
    notes = {0: "[summary of the first gap]"}
    assert compacted.text(notes).split("\n").index("[summary of the first gap]") == compacted.gaps[0].marker + 1


@given(st.integers(min_value=1, max_value=300), st.lists(st.integers(min_value=1, max_value=300), max_size=8),
       st.integers(min_value=50, max_value=4_000))
def test_compaction_invariants(count, keys, budget):
    messages = chat(count, words=8)
    compacted = compact_transcript(messages, keys, budget=budget)
    kept = [line for line in compacted.lines if not line.startswith("[...")]
    rendered = [message_line(m) for m in messages]
    assert kept == [line for line in rendered if line in set(kept)]  # source order, nothing invented
    assert kept[-1] == rendered[-1]  # the newest message always survives
    assert compacted.kept == len(kept) <= count


def test_context_efficiency_bench_counts_a_cached_multi_request_session():
    """The bench drives one tool call per turn and a rewrite round through the loop; after the first request most
    of each request is the cached prefix (tools, instructions, transcript prompt, earlier turns)."""
    import sys

    from agent.paths import EXAMPLES_DIR, PROJECT_ROOT

    sys.path.insert(0, str(PROJECT_ROOT / "evals" / "bench"))
    from context_efficiency import measure

    transcript_tokens, outcome = measure("checkout", EXAMPLES_DIR / "checkout-outage.slack.txt")
    usage = outcome.usage
    assert usage.requests >= 7 and outcome.rounds >= 2  # five tool turns, an answer sent back, a rewrite
    assert usage.cache_read_tokens > 0.6 * usage.input_tokens
    assert usage.input_tokens > usage.requests * transcript_tokens  # every request resends the transcript prompt
    assert 0 < usage.cost_usd < 1
