"""The answer parsers of `postmortem facilitate`: examples of our own, arbitrary text never crashes, and what is
written in the documented forms reads back field for field."""

import io
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from agent.facilitation import analysis, classify, people, plans
from agent.facilitation.framing import blame_framing
from agent.facilitation.reader import AnswerReader
from agent.facilitation.timeline import typed_events

TODAY = date(2026, 3, 11)
# Words that are not dates, labels, vague patterns, blame or zone names, so fields built from them stay intact.
WORDS = st.sampled_from(
    "pool cache index replica queue checkout search export disk alert latency shard region flag worker budget "
    "ratio page limit rollout canary schema backup quota token rotation".split()
)
NAMES = st.sampled_from(["Ana Diaz", "Ben Okoye", "Chiara Russo", "Dmitri Volkov", "Esi Mensah", "Farah Haddad"])
DAYS = st.integers(min_value=1, max_value=300).map(lambda n: TODAY + timedelta(days=n))


def phrase(min_words: int = 2):
    return st.lists(WORDS, min_size=min_words, max_size=7).map(" ".join)


def lines(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.split("\n"), start=1))


def test_roles_in_the_forms_people_write_them():
    found = people.parse_roles(lines("Facilitator: Ana Diaz\nBen Okoye (scribe)\nChiara decides, IC: Dmitri"))
    assert {(r.role, r.name) for r in found} == {
        ("facilitator", "Ana Diaz"), ("scribe", "Ben Okoye"), ("decision owner", "Chiara"), ("incident commander", "Dmitri")}
    assert people.names_to_avoid(lines("No account ids. Names to leave out: Esi Mensah, Farah")) == ["Esi Mensah", "Farah"]


def test_short_answers_are_classified():
    assert classify.review_type(lines("our Q3 OKR period")) == "okr"
    assert classify.still_active(lines("No, still degraded in eu-west")) and not classify.still_active(lines("Yes, stable"))
    assert classify.incident_date(lines("10 March"), TODAY) == date(2026, 3, 10)
    assert classify.incident_date(lines("December 30"), TODAY) == date(2025, 12, 30)  # reviews look back
    assert classify.time_zone(lines("2026-03-10, times in Europe/Berlin")) == "Europe/Berlin"
    assert classify.severity(lines("it was a P1")).level == "SEV1"


TYPED_TIMELINE = [(7, "09:58 change: flag switched the cache off"), (8, "10:03 impact start: latency above 3 s"),
                  (9, "10:07 we got paged by the latency alert"), (10, "10:19 hypothesis: the index is cold")]


def test_typed_timeline_lines_become_events_with_kinds_and_zone():
    notes: list[str] = []
    events, _zone = typed_events(TYPED_TIMELINE, anchor=date(2026, 3, 17), zone="UTC", today=TODAY, notes=notes)
    assert [(e.kind, e.source_lines, e.time.strftime("%H:%M")) for e in events][:2] == [
        ("change", [7], "09:58"), ("impact_start", [8], "10:03")]
    assert events[-1].certainty == "hypothesis" and all(e.time.tzinfo is not None for e in events)
    assert [e.source_lines for e in events] == [[7], [8], [9], [10]]


def test_a_typed_line_saying_the_page_came_is_a_page():
    # a reader miss kept as a strict expected failure from session 7 to 10 ('we got paged by the latency alert' read
    # as an acknowledgement); read as the page since the reader reads each line among the lines around it
    events, _zone = typed_events(TYPED_TIMELINE, anchor=date(2026, 3, 17), zone="UTC", today=TODAY, notes=[])
    assert any(e.kind in ("detection_alert", "page") for e in events if e.source_lines == [9])


@given(st.text(max_size=300))
def test_arbitrary_text_never_crashes_a_parser(text):
    answer = lines(text)
    notes: list[str] = []
    people.parse_roles(answer)
    people.names_to_avoid(answer)
    classify.review_type(answer)
    classify.still_active(answer)
    classify.severity(answer)
    classify.incident_date(answer, TODAY)
    classify.time_zone(answer)
    classify.confidence(text)
    blame_framing(text)
    for parse in (analysis.factors, analysis.whys, analysis.hypotheses, analysis.learnings, analysis.observations,
                  plans.triggers):
        parse(answer, notes)
    plans.actions(answer, TODAY, notes)
    typed_events(answer, anchor=TODAY, zone=None, today=TODAY, notes=notes)


@given(st.text(max_size=200), st.lists(st.sampled_from(["", "/paste", "/end", "/skip", "/done", "/quit"]), max_size=6))
def test_the_reader_always_ends_and_never_drops_typed_text(text, commands):
    stream = io.StringIO("\n".join([text, *commands]))
    reader = AnswerReader(stream)
    replies = []
    for _ in range(200):
        reply = reader.read()
        replies.append(reply)
        if reply.kind in ("quit", "done"):
            break
    assert replies[-1].kind in ("quit", "done", "skip", "pass", "answer", "paste")
    kept = " ".join(r.text for r in replies)
    for word in text.split():
        if not word.startswith("/"):
            assert word in kept


@given(phrase(3), NAMES, DAYS, phrase(3), DAYS, st.sampled_from(["", " — P1", " — P3"]))
def test_actions_round_trip(action, owner, due, signal, follow_up, priority):
    notes: list[str] = []
    line = f"{action.capitalize()} — {owner} — {due.isoformat()} — {signal} — {follow_up.isoformat()}{priority}"
    [item] = plans.actions([(4, line)], TODAY, notes)
    assert (item.action, item.owner, item.due, item.success_signal, item.follow_up) == (
        action.capitalize(), owner, due, signal, follow_up)
    assert item.priority == (priority.strip(" —") or None) and item.source_lines == [4] and notes == []


@given(phrase(2), phrase(1), phrase(2), phrase(2), NAMES)
def test_triggers_round_trip_and_labels_may_come_in_any_order(signal, window, threshold, action, owner):
    positional = plans.parse_trigger(f"{signal} — {window} — {threshold} — {action} — {owner}")
    labelled = plans.parse_trigger(f"{signal} | owner: {owner} | then: {action} | threshold: {threshold} | window: {window}")
    expected = (signal, window, threshold, action, owner)
    for trigger in (positional, labelled):
        assert (trigger.signal, trigger.window, trigger.threshold, trigger.action, trigger.owner) == expected


@given(st.sampled_from(["People", "Process", "Product", "Tech", "Comms", "Environment"]), phrase(3), phrase(3), phrase(2))
def test_factors_round_trip(cluster, factor, why, fix):
    parsed = analysis.parse_factor(f"{cluster}: {factor} — made sense because {why} — fix: {fix}", 12)
    assert parsed.cluster == cluster
    assert parsed.factor == f"{factor.capitalize()}." or parsed.factor == f"{factor[0].upper()}{factor[1:]}."
    assert parsed.why_it_made_sense == f"{why[0].upper()}{why[1:]}."
    assert parsed.fix_direction == f"{fix[0].upper()}{fix[1:]}" and parsed.source_lines == [12]


@given(st.lists(st.tuples(st.sampled_from(["facilitator", "scribe", "decision owner", "incident commander"]), NAMES),
                min_size=1, max_size=4, unique_by=lambda pair: pair[0]))
def test_roles_round_trip(pairs):
    text = "\n".join(f"{role}: {name}" for role, name in pairs)
    assert {(r.role, r.name) for r in people.parse_roles(lines(text))} == set(pairs)
