"""An eval case: a transcript of our own writing and `expected.yaml`, what a correct draft of it must contain.

A field left out of expected.yaml is not checked; a field given as null is checked for absence ("the transcript
states no severity, so the draft must not claim one").
"""

import datetime as dt
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from agent.errors import InputError, UsageError
from agent.models.impact import ImpactUnit, SeverityLevel
from agent.models.timeline import EventKind

EXPECTED_FILE = "expected.yaml"
CASSETTE_FILE = "cassette.yaml"
_CLOCK = re.compile(r"^(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DraftOptions(_Strict):
    """What `postmortem draft` would be given for this transcript; `today` is pinned so scores do not drift."""

    today: dt.date
    date: dt.date | None = Field(default=None, description="date of the first message, for logs with times only")
    tz: str | None = None
    format: str | None = None

    @field_validator("tz", "format")
    @classmethod
    def _known(cls, value: str | None, info: ValidationInfo) -> str | None:
        """The same checks `draft --tz/--format` makes, so a typo names expected.yaml, not a draft failure."""
        from agent.transcript.parse import check_options

        fmt, tz = (value, None) if info.field_name == "format" else (None, value)
        try:
            check_options(fmt, tz)
        except UsageError as error:
            raise ValueError(str(error)) from None
        return value


class ExpectedMetrics(_Strict):
    """Minutes per SPEC definition; null means the transcript cannot tell, so the draft must leave it unknown."""

    ttd_minutes: float | None = None
    tta_minutes: float | None = None
    ttm_minutes: float | None = None
    ttr_minutes: float | None = None
    ttc_minutes: float | None = None

    def checked(self) -> dict[str, float | None]:
        return {name: getattr(self, name) for name in self.model_fields_set}


class ExpectedEvent(_Strict):
    """A key timeline event. `time` is HH:MM as the draft shows it (UTC when the source carries offsets or
    --tz is given) or a full ISO datetime; `text` is a fragment the event's wording must contain."""

    kind: EventKind
    time: str
    text: str | None = None

    @field_validator("time")
    @classmethod
    def _readable_time(cls, value: str) -> str:
        if not _CLOCK.match(value):
            try:
                dt.datetime.fromisoformat(value)
            except ValueError:
                raise ValueError("give HH:MM or an ISO datetime such as 2026-05-18T05:41Z") from None
        return value

    def moment(self) -> dt.time | dt.datetime:
        clock = _CLOCK.match(self.time)
        if clock:
            return dt.time(int(clock["hour"]), int(clock["minute"]))
        return dt.datetime.fromisoformat(self.time)


class ExpectedAction(_Strict):
    """An action item the transcript states: a fragment of its wording and, when written, who owns it
    (null: the transcript names nobody, so the draft must not invent an owner)."""

    text: str = Field(min_length=3)
    owner: str | None = None

    @property
    def owner_checked(self) -> bool:
        return "owner" in self.model_fields_set


class ExpectedFigure(_Strict):
    value: float
    unit: ImpactUnit | None = None


class Expected(_Strict):
    description: str = ""
    transcript: str = Field(default="", description="file name inside the case folder; default: the one transcript.*")
    draft_options: DraftOptions
    severity: SeverityLevel | None = None
    metrics: ExpectedMetrics = Field(default_factory=ExpectedMetrics)
    timeline: list[ExpectedEvent] = Field(default_factory=list)
    actions: list[ExpectedAction] = Field(default_factory=list)
    impact: list[ExpectedFigure] = Field(default_factory=list)
    must_not_contain: list[str] = Field(default_factory=list,
                                        description="secrets, e-mails, phone numbers, injected claims")

    @property
    def severity_checked(self) -> bool:
        return "severity" in self.model_fields_set

    @property
    def actions_checked(self) -> bool:
        return "actions" in self.model_fields_set


class EvalCase(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    folder: Path
    transcript: Path
    expected: Expected

    @property
    def cassette(self) -> Path:
        return self.folder / CASSETTE_FILE


def default_cases_dir(cwd: Path) -> Path:
    """evals/cases under the working directory: the cases are the project's, not the package's (a wheel has none)."""
    return cwd / "evals" / "cases"


def load_cases(folder: Path) -> list[EvalCase]:
    """Every sub-folder holding an expected.yaml, by name. Bad files raise ConfigError naming file and field."""
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such cases folder (give --cases DIR)")
    cases = [load_case(path.parent) for path in sorted(folder.glob(f"*/{EXPECTED_FILE}"))]
    if not cases:
        raise InputError(f"{folder}: no eval cases (each case is a folder with {EXPECTED_FILE} and a transcript)")
    return cases


def load_case(folder: Path) -> EvalCase:
    from agent.grading.schema_errors import describe, display_path, read_yaml

    file = folder / EXPECTED_FILE
    try:
        expected = Expected.model_validate(read_yaml(file))
    except ValidationError as error:
        from agent.errors import ConfigError

        raise ConfigError(describe(file, error)) from None
    return EvalCase(name=folder.name, folder=folder, transcript=_transcript(folder, expected, display_path(file)),
                    expected=expected)


def _transcript(folder: Path, expected: Expected, shown: str) -> Path:
    if expected.transcript:
        path = folder / expected.transcript
        if not path.is_file():
            raise InputError(f"{shown}: transcript: {expected.transcript} is not a file in {folder.name}/")
        return path
    found = sorted(p for p in folder.glob("transcript*") if p.is_file())
    if len(found) != 1:
        raise InputError(f"{shown}: transcript: name the transcript file ({len(found)} transcript* files found)")
    return found[0]
