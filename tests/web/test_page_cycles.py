"""A page leaves nothing in reference cycles: what it built is freed by reference counting as soon as it is answered.
A cycle per page (the viewer kept on the request that it holds; a macro file imported "with context", evaluated again
with each page's context) left every page's objects to the garbage collector, whose collections then came more often
and walked every request in flight: the real server spent more CPU per page (benchmarks/README.md). Counted through
the real server (uvicorn, in a thread of the test's process), since Starlette's test client makes cycles of its own."""

from __future__ import annotations

import gc
import http.client
import threading
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from uvicorn import Server

from safetynet.api.app import create_app
from safetynet.api.server import server_config
from safetynet.runtime.build import Runtime
from tests.web.test_form_addresses import sent_referral
from tests.web.test_pages import runtime, signed_in

__all__ = ["runtime"]  # the module's fixture, shared
PAGES = 20


@pytest.fixture(scope="module")
def port(runtime: Runtime) -> Iterator[int]:
    """The pages served by uvicorn on loopback, as ``safetynet serve`` serves them."""
    server = Server(server_config(create_app(runtime.settings, runtime=runtime), runtime.settings, "127.0.0.1", 0))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the server did not start"
    try:
        yield int(server.servers[0].sockets[0].getsockname()[1])
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def cookie_of(client: TestClient) -> str:
    return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


def left_to_the_collector(port: int, path: str, headers: dict[str, str]) -> int:
    """The objects that only the cyclic garbage collector would free, after ``PAGES`` reads of ``path``."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def read() -> None:
        connection.request("GET", path, headers=headers)
        answer = connection.getresponse()
        answer.read()
        assert answer.status in (200, 404), (path, answer.status)

    try:
        for _ in range(3):
            read()  # the templates compiled, the caches filled
        gc.collect()
        gc.disable()
        try:
            for _ in range(PAGES):
                read()
            return gc.collect()
        finally:
            gc.enable()
    finally:
        connection.close()


def test_the_pages_leave_nothing_to_the_garbage_collector(runtime: Runtime, port: int) -> None:
    cm, _ = signed_in(runtime)
    plan, referral = sent_referral(cm, "PLK-CYCLE-1")
    agency, _ = signed_in(runtime, "agency", "plk-city-municipality")
    pages = [
        (agency, "/inbox"),
        (agency, referral),
        (cm, plan),
        (cm, "/referrals"),
        (cm, "/nosuchpage"),  # a browser's 404: the error page, with the menu
    ]
    for client, path in pages:
        found = left_to_the_collector(port, path, {"Cookie": cookie_of(client), "Accept": "text/html"})
        assert found < PAGES, f"{path}: {found} objects in cycles after {PAGES} pages"
