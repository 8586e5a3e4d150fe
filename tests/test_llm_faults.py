"""429 / 529 / time-outs retry with bounded backoff; after that the partial draft is saved and offline takes over."""

import asyncio
import io
import json
import os
from pathlib import Path

from pydantic_ai.exceptions import (
    ModelAuthenticationError,
    ModelOverloadedError,
    ModelRateLimitError,
    ModelTimeoutError,
)

from agent.llm.faults import Backoff, describe_fault
from agent.llm.loop import draft_with_agent
from agent.llm.models import resolve_model
from agent.offline import build_pack
from llm_scripts import CLEAN_SECTIONS, CLEAN_SUMMARY, TODAY, Script, clean_turn, example_inputs, write

MODEL = resolve_model("anthropic:claude-sonnet-5-5", offline=False, env={"ANTHROPIC_API_KEY": "unused"})


class Sleeps:
    def __init__(self):
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def failing(error):
    def turn(messages, info):
        raise error

    return turn


def run(script, sleeps, console=None):
    transcript, facts = example_inputs()
    return draft_with_agent(transcript, facts, model=MODEL, today=TODAY, llm=script.model(),
                            console=console or io.StringIO(), sleep=sleeps)


def test_rate_limit_and_overload_are_retried_with_exponential_backoff():
    sleeps = Sleeps()
    script = Script(failing(ModelRateLimitError("claude", "rate limited")), failing(ModelOverloadedError("claude", "overloaded")),
                    failing(ModelTimeoutError("claude", "timed out")), clean_turn)
    outcome = run(script, sleeps)
    assert sleeps.delays == [1.0, 2.0, 4.0]
    assert outcome.engine == MODEL.name and outcome.fallback_reason is None and outcome.usage.retries == 3
    assert outcome.pack.summary == CLEAN_SUMMARY


def test_retry_after_from_the_provider_is_honoured_but_capped():
    assert Backoff().delay(1, retry_after=3.5) == 3.5
    assert Backoff().delay(1, retry_after=600) == Backoff().cap
    assert [Backoff().delay(n, None) for n in (1, 2, 3)] == [1.0, 2.0, 4.0]


def test_persistent_failure_saves_the_partial_draft_and_falls_back_to_offline():
    sleeps = Sleeps()
    console = io.StringIO()

    def writes_then_fails(messages, info):
        return [write("summary", CLEAN_SECTIONS["summary"]), write("learnings", CLEAN_SECTIONS["learnings"])]

    script = Script(writes_then_fails, *[failing(ModelOverloadedError("claude", "overloaded"))] * 10)
    outcome = run(script, sleeps, console)
    _, facts = example_inputs()
    assert outcome.engine == "offline" and outcome.pack == build_pack(facts, today=TODAY)
    assert "Overloaded" in outcome.fallback_reason and len(sleeps.delays) == 3
    saved = json.loads(Path(outcome.partial_path).read_text())
    assert Path(outcome.partial_path).parent == Path(os.environ["POSTMORTEM_HOME"]) / "partial"
    assert saved["pack"]["summary"] == CLEAN_SUMMARY  # nothing the model wrote is lost
    assert saved["pack"]["header"]["roles"]  # the saved pack is the restored one, names in the roles table
    notice = console.getvalue()
    said = notice.splitlines()[-1]  # after the progress lines, one line says what happened and where the draft is
    assert "offline engine" in said and outcome.partial_path in said


def test_errors_that_retrying_cannot_fix_fall_back_at_once():
    sleeps = Sleeps()
    outcome = run(Script(failing(ModelAuthenticationError("claude", "invalid x-api-key"))), sleeps)
    assert sleeps.delays == [] and outcome.engine == "offline"
    assert describe_fault(ModelAuthenticationError("claude", "bad key")) == "Authentication"


def test_default_sleep_is_asyncio_sleep():
    from agent.llm.faults import RetryingModel

    assert RetryingModel(Script().model()).sleep is asyncio.sleep
