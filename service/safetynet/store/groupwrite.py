"""Group commit: the plans that arrive while one transaction is being written go into the next one together.

Under many concurrent clients on SQLite, one transaction per plan queued writers behind each other (most of
a request's time went to waiting for the write lock). One writer thread
that takes every plan waiting and writes them in one transaction, with one fsync, keeps each plan durable
when its request returns and removes the queue. Each plan is still all-or-nothing: when a group fails, its
plans are written again one by one, so that only the plan at fault fails and the others are stored.

Other writes join the same groups as *work*: a function run in the group's transaction inside a savepoint of its
own (a referral's transition), whose error undoes its own writes only; and audit rows of reads, as rows. A
transition then shares its commit, and its fsync, with whatever else is waiting. What a work only appends (its audit
row, its event) it hands back (``Written``) rather than inserts: the group inserts them once every work has run, one
statement per table for the whole group, and the events last (``last``: their ids are taken from a counter that
stays locked until the commit).

Coroutines (the API) do not hand their plans to the writer one by one: the plans saved during one turn of
the event loop go over as one batch, and the writer wakes that loop once when the batch is written. Handed
over one by one, the writer woke for the first plan of every turn and wrote groups of two on average, and
each plan paid its own thread wake-ups, which cost about half as much CPU again as the rest of the request.

Here: the queue, the writer thread, the event loops' batches and the retries one by one. The jobs and what they
hand back are in ``groupjobs.py``; how one group is written in its transaction, in ``groupcommit.py``.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from safetynet.store.groupcommit import GroupCommit
from safetynet.store.groupjobs import Batch, Job, Last, Prepare, Rows, Work

MAX_GROUP = 64
#: A job with ``prepare`` is written again up to this many times when its own transaction fails on a constraint:
#: another process may have inserted, meanwhile, the row its ``prepare`` would now read (a plan of the same case).
PREPARE_ATTEMPTS = 3


@dataclass
class _Gathering:
    """The plans saved by coroutines of one event loop during its current turn."""

    jobs: list[Job] = field(default_factory=list)
    futures: list[asyncio.Future[None]] = field(default_factory=list)


class GroupWriter:
    def __init__(
        self,
        transaction: Callable[[], AbstractContextManager[Connection]],
        max_group: int = MAX_GROUP,
        lock: Callable[[Connection, list[int]], None] | None = None,
        last: Last | None = None,
    ):
        self._group = GroupCommit(transaction, lock, last)
        self._max_group = max_group
        self._queue: queue.SimpleQueue[Batch | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._closed = False
        self._gathering: dict[asyncio.AbstractEventLoop, _Gathering] = {}  # each loop touches only its own

    def submit(self, rows: Rows, prepare: Prepare | None = None) -> Any:
        """Write one plan's rows; returns once they are committed (with what ``prepare`` returned), or raises that
        plan's error."""
        return self._wait(Job(rows, prepare=prepare))

    def submit_work(self, work: Work) -> Any:
        """Run ``work`` in the next group's transaction; returns what it returned once the group is committed, or
        raises what it raised (its writes undone)."""
        return self._wait(Job([], work=work))

    async def submit_work_async(self, work: Work) -> Any:
        """``submit_work`` for a coroutine."""
        return await self._wait_async(Job([], work=work))

    def _wait(self, job: Job) -> Any:
        done = threading.Event()
        self.enqueue(Batch([job], done.set))
        done.wait()
        if job.error is not None:
            raise job.error
        return job.result

    async def submit_async(self, rows: Rows, prepare: Prepare | None = None) -> Any:
        """``submit`` for a coroutine: the event loop goes on serving while the group is written."""
        return await self._wait_async(Job(rows, prepare=prepare))

    async def _wait_async(self, job: Job) -> Any:
        loop = asyncio.get_running_loop()
        gathering = self._gathering.get(loop)
        if gathering is None:
            gathering = self._gathering[loop] = _Gathering()
            loop.call_soon(self._hand_over, loop)  # after every coroutine ready in this turn has run
        finished: asyncio.Future[None] = loop.create_future()
        gathering.jobs.append(job)
        gathering.futures.append(finished)
        await finished
        if job.error is not None:
            raise job.error
        return job.result

    def _hand_over(self, loop: asyncio.AbstractEventLoop) -> None:
        gathering = self._gathering.pop(loop)

        def settle() -> None:
            for future in gathering.futures:
                if not future.done():
                    future.set_result(None)

        def wake() -> None:  # from the writer thread
            loop.call_soon_threadsafe(settle)

        try:
            self.enqueue(Batch(gathering.jobs, wake))
        except BaseException as exc:  # closed meanwhile: the plans were not written, and their requests say so
            for job in gathering.jobs:
                job.error = exc
            settle()

    def enqueue(self, batch: Batch) -> None:
        with self._start_lock:
            if self._closed:
                raise RuntimeError("the store is closed")
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="safetynet-group-writer", daemon=True)
                self._thread.start()
            self._queue.put(batch)

    def close(self) -> None:
        """Write what is queued, then stop the writer thread."""
        with self._start_lock:
            self._closed = True
            thread = self._thread
        if thread is not None:
            self._queue.put(None)
            thread.join()

    def _run(self) -> None:
        stopping = False
        while not stopping:
            first = self._queue.get()
            if first is None:
                return
            batches = [first]
            size = len(first.jobs)
            while size < self._max_group:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stopping = True
                    break
                batches.append(more)
                size += len(more.jobs)
            self._write(batches)

    def _write(self, batches: list[Batch]) -> None:
        group = [job for batch in batches for job in batch.jobs]
        try:
            self._group.commit(group)
        except BaseException as exc:
            if len(group) == 1:
                group[0].error = exc if group[0].prepare is None else self._alone(group[0])
            else:
                for job in group:  # one by one: only the plan at fault fails
                    job.error = self._alone(job)
        finally:
            for job in group:
                if job.error is None and job.failed is not None:
                    job.error = job.failed
            for batch in batches:
                try:
                    batch.on_done()
                except RuntimeError:  # the event loop that waited is closed: nobody is left to wake
                    continue

    def _alone(self, job: Job) -> BaseException | None:
        """Write ``job`` in a transaction of its own; its error, if it still fails."""
        attempts = PREPARE_ATTEMPTS if job.prepare is not None else 1
        error: BaseException | None = None
        for _ in range(attempts):
            try:
                self._group.commit([job])
            except BaseException as own:
                error = own
            else:
                return None
        return error
