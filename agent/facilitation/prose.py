"""Plain answers read into rows: actions, triggers, dissemination and contributing factors as people say them.

"Tomás will make the client ask Sentinel by November 27th; we'll know it works when the failover drill passes"
is one action with an owner, a due date and a success signal. Dates are read by the facts layer's due-date reader
(agent.facts.dates) and names by the same capitalisation rules the people module uses; what cannot be read stays
empty, so the facilitator asks for that one field next instead of guessing it.
"""

import re
from datetime import date, timedelta

from agent.facilitation.fields import split_fields
from agent.facts.phrasing import capitalise
from agent.models import ActionItem, Trigger

# ... and before an item number inside a line ("…defaults. 2) Came in as a bot PR").
_SENTENCES = re.compile(r"(?<=[^\d\s.][.!?])\s+(?=[A-Za-z])|(?<=\d[.!?])\s+(?=[A-Z])|\n+|;\s+|\s+-{1,2}\s+|\s+—\s+(?=[a-z]+\s*:)"
                        r"|(?<=[.!?])\s+(?=\d{1,2}\)\s+\S)")
_LEADING = re.compile(
    r"^\s*(?:[-*•]\s+|\d{1,2}[.):]\s+|(?:one|two|three|four|five|six)\s*[:.),]\s+)?"
    r"(?:(?:and|also|plus|then|so|finally|first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth|fifth|next|lastly)\b[,:\s]+)?",
    re.I)
# "Four main ones, I think." "Three actions:" — a count that introduces a list says nothing by itself.
_PREAMBLE = re.compile(r"^\W*(?:two|three|four|five|six|seven)\W*$"
                       r"|^\W*(?:i'?d|i\s+would|we'?d|we\s+would)\s+(?:name|say|list|count|pick|see)\s+"
                       r"(?:two|three|four|five|six|seven|\d)\W*$"
                       r"|^\W*(?:there\s+(?:are|were)\s+|we\s+have\s+|i\s+(?:see|have)\s+)?(?:a\s+few|two|three|four|five|six|"
                       r"several|some|many|\d)\s+(?:\w+\s+)?(?:ones?|things|factors|reasons|conditions|issues|actions?|"
                       r"changes|items|follow-?ups|triggers|signals)\b[^.]{0,20}[.:]?\s*$", re.I)
NAME = r"[A-ZÀ-Ý][\w'’-]+(?:\s+[A-ZÀ-Ý][\w'’-]+)?"
_LOWER_NAME = r"[a-zà-ÿ][\w'’-]+"
# Who does it: "Tomás will", "Tomás to", "Tomás:", "Tomás owns", "owner: Tomás", "owned by Tomás", "Tomás's".
_OWNER_FIRST = re.compile(
    rf"^(?P<who>{NAME}|{_LOWER_NAME}(?=\s*:))\s*(?:(?:will|'ll|’ll|to|is\s+going\s+to|can|should)\s+|:\s*|—\s*|owns\s+"
    r"|(?=[a-z]+s\s))",  # "Mehmet sets …": a name, then a verb in the third person
)
_OWNER_LABEL = re.compile(
    rf"\b(?i:owner|owned\s+by|assigned\s+to|dri)\b\s*(?:is\s+|:\s*|=\s*)?(?P<who>{NAME}|{_LOWER_NAME})"
    rf"|(?P<who2>{NAME})\s+(?:owns|runs|takes|chairs|handles)\s+(?:it|that|this|them)\b")
_SUCCESS = re.compile(
    r"(?:we'?ll|we\s+will|you'?ll)\s+know\s+(?:it\s+|that\s+it\s+)?(?:works?|worked|is\s+done|is\s+fixed|landed)\s+"
    r"(?:when|if|once)\s+(?P<a>.+)"
    r"|\b(?:it|this|that)\s+(?:works|worked|is\s+done)\s+(?:when|if|once)\s+(?P<b>.+)"
    r"|\bdone\s+when\s+(?P<c>.+)|\bsuccess(?:\s+signal)?\s*(?:is|:|=|means|looks\s+like)\s*(?P<d>.+)"
    r"|\bsignal\s*(?:is|:)\s*(?P<e>.+)|\bproof\s+is\s+(?P<f>.+)"
    r"|(?:^|,\s*(?:and\s+)?|\s+and\s+)(?P<g>[^,]+?)\s+is\s+the\s+(?:success\s+)?signal\b",
    re.I)
_FOLLOW_UP = re.compile(
    r"\b(?:check(?:\s+(?:on|in|back))?(?:\s+(?:it|them|that|all\s+of\s+them|each))?|follow[-\s]?up(?:\s+(?:date|is))?|"
    r"review(?:\s+(?:it|them|progress))?)\s*(?:on|by|at|:)?\s*(?P<when>.+)", re.I)
_AFTER_DUE = re.compile(
    r"\b(?P<count>a|an|one|two|three|four|\d+)\s+(?P<unit>days?|weeks?)\s+after\s+(?:each\s+|the\s+|its\s+|their\s+)?"
    r"(?:due|deadline)", re.I)
_NEXT_WORKING_DAY = re.compile(r"\bnext\s+(?:working|business|week)\s*day\s+after\s+(?:each|the|its|their)\s+(?:due|deadline)",
                               re.I)
_DAY_OF_MONTH = re.compile(r"\b(?:by|on|before|until)?\s*the\s+(\d{1,2})(?:st|nd|rd|th)\b", re.I)
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4}
_TAIL = re.compile(r"[\s,;:—–-]+$")
_INNER_GAP = re.compile(r"\s+([,;.])|\s{2,}")


def action_line(row: ActionItem) -> str:
    """An action read from an answer, as one line for the user to confirm."""
    parts = [row.action]
    parts.append(f"owner {row.owner}" if row.owner else "owner ?")
    parts.append(f"due {row.due.isoformat()}" if row.due else "due ?")
    parts.append(f"signal: {row.success_signal}" if row.success_signal else "signal ?")
    parts.append(f"check {row.follow_up.isoformat()}" if row.follow_up else "check ?")
    return " — ".join(parts)


def pieces(text: str) -> list[str]:
    """Sentences and clauses of an answer, list markers and leading 'and'/'also' removed."""
    found = []
    for piece in _SENTENCES.split(text):
        piece = _LEADING.sub("", piece.strip()).strip()
        if piece and not _PREAMBLE.match(piece):
            found.append(piece)
    return found


def due_date(text: str, anchor: date) -> tuple[date | None, tuple[int, int] | None]:
    """The date a phrase states, counted from `anchor`, and where it stands in `text`."""
    from agent.facts.dates import DUE_PATTERN, resolve_relative_date

    match = DUE_PATTERN.search(text)
    if match is not None:
        when = resolve_relative_date(match.group(0), anchor)
        if when is not None:
            return when, match.span()
    day = _DAY_OF_MONTH.search(text)
    if day is not None:
        number = int(day.group(1))
        for months in range(3):
            year, month = anchor.year + (anchor.month - 1 + months) // 12, (anchor.month - 1 + months) % 12 + 1
            try:
                candidate = date(year, month, number)
            except ValueError:
                continue
            if candidate >= anchor:
                return candidate, day.span()
    return None, None


def action_rows(text: str, anchor: date) -> list[ActionItem]:
    """Every action said in `text`. A clause that only says how success shows or when to check belongs to the
    action before it."""
    rows: list[ActionItem] = []
    for piece in pieces(text):
        success = _SUCCESS.search(piece)
        follow = _FOLLOW_UP.match(piece)
        is_detail = (success is not None and success.start() == 0) or (follow is not None and due_date(piece, anchor)[0])
        if rows and is_detail and not _OWNER_FIRST.match(piece):
            _fill(rows[-1], piece, anchor)
            continue
        row = _row(piece, anchor)
        if row is not None:
            rows.append(row)
    return rows


def _row(piece: str, anchor: date) -> ActionItem | None:
    structured = split_fields(piece)
    rest = piece
    owner = None
    if (match := _OWNER_FIRST.match(rest)) is not None and not _is_verb(match.group("who")):
        owner, rest = match.group("who"), rest[match.end():]
    row = ActionItem(action="", owner=_owner_name(owner) if owner else None)
    rest = _fill(row, rest, anchor, structured=len(structured) >= 3)
    rest = re.sub(r"^(?:i|we)(?:'ll|’ll|\s+will|\s+are\s+going\s+to|'m\s+going\s+to)\s+", "", rest.strip(), flags=re.I)
    if owner is not None:
        rest = _THIRD_PERSON.sub(_base_form, rest, count=1)  # "sets X" said of Mehmet: the action is "Set X"
    action = _TAIL.sub("", re.sub(r"^(?:to|will|make\s+sure\s+(?:to|we|that)?)\s+", "", rest.strip(), flags=re.I))
    if len(action) < 4:
        return None
    row.action = capitalise(action.rstrip("."))
    return row


def _fill(row: ActionItem, text: str, anchor: date, *, structured: bool = False) -> str:
    """Take the owner, dates and signal out of `text` into `row`; what is left is the action's own words."""
    if structured:
        return _fill_fields(row, text, anchor)
    if (success := _SUCCESS.search(text)) is not None:
        value = next(v for v in success.groups() if v)
        row.success_signal = row.success_signal or _clean(value)
        text = text[: success.start()]
    if (follow := _FOLLOW_UP.search(text)) is not None:
        when, _ = due_date(follow.group("when"), anchor)
        if when is not None:
            row.follow_up = row.follow_up or when
            text = text[: follow.start()]
    when, span = due_date(text, anchor)
    if when is not None and span is not None:
        row.due = row.due or when
        text = text[: span[0]] + text[span[1]:]
    if (label := _OWNER_LABEL.search(text)) is not None:
        row.owner = row.owner or _person(label.group("who") or label.group("who2"))
        text = text[: label.start()] + text[label.end():]
    return _INNER_GAP.sub(lambda m: m.group(1) or " ", text).strip(" ,;:.—–-")


def _fill_fields(row: ActionItem, text: str, anchor: date) -> str:
    """The documented form 'action — owner — due — success signal — follow-up'."""
    from agent.facilitation.plans import action_fields

    parts = split_fields(text)
    fields = action_fields(parts[1:], anchor)
    row.owner = row.owner or fields.get("owner")
    row.due = row.due or fields.get("due")
    row.success_signal = row.success_signal or fields.get("success_signal")
    row.follow_up = row.follow_up or fields.get("follow_up")
    return parts[0]


_THIRD_PERSON = re.compile(r"^([a-z]+?)(ies|ches|shes|sses|xes|s)\b")


def _base_form(match: re.Match[str]) -> str:
    stem, ending = match.group(1), match.group(2)
    return stem + {"ies": "y", "ches": "ch", "shes": "sh", "sses": "ss", "xes": "x"}.get(ending, "")


def _is_verb(word: str) -> bool:
    return word.lower() in {"we", "i", "let", "make", "add", "run", "page", "alert", "move", "write", "the", "our"}


def _owner_name(said: str) -> str:
    """'Me: rebalance alert' is owned by the person answering, whose name the review was not told."""
    from agent.facilitation.people import SPEAKER

    return SPEAKER if said.lower() in ("me", "myself", "mine") else _person(said)


def _person(name: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in name.split())


def _clean(text: str) -> str:
    return _TAIL.sub("", text.strip().rstrip("."))


def after_due(text: str) -> bool:
    return _AFTER_DUE.search(text) is not None or _NEXT_WORKING_DAY.search(text) is not None


def _working_day_after(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def follow_up_dates(text: str, rows: list[ActionItem], anchor: date) -> list[date | None]:
    """Follow-up dates for `rows` from an answer such as 'a week after each due date', 'December 4th' (all) or one
    date per line, in order."""
    if _NEXT_WORKING_DAY.search(text):
        return [_working_day_after(row.due) if row.due else None for row in rows]
    if (after := _AFTER_DUE.search(text)) is not None:
        count = _COUNTS.get(after.group("count").lower()) or int(after.group("count"))
        step = timedelta(weeks=count) if after.group("unit").lower().startswith("week") else timedelta(days=count)
        return [row.due + step if row.due else None for row in rows]
    dates = [d for d in (due_date(p, anchor)[0] for p in pieces(text)) if d is not None]
    if len(dates) == 1:
        return [dates[0]] * len(rows)
    return [dates[i] if i < len(dates) else None for i in range(len(rows))]


def names_in_order(text: str) -> list[str]:
    return [_person(m.group(0)) for m in re.finditer(NAME, text) if not _is_verb(m.group(0))]


# ---------------------------------------------------------------------------------------------------- triggers

# A colon inside a clock time ("between 07:00 and 20:00") is part of the condition, not the break before the action.
_CONDITION = re.compile(r"^\s*(?:if|when|whenever|once|should)\s+(?P<cond>.+?)(?:,(?!\d{3})\s*|\s+then\s+|:(?!\d{2}\b)\s*)"
                        r"(?P<then>.+)$", re.I)
_ARROW_FORM = re.compile(r"^\s*(?P<cond>.+?)\s*(?:->|→|=>|⇒)\s*(?P<then>.+)$")
_COLON_FORM = re.compile(r"^\s*(?P<cond>(?:[^:]|:(?=\d{2}\b)){6,}?):(?!\d{2}\b)\s*(?P<then>.+)$")
_THRESHOLD = re.compile(
    r"(?:\b(?:above|over|below|under|more\s+than|less\s+than|exceeds?|exceeding|drops?\s+below|rises?\s+above|at\s+least|"
    r"reaches?|hits?|beyond)\s+|[<>≥≤]\s*)[\d.,]+\s*(?:%|ms|s\b|x\b|[a-z]+)?|\b(?:any|at\s+all|a\s+single|one\s+or\s+more)\b"
    r"[^,;:]*?(?=\s+(?:for|in|within|over|during)\b|$)|\b\d[\d.,]*\s*%", re.I)
_NUMERIC_THRESHOLD = re.compile(
    r"(?:\b(?:above|over|below|under|more\s+than|less\s+than|fewer\s+than|exceeds?|exceeding|drops?\s+below|"
    r"rises?\s+above|at\s+least|reaches?|hits?|beyond)\s+|[<>≥≤]\s*)[\d.,]*\d\s*(?:%|ms\b|s\b|secs?\b|seconds\b|mins?\b|"
    r"minutes\b|x\b|rps\b|qps\b|[kmg]b\b|k\b)?|\b\d[\d.,]*\s*%", re.I)
_WINDOW = re.compile(
    r"\b(?:for|within|over|in|during|across)\s+(?:a\s+|an\s+|the\s+(?:last\s+)?)?(?:\d+|one|two|three|five|ten|fifteen|thirty|"
    r"a|an)?\s*(?:consecutive\s+)?(?:s|sec|seconds?|m|mins?|minutes?|h|hrs?|hours?|days?|weeks?|drills?|deploys?|"
    r"releases?|sprints?)\b|\b(?:per|each|every)\s+(?:minute|hour|day|week|deploy|release|drill)\b", re.I)
_TRIGGER_OWNER = re.compile(
    rf"(?:^|[,;.]\s*|\s+and\s+|\s+)(?P<who>{NAME}|{_LOWER_NAME})\s+owns(?:\s+(?:it|that|this|them))?\b"
    rf"|\b(?i:owner|owned\s+by)\s*(?:is\s+|:\s*)?(?P<who2>{NAME}|{_LOWER_NAME})"
    rf"|\b(?P<who3>{NAME}|{_LOWER_NAME})(?:'s|’s)\s+call\b")
_ROLE_ACTOR = re.compile(r"^\s*(?:the\s+)?(?P<role>on-?call(?:\s+engineer)?|incident\s+commander|release\s+captain|"
                         r"(?:[\w-]+\s+)?on-?call|(?:[\w-]+\s+)?team)\b", re.I)


def trigger_line(row: Trigger) -> str:
    """A trigger read from an answer, as one line for the user to confirm."""
    return " — ".join([row.signal, f"window {row.window or '?'}", f"threshold {row.threshold or '?'}",
                       f"then {row.action or '?'}", f"owner {row.owner or '?'}"])


def trigger_rows(text: str) -> list[Trigger]:
    rows = []
    for piece in _trigger_pieces(text):
        if len(split_fields(piece)) >= 4:
            from agent.facilitation.plans import parse_trigger

            parsed = parse_trigger(piece)
            if parsed is not None:
                rows.append(parsed)
            continue
        row = _trigger(piece)
        if row is not None:
            rows.append(row)
        elif rows and (owner := _TRIGGER_OWNER.search(piece)) is not None:
            rows[-1].owner = rows[-1].owner or _person(next(g for g in owner.groups() if g))
    return rows


def _trigger_pieces(text: str) -> list[str]:
    """One trigger per sentence or line; a clause naming only the owner stays with its trigger."""
    return [p for p in re.split(r"(?<=[.!?])\s+(?=[A-Za-z>≥<≤])|\n+|\.\s+(?=(?:if|when)\b)", text, flags=re.I) if p.strip()]


def _trigger(piece: str) -> Trigger | None:
    piece = _LEADING.sub("", piece.strip()).rstrip(".")
    owner = None
    if (match := _TRIGGER_OWNER.search(piece)) is not None:
        owner = _person(next(g for g in match.groups() if g))
        piece = (piece[: match.start()] + piece[match.end():]).strip(" ,;—–-")
        piece = re.sub(r"[,;]?\s*and\s*$", "", piece)
    split = _CONDITION.match(piece) or _ARROW_FORM.match(piece) or _COLON_FORM.match(piece)
    if split is None:
        return None
    condition, then = split.group("cond").strip(), _clean(split.group("then"))
    threshold = _NUMERIC_THRESHOLD.search(condition) or _THRESHOLD.search(condition)
    window = _WINDOW.search(condition)
    signal = condition
    for found in sorted((m for m in (threshold, window) if m), key=lambda m: m.start(), reverse=True):
        signal = signal[: found.start()] + signal[found.end():]
    signal = re.sub(r"\s+(?:stays?|is|are|goes|go|gets?|remains?|keeps?|shows?|appears?)(?=\s|$)", " ", signal)
    signal = re.sub(r"\s{2,}", " ", signal).strip(" ,")
    if owner is None and (actor := _ROLE_ACTOR.match(then)) is not None:
        owner = f"the {actor.group('role').lower()}"
    return Trigger(signal=capitalise(_clean(signal) or condition), window=window.group(0).strip() if window else None,
                      threshold=threshold.group(0).strip() if threshold else None, action=capitalise(then) if then else None,
                      owner=owner)


# ---------------------------------------------------------------------------------------------------- dissemination

_WHERE = re.compile(
    r"\b(?:publish\w*|post\w*|share\w*|put|send|circulat\w*|present\w*)\b[^.;]*?\b(?:in|on|to|at|via)\s+(?P<w>[^,;.]+)"
    r"|(?P<c>#[\w-]+)|\b(?P<k>(?:the\s+)?(?:[\w-]+\s+){0,3}(?:wiki|confluence|notion|handbook|newsletter|all-hands|"
    r"incident\s+library|blog|mailing\s+list|email|channel)(?:\s+[\w-]+){0,3})", re.I)
_CADENCE = re.compile(
    r"\b(?P<c>(?:every\s+(?:other\s+)?\w+(?:\s+\w+day)?|weekly|bi-?weekly|fortnightly|monthly|quarterly|each\s+\w+|once\s+a\s+\w+)"
    r"(?:\s*[,(]?\s*(?:on\s+)?(?:the\s+)?(?:first|second|third|last)?\s*\w*day)?(?:,?\s*\d+\s*min\w*)?)", re.I)
_REVIEW_OWNER = re.compile(
    rf"\b(?:owned\s+by|run\s+by|chaired\s+by|hosted\s+by|led\s+by|owner\s*(?:is|:)?)\s+(?P<w>{NAME}|the\s+[\w\s-]+?)(?=[,;.]|\s+(?:goes|with|and|for)\b|$)"
    rf"|(?P<w2>{NAME})\s+(?:owns|runs|chairs|hosts|leads)\s+(?:it|the\s+review|that)\b", re.I)
_SPEAKER_RUNS = re.compile(r"\bi(?:'ll|’ll|\s+will|'m|\s+am)?\s+(?:also\s+)?(?:own|run|chair|host|lead|review|track|present\w*|"
                           r"go\s+over|walk\s+through)\b", re.I)
_REVIEW_AUDIENCE = re.compile(
    r"\b(?:with|for|attended\s+by|goes\s+over\s+it\s+with|audience\s*(?:is|:))\s+(?P<w>(?:the\s+)?[^;.]*?"
    r"(?:team|teams|leads|leadership|engineers|managers|everyone|org|squads?|on-?call\w*|stakeholders|support)\b[^,;.]*)", re.I)


_TEAM_WORDS = r"(?:leads|teams?|engineering|eng|sre|support|leadership|security|ops|product|finance|managers|on-?call|squads?)"
_TEAM = re.compile(rf"\b{_TEAM_WORDS}\b", re.I)
_LIST_LEAD = re.compile(r"^(?:.*?\b(?:goes|go|sent|send|going)\s+to\s+)?(?P<w>.+?)(?:\s+(?:get|gets|read|reads)\b.*)?$", re.I)


def _readers(sentence: str) -> str | None:
    """'Order platform, SRE, warehouse ops leads and CS leads' (or '… goes to …', '… get the full review'): a list
    of teams is who reads it."""
    match = _LIST_LEAD.match(sentence.strip().rstrip("."))
    listed = match.group("w") if match else ""
    items = [i for i in re.split(r",\s*|\s+and\s+|\s*\+\s*", listed) if i.strip()]
    if len(items) >= 2 and sum(bool(_TEAM.search(i)) for i in items) >= max(1, len(items) // 2) \
            and all(len(i.split()) <= 4 for i in items):
        return listed
    return None


def dissemination(text: str) -> dict[str, str]:
    """publish_where, review_cadence, review_owner and review_audience, where the answer says them."""
    found: dict[str, str] = {}
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if "review_audience" not in found and (listed := _readers(sentence)) is not None:
            found["review_audience"] = _clean(listed)
    if (where := _WHERE.search(text)) is not None:
        found["publish_where"] = re.sub(r"^(?:in|on|at|to|into)\s+", "", _clean(next(g for g in where.groups() if g)), flags=re.I)
    if (cadence := _CADENCE.search(text)) is not None:
        found["review_cadence"] = _clean(cadence.group("c"))
    if (owner := _REVIEW_OWNER.search(text)) is not None:
        found["review_owner"] = _clean(owner.group("w") or owner.group("w2"))
    elif _SPEAKER_RUNS.search(text):
        from agent.facilitation.people import SPEAKER

        found["review_owner"] = SPEAKER
    if "review_audience" not in found and (audience := _REVIEW_AUDIENCE.search(text)) is not None:
        found["review_audience"] = _clean(audience.group("w"))
    return found


# ---------------------------------------------------------------------------------------------------- factors

_MADE_SENSE = re.compile(r"made\s+sense|seemed|looked", re.I)
_WHY = re.compile(r"\s*(?:,\s*)?(?:\b(?:it|this|that)\s+)?(?:made\s+sense(?:\s+at\s+the\s+time)?\s+because|because|since)\s+",
                  re.I)


def factor_pieces(text: str) -> list[tuple[str, str | None, bool]]:
    """(condition, why it made sense, whether the sentence only explains a choice) per sentence; the documented
    'cluster: … — made sense because … — fix: …' lines are left whole for the factor parser."""
    found: list[tuple[str, str | None, bool]] = []
    for line in text.split("\n"):
        if re.search(r"\bfix\s*[:=]|^\s*\w+(?:/\w+)?\s*:\s", line):
            found.append((line.strip(), None, False))
            continue
        for sentence in re.split(r"(?<=[^\d\s][.!?])\s+(?=[A-Z])|;\s+|(?<=[.!?])\s+(?=\d{1,2}\)\s+\S)", line):
            sentence = _LEADING.sub("", sentence.strip()).strip().rstrip(".")
            if len(sentence) < 6 or _PREAMBLE.match(sentence):
                continue
            why = _WHY.search(sentence)
            if why is not None and why.start() > 10:
                condition = sentence[: why.start()]
                found.append((condition, sentence[why.end():], explains(condition) or _MADE_SENSE.search(why.group(0)) is not None))
            else:
                found.append((sentence, None, False))
    return found


_DECIDED = re.compile(r"(?:,|;|\.)?\s+(?:so|and\s+so|which\s+is\s+why|therefore)\s+(?=\S)", re.I)


def learning_and_decision(text: str) -> tuple[str, str | None]:
    """'We learned that X, so we will Y' -> ('We learned that X', 'we will Y')."""
    match = _DECIDED.search(text)
    if match is None or match.start() < 12:
        return text, None
    return text[: match.start()].strip(), text[match.end():].strip().rstrip(".")


def why_chain(text: str) -> list[str]:
    """'Why did X? Because A. Why? B. Why was that? C.' -> [A, B, C]: the answers, not the questions."""
    found = []
    for piece in re.split(r"(?<=[.!?])\s+|\n+", text):
        piece = re.sub(r"^\s*(?:why\s*\d*\s*[:.)]|\d+[.)]|[-*•])\s*", "", piece.strip(), flags=re.I).strip()
        if piece and not piece.endswith("?"):
            found.append(piece)
    return found


def made_sense(text: str) -> str:
    """'Caching made sense because Redis had never failed over' -> the reason, kept whole when no 'because'."""
    cleaned = text.strip()
    why = _WHY.search(cleaned)
    if why is not None and why.start() < 80:
        head = cleaned[: why.start()].strip()
        reason = cleaned[why.end():].strip()
        return capitalise(f"{reason} ({head.lower()})" if head and len(head) > 40 else reason)
    return capitalise(cleaned)


_EXPLAINS = re.compile(r"^\s*(?:it|this|that|they|we|caching|doing|keeping|skipping|running|using|"
                       r"the\s+\w+\s+(?:choice|decision|setup|design))\b|\bmade\s+sense\b|\bseemed\b"
                       r"|\blooked\s+(?:safe|fine|reasonable|like)\b", re.I)
_LEARNED = re.compile(r"\b(?:learn(?:ed|t)|realis|realiz|now\s+know|lesson|takeaway|turns?\s+out|found\s+out\s+that)", re.I)
_LATER = re.compile(r"\b(?:later|next\s+(?:quarter|year|half)|some\s*day|eventually|not\s+now|park(?:ed)?|backlog|"
                    r"worth\s+a\s+look|long[-\s]term|nice\s+to\s+have)\b", re.I)


def explains(condition: str) -> bool:
    """Whether a sentence with a 'because' explains a choice ('Caching the address made sense because …') rather
    than stating a condition of its own."""
    return bool(_EXPLAINS.search(condition))


def is_learning(text: str) -> bool:
    return bool(_LEARNED.search(text))


def is_for_later(text: str) -> bool:
    """'Moving sessions off Redis is worth a look next quarter, not now': an idea parked, not an action."""
    return bool(_LATER.search(text)) and not re.search(r"\b(?:by|before|due)\b\s+\S", text, re.I)


# ---------------------------------------------------------------------------------------------------- one field, many rows

_CONTENT = re.compile(r"[a-z][a-z0-9_-]{2,}")
_STOP = frozenset("the and for with that this from when each all our one two three four into are was will its".split())
_CLAUSES = re.compile(r"(?<=[.!?])\s+|;\s+|,\s+(?=\S)|\n+|\s+and\s+")


def _owner_words(owner: str | None) -> set[str]:
    """A row is also named by its owner ("Aylin's 27 Nov", "mine 22 Nov")."""
    from agent.facilitation.people import SPEAKER

    if not owner:
        return set()
    if owner == SPEAKER:
        return {"me", "mine", "my"}
    return {re.sub(r"['’]s$", "", owner.split()[0].lower())}


def _words(text: str) -> set[str]:
    words = {re.sub(r"['’]s$", "", w) for w in re.findall(r"[a-zà-ÿ][\w'’-]*", text.lower())}
    return {w.rstrip("s") if len(w) > 3 else w for w in words if len(w) > 1 and w not in _STOP}


def assign_values(text: str, targets: list[str], read, owners: list[str | None] | None = None, *,
                  led_read=None) -> list:
    """One value per target row from an answer that gives them in any order ('alerts by the 22nd, runbook by the
    27th'): each clause's value goes to the row it shares most words with; clauses that share none fill the rows
    left, in order; a single value with no row named applies to every row ('a week after each due date'). A sentence
    led by its row ('For paging, …') is read whole, by `led_read` when given."""
    rows = [_words(t) | _owner_words(owner) for t, owner in zip(targets, owners or [None] * len(targets), strict=False)]
    given: list = [None] * len(targets)
    text = _led_values(text, rows, led_read or read, given)
    clauses = [c for c in (c.strip() for c in _CLAUSES.split(text)) if c]
    valued = [(clause, value) for clause in clauses if (value := read(clause)) is not None]
    if not valued:
        return given
    unplaced = []
    for clause, value in valued:
        overlap = [len(_words(clause) & row) for row in rows]
        best = max(range(len(targets)), key=lambda i: overlap[i]) if targets else None
        if best is not None and overlap[best] > 0 and given[best] is None:
            given[best] = value
        else:
            unplaced.append(value)
    if len(valued) == 1 and unplaced:
        return [unplaced[0]] * len(targets)
    for index in range(len(targets)):
        if given[index] is None and unplaced:
            given[index] = unplaced.pop(0)
    return given


# A sentence led by the row it is about: "For fail-open, in a drill on-call flips it…", "Config: all 9 consumers…".
_LED = re.compile(r"^\s*(?:(?:as\s+)?for|on|about)\s+(?P<lead>[^,:]{1,40}?)\s*[,:]\s*(?P<rest>\S.*)$"
                  r"|^\s*(?P<lead2>[\w'’ -]{1,30}?)\s*:\s*(?P<rest2>\S.*)$", re.I | re.S)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def _led_values(text: str, rows: list[set[str]], read, given: list) -> str:
    """Fill `given` from sentences led by the row they are about (the whole rest of the sentence is read, not a
    clause of it); returns the text left for clause-by-clause placing."""
    left = []
    for piece in _SENTENCE.split(text):
        led = _LED.match(piece)
        lead, rest = (led.group("lead") or led.group("lead2"), led.group("rest") or led.group("rest2")) if led else ("", "")
        overlap = [len(_words(lead) & row) for row in rows]
        best = max(range(len(rows)), key=lambda i: overlap[i]) if rows and led else None
        value = read(rest.strip()) if best is not None and overlap[best] > 0 and given[best] is None else None
        if best is not None and value is not None and overlap.count(overlap[best]) == 1:
            given[best] = value
        else:
            left.append(piece)
    return " ".join(left)


_CHECK = re.compile(r"\b(?:check\w*|follow[-\s]?up|review\w*|look\s+again|revisit\w*|verify)\b", re.I)
_SIGNAL = re.compile(r"\b(?:know|works?|worked|signal|success\w*|passes|fires?|shows?|drops?|stays?|under|below|above|"
                     r"blocked|refused|fails?|zero|no\s+\w+|within|without|reproduces|exists)\b", re.I)


def is_check(clause: str) -> bool:
    return _CHECK.search(clause) is not None


def signal_in(clause: str) -> str | None:
    """An observable result said in a clause ('done when the drill shows zero failed writes')."""
    if len(clause.split()) < 3 or _SIGNAL.search(clause) is None:
        return None
    if (said := _SUCCESS.search(clause)) is not None:
        return _clean(next(v for v in said.groups() if v))
    return _clean(clause)


_SELF = re.compile(r"^\W*(?:me|i|myself)\b", re.I)
_ROLE_OWNER = re.compile(r"\b(?:the\s+)?(?:[\w-]+\s+)?(?:on-?call(?:\s+(?:primary|engineer|lead))?|team|lead|commander|"
                         r"captain|manager)\b", re.I)


def owner_in(clause: str) -> str | None:
    """The person or role a clause names as owner; None for 'me' (the review does not know the speaker's name)."""
    if _SELF.match(clause):
        return None
    names = names_in_order(clause)
    if names:
        return names[0]
    role = _ROLE_OWNER.search(clause)
    return role.group(0).strip() if role else None
