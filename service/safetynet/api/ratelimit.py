"""Per-token rate limits: a token may make ``burst`` requests at once, then ``per_second`` on average.

A person at a screen makes a request every few seconds; a script that floods one token (thousands of audited
reads in seconds) reaches the burst within a second and is then held to the steady rate, each refused
request answered 429 with ``Retry-After``. The buckets live in each server process: with ``SAFETYNET_WORKERS``
processes, one token may make up to that many times the rate, as its connections are spread over them.
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
        now = self.clock()
        with self._lock:
            left, at = self._buckets.get(token_id, (float(self.burst), now))
            left = min(float(self.burst), left + (now - at) * self.per_second)
            if left < 1.0:
                self._buckets[token_id] = (left, now)
                raise RateLimited(math.ceil((1.0 - left) / self.per_second), self.burst, self.per_second)
            if len(self._buckets) >= _MAX_TOKENS and token_id not in self._buckets:
                self._forget_idle(now)
            self._buckets[token_id] = (left - 1.0, now)

    def _forget_idle(self, now: float) -> None:
        full = [t for t, (left, at) in self._buckets.items() if left + (now - at) * self.per_second >= self.burst]
        for token_id in full:
            del self._buckets[token_id]
