"""`safetynet serve` with several worker processes: each listens on a socket of its own (``SO_REUSEPORT``), so that
connections opened together are shared out between the workers rather than all accepted by the first to wake."""

from __future__ import annotations

import os
import select
import socket
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from tests.cli.test_serve import serving

pytestmark = pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads sockets from Linux's /proc")

LISTEN, ESTABLISHED = "0A", "01"


def sockets_on(port: int, state: str) -> set[str]:
    """The inodes of the TCP sockets whose local port is ``port``, in ``state``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == state:
                found.add(fields[9])
    return found


def held_by(pid: int) -> set[str]:
    """The inodes of the sockets process ``pid`` has open."""
    held = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            held.add(target[len("socket:[") : -1])
    return held


def children_of(parent: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == parent:
                children.append(int(entry.name))
    return children


def served(process: subprocess.Popen[str], port: int) -> tuple[list[int], dict[int, set[str]]]:
    """The worker processes (the supervisor's children listening on ``port``) and the listening sockets of each."""
    workers = [pid for pid in children_of(process.pid) if held_by(pid) & sockets_on(port, LISTEN)]
    return workers, {pid: held_by(pid) & sockets_on(port, LISTEN) for pid in workers}


def opened_together(port: int, count: int) -> list[socket.socket]:
    """``count`` connections to ``port``, all begun before any is accepted (as a client pool opens them)."""
    clients = [socket.socket() for _ in range(count)]
    for client in clients:
        client.setblocking(False)
        client.connect_ex(("127.0.0.1", port))
    for client in clients:
        select.select([], [client], [], 10)
        client.setblocking(True)
    return clients


def test_each_worker_listens_on_a_socket_of_its_own_and_the_supervisor_on_none(tmp_path: Path) -> None:
    with serving(tmp_path, SAFETYNET_WORKERS="2") as (base, _, process):
        port = int(base.rsplit(":", 1)[1])
        workers, listening = served(process, port)
        assert len(workers) == 2
        first, second = (listening[pid] for pid in workers)
        assert len(first) == len(second) == 1
        assert first != second  # uvicorn's own supervisor gives every worker the one socket it listens on
        assert not held_by(process.pid) & sockets_on(port, LISTEN)  # no connection waits where nobody accepts


def test_connections_opened_together_are_shared_out_between_the_workers(tmp_path: Path) -> None:
    with serving(tmp_path, SAFETYNET_WORKERS="2") as (base, _, process):
        port = int(base.rsplit(":", 1)[1])
        workers, _ = served(process, port)
        clients = opened_together(port, 32)
        try:
            for client in clients:  # one request on each: every connection has been accepted by a worker
                client.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            for client in clients:
                assert client.recv(12).startswith(b"HTTP/1.1 200")
            established = sockets_on(port, ESTABLISHED)
            shares = Counter({pid: len(held_by(pid) & established) for pid in workers})
        finally:
            for client in clients:
                client.close()
        assert sum(shares.values()) == 32
        # By a hash of each connection's addresses: far from 32/0 (the first worker to wake accepting all);
        # fewer than 4 of 32 has a probability of about one in a million.
        assert min(shares.values()) >= 4, shares
