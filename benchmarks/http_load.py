"""Load test: N concurrent clients for S seconds against POST /v1/plans of a real server on loopback.

The server runs in its own process (`python -m safetynet serve`) on a fresh SQLite database (or the URL in
SAFETYNET_DATABASE_URL); this script is the second process: asyncio clients over keep-alive connections,
each sending a Phitsanulok, Lampang, Khon Kaen or Nakhon Ratchasima case in turn. It prints requests/s,
p50/p99 latency, errors and whether the server survived.

With ``--mix``, each client goes round a referral's life instead: a plan (the CM), the referral of its housing
repair (the CM), the partner's inbox (``GET /v1/referrals``), acknowledge, the inbox again, accept, done: one
plan, one send, two inbox reads and three transitions in seven requests, each with its own token. Figures are
printed per kind of request too.

    .venv/bin/python benchmarks/http_load.py [--clients 32] [--seconds 30] [--workers 1] [--mix]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

CASES = [  # (the province's CM unit, where the child lives)
    ("plk-cm-unit", {"province": "TH-65", "district": "Mueang Phitsanulok", "subdistrict": "Nai Mueang"}),
    ("lpg-cm-unit", {"province": "TH-52", "district": "Ko Kha", "subdistrict": "Lampang Luang"}),
    ("kkn-cm-unit", {"province": "TH-40", "district": "Mueang Khon Kaen"}),
    ("nma-cm-unit", {"province": "TH-30", "district": "Mueang Nakhon Ratchasima"}),
]
NEEDS = [
    {"code": "housing_repair", "urgent": True},
    {"code": "disability_allowance_registration"},
    {"code": "scholarship"},
    {"code": "return_to_school"},
]


def case_body(n: int) -> bytes:
    return json.dumps(
        {
            "case_ref": f"LOAD-{n}",
            "child": {
                "age": 8 + n % 9,
                "education_status": "at_risk" if n % 2 else "dropped_out",
                "location": CASES[n % len(CASES)][1],
                "disability": {"has_disability": n % 3 == 0, "registered": False},
            },
            "household": {"housing_condition": "dilapidated", "income_monthly": 2500},
            "needs": NEEDS,
        }
    ).encode()


def shipped_env(var_dir: str) -> dict[str, str]:
    """The environment of a server on the shipped rules and network, with its files in ``var_dir``."""
    return os.environ | {
        "SAFETYNET_VAR_DIR": var_dir,
        "SAFETYNET_RULES_DIR": str(ROOT / "rules"),
        "SAFETYNET_GRAPH_DIR": str(ROOT / "graph"),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def client(
    port: int, tokens: list[str], stop_at: float, latencies: list[float], errors: list[str], *, seed: int
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    n = seed
    try:
        while time.monotonic() < stop_at:
            body = case_body(n)
            token = tokens[n % len(CASES)]
            n += 1
            head = (
                f"POST /v1/plans HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode()
            started = time.perf_counter()
            status = await exchange(reader, writer, head + body)
            latencies.append(time.perf_counter() - started)
            if status != 201:
                errors.append(f"status {status}")
    except (OSError, asyncio.IncompleteReadError) as exc:
        errors.append(type(exc).__name__)
    finally:
        writer.close()


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """Send one request on a kept-alive connection and read its whole answer; its status (0: none)."""
    return (await exchange_body(reader, writer, request))[0]


async def exchange_body(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bytes]:
    """``exchange``, keeping the answer's body: (status, body)."""
    writer.write(request)
    await writer.drain()
    status_line = await reader.readline()
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
    answer = await reader.readexactly(length)
    return (int(status_line.split()[1]) if status_line else 0), answer


def request(method: str, path: str, token: str, body: bytes = b"") -> bytes:
    """One HTTP/1.1 request on a kept-alive connection, with a bearer token and (when given) a JSON body."""
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
    if body:
        head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
    return (head + "\r\n").encode() + body


#: (kind, expected status): the referral's life, as --mix goes round it; "send" is followed by a "forward" for each
#: organization in the middle of the path (the core team relaying), by the organization holding it
MIX = [
    ("plan", 201),
    ("send", 201),
    ("inbox", 200),
    ("acknowledge", 200),
    ("inbox", 200),
    ("accept", 200),
    ("done", 200),
]


def mixed_request(kind: str, n: int, cm: str, referral: dict[str, Any], tokens: dict[str, str]) -> tuple[str, ...]:
    """(method, path, token) of step ``kind`` of round ``n``; ``referral``: the plan, then the referral, so far."""
    if kind == "plan":
        return "POST", "/v1/plans", cm
    if kind == "send":
        return "POST", "/v1/referrals", cm
    holder = tokens.get(referral.get("holder") or "", "")
    if kind == "inbox":
        return "GET", "/v1/referrals?limit=20", holder
    return "POST", f"/v1/referrals/{referral['referral_id']}/{kind}", holder


def mixed_body(kind: str, n: int, referral: dict[str, Any]) -> bytes:
    if kind == "plan":
        return case_body(n)
    if kind == "send":
        return json.dumps({"plan_id": referral["plan_id"], "need": "housing_repair"}).encode()
    return b'{"outcome": "helped"}' if kind == "done" else b""


async def mixed_client(  # noqa: PLR0917
    port: int,
    tokens: list[str],
    agencies: dict[str, str],
    stop_at: float,
    latencies: dict[str, list[float]],
    errors: list[str],
    *,
    seed: int,
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    n = seed
    try:
        while time.monotonic() < stop_at:
            cm = tokens[n % len(CASES)]
            referral: dict[str, Any] = {}
            steps = list(MIX)
            while steps:
                kind, expected = steps.pop(0)
                method, path, token = mixed_request(kind, n, cm, referral, agencies)
                started = time.perf_counter()
                call = request(method, path, token, mixed_body(kind, n, referral))
                status, answer = await exchange_body(reader, writer, call)
                latencies.setdefault(kind, []).append(time.perf_counter() - started)
                if status != expected:
                    errors.append(f"{kind}: status {status}")
                    break
                if kind == "plan":
                    referral = {"plan_id": json.loads(answer)["plan_id"]}
                elif kind in ("send", "forward"):
                    referral = json.loads(answer)
                    if referral["holder"] not in agencies:
                        errors.append(f"{kind}: no token for {referral['holder']}")
                        break
                    if referral["holder"] != referral["to_organization"]:
                        steps.insert(0, ("forward", 200))
            n += 1
    except (OSError, asyncio.IncompleteReadError) as exc:
        errors.append(type(exc).__name__)
    finally:
        writer.close()


async def run_load(
    port: int, tokens: list[str], clients: int, seconds: float, agencies: dict[str, str] | None = None
) -> tuple[dict[str, list[float]], list[str], float]:
    """Latencies by kind of request (``plan`` only, without ``agencies``), errors, seconds taken."""
    latencies: dict[str, list[float]] = {"plan": []}
    errors: list[str] = []
    started = time.monotonic()
    stop_at = started + seconds
    if agencies is None:
        plans = latencies["plan"]
        await asyncio.gather(*(client(port, tokens, stop_at, plans, errors, seed=i * 100_000) for i in range(clients)))
    else:
        await asyncio.gather(
            *(
                mixed_client(port, tokens, agencies, stop_at, latencies, errors, seed=i * 100_000)
                for i in range(clients)
            )
        )
    return latencies, errors, time.monotonic() - started


def first_candidates() -> set[str]:
    """The organizations the mixed workload's housing repairs go to, or through (the first candidate's path)."""
    from safetynet.contract.case import Case
    from safetynet.runtime.build import build_runtime
    from safetynet.settings import Settings

    runtime = build_runtime(
        Settings(rules_dir=ROOT / "rules", graph_dir=ROOT / "graph", var_dir=Path(tempfile.gettempdir())),
        with_store=False,
    )
    try:
        found = set()
        for n in range(72):
            case = Case.model_validate_json(case_body(n))
            plan = runtime.planner.plan(case, now=datetime.now(UTC), requested_by=CASES[n % len(CASES)][0])
            for item in plan.items:
                if item.need == "housing_repair":
                    found.update(item.candidates[0].path[1:])
        return found
    finally:
        runtime.close()


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    if not ordered:
        return float("nan"), float("nan")
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000




def cpu_seconds(root: int) -> float:
    """CPU time (user + system) used so far by process ``root`` and every process under it (the workers)."""
    stats: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
    family, total = {root}, 0.0
    for _ in range(4):  # server -> workers -> their helpers
        family |= {pid for pid, (parent, _) in stats.items() if parent in family}
    for pid in family:
        total += stats.get(pid, (0, 0.0))[1]
    return total


def wait_healthy(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("the server exited before answering /healthz")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit("the server did not answer /healthz")


def token(env: dict[str, str], role: str, organization: str | None = None) -> str:
    """A new bearer token, made as an operator makes one (``safetynet token create``)."""
    command = [sys.executable, "-m", "safetynet", "token", "create", "--role", role]
    command += ["--organization", organization] if organization else []
    return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout.strip()


@contextmanager
def serving(env: dict[str, str], port: int, host: str = "127.0.0.1") -> Iterator[subprocess.Popen[bytes]]:
    """``safetynet serve`` on ``port`` in a process of its own, once it answers /healthz; stopped afterwards."""
    server = subprocess.Popen(
        [sys.executable, "-m", "safetynet", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_healthy(f"http://{host}:{port}", server)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=1, help="server processes (SAFETYNET_WORKERS)")
    parser.add_argument("--mix", action="store_true", help="plans, inbox reads and transitions (a referral's life)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = shipped_env(tmp) | {
            "SAFETYNET_WORKERS": str(args.workers),
            # the clients flood a few tokens on purpose: this measures throughput, not the per-token limit
            "SAFETYNET_RATE_LIMIT_BURST": "1000000",
            "SAFETYNET_RATE_LIMIT_PER_SECOND": "1000000",
        }
        tokens = [token(env, "cm", unit) for unit, _ in CASES]
        agencies = {org: token(env, "agency", org) for org in sorted(first_candidates())} if args.mix else None
        port = free_port()
        with serving(env | {"SAFETYNET_ACCESS_LOG": "false"}, port) as server:
            asyncio.run(run_load(port, tokens, 4, 2, agencies))  # warm-up
            cpu_before, own_before = cpu_seconds(server.pid), time.process_time()
            by_kind, errors, elapsed = asyncio.run(run_load(port, tokens, args.clients, args.seconds, agencies))
            server_cpu = cpu_seconds(server.pid) - cpu_before
            client_cpu = time.process_time() - own_before  # the load generator shares the machine's CPUs
            alive = server.poll() is None

    latencies = [t for samples in by_kind.values() for t in samples]
    count = len(latencies)
    p50, p99 = percentiles(latencies)
    workload = "mixed: plans, inbox reads, transitions" if args.mix else "plans"
    database = "PostgreSQL" if os.environ.get("SAFETYNET_DATABASE_URL", "").startswith("postgresql") else "SQLite"
    print(f"clients {args.clients}, {args.seconds:g} s, server workers {args.workers}, {workload}, {database}")
    print(f"requests {count}, errors {len(errors)}, server alive after: {alive}")
    print(f"throughput {count / elapsed:,.0f} requests/s")
    print(f"latency p50 {p50:.1f} ms, p99 {p99:.1f} ms (target p99 < 50 ms)")
    if args.mix:
        for kind in dict.fromkeys([*(k for k, _ in MIX), "forward"]):
            kind_p50, kind_p99 = percentiles(by_kind.get(kind, []))
            done = len(by_kind.get(kind, []))
            print(f"  {kind:<12} {done:>7} requests, p50 {kind_p50:.1f} ms, p99 {kind_p99:.1f} ms")
    if count:
        print(f"server CPU {server_cpu * 1000 / count:.2f} ms per request ({server_cpu / elapsed:.2f} cores busy)")
        client = f"{client_cpu * 1000 / count:.2f} ms per request ({client_cpu / elapsed:.2f} cores busy)"
        print(f"load generator CPU {client}")
    if errors:
        print("first errors:", errors[:5])


if __name__ == "__main__":
    main()
