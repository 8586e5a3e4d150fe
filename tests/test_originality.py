"""Our words only: no project text may share a 10-word run with the externally written corpus.

Facts may be restated; sentences may not be copied. The check shingles every project text file and every
file under ../shared/corpus into runs of 10 consecutive words (lowercased, punctuation stripped, URLs
dropped because a citation is not prose) and fails on any run the two share. Runs made only of very
common words or numbers are ignored: "and it was one of the first of the" proves nothing. Markdown table
header rows are ignored too: column names such as the pack's "Why it made sense at the time" are template
vocabulary shared with the seed skills, not copied sentences.
"""

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

RUN_LENGTH = 10
PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Project files whose prose we write ourselves (glob patterns relative to the project root).
PROJECT_TEXT_GLOBS = (
    "knowledge/**/*.md",
    "examples/**/*",
    "tests/fixtures/**/*",
    "prompts/*.j2",
    "rubrics/*.yaml",
    "README.md",
)
BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".sqlite3", ".bin", ".safetensors", ".gz", ".zip", ".parquet"}

URL = re.compile(r"(?:https?://|www\.)\S+")
TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
WORD = re.compile(r"[a-z0-9]+")
COMMON_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers him his how i if in into is it its itself just me more most my no nor not now
    of off on once only or other our ours out over own same she so some such than that the their theirs
    them then there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours one two three first new time per
    """.split()
)


def without_table_headers(text: str) -> str:
    lines = text.splitlines()
    header_rows = {index - 1 for index, line in enumerate(lines) if index and TABLE_SEPARATOR.match(line)}
    return "\n".join(line for index, line in enumerate(lines) if index not in header_rows or "|" not in line)


def words_of(text: str) -> list[str]:
    """Lowercased word tokens; apostrophes vanish so "don't" and "dont" compare equal."""
    text = URL.sub(" ", text.lower()).replace("'", "").replace("\u2019", "")
    return WORD.findall(text)


def is_telling(run: tuple[str, ...]) -> bool:
    """A run counts only if at least one word is neither a very common word nor a number."""
    return any(word not in COMMON_WORDS and not word.isdigit() for word in run)


def runs_of(words: list[str]) -> Iterator[tuple[str, ...]]:
    for start in range(len(words) - RUN_LENGTH + 1):
        run = tuple(words[start : start + RUN_LENGTH])
        if is_telling(run):
            yield run


def strings_in(value: object) -> Iterator[str]:
    """Every string inside parsed JSON, so escapes like \\n do not glue words together."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def text_of(path: Path) -> str:
    """The file's text with JSON decoded to its strings and Markdown table header rows removed."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".json":
        with contextlib.suppress(json.JSONDecodeError):  # a malformed JSON fixture is still checked, as its raw text
            raw = "\n".join(strings_in(json.loads(raw)))
    elif path.suffix == ".jsonl":
        parts = []
        for line in raw.splitlines():
            try:
                parts.extend(strings_in(json.loads(line)))
            except json.JSONDecodeError:
                parts.append(line)
        raw = "\n".join(parts)
    return without_table_headers(raw)


def project_text_files() -> list[Path]:
    found: set[Path] = set()
    for pattern in PROJECT_TEXT_GLOBS:
        for path in PROJECT_ROOT.glob(pattern):
            if path.is_file() and path.suffix.lower() not in BINARY_SUFFIXES:
                found.add(path)
    return sorted(found)


def corpus_index(corpus: Path) -> dict[int, Path]:
    """Hash of every telling run in the corpus -> a file it occurs in (built once, a few seconds)."""
    index: dict[int, Path] = {}
    for path in sorted(corpus.rglob("*")):
        if path.is_file() and path.suffix.lower() not in BINARY_SUFFIXES:
            for run in runs_of(words_of(text_of(path))):
                index.setdefault(hash(run), path)
    return index


def test_the_shingler_sees_a_copied_sentence_despite_case_and_punctuation():
    source = "The outage began when a maintenance command, typed with one wrong argument, removed more servers."
    copied = "the OUTAGE began -- when a maintenance command typed with one wrong argument removed..."
    shared = {hash(run) for run in runs_of(words_of(source))} & {hash(run) for run in runs_of(words_of(copied))}
    assert shared


def test_runs_of_only_common_words_or_numbers_do_not_count():
    assert list(runs_of(words_of("It was one of the first of the 10 20 30"))) == []
    assert len(list(runs_of(words_of("It was one of the first of the 10 20 outages")))) == 1


def test_table_header_rows_are_template_vocabulary_but_table_bodies_are_prose():
    table = "| Cluster | Why it made sense at the time |\n|---|---|\n| Tech | The cache was warm |\n"
    assert without_table_headers(table) == "|---|---|\n| Tech | The cache was warm |"
    assert without_table_headers("plain line\n---\nnext") == "plain line\n---\nnext"


def test_urls_are_citations_not_prose():
    assert words_of("See https://example.com/a/long/path/with/many/words/in/it/for/real here.") == ["see", "here"]


def test_no_project_text_shares_a_ten_word_run_with_the_shared_corpus(shared_corpus):
    corpus, index = shared_corpus, corpus_index(shared_corpus)
    files = project_text_files()
    assert any(path.parts[-2] == "knowledge" for path in files), "the knowledge seed corpus was not found"
    copies = []
    for path in files:
        for run in runs_of(words_of(text_of(path))):
            origin = index.get(hash(run))
            if origin is not None:
                copies.append(f"{path.relative_to(PROJECT_ROOT)}: '{' '.join(run)}' (also in {origin.relative_to(corpus)})")
    assert not copies, "text copied from the shared corpus:\n" + "\n".join(copies[:40])
