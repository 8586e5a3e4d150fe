"""Severity normalised onto one scale, SEV0-SEV4 plus near miss (SPEC: S/P/Critical-Low map onto it)."""

from collections.abc import Iterable

from agent.facts.cue import Cue
from agent.facts.naming import is_system
from agent.facts.phrasing import in_question
from agent.models import Message, Severity
from agent.models.impact import SeverityLevel

# The one mapping table; the README documents it and a mapped level says so in `mapping_note`.
SEVERITY_SCALES: dict[str, dict[str, SeverityLevel]] = {
    "sev": {"0": "SEV0", "1": "SEV1", "2": "SEV2", "3": "SEV3", "4": "SEV4"},
    "p": {"0": "SEV0", "1": "SEV1", "2": "SEV2", "3": "SEV3", "4": "SEV4"},
    "s": {"0": "SEV0", "1": "SEV1", "2": "SEV2", "3": "SEV3", "4": "SEV4"},
    "word": {"critical": "SEV1", "high": "SEV2", "medium": "SEV3", "low": "SEV4"},
}
_WORD = "critical|high|medium|low"
_TOKEN = Cue(
    r"\b(?:sev(?:erity)?|incident\s+level)[\s:_#-]*(?P<sev>[0-4])(?!\.\d)\b"
    r"|\b[pP](?P<p>[0-4])\b(?![.\d])|\bpriority[\s:#-]*(?P<p_word>[0-4])\b"
    r"|\b(?-i:S(?P<s>[0-4]))\b(?![.\d])(?!\s+(?:bucket|object|api|storage|endpoint|console))"
    rf"|\b(?:severity|sev|priority|impact)\s*(?:is\s+|level\s+)?[:=]?\s*(?P<word_after>{_WORD})\b"
    rf"|\b(?P<word_before>{_WORD})[\s-]+(?:severity|priority|sev|impact)\b"
    rf"|\b(?P<word_incident>critical)\s+(?:incident|outage)\b"
    r"|\b(?P<near>near[\s-]?miss)\b",
    ("sev", "severity", "incident", "p0", "p1", "p2", "p3", "p4", "priority", "s0", "s1", "s2", "s3", "s4", "impact",
     "critical", "high", "medium", "low", "near"),
    cased=True,
)
# Words that make a P1 / S1 / "high" a severity rather than a ticket priority or a bucket name.
_CONTEXT = Cue(
    r"\b(?:declar\w*|this\s+is\s+(?:a|an|now)|treat\w*|upgrad\w*|downgrad\w*|bump\w*|rais\w*|lower\w*|"
    r"escalat\w*|severity|priority|incident|outage|classif\w*|calling\s+(?:it|this))\b",
    ("declar", "this", "treat", "upgrad", "downgrad", "bump", "rais", "lower", "escalat", "severity", "priority", "incident",
     "outage", "classif", "calling"),
)
_SEV_ONLY = Cue(r"\bsev(?:erity)?[\s:_#-]*[0-4]\b|\bnear[\s-]?miss\b", ("sev", "severity", "near"))


def normalise_severity(text: str) -> Severity | None:
    """'SEV1', 'sev 2', 'P1', 'S3', 'Critical', 'high severity', 'near miss' -> a canonical Severity."""
    bare = text.strip().strip(".!:").lower()
    if bare in SEVERITY_SCALES["word"]:
        return _mapped(text.strip(), SEVERITY_SCALES["word"][bare])
    match = _TOKEN.search(text)
    if match is None:
        return None
    original = match.group(0).strip()
    if match.group("sev"):
        return Severity(level=SEVERITY_SCALES["sev"][match.group("sev")], original=original)
    if match.group("near"):
        return Severity(level="near-miss", original=original)
    if match.group("p") or match.group("p_word"):
        return _mapped(original, SEVERITY_SCALES["p"][match.group("p") or match.group("p_word")])
    if match.group("s"):
        return _mapped(original, SEVERITY_SCALES["s"][match.group("s")])
    word = (match.group("word_after") or match.group("word_before") or match.group("word_incident")).lower()
    return _mapped(original, SEVERITY_SCALES["word"][word])


def _mapped(original: str, level: SeverityLevel) -> Severity:
    return Severity(level=level, original=original, mapping_note=f"{original} mapped to {level}")


def severity_in(message: Message) -> Severity | None:
    """The severity a person declares or changes to in this message, if any."""
    text = message.text
    if is_system(message) or not (_SEV_ONLY.search(text) or _CONTEXT.search(text)):
        return None
    token = _TOKEN.search(text)
    if token is None or in_question(text, token.start()):
        return None
    found = normalise_severity(text)
    if found is None or (found.mapping_note and not _CONTEXT.search(text)):
        return None
    return found.model_copy(update={"source_lines": [message.line]})


def incident_severity(messages: Iterable[Message]) -> Severity | None:
    """The last severity set in the channel: severity may be raised or lowered as the incident unfolds."""
    latest = None
    for message in messages:
        latest = severity_in(message) or latest
    return latest
