"""Write chat messages as each transcript format `postmortem draft` reads (see `draft --help`): the redaction
benchmark plants its values in every one of them, and in every part of a Slack export (text, rich-text blocks,
attachments on messages with text, file names and previews, thread replies).

Each writer takes (author, time, text) messages and returns {relative path: content}; a one-file format
returns one entry. Message text may span lines. JSON exports carry the text as each tool writes it (HTML for
Zulip and Teams), HTML exports escape it as a browser page does (entities, <br>, Slack's <wbr> in long words),
and the raw-mail mbox rotates its bodies through base64, quoted-printable, 8-bit and an HTML-only part.
"""

import html
import json
import re
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
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


def _epoch(moment: datetime) -> float:
    return moment.replace(tzinfo=UTC).timestamp()


def _iso(moment: datetime) -> str:
    return f"{moment:%Y-%m-%dT%H:%M:%S}.000Z"


def _html(text: str, breaks: str = "<br>", wbr: bool = False) -> str:
    """The text as an exporter writes it into HTML: entities for markup characters and slashes, <br> between lines
    and, as Slack's web client does, <wbr> every 16 characters of a word of 24 or more (a token split by tags)."""
    def word(match: re.Match) -> str:
        step = 16 if wbr and len(match[0]) >= 24 else len(match[0])
        pieces = (match[0][start:start + step] for start in range(0, len(match[0]), step))
        return "<wbr>".join(html.escape(piece).replace("/", "&#x2F;") for piece in pieces)
    return re.sub(r"\S+", word, text).replace("\n", breaks)


Item = Callable[[int, str, datetime, str], dict]


def _json_export(item: Item, document: Callable[[list[dict]], object]) -> Callable[[list[Message]], Files]:
    """A JSON export: `item` turns each (index, author, time, text) into the tool's message object, `document`
    wraps the list as the tool's file does."""
    def written(messages: list[Message]) -> Files:
        items = [item(index, *message) for index, message in enumerate(messages)]
        return {"chat.json": json.dumps(document(items), ensure_ascii=False, indent=1)}
    return written


def _jsonl(items: list[dict]) -> str:
    """Mattermost's bulk export: a version line, then one post a line."""
    return "\n".join(json.dumps(line, ensure_ascii=False) for line in [{"type": "version", "version": 1}, *items])


JSON_FORMATS: dict[str, Callable[[list[Message]], Files]] = {
    "telegram-json": _json_export(
        lambda i, a, t, x: {"id": i + 1, "type": "message", "date": f"{t:%Y-%m-%dT%H:%M:%S}",
                            "date_unixtime": f"{_epoch(t):.0f}", "from": a, "from_id": f"user{len(a)}",
                            "text": x, "text_entities": [{"type": "plain", "text": x}]},
        lambda items: {"name": "inc-bench", "type": "private_supergroup", "id": 1704, "messages": items}),
    "discord-json": _json_export(
        lambda i, a, t, x: {"id": f"11{i:08d}", "type": "Default", "timestamp": f"{t:%Y-%m-%dT%H:%M:%S}+00:00",
                            "content": x, "author": {"id": f"9{len(a)}", "name": handle(a), "nickname": a,
                                                     "isBot": False}, "attachments": [], "embeds": [], "reactions": []},
        lambda items: {"guild": {"id": "1", "name": "Ops"}, "channel": {"id": "2", "type": "GuildTextChat",
                                                                       "name": "inc-bench"},
                       "messages": items, "messageCount": len(items)}),
    "matrix-json": _json_export(
        lambda i, a, t, x: {"type": "m.room.message", "sender": f"@{handle(a)}:example.org",
                            "origin_server_ts": int(_epoch(t) * 1000), "event_id": f"$ev{i}",
                            "content": {"msgtype": "m.text", "body": x}},
        lambda items: {"room_name": "inc-bench", "room_creator": "@ana.silva:example.org", "messages": items}),
    "mattermost-jsonl": lambda messages: {"chat.jsonl": _jsonl([
        {"type": "post", "post": {"team": "ops", "channel": "inc-bench", "user": handle(a), "message": x,
                                  "create_at": int(_epoch(t) * 1000)}} for a, t, x in messages])},
    "rocketchat-json": _json_export(
        lambda i, a, t, x: {"_id": f"rc{i}", "rid": "GENERAL", "msg": x, "ts": {"$date": _iso(t)},
                            "u": {"_id": f"u{len(a)}", "username": handle(a), "name": a}},
        lambda items: {"messages": items, "count": len(items), "success": True}),
    "zulip-json": _json_export(
        lambda i, a, t, x: {"id": 900 + i, "sender_full_name": a, "sender_email": f"{handle(a)}@example.org",
                            "timestamp": int(_epoch(t)), "subject": "checkout", "content_type": "text/html",
                            "content": f"<p>{_html(x)}</p>"},
        lambda items: {"result": "success", "messages": items}),
    "google-chat-json": _json_export(
        lambda i, a, t, x: {"creator": {"name": a, "email": f"{handle(a)}@example.org", "user_type": "Human"},
                            "created_date": f"{t:%A, %B} {t.day}, {t.year} at {t.hour % 12 or 12}:{t:%M:%S} "
                                            f"{'AM' if t.hour < 12 else 'PM'} UTC",
                            "text": x, "topic_id": "bVq3"},
        lambda items: {"messages": items}),
    "teams-graph-json": _json_export(
        lambda i, a, t, x: {"id": f"17731{i:05d}", "messageType": "message", "createdDateTime": _iso(t),
                            "from": {"user": {"id": f"u-{len(a)}", "displayName": a}},
                            "body": {"contentType": "html", "content": f"<div><p>{_html(x, breaks='</p><p>')}</p></div>"},
                            "attachments": []},
        lambda items: {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#chats('19')/messages",
                       "value": items[::-1]}),
    "webex-json": _json_export(
        lambda i, a, t, x: {"id": f"Y2lz{i:04d}", "roomId": "Y2lzcm9vbQ", "roomType": "group", "text": x,
                            "personId": f"p{len(a)}", "personEmail": f"{handle(a)}@example.com", "created": _iso(t)},
        lambda items: {"items": items[::-1]}),
    "mattermost-json": _json_export(
        lambda i, a, t, x: {"id": f"post{i:04d}", "create_at": int(_epoch(t) * 1000), "user_id": handle(a),
                            "channel_id": "incbench", "root_id": "", "message": x, "type": "", "props": {}},
        lambda items: {"order": [item["id"] for item in items[::-1]], "posts": {item["id"]: item for item in items}}),
    "chat-json": _json_export(lambda i, a, t, x: {"id": i, "author": a, "timestamp": _iso(t), "text": x}, list),
}


def _page(render: Callable[[str, datetime, str], str], head: str) -> Callable[[list[Message]], Files]:
    """A saved HTML page: `head` (class names the exporter's stylesheet and sign), one element per message."""
    def written(messages: list[Message]) -> Files:
        body = "\n".join(render(author, moment, text) for author, moment, text in messages)
        return {"chat.html": f'<!DOCTYPE html>\n<html>\n<head><meta charset="utf-8"><title>inc-bench</title></head>\n'
                             f'<body>\n{head}\n{body}\n</body>\n</html>\n'}
    return written


HTML_FORMATS: dict[str, Callable[[list[Message]], Files]] = {
    "telegram-html": _page(lambda a, t, x: (
        f'<div class="message default clearfix" id="message{t:%H%M}"><div class="pull_left userpic_wrap"></div>'
        f'<div class="body"><div class="pull_right date details" title="{t:%d.%m.%Y %H:%M:%S} UTC+00:00">{t:%H:%M}'
        f'</div><div class="from_name">{html.escape(a)}</div><div class="text">{_html(x)}</div></div></div>'),
        '<div class="page_header"><div class="text bold">inc-bench</div></div>'),
    "discord-html": _page(lambda a, t, x: (
        f'<div class="chatlog__message-group"><div class="chatlog__message-container"><div class="chatlog__message">'
        f'<div class="chatlog__header"><span class="chatlog__author" title="{handle(a)}">{html.escape(a)}</span> '
        f'<span class="chatlog__timestamp" title="{t:%m/%d/%Y} {twelve_hour(t)}">{t:%m/%d/%Y} {twelve_hour(t)}'
        f'</span></div><div class="chatlog__content chatlog__markdown"><span class="chatlog__markdown-preserve">'
        f'{_html(x)}</span></div></div></div></div>'),
        '<div class="preamble"><div class="preamble__entries-container">Ops / inc-bench</div></div>'),
    "element-html": _page(lambda a, t, x: (
        f'<li><div class="mx_Export_EventWrapper"><div class="mx_EventTile"><div class="mx_DisambiguatedProfile">'
        f'<span class="mx_DisambiguatedProfile_displayName">{html.escape(a)}</span></div><div class="mx_EventTile_line">'
        f'<span class="mx_MessageTimestamp" title="{t:%a, %b %d %Y %H:%M:%S}">{t:%H:%M}</span>'
        f'<div class="mx_EventTile_body" dir="auto">{_html(x)}</div></div></div></div></li>'),
        '<div class="mx_RoomHeader_name">inc-bench</div>'),
    "slack-html": _page(lambda a, t, x: (
        f'<div class="c-virtual_list__item"><div class="c-message_kit__background" data-qa="message_container">'
        f'<button class="c-message__sender_button" data-qa="message_sender_name">{html.escape(a)}</button>'
        f'<a class="c-timestamp" data-ts="{_epoch(t):.0f}.000100" aria-label="{twelve_hour(t)}">'
        f'<span class="c-timestamp__label">{twelve_hour(t)}</span></a><div class="c-message_kit__blocks">'
        f'<div class="p-rich_text_block" dir="auto">{_html(x, wbr=True)}</div></div></div></div>'),
        '<div class="p-view_header__channel_title">inc-bench</div>'),
    "teams-html": _page(lambda a, t, x: (
        f'<div data-tid="chat-pane-message"><span data-tid="message-author-name">{html.escape(a)}</span>'
        f'<time datetime="{_iso(t)}">{t:%H:%M}</time><div id="content-{_epoch(t):.0f}000">'
        f'<div><p>{_html(x, breaks="</p><p>")}</p></div></div></div>'),
        '<h2 data-tid="chat-title">inc-bench</h2>'),
    "html": _page(lambda a, t, x: f"<p><b>{t:%H:%M} {handle(a)}:</b> {_html(x)}</p>", "<h1>inc-bench timeline</h1>"),
}

# Each mail of the mbox carries its body in the next of these (content-transfer-encoding, or an HTML-only part).
MAIL_BODIES = ("base64", "quoted-printable", "8bit", "html")


def _mail(index: int, author: str, moment: datetime, text: str) -> str:
    mail = EmailMessage()
    mail["From"] = f"{author} <{handle(author)}@example.org>"
    mail["To"] = "incident-bench@example.org"
    mail["Date"] = format_datetime(moment.replace(tzinfo=UTC))
    mail["Subject"] = "Re: checkout errors"
    mail["Message-ID"] = f"<bench{index}@example.org>"
    body = MAIL_BODIES[index % len(MAIL_BODIES)]
    if body == "html":
        mail.set_content(f"<html><body><p>{_html(text)}</p></body></html>", subtype="html", cte="quoted-printable")
    else:
        mail.set_content(text, cte=body)
    raw = mail.as_bytes(policy=SMTP.clone(linesep="\n")).decode("utf-8")
    return re.sub(r"^(>*From )", r">\1", raw, flags=re.MULTILINE)  # mboxrd's escape of a body line


def raw_mailbox(messages: list[Message]) -> Files:
    """An mbox (Thunderbird, Google Takeout): each mail after its "From " line."""
    return {"chat.mbox": "\n".join(f"From {handle(a)}@example.org {t:%a %b %d %H:%M:%S %Y}\n{_mail(i, a, t, x)}"
                                    for i, (a, t, x) in enumerate(messages))}


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
    **JSON_FORMATS,
    **HTML_FORMATS,
    "email": raw_mailbox,
}
