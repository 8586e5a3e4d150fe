"""The scenarios behind the recorded Anthropic exchanges (vcrpy cassettes) in this folder.

The same scenario function runs when recording (record.py: against the real API with a key, or the scripted fake
server) and when replaying in tests with sockets blocked, so the requests match byte for byte. Test and recording
harness only: the package never imports it.
"""

import io
from datetime import date
from pathlib import Path
from typing import Any

CASSETTE_DIR = Path(__file__).resolve().parent
EXAMPLES_DIR = CASSETTE_DIR.parents[1] / "examples"
SCENARIO_TODAY = date(2026, 3, 11)
SCENARIO_MODEL = "claude-sonnet-5-5"
REPLAY_BASE_URL = "https://api.anthropic.com"
SYNTHETIC_HEADER = (
    "# SYNTHETIC cassette: recorded against the scripted fake Messages API in evals/cassettes/fake_anthropic.py\n"
    "# (no real key was used). Re-record with a key: see evals/cassettes/record.py.\n"
)
GRADED_DOCUMENT = """# Checkout outage on 2026-03-10

## Summary

A pool-size change in checkout-api v3.8.1 exhausted database connections for 36 minutes. The on-call engineer
should have checked the pool size before deploying.

## Impact

About 2,340 checkout attempts failed and roughly 1,100 customers were affected.

## Timeline

| Time | Event |
|---|---|
| 14:02 | checkout-api v3.8.1 deployed |
| 14:09 | 5xx alert fired |
| 14:38 | pgbouncer restarted, checkout recovered |

## Action items

| Action | Owner | Due | Success signal |
|---|---|---|---|
| Add a CI check that blocks pool sizes below 30 | Priya Raman | 2026-03-20 | a PR lowering the pool fails CI |
"""
def anthropic_model(base_url: str = REPLAY_BASE_URL, api_key: str = "test-key", model_name: str = SCENARIO_MODEL):
    """The real SDK and pydantic-ai's Anthropic model; no SDK retries (ours are in agent.llm.faults)."""
    from anthropic import AsyncAnthropic
    from pydantic_ai.models.anthropic import AnthropicModel
    from pydantic_ai.providers.anthropic import AnthropicProvider

    client = AsyncAnthropic(base_url=base_url, api_key=api_key, max_retries=0)
    return AnthropicModel(model_name, provider=AnthropicProvider(anthropic_client=client))


def _choice():
    from agent.llm.models import resolve_model

    return resolve_model(f"anthropic:{SCENARIO_MODEL}", offline=False, env={"ANTHROPIC_API_KEY": "test-key"})


def run_draft_scenario(llm: Any, *, max_rounds: int = 3):
    """Draft the bundled checkout example with `llm` (used by the draft, rewrite and fault cassettes)."""
    from agent.facts import extract_facts
    from agent.llm.loop import draft_with_agent
    from agent.transcript import load_transcript

    async def no_wait(_seconds: float) -> None:
        return None

    transcript = load_transcript(str(EXAMPLES_DIR / "checkout-outage.slack.txt"), today=SCENARIO_TODAY)
    facts = extract_facts(transcript, today=SCENARIO_TODAY)
    return draft_with_agent(transcript, facts, model=_choice(), today=SCENARIO_TODAY, llm=llm, console=io.StringIO(),
                            max_rounds=max_rounds, sleep=no_wait)


def run_grade_scenario(llm: Any):
    """Grade a short document with the model judge (criterion levels and the Allspaw test)."""
    from agent.grading import grade_text
    from agent.llm.judge import make_judge

    return grade_text(GRADED_DOCUMENT, judge=make_judge(_choice(), llm=llm, console=io.StringIO()))


def is_synthetic(path: Path) -> bool:
    return path.read_text(encoding="utf-8").startswith("# SYNTHETIC")


def mark_synthetic(path: Path) -> None:
    """Prepend the note; vcrpy still loads the file (a YAML comment) and keeps `metadata: {synthetic: true}`."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("# SYNTHETIC"):
        path.write_text(SYNTHETIC_HEADER + text, encoding="utf-8")


# Typed into `postmortem facilitate`: round one answers the question bank's step-1 questions (active, headline,
# review type, goal, roles); round two answers the model's first question, then /done.
FACILITATE_ANSWERS = (
    "Yes, product search has returned normal results since 11:25.",
    "A nightly search-index rebuild ran out of memory and product search showed empty pages; the job ran with "
    "token=q7Rt9vLm2Xc8Bn4Kp1Wz and Li Wei (li.wei@example.net) holds the heap dump.",
    "incident",
    "Prevention: we want to know why the rebuild was allowed to start during peak traffic.",
    "facilitator: Li Wei\nscribe: Tomas Berg\ndecision owner: Noor Haddad",
    "The empty-results alert fired at 10:52, eleven minutes after the rebuild started.",
)


def run_facilitate_scenario(llm: Any):
    """Two rounds of `postmortem facilitate` with `llm` choosing the questions, in a throwaway session home.

    Returns the Outcome and what the console showed. The session id is random, but only the console and the
    finished document carry it, never a request body, so recording and replay send the same bytes."""
    import tempfile

    from agent.facilitation.conversation import facilitate
    from agent.facilitation.model_turn import ModelEngine
    from agent.facilitation.store import SessionStore
    from agent.llm.faults import RetryingModel

    typed = "".join(f"{answer}\n\n" for answer in FACILITATE_ANSWERS) + "/done\n"
    console = io.StringIO()
    engine = ModelEngine(name=_choice().name, model=RetryingModel(llm))
    with tempfile.TemporaryDirectory(prefix="postmortem-home-") as home:
        outcome = facilitate(store=SessionStore(Path(home)), today=SCENARIO_TODAY, stdin=io.StringIO(typed),
                             console=console, engine=engine)
    return outcome, console.getvalue()
