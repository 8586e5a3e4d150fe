"""Exception types raised by library code; the CLI maps each to one line and an exit code."""


class PostmortemError(Exception):
    """Base class: a problem the user can act on. `exit_code` is what the CLI returns."""

    exit_code = 2


class InputError(PostmortemError):
    """The input cannot be read or understood (empty, binary, malformed, too large, missing)."""


class UsageError(PostmortemError):
    """An option value is invalid (unknown time zone, bad date, unknown format or rubric)."""


class ConfigError(PostmortemError):
    """A configuration file (rubric, gates) or environment setting is invalid."""


class ModelConfigError(PostmortemError):
    """A model was requested but cannot be used (missing key, unknown provider)."""


class StoreError(PostmortemError):
    """The knowledge-base store is missing, corrupt or unreachable."""


class EmbeddingModelMissing(StoreError):
    """The optional embedding package is not installed: drafts go without similar incidents, `kb` stops."""


class ModelCallError(PostmortemError):
    """A model request failed after retries; callers fall back to the offline engine."""
