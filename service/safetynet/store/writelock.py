"""One writer at a time on a SQLite file, handed over at once between threads and between processes.

SQLite lets one transaction write at a time. A second writer that finds the file locked sleeps in SQLite's
busy handler and tries again, with sleeps that grow to 100 ms: with two server processes under load, the
machine sat largely idle while writers slept. Here a writer waits on a
lock that wakes it the moment the holder is done: a ``threading.Lock`` between the threads of one process,
then ``flock`` on a file beside the database (``<database>.write-lock``) between processes. SQLite's own
locking still guards the data; ``busy_timeout`` stays the fallback for writers that do not take this lock
(another program, an older safetynet).
"""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path
from types import TracebackType


class WriteLock:
    """``with lock:`` holds the write turn of one SQLite file for this thread, in this process and across
    processes that use the same lock file. Not re-entrant."""

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + ".write-lock")
        self._threads = threading.Lock()
        self._fd: int | None = None
        self._pid = -1

    def _descriptor(self) -> int:
        # A forked child must not share its parent's open file description: flock would then treat parent and
        # child as one holder. Open the file again in each process.
        if self._fd is None or self._pid != os.getpid():
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            self._pid = os.getpid()
        return self._fd

    def __enter__(self) -> WriteLock:
        self._threads.acquire()
        try:
            fcntl.flock(self._descriptor(), fcntl.LOCK_EX)  # releases the GIL while it waits
        except BaseException:
            self._threads.release()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        try:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._threads.release()

    def close(self) -> None:
        if self._fd is not None and self._pid == os.getpid():
            os.close(self._fd)
        self._fd = None
