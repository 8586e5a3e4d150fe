"""Fields that name people inside running text: "Owner: @dana, due 2026-03-20", "Facilitator: Ngozi Eze".

Action items, briefs and dissemination plans carry their owners, facilitators and recipients as labelled
fields inside list items and paragraphs. A field's value is where a name belongs, not narrative: it is
blanked (same length, so offsets stay aligned) before the sentence rules run, and returned so its names
can be learned as people. Chat-ops commands that assign people ("/assign @kofi", "/cc @ana") are fields too.
"""

import re

from agent.grading.blame_rules import PeopleLexicon

# Where a field may start: a line or list item, after an opening bracket or separator, or a new sentence.
_FIELD_START = r"(?:^|(?<=[(\[,;|—–])|(?<=[.!?:]\s)|(?<=\s[-—–]\s))[ \t]*(?:[-*+][ \t]+|\d+[.)][ \t]+)?"
# Where its value ends: the line, a separator, the next field of an action ("due", "by 2026-..."), a sentence.
_VALUE_END = (
    r"(?=[ \t]*(?:$|[\n;|)]|,[ \t]*(?i:due|by|eta|until|target|deadline|priority|status|ticket|success|follow)\b"
    r"|[ \t](?i:due|by)[ \t]+\d|\.(?:[ \t]|$)|[ \t][—–][ \t]))"
)
_COMMAND = re.compile(r"(?<![\w/])/(?:assign|unassign|cc|uncc|approve|lgtm|hold)\b(?:[ \t,]+@[\w.-]+)*")
_SEPARATOR = re.compile(r"[:=]")
_LABEL_LAST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz*_")
_GENERIC_ROLES = frozenset({"person", "people", "human", "individual"})
_LIST_SPLIT = re.compile(r"\s*(?:[,/&+]|\band\b)\s*")
# What a role-labelled value holds when it is a field ("Incident commander: Marcus Chen", "Scribe: @lee",
# "Comms: the support team") rather than a quoted speaker ("Manager: why didn't you page us?").
_PERSON_VALUE = re.compile(
    r"@[\w.-]+|[\w.+-]+@[\w.-]*|\[[^\]]*\]|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}"
    r"|(?:(?:the|our)\s+)?(?:[\w-]+\s+){0,2}(?:team|squad|group|rota|rotation|on-?call)|\w+\s*\([^()]*\)|"
)


class FieldBlanker:
    def __init__(self, lexicon: PeopleLexicon) -> None:
        self.labels = {label.lower() for label in lexicon.field_labels}
        roles = {r.lower() for r in lexicon.role_nouns} - _GENERIC_ROLES
        alternation = "|".join(
            re.escape(label).replace(r"\ ", r"[ \t]+") for label in sorted(self.labels | roles, key=len, reverse=True)
        )
        self.pattern = re.compile(
            _FIELD_START
            + rf"(?P<field>(?:[A-Za-z][\w-]*[ \t]+)?(?P<label>(?i:{alternation}))[ \t]*[:=][ \t]*(?P<value>[^\n;|)]*?))"
            + _VALUE_END,
            re.MULTILINE,
        )

    def _is_field(self, match: re.Match) -> bool:
        """A people label's value always is; a role's only when it lists people (else it is a speaker)."""
        if " ".join(match.group("label").lower().split()) in self.labels:
            return True
        return all(_PERSON_VALUE.fullmatch(part) for part in _LIST_SPLIT.split(match.group("value").strip()))

    def blank(self, text: str) -> tuple[str, list[str]]:
        """The text with every people field blanked, and the fields' values."""
        if ":" not in text and "=" not in text and "/" not in text:
            return text, []
        values: list[str] = []
        pieces: list[str] = []
        previous = 0
        for match in self._fields(text):
            start, end = match.span("field") if match.re is self.pattern else match.span()
            if start < previous:
                continue
            if match.re is self.pattern:
                if not self._is_field(match):
                    continue
                values.append(match.group("value"))
            pieces += [text[previous:start], " " * (end - start)]
            previous = end
        pieces.append(text[previous:])
        return "".join(pieces), values

    def _fields(self, text: str) -> list[re.Match]:
        """Field matches, looked for only on the lines where a word is followed by ':' or '='."""
        matches: list[re.Match] = []
        searched_to = 0
        for label_last, label_end in _label_ends(text):
            if label_last < searched_to:
                continue
            line_start = text.rfind("\n", 0, label_last) + 1
            line_end = text.find("\n", label_end)
            searched_to = len(text) if line_end < 0 else line_end
            matches += self.pattern.finditer(text, line_start, searched_to)
        matches += list(_COMMAND.finditer(text)) if "/" in text else []
        return sorted(matches, key=lambda match: match.start())


def _label_ends(text: str):
    """(last letter, end) of each "<word>:" or "<word> =": found from the separators, which are rare, rather than
    from the letters before them, which are most of the text."""
    for separator in _SEPARATOR.finditer(text):
        index = separator.start() - 1
        while index >= 0 and text[index] in " \t":
            index -= 1
        if index >= 0 and text[index] in _LABEL_LAST:
            yield index, separator.end()
