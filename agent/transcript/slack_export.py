"""Slack workspace exports: one channel file (a JSON array of messages) or a folder/zip of daily files.

- `ts` (epoch seconds) becomes an aware UTC time; the sub-second part is Slack's sequence, not time.
- user ids resolve through `users.json` (real name, else display name, else handle) or the message's own
  `user_profile`; `<@U123>` mentions, `<#C1|ops>` channels, `<!here>` and `<url|label>` links are rendered, and a
  typed `@display-name` or `@handle` of a known user becomes `@Real Name`, so the redactor's people rules see
  one person (their names become roles).
- a message's text is its `text` plus whatever only its `blocks` (rich text, sections, context), `attachments`
  (pretext, title, text, fields, footer; the fallback when they hold none) and `files` (name, title, preview)
  say, also when it has text of its own: all of it is read, so all of it is redacted.
- bots: `subtype: bot_message` or a `bot_id` -> kind "bot"; joins, topics and similar subtypes -> "system".
- thread replies (`thread_ts` != `ts`) get `thread_parent_line`: the line where the parent object starts
  (in its own day file, for folder exports).
- `line` is where the message object starts in its JSON file; `source` names that file. A folder's
  channels are merged into one stream ordered by `ts`.
"""

import html
import json
import re
from datetime import UTC, datetime
from pathlib import PurePosixPath

from agent.errors import InputError
from agent.models.message import MessageKind
from agent.transcript.assemble import Draft
from agent.transcript.chat_json import chat_json_exports
from agent.transcript.clock import Stamp

# JSON that reaches the Slack reader matched no other exporter's shape either (agent/transcript/chat_json.yaml): say so,
# or a Telegram or Discord export that lost a key would be reported as a broken Slack export.
OTHER_EXPORTS = f", nor another chat export's shape ({chat_json_exports()})"

DAY_FILE = re.compile(r"(?:^|/)\d{4}-\d{2}-\d{2}\.json$")
_SYSTEM_SUBTYPES = frozenset({
    "channel_join", "channel_leave", "channel_topic", "channel_purpose", "channel_name", "channel_archive",
    "channel_unarchive", "group_join", "group_leave", "pinned_item", "unpinned_item", "bot_add", "bot_remove",
})
_ANGLE = re.compile(r"<([^<>\n]{1,500})>")
_MESSAGES_KEY = re.compile(r'"messages"\s*:\s*\[')


def looks_like_json(text: str) -> bool:
    """An array of objects or an object (not an IRC `[14:02]` line)."""
    head = text.lstrip()[:200]
    return head.startswith("{") or (head.startswith("[") and head[1:].lstrip()[:1] in ("{", "]"))


def parse_export(text: str, name: str, files: dict[str, str]) -> tuple[list[Draft], list[str]]:
    """Drafts with exact UTC stamps, in `ts` order, plus warnings about skipped entries."""
    warnings: list[str] = []
    aliases: dict[str, str] = {}
    if files:
        users = _user_names(files.get("users.json"), f"{name}/users.json", warnings, aliases)
        sources = [(path, files[path]) for path in sorted(files) if DAY_FILE.search(path)]
    else:
        users, sources = {}, [(name, text)]
    entries: list[tuple[float, str, tuple[int, int], dict]] = []
    for path, content in sources:
        label = path if files else PurePosixPath(name).name
        for line, end_line, item in _located_items(content, f"{name}/{path}" if files else name):
            ts = _epoch(item.get("ts")) if isinstance(item, dict) else None
            if ts is None or not isinstance(item, dict):
                warnings.append(f"{label}:{line}: skipped an entry without a valid Slack 'ts'")
                continue
            entries.append((ts, label, (line, end_line), item))
    if not entries:
        raise InputError(f"{name}: no Slack messages found (expected JSON arrays of message objects with 'ts'){OTHER_EXPORTS}")
    entries.sort(key=lambda entry: entry[0])
    # Without users.json (a single channel file), mentions of a user resolve through that user's own messages.
    users = _Users({**_profile_names([item for _, _, _, item in entries], aliases), **users}, aliases)
    parents = {(_channel(label), str(item.get("ts"))): lines[0] for _, label, lines, item in entries}
    drafts = []
    for ts, label, lines, item in entries:
        draft = _draft(item, ts, label, lines, users)
        thread = item.get("thread_ts")
        if isinstance(thread, (str, int, float)) and str(thread) != str(item.get("ts")):
            draft.thread_parent_line = parents.get((_channel(label), str(thread)))
        drafts.append(draft)
    return drafts, warnings


def _channel(label: str) -> str:
    return label.rsplit("/", 1)[0]


def _draft(item: dict, ts: float, label: str, lines: tuple[int, int], users: "_Users") -> Draft:
    moment = datetime.fromtimestamp(int(ts), UTC)
    subtype = item.get("subtype") if isinstance(item.get("subtype"), str) else None
    kind: MessageKind = "system" if subtype in _SYSTEM_SUBTYPES else "bot" if subtype == "bot_message" or item.get("bot_id") else "chat"
    text = _message_text(item, users)
    return Draft(line=lines[0], end_line=lines[1], author=_author(item, users), kind=kind, source=label,
                 stamp=Stamp(clock=moment.time(), day=moment.date(), zone=UTC), parts=text.split("\n"))


def _message_text(item: dict, users: "_Users") -> str:
    """The text, then each further part (blocks, attachments, files) that says something the text does not."""
    parts = [_render(str(item.get("text") or ""), users)]
    said = _normal(parts[0])
    for extra in (*_block_texts(item.get("blocks"), users), *_attachment_texts(item, users), *_file_texts(item)):
        if extra.strip() and _normal(extra) not in said:
            parts.append(extra)
            said += "\n" + _normal(extra)
    return "\n".join(part for part in parts if part.strip())


def _normal(text: str) -> str:
    return " ".join(text.split())


def _profile_names(items, aliases: dict[str, str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for item in items:
        user, name = item.get("user"), _profile_name(item)
        if isinstance(user, str) and name:
            names.setdefault(user, name)
            profile = _mapping(item.get("user_profile"))
            _add_aliases(aliases, name, profile.get("display_name"), profile.get("name"))
    return names


def _profile_name(item: dict) -> str | None:
    """The name in a message's own `user_profile` (real name, else display name)."""
    profile = _mapping(item.get("user_profile"))
    return _first_text(profile.get("real_name"), profile.get("display_name"))


def _mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def _first_text(*candidates) -> str | None:
    return next((c.strip() for c in candidates if isinstance(c, str) and c.strip()), None)


def _author(item: dict, users: "_Users") -> str | None:
    user = item.get("user")
    if isinstance(user, str) and user in users:
        return users[user]
    bot = _mapping(item.get("bot_profile"))
    return _profile_name(item) or _first_text(item.get("username"), bot.get("name"), user)


def _attachment_texts(item: dict, users: "_Users") -> list[str]:
    texts = []
    for attachment in _list(item.get("attachments")):
        if not isinstance(attachment, dict):
            continue
        parts = [attachment.get(key) for key in ("pretext", "author_name", "title", "text")]
        parts += [f"{field.get('title') or ''}: {field.get('value') or ''}".strip(": ")
                  for field in _list(attachment.get("fields")) if isinstance(field, dict)]
        parts.append(attachment.get("footer"))
        found = [_render(part, users) for part in parts if isinstance(part, str) and part.strip()]
        fallback = attachment.get("fallback")
        if not found and isinstance(fallback, str) and fallback.strip():
            found = [_render(fallback, users)]
        texts.extend(found)
        texts.extend(_block_texts(attachment.get("blocks"), users))
    return texts


def _file_texts(item: dict) -> list[str]:
    texts = []
    for shared in _list(item.get("files")):
        if not isinstance(shared, dict):
            continue
        name, title = shared.get("name"), shared.get("title")
        label = " — ".join(dict.fromkeys(t.strip() for t in (name, title) if isinstance(t, str) and t.strip()))
        if label:
            texts.append(f"[file: {label}]")
        for key in ("preview", "plain_text", "preview_plain_text"):
            if isinstance(shared.get(key), str) and shared[key].strip():
                texts.append(shared[key])
                break
    comment = item.get("initial_comment")
    if isinstance(comment, dict) and isinstance(comment.get("comment"), str):
        texts.append(comment["comment"])
    return texts


def _block_texts(blocks, users: "_Users") -> list[str]:
    """Each block's text: rich text (sections, lists, quotes, code), section text and fields, headers, context."""
    texts = []
    for block in _list(blocks):
        if not isinstance(block, dict):
            continue
        if block.get("type") == "rich_text":
            texts.append("\n".join(_rich_text(element, users) for element in _list(block.get("elements"))))
            continue
        for part in (block.get("text"), *_list(block.get("fields")), *_list(block.get("elements"))):
            if isinstance(part, dict) and isinstance(part.get("text"), str):
                texts.append(_render(part["text"], users))
            elif isinstance(part, dict) and isinstance(part.get("alt_text"), str):
                texts.append(part["alt_text"])
    return [text for text in texts if text.strip()]


def _rich_text(element, users: "_Users") -> str:
    if not isinstance(element, dict):
        return ""
    kind = element.get("type")
    if kind == "rich_text_list":
        return "\n".join("- " + _rich_text(item, users) for item in _list(element.get("elements")))
    if kind in ("rich_text_section", "rich_text_preformatted", "rich_text_quote"):
        return "".join(_rich_text(item, users) for item in _list(element.get("elements")))
    if kind == "user":
        user = str(element.get("user_id") or "")
        return "@" + (users.get(user) or user)
    if kind == "channel":
        return "#" + str(element.get("channel_id") or "")
    if kind == "link":
        url, label = str(element.get("url") or ""), element.get("text")
        return f"{label} ({url})" if isinstance(label, str) and label and label != url else url
    if kind == "emoji":
        return f":{element.get('name') or ''}:"
    if kind == "broadcast":
        return "@" + str(element.get("range") or "here")
    if isinstance(element.get("text"), str):
        return users.typed(element["text"])
    return element["fallback"] if isinstance(element.get("fallback"), str) else ""


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _render(text: str, users: "_Users") -> str:
    def replace(match: re.Match) -> str:
        target, _, label = match.group(1).partition("|")
        if target.startswith("@"):
            return "@" + (users.get(target[1:]) or label or target[1:])
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            return label or "@" + target[1:].split("^")[0]
        return f"{label} ({target})" if label and label != target else target

    text = users.typed(text)
    return html.unescape(_ANGLE.sub(replace, text)) if "<" in text or "&" in text else text


def _user_names(content: str | None, name: str, warnings: list[str], aliases: dict[str, str]) -> dict[str, str]:
    if content is None:
        return {}
    users = _loads(content, name)
    if not isinstance(users, list):
        warnings.append(f"{name}: not a list of users; user ids are shown as they are")
        return {}
    names = {}
    for user in users:
        if isinstance(user, dict) and isinstance(user.get("id"), str):
            profile = _mapping(user.get("profile"))
            found = _first_text(user.get("real_name"), profile.get("real_name"), profile.get("display_name"), user.get("name"))
            if found:
                names[user["id"]] = found
                _add_aliases(aliases, found, profile.get("display_name"), profile.get("display_name_normalized"),
                             profile.get("real_name_normalized"), user.get("name"))
    return names


def _add_aliases(aliases: dict[str, str], real_name: str, *others) -> None:
    """Other names of a user (display name, handle) that stand for `real_name` when typed as @name."""
    for other in others:
        if isinstance(other, str) and other.strip() and other.strip() != real_name:
            aliases.setdefault(other.strip().lower(), real_name)


class _Users(dict[str, str]):
    """User id -> name, and the other names (display name, handle) a user is typed as: `@omar` -> `@Omar Haddad`."""

    def __init__(self, names: dict[str, str], aliases: dict[str, str]) -> None:
        super().__init__(names)
        self._aliases = aliases
        spellings = "|".join(re.escape(alias) for alias in sorted(aliases, key=len, reverse=True))
        self._typed = re.compile(rf"(?<![\w@])@({spellings})(?![\w]|[.-]\w)", re.IGNORECASE) if aliases else None

    def typed(self, text: str) -> str:
        """Raw message text with each typed @alias written as the user's real name."""
        if self._typed is None or "@" not in text:
            return text
        return self._typed.sub(lambda match: "@" + self._aliases[match.group(1).lower()], text)


def _epoch(value) -> float | None:
    try:
        ts = float(value)
    except (TypeError, ValueError):
        return None
    return ts if 0 <= ts < 32503680000 else None


def _loads(content: str, name: str):
    try:
        return json.loads(content)
    except json.JSONDecodeError as error:
        raise InputError(f"{name}: malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}") from None
    except RecursionError:
        raise InputError(f"{name}: JSON nested too deeply to read") from None


def _located_items(content: str, name: str) -> list[tuple[int, int, object]]:
    """The message array's items with the 1-based lines where each starts and ends."""
    value = _loads(content, name)
    start = 0
    if isinstance(value, dict):
        key = _MESSAGES_KEY.search(content)
        if not isinstance(value.get("messages"), list) or key is None:
            raise InputError(f"{name}: JSON object without a 'messages' list; not a Slack export{OTHER_EXPORTS}")
        start = key.end() - 1
    elif not isinstance(value, list):
        raise InputError(f"{name}: JSON is not an array of Slack messages{OTHER_EXPORTS}")
    items = value if isinstance(value, list) else value["messages"]
    try:
        return _walk(content, content.index("[", start) + 1)
    except (ValueError, IndexError):  # the "messages" key found was not the top-level one
        return [(1, 1, item) for item in items]


def _walk(content: str, position: int) -> list[tuple[int, int, object]]:
    decoder = json.JSONDecoder()
    line, counted = 1, 0
    located: list[tuple[int, int, object]] = []
    while True:
        position = _skip_space(content, position)
        if content[position] == "]":
            return located
        item, end = decoder.raw_decode(content, position)
        line += content.count("\n", counted, position)
        located.append((line, line + content.count("\n", position, end), item))
        counted = position
        position = _skip_space(content, end)
        if content[position] == ",":
            position += 1


def _skip_space(content: str, position: int) -> int:
    while content[position] in " \t\r\n":
        position += 1
    return position
