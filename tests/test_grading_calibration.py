"""Calibration on real, externally written post-mortems (read at run time from ../shared; skipped without it).

Strong public reviews must score clearly above thin ones on both rubrics, grades must agree with two expert
raters (../shared/calibration/ratings.json), the bad and good write-ups of the same incident in the SRE
workbook must be ordered correctly, and every document in the corpus must grade.
"""

import importlib.util
from pathlib import Path
from statistics import mean

import pytest

from agent.document import read_markdown
from agent.grading import check_gates, grade_text, load_gates, load_rubric, score

pytestmark = pytest.mark.corpus

STRONG = (
    "google-sre-book-example-postmortem-shakespeare.md",
    "gitlab-2017-01-31-database-outage-postmortem.md",
    "rust-crates-io-postmortem-2023-07-broken-downloads.md",
    "posthog-2025-10-03-surveys-sdk-bug.md",
)
WEAK = (
    "2i2c-incident-reports/2023-02-01-daskhub-induced-evictions.md",
    "learningequality-postmortems/001-buildkite-failing-build.md",
    "learningequality-postmortems/002-cloudflare-incomplete-migration.md",
    "learningequality-postmortems/003-instantschools-migrations-not-included.md",
    "learningequality-postmortems/004-sushibar-certificate-expired.md",
    "dfds-postmortems/PM2022-001__Prometheus_is_down_with_connection_refused_errors.md",
    "dfds-postmortems/PM2022-002___Logs_not_shipped_to_CloudWatch.md",
    "dfds-postmortems/PM2022-007__Kafka_metrics_stopped_being_exported_to_Prometheus.md",
)
WORKBOOK = "google-sre-workbook-ch10-postmortem-culture.md"
BENCH = Path(__file__).resolve().parent.parent / "evals" / "bench" / "grade_calibration.py"


def scores(corpus, names, rubric):
    return {name: grade_text((corpus / "raw" / name).read_text(encoding="utf-8"), rubric=rubric).rubric.score
            for name in names}


@pytest.mark.parametrize(("rubric", "gap"), [("default", 2.0), ("sre-weighted", 0.6)])
def test_strong_reviews_score_clearly_above_thin_ones(shared_corpus, rubric, gap):
    strong = scores(shared_corpus, STRONG, rubric)
    weak = scores(shared_corpus, WEAK, rubric)
    assert min(strong.values()) > max(weak.values()), (strong, weak)
    assert mean(strong.values()) >= mean(weak.values()) + gap, (strong, weak)


@pytest.fixture(scope="module")
def calibration():
    """The measurement code of evals/bench/grade_calibration.py (which prints the README figures)."""
    spec = importlib.util.spec_from_file_location("grade_calibration_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not module.RATINGS.is_file():
        pytest.skip("../shared/calibration/ratings.json is not present")
    return module


# Issue 11's targets on the 30 rated documents, for both rubrics.
TARGETS = {"spearman_total": 0.80, "spearman_holistic": 0.70, "criterion_agreement": 0.75,
           "should_pass_agreement": 0.85}


@pytest.mark.parametrize("rubric", ["default", "sre-weighted"])
def test_grades_agree_with_two_expert_raters(calibration, rubric):
    figures = calibration.measure_rubric(calibration.load_ratings(), rubric)
    for name, target in TARGETS.items():
        assert getattr(figures, name) >= target, (name, getattr(figures, name), figures.rows)


def test_the_publish_edges_hold_out_of_sample(calibration):
    """The band edges were fitted on the rated documents: each verdict predicted from the others agrees too."""
    for rubric, floor in (("default", 0.80), ("sre-weighted", 0.80)):
        figures = calibration.measure_rubric(calibration.load_ratings(), rubric)
        assert calibration.held_out_agreement(figures.verdicts) >= floor, rubric


def test_blame_findings_are_what_the_raters_quoted(calibration):
    blame = calibration.measure_blame(calibration.load_ratings())
    assert blame.precision >= 0.90, blame.rows  # 53 findings before names in records were read as records
    assert blame.rated_found >= 7, blame.rows


@pytest.mark.parametrize("rubric", ["default", "sre-weighted"])
def test_an_unanswered_offline_draft_scores_below_every_document_the_raters_publish(calibration, rubric):
    figures = calibration.measure_rubric(calibration.load_ratings(), rubric)
    floor = calibration.lowest_passing_score(figures)
    for example in ("checkout-outage.slack.txt", "db-failover.irc.log"):
        report = grade_text(calibration.offline_draft(calibration.EXAMPLES / example), rubric=rubric)
        assert report.rubric.score < floor and report.passed is False, (example, report.rubric.score, floor)
        lowered = [c for c in report.rubric.criteria if c.levels_lost and c.open_questions]
        assert lowered, "the report says which answers would raise the score"


def workbook_versions(corpus) -> tuple[str, str]:
    """The chapter holds a bad and a good write-up of the same incident, each followed by a critique."""
    lines = (corpus / "raw" / WORKBOOK).read_text(encoding="utf-8").split("\n")

    def between(start: str, end: str) -> str:
        first = lines.index(start)
        return "\n".join(lines[first : lines.index(end, first)])

    return (between("# Bad Postmortem", "### Why Is This Postmortem Bad?"),
            between("# Good Postmortem", "### Why Is This Postmortem Better?"))


@pytest.mark.parametrize("rubric", ["default", "sre-weighted"])
def test_workbook_good_version_beats_the_bad_one(shared_corpus, rubric):
    bad, good = workbook_versions(shared_corpus)
    bad_report, good_report = grade_text(bad, rubric=rubric), grade_text(good, rubric=rubric)
    assert good_report.rubric.score > bad_report.rubric.score
    failed_bad = {g.id for g in bad_report.gates if g.passed is False}
    failed_good = {g.id for g in good_report.gates if g.passed is False}
    # the chapter's good version keeps anonymising holes ("[link]", "[cache-dependent service]"): not publishable
    # as it stands, which is the one gate it fails that the bad version does not
    assert failed_good - {"no_template_text"} < failed_bad
    assert "no_vague_actions" in failed_bad  # "Make automation better." and friends


def test_every_corpus_document_grades(shared_corpus):
    gates = load_gates()
    rubrics = [load_rubric("default"), load_rubric("sre-weighted")]
    files = sorted(p for p in (shared_corpus / "raw").rglob("*") if p.suffix in (".md", ".txt"))
    for path in files:
        doc = read_markdown(path.read_text(encoding="utf-8", errors="replace"))
        results = check_gates(doc, gates)
        assert all(f.line is None or 1 <= f.line <= len(doc.lines) for r in results for f in r.findings), path
        for rubric in rubrics:
            scored = score(doc, rubric, results)
            low, high = rubric.score_range
            assert low <= scored.score <= high, path
            assert all(c.evidence for c in scored.criteria), path
