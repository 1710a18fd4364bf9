"""The audit rows of refused reads (an unknown plan, one out of reach), written in groups: a token guessing plan
ids costs no commit of its own, and no refusal goes unaudited."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from safetynet.store.errors import StoreError

#: The rows queued within this time go in one transaction, or as soon as there are ``MAX_AUDIT_QUEUE`` of them
#: (that read waits for the commit).
AUDIT_GROUP_SECONDS = 0.2
MAX_AUDIT_QUEUE = 1_000

Row = dict[str, Any]


class RefusedReads:
    """A queue of audit rows that ``write_rows`` (one transaction) writes each ``AUDIT_GROUP_SECONDS``."""

    def __init__(self, write_rows: Callable[[list[Row]], object]) -> None:
        self._write_rows = write_rows
        self._rows: list[Row] = []
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._writing = threading.Lock()  # held while a group is taken and written

    def later(self, row: Row) -> None:
        """Queue ``row``: written with the others of its moment, by a timer, or now when the queue is full."""
        with self._lock:
            self._rows.append(row)
            full = len(self._rows) >= MAX_AUDIT_QUEUE
            if not full and self._timer is None:
                self._start_timer()
        if full:
            self.write()  # a flood faster than the timer: this read waits for the group's commit

    def write(self) -> None:
        """Write every row queued so far, now; a group being written meanwhile (the timer's) is waited for: its rows
        were queued before this call too (``Store.settle`` returned before their commit, and a read missed them)."""
        with self._writing:
            with self._lock:
                rows, self._rows = self._rows, []
                self._timer = None
            if rows:
                self._write_rows(rows)

    def close(self) -> None:
        timer = self._timer
        if timer is not None:
            timer.cancel()
        self.write()

    def _start_timer(self) -> None:
        self._timer = threading.Timer(AUDIT_GROUP_SECONDS, self._write_on_time)
        self._timer.daemon = True
        self._timer.start()

    def _write_on_time(self) -> None:
        """The timer's write. When the database fails, the rows wait for the next group (none is dropped while
        fewer than ``MAX_AUDIT_QUEUE`` wait); the read they audit was answered 404 already."""
        with self._lock:
            rows = self._rows
        try:
            self.write()
        except StoreError:
            with self._lock:
                self._rows[:0] = rows[: max(0, MAX_AUDIT_QUEUE - len(self._rows) - 1)]
                if self._timer is None:
                    self._start_timer()
