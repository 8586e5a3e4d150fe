"""Names without a list of names: a capitalised word is a person when the sentence gives it a person's part."""

import pytest

from agent.grading.blame import lint_sentence, lint_text


def named(sentence: str) -> list[str]:
    return [f.matched for f in lint_sentence(sentence) if f.rule == "named-person"]


@pytest.mark.parametrize(
    ("sentence", "people"),
    [
        ("Oyelaran decided to skip the canary.", ["Oyelaran"]),  # a verb only people do
        ("At 14:10 Thandiwe and Radu discussed a rollback.", ["Thandiwe", "Radu"]),
        ("Eventually Ximena realised the replica was stale.", ["Ximena"]),  # an adverb before the name
        ("Bartek accidentally restarted every node.", ["Bartek"]),  # a slip adverb, whatever the verb
        ("It was Dmitri who deleted the production bucket.", ["Dmitri"]),
        ("Ingrid's manager approved the change.", ["Ingrid"]),  # something only a person has
        ("The on-call engineer pinged Wanjiru on the incident channel.", ["Wanjiru"]),  # addressed to a person
        ("Our DBA Tenzin restarted the replica.", ["Tenzin"]),  # a role beside the name
        ("Marta Novak, the incident commander, declared the incident.", ["Marta Novak"]),
        ("After a short call Fenna Visser signed off for the night.", ["Fenna Visser"]),
    ],
)
def test_a_name_is_found_by_what_the_sentence_says_about_it(sentence, people):
    assert named(sentence) == people


@pytest.mark.parametrize(
    "sentence",
    [
        "Terraform deleted the old security group during the apply.",  # tools do what people do, too
        "Jenkins ran the nightly job twice because of a clock skew.",
        "When Kafka rebalanced, consumers paused for two minutes.",
        "Frankfurt lost power at 03:10 and failover to Dublin took eleven minutes.",
        "Prow is confirmed to be functional again.",  # a passive, not an agent
        "Issue noticed by the support team at 15:25.",
        "Bug discovered; fix deployed at 16:00.",
        "Evidence suggested a reused password.",
        "Tech Lead notes that the fix is not final yet.",  # a role in Title Case, not a name
        "Google Cloud Storage saw elevated errors for an hour.",  # part of a product name
        "A researcher at Phylum told the registry team about the crates.",  # an organisation ("at Phylum")
        "Netflix noticed the errors first, and Netflix customers saw retries.",
        "Telstra confirmed the fire was contained.",
        "Community asks for more capacity during the workshop.",
        "Remember, the facilitator keeps the discussion on the system.",
        "May saw a second spike in checkout errors.",  # a month
        "Retries simply amplified the load on the database.",  # a plural
        "### Questions to Ask\nBelow is a list of questions.",  # a heading is its own sentence
    ],
)
def test_products_places_organisations_and_ordinary_words_are_not_people(sentence):
    assert named(sentence) == []


def test_naming_to_credit_or_cite_is_not_flagged_but_naming_the_actor_is():
    assert named("Our thanks to Louisa Ferreira for reporting the crates so quickly.") == []
    assert named("As Dana Meadows once noted, systems push back.") == []
    assert named("See [Ravi Shankar's talk on retries](https://example.com/talk).") == []
    assert named("Louisa Ferreira noticed the crates and told the team.") == ["Louisa Ferreira"]


def test_a_chat_export_speaker_is_not_the_subject_but_what_they_say_is_checked():
    assert lint_sentence("Amara Obi [2:17 PM] the queue is draining now") == []
    rules = {f.rule for f in lint_sentence("Amara Obi [2:17 PM] why didn't you page the database team?")}
    assert rules == {"why-or-who-question"}


def test_an_organisation_named_in_the_text_is_not_learned_as_a_person():
    text = "Canonical confirmed the exploit path. Canonical's infrastructure team rebuilt the site."
    assert [f for f in lint_text(text) if f.rule == "named-person"] == []


def test_a_person_with_a_team_is_still_a_person():
    text = "Kofi noticed the spike. Kofi's team took over the rollback."
    assert [f.matched for f in lint_text(text) if f.rule == "named-person"] == ["Kofi", "Kofi"]
