"""Each blame rule, both ways: a sentence it must flag (with the rule id) and a close neighbour it must not."""

import pytest

from agent.grading.blame import lint_sentence, lint_text


def rules_in(sentence: str) -> set[str]:
    return {finding.rule for finding in lint_sentence(sentence)}


FLAGGED = [
    ("The release engineer should have run the smoke tests first.", "counterfactual-should-have"),
    ("We should've paged the storage team straight away.", "counterfactual-should-have"),
    ("The expired token should have been noticed in the weekly review.", "counterfactual-should-have-been"),
    ("The operator could have stopped the rollout at the first error.", "counterfactual-person"),
    ("Had the reviewer opened the dashboard, the spike would have been obvious.", "counterfactual-person"),
    ("If only the queue had been drained before the cut-over.", "if-only"),
    ("The root cause was human error during the failover.", "human-error-cause"),
    ("Operator error on the router config took the site down.", "human-error-cause"),
    ("An engineer fat-fingered the region name.", "human-error-cause"),
    ("The developer forgot to bump the schema version.", "forgot"),
    ("A careless edit to the proxy rules blocked all uploads.", "careless-judgement"),
    ("I hard-coded my own token in an act of laziness.", "careless-judgement"),
    ("The reviewer misjudged how much traffic the endpoint carries.", "misjudged"),
    ("It was negligent to leave the debug flag on in production.", "careless-judgement"),
    ("The contractor was too lazy to write a rollback plan.", "judgement-word-person"),
    ("Anyone with that much access should know better.", "judgement-of-person"),
    ("All she had to do was read the banner.", "judgement-of-person"),
    ("The reviewer simply approved it.", "minimising-person"),
    ("The on-call engineer ignored the low-disk warning.", "ignored"),
    ("The platform team failed to announce the deprecation.", "failed-to-person"),
    ("The responder was too slow to roll back.", "too-slow-person"),
    ("The change was merged without being thorough about edge cases.", "not-thorough"),
    ("The approver merged it without reading the diff.", "acted-without-checking"),
    ("The admin deleted the wrong volume during clean-up.", "slip-by-person"),
    ("The operator mistakenly restarted every node at once.", "slip-by-person"),
    ("The release manager really messed up the config again.", "botched-by-person"),
    ("He broke prod with that migration.", "botched-by-person"),
    ("Why didn't the on-call engineer escalate sooner?", "why-or-who-question"),
    ("Who is responsible for this mess?", "why-or-who-question"),
    ("The pager went off eleven times overnight, which is ridiculous.", "animated-language"),
    ("We got through the whole night on one replica!!!", "animated-language"),
    ("It was the vendor team's fault.", "blame-or-shame"),
    ("Engineers need to be more careful with production credentials.", "people-focused-fix"),
    ("The billing team didn't tell us about the new field.", "other-team-omission"),
    ("The data team is not prioritising the backlog of broken exports.", "neglect"),
    ("The outage was caused by an engineer running the cleanup job twice.", "person-as-cause"),
    ("The intern took down checkout on a Friday evening.", "person-as-cause"),
    ("Management blames the storage team for the slow restore.", "blame-or-shame"),
    ("The responder was reprimanded the next morning.", "blame-or-shame"),
    ("It was his mistake, plain and simple.", "blame-or-shame"),
    # the judgement and exasperation families, in our own words
    ("Honestly the new hire was out of his depth on the failover.", "judgement-of-person"),
    ("The approver did not know what he was doing.", "judgement-of-person"),
    ("Anyone who skips the canary gets what they deserved.", "judgement-of-person"),
    ("Serves them right for skipping staging.", "judgement-of-person"),
    ("Ugh, the pager went off again at 3 a.m.", "animated-language"),
    ("Come on! The same alert fired twice.", "animated-language"),
    ("The backups were deleted before the restore was tested, unbelievable.", "animated-language"),
    ("The reviewer's absurd call let the change through.", "animated-language"),
    # passive blame of teams and judged inaction
    ("The mobile teams still haven't followed the runbook for rotating signing keys.", "guidance-not-followed"),
    ("Two squads have yet to adopt the new deployment guidelines.", "guidance-not-followed"),
    ("After the page was acknowledged, nothing was done until the morning shift arrived.", "inaction"),
    ("Nobody picked it up over the weekend.", "inaction"),
]

NOT_FLAGGED = [
    "The schema migration messed up the index statistics.",
    "The deploy broke prod for eleven minutes.",
    "The release pipeline should run the smoke tests before promoting a build.",  # forward-looking
    "The alert should have fired at 80% but the threshold was set to 95%.",  # expectation about a system
    "It should not have been possible to delete a bucket that still had objects in it.",
    "The rollout could have gone worse if the canary had not caught the error.",
    "Had the cache been warm, the restart would have taken seconds.",
    "We do not accept human error as a root cause.",
    "User error rates stayed flat during the migration.",
    "It is easy to forget a manual step at the end of a long incident.",
    "The careful rollout plan kept the blast radius to one region.",
    "The importer lazily loads the mapping file on first use.",
    "The parser simply skipped lines it could not read.",
    "The load balancer ignored the drain flag on two hosts.",
    "The health check failed to detect the stuck worker.",
    "The autoscaler was too slow to add capacity.",
    "The deploy went out without a canary stage.",
    "The cleanup script deleted the wrong directory because the path variable was empty.",
    "Why did the alert not page anyone?",
    "This is not about who caused it but about how the system allowed it.",
    "No individual or team is blamed for the outage.",
    "Any engineer could have made the same mistake with that tool.",
    "The outage was caused by a race in the lock manager.",  # a system as the cause
    "The deploy was triggered by the release pipeline at 14:02.",
    "Engineers hesitate to speak up when they fear being blamed.",  # talking about blame, no target
    "Asking what happened instead of who did it keeps blame out of the room.",
    "The engineer stopped the script a few seconds after noticing their mistake.",
    "Any operator error is a symptom of a missing guardrail.",  # the blameless principle itself
    "Queued retries should have been automatically drained once the backlog cleared.",
    "Avoid judging what should or should not have been done at the time.",
    "Seriously degraded performance lasted an hour.",  # an adverb, not an interjection
    "The fix deserves a follow-up review.",
    "The cache is good at its job until the keys expire.",
    "The platform team adopted the new deployment guidelines in March.",
    "The freeze may be lifted early only for unprecedented, unbelievable levels of traffic.",  # an intensifier
    "Nothing was lost: every write was replayed from the queue.",
    "The migration has not applied the new index yet.",
]


@pytest.mark.parametrize(("sentence", "rule"), FLAGGED)
def test_rule_flags_a_blameful_sentence(sentence, rule):
    assert rule in rules_in(sentence)


@pytest.mark.parametrize("sentence", NOT_FLAGGED)
def test_near_miss_is_not_flagged(sentence):
    assert lint_sentence(sentence) == []


def test_every_rule_in_the_file_is_exercised_by_a_flagged_sentence():
    from agent.grading.blame import linter_for

    exercised = {rule for _, rule in FLAGGED} | {"named-person"}
    assert {compiled.rule.id for compiled in linter_for().rules} <= exercised


@pytest.mark.parametrize(
    ("sentence", "person"),
    [
        ("Priya decided to restart the primary at 14:05.", "Priya"),
        ("The fix was reviewed by @lin-zhou before the release.", "@lin-zhou"),
        ("mkowalski@ approved the change.", "mkowalski@"),
        ("Marta Novak (the incident commander) declared the incident.", "Marta Novak"),
        ("The on-call engineer (JD) acknowledged the page.", "JD"),
        ("ana.gomez@example.com restarted the workers.", "ana.gomez@example.com"),
    ],
)
def test_people_named_in_the_narrative_are_flagged(sentence, person):
    named = [f for f in lint_sentence(sentence) if f.rule == "named-person"]
    assert [f.matched for f in named] == [person]
    assert person not in named[0].suggestion.split(":", 1)[1]


@pytest.mark.parametrize(
    "sentence",
    [
        "On May 12 the queue backed up for two hours.",  # a month, not a name
        "The Secrets Manager failed to rotate the key.",  # a product, not a role
        "Traffic from San Jose was shifted to the east region.",
        "Will the new alert catch a slow leak?",  # sentence-initial word that is also a name
        "Round-robin balancing sent the retries to the same host.",
        "The site reliability engineer (SRE) on call rolled back.",  # an acronym, not initials
        "Notify sre-oncall@ and @here when the job fails.",  # lists and channels, not people
        "Report it to help@example.org or payments-leads@example.com.",  # mailboxes and lists
        "The agent was pinned to `sdk`@1.2.2 during the rollout.",  # a version, not a handle
        "The on-call program owner (TBD) will update the playbooks.",  # a placeholder, not initials
    ],
)
def test_things_that_look_like_names_are_not_people(sentence):
    assert "named-person" not in rules_in(sentence)


def test_known_people_are_found_by_either_name_and_by_their_nick():
    findings = lint_text("Georgiana drained the node. Later Okafor restarted it. kofi watched.", people=["Georgiana Okafor", "kofi"])
    assert [f.matched for f in findings if f.rule == "named-person"] == ["Georgiana", "Okafor", "kofi"]


def test_a_known_name_that_is_also_a_word_is_not_found_as_the_word():
    people = ["Min Zhao", "max", "Jimmy Page"]
    text = "Goal and ground rules (5 min). Keep retries at 3 max. We did not page anyone. Page the on-call next time."
    assert lint_text(text, people=people) == []
    findings = lint_text("At 14:05 Min restarted the pool and Page confirmed it.", people=people)
    assert [f.matched for f in findings] == ["Min", "Page"]


def test_a_speaker_label_is_not_the_subject_but_what_they_say_is_checked():
    assert lint_sentence("Chidi: the queue is draining now.") == []
    assert rules_in("Chidi: why didn't you page the database team?") == {"why-or-who-question"}


@pytest.mark.parametrize(
    ("sentence", "rewrite"),
    [
        ("Tomas forgot to run the migration.", "The process did not include an automated step or check to run the migration."),
        ("Human error caused the outage.", "Name the missing guardrail that let a routine action cause the outage."),
        ("The outage was caused by human error.", "Name the missing guardrail that let a routine action cause the outage."),
    ],
)
def test_findings_carry_a_system_focused_rewrite(sentence, rewrite):
    suggestions = {f.suggestion for f in lint_sentence(sentence) if f.rule != "named-person"}
    assert suggestions == {rewrite}


@pytest.mark.parametrize(
    "sentence",
    [
        "Ana forgot to renew the certificate.",
        "This should have been caught in review.",
        "The outage was caused by operator error.",
        "The on-call engineer failed to escalate the disk alert.",
        "Rafael (the on-call engineer) ignored the low-disk warning.",
        "The SRE ignored three pages in a row.",
    ],
)
def test_suggestions_are_themselves_blameless(sentence):
    """A rewrite introduces no blame of its own; the named-person rewrite only swaps the name for a role."""
    for finding in lint_sentence(sentence):
        if finding.rule == "named-person":
            rewrite = finding.suggestion.split(":", 1)[1]
            assert "named-person" not in rules_in(rewrite), finding.suggestion
        else:
            assert lint_sentence(finding.suggestion) == [], finding.suggestion


def test_finding_lines_point_at_the_offending_phrase_in_a_wrapped_paragraph():
    text = "The database was restarted twice.\nAfter that the on-call engineer\nshould have paged the\nstorage team."
    [finding] = lint_text(text, first_line=40)
    assert (finding.line, finding.rule) == (42, "counterfactual-should-have")
    assert finding.text == "After that the on-call engineer should have paged the storage team."
