"""Benchmark: scripted incident commanders (personas) answer `postmortem facilitate --offline` through the real CLI.

Run: .venv/bin/python evals/bench/facilitation.py [--incidents DIR ...] [--persona ID] [--json]
Default incidents: evals/facilitation/incidents (format: evals/facilitation/PERSONA-BRIEF.md, the brief its
writers got, written apart from the engine).

Each persona runs in a subprocess with `--show-gaps`: the facilitator prints the gap id of every question, and
GAP_TOPICS below (data kept here, not in the engine) maps it to the persona topics whose answers the scripted IC
gives, joined, in order (the 1st answer the first time a topic is asked, then the 2nd...). An IC with a log pastes
it before anything when `paste_first`, else when a question offers /paste. Every `paste_first` persona also runs a
second time without pasting, to measure what the paste saves.

Per persona it prints: questions answered until all gates pass, questions answered in all (and printed: a question
a paste made moot is printed but not answered), word-for-word repeats and repeats of the same question without
an explanation ("Asked again: …"), characters typed, contradictions (agent.facilitation.consistency), blame lines in the document
(the grader's blame linter plus the incident's people next to judging verbs) and non-answers credited (an answer
the persona gave that the facilitator's cues call a non-answer, found in the document).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

DEFAULT_INCIDENTS = ROOT / "evals" / "facilitation" / "incidents"
POSTMORTEM = ROOT / ".venv" / "bin" / "postmortem"
MAX_QUESTIONS = 40
# Gap ids the facilitator prints -> the persona topics a person would answer with.
GAP_TOPICS: dict[str, list[str]] = {
    "opening": ["still_active", "what_happened", "severity"], "headline": ["what_happened", "severity"], "active": ["still_active"],
    "review_type": ["review_type"], "scope": ["goal", "audience", "roles"], "goal": ["goal"],
    "audience": ["audience"], "roles": ["roles"], "date_zone": [], "confirm": ["impact_start"],
    "moment:impact_start": ["impact_start", "detection", "acknowledgement"], "moment:detection_alert": ["detection"],
    "clock": ["detection"],
    "moment:acknowledgement": ["acknowledgement"], "moment:mitigation": ["mitigation", "impact_end", "resolution"],
    "moment:recovery": ["impact_end"], "moment:resolution": ["resolution"], "impact": ["impact"],
    "severity": ["severity"], "probe_failed": ["failed_mitigations"], "probe_escalation": ["escalation"],
    "probe_fix": ["how_fix_found"], "probe_silence": ["timeline_gaps"], "factors": ["contributing_factors"],
    "why_made_sense": ["why_it_made_sense"], "whys": ["whys"], "went_well": ["what_went_well"],
    "learnings": ["learnings"], "actions": ["actions"], "parked": ["parked_ideas"],
    "action_details:owner": ["action_owner"], "action_details:due": ["action_due"],
    "action_details:success_signal": ["action_success_signal"], "action_details:follow_up": ["action_follow_up"],
    "triggers": ["triggers"], "trigger_owner": ["trigger_owner"], "dissemination": ["dissemination", "shareout_location", "review_cadence"],
    "closing": ["risks", "open_questions", "next_steps"],
}
# When a persona has no answer for the mapped topic, these stand in (same subject, other wording).
FALLBACK_TOPICS = {"why_it_made_sense": ["whys"],
                   "impact_end": ["mitigation"], "detection": ["what_happened"]}
_QUESTION = re.compile(r"^\[(q\d+)\] (.*)$")
_GAP = re.compile(r"^gap: (\S+)")
_GATES = re.compile(r"^Document updated: .*?; (all gates pass|\d+ gate\(s\) open)")


@dataclass
class Result:
    persona: str
    incident: str
    style: str
    pasted: bool
    questions_to_gates: int | None = None
    questions: int = 0  # questions the IC answered
    shown: int = 0  # questions printed, including one a paste made moot before it was answered
    repeats: int = 0
    unexplained_repeats: int = 0
    chars_typed: int = 0
    contradictions: list[str] = field(default_factory=list)
    blame_lines: list[str] = field(default_factory=list)
    credited_non_answers: list[str] = field(default_factory=list)
    open_gates: list[str] = field(default_factory=list)  # gates still failing in the finished document, with the line
    transcript: list[tuple[str, str, str]] = field(default_factory=list)  # (gap, question, answer)


def run_persona(incident_dir: Path, persona_file: Path, *, paste: bool = True, keep: Path | None = None) -> Result:
    incident = yaml.safe_load((incident_dir / "incident.yaml").read_text(encoding="utf-8"))
    persona = yaml.safe_load(persona_file.read_text(encoding="utf-8"))
    log = (incident_dir / "log.txt").read_text(encoding="utf-8") if (incident_dir / "log.txt").exists() else ""
    can_paste = paste and bool(log) and (persona.get("pastes_log") or persona.get("paste_first"))
    result = Result(persona["id"], incident["id"], persona.get("style", "?"), pasted=False)
    today = date.fromisoformat(str(incident["date"])) + timedelta(days=3)
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "POSTMORTEM_HOME": home, "POSTMORTEM_TODAY": today.isoformat()}
        env.pop("ANTHROPIC_API_KEY", None)
        process = subprocess.Popen([str(POSTMORTEM), "facilitate", "--offline", "--show-gaps"], cwd=ROOT, env=env,
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   encoding="utf-8", bufsize=1)
        asked_topics: dict[str, int] = {}
        seen: dict[str, str] = {}
        question = None
        waiting: tuple[str, str] | None = None
        answers_given: list[str] = []

        def send(text: str) -> None:
            result.chars_typed += len(text)
            process.stdin.write(text)  # type: ignore[union-attr]
            process.stdin.flush()  # type: ignore[union-attr]

        said: list[str] = []
        for raw in process.stderr:  # type: ignore[union-attr]
            line = raw.rstrip("\n")
            said.append(line)
            if (match := _QUESTION.match(line)) is not None:
                question = match.group(2)
                continue
            if line.startswith("note: the paste does not answer") and waiting is not None:
                question, gap_line = waiting
                waiting = None
                answer = _answer(persona, gap_line, asked_topics)
                answers_given.append(answer)
                result.questions += 1
                result.transcript.append((gap_line, "(still open after the paste)", answer))
                send(f"{answer}\n\n")
                question = None
                continue
            if (gates := _GATES.match(line)) is not None:
                if gates.group(1) == "all gates pass" and result.questions_to_gates is None:
                    result.questions_to_gates = result.questions
                continue
            if (gap := _GAP.match(line)) is None or question is None:
                continue
            waiting = None
            gap_id = gap.group(1)
            result.shown += 1
            if question in seen.values():
                result.repeats += 1
            if gap_id in seen and question.endswith(seen[gap_id]) and not question.startswith("Asked again:"):
                result.unexplained_repeats += 1
            seen[gap_id] = question
            if result.questions >= MAX_QUESTIONS:
                send("/done\n")
                break
            if can_paste and not result.pasted and (persona.get("paste_first") or "/paste" in question):
                send(f"/paste\n{log.rstrip()}\n/end\n")
                result.pasted = True
                result.transcript.append((gap_id, question, "[pastes log.txt]"))
                waiting = (question, gap_id)  # answered if the facilitator says the paste left it open
                question = None
                continue  # the facilitator re-plans after the paste and asks again
            answer = _answer(persona, gap_id, asked_topics)
            answers_given.append(answer)
            result.questions += 1
            result.transcript.append((gap_id, question, answer))
            send(f"{answer}\n\n")
            question = None
        try:
            out, _ = process.communicate(timeout=120)
        except ValueError:
            out = process.stdout.read() if process.stdout else ""
        markdown = out or ""
    _judge(result, markdown, incident, answers_given)
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        (keep / f"{persona['id']}{'' if paste else '-no-paste'}.md").write_text(markdown, encoding="utf-8")
    if not markdown.strip():
        result.contradictions.append("last words: " + " / ".join(said[-3:]))
    return result


def _answer(persona: dict, gap_id: str, asked: dict[str, int]) -> str:
    answers = persona.get("answers") or {}
    if gap_id.startswith("action_details:"):  # one question about several fields: the topic of each
        topics = [t for f in gap_id.split(":", 1)[1].split("+") for t in GAP_TOPICS[f"action_details:{f}"]]
    else:  # "impact+severity": a question about two gaps, answered with both topics
        topics = [t for part in gap_id.split("+") for t in GAP_TOPICS.get(part, GAP_TOPICS.get(part.split(":")[0], []))]
    said = []
    for topic in topics:
        options = answers.get(topic)
        if not options:
            for other in FALLBACK_TOPICS.get(topic, []):
                if answers.get(other):
                    topic, options = other, answers[other]
                    break
        if not options:
            continue
        index = asked.get(topic, 0)
        asked[topic] = index + 1
        said.append(str(options[min(index, len(options) - 1)]).strip())
    if not said:
        default = persona.get("default") or ["I don't know."]
        index = asked.get("_default", 0)
        asked["_default"] = index + 1
        said.append(str(default[min(index, len(default) - 1)]).strip())
    return " ".join(dict.fromkeys(said)).replace("\n\n", "\n")


def _judge(result: Result, markdown: str, incident: dict, answers: list[str]) -> None:
    from agent.document.reader import read_markdown
    from agent.facilitation.consistency import contradictions
    from agent.facilitation.cues import blame_verb, non_answer
    from agent.grading.blame import lint_document

    if not markdown.strip():
        result.contradictions.append("no document was produced")
        return
    result.contradictions = [c.describe() for c in contradictions(markdown)]
    from agent.grading import grade_text

    report = grade_text(markdown)
    result.open_gates = [f"{f.gate}: {f.text[:90]}" for f in report.findings
                         if f.gate in {g.id for g in report.gates if g.passed is False}]
    people = [str(p) for p in incident.get("people") or []]
    narrative = markdown.split("## Action items", 1)[0]
    narrative = re.sub(r"## Roles.*?(?=\n## )", "", narrative, flags=re.S)
    for line in narrative.splitlines():
        named = any(re.search(rf"\b{re.escape(p)}\b", line) for p in people)
        if named and blame_verb(line):
            result.blame_lines.append(line.strip())
    components = {str(c).lower() for c in incident.get("components") or []}
    for finding in lint_document(read_markdown(markdown)):
        # The grader's named-person rule takes some components for people; a component is never counted here.
        if finding.rule == "named-person" and (finding.matched.lower() in components or finding.matched not in people):
            continue
        result.blame_lines.append(f"{finding.matched}: {finding.text}")
    for answer in answers:
        for piece in re.split(r"(?<=[.!?])\s+", answer):
            empty = non_answer(piece)
            if empty is not None and empty.id != "guess" and len(piece.split()) >= 3 and piece.lower().rstrip(".") in markdown.lower():
                result.credited_non_answers.append(piece)


def personas(incidents: list[Path], only: str | None) -> list[tuple[Path, Path]]:
    found = []
    for folder in incidents:
        for incident_dir in sorted(p for p in folder.iterdir() if (p / "incident.yaml").exists()):
            for persona_file in sorted((incident_dir / "personas").glob("*.yaml")):
                if only is None or persona_file.stem == only:
                    found.append((incident_dir, persona_file))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--incidents", type=Path, nargs="*", default=[DEFAULT_INCIDENTS])
    parser.add_argument("--persona")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--transcript", action="store_true", help="print each persona's questions and answers")
    parser.add_argument("--keep", type=Path, help="write each finished document to this folder")
    args = parser.parse_args()
    results = []
    for incident_dir, persona_file in personas([p for p in args.incidents if p.exists()], args.persona):
        result = run_persona(incident_dir, persona_file, keep=args.keep)
        results.append(result)
        persona = yaml.safe_load(persona_file.read_text(encoding="utf-8"))
        if persona.get("paste_first"):
            bare = run_persona(incident_dir, persona_file, paste=False, keep=args.keep)
            bare.persona += " (no paste)"
            results.append(bare)
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=1, ensure_ascii=False))
        return 0
    print("| persona | incident | style | pasted | questions to all gates | questions (printed) | repeats | unexplained | "
          "chars typed | contradictions | blame lines | credited non-answers |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r.persona} | {r.incident} | {r.style} | {'yes' if r.pasted else 'no'} | "
              f"{r.questions_to_gates if r.questions_to_gates is not None else 'never'} | {r.questions} ({r.shown}) | "
              f"{r.repeats} | "
              f"{r.unexplained_repeats} | {r.chars_typed} | {len(r.contradictions)} | {len(r.blame_lines)} | "
              f"{len(r.credited_non_answers)} |")
    for r in results:
        for label, items in (("contradiction", r.contradictions), ("blame", r.blame_lines),
                             ("credited", r.credited_non_answers), ("open gate", r.open_gates)):
            for item in items:
                print(f"{r.persona}: {label}: {item}", file=sys.stderr)
        if args.transcript:
            print(f"\n## {r.persona} ({r.incident})")
            for gap, question, answer in r.transcript:
                print(f"- [{gap}] {question}\n  > {answer}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
