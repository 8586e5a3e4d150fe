"""Wording that marks a chat message as a key incident event. events.py decides the order they are tried in."""

from agent.facts.cue import Cue, CueGroup
from agent.models.timeline import EventKind

_ACTION = (
    r"(?:roll\s?(?:it\s+)?back|revert|fail\s?over|disable|restart|switch|hotfix|scale|drain|block|pause|turn\s+off|kill|"
    r"flip|rate.?limit|redirect|route|throttle|promote|shed|bounce|purge|flush)"
)
RESOLUTION = Cue(
    r"\bmark(?:ing|ed)?\s+(?:the\s+|this\s+)?(?:incident\s+)?(?:as\s+)?(?:resolved|closed)\b"
    r"|\b(?:incident|this)\s+(?:is\s+)?(?:now\s+)?(?:resolved|closed)\b|\bclos(?:ing|ed)\s+(?:the\s+|this\s+|out\s+the\s+)?incident\b"
    r"|\bresolv(?:ing|ed)\s+(?:the\s+|this\s+)?incident\b|\bstand(?:ing)?\s+down\b|\bincident\s+over\b",
    ("resolv", "clos", "stand", "over"),
)
DECLARATION = Cue(
    r"\bdeclar(?:e|ed|ing)\b|\bthis\s+is\s+(?:now\s+)?(?:an?\s+)?(?:sev|p|s)[\s-]?\d"
    r"|\bopen(?:ing|ed)\s+(?:an?\s+)?(?:incident|sev)|\bspinning\s+up\s+(?:an?\s+)?incident|\bincident\s+(?:declared|opened)"
    r"|\bcall(?:ing|ed)\s+(?:this|it)\s+(?:an?\s+)?(?:[\w-]+\s+){0,3}?(?:incident|(?:sev|p|s)[\s-]?\d)\b"
    # a near miss has no customer impact to declare, but recording it as one opens the response all the same
    r"|\b(?:record|log|treat|track|file|call|mark)(?:ing|ed|s)?\s+(?:this|it)\s+as\s+(?:an?\s+)?near[\s-]?miss\b",
    ("declar", "this", "open", "spinning", "calling", "called", "near"),
)
FAILED = Cue(
    r"\b(?:did\s+not|didn'?t|does\s+not|doesn'?t|has\s+not|hasn'?t)\s+(?:fix|help|work|change\s+anything|resolve|do\s+anything)"
    r"|\bno\s+(?:effect|improvement|change|difference|luck)\b|\bmade\s+(?:it|things)\s+worse\b|\bnot\s+(?:fixed|helping)\b"
    r"|\bstill\s+(?:failing|erroring|broken|down|timing\s+out|seeing\s+(?:the\s+)?(?:errors|5xx|5\d\d|timeouts|failures)|at\s+\d|high|"
    r"elevated|5\d\d|throwing)"
    r"|\bnot\s+enough\b|\bdid(?:n'?t|\s+not)\s+(?:free|clear)\b",
    ("did", "didn", "does", "doesn", "has", "hasn", "no", "not", "worse", "still"),
)
ATTEMPT = Cue(
    r"\b(?:roll\s?back|rollback|restart|fail\s?over|revert|hotfix|fix|disabl|scal|drain|flush|purge|redeploy|flag|patch|tried|"
    r"clear|free|cancel|stopp|paus)",
    ("roll", "restart", "fail", "revert", "hotfix", "fix", "disabl", "scal", "drain", "flush", "purge", "redeploy", "flag",
     "patch", "tried", "clear", "free", "cancel", "stop", "paus"),
)
DECISION = Cue(
    rf"\bdecision\b|\bdecided\b|\bwe(?:'ll|\s+will|'re\s+going\s+to|\s+are\s+going\s+to|\s+should)\s+(?:now\s+|just\s+)?{_ACTION}"
    rf"|\blet'?s\s+(?:just\s+|now\s+)?{_ACTION}|\bgoing\s+with\b|\bwe\s+(?:roll|fail|revert)\b|\b(?:the\s+)?(?:call|plan)\s+is\s+to\b",
    ("decision", "decided", "we", "let", "going", "call", "plan"),
)
ESCALATION = Cue(
    r"\bescalat\w*|\bpaging\s+(?:in\s+)?@?\w+|(?<!got\s)(?<!was\s)(?<!been\s)\bpaged\s+(?:in\s+)?(?:the\s+)?@?\w+"
    r"|\bpages\s+(?:the\s+)?(?:[\w-]+\s+)?(?:on[-\s]?call|team)\b|\bpull(?:ing|ed)\s+in\b|\bloop(?:ing|ed)\s+in\b|\bbring(?:ing)?\s+in\b"
    r"|\b(?:upgrad|rais|bump)\w*\s+(?:this\s+|it\s+|the\s+incident\s+|severity\s+)?to\s+(?:sev|p|s)[\s-]?\d",
    ("escalat", "pag", "pull", "loop", "bring", "upgrad", "rais", "bump"),
)
MITIGATION_DONE = Cue(
    r"\b(?:restarted|rolled\s?back|reverted|failed\s+over|disabled|turned\s+off|switched\s+off|scaled\s+(?:up|out)|"
    r"flushed|purged|killed|promoted|throttled|rate.?limited|bounced|recycled|renewed|reloaded|replaced|rebooted|redeployed|"
    r"paused|suspended|revoked|deactivated|invalidated|cordoned)\b"
    # a drained queue is the recovery (RECOVERY); a drained node or pool is what someone did
    r"|(?<!queue\s)(?<!queues\s)(?<!backlog\s)(?<!lag\s)\bdrained\b"
    r"|(?<!service\s)(?<!is\s)(?<!been\s)(?<!are\s)\brestored\b"
    r"|\b(?:switched|flipped|pointed|repointed|swapped|routed|changed)\s+(?:[\w.-]+\s+){0,3}?back\b"
    r"|\b(?:rollback|revert|failover|restart|hotfix|fix|patch)\s+(?:is\s+|has\s+been\s+)?(?:done|complete|completed|finished|"
    r"deployed|out|live|applied)\b|\bflag\s+(?:is\s+)?(?:now\s+)?(?:off|disabled)\b",
    ("restart", "roll", "revert", "fail", "disabl", "turned", "switched", "scaled", "drain", "flush", "purge", "kill",
     "promot", "throttl", "rate", "limited", "bounce", "recycl", "fix", "hotfix", "patch", "flag", "renewed", "reloaded",
     "replaced", "rebooted", "redeployed", "restored", "flipped", "pointed", "repointed", "swapped", "routed", "changed",
     "paused", "suspended", "revoked", "deactivated", "invalidated", "cordoned"),
)
# "... working again": after an action it shows the action worked; on its own it reports the service is back.
WORKING_AGAIN = Cue(
    r"\b(?:succeeds?|succeeding|work|works|working|recovering|healthy|flowing|going\s+through|loading|responding)\s+again\b",
    ("again",),
)
MITIGATION_WORKED = Cue(
    r"\bthat\s+(?:fixed|did)\s+it\b|\bthat\s+worked\b"
    r"|\b(?:errors?|error\s+rate|latency|5xx|failures?|timeouts?)\s+(?:is\s+|are\s+)?(?:dropping|dropped|"
    r"going\s+down|coming\s+down|falling|recovering|improving)\b|\bmitigated\b|\bmitigation\s+(?:is\s+)?(?:in\s+place|working|applied)\b",
    ("that", "drop", "down", "falling", "recovering", "improving", "mitigat"),
)
# A new value given to a running system ("alias products switched to products_v7", "switched traffic to eu-west",
# "bumped the pool size to 50", "updated the cron host with the new password"). The words are the same for the
# change that starts an incident and the mitigation that ends one: events.py tells them apart by whether the
# incident is under way yet. Views, calls, paperwork, people and the incident's own severity are not systems
# ("switched to the 1h view", "routed the alert to the db team", "raised the priority to P1").
_NOT_A_SYSTEM = (
    r"(?:dashboards?|views?|tabs?|graphs?|charts?|panels?|channels?|threads?|calls?|meetings?|bridge|screens?|"
    r"windows?|zoom|slack|logs?|quer(?:y|ies)|runbooks?|docs?|documents?|tickets?|jira|notes|timeline|topic|summary|"
    r"status\s?page|wiki|agenda|invite|everyone|team|folks|leadership|customers|stakeholders|alerts?|pages?|pager|"
    r"questions?|messages?|emails?|incident|severity|priority|sev\d?|p\d)"
)
_SYSTEM_WORDS = rf"(?:(?!{_NOT_A_SYSTEM}\b|back\b|on\b|off\b|out\b|over\b|to\b|at\b|with\b)[\w.:/-]+\s+)"
_SWITCHED = r"(?:switched|flipped|pointed|repointed|swapped|rerouted|routed|cut\s+over)"
_TARGET = rf"(?:to|at|onto)\s+(?:the\s+|a\s+)?(?!{_NOT_A_SYSTEM}\b)[\w.:/-]"
# "once we switched ...", "if the backup is done ...", "is the resync complete yet": a condition, a memory or a
# question, not a report of what was just done (events.py skips a match whose `condition` group is set).
_CONDITION = (
    r"(?P<condition>(?:\b(?:once|when|whenever|until|if|unless|after|before|since|in\s+case|the\s+day)"
    r"|(?:^|(?<=[.!?,;:]))\s*(?:is|are|was|were|has|have))\s+(?:[\w'-]+\s+){0,4}?)?"
)
# "... flipped to the new index at 22:38", "... bumped to 10 last week": what happened earlier, told now (a cause
# found, a handover), not what was just done.
_NOT_EARLIER = (
    r"(?![^.!?\n]*?\b(?:(?:at|around|about|since)\s+~?\d{1,2}(?::\d\d|h\d\d|\s?[ap]\.?m\b)|yesterday|ago|"
    r"last\s+(?:night|week|month|year|quarter|sprint|time)|earlier\s+(?:today|this\s+week))\b)"
)
# "updated the cron host with the rotated password", unlike "updated Bo with the plan"
_NEW_VALUE = r"(?:new|rotated|renewed|correct|corrected|right|fixed|valid|working|current|previous|old|good)"
ADJUSTMENT = Cue(
    rf"{_CONDITION}(?:\b{_SWITCHED}\s+(?:over\s+)?{_SYSTEM_WORDS}{{1,4}}?(?:over\s+)?{_TARGET}"
    rf"|(?<![\w'])(?!(?:i|we|you|they|he|she|it|just|then|and|so|also|already)\s){_SYSTEM_WORDS}"
    rf"(?:is\s+|was\s+|has\s+been\s+|got\s+|now\s+)?(?!pointed){_SWITCHED}\s+(?:over\s+)?{_TARGET}"
    r"|\b(?:moved|shifted|sent|drained)\s+(?:all\s+|the\s+|our\s+)?(?:[\w-]+\s+)?"
    r"(?:traffic|load|requests|reads|writes|users|queries)\s+(?:over\s+)?(?:to|onto)\b"
    r"|\b(?:updated|bumped|raised|increased|lowered|reduced|decreased|upped)\s+(?:the\s+|our\s+)?"
    rf"{_SYSTEM_WORDS}{{1,4}}?"
    rf"(?:to\s+(?:the\s+|a\s+)?(?!{_NOT_A_SYSTEM}\b)[\w.$-]|with\s+(?:the\s+|a\s+)?{_NEW_VALUE}\b)){_NOT_EARLIER}",
    ("switched", "flipped", "pointed", "repointed", "swapped", "rerouted", "routed", "cut", "moved", "shifted", "sent",
     "drained", "updated", "bumped", "raised", "increased", "lowered", "reduced", "decreased", "upped"),
)
# A routine operation reported finished ("manual backup done"): during the response it is the mitigation that was
# decided; before it ("restore finished suspiciously fast" in a drill) it is how the problem was found.
OPERATION_DONE = Cue(
    rf"{_CONDITION}(?:\b(?:backup|restore|reindex|resync|rebuild|rerun|cleanup|clean-up|cutover|rotation|renewal|"
    r"reboot|redeploy|failback|pg_dump|dump|backfill|replay|warm-?up)s?\s+(?:of\s+(?:the\s+)?[\w-]+\s+(?:[\w-]+\s+)?)?"
    r"(?:is\s+|was\s+|has\s+been\s+)?(?:now\s+)?"
    r"(?:done|complete|completed|finished|succeeded)\b"
    r"|\b(?:finished|completed)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+)?(?:backup|restore|reindex|resync|rebuild|rerun|cleanup|"
    rf"cutover|rotation|renewal|backfill|replay)\b){_NOT_EARLIER}",
    ("backup", "restore", "reindex", "resync", "rebuild", "rerun", "cleanup", "clean", "cutover", "rotation",
     "renewal", "reboot", "redeploy", "failback", "dump", "backfill", "replay", "warm", "finished", "completed"),
)
# Recovery wording that says something had failed ("back to normal", "working again"), unlike a status that was
# never bad ("dashboards look normal so far"): only the former counts before the incident is under way.
AFTER_FAILURE = Cue(
    r"\b(?:back|again|recover\w*|restored|ended|stopped|over|drained|cleared|caught\s+up)\b",
    ("back", "again", "recover", "restored", "ended", "stopped", "over", "drained", "cleared", "caught"),
)
RECOVERY = Cue(
    r"\bback\s+to\s+normal\b|\b(?:fully\s+)?recovered\b|\b(?:service|checkout|site|api|everything)\s+(?:is\s+|has\s+been\s+)?"
    r"(?:restored|back\s+up|fully\s+back)\b|\b(?:error\s+rate|errors|latency|metrics|graphs|dashboards?|5xx)\s+"
    r"(?:is\s+|are\s+|looks?\s+|have\s+been\s+)?(?:back\s+(?:down|below|under|to)|normal|flat|clean|green)\b"
    r"|\ball\s+green\b|\bimpact\s+(?:has\s+)?(?:ended|stopped|is\s+over)\b"
    r"|\b(?:lag|backlog|queues?|queue\s+depth)\s+(?:is\s+|are\s+|has\s+|have\s+)?(?:been\s+)?"
    r"(?:back\s+(?:to\s+)?(?:zero|0(?![.,\d])|normal)|(?:fully\s+)?(?:drained|cleared|caught\s+up)|empty)\b"
    r"|\b(?:accepting|serving|taking|processing)\s+(?:\w+\s+)?(?:traffic|requests|writes|orders|payments)\s+again\b"
    r"|\b(?:is|are)\s+(?:back\s+)?up\s+and\s+(?:running|healthy)\b"
    # "15,000 rows back", "all the records are back": lost data restored (not "get the rows back", not "backed up")
    r"|(?<!get\s)(?<!bring\s)(?<!put\s)(?<!want\s)\b(?:all(?:\s+the)?|\d[\d,.]*k?)\s+(?:[\w-]+\s+)?"
    r"(?:rows|records|files|objects|items|messages|documents|entries|invoices|orders)\s+(?:are\s+|is\s+)?(?:now\s+)?back\b(?!\s+up)",
    ("normal", "recovered", "restored", "back", "flat", "clean", "green", "impact", "again", "up", "drained", "cleared",
     "caught", "empty"),
)
COMMUNICATION = Cue(
    r"\bstatus\s?page\b|\b(?:posted|sent|published|emailed|tweeted|notified|updated)\b[^.]{0,40}?"
    r"\b(?:update|customers|merchants|users|stakeholders|leadership|execs)\b"
    r"|\bcustomer\s+(?:email|comms|notice|notification)s?\b|\b(?:internal|external)\s+(?:comms|update)\b"
    r"|\b(?:banner|notice|announcement)\s+(?:is\s+|has\s+been\s+)?(?:now\s+)?(?:live|up|posted|out|published)\b"
    r"|\b(?:posted|sent|announced)\s+(?:it\s+)?(?:in|to|on)\s+#[\w-]+",
    ("status", "posted", "sent", "published", "emailed", "tweeted", "notified", "updated", "customer", "internal",
     "external", "banner", "notice", "announcement", "announced"),
)
# Intentions ("I'll post on the status page") are not yet events.
INTENT = Cue(
    r"\b(?:i'?ll|i\s+will|we'll|we\s+will|we\s+(?:also\s+)?need|(?:we|someone)\s+should|todo|action\s+item|going\s+to)\b",
    ("ll", "ill", "will", "need", "should", "todo", "action", "going"),
)
ALERT_BY_PERSON = Cue(
    r"\balerts?\s+(?:fired|firing|went\s+off|triggered|is\s+firing|are\s+firing)\b|\bgot\s+(?:an?\s+)?alert\b"
    r"|\bgetting\s+alerts\b|\b(?:datadog|grafana|prometheus|sentry|cloudwatch)\s+(?:is\s+)?alerting\b",
    ("alert",),
)
PAGED_PERSON = Cue(r"\b(?:got|was|been|just\s+got)\s+paged\b|\bgot\s+the\s+page\b", ("paged", "page"))
_REPORTERS = r"(?:customers?|users?|merchants?|clients?|shoppers?|people|partners?|tenants?|sellers?|buyers?)"
_REPORTER = r"(?:customer|user|merchant|client|partner|tenant|seller|support)"
REPORT = Cue(
    rf"\b{_REPORTERS}\s+(?:are\s+|were\s+|is\s+|has\s+|have\s+)?(?:just\s+)?(?:say|says|saying|said|report|reports|reporting|"
    r"reported|complain|complains|complaining|complained|can'?t|cannot|unable|tweeting|seeing\s+(?:errors|failures|timeouts|5xx)|"
    r"getting\s+errors|hitting\s+errors|wrote\s+in|writing\s+in|emailed|called\s+in|calling\s+in|told\s+us|telling\s+us)"
    r"|\bsupport\s+(?:is|are|has|have)\s+(?:getting|seeing|receiving|got)\b|\b(?:getting|got|receiving|seeing)\s+"
    r"(?:a\s+lot\s+of\s+|lots\s+of\s+|many\s+|some\s+|a\s+few\s+|a\s+bunch\s+of\s+)?(?:support\s+)?(?:tickets|complaints|reports)\b"
    rf"|\breports?\s+from\s+(?:customers|users|partners|merchants)\b|\b(?:an?\s+)?{_REPORTER}\s+(?:reports?|ticket|complaint)s?\b"
    rf"|\btickets?\s+(?:are\s+)?(?:coming|came)\s+in\b|\btickets?\s+from\s+(?:an?\s+|one\s+of\s+our\s+)?{_REPORTERS}"
    rf"|\bheard\s+(?:about\s+(?:it|this)\s+)?from\s+(?:an?\s+|one\s+of\s+(?:our|the)\s+|our\s+|the\s+|some\s+)?{_REPORTERS}"
    r"|\b(?:fwd|forwarded)\s*(?:from\b|:)|\bforwarded\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:report|ticket|complaint|email)\b",
    ("customer", "user", "merchant", "client", "shopper", "people", "partner", "tenant", "seller", "buyer", "support",
     "ticket", "complaint", "report", "heard", "fwd", "forwarded"),
)
# Someone noticing a failure first-hand: "odd: the export page returns 404 for last month's report", "huh, login
# gives me a 500". The surprise word opens the message; the rest must name a failure.
_SURPRISED = r"^\s*(?:odd|weird|strange|huh|hmm+|uh[\s-]oh|wait)\b[^.!?\n]*?\b"
NOTICED = Cue(
    rf"{_SURPRISED}(?:returns?|returning|throws?|throwing|gives?|giving|gets?|getting|shows?|showing)\s+(?:me\s+)?"
    r"(?:an?\s+|the\s+)?(?:[45]\d\d|[45]xx|errors?|timeouts?|blank|nothing|empty)\b"
    rf"|{_SURPRISED}(?:is|are|has|have)\s+(?:gone|missing|disappeared)\b",
    ("odd", "weird", "strange", "huh", "hmm", "uh", "wait"),
)
# "If customers report it…", "no customer reports so far": wording of a report that did not happen.
NO_REPORT = Cue(
    rf"\b(?:if|unless|once|until|before|in\s+case)\s+(?:any\s+|the\s+|a\s+|an\s+|our\s+|more\s+|other\s+)?(?:{_REPORTERS}|support)\b"
    r"|\b(?:no|zero|not\s+any|without\s+any|(?:haven'?t|have\s+not|hasn'?t|has\s+not)\s+(?:had|seen|got|received)\s+any)\s+"
    rf"(?:{_REPORTER}\s+)?(?:reports?|tickets?|complaints?)\b",
    ("if", "unless", "once", "until", "before", "in", "no", "zero", "not", "without", "haven", "have", "hasn", "has"),
)
ACK = Cue(
    r"^\s*(?:ack(?:ed|ing|'?d)?|acknowledged)\b|\backnowledg(?:ed|ing)\b|\b(?:i'?m|i\s+am)\s+(?:looking|investigating|"
    r"taking\s+(?:a\s+look|this))\b"
    r"|\blooking\s+(?:into|at)\s+(?:it|this|the\s+[\w-]+(?:\s+[\w-]+)?\s+(?:dashboards?|graphs?|logs?|alerts?))\b"
    r"|^\s*looking\s*(?:[.,!]|$)|\binvestigating\b",
    ("ack", "acknowledg", "looking", "investigating", "taking"),
)
ON_IT = Cue(r"(?:^\s*|\bi'?m\s+|\bi\s+am\s+)on\s+it\b", ("on",))
CHANGE = Cue(
    r"\b(?:deploy(?:ing|ed)|rolling\s+out|rolled\s+out|releas(?:ed|ing)|ship(?:ped|ping)|merg(?:ed|ing)|migrat(?:ed|ing)|"
    r"(?:running|ran)\s+(?:the\s+)?migration|applied\s+(?:the\s+)?(?:config|migration|change|terraform)|"
    r"(?:config|configuration)\s+change\s+(?:is\s+)?(?:out|live|applied|rolled)|changed\s+(?:the\s+)?config|upgrad(?:ed|ing)|"
    r"push(?:ed|ing)\s+(?:to|out)|enabl(?:ed|ing)\s+(?:the\s+)?[\w-]+\s+(?:flag|feature)|turn(?:ed|ing)\s+on|"
    r"flipp(?:ed|ing)\s+(?:the\s+)?[\w-]*\s*(?:flag\s+)?on\b|"
    r"ramp(?:ed|ing)\s+(?:up\s+)?(?:(?:the\s+)?[\w-]+\s+(?:flag\s+|feature\s+|rollout\s+)?)?(?:up\s+)?to\s+\d+\s?%|"
    r"deploy\s+(?:finished|done|complete|started)|(?:running|ran|started|starting|kicked\s+off)\s+(?:the\s+|a\s+)?"
    # a number with a leading zero ("0193") names a migration, it does not count anything
    r"(?:maintenance|backfill|batch\s+job|vacuum|reindex|data\s+fix|migration\s+[\w-]*\d|0\d{2,}\b)"
    r"|applying\s+(?:the\s+|a\s+|our\s+)?(?:[\w-]+\s+){0,3}?(?:change|terraform|config|migration|patch|manifest)s?\b"
    r"(?![^.!?\n]*?\b(?:tomorrow|later|next\s+(?:week|sprint|month)|after\s+the\s+(?:review|freeze|weekend))\b))",
    ("deploy", "rolling", "rolled", "roll", "releas", "ship", "merg", "migrat", "running", "ran", "applied", "config",
     "changed", "upgrad", "push", "enabl", "turn", "flipp", "ramp", "started", "starting", "kicked", "applying"),
)
NOT_A_CHANGE = Cue(r"\b(?:fix|hotfix|revert\w*|roll\s?back|rollback|rolled\s+back)\b", ("fix", "hotfix", "revert", "roll", "rollback"))
CAUSE = Cue(
    r"\b(?:it'?s|it\s+is|it\s+was|caused\s+by|the\s+cause|culprit|due\s+to|because\s+of|related|triggered\s+by|root\s+cause|"
    r"(?:the\s+)?(?:new|recent|latest|last)\s+(?:deploy|release|change|config|flag|migration)|lines\s+up\s+with|correlat\w*|"
    r"rotated|broke|caused|exhausted|leak\w*|misconfigured|involved|to\s+blame|expired)\b"
    r"|\b(?:is|are|was|were)\s+(?:failing|broken|down|stuck|full|exhausted|saturated|wrong|expired|timing\s+out)\b",
    ("it", "its", "caus", "culprit", "due", "because", "related", "triggered", "new", "recent", "latest", "last", "lines",
     "correlat", "rotated", "broke", "exhausted", "leak", "misconfigured", "involved", "blame", "expired", "is", "are", "was", "were"),
)
TRIGGER = Cue(
    r"\b(?:traffic|load)\s+(?:spike|surge)|\bcert(?:ificate)?s?\s+(?:has\s+|have\s+)?(?:expired|expiring)"
    r"|\b(?:upstream|provider|vendor|aws|gcp|azure|cloudflare)\b[^.]{0,30}?\b(?:outage|incident|is\s+down|degradation)"
    r"|\b(?:disk|volume)\s+(?:is\s+)?full"
    r"|\bcron\s+job\s+(?:kicked\s+off|started|ran)\b",
    ("traffic", "load", "cert", "upstream", "provider", "vendor", "aws", "gcp", "azure", "cloudflare", "disk", "volume",
     "cron"),
)

# Systems: alerting tools, pagers and deploy bots announce events in fixed wording.
BOT_ACK = Cue(r"\backnowledged\s+by\b", ("acknowledged",))
BOT_RESOLVED_BY = Cue(r"\bresolved\s+by\b", ("resolved",))
BOT_RECOVERY = Cue(r"\[\s*(?:recovered|resolved|ok)\s*(?::\d+)?\s*\]|\b(?:recovered|resolved)\b|^\s*ok\b", ("recovered", "resolved", "ok"))
BOT_PAGE = Cue(r"\b(?:assigned\s+to|escalated\s+to|paged|paging|notified)\b", ("assigned", "escalated", "paged", "paging", "notified"))
# A numbered item from a bot is a page unless its words say it is an alert ("New alert #311 in ...").
BOT_NUMBERED = Cue(r"(?:^|\s)#\d+\b|\bincident\s+#?\d+", ())
BOT_ALERT = Cue(
    r"\[\s*(?:firing|triggered|alert|critical|warn(?:ing)?|error)\s*(?::\d+)?\s*\]|\b(?:firing|triggered|alerting)\b"
    r"|^\s*(?:alert|critical|warning)\b|\bnew\s+(?:[\w-]+\s+)?alert\b",
    ("firing", "triggered", "alert", "critical", "warn", "error"),
)
PAGER_ACK = Cue(r"\backnowledged\b", ("acknowledged",))
PAGER_RESOLVED = Cue(r"\bresolved\b", ("resolved",))
PAGER_PAGE = Cue(r"\b(?:triggered|assigned|escalated|paged|paging|notified)\b|#\d+", ())

# Every cue a person's message is tried against: a message that matches none of their guards is skipped.
PERSON_CUES = CueGroup(
    [RESOLUTION, DECLARATION, FAILED, DECISION, ESCALATION, MITIGATION_DONE, MITIGATION_WORKED, WORKING_AGAIN, RECOVERY,
     COMMUNICATION, ADJUSTMENT, OPERATION_DONE,
     ALERT_BY_PERSON, PAGED_PERSON, REPORT, NOTICED, ACK, ON_IT, CHANGE, CAUSE, TRIGGER]
)

# Checked in this order after the mitigation cues (see events.py); the first match wins.
LATER_PERSON_CUES: list[tuple[EventKind, Cue]] = [
    ("communication", COMMUNICATION),
    ("recovery", RECOVERY),
    ("recovery", WORKING_AGAIN),
    ("detection_alert", ALERT_BY_PERSON),
    ("page", PAGED_PERSON),
    ("detection_report", REPORT),
    ("detection_report", NOTICED),
    ("acknowledgement", ACK),
    ("acknowledgement", ON_IT),
]
