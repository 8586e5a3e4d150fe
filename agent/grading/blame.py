"""Blame-language linter: finds sentences that point at people and suggests a system-focused rewrite.

Text is cleaned without changing its length (code spans, URLs, emphasis markers, see blame_sentences; and
people fields such as "Owner: @dana", see blame_fields), split into sentences, and each sentence is checked
against the rules in rubrics/blame_lint.yaml plus the named-person check (who is a person: blame_people and
blame_names). Offsets stay aligned with the source throughout, so every finding carries the line of the
offending phrase. `lint_document` walks a read Markdown document and leaves alone the places where names
belong (blame_document); code blocks never reach it.
"""

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from agent.grading.blame_document import DocumentLinter, PieceContext
from agent.grading.blame_fields import FieldBlanker
from agent.grading.blame_names import names_in
from agent.grading.blame_people import PeopleFinder, PersonRef, mask
from agent.grading.blame_rules import BlameLintConfig, CompiledRule, load_blame_config
from agent.grading.blame_sentences import clean, one_sentence_per_line, sentence_spans
from agent.grading.blame_subjects import clause_subjects, first_person_head, head_subject
from agent.grading.text import plain
from agent.models.document import Document


class BlameFinding(BaseModel):
    line: int
    text: str  # the offending sentence
    rule: str
    matched: str
    suggestion: str
    explanation: str = ""


_NEWLINE = re.compile("\n")
_PLAIN = PieceContext()
_GIVEN_NAME = re.compile(r"(?<![\w@.-])([A-Z][a-z]+)[ \t]+$")
# Month words are not names before a number ("Jan 5"), but are given names before a surname ("Jan Wiberg").
_MONTH = re.compile(r"(?:Jan|Feb|Mar|Apr|May|June?|July?|Aug|Sept?|Oct|Nov|Dec)[a-z]*$")
_STATED_ROLE = re.compile(r"\s*\(((?:the|our|an?)\s+[^()]{2,50})\)")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _ascii_lower(text: str) -> str:
    """Lower case without changing the length (str.lower can: 'İ' becomes two characters)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text.translate(_ASCII_LOWER)


class _Occurrences:
    """Which sentences of a text contain a string. Most rule words occur nowhere in a document, and one look in
    the text's vocabulary (its distinct whitespace-separated tokens, a tenth of its length) says so for a string
    without whitespace: it can only occur inside one token."""

    def __init__(self, text: str, starts: list[int]) -> None:
        self.text = text
        self.starts = starts
        self.vocabulary = "\n".join(set(text.split()))

    def sentences(self, needle: str) -> set[int]:
        if needle.split() == [needle] and needle not in self.vocabulary:
            return set()
        return _sentences_containing(self.text, needle, self.starts)


def _sentences_containing(text: str, needle: str, starts: list[int]) -> set[int]:
    indices, position = set(), text.find(needle)
    while position >= 0:
        indices.add(bisect.bisect_right(starts, position) - 1)
        position = text.find(needle, position + 1)
    indices.discard(-1)
    return indices


def _inline(value: str | None) -> str:
    """A captured phrase ready to sit mid-sentence: 'The outage' -> 'the outage', 'API errors' unchanged."""
    value = value or ""
    stripped = value.lstrip()
    if len(stripped) > 1 and stripped[0].isupper() and stripped[1].islower():
        return value[: len(value) - len(stripped)] + stripped[0].lower() + stripped[1:]
    return value


def _capitalised(text: str) -> str:
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]


class BlameLinter:
    """The rules of one rule file, compiled once."""

    def __init__(self, config: BlameLintConfig) -> None:
        self.config = config
        self.finder = PeopleFinder(config.people)
        self.fields = FieldBlanker(config.people)
        self.rules = [CompiledRule(rule, config) for rule in config.rules]
        self.naming_allowed = [re.compile(p, re.IGNORECASE) for p in config.named_person.unless]

    def lint(self, text: str, first_line: int = 1, people: Iterable[str] = ()) -> list[BlameFinding]:
        return self.lint_pieces([(text, first_line)], people)

    def lint_pieces(
        self, pieces: list[tuple[str, int]], people: Iterable[str] = (), contexts: list[PieceContext] | None = None,
    ) -> list[BlameFinding]:
        """Several texts (each with its first line number) in one pass; a blank line keeps their sentences apart.

        Names found in one place (a people field, a clear cue such as "Kofi decided") are looked for in all.
        `contexts` (one per piece) say where a name is a record and which rules are a section's own method.
        """
        text = "\n\n".join(piece for piece, _ in pieces)
        piece_starts, offset = [], 0
        for piece, _ in pieces:
            piece_starts.append(offset)
            offset += len(piece) + 2
        cleaned, field_values = self.fields.blank(clean(text))
        spans = sentence_spans(cleaned)
        flat = one_sentence_per_line(cleaned, spans)
        cued = self.finder.cues.find(flat)
        learned = {flat[start:end] for start, end in cued}
        learned.update(name for value in field_values for name in names_in(value, self.finder, trust_shape=True))
        known = self.finder.known_pattern(tuple(sorted({p for p in [*people, *learned] if p and p.strip()})))
        refs = self.finder.find(flat, known, [start for start, _ in spans], named_spans=cued)
        masked = mask(flat, refs)
        candidates = self._candidates(flat, masked, spans)
        ref_starts = [ref.start for ref in refs]
        newlines = [match.start() for match in _NEWLINE.finditer(text)]

        def line_of(position: int) -> int:
            piece = bisect.bisect_right(piece_starts, position) - 1
            inside = bisect.bisect_left(newlines, position) - bisect.bisect_left(newlines, piece_starts[piece])
            return pieces[piece][1] + inside

        findings: list[BlameFinding] = []
        for index, (start, end) in enumerate(spans):
            inside = refs[bisect.bisect_left(ref_starts, start) : bisect.bisect_left(ref_starts, end)]
            if not inside and not candidates[index]:
                continue
            sentence = _Sentence(
                text[start:end], flat[start:end], masked[start:end],
                [PersonRef(ref.start - start, ref.end - start, ref.text, ref.kind) for ref in inside],
            )
            context = contexts[bisect.bisect_right(piece_starts, start) - 1] if contexts else _PLAIN
            for offset, rule, matched, suggestion, explanation in self._check(sentence, candidates[index], context):
                findings.append(
                    BlameFinding(
                        line=line_of(start + offset),
                        text=" ".join(sentence.original.split()),
                        rule=rule,
                        matched=" ".join(matched.split()),
                        suggestion=suggestion,
                        explanation=explanation,
                    )
                )
        return findings

    def _candidates(self, flat: str, masked: str, spans: list[tuple[int, int]]) -> list[set[int]]:
        """For each sentence, the rules worth running on it: those whose required strings occur in it."""
        starts = [start for start, _ in spans]
        texts = (_Occurrences(_ascii_lower(flat), starts), _Occurrences(_ascii_lower(masked), starts))
        occurrences: dict[tuple[bool, str], set[int]] = {}
        found: list[set[int]] = [set() for _ in spans]
        for rule_index, compiled in enumerate(self.rules):
            for (_, uses_people), triggers in zip(compiled.patterns, compiled.triggers, strict=True):
                if triggers is None:
                    for sentence_rules in found:
                        sentence_rules.add(rule_index)
                    continue
                for trigger in triggers:
                    key = (uses_people, trigger)
                    if key not in occurrences:
                        occurrences[key] = texts[uses_people].sentences(trigger)
                    for index in occurrences[key]:
                        found[index].add(rule_index)
        return found

    def _check(self, sentence: "_Sentence", rule_indices: set[int], context: PieceContext):
        """(offset, rule id, matched text, suggestion, explanation) for each finding in one sentence."""
        body_start = self._speaker_label_end(sentence.cleaned)
        readable = ""
        for compiled in (self.rules[index] for index in sorted(rule_indices)):
            if compiled.rule.id in context.muted_rules:
                continue
            hit = _first_hit(compiled, sentence, body_start)
            if hit is not None and context.naming_neutral and self._speaker_at_the_time(compiled, sentence, hit):
                continue
            if hit is not None:
                readable = readable or plain(sentence.original)
                matched = sentence.original[hit.start() : hit.end()]
                explanation = " ".join(compiled.rule.explanation.split())
                yield hit.start(), compiled.rule.id, matched, self._suggest(compiled, readable, matched), explanation
        named = self.config.named_person
        if context.naming_neutral and not readable:
            return  # a timeline row or chat line saying who did what, with no judgement in it
        if not any(ref.named for ref in sentence.refs) or any(a.search(sentence.cleaned) for a in self.naming_allowed):
            return  # nobody named, or named in a credit or a citation
        seen: set[str] = set()
        for ref in sentence.refs:
            if ref.named and ref.start >= body_start and ref.text.lower() not in seen:
                seen.add(ref.text.lower())
                readable = readable or plain(sentence.original)
                role_sentence = self._role_sentence(sentence.original, sentence.refs)
                suggestion = named.suggestion.format(role_sentence=role_sentence, person=ref.text, sentence=readable)
                yield ref.start, named.id, ref.text, suggestion, " ".join(named.explanation.split())

    def _speaker_at_the_time(self, compiled: CompiledRule, sentence: "_Sentence", hit: re.Match) -> bool:
        """In a record, the speaker about themselves ("because I forgot what the quota was") or their mood with
        nobody as its target: their account of the moment, quoted as evidence, not the review's verdict."""
        if first_person_head(sentence.masked, hit.start()):
            return True
        return (compiled.rule.id in self.config.document.record_mood_rules
                and "person" not in clause_subjects(sentence.masked, hit.start(), hit.end()))

    def _speaker_label_end(self, cleaned: str) -> int:
        """Where the words after a leading "Name:" or "<nick>" begin (0 without one): the speaker is not the subject."""
        if ":" not in cleaned[:120] and "<" not in cleaned[:40]:
            return 0
        label = self.finder.speaker_label.match(cleaned)
        return label.end() if label else 0

    @staticmethod
    def _suggest(compiled: CompiledRule, readable: str, matched: str) -> str:
        for when, template in compiled.rewrites:
            match = when.search(readable)
            if match:
                fields = {name: _inline(value) for name, value in match.groupdict().items()}
                return _capitalised(template.format(sentence=readable, matched=matched, **fields))
        return _capitalised(compiled.rule.suggestion.format(sentence=readable, matched=" ".join(matched.split())))

    def _role_sentence(self, original: str, refs: list[PersonRef]) -> str:
        """The sentence with each named person replaced by their stated role, or by a role placeholder."""
        text = original
        for ref in sorted((r for r in refs if r.named), key=lambda r: r.start, reverse=True):
            stated = _STATED_ROLE.match(text, ref.end)
            if stated:  # "Priya (the on-call engineer)" -> "the on-call engineer"
                text = text[: ref.start] + stated.group(1) + text[stated.end() :]
            elif text[: ref.start].rstrip().endswith("(") and text[ref.end :].lstrip().startswith(")"):
                opening = text.rindex("(", 0, ref.start)  # "the on-call engineer (JD)" -> "the on-call engineer"
                text = text[:opening].rstrip() + text[text.index(")", ref.end) + 1 :]
            else:
                start = self._given_name_start(text, ref.start)  # "Jan Wiberg" -> one person, one role
                text = text[:start] + self.config.named_person.role_placeholder + text[ref.end :]
        return _capitalised(plain(text))

    def _given_name_start(self, text: str, start: int) -> int:
        """Where the name really starts when a capitalised given name stands just before the found surname."""
        before = _GIVEN_NAME.search(text, 0, start)
        if before and (before.group(1).lower() not in self.finder.cues.not_names or _MONTH.match(before.group(1))):
            return before.start(1)
        return start


@dataclass(frozen=True)
class _Sentence:
    original: str
    cleaned: str  # same length as original: markup and code blanked
    masked: str  # cleaned, with person references overwritten (see blame_people.mask)
    refs: list[PersonRef]


def _first_hit(compiled: CompiledRule, sentence: _Sentence, body_start: int) -> re.Match | None:
    """The first match of the rule whose subject fits, unless an exception pattern covers the sentence."""
    rule = compiled.rule
    for pattern, uses_people in compiled.patterns:
        for match in pattern.finditer(sentence.masked if uses_people else sentence.cleaned, body_start):
            if not uses_people and rule.subject != "any" and not _subject_fits(rule, sentence.masked, match):
                continue
            if any(exception.search(sentence.cleaned) for exception in compiled.unless):
                return None
            return match
    return None


def _subject_fits(rule, masked: str, match: re.Match) -> bool:
    if rule.scope == "clause":
        kinds = clause_subjects(masked, match.start(), match.end())
    else:
        kinds = {head_subject(masked, match.start())} - {"other"}
    if rule.subject == "person":
        return "person" in kinds
    if rule.subject == "someone":
        return bool(kinds)
    return "collective" not in kinds  # not_collective


@lru_cache(maxsize=4)
def linter_for(rules_path: Path | None = None) -> BlameLinter:
    """The linter for a rule file (the bundled rubrics/blame_lint.yaml by default), compiled once."""
    return BlameLinter(load_blame_config(rules_path))


def lint_text(text: str, *, first_line: int = 1, people: Iterable[str] = ()) -> list[BlameFinding]:
    """Findings in free text; `first_line` is the line number of the text's first line."""
    return linter_for().lint(text, first_line, people)


def lint_sentence(sentence: str) -> list[BlameFinding]:
    return linter_for().lint(sentence)


def lint_document(doc: Document) -> list[BlameFinding]:
    """Findings in a read Markdown post-mortem, skipping roles/header sections, owner columns and front matter."""
    return DocumentLinter(linter_for()).lint(doc)

