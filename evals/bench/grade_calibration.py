"""Benchmark: how far `postmortem grade` agrees with two expert review leads on 30 real post-mortems.

Run: .venv/bin/python evals/bench/grade_calibration.py [--verbose]
Reads ../shared/calibration/ratings.json (documents under ../shared/corpus/raw/); exits 0 with a message when
the shared folder is absent. Prints `name: value` lines for the README:
- Spearman of our total against the raters' mean total and against their mean holistic 1-10, per rubric;
- per-criterion agreement: |ours - raters' mean| <= 0.5 on a 0-2 scale, <= 1 on a 1-5 scale;
- should_pass agreement on the documents where both raters give the same verdict (ours = `grade` exit 0);
- blame precision / recall of the `blameless_language` findings against the sentences the raters quoted;
- offline drafts of our example transcripts and eval-case transcripts (no answers given) against the lowest
  document both raters pass.
Targets: Spearman >= 0.80 (total) and >= 0.70 (holistic), agreement >= 0.75, should_pass >= 0.85,
blame precision >= 0.90; every unanswered draft below every document both raters pass.
"""

import argparse
import itertools
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from statistics import mean

PROJECT_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(PROJECT_ROOT))
SHARED = PROJECT_ROOT.parent / "shared"
RATINGS = SHARED / "calibration" / "ratings.json"
RAW = SHARED / "corpus" / "raw"
EXAMPLES = PROJECT_ROOT / "examples"
CASES = PROJECT_ROOT / "evals" / "cases"
NAMING_RULE = "named-person"
RUBRICS = {"default": ("default", "default_total", 0.5), "sre-weighted": ("sre", None, 1.0)}


def ranks(values: list[float]) -> list[float]:
    """Average ranks (ties share the mean of their positions), as Spearman's rho needs."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            result[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return result


def spearman(xs: list[float], ys: list[float]) -> float:
    rx, ry = ranks(xs), ranks(ys)
    mx, my = mean(rx), mean(ry)
    covariance = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    spread = (sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry)) ** 0.5
    return covariance / spread if spread else 0.0


def normalised(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def quote_found(quote: str, finding_text: str) -> bool:
    """A finding matches a rater's quote when one contains the other (punctuation and case ignored)."""
    q, f = normalised(quote), normalised(finding_text)
    return bool(q and f) and (q in f or f in q)


Verdict = tuple[float, bool, bool]  # (our score, the raters' shared verdict, a blocking gate failed)


def publishes(score: float, blocked: bool, edge: float) -> bool:
    return not blocked and score >= edge


def best_edge(verdicts: list[Verdict]) -> float:
    """The publish-band edge that agrees with the most verdicts (a blocking gate fails a document whatever its
    score): the middle of the best run of candidate edges, so ties do not pull the edge to one side."""
    values = sorted({score for score, _, _ in verdicts})
    candidates = [values[0] - 1, *[(a + b) / 2 for a, b in itertools.pairwise(values)], values[-1] + 1]
    hits = [sum(publishes(score, blocked, edge) == verdict for score, verdict, blocked in verdicts)
            for edge in candidates]
    best = [edge for edge, hit in zip(candidates, hits, strict=True) if hit == max(hits)]
    return best[len(best) // 2]


def held_out_agreement(verdicts: list[Verdict]) -> float:
    """Leave-one-out: each verdict predicted by the edge fitted on the other documents."""
    right = 0
    for index, (score, verdict, blocked) in enumerate(verdicts):
        edge = best_edge(verdicts[:index] + verdicts[index + 1 :])
        right += publishes(score, blocked, edge) == verdict
    return right / len(verdicts)


def rater_total(rating: dict, key: str, total_key: str | None, weights: dict[str, float]) -> float:
    if total_key:
        return rating[total_key]
    levels = rating[key]
    return sum(levels[c] * w for c, w in weights.items()) / sum(weights.values())


def offline_draft(path: Path) -> str:
    from agent.draft import draft

    return draft(str(path), today=date(2026, 12, 1), env={}, offline=True).markdown


@dataclass
class RubricFigures:
    """How one rubric's grades compare with the raters' on the rated documents."""

    rubric: str
    spearman_total: float
    spearman_holistic: float
    criterion_agreement: float
    per_criterion: dict[str, float]
    should_pass_agreement: float
    verdicts: list[Verdict]  # documents where both raters give the same verdict
    documents_passed: int
    rows: list[str] = field(default_factory=list)  # per-document lines for --verbose


@dataclass
class BlameFigures:
    flagged: int = 0
    quoted: int = 0  # findings that quote a rated sentence
    judged: int = 0  # findings other than the names-in-the-narrative rule
    judged_quoted: int = 0
    rated: int = 0
    rated_found: int = 0
    names: int = 0  # roles_not_names findings: a name in a sentence that judges nobody (advice, not blame)
    names_quoted: int = 0
    rows: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.quoted / self.flagged if self.flagged else 1.0

    @property
    def judged_precision(self) -> float:
        return self.judged_quoted / self.judged if self.judged else 1.0

    @property
    def recall(self) -> float:
        return self.rated_found / self.rated if self.rated else 1.0


def load_ratings() -> dict:
    return json.loads(RATINGS.read_text(encoding="utf-8"))["docs"]


def measure_rubric(docs: dict, rubric_name: str) -> RubricFigures:
    from agent.grading import grade_text, load_rubric

    key, total_key, tolerance = RUBRICS[rubric_name]
    weights = {c.id: c.weight for c in load_rubric(rubric_name).criteria}
    ours, theirs, holistic, verdicts, agreements, rows, passed = [], [], [], [], [], [], 0
    per_criterion: dict[str, list[bool]] = {c: [] for c in weights}
    for name, ratings in docs.items():
        report = grade_text((RAW / name).read_text(encoding="utf-8"), rubric=rubric_name)
        raters = [ratings["r1"], ratings["r2"]]
        ours.append(report.rubric.score)
        passed += report.passed
        theirs.append(mean(rater_total(r, key, total_key, weights) for r in raters))
        holistic.append(mean(r["overall"] for r in raters))
        for criterion in report.rubric.criteria:
            expected = mean(r[key][criterion.id] for r in raters)
            per_criterion[criterion.id].append(abs(criterion.score - expected) <= tolerance)
        if raters[0]["should_pass"] == raters[1]["should_pass"]:
            blocked = any(gate.blocking and gate.passed is False for gate in report.gates)
            verdicts.append((report.rubric.score, raters[0]["should_pass"], blocked))
            agreements.append(report.passed == raters[0]["should_pass"])
        rows.append(f"  {rubric_name} {name}: ours {report.rubric.score} raters {theirs[-1]:.2f} "
                    f"holistic {holistic[-1]:.1f} passed {report.passed} "
                    f"raters {raters[0]['should_pass']}/{raters[1]['should_pass']}")
    checks = [agrees for results in per_criterion.values() for agrees in results]
    return RubricFigures(
        rubric=rubric_name, spearman_total=spearman(ours, theirs), spearman_holistic=spearman(ours, holistic),
        criterion_agreement=mean(checks), per_criterion={c: mean(r) for c, r in per_criterion.items()},
        should_pass_agreement=mean(agreements),
        verdicts=verdicts, documents_passed=passed, rows=rows,
    )


def measure_blame(docs: dict) -> BlameFigures:
    """The blameless_language findings against the sentences the raters quoted as blameful."""
    from agent.grading import grade_text

    figures = BlameFigures()
    for name, ratings in docs.items():
        report = grade_text((RAW / name).read_text(encoding="utf-8"))
        blame = [f for f in report.findings if f.gate == "blameless_language"]
        rated = {q for r in (ratings["r1"], ratings["r2"]) for q in r.get("blameful", [])}
        hits = [any(quote_found(q, f.text) for q in rated) for f in blame]
        figures.flagged += len(blame)
        figures.quoted += sum(hits)
        figures.judged += sum(f.rule != NAMING_RULE for f in blame)
        figures.judged_quoted += sum(hit for hit, f in zip(hits, blame, strict=True) if f.rule != NAMING_RULE)
        names = [f for f in report.findings if f.gate == "roles_not_names"]
        figures.names += len(names)
        figures.names_quoted += sum(any(quote_found(q, f.text) for q in rated) for f in names)
        figures.rated += len(rated)
        figures.rated_found += sum(any(quote_found(q, f.text) for f in blame) for q in rated)
        figures.rows += [f"  blame {'hit' if hit else 'FP '} {name} line {f.line} [{f.rule}]: {f.text[:100]}"
                         for hit, f in zip(hits, blame, strict=True)]
    return figures


def lowest_passing_score(figures: RubricFigures) -> float:
    """Our score of the weakest document both raters would publish."""
    return min(score for score, verdict, _ in figures.verdicts if verdict)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="per-document scores and blame findings")
    args = parser.parse_args()
    if not RATINGS.is_file():
        print(f"calibration: skipped, {RATINGS} not found (shared folder absent)")
        return 0
    from agent.grading import grade_text

    docs = load_ratings()
    ok = True
    floors: dict[str, float] = {}
    for rubric_name in RUBRICS:
        figures = measure_rubric(docs, rubric_name)
        if args.verbose:
            print("\n".join(figures.rows))
        agree = round(figures.should_pass_agreement * len(figures.verdicts))
        print(f"{rubric_name}_spearman_total: {figures.spearman_total:.2f}")
        print(f"{rubric_name}_spearman_holistic: {figures.spearman_holistic:.2f}")
        print(f"{rubric_name}_criterion_agreement: {figures.criterion_agreement:.2f}")
        for criterion, share in figures.per_criterion.items():
            print(f"  {rubric_name}.{criterion}: {share:.2f}")
        print(f"{rubric_name}_should_pass_agreement: {figures.should_pass_agreement:.2f} "
              f"({agree}/{len(figures.verdicts)}, where the raters agree)")
        print(f"{rubric_name}_documents_passed: {figures.documents_passed}/{len(docs)}")
        edge = best_edge(figures.verdicts)
        in_sample = mean(publishes(s, b, edge) == v for s, v, b in figures.verdicts)
        print(f"{rubric_name}_publish_edge_fit: {edge:g} (should_pass agreement {in_sample:.2f} in sample, "
              f"{held_out_agreement(figures.verdicts):.2f} leave-one-out)")
        floors[rubric_name] = lowest_passing_score(figures)
        ok &= (figures.spearman_total >= 0.80 and figures.spearman_holistic >= 0.70
               and figures.criterion_agreement >= 0.75 and figures.should_pass_agreement >= 0.85)
    blame = measure_blame(docs)
    if args.verbose:
        print("\n".join(blame.rows))
    print(f"blame_precision: {blame.precision:.2f} ({blame.quoted}/{blame.flagged} findings quote a rated sentence)")
    print(f"blame_precision_without_naming: {blame.judged_precision:.2f} ({blame.judged_quoted}/{blame.judged} "
          f"findings other than '{NAMING_RULE}', the SPEC's names-in-the-narrative rule)")
    print(f"blame_recall: {blame.recall:.2f} ({blame.rated_found}/{blame.rated} rated sentences found)")
    print(f"names_in_narrative: {blame.names} advisory roles_not_names finding(s), {blame.names_quoted} of them "
          f"in a rated sentence (with them counted as blame, precision would be "
          f"{(blame.quoted + blame.names_quoted) / max(1, blame.flagged + blame.names):.2f})")
    ok &= blame.precision >= 0.90
    highest: dict[str, float] = {}
    for transcript in unanswered_draft_sources():
        markdown = offline_draft(transcript)
        for rubric_name, floor in floors.items():
            draft_score = grade_text(markdown, rubric=rubric_name).rubric.score
            highest[rubric_name] = max(highest.get(rubric_name, draft_score), draft_score)
            below = draft_score < floor
            ok &= below
            if transcript.parent == EXAMPLES or args.verbose or not below:
                print(f"draft_{transcript.parent.name if transcript.parent != EXAMPLES else ''}{transcript.name}_"
                      f"{rubric_name}: {draft_score} ({'below' if below else 'NOT below'} {floor}, "
                      f"the lowest document both raters pass)")
    for rubric_name, score in highest.items():
        print(f"draft_highest_{rubric_name}: {score} over {len(unanswered_draft_sources())} unanswered drafts "
              f"(lowest document both raters pass: {floors[rubric_name]})")
    return 0 if ok else 1


def unanswered_draft_sources() -> list[Path]:
    """Our example transcripts and the eval cases' transcripts, drafted offline with no answers given."""
    cases = [p for case in sorted(CASES.iterdir()) if case.is_dir()
             for p in sorted(case.iterdir()) if p.name.startswith("transcript")]
    return sorted(p for p in EXAMPLES.iterdir() if p.is_file()) + cases


if __name__ == "__main__":
    raise SystemExit(main())
