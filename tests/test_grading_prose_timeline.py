"""Blog-style reviews tell the timeline in paragraphs ("At 14:05 UTC, ..."), with links as their sources."""

from agent.grading import grade_text

BLOG = """# How a stale cache key took search offline

Search returned empty pages for most of Tuesday afternoon. This is what happened and what we are changing.

## What happened

At 13:58 UTC a deploy renamed the cache key prefix for the ranking service ([deploy log](https://ci.example/d/881)).

Nothing looked wrong at first: the old keys kept serving until they expired.

At 14:05 UTC the old keys expired and every query missed the cache at once; the
[latency dashboard](https://grafana.example/d/search) shows p99 rising from 180 ms to 9 s.

At 14:21 UTC the on-call engineer rolled the deploy back, and by 14:40 UTC the cache had warmed again.

## What we are changing

- Warm the cache before a key rename ships.
"""


def evidence(text: str):
    report = grade_text(text)
    return next(c for c in report.rubric.criteria if c.id == "evidence_and_timeline")


def test_dated_paragraphs_with_linked_sources_are_a_partial_timeline():
    criterion = evidence(BLOG)
    assert criterion.score == 1, criterion.evidence
    joined = " ".join(criterion.evidence)
    assert "timeline.timestamped_rows = 3" in joined and "timeline.evidence_rows = 2" in joined


def test_the_same_story_without_clock_times_is_narrative_only():
    untimed = BLOG.replace("At 13:58 UTC a", "A").replace("At 14:05 UTC the", "Then the")
    untimed = untimed.replace("At 14:21 UTC the", "Later the").replace(", and by 14:40 UTC", ", and soon")
    assert evidence(untimed).score == 0
