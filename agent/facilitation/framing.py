"""Requests that turn a review into a hunt for a culprit ("prove X caused it", "whose fault was it")."""

import re

_BLAME_FRAMING = re.compile(
    r"\bprove\b[^.?!\n]{0,60}\b(?:caused|causes|cause|fault|responsible|broke|to\s+blame)\b"
    r"|\bwhose\s+fault\b|\bwho(?:'s|\s+is|\s+was)\s+(?:to\s+blame|at\s+fault|guilty)\b"
    r"|\bwho\s+(?:is|was)\s+responsible\s+for\s+(?:the|this)\s+(?:outage|incident|failure|mess|problem|breakage)\b"
    r"|\bwho\s+(?:caused|broke|messed\s+up|screwed\s+up)\b|\bfind\s+(?:out\s+)?who\b[^.?!\n]{0,40}\b(?:caused|broke|did|responsible)\b"
    r"|\b(?:assign|pin|put)\s+(?:the\s+)?blame\b|\bblame\s+(?:on\s+)?(?:him|her|them|someone|somebody)\b"
    r"|\b(?:fire|punish|discipline|write\s+up)\s+(?:him|her|them|whoever|the\s+person)\b|\b\w+'s\s+fault\b",
    re.IGNORECASE,
)

REDIRECT = (
    "This review will not establish who is to blame. It asks how the system made the outcome likely (checks that "
    "were missing, defaults, signals, pressures), so people can say what they saw and knew. Performance concerns "
    "go through their own channel. The goal is recorded as a systems review."
)
STABILISE = (
    "The incident is still active: stabilise first (mitigate, restore service, keep customers informed). The review "
    "can wait; your answers so far are saved."
)


def blame_framing(text: str) -> bool:
    return _BLAME_FRAMING.search(text) is not None
