"""Transient model faults (429 rate limit, 529 overload, time-outs) retry with bounded backoff; then the next model
of the chain is asked (the smaller Claude, through pydantic-ai's FallbackModel); when it fails too we give up
cleanly: the partial pack is saved and the caller falls back to the offline engine. Nothing is lost.

A reply cut off at max_tokens (stop_reason "max_tokens", pydantic-ai's finish_reason "length") is asked again
with twice the room, up to a ceiling: a thinking model can spend its whole limit thinking. Every response,
cut off or not, is recorded in the run's UsageMeter: it is billed.
"""

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic_ai.exceptions import (
    FallbackExceptionGroup,
    ModelConnectionError,
    ModelRateLimitError,
    ModelRequestTimeout,
    ModelServerError,
    ModelUnavailableError,
    UnexpectedModelBehavior,
)
from pydantic_ai.models.wrapper import WrapperModel

from agent.llm.usage import UsageMeter
from agent.models import Pack
from agent.paths import postmortem_home

# Twice 16k, then 64k: half the 128k Claude models may write. Above ~21k pydantic-ai streams the reply.
MAX_TOKENS_CEILING = 64_000
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
    """Retries transient failures of each request and cut-off replies; `sleep` is injectable so tests take no time.

    `label` names the model in usage reports (provider:model); `meter` collects every response's usage."""

    def __init__(self, wrapped, *, backoff: Backoff = Backoff(), sleep: Sleep = asyncio.sleep, on_retry=None,
                 label: str | None = None, meter: UsageMeter | None = None):
        super().__init__(wrapped)
        self.backoff = backoff
        self.sleep = sleep
        self.on_retry = on_retry
        self.usage_label = label or f"{wrapped.system}:{wrapped.model_name}"
        self.meter = meter
        self.retries = 0
        self.truncations = 0
        self.answered = 0

    async def request(self, messages, model_settings, model_request_parameters):
        settings = model_settings
        while True:
            response = await self._request_with_backoff(messages, settings, model_request_parameters)
            if self.meter is not None:
                self.meter.record(self.usage_label, response)
            room = _more_room(settings)
            if response.finish_reason != "length":
                break
            if room is None:
                if self.on_retry is not None and (settings or {}).get("max_tokens"):
                    self.on_retry(f"reply cut off again at max_tokens {settings['max_tokens']}, the ceiling",
                                  self.truncations, None)  # None: not asked again
                break
            self.truncations += 1
            if self.on_retry is not None:
                self.on_retry(f"reply cut off at max_tokens {settings['max_tokens']}", self.truncations, 0.0)
            settings = {**settings, "max_tokens": room}
        self.answered += 1
        return response

    async def _request_with_backoff(self, messages, model_settings, model_request_parameters):
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


def _more_room(settings) -> int | None:
    """The next max_tokens after a cut-off reply, or None at the ceiling (or when no limit was set)."""
    current = (settings or {}).get("max_tokens")
    if not current or current >= MAX_TOKENS_CEILING:
        return None
    return min(current * 2, MAX_TOKENS_CEILING)


def describe_fault(error: BaseException) -> str:
    """One line for stderr: what failed, without the provider's whole response body.

    A provider error shows its kind and HTTP status only; pydantic-ai's own errors (a reply cut off at the
    token limit, a model that kept answering out of shape) also show their first sentence, which is ours to
    show and says what to change."""
    if isinstance(error, FallbackExceptionGroup):
        return "; ".join(describe_fault(inner) for inner in error.exceptions)
    status = getattr(error, "status_code", None)
    kind = type(error).__name__.removeprefix("_HTTP").removeprefix("Model").removesuffix("Error")
    if status:
        return f"{kind} (HTTP {status})"
    if isinstance(error, UnexpectedModelBehavior):
        first = str(error.message).split(". ")[0].rstrip(".")
        return f"{kind}: {first}"
    return kind


class ModelChain:
    """The remote models of a run, in the order they are asked: each retries on its own, then FallbackModel
    moves to the next one. `model` is what the agents run with."""

    def __init__(self, models: list, *, sleep: Sleep | None = None, meter: UsageMeter | None = None,
                 labels: list[str] | None = None, on_retry=None) -> None:
        from pydantic_ai.models.fallback import FallbackModel

        self.meter = meter if meter is not None else UsageMeter()
        names: list[str | None] = list(labels) if labels else [None] * len(models)
        self.links = [
            RetryingModel(m, meter=self.meter, label=name, on_retry=on_retry, sleep=sleep or asyncio.sleep)
            for m, name in zip(models, names, strict=True)
        ]
        self.model = self.links[0] if len(self.links) == 1 else FallbackModel(*self.links)  # on ModelAPIError

    @property
    def retries(self) -> int:
        return sum(link.retries for link in self.links)

    @property
    def truncations(self) -> int:
        return sum(link.truncations for link in self.links)

    def describe(self, *, short: bool = False) -> str:
        """The chain in words: who is asked first, then who, then the offline engine."""
        names = [link.usage_label for link in self.links]
        if short:
            return " and ".join(names)
        return ", then ".join(names) + ", then the offline engine"

    def answered_by(self) -> str | None:
        """The label of the last model in the chain that answered anything: the fallback once it took over."""
        answered = [link.usage_label for link in self.links if link.answered]
        return answered[-1] if answered else None


def build_chain(choice, *, sleep: Sleep | None = None, meter: UsageMeter | None = None, on_retry=None) -> ModelChain:
    """The chosen model, then its fallback (the smaller Claude by default); see agent.llm.models.resolve_model."""
    from agent.llm.models import build_model

    names = [choice.name] + ([choice.fallback] if choice.fallback else [])
    models = [build_model(choice, name=name) for name in names]
    return ModelChain(models, sleep=sleep, meter=meter, labels=names, on_retry=on_retry)


def save_partial(pack: Pack, run_id: str, *, reason: str) -> Path:
    """Keep whatever the model wrote before it failed: $POSTMORTEM_HOME/partial/<run_id>.json."""
    folder = postmortem_home() / "partial"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{run_id}.json"
    payload = {"run_id": run_id, "reason": reason, "pack": json.loads(pack.model_dump_json())}
    path.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return path
