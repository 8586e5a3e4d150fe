"""Chat exports written as JSON or JSON Lines by Telegram, DiscordChatExporter, Element, Mattermost, Rocket.Chat,
Zulip, Google Takeout (Google Chat), Microsoft Graph (Teams), Webex and tools we do not list, read from their shapes
as data (`chat_json.yaml`): where the message list (or map of messages by id) is and which keys hold the author,
time, text, reply or thread and system or bot markers.

- A time is epoch seconds or milliseconds (aware UTC), ISO 8601 (aware in its own offset when it has one, else
  naive: then `--tz` or a declared zone places it, as for any transcript) or written out in words with its zone
  (agent/transcript/prose_time.py).
- An HTML text is read as the text it shows (agent/html_page.py).
- `line` is where the message object starts in the file (the line of its JSON Lines record), so findings point
  into it; a reply nested in its post (Mattermost) starts on its post's line and has that post as its parent.
- Messages are put in time order when every one has a time (some APIs answer newest first).
"""

import html
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from importlib import resources
from itertools import islice

from pydantic import BaseModel, ConfigDict, Field

from agent.errors import InputError
from agent.html_page import parse_page, visible_lines
from agent.models.message import MessageKind
from agent.transcript.assemble import Draft
from agent.transcript.clock import Stamp
from agent.transcript.prose_time import prose_moment
from agent.yaml_data import validated_yaml

EXPORTS_FILE = "chat_json.yaml"
SAMPLE_ITEMS = 50  # list items looked at to recognise an exporter
_SLACK_TS = re.compile(r"\d{9,10}\.\d{1,6}")
_NAME_KEYS = ("display_name", "name", "username")  # an author given as an object
_LAST_EPOCH = 32503680000  # 3000-01-01: a larger number of seconds is milliseconds


class Marker(BaseModel):
    """A key whose value marks an entry: one of `is`, anything but `is_not`, a prefix, a part, or just present."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    key: str
    is_: list[str | bool] | None = Field(default=None, alias="is")
    is_not: list[str] | None = None
    starts: str | None = None
    contains: str | None = None

    def matches(self, item: dict) -> bool:
        value = _at(item, self.key)
        if value is None or value == "" or value == [] or value == {}:
            return False
        if self.is_ is not None:
            return any(value == wanted and type(value) is type(wanted) for wanted in self.is_)
        if self.is_not is not None:
            return str(value) not in self.is_not
        if self.starts is not None:
            return str(value).startswith(self.starts)
        if self.contains is not None:
            return self.contains in str(value)
        return True


class ExtraText(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    keys: list[str]
    label: str | None = None  # written as "[label: value]" (a file name)


class Names(BaseModel):
    """Entries of the same list that say who an author id is (a Matrix member event, a Mattermost user line)."""

    model_config = ConfigDict(extra="forbid")

    where: Marker
    id: str
    name: list[str]  # joined with spaces: a first and a last name


class Exporter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    tool: str  # what the exporter writes, for messages to the user
    called: str | None = None  # its short name in the list of exports an unknown JSON shape is told it is not
    root: list[str] = Field(default_factory=list)
    messages: list[str]
    keyed: bool = False  # the messages are the values of an object keyed by their ids, not a list
    entry: list[str] = Field(default_factory=list)
    message: list[str] = Field(default_factory=list)
    author: list[str]
    author_address: list[str] = Field(default_factory=list)
    author_id: list[str] = Field(default_factory=list)
    time: list[str]
    text: list[str]
    extra_text: list[ExtraText] = Field(default_factory=list)
    id: list[str] = Field(default_factory=list)
    reply_to: list[str] = Field(default_factory=list)
    replies: str | None = None
    thread: list[str] = Field(default_factory=list)
    names: list[Names] = Field(default_factory=list)
    system: list[Marker] = Field(default_factory=list)
    bot: list[Marker] = Field(default_factory=list)
    html: list[Marker] = Field(default_factory=list)


class ChatJsonFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    exporters: dict[str, Exporter]


@lru_cache(maxsize=1)
def exporters() -> dict[str, Exporter]:
    text = resources.files("agent.transcript").joinpath(EXPORTS_FILE).read_text(encoding="utf-8")
    return validated_yaml(ChatJsonFile, text, EXPORTS_FILE).exporters


def chat_json_formats() -> tuple[str, ...]:
    return tuple(exporters())


def chat_json_exports() -> str:
    """The exports this reader knows, for an error about JSON of no known shape: "Telegram, …, Webex or Mattermost
    API JSON, or a JSON list of messages, each with …" (the generic shape's `tool`)."""
    named = [exporter.called for exporter in exporters().values() if exporter.called]
    generic = exporters()["chat-json"].tool
    return f"{', '.join(named[:-1])} or {named[-1]} JSON, or {generic}"


def recognise_chat_json(text: str) -> str | None:
    """The exporter whose shape the JSON (or JSON Lines) text has; None when it is not valid JSON, is Slack's
    export, or no exporter knows it (the Slack reader then says why)."""
    try:
        document, _ = _document(text, "")
    except InputError:
        return None
    for name, exporter in exporters().items():
        items = _message_list(document, exporter)
        if items is not None and _looks_like(exporter, items):
            return name if name != "chat-json" or not _slack_shaped(items) else None
    return None


def read_chat_json(text: str, name: str, fmt: str) -> tuple[list[Draft], list[str]]:
    """Drafts with their stamps, plus warnings about entries skipped; InputError when the text is not that export."""
    try:
        return _read(text, name, fmt)
    except RecursionError:  # rich text nested deeper than any exporter writes it
        raise InputError(f"{name}: JSON nested too deeply to read") from None


def _read(text: str, name: str, fmt: str) -> tuple[list[Draft], list[str]]:
    exporter = exporters()[fmt]
    document, lines = _document(text, name)
    items = _message_list(document, exporter)
    if items is None or not _looks_like(exporter, items):
        raise InputError(f"{name}: not a {fmt} export ({exporter.tool} was expected)")
    located = lines if lines is not None else _located(text, exporter, items)
    directory = _directory(items, exporter)
    drafts: list[Draft] = []
    warnings: list[str] = []
    ids: dict[str, int] = {}
    pending: list[tuple[Draft, str]] = []
    threads: dict[int, str] = {}  # id(draft) -> the thread it is in
    unnamed: set[str] = set()  # authors known only by an id
    for (line, end_line), item in zip(located, items, strict=True):
        entry = _entry(item, exporter)
        if entry is None:
            continue
        for message, parent in [(entry, None), *((reply, line) for reply in _list(_at(entry, exporter.replies)))]:
            if not isinstance(message, dict):
                continue
            author, by_id = _author_of(message, exporter, directory)
            draft = _draft(message, exporter, author, (line, end_line), name)
            if draft is None:
                warnings.append(f"{name}:{line}: skipped an entry without text or author")
                continue
            if by_id and author:
                unnamed.add(author)
            draft.thread_parent_line = parent
            own = _first(message, exporter.id)
            if own is not None and parent is None:
                ids.setdefault(str(own), line)
            answered = _first(message, exporter.reply_to)
            if answered is not None and str(answered) != str(own):
                pending.append((draft, str(answered)))
            thread = _first(message, exporter.thread)
            if isinstance(thread, (str, int)) and not isinstance(thread, bool):
                threads[id(draft)] = str(thread)
            drafts.append(draft)
    for draft, answered in pending:
        draft.thread_parent_line = draft.thread_parent_line or ids.get(answered)
    if not drafts:
        raise InputError(f"{name}: a {fmt} export without messages")
    if unnamed:
        warnings.append(f"{name}: {len(unnamed)} author(s) shown as their user id (such as {min(unnamed)}): "
                        f"the {exporter.called or fmt} export gives no name for them")
    return _threaded(_in_time_order(drafts), threads), warnings


def _threaded(drafts: list[Draft], threads: dict[int, str]) -> list[Draft]:
    """Messages that share a thread (Google Chat's topic) answer the first of them."""
    starts: dict[str, Draft] = {}
    for draft in drafts:
        thread = threads.get(id(draft))
        if thread is None:
            continue
        start = starts.setdefault(thread, draft)
        if start is not draft and draft.thread_parent_line is None:
            draft.thread_parent_line = start.line
    return drafts


def _document(text: str, name: str) -> tuple[object, list[tuple[int, int]] | None]:
    """The parsed JSON, or for JSON Lines the list of its records with the line of each."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        records = _json_lines(text)
        if records is None:
            where = f"line {error.lineno}, column {error.colno}"
            raise InputError(f"{name}: malformed JSON at {where}: {error.msg}") from None
        return [record for _, record in records], [(line, line) for line, _ in records]
    except RecursionError:
        raise InputError(f"{name}: JSON nested too deeply to read") from None


def _json_lines(text: str) -> list[tuple[int, object]] | None:
    """Each non-blank line parsed on its own, when every one is a JSON object (and there are at least two)."""
    records = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        if not line.lstrip().startswith("{"):
            return None
        try:
            records.append((number, json.loads(line)))
        except (json.JSONDecodeError, RecursionError):
            return None
    return records if len(records) > 1 else None


def _message_list(document: object, exporter: Exporter) -> list | None:
    if exporter.root and not (isinstance(document, dict) and all(key in document for key in exporter.root)):
        return None
    for path in exporter.messages:
        found = _at(document, path)
        if exporter.keyed and isinstance(found, dict):  # Mattermost's posts by id
            return list(found.values())
        if not exporter.keyed and isinstance(found, list):
            return found
    return None


def _looks_like(exporter: Exporter, items: list) -> bool:
    """At least half the sampled entries have the exporter's message keys, a time and a text."""
    entries = [entry for entry in map(lambda item: _entry(item, exporter), islice(items, SAMPLE_ITEMS)) if entry]
    fitting = sum(
        all(_at(entry, key) is not None for key in exporter.message)
        and _moment(_first(entry, exporter.time)) is not None
        and _first(entry, exporter.author) is not None
        for entry in entries
    )
    return bool(entries) and fitting * 2 >= len(entries)


def _slack_shaped(items: list) -> bool:
    """Slack's own export ("ts": "1773151331.000200", or fewer digits after the point) goes to its reader, which
    knows its users and blocks."""
    sample = islice(items, SAMPLE_ITEMS)
    return any(isinstance(item, dict) and _SLACK_TS.fullmatch(str(item.get("ts"))) for item in sample)


def _entry(item: object, exporter: Exporter) -> dict | None:
    if not isinstance(item, dict):
        return None
    if not exporter.entry:
        return item
    return next((item[key] for key in exporter.entry if isinstance(item.get(key), dict)), None)


def _directory(items: list, exporter: Exporter) -> dict[str, str]:
    """Author id -> name, from the entries that say it (a later one wins: a display name changed)."""
    names: dict[str, str] = {}
    for spec in exporter.names:
        for item in items:
            if isinstance(item, dict) and spec.where.matches(item):
                key = _at(item, spec.id)
                parts = (_at(item, path) for path in spec.name)
                name = " ".join(part.strip() for part in parts if isinstance(part, str) and part.strip())
                if isinstance(key, str) and name:
                    names[key] = name
    return names


def _author_of(message: dict, exporter: Exporter, directory: dict[str, str]) -> tuple[str | None, bool]:
    """The author's name, and whether it is only a user id."""
    path = _first_path(message, exporter.author)
    author = _author(_at(message, path))
    if author is None:
        return None, False
    if path in exporter.author_address:  # the address's local part: "ana.lima" for ana.lima@example.com
        author = author.partition("@")[0].strip() or author
    if author in directory:
        return directory[author], False
    return author, path in exporter.author_id


def _draft(message: dict, exporter: Exporter, author: str | None, lines: tuple[int, int], name: str) -> Draft | None:
    system = next((marker for marker in exporter.system if marker.matches(message)), None)
    # a system event that shows no text says what it is by the value that marks it ("systemEventMessage")
    text = _message_text(message, exporter, name) or (_raw_text(_at(message, system.key)) if system else "")
    if not text and author is None:
        return None
    moment = _moment(_first(message, exporter.time))
    stamp = None
    if moment is not None:
        # whole seconds, as every other reader gives them: a timeline reads 21:40:05, not 21:40:05.120000
        stamp = Stamp(clock=moment.time().replace(tzinfo=None, microsecond=0), day=moment.date(), zone=moment.tzinfo)
    kind: MessageKind = "system" if system else (
        "bot" if any(marker.matches(message) for marker in exporter.bot) else "chat")
    line, end_line = lines
    return Draft(line=line, end_line=end_line, author=author, kind=kind, stamp=stamp, parts=text.split("\n"))


def _message_text(message: dict, exporter: Exporter, name: str) -> str:
    """The first text path that shows any text (a Teams system event's HTML body shows none), plus the extra text."""
    markup = any(marker.matches(message) for marker in exporter.html)
    texts = (_visible(_raw_text(_at(message, path)), markup, name) for path in exporter.text)
    parts = [next((text for text in texts if text), "")]
    for extra in exporter.extra_text:
        for piece in _list(_at(message, extra.path)):
            for key in extra.keys:
                value = _raw_text(_at(piece, key)).strip() if isinstance(piece, dict) else ""
                if value and value not in parts[0]:
                    parts.append(f"[{extra.label}: {value}]" if extra.label else value)
    return "\n".join(part for part in parts if part.strip()).strip()


def _raw_text(value: object) -> str:
    """A text value as text: a string, or a list of strings and entity objects (Telegram's rich text)."""
    if isinstance(value, list):
        return "".join(piece if isinstance(piece, str) else _raw_text(piece.get("text"))
                       for piece in value if isinstance(piece, (str, dict)))
    if isinstance(value, dict):
        return _raw_text(value.get("text") or value.get("body"))
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _visible(text: str, markup: bool, name: str) -> str:
    """The text, or for HTML the text it shows, line by line as a browser's copy gives it."""
    if markup and "<" in text:
        text = "\n".join(line.text for line in visible_lines(parse_page(text, name)))
    elif markup:
        text = html.unescape(text)
    return text.strip()


def _author(value: object) -> str | None:
    if isinstance(value, dict):
        value = next((value[key] for key in _NAME_KEYS if isinstance(value.get(key), str)), None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return value.strip() or None if isinstance(value, str) else None


def _moment(value: object) -> datetime | None:
    """Epoch seconds or milliseconds (a number or digits; {"$date": …} and {"$numberLong": …} too), ISO 8601, or
    a date and time in words (Google Takeout's)."""
    for wrapper in ("$date", "$numberLong"):  # MongoDB's extended JSON, as mongoexport writes it
        if isinstance(value, dict):
            value = value.get(wrapper, value)
    if isinstance(value, (bool, dict)) or value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            value = float(text)
        except ValueError:
            return _iso(text) or prose_moment(text)
    if not isinstance(value, (int, float)) or value != value or value < 0:
        return None
    seconds = value / 1000 if value >= _LAST_EPOCH else value
    if seconds >= _LAST_EPOCH:
        return None
    return datetime.fromtimestamp(int(seconds), UTC)


def _iso(text: str) -> datetime | None:
    if len(text) < 10 or not text[:4].isdigit():
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    offset = moment.utcoffset()
    if offset is None:
        return moment
    return moment.replace(tzinfo=UTC if offset == timedelta(0) else timezone(offset))


def _first(item: object, paths: list[str]) -> object:
    return _at(item, _first_path(item, paths))


def _first_path(item: object, paths: list[str]) -> str | None:
    """The first of the paths with a value (not null, "" or [])."""
    for path in paths:
        value = _at(item, path)
        if value is not None and value != "" and value != []:
            return path
    return None


def _at(item: object, path: str | None) -> object:
    """The value at a dotted path; a key may itself hold dots ("content.m.relates_to.m.in_reply_to.event_id")."""
    if path is None:
        return None
    if path == "":
        return item
    parts = path.split(".")
    index = 0
    while index < len(parts):
        if not isinstance(item, dict):
            return None
        for end in range(len(parts), index, -1):
            key = ".".join(parts[index:end])
            if key in item:
                item, index = item[key], end
                break
        else:
            return None
    return item


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def _in_time_order(drafts: list[Draft]) -> list[Draft]:
    stamps = [_sort_key(draft) for draft in drafts]
    if any(stamp is None for stamp in stamps):
        return drafts
    return [draft for _, _, draft in sorted(zip(stamps, range(len(drafts)), drafts, strict=True))]


def _sort_key(draft: Draft) -> float | None:
    stamp = draft.stamp
    if stamp is None or stamp.day is None:
        return None
    moment = datetime.combine(stamp.day, stamp.clock, stamp.zone or UTC)
    return moment.timestamp()


def _located(text: str, exporter: Exporter, items: list) -> list[tuple[int, int]]:
    """The first and last line of each item of the message list (or map), found by walking the text to it; line 1
    for all of them when the list's place cannot be walked to (a key written twice)."""
    for path in exporter.messages:
        try:
            found = _walk_to(text, path, exporter.keyed)
        except (ValueError, IndexError, RecursionError):
            found = None
        if found is not None and len(found) == len(items):
            return found
    return [(1, 1)] * len(items)


def _walk_to(text: str, path: str, keyed: bool) -> list[tuple[int, int]] | None:
    decoder = json.JSONDecoder()
    position = _skip_space(text, 0)
    for key in path.split(".") if path else []:
        if text[position] != "{":
            return None
        value_at = _value_of(text, position, key, decoder)
        if value_at is None:
            return None
        position = value_at
    if text[position] != ("{" if keyed else "["):
        return None
    located: list[tuple[int, int]] = []
    line, counted = 1, 0
    for start, end in _values(text, position, decoder):
        line += text.count("\n", counted, start)
        located.append((line, line + text.count("\n", start, end)))
        counted = start
    return located


def _values(text: str, position: int, decoder: json.JSONDecoder) -> Iterator[tuple[int, int]]:
    """Where each value of the array, or object, starting at `position` starts and ends."""
    closing = "]" if text[position] == "[" else "}"
    position = _skip_space(text, position + 1)
    while text[position] != closing:
        if closing == "}":
            _, position = decoder.raw_decode(text, position)  # the key
            position = _skip_space(text, _skip_space(text, position) + 1)  # past the colon
        _, end = decoder.raw_decode(text, position)
        yield position, end
        position = _skip_space(text, end)
        if text[position] == ",":
            position = _skip_space(text, position + 1)


def _value_of(text: str, position: int, wanted: str, decoder: json.JSONDecoder) -> int | None:
    """Where the value of `wanted` starts in the object starting at `position`."""
    position = _skip_space(text, position + 1)
    while text[position] != "}":
        key, position = decoder.raw_decode(text, position)
        position = _skip_space(text, _skip_space(text, position) + 1)  # past the colon
        if key == wanted:
            return position
        _, position = decoder.raw_decode(text, position)
        position = _skip_space(text, position)
        if text[position] == ",":
            position = _skip_space(text, position + 1)
    return None


def _skip_space(text: str, position: int) -> int:
    while text[position] in " \t\r\n":
        position += 1
    return position
