"""The vcrpy recorder that replays (or re-records) a model's HTTP exchange with keys and volatile headers removed.

vcrpy comes with the dev extra only: without it, runs that need a cassette stop with one line saying so.
"""

from agent.errors import UsageError

INSTALL_HINT = "pip install 'postmortem[dev]'"
_VOLATILE_REQUEST = ("authorization", "x-api-key", "user-agent")
_VOLATILE_RESPONSE = (
    "date", "server", "set-cookie", "cf-ray", "cf-cache-status", "via", "x-envoy-upstream-service-time",
    "anthropic-organization-id", "strict-transport-security", "content-length", "connection", "keep-alive",
    "x-robots-tag",
)


def cassette_vcr(record_mode: str = "none"):
    """vcrpy with keys and volatile headers filtered, matching on method, path and body."""
    try:
        import vcr
    except ImportError:
        raise UsageError(f"recording or replaying model cassettes needs vcrpy, from the dev extra: {INSTALL_HINT}") \
            from None
    return vcr.VCR(
        serializer="yaml",
        record_mode=record_mode,
        match_on=["method", "path", "body"],
        before_record_request=_clean_request,
        before_record_response=_clean_response,
        decode_compressed_response=True,
    )


def _clean_request(request):
    for name in list(request.headers):
        if name.lower() in _VOLATILE_REQUEST or name.lower().startswith("x-stainless"):
            del request.headers[name]
    return request


def _clean_response(response):
    headers = response["headers"]
    for name in list(headers):
        if name.lower() in _VOLATILE_RESPONSE:
            del headers[name]
    return response
