"""Numbers a document's open questions so each is written once and every gap points at it ("Unknown — ask Q3").

The pack keeps full "Unknown — ask: <question>" values (the JSON contract is complete on its own); only the
rendered Markdown swaps them for short markers, numbered in order of first mention, and lists the questions
once under Open questions."""

import re

from agent.models import OpenQuestion
from agent.models.pack import UNKNOWN_PREFIX

UNSORTED_SECTION = "Other"  # a label written outside any section the renderer names
MARKER = UNKNOWN_PREFIX.rstrip(": ") + " Q{number}"
# A label inside a longer text (an LLM's sentence, a TL;DR line): the question runs to its question mark, or to
# the end of the text when it has none.
_EMBEDDED = re.compile(re.escape(UNKNOWN_PREFIX) + r"(.+?\?(?=\s|$)|.+$)")


class QuestionIndex:
    def __init__(self, asked: list[OpenQuestion]) -> None:
        self._asked: dict[str, OpenQuestion] = {}
        for question in asked:
            self._asked.setdefault(question.question, question)
        self._numbered: dict[str, int] = {}
        self._listed: list[OpenQuestion] = []

    def marker(self, question: str, section: str | None = None) -> str:
        """The short marker for `question`, numbering it at its first mention."""
        if question not in self._numbered:
            self._listed.append(self._asked.get(question) or OpenQuestion(section=section or UNSORTED_SECTION,
                                                                          question=question))
            self._numbered[question] = len(self._listed)
        return MARKER.format(number=self._numbered[question])

    def label(self, text: str | None, section: str | None = None) -> str | None:
        """`text` with every "Unknown — ask: …" label in it replaced by its marker."""
        if text is None or UNKNOWN_PREFIX not in text:
            return text
        if text.startswith(UNKNOWN_PREFIX):
            return self.marker(text.removeprefix(UNKNOWN_PREFIX).strip(), section)
        return _EMBEDDED.sub(lambda match: self.marker(match.group(1), section), text)

    def listing(self) -> list[tuple[int, OpenQuestion]]:
        """Every question, numbered: those the document mentioned first, then the pack's remaining ones."""
        for question in self._asked.values():
            self.marker(question.question)
        return list(enumerate(self._listed, start=1))
