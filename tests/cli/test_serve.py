"""`safetynet serve` as a real HTTP server in its own process: first start, the admin token, a plan."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.cli.environment import ROOT, shipped


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def call(url: str, body: dict[str, Any] | None = None, token: str | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    with serving(tmp_path) as started:
        yield started


@contextmanager
def serving(
    tmp_path: Path, python: tuple[str, ...] = ("-m", "safetynet"), /, **env_vars: str
) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    """`safetynet serve` in its own process (stderr in stdout); ``python`` is what runs the command; ``env_vars``
    are added to its environment (positional-only before them: no dict of variables can set ``python``)."""
    port = free_port()
    env = os.environ | shipped(tmp_path / "var") | env_vars
    process = subprocess.Popen(
        [sys.executable, *python, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited: {process.stdout.read() if process.stdout else ''}")
        try:
            if call(f"{base}/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("server did not answer /healthz within 60 s")
    try:
        yield base, tmp_path / "var", process
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_first_start_keeps_an_owner_only_admin_token_that_serves_a_plan(
    server: tuple[str, Path, subprocess.Popen[str]],
) -> None:
    base, var, _ = server
    token_file = var / "admin-token"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    token = token_file.read_text().strip()
    status, plan = call(
        f"{base}/v1/plans",
        {
            "case_ref": "PLK-SERVE-1",
            "child": {
                "age": 12,
                "education_status": "at_risk",
                "location": {"province": "TH-65", "district": "Mueang Phitsanulok"},
            },
            "household": {"housing_condition": "dilapidated"},
            "needs": [{"code": "housing_repair", "urgent": True}],
        },
        token,
    )
    assert status == 201, plan
    assert plan["items"][0]["candidates"]
    assert call(f"{base}/v1/plans/{plan['plan_id']}", token=token) == (200, plan)
    assert call(f"{base}/v1/rules", token="snt_wrong")[0] == 401


def test_a_reload_reaches_every_server_process(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    with serving(tmp_path, SAFETYNET_WORKERS="2", SAFETYNET_RULES_DIR=str(rules)) as (base, var, _):
        token = (var / "admin-token").read_text().strip()
        before = call(f"{base}/healthz")[1]["rules_version"]
        housing = rules / "housing.yaml"
        housing.write_text(housing.read_text("utf-8").replace("child.age < 18", "child.age < 17"), "utf-8")
        status, reloaded = call(f"{base}/v1/rules/reload", {}, token)
        assert status == 200, reloaded
        assert reloaded["version"] != before
        # Each request is a new connection: the kernel hands them to both workers.
        seen = [call(f"{base}/healthz")[1]["rules_version"] for _ in range(40)]
        assert set(seen) == {reloaded["version"]}, f"{seen.count(before)} of 40 answers still had the old rules"


# `safetynet serve` itself, with the planner made to fail with case data in the exception's message.
CRASHING_PLANNER = """
import sys
from safetynet.planning import planner

def crash(*args, **kwargs):
    raise ValueError("unexpected: Secret Village SECRET-REF-9")

planner.Planner.plan = crash
from safetynet.cli.main import main
sys.exit(main())
"""


def test_an_unexpected_error_logs_one_line_without_the_message_or_a_traceback(tmp_path: Path) -> None:
    with serving(tmp_path, ("-c", CRASHING_PLANNER)) as (base, var, process):
        token = (var / "admin-token").read_text().strip()
        case = {
            "case_ref": "PLK-SERVE-2",
            "child": {"age": 12, "education_status": "at_risk", "location": {"province": "TH-65"}},
            "needs": [{"code": "housing_repair"}],
        }
        status, body = call(f"{base}/v1/plans", case, token)
        assert (status, body) == (
            500,
            {"error": {"code": "internal", "message": "internal error; the request was not stored", "details": []}},
        )
    assert process.stdout is not None
    output = process.stdout.read()  # everything the server wrote, on stdout and stderr, once it has stopped
    assert "SECRET-REF" not in output
    assert "Secret Village" not in output
    assert "Traceback" not in output
    assert "Exception in ASGI application" not in output
    assert [line for line in output.splitlines() if "internal error" in line] == [
        "internal error on POST /v1/plans: ValueError"
    ]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_access_log_keeps_the_path_and_the_query_names_never_their_values(tmp_path: Path, workers: str) -> None:
    with serving(tmp_path, SAFETYNET_WORKERS=workers) as (base, var, process):
        token = (var / "admin-token").read_text().strip()
        for _ in range(4):  # new connections: with two workers, both serve some of them
            assert call(f"{base}/v1/plans?case_ref=SECRET-REF-7&limit=5", token=token)[0] == 200
    assert process.stdout is not None
    output = process.stdout.read()
    assert "SECRET-REF-7" not in output
    assert '"GET /v1/plans?case_ref=*&limit=* HTTP/1.1" 200' in output
