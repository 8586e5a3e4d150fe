"""Transient model faults (429 rate limit, 529 overload, time-outs) retry with bounded backoff; then we give up
cleanly: the partial pack is saved and the caller falls back to the offline engine. Nothing is lost.
"""

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic_ai.exceptions import (
    ModelConnectionError,
    ModelRateLimitError,
    ModelRequestTimeout,
    ModelServerError,
    ModelUnavailableError,
)
from pydantic_ai.models.wrapper import WrapperModel

from agent.models import Pack
from agent.paths import postmortem_home

TRANSIENT = (ModelRateLimitError, ModelUnavailableError, ModelServerError, ModelConnectionError, ModelRequestTimeout)
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class Backoff:
    attempts: int = 4  # the first try plus three retries
    base: float = 1.0
    cap: float = 20.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Exponential (1, 2, 4 ... s), or what the provider asked for, never more than `cap`."""
        wanted = retry_after if retry_after is not None else self.base * (2 ** (attempt - 1))
        return min(max(wanted, 0.0), self.cap)


class RetryingModel(WrapperModel):
    """Retries transient failures of each request; `sleep` is injectable so tests take no time."""

    def __init__(self, wrapped, *, backoff: Backoff = Backoff(), sleep: Sleep = asyncio.sleep, on_retry=None):
        super().__init__(wrapped)
        self.backoff = backoff
        self.sleep = sleep
        self.on_retry = on_retry
        self.retries = 0

    async def request(self, messages, model_settings, model_request_parameters):
        attempt = 1
        while True:
            try:
                return await self.wrapped.request(messages, model_settings, model_request_parameters)
            except TRANSIENT as error:
                if attempt >= self.backoff.attempts:
                    raise
                delay = self.backoff.delay(attempt, getattr(error, "retry_after", None))
                self.retries += 1
                if self.on_retry is not None:
                    self.on_retry(error, attempt, delay)
                await self.sleep(delay)
                attempt += 1


def describe_fault(error: BaseException) -> str:
    """One line for stderr: what failed, without the provider's whole response body."""
    status = getattr(error, "status_code", None)
    kind = type(error).__name__.removeprefix("_HTTP").removeprefix("Model").removesuffix("Error")
    return f"{kind}{f' (HTTP {status})' if status else ''}"


def save_partial(pack: Pack, run_id: str, *, reason: str) -> Path:
    """Keep whatever the model wrote before it failed: $POSTMORTEM_HOME/partial/<run_id>.json."""
    folder = postmortem_home() / "partial"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{run_id}.json"
    payload = {"run_id": run_id, "reason": reason, "pack": json.loads(pack.model_dump_json())}
    path.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return path
