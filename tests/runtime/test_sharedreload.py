"""Processes that share only the database follow each other's reloads: one look at the reloads table at most
every INTERVAL, and a reload answered only once every process will look before its next request."""

from __future__ import annotations

from safetynet.runtime import sharedreload
from safetynet.runtime.sharedreload import INTERVAL, SharedReloads


class Log:
    def __init__(self) -> None:
        self.rows: list[tuple[int, str]] = []
        self.reads = 0

    def record(self, version: str) -> int:
        self.rows.append((len(self.rows) + 1, version))
        return len(self.rows)

    def latest(self) -> tuple[int, str] | None:
        self.reads += 1
        return self.rows[-1] if self.rows else None


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_process_looks_at_most_once_per_interval_and_takes_each_reload_once() -> None:
    log, clock = Log(), Clock()
    follower = SharedReloads(log, clock=clock)
    assert follower.due(), "the first request looks"
    assert follower.take() is None
    assert not follower.due()
    clock.now += INTERVAL / 2
    assert not follower.due(), "a request within the interval pays a clock comparison only"
    log.record("v2")
    clock.now += INTERVAL / 2
    assert follower.due()
    assert follower.take() == "v2"
    assert follower.take() is None
    assert log.reads == 3


def test_the_reload_is_answered_only_after_an_interval_has_passed() -> None:
    log, clock = Log(), Clock()
    slept: list[float] = []
    publisher = SharedReloads(log, clock=clock, sleep=slept.append)
    follower = SharedReloads(log, clock=clock)
    follower.take()  # looked just now
    publisher.publish("v3")
    assert slept == [INTERVAL + sharedreload.MARGIN]
    assert publisher.take() is None, "the publisher serves it already"
    clock.now += slept[0]  # by the time the answer is out, the follower's next request looks
    assert follower.due()
    assert follower.take() == "v3"
