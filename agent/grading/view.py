"""Everything gates and signals read from a document, parsed once: header fields, timeline, actions, triggers."""

import re
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from pydantic import BaseModel

from agent.document.headings import is_time_or_date_title, normalise_title
from agent.document.query import Item, items_in, items_of, sections_of, top_level
from agent.grading.actions import ParsedAction, parse_actions
from agent.grading.figures import Figure, impact_figures
from agent.grading.text import first_date, is_placeholder, leading_date, leading_time, mentions_unknown, plain
from agent.grading.triggers import ParsedTrigger, parse_triggers
from agent.models.document import Document, Section

if TYPE_CHECKING:
    from agent.grading.blame import BlameFinding

_KEY_VALUE = re.compile(r"^\W{0,3}(?P<k>[A-Za-z][\w ()/&%'.-]{0,30}?)\s*\W?\s*:\s*\W{0,3}(?P<v>\S.*)$")
_MIN_UNHEADED_RUN = 3
_NOT_NARRATIVE = frozenset({"brief", "open_questions"})
_MIN_LEAD_WORDS = 25
INCIDENT_DATE_KEYS = frozenset({"date", "incident date", "date of incident", "start", "started", "incident start",
                                "occurred", "date of the incident", "when"})
WRITTEN_DATE_KEYS = frozenset({"published", "date written", "written", "draft date", "date of post mortem",
                               "date of postmortem", "postmortem date", "post mortem date", "report date",
                               "created", "date of review", "review date"})


_LAST: "DocumentView | None" = None


class HeaderField(BaseModel):
    key: str
    value: str
    line: int


class TimelineEntry(BaseModel):
    text: str
    line: int
    timestamped: bool
    source: str = ""  # the entry as written, links included (text is plain)


class DocumentView:
    def __init__(self, doc: Document):
        self.doc = doc

    @classmethod
    def of(cls, doc: Document) -> "DocumentView":
        """The view of this very document object, reused between the gate checks and the scoring."""
        global _LAST
        if _LAST is None or _LAST.doc is not doc:
            _LAST = cls(doc)
        return _LAST

    @cached_property
    def actions(self) -> list[ParsedAction]:
        return parse_actions(self.doc)

    @cached_property
    def triggers(self) -> list[ParsedTrigger]:
        return parse_triggers(self.doc)

    @cached_property
    def blame_findings(self) -> list["BlameFinding"]:
        """The blame linter's findings (names included), read once for the two gates that report them."""
        from agent.grading.blame import lint_document

        return lint_document(self.doc)

    @cached_property
    def header_fields(self) -> list[HeaderField]:
        return _header_fields(self.doc)

    def field(self, keys: frozenset[str] | set[str]) -> HeaderField | None:
        return next((f for f in self.header_fields if f.key in keys and not is_placeholder(f.value)), None)

    @cached_property
    def severity(self) -> str | None:
        from agent.facts.severity import normalise_severity

        for f in self.header_fields:
            if "sever" in f.key or f.key in ("sev", "priority", "impact level", "incident level"):
                found = normalise_severity(f.value) or normalise_severity(f"severity {f.value}")
                if found:
                    return found.level
        return None

    @cached_property
    def incident_date(self) -> date | None:
        """The header's incident date; failing that, the first date the summary states ("On 2019-10-21 ...")."""
        found = self.field(INCIDENT_DATE_KEYS)
        if found:
            return first_date(found.value)
        return next((d for d in (first_date(i.text) for i in self.summary_items) if d), None)

    @cached_property
    def written_date(self) -> date | None:
        """The header's written/published date; failing that, the date in a published page's address
        ("path = inside-rust/2019/10/24/...", "url: .../2024/07/08/...")."""
        found = self.field(WRITTEN_DATE_KEYS)
        if found:
            return first_date(found.value)
        for key, value in self.doc.front_matter.items():
            address = _DATED_ADDRESS.search(str(value)) if str(key).lower() in _ADDRESS_KEYS else None
            if address:
                try:
                    return date(*(int(part) for part in address.groups()))
                except ValueError:
                    continue
        return None

    @cached_property
    def summary_items(self) -> list[Item]:
        """The Summary section's items; failing that, the opening paragraphs before the first section heading
        (blog-style posts lead with their summary)."""
        filled = [i for i in items_of(self.doc, "summary") if not is_placeholder(i.text)]
        if filled:
            return filled
        opening = [s for s in self.doc.sections[:2] if s.canonical is None and (s.level == 0 or s.level == 1)]
        paragraphs = [i for s in opening for i in items_in(self.doc, s) if i.kind == "paragraph"]
        return paragraphs if sum(len(p.text.split()) for p in paragraphs) >= _MIN_LEAD_WORDS else []

    @cached_property
    def impact_items(self) -> list[Item]:
        """Where impact figures are read from: the Impact sections and the summary."""
        return items_of(self.doc, "impact") + self.summary_items

    @cached_property
    def figures(self) -> list[Figure]:
        return impact_figures(self.impact_items)

    @cached_property
    def narrative_lines(self) -> list[tuple[int, str]]:
        """(line number, lower-cased text) of the lines that say something about this incident: not the retro
        brief (goal and ground rules are norms), not open questions, not table header rows."""
        skipped: set[int] = set()
        for section in self.doc.sections:
            if section.canonical in _NOT_NARRATIVE:
                skipped.update(range(section.line, section.end_line + 1))
            skipped.update(table.line for table in section.tables)
        return [(number, text.lower()) for number, text in enumerate(self.doc.lines, start=1)
                if number not in skipped and not mentions_unknown(text)]

    @cached_property
    def timeline(self) -> tuple[list[TimelineEntry], str | None]:
        """(entries, note). Falls back to an unheaded run of timestamped list items when no section has one."""
        entries = _headed_timeline(self.doc)
        if any(e.timestamped for e in entries):
            return entries, None
        run, where = _longest_timestamped_run(self.doc)
        if len(run) >= _MIN_UNHEADED_RUN:
            note = f"no Timeline heading; used the {len(run)} timestamped items at line {run[0].line} (under '{where}')"
            return run, note
        told = _timed_sentences(self.doc)
        if len(told) >= _MIN_UNHEADED_RUN:
            return told, f"no timeline list; used the {len(told)} sentences that open with a time (line {told[0].line})"
        return entries, None


def _headed_timeline(doc: Document) -> list[TimelineEntry]:
    entries: list[TimelineEntry] = []
    for section in sections_of(doc, "timeline"):
        if is_time_or_date_title(section.title) and leading_time(section.title):
            entries.append(TimelineEntry(text=section.title, line=section.line, timestamped=True))
            continue
        for group in top_level(items_in(doc, section)):
            entry = _entry(group[0])
            if entry:
                entries.append(entry)
    return entries


def _dated(text: str) -> bool:
    """An entry placed in time: a clock time, or a date alone when the timeline spans days."""
    return leading_time(text) or leading_date(text)


# "Time to detect: ~10 minutes" under a timeline: a key duration (a metric), not an event.
_KEY_DURATION = re.compile(
    r"^[A-Za-z][\w /()'-]{2,40}:\s*[~≈<>]?\s*\d+(?:\.\d+)?\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\b"
)


def _entry(item: Item) -> TimelineEntry | None:
    if item.kind == "row":
        stamped = any(_dated(cell) for cell in item.cells[:2])
        return TimelineEntry(text=plain(item.text), line=item.line, timestamped=stamped, source=item.text)
    stamped = _dated(item.text)
    if not stamped and (item.kind == "paragraph" or _KEY_DURATION.match(plain(item.text))):
        return None  # an introduction such as "All times are UTC", or a key duration: not an event
    return TimelineEntry(text=plain(item.text), line=item.line, timestamped=stamped, source=item.text)


def _longest_timestamped_run(doc: Document) -> tuple[list[TimelineEntry], str]:
    best: list[TimelineEntry] = []
    where = ""
    for section in doc.sections:
        run: list[TimelineEntry] = []
        for group in top_level(items_in(doc, section)):
            head = group[0]
            if _dated(head.text) or any(_dated(c) for c in head.cells[:2]):
                run.append(TimelineEntry(text=plain(head.text), line=head.line, timestamped=True, source=head.text))
                if len(run) > len(best):
                    best, where = list(run), section.title or "the opening text"
            elif head.kind != "paragraph":
                run = []
    return best, where


_ADDRESS_KEYS = frozenset({"path", "url", "permalink", "slug", "canonical_url", "original_url"})
_DATED_ADDRESS = re.compile(r"(?:^|/)(\d{4})/(\d{1,2})/(\d{1,2})(?:/|$)")

# A timeline told in prose: "At 15:23 UTC we received a report ...", "By November 14, 15:02 UTC, ingestion ...".
_TIME_OPENER = re.compile(r"^(?:at|by|on|from|around|about|shortly after|just after|just before|until)\s+", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _timed_sentences(doc: Document) -> list[TimelineEntry]:
    """Sentences of the narrative's paragraphs that open with a clock time, in document order."""
    found: list[TimelineEntry] = []
    for section in doc.sections:
        if section.canonical in ("action_items", "parked_ideas", "appendix", "roles", "header"):
            continue
        for item in items_in(doc, section):
            if item.kind != "paragraph":
                continue
            for sentence in _SENTENCE_END.split(plain(item.text)):
                if leading_time(_TIME_OPENER.sub("", sentence, count=1)):
                    found.append(TimelineEntry(text=sentence, line=item.line, timestamped=True, source=sentence))
    return found


def _header_fields(doc: Document) -> list[HeaderField]:
    fields = [HeaderField(key=normalise_title(k), value=_scalar(v), line=1) for k, v in doc.front_matter.items()
              if _scalar(v)]
    for section in _header_sections(doc):
        if section.canonical in ("header", "roles", "dissemination") and section.level > 0 and section.blocks:
            joined = " ".join(b.text for b in section.blocks)
            fields.append(HeaderField(key=normalise_title(section.title), value=plain(joined), line=section.line))
        for table in section.tables:
            if len(table.header) >= 2:
                header_key = normalise_title(table.header[0])
                if header_key in ("field", "key", "role", "roles", "item", "property", ""):
                    fields += [HeaderField(key=normalise_title(row[0]), value=plain(row[1]), line=line)
                               for row, line in zip(table.rows, table.row_lines, strict=False) if len(row) >= 2]
                elif len(table.rows) == 1:
                    fields += [HeaderField(key=normalise_title(name), value=plain(cell), line=table.row_lines[0])
                               for name, cell in zip(table.header, table.rows[0], strict=False)]
        for block in section.blocks:
            for offset, raw in enumerate(block.text.split("\n")):
                match = _KEY_VALUE.match(plain(raw))
                if match:
                    fields.append(HeaderField(key=normalise_title(match.group("k")), value=match.group("v").strip(),
                                        line=block.line + offset))
    return fields


def _scalar(value: object) -> str:
    """Front-matter values as text: lists of names joined; nested mappings skipped."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return ", ".join(str(v) for v in value)
    return ""


def _header_sections(doc: Document) -> list[Section]:
    """The opening text, the title section, header/roles sections and everything before the first analysis."""
    chosen: list[Section] = []
    for index, section in enumerate(doc.sections):
        opening = index < 2 and section.canonical is None
        if opening or section.canonical in ("header", "roles", "brief", "dissemination"):
            chosen.append(section)
    return chosen
