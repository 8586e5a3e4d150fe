"""Write chat messages as each transcript format `postmortem draft` reads (see `draft --help`): the redaction
benchmark plants its values in every one of them, and in every part of a Slack export (text, rich-text blocks,
attachments on messages with text, file names and previews, thread replies).

Each writer takes (author, time, text) messages and returns {relative path: content}; a one-file format
returns one entry. Message text may span lines.
"""

import json
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

Message = tuple[str, datetime, str]
Files = dict[str, str]


def twelve_hour(moment: datetime) -> str:
    return f"{moment.hour % 12 or 12}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def handle(author: str) -> str:
    return author.lower().replace(" ", ".")


def _lines(render: Callable[[str, datetime, str], str], header: str = "", separator: str = "\n") -> Callable[[list[Message]], str]:
    def written(messages: list[Message]) -> str:
        return header + separator.join(render(author, moment, text) for author, moment, text in messages) + "\n"
    return written


def _indented(text: str, prefix: str = "    ") -> str:
    """Continuation lines of a one-line format, indented as a pasted multi-line message is."""
    first, *rest = text.split("\n")
    return "\n".join([first, *(prefix + line for line in rest)])


def _csv_field(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


TEXT_FORMATS: dict[str, Callable[[list[Message]], str]] = {
    "slack": _lines(lambda a, t, x: f"{a}  [{twelve_hour(t)}]\n{x}", header="----- Tuesday, March 10th -----\n"),
    "irc": _lines(lambda a, t, x: "\n".join(f"[{t:%H:%M}] <{handle(a)}> {line}" for line in x.split("\n"))),
    "iso": _lines(lambda a, t, x: f"{t:%Y-%m-%dT%H:%M:%S}+00:00 {handle(a)}: {_indented(x)}"),
    "datetime-name": _lines(lambda a, t, x: f"{t:%Y-%m-%d %H:%M} UTC {handle(a)}: {_indented(x)}"),
    "teams": _lines(lambda a, t, x: f"[{t:%d/%m/%Y %H:%M}] {a}\n{x}"),
    "zoom": _lines(lambda a, t, x: f"{t:%H:%M:%S} From {a} to Everyone:\n" + "\n".join("\t" + line for line in x.split("\n"))),
    "plain": _lines(lambda a, t, x: f"{t:%H:%M} {handle(a)}: {_indented(x)}"),
    "alerts": _lines(lambda a, t, x: f"{t:%b %d %H:%M:%S} [Triggered] checkout-api 5xx rate above 5%\n"
                     + "\n".join(f"    note: {line}" for line in x.split("\n"))),
    "incident-csv": _lines(lambda a, t, x: f"{t:%Y-%m-%dT%H:%M:%S}Z,annotate_log_entry,{_csv_field(x)},{a}",
                           header="created_at,type,summary,agent\n"),
    "discord": _lines(lambda a, t, x: f"{a} — {t:%m/%d/%Y} {twelve_hour(t)}\n{x}"),
    "telegram": _lines(lambda a, t, x: f"{a}, [{t:%d.%m.%Y %H:%M}]\n{x}\n"),
    "rocketchat": _lines(lambda a, t, x: f"{a}\n@{handle(a)}\n{twelve_hour(t)}\n{x}", header="March 10, 2026\n"),
    "webex": _lines(lambda a, t, x: f"from {a} to everyone:    {twelve_hour(t)}\n{x}"),
    "whatsapp": _lines(lambda a, t, x: f"{t:%d/%m/%Y}, {t:%H:%M} - {a}: {x}"),
    "signal": _lines(lambda a, t, x: f"[{t:%Y-%m-%d %H:%M}] {a}: {x}"),
    "matrix": _lines(lambda a, t, x: f"{t:%a, %b} {t.day} {t.year}, {t:%H:%M} - {a}: {x}"),
    "jira": _lines(lambda a, t, x: f"{a} added a comment - {t.day:02d}/{t:%b/%y} {twelve_hour(t)}\n{x}\n"),
    "servicenow": _lines(lambda a, t, x: f"{t:%Y-%m-%d %H:%M:%S} - {a} (Work notes)\n{x}\n"),
    "mattermost": _lines(lambda a, t, x: f"{handle(a)}\n{twelve_hour(t)}\n{x}\n", header="Tue, Mar 10, 2026\n"),
    "google-chat": _lines(lambda a, t, x: f"{a}\n{t:%b} {t.day}, {twelve_hour(t)}\n{x}"),
    "pagerduty": _lines(lambda a, t, x: f"{t:%b} {t.day}, {t.year} at {t.hour % 12 or 12}:{t:%M:%S} "
                        f"{'AM' if t.hour < 12 else 'PM'} UTC\tAnnotated by {a}. {_indented(x)}",
                        header="PagerDuty incident #4812 log\n\n"),
    "event-log": _lines(lambda a, t, x: f"{t:%H:%M:%S}  {handle(a).replace('.', '')}   {_indented(x, '          ')}"),
    "opsgenie": _lines(lambda a, t, x: f"{t:%Y-%m-%d %H:%M:%S} UTC  Note added by {a}: {_indented(x)}"),
}

# Where a Slack export carries a message's words, in turn: each planted message goes to the next place.
SLACK_PLACES = ("text", "blocks", "attachment", "file-name", "file-preview", "thread-reply")


def slack_export(messages: list[Message]) -> Files:
    """An export folder: users.json with profile names, and one channel's day file using every place in turn."""
    people = sorted({author for author, _, _ in messages})
    ids = {author: f"U{index:03d}X" for index, author in enumerate(people)}
    users = [{"id": ids[a], "name": handle(a), "profile": {"real_name": a, "display_name": a.split()[0].lower()}}
             for a in people]
    items: list[dict] = []
    parent_ts = None
    for index, (author, moment, text) in enumerate(messages):
        ts = f"{moment.replace(tzinfo=UTC).timestamp():.0f}.{index:06d}"
        item: dict = {"type": "message", "user": ids[author], "ts": ts}
        place = SLACK_PLACES[index % len(SLACK_PLACES)]
        if place == "text":
            item["text"] = text
            parent_ts = ts
            item["thread_ts"] = ts
        elif place == "blocks":
            item["text"] = ""
            item["blocks"] = [{"type": "rich_text", "elements": [
                {"type": "rich_text_section", "elements": [{"type": "text", "text": line}]} for line in text.split("\n")]}]
        elif place == "attachment":
            item["text"] = "forwarding the alert details"
            item["attachments"] = [{"title": "details", "text": text, "fallback": "details"}]
        elif place == "file-name":
            first, *rest = text.split("\n")
            item["text"] = "uploaded a file"
            item["files"] = [{"id": f"F{index}", "name": "notes.txt", "title": first, "preview": "\n".join(rest)}]
        elif place == "file-preview":
            item["text"] = "snippet from the pod"
            item["files"] = [{"id": f"F{index}", "name": "env.txt", "title": "env", "preview": text}]
        else:
            item["text"] = text
            item["thread_ts"] = parent_ts or ts
        items.append(item)
    return {
        "users.json": json.dumps(users, ensure_ascii=False, indent=2),
        "channels.json": json.dumps([{"id": "C0INC", "name": "inc-bench"}]),
        f"inc-bench/{messages[0][1]:%Y-%m-%d}.json": json.dumps(items, ensure_ascii=False, indent=2),
    }


def write(files: Files, target: Path) -> Path:
    """The files under `target` (a folder), or `target` itself when there is one file; returns the path to read."""
    if len(files) == 1:
        (content,) = files.values()
        target.write_text(content, encoding="utf-8")
        return target
    target.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_text(content, encoding="utf-8")
    return target


def zipped(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            archive.write(path, path.relative_to(folder).as_posix())
    return target


def _one_file(render: Callable[[list[Message]], str]) -> Callable[[list[Message]], Files]:
    return lambda messages: {"chat.txt": render(messages)}


FORMATS: dict[str, Callable[[list[Message]], Files]] = {
    **{name: _one_file(render) for name, render in TEXT_FORMATS.items()},
    "slack-export": slack_export,
}
