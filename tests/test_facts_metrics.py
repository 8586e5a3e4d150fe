"""Metrics by code with the SPEC definitions; unknown ones are null with a reason, never guessed."""

from datetime import UTC, date, datetime, timedelta

from agent.facts import compute_metrics, extract_facts
from agent.models import TimelineEvent
from test_facts_chat import chat, reading_by, stating

T0 = datetime(2026, 3, 10, 14, 0)


def event(minute: int, kind: str, *, zone=None, certainty="fact") -> TimelineEvent:
    time = (T0 + timedelta(minutes=minute)).replace(tzinfo=zone)
    return TimelineEvent(time=time, kind=kind, event=kind, source_lines=[minute + 1], certainty=certainty)


def test_all_five_durations():
    timeline = [
        event(2, "change"), event(5, "impact_start"), event(9, "detection_alert"), event(12, "acknowledgement"),
        event(27, "mitigation_failed"), event(38, "mitigation"), event(41, "recovery"), event(52, "resolution"),
    ]
    m = compute_metrics(timeline)
    assert (m.ttd_minutes, m.tta_minutes, m.ttm_minutes, m.ttr_minutes, m.ttc_minutes) == (4, 3, 33, 36, 47)
    assert m.unknown == {}


def test_explicit_impact_start_argument_wins():
    m = compute_metrics([event(5, "impact_start"), event(9, "detection_report")], explicit_impact_start=T0 + timedelta(minutes=1))
    assert m.impact_start == T0 + timedelta(minutes=1) and m.ttd_minutes == 8


def test_detection_is_the_first_alert_page_or_report():
    m = compute_metrics([event(0, "impact_start"), event(7, "detection_report"), event(9, "detection_alert")])
    assert m.detected == T0 + timedelta(minutes=7)


def test_a_report_nobody_answers_is_not_the_detection():
    # a remark misread as a report at 14:00 starts no response; the alert at 15:10 is answered within minutes
    m = compute_metrics([event(0, "detection_report"), event(70, "detection_alert"), event(73, "acknowledgement"),
                         event(80, "mitigation"), event(85, "recovery")])
    assert m.detected == T0 + timedelta(minutes=70) and m.tta_minutes == 3


def test_a_report_answered_late_is_the_detection_when_the_answer_is_the_next_thing_to_happen():
    # "anyone seeing this?" at 14:00, nothing else until "looking" at 14:49: a late answer, but its answer
    m = compute_metrics([event(0, "detection_report"), event(49, "acknowledgement"), event(55, "detection_report"),
                         event(80, "mitigation"), event(85, "recovery")])
    assert m.detected == T0 and m.tta_minutes == 49
    # answered only after two hours, or after another signal came in first, it is not
    too_late = compute_metrics([event(0, "detection_report"), event(130, "acknowledgement"), event(140, "detection_alert"),
                                event(142, "mitigation")])
    assert too_late.detected == T0 + timedelta(minutes=140)  # answered after 130 min, the report stood unanswered
    overtaken = compute_metrics([event(0, "detection_report"), event(45, "detection_alert"), event(47, "acknowledgement")])
    assert overtaken.detected == T0 + timedelta(minutes=45)


def test_when_no_detection_is_answered_the_first_one_stands():
    m = compute_metrics([event(0, "detection_report"), event(70, "detection_alert"), event(150, "recovery")])
    assert m.detected == T0


def test_without_a_stated_start_detection_stands_in_and_ttd_is_unknown():
    m = compute_metrics([event(1, "change"), event(9, "detection_alert"), event(20, "mitigation")])
    assert m.impact_start == m.detected == T0 + timedelta(minutes=9)
    assert m.ttd_minutes is None
    assert "impact began between the change at 14:01 (local, zone unknown) and detection" in m.unknown["ttd_minutes"]
    assert m.ttm_minutes == 11


def test_missing_endpoints_are_null_with_reasons():
    m = compute_metrics([event(0, "impact_start"), event(4, "detection_alert")])
    assert m.ttd_minutes == 4
    for name in ("acknowledged", "mitigated", "recovered", "resolved", "tta_minutes", "ttm_minutes", "ttr_minutes", "ttc_minutes"):
        assert m.unknown[name], name
        assert getattr(m, name) is None


def test_empty_timeline_is_all_unknown():
    m = compute_metrics([])
    assert m.impact_start is None and "no statement" in m.unknown["impact_start"]
    assert m.ttc_minutes is None and m.unknown["ttc_minutes"]


def test_ack_must_follow_detection():
    m = compute_metrics([event(0, "acknowledgement"), event(3, "detection_report"), event(8, "acknowledgement")])
    assert m.tta_minutes == 5


def test_mitigation_that_worked_is_the_one_after_the_last_failure():
    timeline = [event(0, "impact_start"), event(10, "mitigation"), event(15, "mitigation_failed"), event(25, "mitigation")]
    assert compute_metrics(timeline).ttm_minutes == 25
    m = compute_metrics([event(0, "impact_start"), event(10, "mitigation"), event(15, "mitigation_failed")])
    assert m.ttm_minutes is None and "after the failed attempt at 14:15" in m.unknown["mitigated"]


def test_mitigation_that_worked_is_the_last_one_before_the_final_recovery():
    timeline = [event(0, "impact_start"), event(10, "mitigation"), event(20, "mitigation"), event(30, "recovery"),
                event(40, "mitigation")]
    assert compute_metrics(timeline).ttm_minutes == 20
    without_recovery = [event(0, "impact_start"), event(10, "mitigation"), event(20, "mitigation")]
    assert compute_metrics(without_recovery).ttm_minutes == 10  # no recovery: the first one counts


def test_recovery_counts_only_when_no_alert_fires_after_it():
    timeline = [event(0, "impact_start"), event(5, "detection_alert"), event(10, "recovery"), event(12, "detection_alert"),
                event(30, "recovery")]
    assert compute_metrics(timeline).ttr_minutes == 30
    m = compute_metrics(timeline[:4])
    assert m.ttr_minutes is None and "continued after the last recovery" in m.unknown["recovered"]


def test_end_before_start_is_reported_not_negative():
    m = compute_metrics([event(30, "impact_start"), event(10, "detection_alert")])
    assert m.ttd_minutes is None and "before impact start" in m.unknown["ttd_minutes"]


def test_aware_times_work_and_mixed_zones_are_never_subtracted():
    utc = UTC
    m = compute_metrics([event(0, "impact_start", zone=utc), event(6, "detection_alert", zone=utc)])
    assert m.ttd_minutes == 6
    mixed = compute_metrics([event(0, "impact_start", zone=utc), event(6, "detection_alert")])
    assert mixed.ttd_minutes is None and "zone" in mixed.unknown["ttd_minutes"]
    explicit = compute_metrics([event(6, "detection_alert")], explicit_impact_start=T0.replace(tzinfo=utc))
    assert explicit.ttd_minutes is None and "zone" in explicit.unknown["ttd_minutes"]


def test_untimed_events_are_ignored():
    timeline = [TimelineEvent(time=None, kind="detection_alert", event="x", source_lines=[1]), event(4, "detection_report")]
    assert compute_metrics(timeline).detected == T0 + timedelta(minutes=4)


def test_seconds_give_fractional_minutes():
    timeline = [event(0, "impact_start"), TimelineEvent(time=T0 + timedelta(seconds=90), kind="page", event="p", source_lines=[2])]
    assert compute_metrics(timeline).ttd_minutes == 1.5


def untimed(line: int, kind: str) -> TimelineEvent:
    return TimelineEvent(time=None, kind=kind, event=kind, source_lines=[line])


def test_an_event_without_a_time_is_reported_as_found_not_missing():
    m = compute_metrics([untimed(3, "detection_report"), untimed(9, "mitigation"), untimed(12, "resolution")])
    assert m.unknown["mitigated"] == "a mitigation was found (line 9), but its message carries no time"
    assert m.unknown["detected"] == "a user report was found (line 3), but its message carries no time"
    assert "the detection that would stand in for it: a user report was found (line 3)" in m.unknown["impact_start"]
    assert "carries no time" in m.unknown["resolved"]
    assert m.unknown["recovered"] == "no recovery (alert recovered, metrics back to normal) in the transcript"


def test_a_timed_event_still_wins_over_an_untimed_one():
    m = compute_metrics([event(0, "impact_start"), untimed(2, "mitigation"), event(20, "mitigation")])
    assert m.ttm_minutes == 20 and "mitigated" not in m.unknown


def test_a_recording_without_a_known_start_names_what_it_found(fixtures_dir):
    from agent.facts import extract_facts
    from agent.transcript import load_transcript

    transcript = load_transcript(str(fixtures_dir / "transcripts" / "zoom-recording.vtt"), today=date(2026, 3, 12))
    # what each line reports is given (the reader's judgement is tested in test_reading): this is about reasons
    read = {"got paged": "detection_report", "looking at it": "acknowledgement", "rolling back": "mitigation",
            "back to normal": "recovery", "declaring this resolved": "resolution"}
    with reading_by(read):
        m = extract_facts(transcript, today=date(2026, 3, 12)).metrics
    assert m.mitigated is None and m.ttm_minutes is None
    assert "found" in m.unknown["mitigated"] and "carries no time" in m.unknown["mitigated"]
    assert "no successful mitigation" not in m.unknown["mitigated"]
    assert "carries no time" in m.unknown["detected"] and "carries no time" in m.unknown["resolved"]


def test_metrics_from_a_paused_job_restored_rows_and_a_start_stated_afterwards():
    transcript = chat(
        "14:00|Bo Chen|running the archive cleanup on orders-db\n"
        "14:09|Ana Lima|weird: the order page returns 404 for an order from Monday\n"
        "14:10|Bo Chen|looking\n"
        "14:14|Bo Chen|cleanup job paused, nothing else will be deleted\n"
        "14:40|Bo Chen|import done. 3,400 rows back, totals match the backup\n"
        "14:45|Ana Lima|closing the incident\n"
        "14:50|Ana Lima|for the review: the first batch landed at 14:02, that's when the impact started"
    )
    read = {"archive cleanup": "change", "weird:": "detection_report", "looking": "acknowledgement",
            "paused": "mitigation", "rows back": "recovery", "closing the incident": "resolution",
            "impact started": "impact_start"}
    with reading_by(read), stating({"impact started": "impact_start"}):
        metrics = extract_facts(transcript, today=date(2026, 3, 12)).metrics
    durations = (metrics.ttd_minutes, metrics.tta_minutes, metrics.ttm_minutes, metrics.ttr_minutes, metrics.ttc_minutes)
    assert durations == (7, 1, 12, 38, 43)


def test_an_acknowledgement_before_any_alert_answers_the_problem_raised_before_it():
    # "@oncall something is broken" (read as an escalation) at 14:00, "on it" at 14:01, a user report at 14:24
    m = compute_metrics([event(0, "escalation"), event(1, "acknowledgement"), event(24, "detection_report")])
    assert m.detected == T0 and m.acknowledged == T0 + timedelta(minutes=1) and m.tta_minutes == 1


def test_an_acknowledgement_with_no_signal_before_it_is_still_the_acknowledgement():
    # the metrics never deny a moment the timeline states: TTA is unknown and says why
    m = compute_metrics([event(0, "acknowledgement"), event(10, "mitigation")])
    assert m.acknowledged == T0 and m.tta_minutes is None and m.unknown["tta_minutes"] == "detected is unknown"
    late = compute_metrics([event(0, "acknowledgement"), event(5, "detection_report")])
    assert late.acknowledged == T0 and "is before detected" in late.unknown["tta_minutes"]


def test_a_failure_reported_after_a_recovery_with_no_new_attempt_undoes_nothing():
    timeline = [event(0, "impact_start"), event(10, "mitigation"), event(14, "recovery"), event(30, "mitigation_failed")]
    m = compute_metrics(timeline)
    assert (m.ttm_minutes, m.ttr_minutes) == (10, 14)
    relapse = [*timeline[:3], event(20, "mitigation"), event(30, "mitigation_failed")]
    assert compute_metrics(relapse).recovered is None  # a new attempt after the recovery, and it failed


def test_nothing_recovers_or_is_mitigated_before_the_incident_began():
    """A stated end misread as a recovery before the impact started (an "impact window" line's start) ends nothing:
    the recovery is the first one after the start."""
    timeline = [event(-600, "recovery"), event(-590, "mitigation"), event(0, "impact_start"), event(10, "detection_report"),
                event(40, "mitigation"), event(45, "recovery")]
    metrics = compute_metrics(timeline)
    assert (metrics.ttm_minutes, metrics.ttr_minutes) == (40, 45)


def test_an_end_before_a_stated_start_is_no_end_but_one_before_the_stand_in_detection_is_kept():
    # A stated start bounds the incident: a recovery misplaced before it is no recovery.
    stated = compute_metrics([event(0, "recovery"), event(5, "impact_start"), event(9, "detection_alert"),
                              event(30, "mitigation"), event(40, "recovery")])
    assert (stated.mitigated, stated.recovered) == (T0 + timedelta(minutes=30), T0 + timedelta(minutes=40))
    # Without one, the first detection only stands in for the start: a fix reported before anyone's report is still
    # the record's mitigation (the document must not call it missing while its timeline shows it); the duration
    # from the stand-in cannot be measured and says why.
    m = compute_metrics([event(10, "mitigation"), event(20, "detection_report"), event(22, "acknowledgement")])
    assert m.mitigated == T0 + timedelta(minutes=10) and m.ttm_minutes is None
    assert "before" in m.unknown["ttm_minutes"]


def test_the_relapse_that_leaves_the_end_of_impact_unknown_is_named():
    from agent.facts.metrics import relapse_after_recovery

    relapsed = [event(0, "detection_alert"), event(5, "mitigation"), event(9, "recovery"), event(20, "mitigation"),
                event(24, "mitigation_failed"), event(30, "communication")]
    assert compute_metrics(relapsed).recovered is None
    assert relapse_after_recovery(relapsed) == 4
    recovered_again = [*relapsed, event(40, "recovery")]
    assert relapse_after_recovery(recovered_again) is None  # the end of impact is known: nothing to explain
    never_recovered = [event(0, "detection_alert"), event(5, "mitigation"), event(24, "mitigation_failed")]
    assert relapse_after_recovery(never_recovered) is None  # no recovery was undone
    alert_again = [event(0, "detection_alert"), event(9, "recovery"), event(15, "detection_alert")]
    assert relapse_after_recovery(list(reversed(alert_again))) == 0  # in time order, whatever the given order
