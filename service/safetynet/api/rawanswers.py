"""Answers the server writes straight to the socket, before or instead of the app: the contract's error body in a
whole HTTP/1.1 answer that closes the connection."""

from __future__ import annotations

import json


def raw_answer(status: int, reason: str, code: str, message: str) -> bytes:
    """A whole HTTP/1.1 answer with the contract's error body, written straight to the socket."""
    body = json.dumps({"error": {"code": code, "message": message, "details": []}}).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


BAD_REQUEST = raw_answer(
    400,
    "Bad Request",
    "bad_request",
    "the request is not HTTP/1.1 as the server reads it: a request line 'METHOD /path?query HTTP/1.1', then one "
    "'Name: value' header a line, then an empty line",
)
TOO_MANY = raw_answer(
    503, "Service Unavailable", "too_many_connections", "the server has too many open connections: try again"
)
HEAD_TOO_LARGE = raw_answer(
    431,
    "Request Header Fields Too Large",
    "headers_too_large",
    "the request line and headers are too large: send fewer or shorter headers",
)
TIMED_OUT = {  # by whether the head had arrived
    False: raw_answer(408, "Request Timeout", "request_timeout", "the request line and headers took too long"),
    True: raw_answer(408, "Request Timeout", "request_timeout", "the request body took too long to arrive"),
}
