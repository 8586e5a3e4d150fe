"""Slack workspace exports: one channel file (a JSON array of messages) or a folder/zip of daily files.

- `ts` (epoch seconds) becomes an aware UTC time; the sub-second part is Slack's sequence, not time.
- user ids resolve through `users.json` (real name, else display name, else handle) or the message's own
  `user_profile`; `<@U123>` mentions, `<#C1|ops>` channels, `<!here>` and `<url|label>` links are rendered.
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
from agent.transcript.assemble import Draft
from agent.transcript.clock import Stamp

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
    if files:
        users = _user_names(files.get("users.json"), f"{name}/users.json", warnings)
        sources = [(path, files[path]) for path in sorted(files) if DAY_FILE.search(path)]
    else:
        users, sources = {}, [(name, text)]
    entries: list[tuple[float, str, tuple[int, int], dict]] = []
    for path, content in sources:
        label = path if files else PurePosixPath(name).name
        for line, end_line, item in _located_items(content, f"{name}/{path}" if files else name):
            ts = _epoch(item.get("ts")) if isinstance(item, dict) else None
            if ts is None:
                warnings.append(f"{label}:{line}: skipped an entry without a valid Slack 'ts'")
                continue
            entries.append((ts, label, (line, end_line), item))
    if not entries:
        raise InputError(f"{name}: no Slack messages found (expected JSON arrays of message objects with 'ts')")
    entries.sort(key=lambda entry: entry[0])
    # Without users.json (a single channel file), mentions of a user resolve through that user's own messages.
    users = {**_profile_names(item for _, _, _, item in entries), **users}
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


def _draft(item: dict, ts: float, label: str, lines: tuple[int, int], users: dict[str, str]) -> Draft:
    moment = datetime.fromtimestamp(int(ts), UTC)
    subtype = item.get("subtype") if isinstance(item.get("subtype"), str) else None
    kind = "system" if subtype in _SYSTEM_SUBTYPES else "bot" if subtype == "bot_message" or item.get("bot_id") else "chat"
    text = _render(str(item.get("text") or ""), users) or _attachment_text(item, users)
    return Draft(line=lines[0], end_line=lines[1], author=_author(item, users), kind=kind, source=label,
                 stamp=Stamp(clock=moment.time(), day=moment.date(), zone=UTC), parts=text.split("\n"))


def _profile_names(items) -> dict[str, str]:
    names: dict[str, str] = {}
    for item in items:
        user, name = item.get("user"), _profile_name(item)
        if isinstance(user, str) and name:
            names.setdefault(user, name)
    return names


def _profile_name(item: dict) -> str | None:
    """The name in a message's own `user_profile` (real name, else display name)."""
    profile = item.get("user_profile") if isinstance(item.get("user_profile"), dict) else {}
    return _first_text(profile.get("real_name"), profile.get("display_name"))


def _first_text(*candidates) -> str | None:
    return next((c.strip() for c in candidates if isinstance(c, str) and c.strip()), None)


def _author(item: dict, users: dict[str, str]) -> str | None:
    user = item.get("user")
    if isinstance(user, str) and user in users:
        return users[user]
    bot = item.get("bot_profile") if isinstance(item.get("bot_profile"), dict) else {}
    return _profile_name(item) or _first_text(item.get("username"), bot.get("name"), user)


def _attachment_text(item: dict, users: dict[str, str]) -> str:
    parts = []
    for attachment in _list(item.get("attachments")):
        if isinstance(attachment, dict):
            for key in ("pretext", "title", "text") if not attachment.get("fallback") else ("fallback",):
                if isinstance(attachment.get(key), str) and attachment[key].strip():
                    parts.append(_render(attachment[key], users))
    for shared in _list(item.get("files")):
        if isinstance(shared, dict) and shared.get("name"):
            parts.append(f"[file: {shared['name']}]")
    return "\n".join(parts)


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _render(text: str, users: dict[str, str]) -> str:
    def replace(match: re.Match) -> str:
        target, _, label = match.group(1).partition("|")
        if target.startswith("@"):
            return "@" + (users.get(target[1:]) or label or target[1:])
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!"):
            return label or "@" + target[1:].split("^")[0]
        return f"{label} ({target})" if label and label != target else target

    return html.unescape(_ANGLE.sub(replace, text)) if "<" in text or "&" in text else text


def _user_names(content: str | None, name: str, warnings: list[str]) -> dict[str, str]:
    if content is None:
        return {}
    users = _loads(content, name)
    if not isinstance(users, list):
        warnings.append(f"{name}: not a list of users; user ids are shown as they are")
        return {}
    names = {}
    for user in users:
        if isinstance(user, dict) and isinstance(user.get("id"), str):
            profile = user.get("profile") if isinstance(user.get("profile"), dict) else {}
            found = _first_text(user.get("real_name"), profile.get("real_name"), profile.get("display_name"), user.get("name"))
            if found:
                names[user["id"]] = found
    return names


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
            raise InputError(f"{name}: JSON object without a 'messages' list; not a Slack export")
        start = key.end() - 1
    elif not isinstance(value, list):
        raise InputError(f"{name}: JSON is not an array of Slack messages")
    items = value if isinstance(value, list) else value["messages"]
    try:
        return _walk(content, content.index("[", start) + 1)
    except (ValueError, IndexError):  # the "messages" key found was not the top-level one
        return [(1, 1, item) for item in items]


def _walk(content: str, position: int) -> list[tuple[int, int, object]]:
    decoder = json.JSONDecoder()
    line, counted = 1, 0
    located = []
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
