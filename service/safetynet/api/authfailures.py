"""Failed authentications per client: an unknown or revoked bearer token, a wrong token in the sign-in form.

Each failure costs a database read (an unknown token is never remembered: ``store/tokens.py``), and a guesser
tries tokens one after the other. A client (the peer address of its connection) may fail
``SAFETYNET_AUTH_FAILURES_PER_MINUTE`` times at once, then that many a minute; past that, its next attempt with
a token this process does not already know is answered 429 with ``Retry-After`` before any database read (a token
it looked up in the last seconds needs no read, and passes). A valid token is held only by its own limits
(``api/ratelimit.py``); one address's failures never count against another.

The client is the peer of the connection: behind a reverse proxy, every client is the proxy, and one guesser
holds back the first request of others' unremembered tokens. ``SAFETYNET_FORWARDED_ALLOW_IPS`` names proxies
whose ``X-Forwarded-For`` is believed (``api/server.py``); from anyone else that header is ignored, or a guesser
would name a new address with each attempt.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable

from fastapi.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection

from safetynet.api.ratelimit import TokenBuckets
from safetynet.auth import Actor
from safetynet.errors import TooManyFailures
from safetynet.store.tokens import Tokens


class AuthFailures:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._buckets = TokenBuckets(per_minute, per_minute / 60.0, clock)

    def check(self, request: HTTPConnection) -> None:
        """``TooManyFailures`` when the client may not try another token now; nothing is counted."""
        wait = self._buckets.wait(client_of(request))
        if wait:
            raise TooManyFailures(wait, self.per_minute)

    def failed(self, request: HTTPConnection) -> None:
        """Count one failed authentication of the client."""
        self._buckets.spend(client_of(request))

    async def actor_for(self, request: HTTPConnection, tokens: Tokens, token: str) -> Actor | None:
        """Who holds ``token`` (None: nobody, counted as the client's failure), the one sequence of the bearer scheme
        (``api/deps.py``) and the sign-in form (``web/pages/signin.py``): a token looked up in the last seconds
        passes; else ``TooManyFailures`` for a client past its failures, before the database read. A blank token
        guesses nothing: not read, not counted."""
        actor = tokens.cached_actor(token)
        if actor is not None:
            return actor
        self.check(request)
        if not token:
            return None
        actor = await run_in_threadpool(tokens.actor_for_token, token)
        if actor is None:
            self.failed(request)
        return actor


def client_of(request: HTTPConnection) -> str:
    """The client's address as the server has it (the peer; a trusted proxy's ``X-Forwarded-For`` in its place). An
    IPv6 client counts by its /64: one machine is usually given a whole /64, and would otherwise try from each."""
    host = request.client.host if request.client is not None else ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is None:
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return host
