"""Which field a table column holds, from its header: "Owner (one person)" is the owner, "Trigger threshold"
the threshold. Rules are tried in order and each field is taken by the first column that names it."""

import re
from functools import lru_cache

from agent.document.headings import normalise_title

Rules = tuple[tuple[str, str], ...]

ACTION_COLUMNS: Rules = (
    ("follow_up", r"follow|review date|check ?in"),
    ("success_signal", r"success|done when|definition of done|acceptance|verif|measure|how we.?ll know|outcome|signal"),
    ("owner", r"owner|assignee|assigned|responsib|\bdri\b|\bwho\b"),
    ("due", r"\bdue\b|deadline|target|\beta\b|\bby when\b|\bdate\b|\bwhen\b"),
    ("type", r"\btype\b|categor|\bkind\b|\bclass\b"),
    ("priority", r"priorit|\bprio\b|^p$"),
    ("status", r"status|\bstate\b|\bdone\b"),
    ("tracker", r"ticket|\bbug\b|issue|tracker|tracking|jira|\blink\b"),
    ("action", r"action|task|\bitem\b|description|remediation|change|improvement|\bwhat\b"),
)
TRIGGER_COLUMNS: Rules = (
    ("threshold", r"threshold|limit|\btrip"),
    ("window", r"window|period|time ?frame|\bover\b|duration"),
    ("owner", r"owner|\bwho\b|\bdri\b|responsib"),
    ("action", r"action|response|\bthen\b|decision|we will|consequence"),
    ("signal", r"signal|trigger|criteri|metric|condition|indicator"),
)


@lru_cache(maxsize=512)
def map_columns(header: tuple[str, ...], rules: Rules) -> tuple[str | None, ...]:
    taken: set[str] = set()
    fields: list[str | None] = []
    for name in header:
        key = normalise_title(name)
        field = next((f for f, pattern in rules if f not in taken and re.search(pattern, key)), None)
        if field:
            taken.add(field)
        fields.append(field)
    return tuple(fields)
