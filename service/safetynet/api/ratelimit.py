"""Per-token rate limits: a token may make ``burst`` requests at once, then ``per_second`` on average.

A person at a screen makes a request every few seconds; a script that floods one token (thousands of audited
reads in seconds) reaches the burst within a second and is then held to the steady rate, each refused
request answered 429 with ``Retry-After``. The buckets live in each server process: with ``SAFETYNET_WORKERS``
processes, one token may make up to that many times the rate, as its connections are spread over them.
The same buckets, keyed by client address, count failed authentications (``api/authfailures.py``).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from safetynet.errors import RateLimited

_MAX_TOKENS = 10_000  # buckets kept at once; past that, the full ones (idle tokens) are dropped


class TokenBuckets:
    def __init__(self, burst: int, per_second: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.burst = burst
        self.per_second = per_second
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # token id -> (requests left, at)
        self._lock = threading.Lock()

    def take(self, token_id: str) -> None:
        """Count one request of ``token_id``; ``RateLimited`` with the seconds to wait when none is left."""
        wait = self.spend(token_id, refuse=True)
        if wait:
            raise RateLimited(wait, self.burst, self.per_second)

    def wait(self, key: str) -> int:
        """Whole seconds before ``key`` may make a request (0: now); nothing is counted."""
        now = self.clock()
        with self._lock:
            return self._wait(self._left(key, now))

    def spend(self, key: str, refuse: bool = False) -> int:
        """Count one request of ``key`` and return 0; with ``refuse``, count nothing and return the seconds to wait
        when none is left. Without it the count may go below zero (requests let through at once, then all failed)."""
        now = self.clock()
        with self._lock:
            left = self._left(key, now)
            if refuse and left < 1.0:
                self._buckets[key] = (left, now)
                return self._wait(left)
            if len(self._buckets) >= _MAX_TOKENS and key not in self._buckets:
                self._forget_idle(now)
            self._buckets[key] = (left - 1.0, now)
            return 0

    def _left(self, key: str, now: float) -> float:
        left, at = self._buckets.get(key, (float(self.burst), now))
        return min(float(self.burst), left + (now - at) * self.per_second)

    def _wait(self, left: float) -> int:
        return 0 if left >= 1.0 else math.ceil((1.0 - left) / self.per_second)

    def _forget_idle(self, now: float) -> None:
        full = [t for t, (left, at) in self._buckets.items() if left + (now - at) * self.per_second >= self.burst]
        for token_id in full:
            del self._buckets[token_id]
