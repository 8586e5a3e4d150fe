"""Action items as written in a post-mortem: tables with named columns, or list items with inline fields."""

import re

from pydantic import BaseModel, Field

from agent.document.headings import normalise_title
from agent.document.query import Item, items_in, sections_of, top_level
from agent.grading.columns import ACTION_COLUMNS, map_columns
from agent.grading.text import has_due_date, is_placeholder, is_unknown_label, plain
from agent.models.document import Document

FIELDS = ("owner", "due", "success_signal", "follow_up")
ACTION_TYPES = ("prevent", "detect", "mitigate", "respond", "process", "repair", "investigate")

_OWNER = re.compile(r"\b(?:owners?|assignee|assigned to|dri|responsible)\s*[:=]\s*(?P<v>[^,;|()\]\n]+)", re.I)
_HANDLE = re.compile(r"(?<![\w/])@[A-Za-z][\w.-]*\w|\b[a-z][\w.]*@(?=[\s,)|]|$)")
_DUE = re.compile(r"\b(?:due|by|deadline|target|eta)\b\s*(?:date)?\s*[:=]?\s*(?P<v>[^,;|()\n]{4,40})", re.I)
_SUCCESS = re.compile(
    r"\b(?:success(?: signal| criteria| metric)?|done when|acceptance(?: criteria)?|measured by|verified by|"
    r"signal)\s*[:=]\s*(?P<v>[^;|\n]+)", re.I)
_FOLLOW_UP = re.compile(r"\b(?:follow[- ]?up|review(?: date)?|check[- ]?in)\s*(?:date|on)?\s*[:=]?\s*(?P<v>[^,;|()\n]{4,40})",
                        re.I)
_TYPE = re.compile(r"\btype\s*[:=]\s*(?P<v>[a-z]+)|[\[(](?P<b>prevent|detect|mitigate|respond|process)[\])]", re.I)
_PRIORITY = re.compile(r"\bP[0-4]\b|\b(?:HIGH|MEDIUM|LOW|CRITICAL)\b")
_TRACKER = re.compile(r"/(?:issues|pull|merge_requests|browse|tickets?)/|linear\.app/|\b[A-Z][A-Z0-9]+-\d+\b|"
                      r"\b(?i:bug)\s?#?\d{3,}|(?<![\w&])#\d{2,}")
_DONE_MARK = re.compile(r"✅|\[[xX]\]|\bDONE\b|\((?:completed|done)\)")
_DONE_STATUS = re.compile(r"^\W*(?:done|complete|completed|closed|resolved|fixed|shipped|finished)\W*$", re.I)
_DONE_TITLE = re.compile(r"complete|done|immediate actions? \(|already", re.I)
_FIELD_NOTE = re.compile(
    r"\s*\((?=[^()]*\b(?:owners?|due|deadline|success|follow[- ]?up|type|assignee|dri)\b)[^()]*\)"
    r"|\s*[.;,]?\s*\b(?:owners?|assignee|dri)\s*:\s*@?[\w .@-]+$", re.I)
_ACTION_PARAGRAPH = re.compile(r"^\W*(?:action(?: item)?|todo|ai)\s*\d*\s*:|\bowner\s*:", re.I)


class ParsedAction(BaseModel):
    text: str = Field(description="the action as written, markup stripped")
    line: int
    owner: str | None = None
    due: str | None = None
    success_signal: str | None = None
    follow_up: str | None = None
    type: str | None = None
    priority: str | None = None
    tracker: str | None = None
    done: bool = False
    unknown_fields: list[str] = Field(default_factory=list, description="fields labelled 'Unknown — ask:'")

    def missing(self, required: tuple[str, ...] | list[str]) -> list[str]:
        """Required fields not filled. A finished action needs only an owner: its dates are history."""
        needed = ("owner",) if self.done else tuple(required)
        return [name for name in needed if is_placeholder(getattr(self, name))]


def parse_actions(doc: Document) -> list[ParsedAction]:
    """Rows of action tables, and list items (with their nested lines). Where the actions are tabled, a list
    beside the table is only an action if it names an owner or a due date; otherwise it is a list of themes."""
    actions: list[ParsedAction] = []
    sections = sections_of(doc, "action_items")
    tabled = any(table.rows for section in sections for table in section.tables)
    for section in sections:
        section_done = bool(_DONE_TITLE.search(section.title))
        items = items_in(doc, section)
        found: list[ParsedAction] = []
        notes: list[Item] = []  # what the section says beside its actions
        for group in top_level([i for i in items if i.kind != "row"]):
            head = group[0]
            if head.kind == "paragraph" and not _ACTION_PARAGRAPH.search(plain(head.text)):
                notes.append(head)
                continue
            if is_placeholder(head.text) and len(group) == 1 and head.kind == "paragraph":
                continue
            action = _from_text(group, section_done)
            if tabled and action.owner is None and action.due is None:
                notes.append(head)
                continue
            found.append(action)
        found += [_from_row(item, section_done) for item in items if item.kind == "row"]
        actions += _with_plan_fields(found, notes)
    return actions


# A sentence about the whole plan: "We review these actions on 2025-07-15", "All items are owned by the
# platform team", "Everything here is due by end of Q3".
_PLAN_FOLLOW_UP = re.compile(r"\b(?:follow[- ]?up|review\w*|check[- ]?in|revisit\w*)\b", re.I)
_PLAN_OWNER = re.compile(r"\b(?:owned by|owner(?: for all| of all| for these)?\s*[:=]|(?:are|is) assigned to)\s*"
                         r"(?P<v>[^,;.()\n]{3,60})", re.I)
_PLAN_DUE = re.compile(r"\b(?:all|every|each|these|everything)\b[^.]{0,60}\b(?:due|by|before)\b", re.I)


def _with_plan_fields(actions: list[ParsedAction], notes: list[Item]) -> list[ParsedAction]:
    """Fields given once for the whole action list (in a sentence before or after it) fill open actions that
    do not state their own."""
    plan: dict[str, str] = {}
    for note in notes:
        text = plain(note.text)
        if "follow_up" not in plan and _PLAN_FOLLOW_UP.search(text) and has_due_date(text):
            plan["follow_up"] = text
        owner = _PLAN_OWNER.search(text)
        if "owner" not in plan and owner and not is_placeholder(owner.group("v")):
            plan["owner"] = owner.group("v").strip()
        if "due" not in plan and _PLAN_DUE.search(text) and has_due_date(text):
            plan["due"] = text
    for action in actions:
        for name, value in plan.items():
            if is_placeholder(getattr(action, name)) and name not in action.unknown_fields:
                setattr(action, name, value)
    return actions


def _from_text(group: list[Item], section_done: bool) -> ParsedAction:
    raw = "\n".join(item.text for item in group)
    flat = plain(raw)
    action = ParsedAction(text=_FIELD_NOTE.sub("", plain(group[0].text)).strip() or plain(group[0].text),
                          line=group[0].line)
    owner = _OWNER.search(flat)
    handle = _HANDLE.search(raw)
    action.owner = owner.group("v").strip() if owner else (handle.group(0) if handle else None)
    due = _DUE.search(flat)
    action.due = due.group("v").strip() if due and (has_due_date(due.group("v")) or is_unknown_label(due.group("v"))) else None
    success = _SUCCESS.search(flat)
    action.success_signal = success.group("v").strip() if success else None
    follow = _FOLLOW_UP.search(flat)
    action.follow_up = follow.group("v").strip() if follow and has_due_date(follow.group("v")) else None
    kind = _TYPE.search(flat)
    action.type = (kind.group("v") or kind.group("b")).lower() if kind else None
    priority = _PRIORITY.search(flat)
    action.priority = priority.group(0) if priority else None
    action.tracker = "link" if _TRACKER.search(raw) else None
    action.done = section_done or bool(_DONE_MARK.search(raw))
    action.unknown_fields = [name for name in FIELDS if is_unknown_label(getattr(action, name) or "")]
    return action


def _from_row(item: Item, section_done: bool) -> ParsedAction:
    fields = list(map_columns(tuple(item.header), ACTION_COLUMNS))
    if "action" not in fields:
        first = next((i for i, name in enumerate(item.header) if normalise_title(name) not in ("", "#", "no", "id")), 0)
        if first < len(fields):
            fields[first] = "action"
    values: dict[str, str] = {}
    for field, cell in zip(fields, item.cells, strict=False):
        if field and field not in values:
            values[field] = cell
    action = ParsedAction(text=plain(values.get("action", item.text)), line=item.line)
    for name in ("owner", "due", "success_signal", "follow_up", "priority"):
        value = values.get(name)
        setattr(action, name, None if value is None or (is_placeholder(value) and not is_unknown_label(value)) else plain(value))
    if action.owner is None:
        handle = _HANDLE.search(values.get("action", ""))
        action.owner = handle.group(0) if handle else None
    kind = values.get("type")
    action.type = plain(kind).lower() if kind and not is_placeholder(kind) else None
    tracker = values.get("tracker")
    has_tracker = (tracker and not is_placeholder(tracker) and plain(tracker).lower() != "n/a") or _TRACKER.search(item.text)
    action.tracker = "link" if has_tracker else None
    action.done = section_done or bool(_DONE_STATUS.match(plain(values.get("status", "")))) or bool(
        _DONE_MARK.search(item.text))
    action.unknown_fields = [name for name in FIELDS if is_unknown_label(values.get(name, ""))]
    return action
