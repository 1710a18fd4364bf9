"""The refused reads' audit queue: ``write`` (``Store.settle``) returns only once every row queued before it is
committed, the group the timer is writing at that moment included. It returned at once while the timer's group was
still being written, so a read of the audit log right after could miss those rows (tests/api/test_rate_limits.py
failed so on a loaded machine)."""

from __future__ import annotations

import threading

from safetynet.store.refusedreads import RefusedReads


def test_write_waits_for_the_group_the_timer_is_writing() -> None:
    written: list[list[dict[str, object]]] = []
    committing, commit = threading.Event(), threading.Event()

    def write_rows(rows: list[dict[str, object]]) -> None:
        committing.set()
        assert commit.wait(5)
        written.append(rows)

    queue = RefusedReads(write_rows)
    queue.later({"plan_id": "pln_guess1"})
    assert committing.wait(5), "the timer started writing the group"
    settled = threading.Event()

    def settle_now() -> None:
        queue.write()
        settled.set()

    settle = threading.Thread(target=settle_now)
    settle.start()
    assert not settled.wait(0.3), "write returned before the timer's group was committed"
    commit.set()
    settle.join(5)
    assert settled.is_set()
    assert written == [[{"plan_id": "pln_guess1"}]]
