"""Numbers in messages: found and valued by code (number_formats.yaml), judged as impact figures by the model."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.errors import ConfigError
from agent.reading.figures import COUNTS, FIGURE_KINDS, load_formats, number_mentions, read_figures


def found(text: str) -> list[tuple[str, float, str | None, bool, float | None]]:
    return [(text[m.start:m.end], m.value, m.currency, m.percent, m.span_minutes) for m in number_mentions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("about 2,340 checkout attempts failed", [("2,340", 2340, None, False, None)]),
        ("we lost $48k in orders", [("$48k", 48000, "USD", False, None)]),
        ("refunds came to 4000 EUR", [("4000 EUR", 4000, "EUR", False, None)]),
        ("Rp 23,5 juta hilang", [("Rp 23,5 juta", 23_500_000, "IDR", False, None)]),
        ("1.880 kurir tidak bisa login", [("1.880", 1880, None, False, None)]),  # a dot groups thousands
        ("R$ 12.500,00 em estornos", [("R$ 12.500,00", 12500, "BRL", False, None)]),
        ("41 212 commandes bloquées", [("41 212", 41212, None, False, None)]),
        ("peak error rate 18.2%", [("18.2%", 18.2, None, True, None)]),
        ("down for 45m, then 2 hours of slow logins", [("45m", 45, None, False, 1.0), ("2 hours", 2, None, False, 60.0)]),
        ("5m users saw it", [("5m", 5_000_000, None, False, None)]),  # before a word, m is millions
        ("45 Minuten keine Zahlungen", [("45 Minuten", 45, None, False, 1.0)]),
    ],
)
def test_numbers_are_found_with_their_shape_and_value(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "deployed v2.3.1 to 10.0.0.1 at 14:05",  # a version, an address, a clock time
        "see PR-123 and #4521, opened 2026-03-12, due 12/03",  # ids and dates
        "the 500s and 5xx are back, 3pm standup moved",  # status codes and a time
        "dashboard at https://grafana.example.com/d/8812/checkout?from=1700000000",  # a link
    ],
)
def test_times_dates_versions_ids_and_links_are_not_numbers(text):
    assert number_mentions(text) == []


_SEPARATORS = {",": ".", ".": ","}


@given(st.integers(min_value=1000, max_value=999_999_999), st.sampled_from([",", ".", " "]),
       st.sampled_from(["", "about ", "~", "(", "$", "€ "]), st.sampled_from(["", " users", "k", ")", " EUR", "."]))
def test_grouped_thousands_read_as_written(number, separator, before, after):
    written = f"{number:,}".replace(",", separator)
    text = f"we saw {before}{written}{after} and moved on"
    mentions = number_mentions(text)
    assert len(mentions) == 1
    scale = 1000 if after == "k" else 1
    assert mentions[0].value == number * scale


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200))
def test_any_text_gives_numbers_inside_it_with_a_digit(text):
    for mention in number_mentions(text):
        assert 0 <= mention.start < mention.end <= len(text)
        assert any(ch.isdigit() for ch in text[mention.start:mention.end])
        assert mention.value >= 0


def test_a_broken_formats_file_names_the_field():
    with pytest.raises(ConfigError, match="multipliers"):
        load_formats("currencies: {USD: ['$']}\nmultipliers: {k: lots}\nspans: {min: 1}\n", "broken.yaml")
    with pytest.raises(ConfigError, match="spans"):
        load_formats("currencies: {USD: ['$']}\nmultipliers: {k: 1000}\n", "broken.yaml")


def figures(text: str) -> list[tuple[float, str]]:
    return [(figure.value, figure.kind) for figure in read_figures([text])[0]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("impact from the order logs: about 2,340 checkout attempts failed", [(2340, "requests")]),
        ("finance says roughly $48,000 in orders were delayed", [(48000, "money")]),
        ("peak error rate was 18% at 6:02", [(18, "percent")]),
        ("1,320 technicians couldn't load their job lists", [(1320, "users")]),
        ("for the review: 3,100 customers hit an empty page", [(3100, "customers")]),  # the word names the unit
        ("numbers: about 142k join attempts failed and ~37k players gave up", [(142000, "requests"), (37000, "users")]),
    ],
)
def test_impact_figures_are_read_with_what_they_count(text, expected):
    assert figures(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "dashboards on the big tv. login-svc 38 pods, all green, p95 210ms",
        "deploying checkout-api with max connections 50 -> 10",
        "give me 10 min to check the replica",
        "rollback is at 40% of nodes, 3 of 10 regions done",
        "disk on db-2 at 91%, CPU 76%",
    ],
)
def test_settings_readings_progress_and_waits_are_not_impact(text):
    assert figures(text) == []


def test_texts_are_read_together_in_order_and_repeats_agree():
    texts = ["about 2,340 checkout attempts failed", "38 pods green", "about 2,340 checkout attempts failed"]
    read = read_figures(texts)
    assert [[figure.kind for figure in one] for one in read] == [["requests"], [], ["requests"]]
    assert read_figures([]) == []


def test_every_figure_kind_is_a_unit_or_none():
    assert set(COUNTS) < set(FIGURE_KINDS) and FIGURE_KINDS[-1] == "none"


def test_a_text_reads_the_same_alone_and_in_any_batch():
    first = "about 142k join attempts failed and ~37k players gave up"
    second = "peak error rate was 61% at 14:44"

    def seen(batch):  # float32 sums differ in the last digits with the batch's order
        return [[(f.mention.start, f.kind, f.value, round(f.confidence, 4)) for f in one] for one in read_figures(batch)]

    alone = [seen([text])[0] for text in (first, second)]
    assert seen([first, first, second]) == [alone[0], alone[0], alone[1]]
    assert seen([second, first]) == [alone[1], alone[0]]
