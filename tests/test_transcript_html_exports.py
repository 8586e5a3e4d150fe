"""Chats handed over as HTML: Telegram Desktop, DiscordChatExporter and Element exports, Slack and Teams pages
saved from the browser, and any other page read as the text it shows. Samples are small incidents written for
these tests in each tool's markup."""

import json
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.errors import InputError
from agent.transcript import Source, load_transcript, parse_transcript
from cli_runner import postmortem
from test_transcript_fuzz import check_invariants

TODAY = date(2026, 11, 21)

TELEGRAM = """<!DOCTYPE html>
<html>
 <head>
  <meta charset="utf-8"/>
  <title>Exported Data</title>
  <link href="css/style.css" rel="stylesheet"/>
 </head>
 <body onload="CheckLocation();">
  <div class="page_wrap">
   <div class="page_header">
    <div class="content">
     <div class="text bold">
Payments on-call
     </div>
    </div>
   </div>
   <div class="page_body chat_page">
    <div class="history">
     <div class="message service" id="message-1">
      <div class="body details">
16 October 2026
      </div>
     </div>
     <div class="message default clearfix" id="message2001">
      <div class="pull_left userpic_wrap">
       <div class="userpic userpic2" style="width: 42px; height: 42px">
        <div class="initials" style="line-height: 42px">
AS
        </div>
       </div>
      </div>
      <div class="body">
       <div class="pull_right date details" title="16.10.2026 22:45:03 UTC+02:00">
22:45
       </div>
       <div class="from_name">
Ana Silva
       </div>
       <div class="text">
checkout is throwing 502s since the 22:30 deploy<br>error rate 14%
       </div>
      </div>
     </div>
     <div class="message default clearfix joined" id="message2002">
      <div class="body">
       <div class="pull_right date details" title="16.10.2026 22:46:10 UTC+02:00">
22:46
       </div>
       <div class="text">
rolling back to v2.14.1
       </div>
      </div>
     </div>
     <div class="message service" id="message2003">
      <div class="body details">
Ben Okoro invited Chen Wei
      </div>
     </div>
     <div class="message default clearfix" id="message2004">
      <div class="pull_left userpic_wrap">
       <div class="userpic userpic5" style="width: 42px; height: 42px">
        <div class="initials" style="line-height: 42px">
BO
        </div>
       </div>
      </div>
      <div class="body">
       <div class="pull_right date details" title="16.10.2026 23:02:41 UTC+02:00">
23:02
       </div>
       <div class="from_name">
Ben Okoro
       </div>
       <div class="reply_to details">
In reply to <a href="#go_to_message2002" onclick="return GoToMessage(2002)">this message</a>
       </div>
       <div class="text">
rollback finished, 502s are gone
       </div>
      </div>
     </div>
    </div>
   </div>
  </div>
 </body>
</html>
"""

DISCORD = """<!DOCTYPE html>
<html lang="en">
<head>
<title>Payments - incidents</title>
<style>.chatlog__author { font-weight: 500; }</style>
<script>function scrollToMessage(event, id) { return false; }</script>
</head>
<body>
<div class="preamble"><div class="preamble__entries-container"><div class="preamble__entry">Payments</div>
<div class="preamble__entry">incidents</div></div></div>
<div class="chatlog">
<div class="chatlog__message-group">
<div id="chatlog__message-container-101" class="chatlog__message-container" data-message-id="101">
<div class="chatlog__message">
<div class="chatlog__message-aside"><img class="chatlog__avatar" src="avatar.png" alt="Avatar" loading="lazy"></div>
<div class="chatlog__message-primary">
<div class="chatlog__header"><span class="chatlog__author" title="grafana" data-user-id="9">Grafana</span>
<span class="chatlog__author-tag">BOT</span><span class="chatlog__timestamp">
<a href="#chatlog__message-container-101">10/16/2026 10:41 PM</a></span></div>
<div class="chatlog__embed"><div class="chatlog__embed-content-container"><div class="chatlog__embed-content">
<div class="chatlog__embed-text">
<div class="chatlog__embed-title">
<div class="chatlog__markdown chatlog__markdown-preserve">[FIRING:1] CheckoutErrorRate</div></div>
<div class="chatlog__embed-description">
<div class="chatlog__markdown chatlog__markdown-preserve">checkout 5xx above 5% for 5m</div></div>
</div></div></div></div>
</div>
</div>
</div>
</div>
<div class="chatlog__message-group">
<div id="chatlog__message-container-102" class="chatlog__message-container" data-message-id="102">
<div class="chatlog__message">
<div class="chatlog__message-aside"><img class="chatlog__avatar" src="avatar.png" alt="Avatar" loading="lazy"></div>
<div class="chatlog__message-primary">
<div class="chatlog__header"><span class="chatlog__author" title="ana.silva" data-user-id="7">Ana Silva</span>
<span class="chatlog__timestamp"><a href="#chatlog__message-container-102">10/16/2026 10:45 PM</a></span></div>
<div class="chatlog__content chatlog__markdown">
<span class="chatlog__markdown-preserve">looking, checkout returns 502 since the deploy</span></div>
</div>
</div>
</div>
<div id="chatlog__message-container-103" class="chatlog__message-container" data-message-id="103">
<div class="chatlog__message">
<div class="chatlog__message-aside"><div class="chatlog__short-timestamp" title="10/16/2026 10:47 PM">10:47 PM</div>
</div>
<div class="chatlog__message-primary">
<div class="chatlog__content chatlog__markdown"><span class="chatlog__markdown-preserve">rolling back to v2.14.1</span>
<span class="chatlog__edited-timestamp" title="10/16/2026 10:48 PM">(edited)</span></div>
</div>
</div>
</div>
</div>
<div class="chatlog__message-group">
<div id="chatlog__message-container-104" class="chatlog__message-container" data-message-id="104">
<div class="chatlog__message">
<div class="chatlog__message-aside"><div class="chatlog__reply-symbol"></div>
<img class="chatlog__avatar" src="avatar.png" alt="Avatar" loading="lazy"></div>
<div class="chatlog__message-primary">
<div class="chatlog__reply"><div class="chatlog__reply-author" title="ana.silva">Ana Silva</div>
<div class="chatlog__reply-content"><span class="chatlog__reply-link">rolling back to v2.14.1</span></div></div>
<div class="chatlog__header"><span class="chatlog__author" title="ben.okoro" data-user-id="8">Ben Okoro</span>
<span class="chatlog__timestamp"><a href="#chatlog__message-container-104">10/16/2026 11:02 PM</a></span></div>
<div class="chatlog__content chatlog__markdown">
<span class="chatlog__markdown-preserve">error rate back under 0.1%, calling it resolved</span></div>
</div>
</div>
</div>
</div>
<div class="chatlog__message-group">
<div id="chatlog__message-container-105" class="chatlog__message-container" data-message-id="105">
<div class="chatlog__message">
<div class="chatlog__message-aside"><svg class="chatlog__system-notification-icon"><use href="#pin-icon"></use></svg>
</div>
<div class="chatlog__message-primary">
<span class="chatlog__system-notification-author" title="ben.okoro">Ben Okoro</span> <span> </span>
<span class="chatlog__system-notification-content"><span>pinned </span>
<a class="chatlog__system-notification-link" href="#chatlog__message-container-104">a message</a>
<span> to this channel.</span></span>
<span class="chatlog__system-notification-timestamp"><a href="#chatlog__message-container-105">10/16/2026 11:03 PM</a>
</span>
</div>
</div>
</div>
</div>
</div>
<div class="postamble"><div class="postamble__entry">Exported 5 message(s)</div></div>
</body>
</html>
"""

ELEMENT = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8" /><link href="css/style.css" rel="stylesheet" /><script src="js/script.js"></script>
<title>Exported Data</title></head>
<body style="height: 100vh;">
<section id="matrixchat" class="notranslate">
<div class="mx_MatrixChat_wrapper" aria-hidden="false"><div class="mx_MatrixChat"><main class="mx_RoomView">
<div class="mx_RoomHeader light-panel"><div class="mx_RoomHeader_name">
<div dir="auto" class="mx_RoomHeader_nametext" title="ops-incidents">ops-incidents</div></div></div>
<ol class="mx_RoomView_MessageList" aria-live="polite" role="list">
<div class="mx_NewRoomIntro"><h2> ops-incidents </h2><p> Ana Silva created this room. </p></div>
<li><div class="mx_DateSeparator" role="separator" aria-label="Fri, Oct 16 2026"><hr role="none"/>
<div class="mx_DateSeparator_dateContent">
<h2 class="mx_DateSeparator_dateHeading" aria-hidden="true">Fri, Oct 16 2026</h2></div><hr role="none"/></div></li>
<div class="mx_Export_EventWrapper" id="$ev1">
<li class="mx_EventTile" data-layout="group" data-self="false">
<div class="mx_DisambiguatedProfile"><span class="mx_DisambiguatedProfile_displayName">Ana Silva</span>
<span class="mx_DisambiguatedProfile_mxid">@ana:example.org</span></div>
<div class="mx_EventTile_line"><a href="https://matrix.to/#/!room/$ev1">
<span class="mx_MessageTimestamp" title="Fri, Oct 16 2026 22:45:03" aria-hidden="true">22:45</span></a>
<div class="mx_MTextBody mx_EventTile_content">
<div class="mx_EventTile_body markdown-body" dir="auto">checkout is down, 502 from the gateway</div></div></div>
</li>
</div>
<div class="mx_Export_EventWrapper" id="$ev2">
<li class="mx_EventTile mx_EventTile_continuation" data-layout="group">
<div class="mx_EventTile_line"><a href="https://matrix.to/#/!room/$ev2">
<span class="mx_MessageTimestamp" title="Fri, Oct 16 2026 22:46:40" aria-hidden="true">22:46</span></a>
<div class="mx_MTextBody mx_EventTile_content">
<div class="mx_EventTile_body markdown-body" dir="auto">paging the payments on-call<br>bridge is open</div></div>
</div>
</li>
</div>
<div class="mx_Export_EventWrapper" id="$ev3">
<li class="mx_EventTile mx_EventTile_info" data-layout="group">
<div class="mx_EventTile_line"><a href="https://matrix.to/#/!room/$ev3">
<span class="mx_MessageTimestamp" title="Fri, Oct 16 2026 22:48:00" aria-hidden="true">22:48</span></a>
<div class="mx_TextualEvent">Ben Okoro joined the room</div></div>
</li>
</div>
<div class="mx_Export_EventWrapper" id="$ev4">
<li class="mx_EventTile" data-layout="group">
<div class="mx_DisambiguatedProfile"><span class="mx_DisambiguatedProfile_displayName">Ben Okoro</span></div>
<div class="mx_EventTile_line"><a href="https://matrix.to/#/!room/$ev4">
<span class="mx_MessageTimestamp" title="Fri, Oct 16 2026 22:55:12" aria-hidden="true">22:55</span></a>
<div class="mx_MTextBody mx_EventTile_content"><blockquote class="mx_ReplyChain"><div class="mx_ReplyTile">
<span class="mx_DisambiguatedProfile_displayName">Ana Silva</span>
<span class="mx_EventTile_body">checkout is down, 502 from the gateway</span></div></blockquote>
<div class="mx_EventTile_body markdown-body" dir="auto">rolled back the gateway config, the 502s stopped at 22:54</div>
</div></div>
</li>
</div>
</ol>
</main></div></div>
</section>
</body>
</html>
"""

SLACK_PAGE = """<!DOCTYPE html>
<html lang="en-US">
<head><title>inc-checkout (Channel) - Acme - Slack</title><script>window.boot_data = {};</script></head>
<body>
<div class="p-client">
<div class="c-virtual_list__scroll_container" role="list">
<div class="c-virtual_list__item" role="listitem">
<div class="c-message_kit__background c-message_kit__message" data-qa="message_container">
<div class="c-message_kit__gutter"><div class="c-message_kit__gutter__right">
<span class="c-message__sender c-message_kit__sender" data-qa="message_sender">
<button class="c-link--button c-message__sender_button"
 data-qa="message_sender_name" data-message-sender="U01">PagerDuty <span class="c-app_badge">APP</span>
</button></span>
<a class="c-link c-timestamp" data-ts="1792183200.000100" aria-label="Oct 16th at 8:40:00 PM" href="/archives/C1/p1792183200000100">
<span class="c-timestamp__label">8:40 PM</span></a>
<div class="c-message_kit__blocks"><div class="p-rich_text_section">Triggered: checkout 5xx above 5%</div></div>
</div></div>
</div>
</div>
<div class="c-virtual_list__item" role="listitem">
<div class="c-message_kit__background c-message_kit__message" data-qa="message_container">
<div class="c-message_kit__gutter"><div class="c-message_kit__gutter__right">
<span class="c-message__sender c-message_kit__sender" data-qa="message_sender">
<button class="c-link--button c-message__sender_button" data-qa="message_sender_name" data-message-sender="U02">Ana Silva</button>
</span>
<a class="c-link c-timestamp" data-ts="1792183503.000200" aria-label="Oct 16th at 8:45:03 PM" href="/archives/C1/p1792183503000200">
<span class="c-timestamp__label">8:45 PM</span></a>
<div class="c-message_kit__blocks"><div class="p-rich_text_section">ack, looking at the gateway</div></div>
<div class="c-reaction_bar"><button class="c-reaction"><span class="c-reaction__count">2</span></button></div>
</div></div>
</div>
</div>
<div class="c-virtual_list__item" role="listitem">
<div class="c-message_kit__background c-message_kit__message" data-qa="message_container">
<div class="c-message_kit__gutter"><div class="c-message_kit__gutter__right">
<a class="c-link c-timestamp" data-ts="1792183623.000300" aria-label="Oct 16th at 8:47:03 PM" href="/archives/C1/p1792183623000300">
<span class="c-timestamp__label">8:47</span></a>
<div class="c-message_kit__blocks"><div class="p-rich_text_section">rolling back the 20:30 deploy</div></div>
</div></div>
</div>
</div>
</div>
</div>
</body>
</html>
"""

TEAMS_PAGE = """<!DOCTYPE html>
<html>
<head><title>Chat | Checkout incident | Microsoft Teams</title></head>
<body>
<div data-tid="message-pane-list-runway">
<div data-tid="chat-pane-item">
<div data-tid="chat-pane-message" data-mid="1792183503000">
<div class="fui-ChatMessage">
<div class="fui-ChatMessage__author"><span id="author-1792183503000" data-tid="message-author-name">Ana Silva</span>
</div>
<time id="timestamp-1792183503000" datetime="2026-10-16T20:45:03.000Z">10/16 8:45 PM</time>
<div id="content-1792183503000"><div><p>checkout 502s since the deploy</p></div></div>
</div>
</div>
</div>
<div data-tid="chat-pane-item">
<div data-tid="chat-pane-message" data-mid="1792183683000">
<div class="fui-ChatMessage">
<time id="timestamp-1792183683000" datetime="2026-10-16T20:48:03.000Z">8:48 PM</time>
<div id="content-1792183683000"><div><p>rollback started</p></div></div>
</div>
</div>
</div>
<div data-tid="chat-pane-item">
<div data-tid="chat-pane-message" data-mid="1792184403000">
<div class="fui-ChatMessage">
<div class="fui-ChatMessage__author"><span id="author-1792184403000" data-tid="message-author-name">Ben Okoro</span>
</div>
<time id="timestamp-1792184403000" datetime="2026-10-16T21:00:03.000Z">9:00 PM</time>
<div id="content-1792184403000"><div><p>error rate is normal again</p></div></div>
</div>
</div>
</div>
</div>
</body>
</html>
"""

# A chat copied as text, and the same chat as an HTML page (a wiki page or a saved web chat) shows it.
WHATSAPP_TEXT = """Checkout incident chat
16/10/2026, 22:45 - Ana Silva: checkout is throwing 502s
16/10/2026, 22:46 - Ana Silva: rolling back to v2.14.1
16/10/2026, 23:02 - Ben Okoro: rollback finished, error rate is back to normal"""
WHATSAPP_PAGE = """<!DOCTYPE html>
<html>
<head>
<title>Checkout incident chat</title>
<style>
p { margin: 0; }
</style>
</head>
<body>
<h1>Checkout incident chat</h1>
<div class="log">
<p>16/10/2026, 22:45 - Ana Silva: checkout is throwing 502s</p>
<p>16/10/2026, 22:46 - Ana Silva: rolling back
to v2.14.1</p>
<p>16/10/2026, 23:02 - Ben Okoro: rollback finished, error rate is back to normal</p>
</div>
</body>
</html>
"""
IRC_PAGE = """<html><body>
<h2>#ops log</h2>
<pre>
[22:45] &lt;ana&gt; checkout is throwing 502s
[22:46] &lt;ana&gt; rolling back
[23:02] &lt;ben&gt; rollback finished
</pre>
</body></html>
"""


def read(text: str, name: str = "chat.html", **options):
    return parse_transcript(Source(name=name, text=text, encoding="utf-8"), today=TODAY, **options)


def line_of(text: str, marker: str) -> int:
    return next(number for number, line in enumerate(text.split("\n"), 1) if marker in line)


def rows(transcript):
    return [(m.line, m.author, m.time, m.kind, m.text) for m in transcript.messages]


def test_telegram_export_reads_authors_follow_ups_notices_and_zoned_times(tmp_path):
    path = tmp_path / "messages.html"
    path.write_text(TELEGRAM, encoding="utf-8")
    transcript = load_transcript(str(path), today=TODAY)
    assert transcript.format == "telegram-html"
    at = lambda hour, minute, second: datetime(2026, 10, 16, hour, minute, second, tzinfo=UTC)  # noqa: E731
    assert rows(transcript) == [
        (line_of(TELEGRAM, 'id="message2001"'), "Ana Silva", at(20, 45, 3), "chat",
         "checkout is throwing 502s since the 22:30 deploy\nerror rate 14%"),
        (line_of(TELEGRAM, 'id="message2002"'), "Ana Silva", at(20, 46, 10), "chat", "rolling back to v2.14.1"),
        (line_of(TELEGRAM, 'id="message2003"'), None, None, "system", "Ben Okoro invited Chen Wei"),
        (line_of(TELEGRAM, 'id="message2004"'), "Ben Okoro", at(21, 2, 41), "chat", "rollback finished, 502s are gone"),
    ]  # the "16 October 2026" notice is a day divider; the "In reply to" line is not text
    assert transcript.messages[0].end_line == line_of(TELEGRAM, "error rate 14%")
    assert transcript.timezone == "UTC+02:00"


def test_discord_chat_exporter_page_reads_groups_bots_replies_and_notices():
    transcript = read(DISCORD)
    assert transcript.format == "discord-html"
    local = lambda hour, minute: datetime(2026, 10, 16, hour, minute)  # noqa: E731
    assert [(m.author, m.time, m.text) for m in transcript.messages] == [
        ("Grafana", local(22, 41), "[FIRING:1] CheckoutErrorRate\ncheckout 5xx above 5% for 5m"),
        ("Ana Silva", local(22, 45), "looking, checkout returns 502 since the deploy"),
        ("Ana Silva", local(22, 47), "rolling back to v2.14.1"),  # a follow-up in the group; "(edited)" dropped
        ("Ben Okoro", local(23, 2), "error rate back under 0.1%, calling it resolved"),  # the quoted reply dropped
        ("Ben Okoro", local(23, 3), "pinned a message to this channel."),
    ]
    assert transcript.messages[0].kind in ("bot", "alert")
    assert transcript.messages[4].kind == "system"
    assert [m.line for m in transcript.messages] == [
        number for number, line in enumerate(DISCORD.split("\n"), 1) if 'class="chatlog__message-container"' in line]


def test_element_export_reads_continuations_and_room_events_without_quoted_replies():
    transcript = read(ELEMENT)
    assert transcript.format == "element-html"
    local = lambda hour, minute, second: datetime(2026, 10, 16, hour, minute, second)  # noqa: E731
    assert [(m.author, m.time, m.kind, m.text) for m in transcript.messages] == [
        ("Ana Silva", local(22, 45, 3), "chat", "checkout is down, 502 from the gateway"),
        ("Ana Silva", local(22, 46, 40), "chat", "paging the payments on-call\nbridge is open"),
        (None, local(22, 48, 0), "system", "Ben Okoro joined the room"),
        ("Ben Okoro", local(22, 55, 12), "chat", "rolled back the gateway config, the 502s stopped at 22:54"),
    ]


def test_slack_page_saved_from_the_browser_reads_exact_times_and_app_badges():
    transcript = read(SLACK_PAGE, name="inc-checkout.html")
    assert transcript.format == "slack-html"
    at = lambda minute, second: datetime(2026, 10, 16, 20, minute, second, tzinfo=UTC)  # noqa: E731
    assert [(m.author, m.time, m.text) for m in transcript.messages] == [
        ("PagerDuty", at(40, 0), "Triggered: checkout 5xx above 5%"),
        ("Ana Silva", at(45, 3), "ack, looking at the gateway"),  # the reaction count is not text
        ("Ana Silva", at(47, 3), "rolling back the 20:30 deploy"),
    ]
    assert transcript.messages[0].kind in ("bot", "alert")


def test_teams_page_saved_from_the_browser_reads_iso_times_and_follow_ups():
    transcript = read(TEAMS_PAGE)
    assert transcript.format == "teams-html"
    assert [(m.author, m.time, m.text) for m in transcript.messages] == [
        ("Ana Silva", datetime(2026, 10, 16, 20, 45, 3, tzinfo=UTC), "checkout 502s since the deploy"),
        ("Ana Silva", datetime(2026, 10, 16, 20, 48, 3, tzinfo=UTC), "rollback started"),
        ("Ben Okoro", datetime(2026, 10, 16, 21, 0, 3, tzinfo=UTC), "error rate is normal again"),
    ]


def test_any_other_page_reads_like_its_text_copy_on_the_lines_of_the_file():
    as_text = read(WHATSAPP_TEXT, name="chat.txt")
    as_page = read(WHATSAPP_PAGE)
    assert as_page.format == as_text.format == "whatsapp"
    assert [(m.author, m.time, m.kind, m.text) for m in as_page.messages] == [
        (m.author, m.time, m.kind, m.text) for m in as_text.messages]
    assert [m.line for m in as_page.messages] == [
        line_of(WHATSAPP_PAGE, marker) for marker in ("<h1>", "22:45 -", "22:46 -", "23:02 -")]


def test_an_xhtml_page_reads_as_html_without_parser_warnings(recwarn):
    page = ('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body>\n'
            + "".join(f"<p>{line}</p>\n" for line in WHATSAPP_TEXT.split("\n")) + "</body></html>")
    assert [(m.line, m.author) for m in read(page, name="chat.xhtml").messages] == [
        (3, None), (4, "Ana Silva"), (5, "Ana Silva"), (6, "Ben Okoro")]
    assert not recwarn.list


def test_a_log_in_a_preformatted_block_keeps_its_lines():
    transcript = read(IRC_PAGE, anchor_date=date(2026, 10, 16))
    assert transcript.format == "irc"
    day = lambda hour, minute: datetime(2026, 10, 16, hour, minute)  # noqa: E731
    assert rows(transcript) == [
        (2, None, None, "system", "#ops log"),
        (4, "ana", day(22, 45), "chat", "checkout is throwing 502s"), (5, "ana", day(22, 46), "chat", "rolling back"),
        (6, "ben", day(23, 2), "chat", "rollback finished")]


def test_format_option_reads_a_page_as_its_visible_text_or_insists_on_an_exporter():
    visible = read(TELEGRAM, fmt="html")
    assert visible.format != "telegram-html"
    assert any("checkout is throwing 502s" in m.text for m in visible.messages)
    with pytest.raises(InputError, match="no Telegram Desktop"):
        read(DISCORD, fmt="telegram-html")
    with pytest.raises(InputError, match="not one"):
        read(WHATSAPP_TEXT, fmt="discord-html")


def test_a_cut_off_export_still_reads_the_messages_before_the_cut():
    cut = TELEGRAM[: TELEGRAM.index("rollback finished")]
    transcript = read(cut)
    assert transcript.format == "telegram-html"
    assert [m.author for m in transcript.messages][:2] == ["Ana Silva", "Ana Silva"]


@pytest.mark.parametrize(("text", "message"), [
    ("<!DOCTYPE html><html><head><title>Release notes</title></head><body><article><h1>Release notes</h1>"
     "<p>We shipped a faster checkout page and a new receipt layout.</p><ul><li>Smaller images</li>"
     "<li>Fewer requests</li></ul></article></body></html>", "holds no chat"),
    ("<!DOCTYPE html><html><head><script>var a = 1;</script></head><body>  </body></html>", "no visible text"),
    ("<html><body>" + "<div>" * 5000 + "ana: deep" + "</div>" * 5000 + "</body></html>", "nests elements"),
    ("<div>" + "checkout down " * 400_000 + "</div>", "million"),
    ("<!DOCTYPE html>" + "<p>ana: up</p>" * 250_000, "elements"),
])
def test_pages_that_hold_no_chat_or_attack_the_reader_fail_in_one_line(text, message):
    with pytest.raises(InputError, match=message) as raised:
        read(text)
    assert "\n" not in str(raised.value)


FRAGMENTS = ["<!DOCTYPE html>", "<html>", "<body>", "<div>", "</div>", "<p>", "</p>", "<br>", "<pre>", "</pre>",
             "<table><tr><td>", "</td><td>", "<script>", "</script>", "<!--", "-->", "<![CDATA[", "<?xml x?>", "&lt;",
             "&amp;", '<div class="message default">', '<div class="body">', '<div class="from_name">', "Ana Silva",
             '<div class="pull_right date details" title="16.10.2026 22:45:03 UTC+02:00">', '<div class="text">',
             '<div class="chatlog__message-container">', '<span class="chatlog__author">', "10/16/2026 10:45 PM",
             '<span class="chatlog__timestamp">', '<div class="chatlog__content">', '<a class="c-timestamp" data-ts="9e99">',
             '<div data-qa="message_container">', '<time datetime="2026-99-99T25:61:00Z">', '<div id="content-1">',
             "16/10/2026, 22:45 - Ana: text", "[22:45] &lt;ana&gt; hi", "\n", "<", ">", '"', "=", "</"]


@settings(max_examples=150, deadline=None)
@given(parts=st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=5), max_size=40),
       fmt=st.sampled_from([None, "html", "telegram-html", "discord-html", "slack"]))
def test_arbitrary_html_never_crashes_and_keeps_lines_in_the_file(parts, fmt):
    text = "<!DOCTYPE html>\n" + "".join(parts)
    try:
        transcript = read(text, fmt=fmt)
    except InputError as error:
        assert "\n" not in str(error)
        return
    check_invariants(transcript, text)


def test_postmortem_draft_reads_an_exported_telegram_chat(tmp_path):
    path = tmp_path / "messages.html"
    path.write_text(TELEGRAM, encoding="utf-8")
    result = postmortem("draft", str(path), "--offline", "--json", text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    draft = json.loads(result.stdout)
    times = [event["time"] for event in draft["timeline"] if event["time"]]
    assert times and all(time.startswith("2026-10-16") for time in times)
    assert "<div" not in draft["markdown"]
    messages = load_transcript(str(path), today=TODAY).messages
    cited = {line for event in draft["timeline"] for line in event["source_lines"]}
    assert cited and cited <= {line for m in messages for line in range(m.line, m.end_line + 1)}
