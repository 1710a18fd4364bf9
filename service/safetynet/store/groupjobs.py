"""What the group writer (``groupwrite.py``) is handed and hands back: a plan's rows (``Rows``) with what runs
before they are inserted (``Prepare``), a piece of *work* run in a savepoint of its own (``Work``) and the rows it
leaves for the group to insert (``Written``), the table inserted after every other (``Last``), and a job and a
batch of jobs as the writer thread keeps them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Connection, Table

Rows = list[tuple[Table, list[dict[str, Any]]]]


class Prepare(Protocol):
    """Run in the transaction before the group's rows are inserted, in the order of the jobs: may read and fill in
    values of its job's rows (a plan's ``previous_plan_id``). The dict is shared by the jobs of one transaction, so
    that a job can see what an earlier job of the same group will insert. What it returns is the job's result.

    ``key``: jobs with the same key are written one after the other, also by different processes: the writer's
    ``lock`` takes every key of the group, in order, before the first ``prepare`` runs."""

    key: int | None

    def __call__(self, connection: Connection, shared: dict[Any, Any], /) -> Any: ...


#: Run in the group's transaction, in a savepoint of its own, after the rows are inserted; what it returns is the
#: job's result (or a ``Written``), what it raises the job's error (its writes undone, the group's kept).
Work = Callable[[Connection], Any]
#: A table whose rows are inserted after every other, by a function of its own (the events: numbered in the
#: transaction's last statements).
Last = tuple[Table, Callable[[Connection, list[dict[str, Any]]], None]]


@dataclass(frozen=True)
class Written:
    """What a work returns when it leaves rows for the group to insert after every work has run: ``result`` is
    the job's result; ``rows`` are inserted with the other works' rows, or not at all when the group fails."""

    result: Any
    rows: Rows


@dataclass
class Job:
    """One plan's rows, table by table in the order they must be inserted; or one piece of ``work``."""

    rows: Rows
    error: BaseException | None = None
    prepare: Prepare | None = None
    result: Any = None
    work: Work | None = None
    failed: BaseException | None = None  # what ``work`` raised in the last transaction that ran it


@dataclass
class Batch:
    """Jobs handed over together; ``on_done`` runs in the writer thread once all of them are settled."""

    jobs: list[Job]
    on_done: Callable[[], None]
