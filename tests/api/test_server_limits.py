"""`safetynet serve` under attack, on loopback: heads, timeouts, connections and oversized bodies are bounded
(``api/guardedhttp.py``, ``api/bodylimit.py``). Each test speaks raw HTTP over a socket, as an attacker would."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from tests.cli.test_serve import serving

LIMITS = {
    "SAFETYNET_HEADER_TIMEOUT": "1",
    "SAFETYNET_BODY_TIMEOUT": "1",
    "SAFETYNET_KEEP_ALIVE_TIMEOUT": "1",
    "SAFETYNET_MAX_CONNECTIONS": "8",
    "SAFETYNET_MAX_HEADER_BYTES": "8192",
}
#: how long a test waits for the server to close a connection: far above the 1 s limits, so never a race
PATIENCE = 20.0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    with serving(tmp_path_factory.mktemp("limits"), **LIMITS) as (base, _, _process):
        host, port = base.removeprefix("http://").split(":")
        yield host, int(port)


def connect(address: tuple[str, int]) -> socket.socket:
    sock = socket.create_connection(address, timeout=PATIENCE)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (a reset counts as a close)."""
    chunks = []
    try:
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    except ConnectionResetError:
        pass
    return b"".join(chunks)


def status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else 0


def test_a_complete_head_over_the_limit_is_answered_431(server: tuple[str, int]) -> None:
    with connect(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 32_768 + b"\r\n\r\n")
        answer = read_all(sock)
    assert status(answer) == 431, answer[:200]
    assert b'"headers_too_large"' in answer


def test_an_unfinished_head_over_the_limit_is_refused_before_it_ends(server: tuple[str, int]) -> None:
    with connect(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ")
        sent = 0
        try:
            while sent < 64 << 20:  # an attacker's 64 MiB header, never finished
                sock.sendall(b"a" * 65536)
                sent += 65536
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = read_all(sock)
    assert sent < 64 << 20, "the server read a 64 MiB header"
    assert status(answer) in (431, 0)  # 0: the reset reached us before the answer


def test_too_many_header_lines_are_answered_431(server: tuple[str, int]) -> None:
    with connect(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"a: b\r\n" * 200 + b"\r\n")
        assert status(read_all(sock)) == 431


def test_a_silent_connection_is_closed_after_the_header_timeout(server: tuple[str, int]) -> None:
    with connect(server) as sock:
        answer = read_all(sock)  # returns only when the server closes
    assert status(answer) == 408
    assert b'"request_timeout"' in answer


def test_a_head_sent_one_byte_at_a_time_is_closed_after_the_header_timeout(server: tuple[str, int]) -> None:
    with connect(server) as sock:
        request = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 1000
        closed = False
        for byte in request:  # 1000 bytes, one every 0.1 s: 100 s if nobody stops it
            try:
                sock.sendall(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            time.sleep(0.1)
            sock.setblocking(False)
            try:
                if sock.recv(65536) is not None:
                    closed = True
                    break
            except BlockingIOError:
                pass
            finally:
                sock.setblocking(True)
        assert closed, "the server kept a head that never ended"


def test_a_half_sent_body_is_closed_after_the_body_timeout(server: tuple[str, int]) -> None:
    with connect(server) as sock:
        sock.sendall(
            b"POST /v1/plans HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
        )
        answer = read_all(sock)
    assert status(answer) in (408, 401), answer[:200]  # 401: the route answered before it read the body


def test_an_idle_kept_alive_connection_is_closed_after_the_keep_alive_timeout(server: tuple[str, int]) -> None:
    with connect(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = read_all(sock)  # the answer, then nothing until the server closes the idle connection
    assert status(answer) == 200
    assert answer.count(b"HTTP/1.1 ") == 1


def test_connections_past_the_limit_are_answered_503(server: tuple[str, int]) -> None:
    held = [connect(server) for _ in range(8)]
    try:
        for sock in held:  # each is open and served: a request on each
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            assert status(sock.recv(65536)) == 200
        with connect(server) as extra:
            answer = read_all(extra)
        assert status(answer) == 503
        assert b'"too_many_connections"' in answer
    finally:
        for sock in held:
            sock.close()


def test_an_oversized_body_sent_whole_gets_its_413_not_a_reset(server: tuple[str, int]) -> None:
    body = b"x" * (6 << 20)
    head = (
        b"POST /v1/plans HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"
    )
    with connect(server) as sock:
        sock.sendall(head + body)  # like curl: the whole body first, then read the answer
        answer = read_all(sock)
    assert status(answer) == 413
    assert b'"payload_too_large"' in answer


def test_the_limits_do_not_refuse_an_ordinary_plan(server: tuple[str, int]) -> None:
    with connect(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nUser-Agent: " + b"u" * 4000 + b"\r\n\r\n")
        assert status(sock.recv(65536)) == 200


def test_serve_builds_its_server_in_one_place() -> None:
    from safetynet.api.guardedhttp import GuardedHttp
    from safetynet.api.server import server_config
    from safetynet.settings import Settings

    config = server_config("app:app", Settings(max_connections=7, keep_alive_timeout=3), "127.0.0.1", 1)
    assert config.http is GuardedHttp
    assert config.limits.max_connections == 7
    assert config.limits.keep_alive_timeout == 3


def test_thai_written_straight_into_a_url_is_read_as_a_browser_would_send_it(server: tuple[str, int]) -> None:
    # curl sends what is typed: UTF-8 bytes in the request line, which the HTTP parser refuses on its own.
    with connect(server) as sock:
        sock.sendall("GET /v1/organizations?province=พิษณุโลก HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        answer = read_all(sock)
    assert status(answer) == 401, answer[:300]  # the route was reached: it asks for a token, not for HTTP


def test_thai_in_a_request_line_sent_a_byte_at_a_time_and_after_a_kept_alive_request(server: tuple[str, int]) -> None:
    with connect(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        first = b""
        while b"\r\n\r\n" not in first or not first.rstrip().endswith(b"}"):
            first += sock.recv(65536)
        second_request = "\r\nGET /healthz?ที่=เกาะคา HTTP/1.1\r\nHost: x\r\nX-Note: ไทย\r\nConnection: close\r\n\r\n"
        for byte in second_request.encode():  # a blank line first, as some clients send after a request
            sock.sendall(bytes([byte]))
        second = read_all(sock)
    assert status(first) == 200
    assert status(second) == 200, second[:300]


def test_a_request_that_is_not_http_gets_the_contract_error_body(server: tuple[str, int]) -> None:
    with connect(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost x\r\n\r\n")  # a header without its colon
        answer = read_all(sock)
    assert status(answer) == 400
    assert b'"code": "bad_request"' in answer
    assert b"'Name: value'" in answer


def test_each_server_process_sets_the_gils_switch_interval_when_it_loads_its_config() -> None:
    import sys

    from safetynet.api.server import server_config
    from safetynet.settings import Settings

    async def app(scope: object, receive: object, send: object) -> None:  # an ASGI app, never called
        raise AssertionError

    config = server_config(app, Settings(switch_interval=0.002), "127.0.0.1", 1)
    before = sys.getswitchinterval()
    try:
        config.load()  # as uvicorn's Server does in each process before serving
        assert sys.getswitchinterval() == 0.002
    finally:
        sys.setswitchinterval(before)
    assert Settings().switch_interval == 0.0005
