"""Blame-linting a whole read Markdown post-mortem: the narrative is checked, the places for names are not.

Names belong in the roles/header sections, the owner column and the front matter. Those are skipped, and
the names found there are handed to the sentence linter as known people, so "Oluwaseun paged the storage
on-call" in the timeline is caught even though no list of common names would know it.
"""

import re
from typing import TYPE_CHECKING

from agent.grading.text import is_placeholder, plain
from agent.models.document import Document, Table

if TYPE_CHECKING:
    from agent.grading.blame import BlameFinding, BlameLinter

_LIST_SPLIT = re.compile(r"\s*(?:[,;/&|+]|\band\b)\s*")
_NAME_SHAPE = re.compile(r"[A-Z][a-z]+(?:[ '-][A-Z][a-z]+){0,2}")


def _key(label: str) -> str:
    return re.sub(r"[\s-]+", "_", plain(label).strip().lower())


class DocumentLinter:
    def __init__(self, linter: "BlameLinter") -> None:
        self.linter = linter
        scope = linter.config.document
        self.skipped = set(scope.skip_sections)
        self.people_keys = {key.lower() for key in scope.people_keys}
        self.owner_column = re.compile(scope.owner_columns, re.IGNORECASE)
        self.byline = re.compile(scope.byline)

    def lint(self, doc: Document) -> list["BlameFinding"]:
        pieces: list[tuple[str, int]] = []  # every narrative text with its line, linted in one pass
        for section in doc.sections:
            if section.canonical in self.skipped:
                continue
            if section.level > 0 and section.title:
                pieces.append((section.title, section.line))
            pieces += [(b.text, b.line) for b in section.blocks if not self.byline.match(plain(b.text))]
            for table in section.tables:
                if self._is_roles_table(table):
                    continue
                narrative = [i for i, head in enumerate(table.header) if not self.owner_column.match(plain(head))]
                for row, line in zip(table.rows, table.row_lines, strict=False):
                    pieces += [(row[i], line) for i in narrative if i < len(row)]
        findings = self.linter.lint_pieces(pieces, self.people_in(doc)) if pieces else []
        return sorted(findings, key=lambda finding: finding.line)

    def _is_roles_table(self, table: Table) -> bool:
        headers = [plain(head).lower() for head in table.header]
        return any("role" in head for head in headers) and any(self.owner_column.match(h) for h in headers)

    def people_in(self, doc: Document) -> tuple[str, ...]:
        """Names the document itself lists as people: front matter, roles sections, bylines, owner columns."""
        listed: list[str] = []  # values stated to be people: any name-shaped value counts
        owners: list[str] = []  # owner cells and bylines also hold teams: only recognisable names count
        for key, value in doc.front_matter.items():
            if _key(str(key)) in self.people_keys:
                listed += [str(item) for item in value] if isinstance(value, list) else [str(value)]
        for section in doc.sections:
            owners += [block.text for block in section.blocks if self.byline.match(plain(block.text))]
            if section.canonical in self.skipped:
                for block in section.blocks:
                    label, colon, value = block.text.partition(":")
                    if not colon and section.canonical == "roles":
                        listed.append(block.text)
                    elif colon and (_key(label) in self.people_keys or self.linter.finder.has_role(label)):
                        listed.append(value)
            for table in section.tables:
                columns = [i for i, head in enumerate(table.header) if self.owner_column.match(plain(head))]
                cells = [row[i] for row in table.rows for i in columns if i < len(row)]
                (listed if self._is_roles_table(table) else owners).extend(cells)
        names = {name for value in listed for name in self._names_in(value, trust_shape=True)}
        names |= {name for value in owners for name in self._names_in(value, trust_shape=False)}
        return tuple(sorted(names))

    def _names_in(self, value: str, *, trust_shape: bool) -> list[str]:
        """'Alice Smith, @bob and Payments team' -> ['Alice Smith', '@bob']: only parts that look like people.

        With `trust_shape` (a roles table, front matter) any capitalised name counts unless it contains a role
        or organisation word; otherwise (owner cells, which often name teams) only recognisable names do.
        """
        finder = self.linter.finder
        names = []
        for part in (p.strip(" .()*_") for p in _LIST_SPLIT.split(plain(value))):
            if not part or is_placeholder(part) or len(part) > 40:
                continue
            refs = finder.find(part)
            if any(ref.named and (ref.text == part or ref.kind in {"handle", "email"}) for ref in refs):
                names.append(part)
            elif trust_shape and _NAME_SHAPE.fullmatch(part) and not finder.names_a_function(part):
                names.append(part)
        return names
