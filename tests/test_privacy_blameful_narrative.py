"""A remark that judges a person never becomes narrative: not as a timeline row, not as the mitigation the
summary names, and not with the person's name swapped for a role or a stand-in ("Person 5")."""

import json

import pytest

from cli_runner import postmortem

CHANNEL = """\
[14:00] <ana> checkout 5xx at 30% since 13:58, paging
[14:02] <bruno> looking at the dashboards
[14:05] <chen> {remark}
[14:09] <ana> rolled back checkout-api to v4.1.9
[14:15] <bruno> error rate back to 0.1%, recovered
[14:20] <ana> resolved
"""
BLAMEFUL_LINE = 3


@pytest.mark.parametrize(
    ("remark", "judging_words"),
    [
        ("Dave forgot to run the canary, rolled the config back and errors are dropping", ("forgot", "Dave")),
        ("Person 5 pushed the wrong config to prod, rolling it back now", ("wrong config", "Person 5")),
        ("responder 2 was careless with the flag, reverted it and errors are dropping", ("careless",)),
    ],
)
def test_a_blameful_remark_is_no_event_and_no_mitigation(tmp_path, remark, judging_words):
    source = tmp_path / "channel.irc.log"
    source.write_text(CHANNEL.format(remark=remark), encoding="utf-8")
    result = postmortem("draft", str(source), "--offline", "--no-kb", "--json", "--date", "2026-03-10", text=True)
    assert result.returncode in (0, 1), result.stderr
    draft = json.loads(result.stdout)
    rows = [event for event in draft["timeline"] if BLAMEFUL_LINE in event["source_lines"]]
    assert rows == [], "the remark must not stand in the timeline, even with its wording left out"
    mitigations = [event for event in draft["timeline"] if event["kind"] == "mitigation"]
    assert [event["source_lines"] for event in mitigations] == [[4]], "the rollback is the mitigation"
    narrative = draft["markdown"].split("## Roles")[0] + draft["markdown"].split("## Timeline")[-1]
    for words in judging_words:
        assert words.lower() not in narrative.lower()


@pytest.mark.parametrize(
    ("sentence", "message", "judged"),
    [
        ("Bartek pushed it public, of course.",
         "Bartek pushed it public, of course. He should have known better than to build with creds", True),
        ("Rolled the deploy back.", "Rolled the deploy back. Dave should have known better", False),
        ("Bartek pushed it public.", "Bartek pushed it public. The registry had no scan for secrets", False),
        ("Person 5 was careless with the flag", None, True),
    ],
)
def test_a_sentence_naming_a_person_is_judged_with_its_message(sentence, message, judged):
    from agent.facts.blameless import judges_a_person

    assert judges_a_person(sentence, ["Bartek Zieliński", "Dave Moss"], message=message) is judged
