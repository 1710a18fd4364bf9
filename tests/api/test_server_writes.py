"""An answer's head and the start of its body go out in one write (``api/headwithbody.py``): one system
call and one packet instead of two. What must not wait is written at once: ``100 Continue``, and the head of an
answer without a body (HEAD). On a recording transport, then on loopback against ``safetynet serve``."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from safetynet.api.headwithbody import HeadWithBody
from tests.api.test_server_limits import connect, server, status

__all__ = ["server"]  # the module's fixture, shared

HEAD = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n"


class Recording(asyncio.Transport):
    """A transport that keeps what is written, one entry per system call it would make."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[bytes] = []
        self.closed = False

    def write(self, data: Any) -> None:
        self.calls.append(bytes(data))

    def writelines(self, list_of_data: Iterable[Any]) -> None:
        self.calls.append(b"".join(bytes(data) for data in list_of_data))

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed


def test_the_head_waits_for_the_body_and_both_go_in_one_write() -> None:
    recording = Recording()
    held = HeadWithBody(recording)
    held.write(HEAD)
    assert recording.calls == []
    held.write(b"{}")
    held.write(b"more")  # a streamed body's next part: at once
    assert recording.calls == [HEAD + b"{}", b"more"]


def test_100_continue_goes_at_once_and_a_head_without_a_body_on_flush_or_close() -> None:
    recording = Recording()
    held = HeadWithBody(recording)
    held.write(b"HTTP/1.1 100 Continue\r\n\r\n")
    assert recording.calls == [b"HTTP/1.1 100 Continue\r\n\r\n"]
    held.write(HEAD)
    held.flush()
    assert recording.calls[1:] == [HEAD]
    closing = Recording()
    held = HeadWithBody(closing)
    held.write(HEAD)
    held.close()
    assert closing.calls == [HEAD]
    assert closing.closed


def read_answer(sock: Any, body: bool = True) -> bytes:
    """One whole answer (its head, and its body by its content-length unless ``body`` is False)."""
    data = b""
    while b"\r\n\r\n" not in data:
        data += sock.recv(65536)
    head, _, rest = data.partition(b"\r\n\r\n")
    length = next(
        (int(v) for k, _, v in (h.partition(b":") for h in head.split(b"\r\n")) if k.lower() == b"content-length"), 0
    )
    while body and len(rest) < length:
        rest += sock.recv(65536)
    return head + b"\r\n\r\n" + rest


def test_an_answer_arrives_whole_in_one_read(server: tuple[str, int]) -> None:
    with connect(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        first = sock.recv(65536)
    assert status(first) == 200
    assert first.rstrip().endswith(b"}"), first  # the body came with the head


def test_a_head_request_is_answered_and_the_connection_goes_on(server: tuple[str, int]) -> None:
    with connect(server) as sock:
        sock.sendall(b"HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert status(read_answer(sock, body=False)) in (200, 405)
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        assert status(read_answer(sock)) == 200


def test_a_client_waiting_for_100_continue_gets_it_then_its_answer(server: tuple[str, int]) -> None:
    body = b'{"plan_id": "pln_x", "need": "housing_repair"}'
    with connect(server) as sock:
        sock.sendall(
            b"POST /v1/referrals HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"
        )
        assert status(sock.recv(65536)) == 100
        sock.sendall(body)
        assert status(read_answer(sock)) == 401  # no token: the route read the body and asked for one
