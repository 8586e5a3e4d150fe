"""The message reader: exact machine formats as data, the learned kinds, and times stated inside messages."""

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.errors import ConfigError
from agent.models.message import Message
from agent.reading import READING_KINDS, read_messages
from agent.reading.context import NEXT_MESSAGES, ContextModel, context_features, context_model
from agent.reading.features import SHAPE_NAMES, message_features, reading_text
from agent.reading.machine import load_rules
from agent.reading.model import kind_model
from agent.reading.stated import clock_mentions, place, stated_times
from agent.transcript.zones import zone_from_token

REPO = Path(__file__).resolve().parent.parent
DEVSET = REPO.parent / "shared" / "devset"
UTC = dt.UTC


def _chat(lines: list[tuple[str, str, str]]) -> list[Message]:
    """(hh:mm, author, text) rows as parsed messages on one day, in UTC."""
    return [
        Message(line=i, end_line=i, time=dt.datetime(2026, 5, 4, int(t[:2]), int(t[3:]), tzinfo=UTC), author=a, text=x,
                kind="bot" if a.endswith("bot") or a in ("Alertmanager", "PagerDuty") else "chat")
        for i, (t, a, x) in enumerate(lines, 1)
    ]


# A small incident of our own writing, not in the training corpus.
INCIDENT = _chat([
    ("09:58", "deploy-bot", "ledger-api v5.12.0 rolled out to prod-eu (3/3 pods)"),
    ("10:04", "Alertmanager", "[FIRING:1] LedgerApiHighErrorRate ledger-api 5xx ratio 0.23 > 0.05"),
    ("10:05", "PagerDuty", "Triggered #90411 LedgerApiHighErrorRate, assigned to Noor Haddad"),
    ("10:06", "noor", "ack, looking"),
    ("10:07", "felix", "anyone else getting 502s from the ledger admin page? finance can't post entries"),
    ("10:12", "noor", "rolling back to v5.11.3, the new build is the only thing that changed"),
    ("10:19", "noor", "rollback finished, error ratio back to 0.1%, finance confirms posting works again"),
    ("10:20", "Alertmanager", "[RESOLVED] LedgerApiHighErrorRate ledger-api"),
    ("10:31", "felix", "lunch anyone? the thai place is open again"),
])


def test_machine_formats_are_read_by_the_rules_and_people_by_the_model():
    readings = read_messages(INCIDENT)
    assert [r.by_rule for r in readings] == [False, True, True, False, False, False, False, True, False]
    assert [readings[i].kind for i in (1, 2, 7)] == ["detection_alert", "page", "recovery"]
    assert all(r.kind in READING_KINDS for r in readings)
    assert readings[3].kind == "acknowledgement"
    assert readings[6].kind in ("mitigation", "recovery")
    assert readings[8].kind == "chatter"


def test_a_one_line_message_of_several_sentences_is_read_sentence_by_sentence():
    messages = _chat([("10:20", "Ana", "ack, on it. looks like the cert expired"),
                      ("10:40", "Ana", "Error rate back to normal. Resolving the incident."),
                      ("10:41", "Bo", "Rolled back, errors are gone")])
    first, second, third = read_messages(messages)
    assert {first.kind, *first.also} == {"acknowledgement", "hypothesis"}
    assert {second.kind, *second.also} == {"recovery", "resolution"}
    assert third.also == ()  # one sentence: nothing to read apart


def test_probabilities_are_a_distribution_and_identical_texts_read_alike():
    texts = ["rollback finished, errors gone", "anyone seeing 500s?", "rollback finished, errors gone"]
    features = message_features(texts, ["chat", "chat", "chat"], [0.5, 0.5, 0.5])
    assert features.shape.shape == (3, len(SHAPE_NAMES))
    probabilities = kind_model().probabilities(features)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert np.allclose(probabilities[0], probabilities[2]) and not np.allclose(probabilities[0], probabilities[1])


def test_the_reader_reads_who_wrote_a_system_message_and_only_what_a_person_wrote():
    # a tracker's "assigned to" and a pager's differ by who says them; a person's name says nothing of the kind
    jira, pager, person = _chat([("10:00", "Jira Cloud APP", "OPS-42 assigned to Noor Haddad"),
                                 ("10:01", "PagerDuty", "Triggered #90411, assigned to Noor Haddad"),
                                 ("10:02", "noor", "ack, looking")])
    assert [reading_text(m) for m in (jira, pager, person)] == [
        "Jira Cloud: OPS-42 assigned to Noor Haddad", "PagerDuty: Triggered #90411, assigned to Noor Haddad",
        "ack, looking"]


def test_uptime_monitors_down_and_up_are_exact_formats():
    messages = _chat([("12:58", "Pingdom", '"portal-login" DOWN: SSL certificate error'),
                      ("13:39", "Pingdom", '"portal-login" UP (down 41m 20s)'),
                      ("13:40", "deo", "hm backlog went UP again")])
    readings = read_messages(messages)
    assert [(r.kind, r.by_rule) for r in readings[:2]] == [("detection_alert", True), ("recovery", True)]
    assert not readings[2].by_rule  # a person's capitals are read by the model


def test_each_reading_is_seen_with_the_readings_around_it():
    readings = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6], [0.5, 0.4, 0.1]], dtype=np.float32)
    own, log, previous, following, before, after, soon = np.split(context_features(readings), 7, axis=1)
    assert np.array_equal(own, readings) and np.allclose(np.exp(log), readings, atol=1e-3)
    assert np.array_equal(previous[0], [0, 0, 0]) and np.array_equal(previous[2], readings[1])
    assert np.array_equal(following[3], [0, 0, 0]) and np.array_equal(following[0], readings[1])
    assert np.allclose(before[3], [0.7, 0.8, 0.6]) and np.array_equal(before[0], [0, 0, 0])
    assert np.allclose(after[0], [0.5, 0.8, 0.6]) and np.array_equal(after[3], [0, 0, 0])
    assert NEXT_MESSAGES >= 3 and np.array_equal(soon, after)  # four messages all sit within reach


def test_the_reading_in_context_keeps_the_message_s_own_reading_by_its_share():
    shipped = context_model()
    first = kind_model().probabilities(message_features([reading_text(m) for m in INCIDENT],
                                                        [m.kind for m in INCIDENT]))
    alone = ContextModel(shipped.classes, shipped.weights, shipped.bias, shipped.least_confidence, share=0.0)
    in_context = ContextModel(shipped.classes, shipped.weights, shipped.bias, shipped.least_confidence, share=1.0)
    assert np.allclose(alone.probabilities(first), first)
    assert np.allclose(in_context.probabilities(first).sum(axis=1), 1.0)
    assert not np.allclose(in_context.probabilities(first), first)
    assert 0.0 < shipped.share <= 1.0 and shipped.classes == kind_model().classes


def test_no_messages_no_readings():
    assert read_messages([]) == []
    features = message_features([], [])
    assert features.keys.size == 0 and features.meaning.shape[0] == 0


def test_a_broken_rule_file_names_the_field():
    with pytest.raises(ConfigError, match="kind"):
        load_rules("rules:\n  - {id: x, source: pager, pattern: 'ack', kind: not-a-kind, why: w}\n")
    with pytest.raises(ConfigError, match="pattern"):
        load_rules("rules:\n  - {id: x, source: pager, pattern: '(', kind: page, why: w}\n")
    with pytest.raises(ConfigError, match="source"):
        load_rules("rules:\n  - {id: x, source: email, pattern: 'a', kind: page, why: w}\n")


@pytest.mark.parametrize(("text", "clock"), [
    ("errors began around 10:45 PM", (10, 45, "p")),
    ("the deploy at 14:02 UTC", (14, 2, None)),
    ("from 07:31-08:34 nothing worked", (7, 31, None)),
    ("since 3am my time", (3, 0, "a")),
])
def test_clock_mentions(text, clock):
    first = clock_mentions(text)[0]
    assert (first.hour, first.minute, first.meridiem) == clock


def test_versions_dates_and_durations_are_not_clock_times():
    assert clock_mentions("bumped to v1.22.4 on 2026-05-04, took 45 minutes") == []


def test_a_time_said_in_another_zone_lands_on_the_message_clock():
    said_at = dt.datetime(2026, 5, 4, 3, 30, tzinfo=UTC)
    mention = clock_mentions("it started at 02:10 CET")[0]
    assert place(mention, said_at, said_at.date(), None) == dt.datetime(2026, 5, 4, 1, 10, tzinfo=UTC)


@pytest.mark.parametrize(("text", "utc"), [("it started at 20:30 IST", (15, 0)), ("Störung seit 07:00 MEZ", (6, 0)),
                                           ("errors from 14:10 NPT", (8, 25)), ("down since 9:05 PM ACDT", (10, 35))])
def test_zone_abbreviations_in_other_countries_and_languages(text, utc):
    said_at = dt.datetime(2026, 5, 4, 16, 0, tzinfo=UTC)
    placed = place(clock_mentions(text)[0], said_at, said_at.date(), None)
    assert (placed.hour, placed.minute) == utc


@pytest.mark.parametrize(("chat_zone", "utc"), [("Europe/Dublin", (0, 0)), ("Asia/Kolkata", (19, 30)), (None, (19, 30))])
def test_an_abbreviation_the_chats_own_zone_goes_by_names_that_zone(chat_zone, utc):
    """"IST" in a Dublin team's chat is Irish time, not India's; elsewhere the common reading stands."""
    said_at = dt.datetime(2026, 4, 2, 7, 9, tzinfo=UTC)
    own = ZoneInfo(chat_zone) if chat_zone else None
    placed = place(clock_mentions("0 messages since 01:00:12 IST")[0], said_at, said_at.date(), own)
    assert (placed.hour, placed.minute) == utc


def test_cst_in_a_shanghai_chat_is_china_standard_time():
    said_at = dt.datetime(2026, 4, 2, 7, 9, tzinfo=UTC)
    placed = place(clock_mentions("errors since 14:20 CST")[0], said_at, said_at.date(), ZoneInfo("Asia/Shanghai"))
    assert placed == dt.datetime(2026, 4, 2, 6, 20, tzinfo=UTC)


def test_ist_in_lower_case_is_the_german_word_not_a_zone():
    """"um 07:00 ist der Job gelaufen": the tokens after a log line's time are matched in any case, so only the
    capitals name India's zone."""
    assert zone_from_token("ist") is None
    assert zone_from_token("IST").utcoffset(None) == dt.timedelta(hours=5, minutes=30)
    assert zone_from_token("mez").utcoffset(None) == dt.timedelta(hours=1)


@pytest.mark.parametrize("text", ["reads between 01:06 and 01:24 UTC", "reads 01:06\u201301:24 UTC",
                                  "reads from 01:06 to 01:24 UTC"])
def test_the_zone_after_a_range_is_its_start_s_too(text):
    said_at = dt.datetime(2026, 5, 4, 2, 10, tzinfo=UTC)  # the chat's clock is CEST, two hours ahead
    start, end = (place(m, said_at, said_at.date(), dt.timezone(dt.timedelta(hours=2))) for m in clock_mentions(text))
    assert (start, end) == (dt.datetime(2026, 5, 4, 1, 6, tzinfo=UTC), dt.datetime(2026, 5, 4, 1, 24, tzinfo=UTC))


def test_a_zone_declared_for_the_times_of_a_message_applies_to_each():
    """"all times UTC" in a chat whose clock is two hours ahead: the times the message lists are UTC."""
    said_at = dt.datetime(2026, 5, 4, 1, 47, tzinfo=UTC)
    cest = dt.timezone(dt.timedelta(hours=2))
    said = "the errors started at 00:58"
    assert [s.time for s in stated_times(f"{said}, all times UTC", said_at, said_at.date(), cest)] == [
        dt.datetime(2026, 5, 4, 0, 58, tzinfo=UTC)]
    assert [s.time for s in stated_times(said, said_at, said_at.date(), cest)] == [
        dt.datetime(2026, 5, 3, 22, 58, tzinfo=UTC)]  # without the note: the chat's clock


class _Reads:
    """A stated-time model that reads each time as the kind given, in order (the rule under test is code's)."""

    def __init__(self, *kinds):
        self.classes = ["impact_start", "impact_end", "change", "recovery", "other"]
        self.kinds = kinds

    def probabilities(self, features, extras):
        rows = np.full((len(self.kinds), len(self.classes)), 0.05)
        for row, kind in zip(rows, self.kinds, strict=True):
            row[self.classes.index(kind)] = 0.8
        return rows


@pytest.mark.parametrize("read", [("recovery", "recovery"), ("impact_end", "impact_end"), ("other", "recovery"),
                                  ("impact_start", "impact_start")])
@pytest.mark.parametrize("text", ["impact window 19:05\u201319:26 per the RUM graphs",
                                  "customers saw errors from 19:05 to 19:26", "checkout failed between 19:05 and 19:26",
                                  "impact window 21/Apr 7:05 PM \u2192 21/Apr 7:26 PM", "errors 19:05 -> Tue 19:26"])
def test_a_range_bounding_the_impact_starts_at_its_first_time_and_ends_at_its_second(text, read, monkeypatch):
    monkeypatch.setattr("agent.reading.stated.stated_model", lambda: _Reads(*read))
    said_at = dt.datetime(2026, 4, 21, 19, 40)
    stated = stated_times(text, said_at, said_at.date(), None)
    assert [(s.kind, s.time.strftime("%H:%M")) for s in stated] == [("impact_start", "19:05"), ("impact_end", "19:26")]


def test_a_range_of_other_events_keeps_its_readings(monkeypatch):
    monkeypatch.setattr("agent.reading.stated.stated_model", lambda: _Reads("change", "change"))
    said_at = dt.datetime(2026, 4, 21, 19, 40)
    stated = stated_times("deploy window 19:05-19:26", said_at, said_at.date(), None)
    assert [s.kind for s in stated] == ["change", "change"]


def test_a_time_not_yet_come_today_is_yesterdays():
    said_at = dt.datetime(2026, 5, 4, 0, 40)
    mention = clock_mentions("looks like it began at 23:50")[0]
    assert place(mention, said_at, said_at.date(), None) == dt.datetime(2026, 5, 3, 23, 50)


@pytest.mark.parametrize(("text", "placed"), [
    ("the first bad row was written at 01:00:41", "01:00"),  # seconds: a log's 24-hour clock
    ("the first bad row was written at 01:00", "01:00"),  # a leading zero: 24-hour
    ("the first bad row was written at 1:00", "13:00"),  # said at 15:05, a bare 1:00 is most likely this afternoon
])
def test_a_time_written_on_a_24_hour_clock_is_never_read_as_afternoon(text, placed):
    said_at = dt.datetime(2026, 3, 3, 15, 5)
    assert place(clock_mentions(text)[0], said_at, said_at.date(), None).strftime("%H:%M") == placed


def test_a_retrospective_impact_start_is_dated_by_its_words():
    message = _chat([("11:20", "noor", "customers have been failing to log in since 10:02, before any alert")])[0]
    stated = stated_times(message.text, message.time, message.time.date(), None)
    assert [(s.kind, s.time.strftime("%H:%M")) for s in stated] == [("impact_start", "10:02")]


@given(st.text(alphabet=st.sampled_from(list("0123456789:apm APM-UTC+.h")), max_size=40))
def test_clock_mentions_never_crash_and_stay_inside_the_text(text):
    for mention in clock_mentions(text):
        assert 0 <= mention.start < mention.end <= len(text)
        assert 0 <= mention.hour <= 23 and 0 <= mention.minute <= 59


@pytest.mark.corpus
@pytest.mark.skipif(not DEVSET.is_dir(), reason="../shared/devset is absent")
def test_the_training_corpus_shares_no_sentence_with_the_development_set():
    """The dev set measures transcripts nobody trained on: no run of 10 words of it may appear in the corpus (two
    transcripts that did were dropped)."""
    words = re.compile(r"[a-z0-9']+")
    # a chat app's own fixed notice (WhatsApp's and Signal's encryption banner) is in every export of that app:
    # it is the tool's text, not a writer's sentence
    app_notice = re.compile(r"(?im)^.*end-to-end encrypted\. only people in this chat.*$")
    corpus = " ".join(
        " ".join(words.findall(app_notice.sub("", path.read_text(encoding="utf-8").lower())))
        for path in (REPO / "evals" / "training" / "messages").rglob("transcript.txt")
    )
    runs = set()
    for path in DEVSET.rglob("transcript*"):
        tokens = words.findall(path.read_text(encoding="utf-8", errors="replace").lower())
        runs.update(" ".join(tokens[i:i + 10]) for i in range(0, max(len(tokens) - 10, 0), 2))
    shared = [run for run in runs if run in corpus]
    assert not shared, shared[:5]


@pytest.mark.xfail(strict=True, reason="a reader miss measured on our own fixture (reader retrained in session 6 on 412 "
                   "transcripts): 'Rollback is done, error rate is back to normal' is read as chatter (0.32, recovery "
                   "runner-up) and the rollback itself as a decision")
def test_a_spoken_rollback_and_its_recovery_are_read(fixtures_dir):
    from agent.transcript import load_transcript

    transcript = load_transcript(str(fixtures_dir / "transcripts" / "zoom-recording.vtt"), today=dt.date(2026, 3, 12))
    kinds = [reading.kind for reading in read_messages(transcript.messages)]
    assert "mitigation" in kinds and "recovery" in kinds
