"""Word documents (.docx from Word, Google Docs' "Download as Microsoft Word", LibreOffice) -> the HTML page the
document reader converts like any HTML export (agent/document/html_markdown.py).

A Word document is a zip package whose main part is `word/document.xml`; it is told by that member, whatever the
file is called. mammoth writes its paragraphs as HTML: the Heading 1-6 styles become `<h1>`-`<h6>`, a "Title"
paragraph the `class="title"` paragraph a Google Docs HTML export has (a level 1 heading to the reader) and a
"Subtitle" an ordinary paragraph as there, numbered and bulleted paragraphs lists, tables tables (a repeated
header row is their header), bold runs `<strong>`. Pictures are left out: the reader reads text.

Line numbers: mammoth writes the whole page on one line, so each block lands on the line after the blocks above
it, and a finding's line is a line of the converted Markdown (a heading, paragraph, list item or table row a line,
a blank line between paragraphs), as it is for an HTML file that puts every block on one line.

Zip bombs: a package with too many members, or whose headers add up to too much, is refused before anything is
inflated. mammoth is then handed a copy without the pictures, embedded files and fonts (it never reads them), whose
parts are inflated a piece at a time against the text limit whatever their headers claim, so no part a document's
relationships name can make it parse more. Other Office and OpenDocument packages (formats.yaml) are named in the
error that refuses them.
"""

import io
import zipfile
from xml.parsers.expat import ExpatError

from agent.document.formats import format_rules
from agent.errors import InputError
from agent.zip_member import UNREADABLE_ZIP, inflated

ZIP_MAGIC = b"PK\x03\x04"
# A Word document holds a dozen parts and one more for each picture; thousands is an archive of something else.
MAX_MEMBERS = 1_000
# As much as a transcript, or the Slack export zip it comes in, may unpack to (agent/transcript/source.py).
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# The parts mammoth may parse (all but pictures, embedded files and fonts). 8 MB of terse WordprocessingML took
# mammoth 9 s and 250 MB and came out as 5.2 million characters of HTML, just over what the HTML reader takes
# (agent/html_page.py); Word's own XML is wordier, so a document at this limit holds less text than that. The
# longest post-mortems we know (55,000 characters) need well under 1 MB.
MAX_TEXT_BYTES = 8 * 1024 * 1024
# Where Word, Google Docs and LibreOffice put the parts that are not text.
_NOT_TEXT_FOLDERS = ("word/media/", "word/embeddings/", "word/fonts/")
# Title and Subtitle are the styles Google Docs gives a document's title and subtitle; mammoth's default map
# (Heading 1-6, lists, bold) does the rest.
_STYLE_MAP = """
p[style-name='Title'] => p.title:fresh
p[style-name='Subtitle'] => p.subtitle:fresh
"""


def is_word_document(data: bytes) -> bool:
    """A zip package whose members include word/document.xml (its headers are read, nothing is inflated)."""
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return _has_member(archive, format_rules().word_document.member)
    except UNREADABLE_ZIP:
        return False


def package_description(data: bytes) -> str:
    """What a zip is, for the error that refuses it: "an Excel workbook (.xlsx)", ... or "a zip archive"."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = _small_member(archive, "mimetype")
    except UNREADABLE_ZIP:  # reading `mimetype` too: encrypted, bad deflate stream
        return "an unreadable zip archive"
    for package in format_rules().other_packages:
        if package.member in names or (package.mimetype and package.mimetype == mimetype):
            return package.name
    return "a zip archive"


def word_document_html(data: bytes, name: str) -> str:
    """The Word document as an HTML page. InputError (one line, naming `name`) for a zip bomb, a damaged or
    encrypted package, or one that is not a Word document."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except UNREADABLE_ZIP as error:
        raise InputError(f"{name}: not a readable zip archive ({error})") from None
    import mammoth  # type: ignore[import-untyped]  # it ships no type information

    with archive:
        if not _has_member(archive, format_rules().word_document.member):
            raise InputError(f"{name}: {package_description(data)}, not a Word document (word/document.xml)")
        _check_headers(archive, name)
        try:
            text_parts = _text_parts(archive, name)
            result = mammoth.convert_to_html(io.BytesIO(text_parts), style_map=_STYLE_MAP,
                                             convert_image=_no_picture, external_file_access=False)
        except RecursionError:
            raise InputError(f"{name}: the Word document is nested too deeply to read") from None
        # What zipfile and the XML parser raise for a damaged package: a bad CRC or deflate stream, a cut-off file,
        # an encrypted member (RuntimeError), malformed XML, text that is not UTF-8, a part a relationship names
        # but the zip lacks.
        except (*UNREADABLE_ZIP, ExpatError, LookupError) as error:
            detail = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise InputError(f"{name}: a damaged Word document ({detail})") from None
    return f"<!DOCTYPE html><html><body>{result.value}</body></html>"


def _no_picture(image: object) -> list[object]:
    """mammoth's image hook: no element, so no picture is read or inlined."""
    return []


def _has_member(archive: zipfile.ZipFile, member: str) -> bool:
    try:
        archive.getinfo(member)
    except KeyError:
        return False
    return True


def _small_member(archive: zipfile.ZipFile, member: str) -> str | None:
    """A member of a few bytes (an OpenDocument package's `mimetype`) as text; None when absent or larger."""
    try:
        info = archive.getinfo(member)
    except KeyError:
        return None
    if info.file_size > 200:
        return None
    return archive.read(info).decode("ascii", errors="replace").strip()


def _check_headers(archive: zipfile.ZipFile, name: str) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise InputError(f"{name}: a zip of {len(members):,} members is not a Word document "
                         f"(the limit is {MAX_MEMBERS:,}); refused as a possible zip bomb")
    unpacked = sum(info.file_size for info in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError(f"{name}: the Word document unpacks to {unpacked / 1024 / 1024:,.1f} MB, over the "
                         f"{_megabytes(MAX_UNPACKED_BYTES)} limit; refused as a possible zip bomb")


def _text_parts(archive: zipfile.ZipFile, name: str) -> bytes:
    """The package without the parts that are not text, as a new zip whose parts were inflated a piece at a time
    until they pass MAX_TEXT_BYTES together."""
    budget = MAX_TEXT_BYTES
    copy = io.BytesIO()
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as text_parts:
        for info in archive.infolist():
            if info.is_dir() or info.filename.lower().startswith(_NOT_TEXT_FOLDERS):
                continue
            part = inflated(archive, info, budget, f"{name}: the Word document's text parts unpack to more than "
                                                   f"{_megabytes(MAX_TEXT_BYTES)}; refused as a possible zip bomb")
            budget -= len(part)
            text_parts.writestr(info.filename, part)
    return copy.getvalue()


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:g} MB"
