"""An answer the document cannot use is asked again once more with the reason, never taken as content; a denied
judgement ("not really her fault") is not blame, and a lower-case answer keeps its usable sentences."""

import io
import os
import re
from datetime import date
from pathlib import Path

from agent.facilitation.blame import Roster, blame_in
from agent.facilitation.conversation import facilitate
from agent.facilitation.store import SessionStore
from scripted_ic import ScriptedTerminal

TODAY = date(2025, 3, 3)
OPENING = ["Yes, stable. Card payments were declined after a client certificate expired on paygate. SEV1."]


def converse(answers: dict) -> str:
    console = io.StringIO()
    facilitate(store=SessionStore(Path(os.environ["POSTMORTEM_HOME"])), today=TODAY,
               stdin=ScriptedTerminal(console, answers), console=console, show_gaps=True)
    return console.getvalue()


def asked_again(console: str, gap: str) -> list[str]:
    pairs = re.findall(r"^\[q\d+\] (.*)\ngap: (\S+)$", console, re.M)
    return [question for question, said in pairs if said == gap and question.startswith("Asked again:")]


def test_a_denied_judgement_is_not_blame():
    roster = Roster(frozenset({"dana"}), frozenset())
    assert blame_in("dana acked 7:24 on the train. not really her fault", roster) is None
    assert blame_in("nobody's fault, the renewal job had no owner", roster) is None
    assert blame_in("it was her fault", roster) is not None


def test_a_lower_case_answer_keeps_its_time_when_one_sentence_is_held_back():
    console = converse({"opening": OPENING, "scope": ["/skip"],
                        "moment:impact_start": ["it started 7:00. she messed up the pager. alert fired 7:16, dana "
                                                "acked 7:24."], "factors": ["/done"]})
    assert "judges a person (messed up)" in console
    assert not asked_again(console, "moment:impact_start")  # the times were kept; only the blame was held back


def test_answers_that_name_no_row_are_asked_again_with_the_reason():
    console = converse({"opening": OPENING, "scope": ["/skip"], "moment:impact_start": ["ages ago", "/skip"],
                        "factors": ["certificates", "The renewal job lost its Vault access in a migration."],
                        "actions": ["someone should fix the renewal job", "/skip"],
                        "triggers": ["alerts", "/done"]})
    assert any("gives no clock time" in q for q in asked_again(console, "moment:impact_start"))
    assert any("names a topic, not a condition" in q for q in asked_again(console, "factors"))
    assert any("too vague to act on" in q for q in asked_again(console, "actions"))
    assert any("names no signal with a threshold" in q for q in asked_again(console, "triggers"))
