"""Analysis signals: contributing factors, why-chains, root-cause method, learnings and the lessons lists."""

import re

from agent.document.query import Item, items_in, items_of, sections_of, top_level
from agent.grading.signals import Measure, SignalContext, signal
from agent.grading.text import any_of, any_word, has_link, is_placeholder, mentions_unknown, plain
from agent.models.document import Section

# Keyword cues for the six clusters of the systems lens; a factor may touch several. Searched in lower-cased text
# (any_word keeps each pattern fast on a long document).
CLUSTERS = {
    "People": any_word("knowledge", "knew", "training", r"staff\w*", "fatigue", "tired", "on-?call", "handoff",
                       "hand-off", "holiday", "burnout", "experience", "familiar", "workload", "alone", "people", "human"),
    "Process": any_word("process", r"review\w*", "checklist", "runbook", "playbook", "procedure", "policy", "approval",
                        "documentation", "documented", "plan", "planning", "ownership", "owner", r"priorit\w*",
                        "test plan", "smoke test"),
    "Product": any_word("feature", "requirement", "design", "ux", "user interface", "ui", "customer", "product",
                        "api contract", r"compatib\w*"),
    "Tech": any_word("bug", "code", r"config\w*", r"deploy\w*", "database", "db", "server", "cache", "memory", "cpu",
                     "disk", "network", "dns", "certificate", "timeout", "leak", "query", "migration", "version",
                     "dependency", "kernel", "node", "pod", "cluster", r"replica\w*", "backup", "index"),
    "Comms": any_word(r"communicat\w*", r"notif\w*", "status page", r"escalat\w*", "channel", r"announce\w*", "email",
                      r"inform\w*", r"coordinat\w*"),
    "Environment": any_word("traffic", "load", "spike", "surge", "vendor", "third[- ]party", "provider", "upstream",
                            "cloud", "region", "outage of", "weather", "holiday", "external", "spam", "abuse"),
}
_WHY_HEADING = re.compile(r"^(?:[\w ]{0,20}:\s*)?why\b", re.I)
_WHY_LINE = re.compile(r"^\W*(?:\d+[.)]\s*)?(?:why\b|why\s*\d|w\d\b)", re.I)
_METHODS = {  # searched in lower-cased text
    "5 whys": any_word("5[- ]whys?", "five[- ]whys?"), "causal tree": any_word("causal (?:tree|graph|analysis)"),
    "fishbone": any_word("fishbone", "ishikawa"), "swiss cheese": any_word("swiss[- ]cheese"),
    "fault tree": any_word("fault tree"), "stamp/cast": any_of(r"\bstamp\b analysis", r"\bcast\b analysis"),
}
_LAYERS = r"\b(immediate|proximate|trigger\w*|enabling|underlying|latent|systemic|organi[sz]ational|root)\b"
_SENSIBLE = " (?:reasonable|sensible|logical|rational)\\b"
_MADE_SENSE = any_of(
    "made sense", "why it (?:made|seemed)", "seemed (?:safe|reasonable|right|fine)",
    "reasonable (?:at the time|given|choice|decision|assumption)", "locally rational",
    r"given what (?:they|we|the \w+) knew", "at the time,? (?:it|this|that|the)", "good enough", "assumed", "assumption",
    "deemed", "trade-?off",
    *(rf"\b{word}{_SENSIBLE}" for word in ("a", "an", "was", "were", "looked", "entirely", "perfectly", "quite")))
_CONFIDENCE = re.compile(r"\bconfidence\s*[:(=-]?\s*(low|med|medium|high)\b|\b(low|medium|high)[- ]confidence\b", re.I)
SYSTEM_TERMS = any_word(  # searched in lower-cased text
    "process", r"test\w*", r"check\w*", "validation", r"automat\w*", r"config\w*", r"monitor\w*", r"alert\w*", "review",
    "documentation", "runbook", "capacity", r"limit\w*", "design", "architecture", r"dependenc\w*", "tooling",
    "safeguard", "guardrail", "procedure", "default")


def factor_items(context: SignalContext) -> list[Item]:
    """Contributing factors when the document lists them, else the items (or paragraphs) of its root-cause
    sections, else what it lists as having gone poorly (the conditions that made the incident worse)."""
    for canonicals in (("contributing_factors",), ("root_cause",), ("went_poorly",)):
        items = [i for i in items_of(context.doc, *canonicals) if not is_placeholder(i.text)
                 and not (i.kind == "paragraph" and _WHY_LINE.match(plain(i.text)))]
        heads = [g[0] for g in top_level([i for i in items if i.kind in ("list", "row")])]
        if heads:
            return heads
        if items:
            return items  # paragraphs: one factor each
    return []


@signal("factors.count", "contributing factors (or root-cause items) listed")
def _factor_count(context: SignalContext) -> Measure:
    factors = factor_items(context)
    return Measure(value=float(len(factors)), lines=[f.line for f in factors][:5])


@signal("factors.clusters", "distinct clusters the analysis touches (People, Process, Product, Tech, Comms, Environment)")
def _clusters(context: SignalContext) -> Measure:
    found: dict[str, int] = {}
    for factor in items_of(context.doc, "contributing_factors", "root_cause", "went_poorly"):
        if len(found) == len(CLUSTERS):
            break  # every cluster has its first line
        lowered = plain(factor.text).lower()
        for cluster, pattern in CLUSTERS.items():
            if cluster not in found and (pattern.search(lowered) or cluster.lower() in lowered[:20]):
                found[cluster] = factor.line
    return Measure(value=float(len(found)), lines=sorted(found.values())[:6], note=", ".join(found))


@signal("rca.words", "words of explanation in the root-cause and contributing-factor sections (a why-chain told in prose)")
def _rca_words(context: SignalContext) -> Measure:
    items = [i for i in items_of(context.doc, "root_cause", "contributing_factors") if not is_placeholder(i.text)]
    words = sum(len(plain(i.text).split()) for i in items if not mentions_unknown(i.text))
    return Measure(value=float(words), lines=[i.line for i in items][:3])


@signal("factors.made_sense", "the analysis says why decisions made sense at the time")
def _made_sense(context: SignalContext) -> Measure:
    lines = [i.line for i in items_of(context.doc, "contributing_factors", "root_cause", "went_poorly")
             if _MADE_SENSE.search(plain(i.text).lower()) or _made_sense_cell(i)]
    return Measure(value=bool(lines), lines=lines[:3])


def _made_sense_cell(item: Item) -> bool:
    """A filled cell under a column such as "Why it made sense at the time" (an open question does not count)."""
    return any(_MADE_SENSE.search(head.lower()) and not is_placeholder(cell)
               for head, cell in zip(item.header, item.cells, strict=False))


@signal("whys.depth", "steps in the longest why-chain of one root-cause section")
def _whys(context: SignalContext) -> Measure:
    best: list[int] = []
    sections = sections_of(context.doc, "root_cause", "contributing_factors")
    for section in sections:
        assert section.canonical is not None  # sections_of found it by its canonical name
        items = [i for i in items_of(context.doc, section.canonical) if i.section_title == section.title]
        asked = [i.line for i in items if _WHY_LINE.match(plain(i.text))]
        if not asked and _METHODS["5 whys"].search((section.title + " ".join(i.text for i in items[:2])).lower()):
            asked = [i.line for i in items if i.kind == "list" and re.match(r"^\s*\d+[.)]", context.doc.lines[i.line - 1])]
        asked = max(asked, _why_subsections(section, sections), key=len)
        if len(asked) > len(best):
            best = asked
    return Measure(value=float(len(best)), lines=best[:5])


def _why_subsections(parent: Section, sections: list[Section]) -> list[int]:
    """A cause followed by "### Why it failed", "### Why it wasn't caught": the cause is the first step and each
    nested why-heading one more."""
    nested = [s.line for s in sections if parent.line < s.line <= parent.end_line and s.level > parent.level
              and _WHY_HEADING.search(s.title) and not _METHODS["5 whys"].search(s.title.lower())]
    return [parent.line, *nested] if nested else []


@signal("rca.methods", "named analysis methods used (5 whys, causal tree, fishbone, swiss cheese ...)")
def _methods(context: SignalContext) -> Measure:
    text = "\n".join(s.title for s in context.doc.sections) + "\n" + "\n".join(
        i.text for i in items_of(context.doc, "root_cause", "contributing_factors"))
    lowered = text.lower()
    found = [name for name, pattern in _METHODS.items() if pattern.search(lowered)]
    return Measure(value=float(len(found)), note=", ".join(found))


@signal("rca.hypotheses", "root-cause hypotheses given with a confidence level")
def _hypotheses(context: SignalContext) -> Measure:
    lines = [i.line for i in items_of(context.doc, "root_cause") if _CONFIDENCE.search(plain(i.text))]
    return Measure(value=float(len(lines)), lines=lines[:5])


@signal("rca.layers", "distinct cause layers named (trigger, immediate, enabling, latent, systemic ...)")
def _layers(context: SignalContext) -> Measure:
    found: dict[str, int] = {}
    for section in sections_of(context.doc, "root_cause", "contributing_factors"):
        for word in re.findall(_LAYERS, section.title.lower()):
            found.setdefault(word[:7], section.line)
    for item in items_of(context.doc, "root_cause", "contributing_factors"):
        for word in re.findall(_LAYERS, plain(item.text).lower()):
            found.setdefault(word[:7], item.line)
    return Measure(value=float(len(found)), lines=sorted(found.values())[:5], note=", ".join(found))


_CITED = any_of(r"\blogs?\b", r"\bmetrics?\b", r"\bgraph", r"\bdashboard", "`")


@signal("rca.evidence", "root-cause items that cite evidence (links, logs, metrics)")
def _rca_evidence(context: SignalContext) -> Measure:
    lines = [i.line for i in items_of(context.doc, "root_cause", "contributing_factors")
             if has_link(i.text) or _CITED.search(i.text.lower())]
    return Measure(value=float(len(lines)), lines=lines[:5])


@signal("rca.system_terms", "root-cause items phrased as system conditions (checks, tests, process, config ...)")
def _system(context: SignalContext) -> Measure:
    lines = [i.line for i in items_of(context.doc, "root_cause", "contributing_factors")
             if SYSTEM_TERMS.search(plain(i.text).lower())]
    return Measure(value=float(len(lines)), lines=lines[:5])


def _list_count(context: SignalContext, *canonicals: str) -> Measure:
    items = [i for i in items_of(context.doc, *canonicals) if not is_placeholder(i.text)]
    entries = [g[0] for g in top_level([i for i in items if i.kind in ("list", "row")])]
    if not entries:
        entries = [i for i in items if i.kind == "paragraph"]
    return Measure(value=float(len(entries)), lines=[e.line for e in entries][:5])


# A lesson told in the analysis rather than listed: what the team now knows it needs or will do differently.
_STATED_LESSON = re.compile(
    r"\bwe (?:need|have|ought) to\b|\bwe (?:learned|learnt|realised|realized|now know)\b|\blessons?\b|"
    r"\btakeaways?\b|\bgoing forward\b|\bin the future\b|\bfrom now on\b|\bnext time\b", re.I)
_NOT_ANALYSIS = frozenset({"timeline", "action_items", "parked_ideas", "header", "roles", "brief", "appendix",
                           "open_questions", "next_steps", "learnings", "went_poorly", "lucky"})


@signal("learnings.count", "learnings / lessons listed (what went wrong and where we got lucky are lessons too), "
                           "or stated in the analysis (\"we need to ...\", \"going forward ...\")")
def _learnings(context: SignalContext) -> Measure:
    listed = _list_count(context, "learnings", "went_poorly", "lucky")
    if listed.value:
        return listed
    stated = [i.line for s in context.doc.sections if s.canonical not in _NOT_ANALYSIS
              for i in items_in(context.doc, s) if i.kind in ("paragraph", "list") and not is_placeholder(i.text)
              and _STATED_LESSON.search(plain(i.text))]
    return Measure(value=float(len(stated)), lines=stated[:5], note="stated in the analysis" if stated else "")


@signal("went_well.count", "things listed as having gone well")
def _went_well(context: SignalContext) -> Measure:
    return _list_count(context, "went_well")


@signal("went_poorly.count", "things listed as having gone poorly")
def _went_poorly(context: SignalContext) -> Measure:
    return _list_count(context, "went_poorly")


@signal("lucky.count", "things listed under where we got lucky")
def _lucky(context: SignalContext) -> Measure:
    return _list_count(context, "lucky")
