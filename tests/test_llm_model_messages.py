"""The model view converts messages on first use; spans, compaction and evidence read the same as eagerly."""

from datetime import date, datetime, timedelta

from agent.llm.budget import compact_transcript
from agent.llm.evidence import Evidence
from agent.llm.model_messages import ModelMessages, source_spans
from agent.models import Facts, Message

START = datetime(2026, 3, 10, 14, 0)


def chat(count: int) -> list[Message]:
    return [
        Message(line=2 * n + 1, end_line=2 * n + 2, time=START + timedelta(seconds=n), author="Priya Raman",
                text=f"Priya Raman: restarted pod {n} of checkout-api, latency still {200 + n} ms")
        for n in range(count)
    ]


def as_role(message: Message) -> Message:
    return message.model_copy(update={"author": "the on-call engineer",
                                      "text": message.text.replace("Priya Raman", "the on-call engineer")})


def counting(converted: list[int]):
    def convert(message: Message) -> Message:
        converted.append(message.line)
        return as_role(message)

    return convert


def test_messages_are_converted_once_on_first_use_and_spans_need_none():
    converted: list[int] = []
    messages = ModelMessages(chat(5), counting(converted))
    assert source_spans(messages) == [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)] and converted == []
    assert messages[-1].author == "the on-call engineer" and messages[4] is messages[-1]
    assert [m.line for m in messages[1:3]] == [3, 5]
    assert converted == [9, 3, 5]
    assert len(messages) == 5 and "Priya" not in " ".join(m.text for m in messages)


def test_compaction_of_a_lazy_view_matches_the_eager_one_and_converts_only_what_it_keeps():
    raw = chat(3_000)
    converted: list[int] = []
    lazy = compact_transcript(ModelMessages(raw, counting(converted)), [101, 3001], budget=2_000)
    eager = compact_transcript([as_role(m) for m in raw], [101, 3001], budget=2_000)
    assert lazy == eager and lazy.compacted
    assert len(converted) < len(raw) // 4, "a long channel's prompt must not convert every message"


def test_evidence_reads_cited_lines_in_model_space_without_converting_the_rest():
    converted: list[int] = []
    messages = ModelMessages(chat(1_000), counting(converted))
    evidence = Evidence.from_messages(messages, Facts(), today=date(2026, 3, 10))
    assert converted == []
    assert evidence.texts([8]) == ["the on-call engineer: the on-call engineer: restarted pod 3 of checkout-api, "
                                   "latency still 203 ms"]
    assert evidence.quoted(7, "latency still 203 ms") and not evidence.quoted(7, "latency still 204 ms")
    assert converted == [7]
