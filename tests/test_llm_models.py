"""Model selection: explicit beats env beats default; no key means offline; an explicit model needs its key."""

import pytest

from agent.errors import ModelConfigError
from agent.llm.models import DEFAULT_MODEL, build_model, resolve_model


def test_no_key_and_no_model_falls_back_to_offline_with_one_line_notice():
    choice = resolve_model(None, offline=False, env={})
    assert choice.offline and choice.source == "no-key"
    assert "ANTHROPIC_API_KEY" in choice.notice and "\n" not in choice.notice


def test_default_is_a_claude_sonnet_when_the_key_exists():
    choice = resolve_model(None, offline=False, env={"ANTHROPIC_API_KEY": "k"})
    assert choice.name == DEFAULT_MODEL and DEFAULT_MODEL.startswith("anthropic:claude-sonnet")
    assert choice.source == "default" and choice.notice is None


def test_default_is_configurable():
    env = {"POSTMORTEM_DEFAULT_MODEL": "ollama:llama3.1"}
    assert resolve_model(None, offline=False, env=env).name == "ollama:llama3.1"


def test_cli_flag_beats_environment():
    env = {"POSTMORTEM_MODEL": "anthropic:claude-haiku-4-5", "ANTHROPIC_API_KEY": "k", "OPENAI_API_KEY": "o"}
    assert resolve_model("openai:gpt-5", offline=False, env=env).name == "openai:gpt-5"
    assert resolve_model(None, offline=False, env=env).name == "anthropic:claude-haiku-4-5"


def test_explicit_anthropic_model_without_key_names_the_variable():
    with pytest.raises(ModelConfigError, match="ANTHROPIC_API_KEY") as raised:
        resolve_model("anthropic:claude-sonnet-5-5", offline=False, env={})
    assert raised.value.exit_code == 2
    with pytest.raises(ModelConfigError, match="ANTHROPIC_API_KEY"):
        resolve_model(None, offline=False, env={"POSTMORTEM_MODEL": "anthropic:claude-sonnet-5-5"})


def test_offline_flag_wins_over_everything():
    choice = resolve_model("anthropic:claude-sonnet-5-5", offline=True, env={"ANTHROPIC_API_KEY": "k"})
    assert choice.offline and choice.notice is None


def test_malformed_model_string_is_a_config_error():
    with pytest.raises(ModelConfigError, match="provider:model"):
        resolve_model("claude", offline=False, env={})


def test_openai_compatible_local_server_needs_no_key():
    env = {"OPENAI_BASE_URL": "http://127.0.0.1:8000/v1"}
    choice = resolve_model("openai:qwen2.5", offline=False, env=env)
    model = build_model(choice)
    assert type(model).__name__ == "OpenAIChatModel"
    assert model.base_url.startswith("http://127.0.0.1:8000/v1")


def test_ollama_uses_its_provider_with_a_default_local_url():
    model = build_model(resolve_model("ollama:llama3.1", offline=False, env={}))
    assert type(model).__name__ == "OllamaModel" and model.model_name == "llama3.1"
    assert model.base_url.startswith("http://localhost:11434/v1")
    custom = build_model(resolve_model("ollama:qwen3", offline=False, env={"OLLAMA_BASE_URL": "http://127.0.0.2:11434/v1"}))
    assert custom.base_url.startswith("http://127.0.0.2:11434/v1")


def test_anthropic_model_is_built_with_the_key_from_env_and_no_sdk_retries():
    model = build_model(resolve_model("anthropic:claude-sonnet-5-5", offline=False, env={"ANTHROPIC_API_KEY": "sk-test"}))
    assert type(model).__name__ == "AnthropicModel" and model.model_name == "claude-sonnet-5-5"
    assert model.client.max_retries == 0 and model.client.api_key == "sk-test"


def test_keys_never_appear_in_the_choice_repr_or_dump():
    choice = resolve_model(None, offline=False, env={"ANTHROPIC_API_KEY": "sk-secret-value"})
    assert "sk-secret-value" not in repr(choice) and "sk-secret-value" not in choice.model_dump_json()


def test_unknown_provider_is_a_config_error_naming_the_model():
    with pytest.raises(ModelConfigError, match="nosuchprovider:x"):
        build_model(resolve_model("nosuchprovider:x", offline=False, env={}))
