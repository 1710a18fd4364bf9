"""Several server processes (``SAFETYNET_WORKERS`` > 1), each accepting on a listening socket of its own.

uvicorn's supervisor hands every worker the one socket it bound: all workers wait on it, and whichever wakes first
accepts every connection waiting. Clients that open their keep-alive connections at once (a load balancer, a
pool) then land nearly all on one worker, which does all the work while the others idle: 32 connections opened
together were split 32/0, 31/1, 29/3 in trials. Here each worker listens on a socket of its own on the same
address, with ``SO_REUSEPORT``, and the kernel shares new connections out between the workers' sockets by a hash
of each connection's addresses.

uvicorn's supervisor is kept (health checks, a worker that dies started again, SIGHUP): it is given a
``SharedPort``, which holds the address (bound, never listening, so that no connection waits on it) and which, when
pickled into a worker process, arrives there as that worker's own listening socket.
"""

from __future__ import annotations

import logging
import socket
from typing import Any

from uvicorn.supervisors import Multiprocess

from safetynet.api.server import ServerConfig

log = logging.getLogger("uvicorn.error")


def _bind(sock: socket.socket, host: str, port: int) -> None:
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host, port))
    except BaseException:
        sock.close()
        raise


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def reuse_port_socket(host: str, port: int, backlog: int) -> socket.socket:
    """A TCP socket listening on ``(host, port)`` with ``SO_REUSEPORT``: one worker's own."""
    sock = socket.socket(_family(host), socket.SOCK_STREAM, socket.IPPROTO_TCP)
    _bind(sock, host, port)
    sock.listen(backlog)
    return sock


class SharedPort(socket.socket):
    """The supervisor's hold on the address: bound with ``SO_REUSEPORT`` and not listening. Each worker process
    that receives it (pickled, as uvicorn passes its sockets) gets instead a listening socket of its own on the same
    address."""

    def __init__(self, host: str, port: int, backlog: int) -> None:
        super().__init__(_family(host), socket.SOCK_STREAM, socket.IPPROTO_TCP)
        _bind(self, host, port)  # the address taken (or the error) now, in the supervisor
        self.address = (host, int(self.getsockname()[1]))
        self.backlog = backlog

    def __reduce__(self) -> tuple[Any, ...]:
        return reuse_port_socket, (*self.address, self.backlog)


def serve_workers(config: ServerConfig) -> None:
    """Run ``config.workers`` server processes on ``config``'s address until the supervisor is stopped."""
    try:
        shared = SharedPort(config.host, config.port, config.backlog)
    except OSError as exc:
        log.error("cannot listen on %s:%d: %s", config.host, config.port, exc.strerror)
        raise SystemExit(3) from None
    log.info("Uvicorn running on http://%s:%d with %d worker processes", *shared.address, config.workers)
    try:
        Multiprocess(config, sockets=[shared]).run()
    finally:
        shared.close()
