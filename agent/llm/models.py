"""Which model runs the loop: a pydantic-ai model string, or the offline engine when no key is configured."""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, cast

from pydantic import BaseModel, Field

from agent.errors import ModelConfigError

if TYPE_CHECKING:  # pydantic_ai is imported only where a model runs: `--help` names the default model from here
    from pydantic_ai.settings import ModelSettings

DEFAULT_MODEL = "anthropic:claude-sonnet-5-5"
# The smaller Claude that answers when the default fails (overloaded, rate-limited, down) before the offline
# engine takes over; it also writes the summaries of the parts of a long transcript the drafter does not see.
FALLBACK_MODEL = "anthropic:claude-haiku-5-5"
NO_FALLBACK = "none"
OFFLINE = "offline"
OLLAMA_DEFAULT_BASE_URL = "http://localhost:11434/v1"

# The variable each provider needs; providers not listed here are checked by pydantic-ai itself.
KEY_VARIABLES = {
    "anthropic": "ANTHROPIC_API_KEY",
    "openai": "OPENAI_API_KEY",
    "openai-chat": "OPENAI_API_KEY",
    "openai-responses": "OPENAI_API_KEY",
    "google-gla": "GOOGLE_API_KEY",
    "groq": "GROQ_API_KEY",
    "mistral": "MISTRAL_API_KEY",
    "cohere": "CO_API_KEY",
}


class ModelChoice(BaseModel, frozen=True):
    """The engine the loop will run with, and why it was chosen."""

    name: str
    source: Literal["flag", "env", "default", "offline-flag", "no-key"]
    notice: str | None = None
    fallback: str | None = Field(default=None, description="the model asked when this one fails; None: offline next")
    env: dict[str, str] = Field(default_factory=dict, repr=False, exclude=True)

    @property
    def offline(self) -> bool:
        return self.name == OFFLINE

    @property
    def provider(self) -> str | None:
        return None if self.offline else self.name.partition(":")[0]


def resolve_model(cli_model: str | None, *, offline: bool, env: Mapping[str, str]) -> ModelChoice:
    """--model beats POSTMORTEM_MODEL beats POSTMORTEM_DEFAULT_MODEL; a missing key only matters when explicit."""
    if offline:
        return ModelChoice(name=OFFLINE, source="offline-flag")
    relevant = {k: v for k, v in env.items() if k.endswith(("_API_KEY", "_BASE_URL")) and v}
    explicit = cli_model or env.get("POSTMORTEM_MODEL") or None
    if explicit:
        if explicit == OFFLINE:
            return ModelChoice(name=OFFLINE, source="flag" if cli_model else "env")
        _check_format(explicit)
        missing = _missing_key(explicit, env)
        if missing:
            raise ModelConfigError(f"model {explicit} needs {missing}: set it, or use --offline")
        return ModelChoice(name=explicit, source="flag" if cli_model else "env", env=relevant,
                           fallback=_fallback(explicit, env))
    default = env.get("POSTMORTEM_DEFAULT_MODEL") or DEFAULT_MODEL
    _check_format(default)
    missing = _missing_key(default, env)
    if missing:
        notice = f"No {missing} set: using the offline engine (set it or pass --model to use {default})."
        return ModelChoice(name=OFFLINE, source="no-key", notice=notice)
    return ModelChoice(name=default, source="default", env=relevant, fallback=_fallback(default, env))


def _fallback(primary: str, env: Mapping[str, str]) -> str | None:
    """POSTMORTEM_FALLBACK_MODEL ('none' turns it off); by default the smaller Claude, for Claude models only:
    another provider's key may not exist, and a local model has no cheaper sibling we could name."""
    wanted = env.get("POSTMORTEM_FALLBACK_MODEL")
    if wanted is None or not wanted.strip():
        wanted = FALLBACK_MODEL if primary.startswith("anthropic:") else NO_FALLBACK
    if wanted in (NO_FALLBACK, primary):
        return None
    _check_format(wanted)
    missing = _missing_key(wanted, env)
    if missing:
        raise ModelConfigError(f"fallback model {wanted} needs {missing}: set it, or POSTMORTEM_FALLBACK_MODEL=none")
    return wanted


def _check_format(name: str) -> None:
    provider, sep, model = name.partition(":")
    if not sep or not provider or not model:
        raise ModelConfigError(f"model {name!r} is not 'provider:model' (e.g. {DEFAULT_MODEL} or ollama:llama3.1)")


def _missing_key(name: str, env: Mapping[str, str]) -> str | None:
    provider = name.partition(":")[0]
    if provider.startswith("openai") and env.get("OPENAI_BASE_URL"):
        return None  # an OpenAI-compatible local server needs no key
    variable = KEY_VARIABLES.get(provider)
    if variable and not env.get(variable):
        return variable
    return None


def build_model(choice: ModelChoice, *, anthropic_client: Any = None, name: str | None = None) -> Any:
    """The pydantic-ai Model for a non-offline choice (or `name`, its fallback). SDK retries are off:
    agent.llm.faults owns the backoff."""
    if choice.offline:
        raise ModelConfigError("the offline engine has no remote model to build")
    full_name = name or choice.name
    provider, _, model_name = full_name.partition(":")
    env = choice.env
    try:
        if provider == "anthropic":
            return _anthropic_model(model_name, env, anthropic_client)
        if provider == "ollama":
            from pydantic_ai.models.ollama import OllamaModel
            from pydantic_ai.providers.ollama import OllamaProvider

            base_url = env.get("OLLAMA_BASE_URL") or OLLAMA_DEFAULT_BASE_URL
            return OllamaModel(model_name, provider=OllamaProvider(base_url=base_url, api_key=env.get("OLLAMA_API_KEY")))
        if provider in ("openai", "openai-chat") and env.get("OPENAI_BASE_URL"):
            from pydantic_ai.models.openai import OpenAIChatModel
            from pydantic_ai.providers.openai import OpenAIProvider

            api_key = env.get("OPENAI_API_KEY") or "not-needed-for-local-servers"
            return OpenAIChatModel(model_name, provider=OpenAIProvider(base_url=env["OPENAI_BASE_URL"], api_key=api_key))
        from pydantic_ai.models import infer_model

        return infer_model(full_name)
    except ModelConfigError:
        raise
    except Exception as error:  # pydantic-ai's UserError/ImportError: say which model and why, in one line
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ModelConfigError(f"model {full_name} cannot be used: {first_line}") from error


def _anthropic_model(model_name: str, env: Mapping[str, str], client: Any) -> Any:
    from pydantic_ai.models.anthropic import AnthropicModel
    from pydantic_ai.providers.anthropic import AnthropicProvider

    if client is None:
        from anthropic import AsyncAnthropic

        client = AsyncAnthropic(
            api_key=env.get("ANTHROPIC_API_KEY"), base_url=env.get("ANTHROPIC_BASE_URL") or None, max_retries=0
        )
    return AnthropicModel(model_name, provider=AnthropicProvider(anthropic_client=client))


Role = Literal["drafter", "judge", "facilitator", "summarizer"]


class RunSettings(BaseModel, frozen=True):
    """How one agent asks: output room, thinking effort, prompt caching.

    Current Claude models think adaptively and by default, and the thinking counts against `max_tokens`: the
    limits leave room for it (the old 4096/1024 cut replies off mid-thought). They stay below the ~21k tokens
    the Anthropic SDK allows without streaming; a reply cut off anyway is asked again with twice the room
    (agent.llm.faults). Effort is the lever on cost: the drafter reasons about causes, the others pick and check.
    """

    max_tokens: int
    effort: Literal["low", "medium", "high"]

    def model_settings(self) -> "ModelSettings":
        """pydantic-ai settings; the anthropic_* keys are ignored by other providers.

        Caching: the tool definitions get a breakpoint (shared by every run), static instructions one too (ours
        depend on the review type, so pydantic-ai leaves them to the next), and the automatic breakpoint follows
        the end of the conversation, so every request of a run reads the instructions, the transcript prompt and
        the earlier turns from the cache. No temperature: current Claude models reject it."""
        return cast("ModelSettings", {
            "max_tokens": self.max_tokens,
            "anthropic_thinking": {"type": "adaptive"},
            "anthropic_effort": self.effort,
            "anthropic_cache_instructions": True,
            "anthropic_cache_tool_definitions": True,
            "anthropic_cache": True,
        })


RUN_SETTINGS: dict[str, RunSettings] = {
    "drafter": RunSettings(max_tokens=16_000, effort="medium"),
    "judge": RunSettings(max_tokens=8_000, effort="low"),
    "facilitator": RunSettings(max_tokens=8_000, effort="low"),
    "summarizer": RunSettings(max_tokens=4_000, effort="low"),
}


def model_settings(role: Role) -> "ModelSettings":
    """The explicit settings every request of `role` carries (Anthropic requires max_tokens)."""
    return RUN_SETTINGS[role].model_settings()
