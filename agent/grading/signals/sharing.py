"""Learning-and-sharing signals: the shareout, where it is published, and the recurring review."""

import re

from agent.document.query import items_of
from agent.grading.signals import Measure, SignalContext, signal
from agent.grading.text import is_placeholder, is_unanswered, plain

_WHERE = re.compile(r"publish\w*|post(ed)? (to|in|on)|shared? (with|to|in)|\bwiki\b|confluence|notion|#[a-z][\w-]+|"
                    r"mailing list|@[\w.-]+\.(com|org)|status ?page|newsletter|all[- ]hands|blog|knowledge base|"
                    r"incident (review|archive|library)|sent to", re.I)
_CADENCE = re.compile(r"\b(weekly|bi-?weekly|fortnightly|monthly|quarterly|every (other )?\w+ (weeks?|months?|days?|sprints?)|"
                      r"each sprint|per sprint|every sprint|cadence)\b", re.I)
_WIDE = re.compile(r"company[- ]wide|all[- ]?(engineering|hands|staff|employees)|entire (company|org\w*)|\bpublic(ly)?\b|"
                   r"status page|\bblog\b|newsletter|leadership|execs?\b|executives|cross[- ]team|other teams", re.I)
_PATTERNS = re.compile(r"similar incident|previous incident|recurr\w*|repeat(ed)? (incident|failure)|same (class|failure)|"
                       r"happened (before|again)|second time|related incident", re.I)
_TRACKED_METRICS = re.compile(r"\bMTTR\b|incident (frequency|rate|count)|repeat rate|completion rate|recurrence rate", re.I)


def _sharing_lines(context: SignalContext) -> list[tuple[int, str]]:
    lines = [(i.line, i.text) for i in items_of(context.doc, "dissemination")]
    lines += [(f.line, f"{f.key}: {f.value}") for f in context.view.header_fields
              if any(k in f.key for k in ("shared with", "audience", "distribution", "published"))]
    return [(n, plain(t)) for n, t in lines if not is_unanswered(t)]


def _labelled(context: SignalContext, label: re.Pattern) -> Measure:
    """A dissemination line whose label matches and whose value after the colon is filled."""
    for line, text in _sharing_lines(context):
        head, colon, value = text.partition(":")
        if colon and label.search(head) and not is_placeholder(value):
            return Measure(value=True, lines=[line], note=value.strip()[:60])
    return Measure(value=False)


@signal("share.tldr", "a TL;DR shareout exists")
def _tldr(context: SignalContext) -> Measure:
    lines = [n for n, text in enumerate(context.doc.lines, start=1) if re.search(r"\btl;? ?dr\b|one-page|1-page", text, re.I)]
    items = [i for i in items_of(context.doc, "dissemination", "summary") if not is_placeholder(i.text)]
    return Measure(value=bool(lines) and bool(items), lines=lines[:2])


# Front matter of a page that a site publishes (a blog post, a wiki page): where it lives is the page itself.
# A titled page with an author or a date is a post a static site publishes, whatever its address keys.
_PUBLISHED_KEYS = frozenset({"url", "path", "permalink", "slug", "aliases", "layout", "original_url", "canonical_url"})
_POST_KEYS = frozenset({"author", "authors", "date"})


@signal("share.where", "where the review is published or who it is shared with (a published page counts)")
def _where(context: SignalContext) -> Measure:
    hits = [n for n, text in _sharing_lines(context) if _WHERE.search(text)]
    keys = {str(key).lower() for key in context.doc.front_matter}
    if not hits and (_PUBLISHED_KEYS & keys or ("title" in keys and _POST_KEYS & keys)):
        return Measure(value=True, lines=[1], note="front matter of a published page")
    return Measure(value=bool(hits), lines=hits[:3])


@signal("share.wide", "shared beyond the team (company-wide, leadership, public)")
def _wide(context: SignalContext) -> Measure:
    hits = [n for n, text in _sharing_lines(context) if _WIDE.search(text)]
    return Measure(value=bool(hits), lines=hits[:3])


@signal("share.review_cadence", "a recurring learnings review with a cadence")
def _cadence(context: SignalContext) -> Measure:
    hits = [n for n, text in _sharing_lines(context) if _CADENCE.search(text)]
    return Measure(value=bool(hits), lines=hits[:3])


@signal("share.review_owner", "the recurring review has an owner")
def _owner(context: SignalContext) -> Measure:
    return _labelled(context, re.compile(r"owner|host|run by|chair", re.I))


@signal("share.review_audience", "the recurring review has a defined audience")
def _audience(context: SignalContext) -> Measure:
    return _labelled(context, re.compile(r"audience|attendees|attended by|participants|invite", re.I))


@signal("share.patterns", "links this incident to similar or repeated ones")
def _patterns(context: SignalContext) -> Measure:
    if context.get("has.similar_incidents").value:
        return Measure(value=True, lines=context.get("has.similar_incidents").lines)
    hits = [n for n, text in enumerate(context.doc.lines, start=1) if _PATTERNS.search(text)]
    return Measure(value=bool(hits), lines=hits[:3])


@signal("share.metrics", "tracks reliability metrics across incidents (MTTR, repeat rate, completion rate)")
def _metrics(context: SignalContext) -> Measure:
    hits = [n for n, text in enumerate(context.doc.lines, start=1) if _TRACKED_METRICS.search(text)]
    return Measure(value=bool(hits), lines=hits[:3])
