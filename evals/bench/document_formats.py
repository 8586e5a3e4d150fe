"""Write a Markdown post-mortem as each other format `postmortem grade` reads, the way a person or an exporter
of that format would: the grade-formats benchmark grades every version of the same document.

`html`, `rst` and `plain` are deliberately naive (headings and bullets only, everything else as written), as the
first measurement was taken; `html-confluence` is a Confluence page export (page chrome, nested lists, tables
with `confluenceTh` headers, code panels), rendered from the Markdown by markdown-it; `asciidoc`, `confluence-wiki`
and `org` write headings, nested lists, tables, code blocks, emphasis, links and the front matter in their own
syntax. Every writer takes the Markdown text and returns the other format's text.
"""

import html
import re
from collections.abc import Callable

BULLET = re.compile(r"^\s*[-*]\s+")
HEAD = re.compile(r"^(#{1,6})\s+(.*)$")
_LIST = re.compile(r"^(?P<indent>\s*)(?P<marker>[-*+]|\d+[.)])\s+(?P<text>.*)$")
_ROW = re.compile(r"^\s*\|.*\|\s*$")
_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)\s*(?P<language>[\w+-]*)")
_STRONG = re.compile(r"\*\*(?P<text>[^*\n]+?)\*\*")
_LINK = re.compile(r"\[(?P<text>[^\]\n]*)\]\((?P<url>[^)\s]+)\)")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")


def to_html(md: str) -> str:
    out = ["<html><body>"]
    for line in md.split("\n"):
        m = HEAD.match(line)
        if m:
            out.append(f"<h{len(m.group(1))}>{html.escape(m.group(2))}</h{len(m.group(1))}>")
        elif BULLET.match(line):
            out.append("<li>" + html.escape(BULLET.sub("", line)) + "</li>")
        elif line.strip():
            out.append(f"<p>{html.escape(line)}</p>")
    return "\n".join(out + ["</body></html>"])


def to_rst(md: str) -> str:
    out = []
    for line in md.split("\n"):
        m = HEAD.match(line)
        if m:
            out += [m.group(2), "=-~^\"'"[len(m.group(1)) - 1] * len(m.group(2))]
        else:
            out.append(line)
    return "\n".join(out)


def to_plain(md: str) -> str:
    out = []
    for line in md.split("\n"):
        m = HEAD.match(line)
        out.append(m.group(2).upper() if m else line)
    return "\n".join(out)


def _front_matter(md: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(the front matter's fields with a plain value, the lines after it): each format writes them its own way."""
    from agent.document.frontmatter import split_front_matter

    lines = md.split("\n")
    metadata, skipped = split_front_matter(lines)
    fields = [(str(key), ", ".join(map(str, value)) if isinstance(value, list) else str(value))
              for key, value in metadata.items() if isinstance(value, str | int | float | list) and value]
    return fields, lines[skipped:]


def to_confluence_html(md: str) -> str:
    from markdown_it import MarkdownIt

    fields, body = _front_matter(md)
    title = next((m.group(2) for line in body if (m := HEAD.match(line)) and len(m.group(1)) == 1),
                 dict(fields).get("title", "Post-mortem"))
    content = MarkdownIt("commonmark").enable("table").render("\n".join(body))
    content = content.replace("<thead>\n", "").replace("</thead>\n", "").replace("<th>", '<th class="confluenceTh">')
    content = content.replace("<td>", '<td class="confluenceTd">')
    content = content.replace("<table>", '<div class="table-wrap"><table class="confluenceTable">')
    content = content.replace("</table>", "</table></div>")
    content = re.sub(r"<pre><code[^>]*>", '<div class="code panel pdl"><div class="codeContent panelContent pdl">'
                     '<pre class="syntaxhighlighter-pre">', content)
    content = content.replace("</code></pre>", "</pre></div></div>")
    metadata = "".join(f"<p>{html.escape(key)}: {html.escape(value)}</p>\n" for key, value in fields)
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        f"<title>Incidents : {html.escape(title)}</title>\n"
        '<link rel="stylesheet" href="styles/site.css" type="text/css" />\n'
        '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">\n</head>\n'
        '<body class="theme-default aui-theme-default">\n<div id="page">\n<div id="main" class="aui-page-panel">\n'
        '<div id="main-header">\n<div id="breadcrumb-section">\n<ol id="breadcrumbs">\n'
        '<li class="first"><span><a href="index.html">Incidents</a></span></li>\n'
        '<li><span><a href="Postmortems_12345.html">Postmortems</a></span></li>\n</ol>\n</div>\n'
        f'<h1 id="title-heading" class="pagetitle"><span id="title-text">Incidents : {html.escape(title)}</span></h1>\n'
        '</div>\n<div id="content" class="view">\n<div class="page-metadata">\n'
        "Created by <span class='author'> Unknown User</span>, last modified on Mar 10, 2026\n</div>\n"
        f'<div id="main-content" class="wiki-content group">\n{metadata}{content}</div>\n</div>\n</div>\n'
        '<div id="footer" role="contentinfo">\n<section class="footer-body">\n'
        "<p>Document generated by Confluence on Mar 10, 2026 09:14</p>\n</section>\n</div>\n</div>\n</body>\n</html>\n"
    )


class _Syntax:
    """One lightweight markup's way of writing each Markdown construct."""

    def __init__(self, heading: Callable[[int, str], str], bullet: Callable[[int, str], str],
                 numbered: Callable[[int, str], str], table: Callable[[list[list[str]], bool], list[str]],
                 fence: Callable[[str, bool], str], inline: Callable[[str], str], rule: str,
                 front_matter: Callable[[str, str], str], quote: Callable[[str], str]):
        self.heading, self.bullet, self.numbered, self.table = heading, bullet, numbered, table
        self.fence, self.inline, self.rule, self.front_matter, self.quote = fence, inline, rule, front_matter, quote


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def _write(md: str, syntax: _Syntax) -> str:
    fields, lines = _front_matter(md)
    out = [syntax.front_matter(key, value) for key, value in fields]
    indents: list[int] = []
    code = False
    index = 0
    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line)
        if fence or code:
            if fence:
                code = not code
                out.append(syntax.fence(fence.group("language"), code))
            else:
                out.append(line)
            index += 1
            continue
        if _ROW.match(line):
            rows: list[list[str]] = []
            header = False
            while index < len(lines) and _ROW.match(lines[index]):
                if _DELIMITER.match(lines[index]):
                    header = len(rows) == 1
                else:
                    rows.append([syntax.inline(cell) for cell in _cells(lines[index])])
                index += 1
            out.extend(syntax.table(rows, header))
            continue
        heading, item = HEAD.match(line), _LIST.match(line)
        underline = lines[index + 1] if index + 1 < len(lines) else ""
        if line.strip() and not item and _SETEXT.match(underline):
            out.append(syntax.heading(1 if "=" in underline else 2, syntax.inline(line.strip())))
            indents = []
            index += 2
            continue
        if heading:
            out.append(syntax.heading(len(heading.group(1)), syntax.inline(heading.group(2))))
        elif item:
            indent = len(item.group("indent"))
            while indents and indents[-1] > indent:
                indents.pop()
            if not indents or indents[-1] < indent:
                indents.append(indent)
            write = syntax.bullet if item.group("marker") in "-*+" else syntax.numbered
            out.append(write(len(indents), syntax.inline(item.group("text"))))
        elif _RULE.match(line):
            out.append(syntax.rule)
        elif line.startswith(">"):
            out.append(syntax.quote(syntax.inline(line.lstrip("> "))))
        else:
            out.append(syntax.inline(line))
        if not item and line.strip() and not line.startswith(" "):
            indents = []
        index += 1
    return "\n".join(out)


def _asciidoc_table(rows: list[list[str]], header: bool) -> list[str]:
    return (['[options="header"]'] if header else []) + ["|==="] + [
        " ".join("|" + cell for cell in row) for row in rows] + ["|==="]


ASCIIDOC = _Syntax(
    heading=lambda level, text: "=" * level + " " + text,
    bullet=lambda depth, text: "*" * depth + " " + text,
    numbered=lambda depth, text: "." * depth + " " + text,
    table=_asciidoc_table,
    fence=lambda language, opening: (f"[source,{language}]\n----" if language else "----") if opening else "----",
    inline=lambda text: _LINK.sub(lambda m: f"{m.group('url')}[{m.group('text')}]", _STRONG.sub(r"*\g<text>*", text)),
    rule="'''",
    front_matter=lambda key, value: f":{key.lower().replace(' ', '-')}: {value}",
    quote=lambda text: text,
)

CONFLUENCE_WIKI = _Syntax(
    heading=lambda level, text: f"h{level}. {text}",
    bullet=lambda depth, text: "*" * depth + " " + text,
    numbered=lambda depth, text: "#" * depth + " " + text,
    table=lambda rows, header: [("||" + "||".join(rows[0]) + "||") if header and i == 0 else ("|" + "|".join(row) + "|")
                                for i, row in enumerate(rows)],
    fence=lambda language, opening: (f"{{code:{language}}}" if language else "{code}") if opening else "{code}",
    inline=lambda text: _LINK.sub(lambda m: f"[{m.group('text')}|{m.group('url')}]", _STRONG.sub(r"*\g<text>*", text)),
    rule="----",
    front_matter=lambda key, value: f"{key}: {value}\n",
    quote=lambda text: "bq. " + text,
)


def _org_table(rows: list[list[str]], header: bool) -> list[str]:
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    if header and rows:
        lines.insert(1, "|" + "+".join("-" * (len(cell) + 2) for cell in rows[0]) + "|")
    return lines


def _org_heading(single_h1: bool) -> Callable[[int, str], str]:
    def heading(level: int, text: str) -> str:
        if single_h1:
            return f"#+TITLE: {text}" if level == 1 else "*" * (level - 1) + " " + text
        return "*" * level + " " + text
    return heading


def to_asciidoc(md: str) -> str:
    return _write(md, ASCIIDOC)


def to_confluence_wiki(md: str) -> str:
    return _write(md, CONFLUENCE_WIKI)


def to_org(md: str) -> str:
    single_h1 = sum(1 for line in md.split("\n") if (m := HEAD.match(line)) and len(m.group(1)) == 1) == 1
    org = _Syntax(
        heading=_org_heading(single_h1),
        bullet=lambda depth, text: "  " * (depth - 1) + "- " + text,
        numbered=lambda depth, text: "  " * (depth - 1) + "1. " + text,
        table=_org_table,
        fence=lambda language, opening: (f"#+BEGIN_SRC {language}".rstrip()) if opening else "#+END_SRC",
        inline=lambda text: _LINK.sub(lambda m: f"[[{m.group('url')}][{m.group('text')}]]",
                                      _STRONG.sub(r"*\g<text>*", text)),
        rule="-----",
        front_matter=lambda key, value: f"#+{key.upper().replace(' ', '_')}: {value}",
        quote=lambda text: text,
    )
    return _write(md, org)


WRITERS: dict[str, Callable[[str], str]] = {
    "html": to_html,
    "html-confluence": to_confluence_html,
    "rst": to_rst,
    "plain": to_plain,
    "asciidoc": to_asciidoc,
    "confluence-wiki": to_confluence_wiki,
    "org": to_org,
}
