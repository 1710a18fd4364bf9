"""How server processes that share only the PostgreSQL database (on several machines, each with its own ``var/``)
keep serving the same rules after ``POST /v1/rules/reload``.

The process that answers a reload records it in ``rules_reloads``. Every process looks at the table's last row
before a request, but at most once every ``INTERVAL`` seconds (one read of an index's end, about five times a
second per process, whatever the load): a clock comparison is all a request pays otherwise. That alone would let
a request arriving within ``INTERVAL`` of a reload see the old rules, so the process that answered the reload
waits ``INTERVAL`` (and a margin) after recording it before it answers: by the time anyone has the answer, every
other process either looked after the reload was committed, or will look before its next request. Reloads are
rare and made by people; a fraction of a second more on their answer buys every request a free check.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Final, Protocol

INTERVAL: Final = 0.2
MARGIN: Final = 0.05


class ReloadLog(Protocol):
    """The store's ``reloads``."""

    def record(self, version: str) -> int: ...
    def latest(self) -> tuple[int, str] | None: ...


class SharedReloads:
    def __init__(
        self,
        log: ReloadLog,
        interval: float = INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._log = log
        self._interval = interval
        self._clock = clock
        self._sleep = sleep
        self._seen = 0  # no reload seen yet: the first look compares the last one with the rules in use
        self._looked = float("-inf")

    def due(self) -> bool:
        """Time to look again? (a clock comparison)"""
        return self._clock() - self._looked >= self._interval

    def take(self) -> str | None:
        """The version of a reload recorded since this process last looked (None when there is none)."""
        started = self._clock()  # before the read: a reload committed after this is seen by the next look
        latest = self._log.latest()
        self._looked = started
        if latest is None or latest[0] <= self._seen:
            return None
        self._seen = latest[0]
        return latest[1]

    def publish(self, version: str) -> None:
        """Record that this process now serves ``version``; return once every other process will follow it
        before its next request."""
        self._seen = max(self._seen, self._log.record(version))
        self._sleep(self._interval + MARGIN)
