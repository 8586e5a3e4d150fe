"""Write a Markdown post-mortem as a Word document (.docx), the way Word or pandoc would save it: the grade-formats
benchmark grades that version as `postmortem grade FILE.docx` reads it (agent/document/docx.py).

The package holds the parts Word opens a document with: [Content_Types].xml, the relationships, styles.xml,
numbering.xml and word/document.xml. The Markdown is read by markdown-it (CommonMark with tables) and written as:
- headings: paragraphs in the Heading1-Heading6 styles;
- lists: List Paragraph paragraphs with numbering, bullets or decimal numbers at every level; each list is its own
  numbering instance (a numbered list starts at its first number, as Word restarts a new list), a nested list one
  level deeper; an item's later paragraphs are List Paragraph paragraphs without a number, as Word continues one;
- inline: bold, italic and code (Courier New) runs, a hard line break a break; an absolute link is a hyperlink run
  with an external relationship, a relative one (a page of the same site, an anchor) its text only;
- tables: a table whose first row, when the Markdown has a header, repeats as a header row (w:tblHeader, as Word
  and Google Docs mark it);
- code blocks: a plain paragraph a line;
- front matter: a `key: value` paragraph a field at the top, as the Confluence HTML writer has them
  (document_formats.py);
- pictures and HTML markup are left out (a Word document holds pictures, which `grade` does not read); an HTML
  block that is an IRC-style line (`<nick> text`) is text, as the Markdown reader keeps it (agent/document/reader.py).
"""

import io
import re
import zipfile
from xml.sax.saxutils import escape, quoteattr

from markdown_it import MarkdownIt
from markdown_it.token import Token

from agent.document.frontmatter import split_front_matter
from agent.document.reader import HTML_TAGS

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_CONTENT_TYPES = (
    f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{_MAIN}.document.main+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{_MAIN}.styles+xml"/>'
    f'<Override PartName="/word/numbering.xml" ContentType="{_MAIN}.numbering+xml"/></Types>')
_ROOT_RELS = (f'{_XML}<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" Target="word/document.xml" '
             f'Type="{_R}/officeDocument"/></Relationships>')
# Style ids as Word writes them, names as Word and Google Docs do ("heading 1" in lower case).
_STYLES = (f'{_XML}<w:styles xmlns:w="{_W}">'
          '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
          + "".join(f'<w:style w:type="paragraph" w:styleId="Heading{level}"><w:name w:val="heading {level}"/>'
                    '<w:basedOn w:val="Normal"/></w:style>' for level in range(1, 7))
          + '<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/>'
          '<w:basedOn w:val="Normal"/></w:style></w:styles>')
_LEVELS = 9  # Word's list levels, ilvl 0-8
_BULLETS, _NUMBERS = 0, 1  # abstractNum ids
_CODE_FONT = '<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New"/>'
# Characters XML 1.0 does not allow: a Word document holding one is damaged.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ABSOLUTE_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_TAG = re.compile(r"^\s*</?([A-Za-z][\w-]*)")


def to_docx(markdown: str) -> bytes:
    """The Markdown post-mortem as the bytes of a .docx file."""
    lines = markdown.split("\n")
    metadata, skipped = split_front_matter(lines)
    body = _Body()
    for key, value in metadata.items():
        if value not in (None, "", [], {}):
            body.blocks.append(_paragraph(_run(f"{key}: {_field_text(value)}")))
    body.write(MarkdownIt("commonmark").enable("table").parse("\n".join(lines[skipped:])))
    document = (f'{_XML}<w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body>{"".join(body.blocks)}'
                "<w:sectPr/></w:body></w:document>")
    document_rels = (
        f'{_XML}<Relationships xmlns="{_PACKAGE_RELS}">'
        f'<Relationship Id="rId1" Type="{_R}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId2" Type="{_R}/numbering" Target="numbering.xml"/>'
        + "".join(f'<Relationship Id="{rid}" Type="{_R}/hyperlink" Target={quoteattr(url)} TargetMode="External"/>'
                  for url, rid in body.hyperlinks.items())
        + "</Relationships>")
    parts = {"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _ROOT_RELS,
             "word/_rels/document.xml.rels": document_rels, "word/document.xml": document,
             "word/styles.xml": _STYLES, "word/numbering.xml": _numbering(body.lists)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return buffer.getvalue()


def _field_text(value: object) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


class _Body:
    """document.xml's block elements, with the hyperlinks (URL -> relationship id) and the lists (one numbering
    instance each: its abstractNum, level and first number) they refer to."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.hyperlinks: dict[str, str] = {}
        self.lists: list[tuple[int, int, int]] = []

    def write(self, tokens: list[Token]) -> None:
        open_lists: list[int] = []  # numbering instance ids, outermost first
        item_numbered: list[bool] = []  # whether each open item's first paragraph (the numbered one) is written
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind == "heading_open":
                self.blocks.append(_paragraph(self._runs(tokens[index + 1]), style=f"Heading{token.tag[1]}"))
                index += 3
                continue
            if kind == "paragraph_open":
                self.blocks.append(self._block_paragraph(tokens[index + 1], open_lists, item_numbered))
                index += 3
                continue
            if kind == "table_open":
                index = self._table(tokens, index)
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                first = int(token.attrGet("start") or 1)
                level = min(len(open_lists), _LEVELS - 1)
                self.lists.append((_BULLETS if kind == "bullet_list_open" else _NUMBERS, level, first))
                open_lists.append(len(self.lists))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                open_lists.pop()
            elif kind == "list_item_open":
                item_numbered.append(False)
            elif kind == "list_item_close":
                item_numbered.pop()
            elif kind in ("fence", "code_block"):
                code = token.content.rstrip("\n").split("\n")
                self.blocks.extend(_paragraph(_run(line, _CODE_FONT)) for line in code)
            elif kind == "html_block" and _is_text(token.content):
                self.blocks.append(_paragraph(_run(" ".join(token.content.split()))))
            index += 1

    def _block_paragraph(self, inline: Token, open_lists: list[int], item_numbered: list[bool]) -> str:
        runs = self._runs(inline)
        if not open_lists:
            return _paragraph(runs)
        numbering = None
        if item_numbered and not item_numbered[-1]:
            item_numbered[-1] = True
            numbering = (open_lists[-1], self.lists[open_lists[-1] - 1][1])
        return _paragraph(runs, style="ListParagraph", numbering=numbering)

    def _table(self, tokens: list[Token], index: int) -> int:
        """Write the table opening at `index`; the index after it."""
        rows: list[tuple[list[str], bool]] = []
        in_header = False
        while tokens[index].type != "table_close":
            kind = tokens[index].type
            if kind in ("thead_open", "thead_close"):
                in_header = kind == "thead_open"
            elif kind == "tr_open":
                rows.append(([], in_header))
            elif kind == "inline":
                rows[-1][0].append(self._runs(tokens[index]))
            index += 1
        columns = max(len(cells) for cells, _ in rows)
        self.blocks.append(
            '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>'
            + '<w:gridCol w:w="2400"/>' * columns + "</w:tblGrid>"
            + "".join("<w:tr>" + ("<w:trPr><w:tblHeader/></w:trPr>" if header else "")
                      + "".join(f"<w:tc>{_paragraph(cell)}</w:tc>" for cell in cells) + "</w:tr>"
                      for cells, header in rows)
            + "</w:tbl>")
        return index + 1

    def _runs(self, inline: Token) -> str:
        """An inline token's children as runs: bold, italic and code as run properties, links as hyperlinks."""
        written: list[str] = []
        in_link: list[str] | None = None
        href = ""
        bold = italic = 0
        for child in inline.children or []:
            kind = child.type
            properties = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
            run = ""
            if kind in ("strong_open", "strong_close"):
                bold += 1 if kind == "strong_open" else -1
            elif kind in ("em_open", "em_close"):
                italic += 1 if kind == "em_open" else -1
            elif kind == "link_open":
                in_link, href = [], str(child.attrGet("href") or "")
            elif kind == "link_close" and in_link is not None:
                absolute = _ABSOLUTE_URL.match(href) is not None
                written.append(self._hyperlink(href, in_link) if absolute else "".join(in_link))
                in_link = None
            elif kind == "text":
                run = _run(child.content, properties)
            elif kind == "code_inline":
                run = _run(child.content, properties + _CODE_FONT)
            elif kind == "softbreak":
                run = _run(" ", properties)
            elif kind == "hardbreak" or (kind == "html_inline" and _tag(child.content) == "br"):
                run = "<w:r><w:br/></w:r>"
            elif kind == "html_inline" and _is_text(child.content):
                run = _run(child.content, properties)  # `<nick>` in a chat line is text, not markup
            if run:
                (in_link if in_link is not None else written).append(run)
        return "".join(written)

    def _hyperlink(self, url: str, runs: list[str]) -> str:
        relationship = self.hyperlinks.setdefault(url, f"rId{len(self.hyperlinks) + 3}")  # rId1-2: styles, numbering
        return f'<w:hyperlink r:id="{relationship}">{"".join(runs)}</w:hyperlink>'


def _run(text: str, properties: str = "") -> str:
    text = _NOT_XML.sub("", text)
    if not text:
        return ""
    return (f'<w:r>{f"<w:rPr>{properties}</w:rPr>" if properties else ""}'
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r>')


def _paragraph(runs: str, style: str | None = None, numbering: tuple[int, int] | None = None) -> str:
    """A paragraph; `numbering` is (numbering instance id, level) for a list item's numbered paragraph."""
    properties = (f'<w:pStyle w:val="{style}"/>' if style else "") + (
        f'<w:numPr><w:ilvl w:val="{numbering[1]}"/><w:numId w:val="{numbering[0]}"/></w:numPr>' if numbering else "")
    return f"<w:p>{f'<w:pPr>{properties}</w:pPr>' if properties else ''}{runs}</w:p>"


def _numbering(lists: list[tuple[int, int, int]]) -> str:
    """numbering.xml: a bullet and a decimal definition of every level, and an instance of one for each list, a
    numbered one starting at the list's first number."""
    bullets = "".join(f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
                      f'<w:lvlText w:val="{"•◦▪"[level % 3]}"/><w:pPr><w:ind w:left="{720 * (level + 1)}" '
                      'w:hanging="360"/></w:pPr></w:lvl>' for level in range(_LEVELS))
    numbers = "".join(f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                      f'<w:lvlText w:val="%{level + 1}."/><w:pPr><w:ind w:left="{720 * (level + 1)}" '
                      'w:hanging="360"/></w:pPr></w:lvl>' for level in range(_LEVELS))
    instances = "".join(
        f'<w:num w:numId="{number}"><w:abstractNumId w:val="{definition}"/>'
        + (f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{first}"/></w:lvlOverride>'
           if definition == _NUMBERS else "") + "</w:num>"
        for number, (definition, level, first) in enumerate(lists, 1))
    return (f'{_XML}<w:numbering xmlns:w="{_W}">'
            f'<w:abstractNum w:abstractNumId="{_BULLETS}">{bullets}</w:abstractNum>'
            f'<w:abstractNum w:abstractNumId="{_NUMBERS}">{numbers}</w:abstractNum>{instances}</w:numbering>')


def _tag(html: str) -> str | None:
    match = _TAG.match(html)
    return match.group(1).lower() if match else None


def _is_text(html: str) -> bool:
    """Whether what markdown-it takes for HTML opens with a tag that is no HTML tag: `<volans> traffic is up`."""
    tag = _tag(html)
    return tag is not None and tag not in HTML_TAGS
