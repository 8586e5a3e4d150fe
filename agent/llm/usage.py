"""What a run cost: tokens per model (cached reads and writes apart) and the price, from genai-prices.

Every model response of a run passes through `UsageMeter.record` (agent.llm.faults does it for each request,
truncated and retried ones included: they are billed too). Prices come from the `genai-prices` package's
bundled snapshot (no download at run time), looked up by provider and model at the response's own time; a
model it does not know (a local server, say) is reported as unpriced rather than as free. The offline engine
calls no model: its cost is zero, and the report says so.
"""

from decimal import Decimal

from pydantic import BaseModel, Field

PRICE_SOURCE = "genai-prices"


class ModelUsage(BaseModel):
    model: str = Field(description="provider:model that answered")
    requests: int = 0
    input_tokens: int = Field(default=0, description="all input tokens, cached ones included")
    cache_read_tokens: int = Field(default=0, description="input tokens read from the prompt cache")
    cache_write_tokens: int = Field(default=0, description="input tokens written to the prompt cache")
    output_tokens: int = Field(default=0, description="output tokens, thinking included")
    thinking_tokens: int = Field(default=0, description="the part of output_tokens spent thinking, when reported")
    cost_usd: float | None = Field(default=None, description="None when the price table does not know the model")


class UsageReport(BaseModel):
    """A run's usage, summed over models; `models` keeps each model apart (the fallback and the summarizer)."""

    requests: int = 0
    input_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    output_tokens: int = 0
    tool_calls: int = 0
    retries: int = Field(default=0, description="transient faults retried with backoff")
    truncations: int = Field(default=0, description="replies cut off at max_tokens and asked again with more room")
    cost_usd: float | None = Field(default=None, description="estimated; None when a model could not be priced")
    price_note: str = ""
    models: list[ModelUsage] = Field(default_factory=list)

    @classmethod
    def offline(cls) -> "UsageReport":
        return cls(cost_usd=0.0, price_note="offline engine: no model was called, nothing to pay")

    def line(self) -> str:
        """One stderr line."""
        if not self.models:
            return f"usage: {self.price_note}"
        cached = f", {self.cache_read_tokens:,} read from cache" if self.cache_read_tokens else ""
        cost = f"${self.cost_usd:.4f}" if self.cost_usd is not None else "cost unknown"
        extra = [f"{n} {label}" for n, label in ((self.retries, "retried"), (self.truncations, "cut off")) if n]
        return (
            f"usage: {self.requests} request(s), {self.input_tokens:,} input tokens{cached}, "
            f"{self.output_tokens:,} output tokens; {cost} ({self.price_note})"
            + (f"; {', '.join(extra)}" if extra else "")
        )


def price(model: str, usage, when=None) -> Decimal | None:
    """The price of one response's usage (a pydantic-ai RequestUsage), or None when the model is not in the table."""
    from genai_prices import calc_price

    provider, _, name = model.partition(":")
    try:
        return calc_price(usage, model_ref=name or provider, provider_id=provider if name else None,
                          genai_request_timestamp=when).total_price
    except LookupError:
        return None


class UsageMeter:
    """Collects every response of a run, whichever model (primary, fallback, summarizer) gave it."""

    def __init__(self) -> None:
        self._models: dict[str, ModelUsage] = {}
        self._costs: dict[str, Decimal | None] = {}

    def record(self, model: str, response) -> None:
        usage = response.usage
        row = self._models.setdefault(model, ModelUsage(model=model))
        row.requests += 1
        row.input_tokens += usage.input_tokens
        row.cache_read_tokens += usage.cache_read_tokens
        row.cache_write_tokens += usage.cache_write_tokens
        row.output_tokens += usage.output_tokens
        row.thinking_tokens += int(usage.details.get("thinking_tokens", 0))
        cost = price(model, usage, response.timestamp)
        known = self._costs.get(model, Decimal(0))
        self._costs[model] = None if cost is None or known is None else known + cost

    @property
    def requests(self) -> int:
        return sum(row.requests for row in self._models.values())

    def report(self, *, tool_calls: int = 0, retries: int = 0, truncations: int = 0) -> UsageReport:
        rows = [row.model_copy(update={"cost_usd": _usd(self._costs[row.model])}) for row in self._models.values()]
        unpriced = [row.model for row in rows if row.cost_usd is None]
        total = None if unpriced else sum((self._costs[row.model] or Decimal(0) for row in rows), Decimal(0))
        note = (f"estimated from {PRICE_SOURCE} list prices" if not unpriced
                else f"no price known for {', '.join(unpriced)}")
        return UsageReport(
            requests=sum(r.requests for r in rows),
            input_tokens=sum(r.input_tokens for r in rows),
            cache_read_tokens=sum(r.cache_read_tokens for r in rows),
            cache_write_tokens=sum(r.cache_write_tokens for r in rows),
            output_tokens=sum(r.output_tokens for r in rows),
            tool_calls=tool_calls,
            retries=retries,
            truncations=truncations,
            cost_usd=_usd(total),
            price_note=note,
            models=rows,
        )


def _usd(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 6)
