"""Blame-linting a whole read Markdown post-mortem: the narrative is checked, the places for names are not.

Names belong in the roles/header sections, credit sections ("Acknowledgements", "Attendees"), owner columns
(whatever the header: Owner, Assignee, DRI, Responsible ...), people fields ("Owner: @dana" inside an
action item, "Facilitator: ..." in the brief; see blame_fields), paragraphs that only list people, and the
front matter. Those are skipped, and the names found there are handed to the sentence linter as known
people, so "Oluwaseun paged the storage on-call" in the timeline is caught although no cue marks the name.
"""

import re
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from agent.grading.blame_names import names_in
from agent.grading.text import leading_date, leading_time, plain
from agent.models.document import Document, Table

if TYPE_CHECKING:
    from agent.grading.blame import BlameFinding, BlameLinter

_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]+")
# What may remain of a paragraph that only lists people once the people are taken out.
_ROSTER_REST = re.compile(r"(?:[\W_]|\band\b|\bcc\b)*", re.IGNORECASE)
_ROSTER_MAX = 400


@dataclass(frozen=True)
class PieceContext:
    """How a piece of narrative is read: names in it are a record (a timeline row), or some rules are the
    section's method there."""

    naming_neutral: bool = False  # a record: a timeline row or a quoted chat line
    muted_rules: frozenset[str] = frozenset()


class _LowerCaseWords:
    """The words a document writes in lower case, read on the first question (most documents never ask)."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def words(self) -> frozenset[str]:
        return frozenset(_LOWER_WORD.findall(self.text))

    def __contains__(self, word: object) -> bool:
        return word in self.words


def _key(label: str) -> str:
    return re.sub(r"[\s-]+", "_", plain(label).strip().lower())


class DocumentLinter:
    def __init__(self, linter: "BlameLinter") -> None:
        self.linter = linter
        scope = linter.config.document
        self.skipped = set(scope.skip_sections)
        self.skipped_title = re.compile(scope.skip_titles)
        self.people_keys = {key.lower() for key in scope.people_keys}
        self.owner_column = re.compile(scope.owner_columns, re.IGNORECASE)
        self.byline = re.compile(scope.byline)
        self.naming_neutral = set(scope.naming_neutral_sections)
        self.chat_line = re.compile(scope.chat_line)
        self.method_rules = scope.method_rules

    def lint(self, doc: Document) -> list["BlameFinding"]:
        people = self.people_in(doc)
        known = self.linter.finder.known_pattern(people)
        pieces: list[tuple[str, int]] = []  # every narrative text with its line, linted in one pass
        contexts: list[PieceContext] = []
        for section in doc.sections:
            if self._skips(section):
                continue
            muted = frozenset(self.method_rules.get(section.canonical or "", ()))
            neutral_section = section.canonical in self.naming_neutral
            # two contexts per section, shared by its pieces (thousands of table cells in a long review)
            as_record, as_prose = PieceContext(True, muted), PieceContext(False, muted)

            def add(text: str, line: int, row: bool = False, neutral: bool = neutral_section,
                    as_record: PieceContext = as_record, as_prose: PieceContext = as_prose) -> None:
                pieces.append((text, line))
                contexts.append(as_record if neutral or row or self._is_record(text) else as_prose)

            if section.level > 0 and section.title:
                add(section.title, section.line)
            for block in section.blocks:
                if not self.byline.match(plain(block.text)) and not self._lists_only_people(block.text, known):
                    add(block.text, block.line)
            for table in section.tables:
                if self._is_roles_table(table):
                    continue
                narrative = [i for i, head in enumerate(table.header) if not self.owner_column.match(plain(head))]
                for row, line in zip(table.rows, table.row_lines, strict=False):
                    timed = any(leading_time(cell) or leading_date(cell) for cell in row[:2])
                    for i in narrative:
                        if i < len(row):
                            add(row[i], line, row=timed)
        findings = self.linter.lint_pieces(pieces, people, contexts) if pieces else []
        return sorted(findings, key=lambda finding: finding.line)

    def _is_record(self, text: str) -> bool:
        """A timeline entry ("15:03 jennifer notifies ...") or a quoted chat line ("tony [1:50 PM] ...")."""
        flat = plain(text)
        return leading_time(flat) or leading_date(flat) or bool(self.chat_line.match(flat))

    def _skips(self, section) -> bool:
        return section.canonical in self.skipped or bool(section.title and self.skipped_title.search(section.title))

    def _lists_only_people(self, text: str, known: re.Pattern | None) -> bool:
        """'@ana, @bo and lee@example.com': nothing but people and separators."""
        cleaned = plain(text)
        if len(cleaned) > _ROSTER_MAX or ("@" not in cleaned and known is None):
            return False
        refs = self.linter.finder.addresses_and_known(cleaned, known)
        if not refs:
            return False
        rest = list(cleaned)
        for ref in refs:
            rest[ref.start : ref.end] = " " * (ref.end - ref.start)
        return _ROSTER_REST.fullmatch("".join(rest)) is not None

    def _is_roles_table(self, table: Table) -> bool:
        headers = [plain(head).lower() for head in table.header]
        return any("role" in head for head in headers) and any(self.owner_column.match(h) for h in headers)

    def people_in(self, doc: Document) -> tuple[str, ...]:
        """Names the document itself lists as people: front matter, roles sections, bylines, owner columns."""
        roster: list[str] = []  # every value is a person, chat nicks included
        listed: list[str] = []  # values stated to be people ("Scribe: ..." in the header)
        owners: list[str] = []  # owner cells and bylines also hold teams: single ordinary words do not count
        for key, value in doc.front_matter.items():
            if _key(str(key)) in self.people_keys:
                roster += [str(item) for item in value] if isinstance(value, list) else [str(value)]
        for section in doc.sections:
            owners += [block.text for block in section.blocks if self.byline.match(plain(block.text))]
            if self._skips(section):
                for block in section.blocks:
                    label, colon, value = block.text.partition(":")
                    if not colon and section.canonical == "roles":
                        roster.append(block.text)
                    elif colon and (_key(label) in self.people_keys or self.linter.finder.has_role(label)):
                        listed.append(value)
            for table in section.tables:
                columns = [i for i, head in enumerate(table.header) if self.owner_column.match(plain(head))]
                cells = [row[i] for row in table.rows for i in columns if i < len(row)]
                (roster if self._is_roles_table(table) else owners).extend(cells)
        common = _LowerCaseWords("\n".join(doc.lines))
        finder = self.linter.finder
        names = {name for value in roster for name in names_in(value, finder, trust_shape=True, nicks=True)}
        names |= {name for value in listed for name in names_in(value, finder, trust_shape=True)}
        names |= {name for value in owners for name in names_in(value, finder, trust_shape=False, common_words=common)}
        return tuple(sorted(names))
