"""Which engine drafts the cases, and the recorded model exchange each case replays (or re-records).

Offline by default. With a model (--model, or a key in the environment) every case replays its
cassette.yaml through vcrpy, so a model's scores are reproducible in CI without a key; --record drafts against
the real API and rewrites the cassettes.
"""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from pydantic import BaseModel, ConfigDict, Field

from agent.errors import InputError, ModelConfigError, UsageError
from agent.evaluation.cases import EvalCase
from agent.llm.models import ModelChoice, resolve_model


class EvalEngine(BaseModel):
    model_config = ConfigDict(frozen=True)

    choice: ModelChoice
    record: bool = False
    env: dict[str, str] = Field(default_factory=dict, repr=False)
    notice: str | None = None

    @property
    def name(self) -> str:
        return self.choice.name


def choose_engine(model: str | None, *, offline: bool, record: bool, env: Mapping[str, str],
                  cases: list[EvalCase]) -> EvalEngine:
    if record and offline:
        raise UsageError("--record re-records the model cassettes; it cannot be combined with --offline")
    choice = resolve_model(model, offline=offline, env=env)
    if record and choice.offline:
        raise ModelConfigError("--record needs a model key: set ANTHROPIC_API_KEY (or pass --model and that "
                               "provider's key) to re-record evals/cases/*/cassette.yaml")
    notice = choice.notice
    unrecorded = [case for case in cases if not case.cassette.is_file()]
    if not record and not choice.offline and unrecorded:
        if choice.source != "default":
            raise InputError(f"{unrecorded[0].cassette}: no recorded exchange for {choice.name}; "
                             "record the cassettes with --record (needs the key) or run --offline")
        # A key in the environment alone should not break the suite before anyone has recorded cassettes.
        notice = (f"{len(unrecorded)} case(s) have no recorded model exchange: evaluating the offline engine "
                  f"(postmortem eval --record records them with {choice.name})")
        choice = resolve_model(None, offline=True, env=env)
    return EvalEngine(choice=choice, record=record, env=dict(env), notice=notice)


@contextmanager
def model_exchange(engine: EvalEngine, case: EvalCase) -> Iterator[None]:
    """Replay (or record) the case's HTTP exchange with the model; nothing to do for the offline engine."""
    if engine.choice.offline:
        yield
        return
    from agent.evaluation.cassette import cassette_vcr

    if engine.record:
        # Recorded beside the old cassette and swapped in only when the draft succeeded.
        partial = case.cassette.with_name(case.cassette.name + ".partial")
        partial.unlink(missing_ok=True)
        try:
            with cassette_vcr("all").use_cassette(str(partial)) as cassette:
                cassette.get_metadata("model", engine.name)
                yield
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(case.cassette)
        return
    with cassette_vcr("none").use_cassette(str(case.cassette)) as cassette:
        yield
    if not cassette.all_played:
        raise InputError(f"{case.cassette}: the draft made fewer model requests than were recorded; "
                         "prompts or tools changed, re-record with --record")


def check_engine(engine: EvalEngine, case: EvalCase, drafted_by: str, fallback_reason: str | None) -> None:
    """A replay whose requests no longer match falls back to the offline engine; that must not pass as the model."""
    if drafted_by != engine.name:
        raise InputError(f"{case.cassette}: {engine.name} fell back to {drafted_by} "
                         f"({fallback_reason or 'no reason given'}); a replay falls back when the requests no longer "
                         "match the recording (prompts or tools changed): re-record with --record")
