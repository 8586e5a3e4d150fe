"""Services and infrastructure the channel talks about (checkout-api, pgbouncer, redis ...)."""

import re
from collections.abc import Iterable
from functools import lru_cache

from agent.facts.cue import Cue
from agent.facts.phrasing import strip_code
from agent.models import Message

KNOWN_COMPONENTS = (
    "pgbouncer", "postgres", "postgresql", "mysql", "redis", "memcached", "kafka", "rabbitmq", "elasticsearch",
    "opensearch", "mongodb", "cassandra", "dynamodb", "nginx", "haproxy", "envoy", "istio", "consul", "etcd", "vault",
    "kubernetes", "cloudflare", "cloudfront", "zookeeper", "clickhouse", "bigquery", "snowflake", "s3", "sqs",
    "coredns", "dns", "cdn", "load balancer",
)
_SUFFIXES = (
    "api", "service", "svc", "worker", "workers", "web", "gateway", "db", "proxy", "queue", "cache", "cron", "consumer",
    "producer", "frontend", "backend", "server", "app", "ui", "scheduler", "router", "store",
)
_HYPHENATED = Cue(rf"(?<![\w./@:-])[a-z][a-z0-9]*(?:-[a-z0-9]+)*-(?:{'|'.join(_SUFFIXES)})(?:-\d+)?(?![\w-])", chars="-")
_KNOWN = Cue(
    rf"(?<![\w/.-])(?:{'|'.join(re.escape(c) for c in sorted(KNOWN_COMPONENTS, key=len, reverse=True))})\b",
    tuple(KNOWN_COMPONENTS),
)


def mentioned_services(messages: Iterable[Message]) -> list[str]:
    """Names in order of first mention, lower-cased, without repeats."""
    seen: dict[str, None] = {}
    for message in messages:
        seen.update(dict.fromkeys(_named_in(message.text)))
    return list(seen)


@lru_cache(maxsize=1 << 14)  # a pure function of the text, and long channels repeat their lines
def _named_in(text: str) -> tuple[str, ...]:
    text = strip_code(text)
    found = [*_HYPHENATED.finditer(text), *_KNOWN.finditer(text)]
    return tuple(match.group(0) for match in sorted(found, key=lambda m: m.start()))
