"""Attack a real server on loopback, as an outsider would, and print what it held and for how long.

Starts `python -m safetynet serve` on a fresh SQLite database with the default limits (or those given), then,
while one client keeps asking for plans (10 a second, as a busy CM unit would not), it runs:

* the header attack: a few connections each sending a 64 MiB header that never ends, and many connections each
  holding an unfinished header of 8 KB (under the limit: held until the header timeout) or 60 KB (over it);
* the slow-connection attack: connections that send nothing, one byte every 2 s, or half a body.

It prints the server's RSS before, at its highest during, and after the attacks (target: growth < 50 MiB, back
near the baseline after), how long each kind of connection stayed open against the documented timeout, and the
plans' p50/p99 under attack. Loopback only; every connection, byte count and wait is bounded.

    .venv/bin/python benchmarks/attack.py [--connections 800] [--header-timeout 10] [--body-timeout 30]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from http_load import case_body, exchange, free_port, serving, shipped_env, token

HOST = "127.0.0.1"
MIB = 1 << 20


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Figures:
    open_for: dict[str, list[float]] = field(default_factory=dict)
    plan_latencies: list[float] = field(default_factory=list)
    plan_errors: list[str] = field(default_factory=list)
    peak_rss: float = 0.0
    refused_bytes: list[int] = field(default_factory=list)


async def until_closed(reader: asyncio.StreamReader, cap: float) -> None:
    """Read (and drop) what the server sends until it closes, for at most ``cap`` seconds."""
    try:
        async with asyncio.timeout(cap):
            while await reader.read(65536):
                pass
    except (TimeoutError, OSError):
        pass


async def big_header(port: int, figures: Figures, cap: float) -> None:
    """A header that never ends: 64 MiB at most, sent as fast as the server reads it."""
    reader, writer = await asyncio.open_connection(HOST, port)
    sent = 0
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ")
    try:
        async with asyncio.timeout(cap):
            while sent < 64 * MIB:
                writer.write(b"a" * 65536)
                await writer.drain()
                sent += 65536
    except (TimeoutError, OSError):
        pass
    figures.refused_bytes.append(sent)
    writer.close()
    await until_closed(reader, 1)


async def held_header(port: int, size: int, started: asyncio.Event, figures: Figures, cap: float) -> None:
    """``size`` bytes of a header, then nothing: the server must drop it (431 past its limit, else 408 on time)."""
    began = time.monotonic()
    try:
        reader, writer = await asyncio.open_connection(HOST, port)
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Held: " + b"h" * size)
        await writer.drain()
    except OSError:
        started.set()
        return
    started.set()
    await until_closed(reader, cap)
    figures.open_for.setdefault(f"{size // 1000} KB unfinished header", []).append(time.monotonic() - began)
    writer.close()


async def timed(kind: str, port: int, figures: Figures, cap: float, *, head: bytes = b"", drip: float = 0.0) -> None:
    """A connection that sends ``head`` then nothing (or one more byte every ``drip`` s): how long until closed?"""
    began = time.monotonic()
    reader, writer = await asyncio.open_connection(HOST, port)
    writer.write(head)
    if drip:
        async def dripping() -> None:
            try:
                while True:
                    await asyncio.sleep(drip)
                    writer.write(b"a")
                    await writer.drain()
            except OSError:
                return

        task = asyncio.create_task(dripping())
    await until_closed(reader, cap)
    figures.open_for.setdefault(kind, []).append(time.monotonic() - began)
    if drip:
        task.cancel()
    writer.close()


async def plans(port: int, token: str, stop: asyncio.Event, figures: Figures, per_second: float) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    n = 0
    while not stop.is_set():
        body = case_body(n)
        n += 1
        head = (
            f"POST /v1/plans HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        began = time.perf_counter()
        try:
            status = await exchange(reader, writer, head + body)
        except (OSError, asyncio.IncompleteReadError) as exc:
            figures.plan_errors.append(type(exc).__name__)
            writer.close()
            reader, writer = await asyncio.open_connection(HOST, port)
            continue
        figures.plan_latencies.append(time.perf_counter() - began)
        if status != 201:
            figures.plan_errors.append(f"status {status}")
        await asyncio.sleep(max(0.0, 1 / per_second - (time.perf_counter() - began)))
    writer.close()


async def watch_rss(pid: int, stop: asyncio.Event, figures: Figures) -> None:
    while not stop.is_set():
        figures.peak_rss = max(figures.peak_rss, rss_mib(pid))
        await asyncio.sleep(0.1)


async def attack(port: int, pid: int, token: str, args: argparse.Namespace) -> Figures:
    figures = Figures()
    stop = asyncio.Event()
    cap = max(args.header_timeout, args.body_timeout, args.keep_alive) + 10  # nothing waits longer than this
    background = [
        asyncio.create_task(plans(port, token, stop, figures, args.plans_per_second)),
        asyncio.create_task(watch_rss(pid, stop, figures)),
    ]
    # the header attack: every held header first, so that all are held at once, then the big ones
    held = []
    for n in range(args.connections):
        started = asyncio.Event()
        size = 60_000 if n % 4 == 0 else 8_000  # over the 16 KiB limit: refused at once; under it: held till timeout
        held.append(asyncio.create_task(held_header(port, size, started, figures, cap)))
        await started.wait()
    await asyncio.gather(*(big_header(port, figures, cap) for _ in range(4)))
    # the slow connections, while the held headers wait for their timeout
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    half_body = b"POST /v1/plans HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99\r\n\r\n{"
    slow = [
        timed("silent", port, figures, cap),
        timed("one byte every 2 s", port, figures, cap, head=request[:-2] + b"X: ", drip=args.drip),
        timed("half-sent body", port, figures, cap, head=half_body),
        timed("idle after an answer", port, figures, cap, head=request),
    ]
    await asyncio.gather(*slow, *held)
    stop.set()
    await asyncio.gather(*background)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, default=800, help="connections holding 8 or 60 KB of header")
    parser.add_argument("--header-timeout", type=float, default=10.0, help="SAFETYNET_HEADER_TIMEOUT")
    parser.add_argument("--body-timeout", type=float, default=30.0, help="SAFETYNET_BODY_TIMEOUT")
    parser.add_argument("--keep-alive", type=float, default=5.0, help="SAFETYNET_KEEP_ALIVE_TIMEOUT")
    parser.add_argument("--drip", type=float, default=2.0, help="seconds between the slow client's bytes")
    parser.add_argument("--plans-per-second", type=float, default=10.0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = shipped_env(tmp) | {
            "SAFETYNET_DATABASE_URL": "",
            "SAFETYNET_HEADER_TIMEOUT": str(args.header_timeout),
            "SAFETYNET_BODY_TIMEOUT": str(args.body_timeout),
            "SAFETYNET_KEEP_ALIVE_TIMEOUT": str(args.keep_alive),
            "SAFETYNET_ACCESS_LOG": "false",
        }
        cm_token = token(env, "cm", "plk-cm-unit")
        port = free_port()
        with serving(env, port, HOST) as server:
            time.sleep(1)
            before = rss_mib(server.pid)
            began = time.monotonic()
            figures = asyncio.run(attack(port, server.pid, cm_token, args))
            took = time.monotonic() - began
            time.sleep(2)  # the server lets go of what the closed connections held
            after = rss_mib(server.pid)
            alive = server.poll() is None

    print(f"attack on loopback, {took:.0f} s: {args.connections} held headers, 4 x 64 MiB headers, slow connections")
    print(f"limits: header {args.header_timeout:g} s, body {args.body_timeout:g} s, keep-alive {args.keep_alive:g} s")
    print(f"server RSS before {before:.0f} MiB, during (highest) {figures.peak_rss:.0f} MiB, after {after:.0f} MiB")
    print(f"RSS growth {figures.peak_rss - before:+.0f} MiB (target < 50), after vs before {after - before:+.0f} MiB")
    pushed = max(figures.refused_bytes) / MIB
    print(f"64 MiB headers: the client pushed at most {pushed:.1f} MiB (socket buffers included) before being refused")
    limits = {
        "silent": args.header_timeout,
        "one byte every 2 s": args.header_timeout,
        "60 KB unfinished header": args.header_timeout,
        "8 KB unfinished header": args.header_timeout,
        "half-sent body": args.body_timeout,
        "idle after an answer": args.keep_alive,
    }
    cap = max(limits.values()) + 10
    for kind, times in figures.open_for.items():
        still = ", still open when the benchmark stopped waiting" if max(times) >= cap - 0.5 else ""
        print(f"open for: {kind}: longest {max(times):.1f} s (timeout {limits[kind]:g} s{still}), {len(times)} conn.")
    lat = sorted(figures.plan_latencies)
    if lat:
        p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000
        print(f"plans under attack: {len(lat)}, p50 {statistics.median(lat) * 1000:.1f} ms, p99 {p99:.1f} ms")
    print(f"plan errors {len(figures.plan_errors)} {figures.plan_errors[:3]}, server alive after: {alive}")


if __name__ == "__main__":
    main()
