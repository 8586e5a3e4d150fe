"""Files the user points at -> redacted SourceDocuments ready to index (post-mortems in Markdown or another format
agent/document/formats.py reads, Word documents (agent/document/docx.py), PDFs (agent/document/pdf.py), folders of
them, our pack JSON)."""

import hashlib
import json
from pathlib import Path

from agent.document.docx import ZIP_MAGIC, is_word_document, package_description, word_document_html
from agent.document.formats import format_rules, to_markdown
from agent.document.pdf import is_pdf, pdf_markdown
from agent.errors import InputError
from agent.kb.chunking import action_items, chunk_document, contributing_factors
from agent.kb.metadata import canonical_severity, extract_metadata, first_date
from agent.kb.models import FollowUp, SourceDocument
from agent.transcript.decoding import readable

# Bump when chunking or metadata rules change: stored sources then count as changed and are re-indexed.
INDEX_FORMAT = "1"
MAX_FILE_BYTES = 5_000_000


def folder_suffixes() -> set[str]:
    """What a folder's post-mortems end with: every extension formats.yaml names, Word's and PDF's among them (.txt
    is not one: a folder's text files are as often notes as post-mortems)."""
    rules = format_rules()
    return {suffix for suffixes in rules.extensions.values() for suffix in suffixes} | set(
        rules.word_document.extensions) | set(rules.pdf_document.extensions)


def document_suffixes() -> set[str]:
    """What a file named on its own may end with."""
    return folder_suffixes() | {".txt"}


def expand(paths: list[Path]) -> list[Path]:
    """Files as given plus every post-mortem (*.md, *.html, *.rst ...) below each folder, in a stable order,
    without repeats."""
    found: list[Path] = []
    wanted = folder_suffixes()
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in wanted and p.is_file()))
        elif path.is_file():
            found.append(path)
        elif path.exists():
            raise InputError(f"{path}: not a regular file (a FIFO, socket or device), so it is not read")
        else:
            raise InputError(f"{path}: no such file or folder")
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path.resolve(), None)
    return list(unique)


def source_key(path: Path) -> str:
    return str(path.resolve())


def read_source(path: Path) -> SourceDocument:
    """Read, redact and parse one file. Raises InputError naming the file when it cannot be used."""
    raw = _read_bytes(path)
    content_hash = hashlib.sha256(INDEX_FORMAT.encode() + b"\0" + raw).hexdigest()
    if raw.startswith(ZIP_MAGIC):
        return _from_zip(path, raw, content_hash)
    if is_pdf(raw):  # whatever its name, read as the Markdown it converts to
        markdown = readable(pdf_markdown(raw, str(path)))
        return _from_markdown(path, to_markdown(markdown), content_hash, kind="markdown")
    if b"\x00" in raw[:4096]:
        raise InputError(f"{path}: binary file, not a post-mortem")
    try:
        text = readable(raw.decode("utf-8-sig"))  # the form the redactor screens: no invisible splits
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    if path.suffix.lower() == ".json":
        return _from_pack_json(path, text, content_hash)
    if path.suffix.lower() not in document_suffixes():
        raise InputError(f"{path}: not a post-mortem ({', '.join(sorted(document_suffixes()))}) "
                         "or a `postmortem draft --json` file")
    return _from_markdown(path, to_markdown(text, path.name), content_hash, kind="markdown")


def _from_zip(path: Path, raw: bytes, content_hash: str) -> SourceDocument:
    """A Word document, whatever its name, read as the HTML page it converts to; any other zip is refused."""
    if not is_word_document(raw):
        raise InputError(f"{path}: {package_description(raw)}, not a post-mortem "
                         f"({', '.join(sorted(document_suffixes()))}) or a `postmortem draft --json` file")
    page = readable(word_document_html(raw, str(path)))
    return _from_markdown(path, to_markdown(page), content_hash, kind="markdown")


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"{path}: {size} bytes is more than the {MAX_FILE_BYTES} a post-mortem may have")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    return raw


def _from_markdown(path: Path, text: str, content_hash: str, *, kind: str) -> SourceDocument:
    from agent.document import read_markdown
    from agent.privacy.redact import redact_text

    redacted, counts = redact_text(text)
    document = read_markdown(redacted)
    chunks = chunk_document(document)
    if not chunks:
        raise InputError(f"{path}: no text to index")
    return SourceDocument(
        source=source_key(path),
        kind=kind,
        content_hash=content_hash,
        metadata=extract_metadata(document, path),
        chunks=chunks,
        factors=contributing_factors(document),
        actions=action_items(document),
        redactions=dict(counts.counts),
    )


def _from_pack_json(path: Path, text: str, content_hash: str) -> SourceDocument:
    """`postmortem draft --json` output: index its Markdown; its structured fields beat what parsing finds."""
    from agent.privacy.redact import redact_text

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("markdown"), str):
        raise InputError(f"{path}: JSON without a \"markdown\" field is not `postmortem draft --json` output")
    document = _from_markdown(path, data["markdown"], content_hash, kind="pack")
    metadata = document.metadata
    if isinstance(data.get("title"), str) and data["title"].strip():
        metadata.title = redact_text(data["title"].strip())[0]
    severity = data.get("severity")
    if isinstance(severity, dict) and severity.get("level"):
        metadata.severity = canonical_severity(severity["level"])
    if metadata.date is None:
        times = [e.get("time") for e in data.get("timeline") or [] if isinstance(e, dict) and e.get("time")]
        metadata.date = first_date(" ".join(str(t) for t in times))
    structured = [_pack_action(item) for item in data.get("action_items") or [] if isinstance(item, dict)]
    if any(a.action for a in structured):
        document.actions = [a for a in structured if a.action]
    return document


def _pack_action(item: dict) -> FollowUp:
    from agent.privacy.redact import redact_text

    return FollowUp(
        action=redact_text(str(item.get("action") or ""))[0],
        owner=item.get("owner") or None,
        due=str(item["due"]) if item.get("due") else None,
        done=str(item.get("status") or "").lower() in {"done", "closed", "completed"},
    )
