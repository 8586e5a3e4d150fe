"""The code behind each gate in rubrics/gates.yaml. Every check returns one GateResult with its findings."""

import ipaddress
import re
from collections.abc import Callable
from functools import lru_cache

from agent.document import CANONICAL_SECTIONS
from agent.document.headings import normalise_title
from agent.document.query import items_of, sections_of, top_level
from agent.grading.gates import GateSet, GateSpec, fill
from agent.grading.judge import Judge, judge_allspaw
from agent.grading.models import Finding, GateResult
from agent.grading.text import is_placeholder, mentions_unknown, plain
from agent.grading.view import DocumentView
from agent.models.document import Document
from agent.privacy.patterns import PLACEHOLDER_PREFIX

NAMING_RULES = frozenset({"named-person"})

FIELD_NAMES = {"owner": "owner", "due": "due date", "success_signal": "success signal", "follow_up": "follow-up date"}

Check = Callable[[DocumentView, GateSpec, "Judge | None"], GateResult]
CHECKS: dict[str, Check] = {}


def check(gate_id: str) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        CHECKS[gate_id] = function
        return function

    return register


def check_gates(doc: Document, gates: GateSet, *, judge: Judge | None = None) -> list[GateResult]:
    view = DocumentView.of(doc)
    results = []
    for spec in (spec for spec in gates.gates if spec.enabled):
        result = CHECKS[spec.id](view, spec, judge)
        result.blocking = spec.blocking
        results.append(result)
    return results


def _result(spec: GateSpec, findings: list[Finding], passed_detail: str, failed_detail: str) -> GateResult:
    if not findings:
        return GateResult(id=spec.id, passed=True, detail=passed_detail)
    first = findings[0]
    return GateResult(id=spec.id, passed=False, detail=failed_detail, line=first.line, fix=first.suggestion,
                      findings=findings)


def _content_items(view: DocumentView, canonicals: list[str]):
    """Items with real content; a table row counts when its first cell (the thing itself) is filled."""
    return [i for i in items_of(view.doc, *canonicals)
            if not is_placeholder(i.cells[0] if i.kind == "row" and i.cells else i.text)]


def _placeholder_items(view: DocumentView, canonicals: list[str]):
    return [i for i in items_of(view.doc, *canonicals) if mentions_unknown(i.text)]


def _open_spot(view: DocumentView, canonicals: list[str]) -> tuple[int | None, str | None, str]:
    """Where an unfilled part should be pointed at: (line, quoted open question or None, state). The state is
    'unknown' (our own "Unknown — ask:" label, quoted), 'empty' (the heading's line) or 'missing' (no line)."""
    unknowns = _placeholder_items(view, canonicals)
    if unknowns:
        return unknowns[0].line, plain(unknowns[0].text), "unknown"
    present = sections_of(view.doc, *canonicals)
    return (present[0].line, None, "empty") if present else (None, None, "missing")


@check("required_sections")
def _required_sections(view: DocumentView, spec: GateSpec, _judge) -> GateResult:
    findings = []
    timeline_note = view.timeline[1]
    for need in spec.params.sections:
        if "timeline" in need.any_of and timeline_note:
            continue
        if "summary" in need.any_of and view.summary_items:
            continue
        if _content_items(view, need.any_of):
            continue
        findings.append(_unfilled_section(view, spec, need))
    missing = ", ".join(f.text for f in findings)
    return _result(spec, findings, "all core sections present", f"core sections not filled: {missing}")


@check("timeline_timestamps")
def _timeline(view: DocumentView, spec: GateSpec, _judge) -> GateResult:
    entries, note = view.timeline
    stamped = [e for e in entries if e.timestamped]
    params = spec.params
    if not entries:
        line, question, _ = _open_spot(view, ["timeline"])
        finding = Finding(gate=spec.id, line=line, text=question or "no timeline entries", suggestion=spec.fix)
        return _result(spec, [finding], "", "no timeline entries found")
    share = len(stamped) / len(entries)
    findings = [Finding(gate=spec.id, line=e.line, text=e.text[:160], suggestion=spec.fix)
                for e in entries if not e.timestamped]
    detail = f"{len(stamped)} of {len(entries)} timeline entries carry a time" + (f" ({note})" if note else "")
    if len(stamped) >= params.min_timestamped and share >= params.min_share:
        return GateResult(id=spec.id, passed=True, detail=detail)
    if not findings:
        line, question, _ = _open_spot(view, ["timeline"])
        findings = [Finding(gate=spec.id, line=line if question else entries[0].line,
                            text=question or f"only {len(stamped)} timestamped entries", suggestion=spec.fix)]
    return _result(spec, findings, detail, detail)


@check("impact_quantified")
def _impact(view: DocumentView, spec: GateSpec, _judge) -> GateResult:
    figures = view.figures
    if len(figures) >= spec.params.min_figures:
        shown = "; ".join(f"{f.text} (line {f.line})" for f in figures[:3])
        return GateResult(id=spec.id, passed=True, detail=f"{len(figures)} quantified figure(s): {shown}")
    line, question, state = _open_spot(view, ["impact"])
    text = question or ("no numbers in the impact section" if state == "empty" else "no impact section")
    finding = Finding(gate=spec.id, line=line, text=text, suggestion=spec.fix)
    return _result(spec, [finding], "", "impact is not quantified")


@check("actions_complete")
def _actions_complete(view: DocumentView, spec: GateSpec, _judge) -> GateResult:
    actions = view.actions
    if not actions:
        finding = Finding(gate=spec.id, line=None, text="no action items found",
                          suggestion=fill(spec.fix, missing="an action table"))
        return _result(spec, [finding], "", "no action items")
    findings = []
    for action in actions:
        missing = action.missing(spec.params.required_fields)
        if missing:
            names = ", ".join(FIELD_NAMES[m] + (" (open question)" if m in action.unknown_fields else "")
                              for m in missing)
            findings.append(Finding(gate=spec.id, line=action.line, text=f"{action.text[:120]} (no {names})",
                                    suggestion=fill(spec.fix, missing=names)))
    complete = len(actions) - len(findings)
    return _result(spec, findings, f"all {len(actions)} action items are complete",
                   f"{len(findings)} of {len(actions)} action items lack required fields ({complete} complete)")


@check("no_orphan_actions")
def _orphans(view: DocumentView, spec: GateSpec, _judge) -> GateResult:
    findings = [Finding(gate=spec.id, line=a.line, text=a.text[:160], suggestion=spec.fix)
                for a in view.actions if is_placeholder(a.owner) and a.tracker is None]
    return _result(spec, findings, "every action has an owner or a tracking ticket",
                   f"{len(findings)} action item(s) have neither owner nor ticket")


@check("no_vague_actions")
def _vague(view: DocumentView, spec: GateSpec, _judge) -> GateResult:
    findings = []
    names: set[str] = set()
    for action in view.actions:
        pattern = vague_pattern(action.text, spec)
        if pattern is not None:
            names.add(pattern.name)
            findings.append(Finding(gate=spec.id, line=action.line, text=action.text[:160],
                                    suggestion=fill(spec.fix, rewrite=pattern.rewrite)))
    return _result(spec, findings, "no vague action items", f"{len(findings)} vague action item(s): {', '.join(sorted(names))}")


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern:
    """Patterns from gates.yaml, compiled once (they are validated when the file is loaded)."""
    return re.compile(pattern, re.I)


_ISSUE_NUMBER = re.compile(r"\(#?\d+\)|#\d+")


def vague_pattern(text: str, spec: GateSpec):
    flat = _ISSUE_NUMBER.sub("", plain(text)).strip()
    for candidate in spec.params.vague:
        if _regex(candidate.pattern).search(flat) and not (candidate.unless and _regex(candidate.unless).search(flat)):
            return candidate
    return None


@check("triggers_committed")
def _triggers(view: DocumentView, spec: GateSpec, _judge) -> GateResult:
    triggers = view.triggers
    if not triggers:
        return GateResult(id=spec.id, passed=True, detail="no kill criteria or triggers listed (nothing to check)")
    words = [w.lower() for w in spec.params.noncommittal]
    findings = []
    for trigger in triggers:
        action = (trigger.action or trigger.text).lower()  # "If X, discuss later": the talk is the only action
        vague_word = next((w for w in words if _regex(rf"\b{re.escape(w)}\b").search(action)), None)
        if trigger.action is None or vague_word:
            problem = f"'{vague_word}' is not a committed action" if vague_word else "no committed action"
            findings.append(Finding(gate=spec.id, line=trigger.line, text=f"{trigger.text[:120]} ({problem})",
                                    suggestion=spec.fix))
    return _result(spec, findings, f"all {len(triggers)} triggers have a committed action",
                   f"{len(findings)} of {len(triggers)} triggers lack a committed action")


@check("went_well_present")
def _went_well(view: DocumentView, spec: GateSpec, _judge) -> GateResult:
    items = [group[0] for group in top_level(_content_items(view, ["went_well"]))]
    if len(items) >= spec.params.min_items:
        return GateResult(id=spec.id, passed=True, detail=f"{len(items)} thing(s) that went well")
    line, question, state = _open_spot(view, ["went_well"])
    text = question or ("the section is empty" if state == "empty" else "no 'What went well' section")
    return _result(spec, [Finding(gate=spec.id, line=line, text=text, suggestion=spec.fix)], "",
                   "nothing recorded as going well")


def _unfilled_section(view: DocumentView, spec: GateSpec, need) -> Finding:
    """Where a required section is missing, empty or holds only an open question, and how to fill it."""
    line, _, state = _open_spot(view, need.any_of)
    state = "only an open question" if state == "unknown" else state
    return Finding(gate=spec.id, line=line, text=f"{need.title}: {state}",
                   suggestion=fill(spec.fix, title=need.title, hint=need.hint))


@check("risks_questions_next_steps")
def _closing(view: DocumentView, spec: GateSpec, _judge) -> GateResult:
    findings = []
    keywords = [need.keyword for need in spec.params.sections if need.keyword]
    for need in spec.params.sections:
        if _content_items(view, need.any_of) or _combined_heading_has_content(view, need.keyword, keywords):
            continue
        findings.append(_unfilled_section(view, spec, need))
    return _result(spec, findings, "risks, open questions and next steps are all present",
                   "missing: " + ", ".join(f.text for f in findings))


def _combined_heading_has_content(view: DocumentView, keyword: str | None, keywords: list[str]) -> bool:
    """'## Risks / open questions / next steps', '## Open questions and next steps' or '## Risks, questions &
    next steps' with its content under one heading counts for each part it names."""
    if not keyword:
        return False
    for section in view.doc.sections:
        title = normalise_title(section.title)
        combined = keyword in title and any(other in title for other in keywords if other != keyword)
        if combined and (any(not is_placeholder(b.text) for b in section.blocks) or section.tables):
            return True
    return False


def _names_and_judgements(view: DocumentView) -> tuple[list, list]:
    """The linter's findings split in two: judgements (with any name in a judged sentence: "@ana looked over it
    without being thorough"), and names in sentences that judge nobody ("Ana restarted the job")."""
    found = view.blame_findings
    judged = {f.text for f in found if f.rule not in NAMING_RULES}
    return ([f for f in found if f.rule not in NAMING_RULES or f.text in judged],
            [f for f in found if f.rule in NAMING_RULES and f.text not in judged])


@check("roles_not_names")
def _roles(view: DocumentView, spec: GateSpec, _judge) -> GateResult:
    findings = [Finding(gate=spec.id, line=f.line, text=f.text, suggestion=fill(spec.fix, suggestion=f.suggestion),
                        rule=f.rule) for f in _names_and_judgements(view)[1]]
    return _result(spec, findings, "the narrative uses roles", f"{len(findings)} name(s) in the narrative")


@check("blameless_language")
def _blameless(view: DocumentView, spec: GateSpec, _judge) -> GateResult:
    findings = []
    for found in _names_and_judgements(view)[0]:
        answer = _systemic_answer(view, found.line)
        suggestion = fill(spec.fix, suggestion=found.suggestion)
        if answer:
            suggestion += f" (The analysis goes on to a systemic cause at line {answer}, so this weighs half.)"
        findings.append(Finding(gate=spec.id, line=found.line, text=found.text, suggestion=suggestion,
                                rule=found.rule, answered=answer is not None))
    answered = sum(f.answered for f in findings)
    detail = f"{len(findings)} blameful phrase(s)" + (f", {answered} answered by the analysis" if answered else "")
    return _result(spec, findings, "no blameful language found", detail)


_ANALYSIS = ("root_cause", "contributing_factors")


def _systemic_answer(view: DocumentView, line: int) -> int | None:
    """The line where the analysis holding `line` goes on to name a system condition (a five-whys that carries
    "the developer forgot" on to the missing check), or None when the blameful sentence is left standing."""
    from agent.grading.signals.analysis import SYSTEM_TERMS

    for section in sections_of(view.doc, *_ANALYSIS):
        if section.line <= line <= section.end_line:
            for number in range(line + 1, section.end_line + 1):
                if SYSTEM_TERMS.search(view.doc.lines[number - 1].lower()):
                    return number
    return None


@check("allspaw_test")
def _allspaw(view: DocumentView, spec: GateSpec, judge: Judge | None) -> GateResult:
    return judge_allspaw(view.doc, spec, judge)


@check("no_template_text")
def _template_text(view: DocumentView, spec: GateSpec, _judge) -> GateResult:
    """Text still waiting to be written: our open questions, '…' or 'TBD' items, '[Name]'-style holes."""
    hole = _template_hole(spec)
    findings = []
    for item in items_of(view.doc, *CANONICAL_SECTIONS):
        texts = item.cells if item.kind == "row" else [item.text]
        waiting = [t for t in texts if mentions_unknown(t) or _waiting_item(t, item.kind) or hole.search(plain(t))]
        if waiting:
            findings.append(Finding(gate=spec.id, line=item.line, text=plain(waiting[0])[:160], suggestion=spec.fix))
    return _result(spec, findings, "no template text or open questions left",
                   f"{len(findings)} item(s) still hold template text or an open question")


# Answers that look like placeholders: "Customer data loss | None" says there was none; "unset" is an optional
# field left unset on purpose.
_ANSWERS = frozenset({"none", "n/a", "na", "no", "unknown", "unset", "-", "--", "—", "none yet"})


def _waiting_item(text: str, kind: str) -> bool:
    """A list item or cell that is only a placeholder ('…', 'TBD'); an empty cell is just an empty cell."""
    if kind not in ("list", "row") or not is_placeholder(text):  # the cached test first: most cells hold content
        return False
    cleaned = plain(text).strip().strip(".:;,").strip().lower()
    return bool(cleaned) and cleaned not in _ANSWERS


@lru_cache(maxsize=8)
def _hole_pattern(words: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(w) for w in words)
    # "[REDACTED:email]" is the redactor's mark for removed data, not a hole to fill
    return re.compile(rf"\[(?!{re.escape(PLACEHOLDER_PREFIX[1:])})[^\[\]()]{{0,40}}\b(?:{alternatives})\b"
                      rf"[^\[\]()]{{0,40}}\](?![(\[:])", re.I)


def _template_hole(spec: GateSpec) -> re.Pattern:
    return _hole_pattern(tuple(spec.params.template_words))


@check("no_secrets_or_personal_data")
def _secrets(view: DocumentView, spec: GateSpec, _judge) -> GateResult:
    """What the drafting redactor would mask (agent.privacy), found in the document itself."""
    from agent.privacy.redact import redact_lines

    mailboxes = {m.lower() for m in spec.params.role_mailboxes}
    findings = []
    for number, (line, (redacted, counts)) in enumerate(zip(view.doc.lines, redact_lines(view.doc.lines), strict=True),
                                                        start=1):
        if not counts.total:
            continue
        kinds = [k for k in counts.counts
                 if (k != "email" or _personal_address(line, mailboxes)) and (k != "ipv4" or _public_address(line))]
        if kinds:
            findings.append(Finding(gate=spec.id, line=number, text=f"{', '.join(kinds)}: {redacted.strip()[:140]}",
                                    suggestion=spec.fix))
    return _result(spec, findings, "no secrets or personal data found",
                   f"{len(findings)} line(s) hold secrets or personal data")


_IPV4 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\.?\d)")


def _public_address(line: str) -> bool:
    """A public IPv4 address may point at a person; a private one (10.0.3.7, 192.168.1.20) is a server's."""
    for candidate in _IPV4.findall(line):
        try:
            if ipaddress.ip_address(candidate).is_global:
                return True
        except ValueError:
            continue
    return False


_ADDRESS = re.compile(r"([\w.+-]+)@[\w-]+(?:\.[\w-]+)+")
_LOCAL_PART_WORDS = re.compile(r"[a-z0-9]+")


def _personal_address(line: str, mailboxes: set[str]) -> bool:
    """An e-mail address of a person, not of a role mailbox or list (security@, all_engineering_employees@)."""
    return any(not mailboxes & set(_LOCAL_PART_WORDS.findall(match.group(1).lower()))
               for match in _ADDRESS.finditer(line))
