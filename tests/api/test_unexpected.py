"""An exception nothing maps: the contract's 500, and one log line with the route and the type only.

The exception's message can carry case data (here a village and a case reference): it must reach no log
record, no handler's output and no stream. A real server (uvicorn) is tested in ``tests/test_serve.py``.
"""

from __future__ import annotations

import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from safetynet.api.app import create_app
from safetynet.runtime.build import Runtime
from tests.api.test_bad_input import error_of

MARKER = "Secret Village SECRET-REF-9"


@pytest.fixture(scope="module")
def crashing(runtime: Runtime) -> TestClient:
    app: FastAPI = create_app(runtime.settings, runtime=runtime)

    def boom(thing: str) -> None:  # a plain function: run in the thread pool
        raise ValueError(f"unexpected: {MARKER} {thing}")

    async def boom_async() -> None:  # a coroutine: run on the event loop
        raise KeyError(MARKER)

    app.add_api_route("/v1/boom/{thing}", boom)
    app.add_api_route("/v1/boom-async", boom_async, methods=["POST"])
    # raise_server_exceptions (the default): an exception that escapes the app fails the test.
    return TestClient(app)


@pytest.mark.parametrize(
    ("asked", "logged"),
    [
        ("GET /v1/boom/anything", "internal error on GET /v1/boom/{thing}: ValueError"),
        ("POST /v1/boom-async", "internal error on POST /v1/boom-async: KeyError"),
    ],
)
def test_an_unexpected_error_is_a_500_and_one_line_naming_route_and_type(
    crashing: TestClient,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
    asked: str,
    logged: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("uvicorn", "uvicorn.error", "starlette", "fastapi"):
        caplog.set_level(logging.DEBUG, logger=name)
    response = crashing.request(*asked.split(" "))
    error = error_of(response, 500)
    assert error == {"code": "internal", "message": "internal error; the request was not stored", "details": []}
    assert "SECRET-REF" not in response.text
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [logged]
    assert not [r for r in caplog.records if r.exc_info or r.exc_text or r.stack_info]
    assert "SECRET-REF" not in caplog.text
    out, err = capfd.readouterr()
    assert "SECRET-REF" not in out + err
    assert "Traceback" not in out + err
