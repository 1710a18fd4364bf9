"""The store: plans and the audit trail, with tokens (``tokens.Tokens``), referrals, plan history and reloads
beside them, behind one class.

Every method is one transaction; a plan and its audit row are written together or not at all, and so are a
read and its audit row. Safe to call from many threads and processes at once (one pooled engine; on SQLite
writers take turns on a ``WriteLock``: ``connections.py``). Nothing here logs, and no error raised here carries
case data (the audit trail's rows: ``auditrows.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import Connection, Engine, exists, func, insert, select
from sqlalchemy.exc import IntegrityError

from safetynet.auth import Actor
from safetynet.store.auditrows import audit_entry, audit_key, audit_row
from safetynet.store.cases import StoredCase, audited_cases
from safetynet.store.connections import Connections, open_engine
from safetynet.store.database import read_for_coroutine
from safetynet.store.errors import DuplicatePlan, StoreError
from safetynet.store.groupjobs import Rows
from safetynet.store.groupwrite import GroupWriter
from safetynet.store.planhistory import PlanHistory, link_to_history, load_plan, lock_cases
from safetynet.store.records import AuditAction, AuditEntry, NewPlan, PlanRecord, check_new_plan
from safetynet.store.referrals import ReferralStore, Sending
from safetynet.store.referralwrites import write_events
from safetynet.store.refusedreads import RefusedReads
from safetynet.store.reloads import Reloads
from safetynet.store.signouts import SignOuts
from safetynet.store.tables import audit_log, plan_organizations, plans
from safetynet.store.tables import events as events_table
from safetynet.store.tokens import Tokens


class Store:
    """Open with ``Store.open(url)``; close with ``close()``."""

    def __init__(self, engine: Engine) -> None:
        self._connections = Connections(engine)
        self._engine = engine
        self._write = self._connections.write  # one write transaction (BEGIN IMMEDIATE on SQLite)
        self._read = self._connections.read  # one read-only use of a pooled connection
        self._inline_reads = self._connections.inline_reads
        self._plan_writer = GroupWriter(self._write, lock=lock_cases, last=(events_table, write_events))
        self._refused = RefusedReads(lambda rows: self._plan_writer.submit([(audit_log, rows)]))
        self.referrals = ReferralStore(self._plan_writer, self._read, self._inline_reads, Sending(load_plan=self._load))
        self.plan_history = PlanHistory(engine, self._write, self._read)
        self.reloads = Reloads(self._write, self._read)
        self.tokens = Tokens(self._write, self._read, self._audit)
        self.signouts = SignOuts(self._write, self._read)

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    @classmethod
    def open(cls, url: str) -> Store:
        """Connect to ``url`` and bring its schema up to date (Alembic ``upgrade head``).

        SQLite: creates the file's folder and the file (owner-only). Raises StoreUnavailable when the database
        cannot be reached or the URL is not one the store can use.
        """
        return cls(open_engine(url))

    def close(self) -> None:
        self._refused.close()
        self._plan_writer.close()
        self._connections.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def ping(self) -> None:
        """Raise StoreUnavailable unless the database answers."""
        self._connections.ping()

    # -- plans -------------------------------------------------------------------------------------------

    def save_plan(self, plan: NewPlan, actor: Actor) -> str | None:
        """Store ``plan``, the organizations it names and a ``plan.create`` audit row: all, or nothing. Returns
        ``previous_plan_id``: the plan of the same case by the same organization that this one follows (None for
        the first), found in the same transaction.

        InvalidRecord (nothing written) for a value the store refuses; DuplicatePlan when ``plan_id`` exists.
        """
        rows = self._plan_rows(plan, actor)
        with self._plan_errors(plan, actor):
            previous: str | None = self._plan_writer.submit(rows, link_to_history(plan, rows))
        return previous

    async def save_plan_async(self, plan: NewPlan, actor: Actor) -> str | None:
        """``save_plan`` for a coroutine: the event loop serves other requests while the plan is written."""
        rows = self._plan_rows(plan, actor)
        with self._plan_errors(plan, actor):
            previous: str | None = await self._plan_writer.submit_async(rows, link_to_history(plan, rows))
        return previous

    def _plan_rows(self, plan: NewPlan, actor: Actor) -> Rows:
        organizations, case_json, plan_json = check_new_plan(plan)
        row = {
            "plan_id": plan.plan_id,
            "case_ref": plan.case_ref,
            "province": plan.province,
            "requested_by": plan.requested_by,
            "created_at": plan.created_at,
            "created_by": actor.token_id,
            "rules_version": plan.rules_version,
            "graph_version": plan.graph_version,
            "case_json": case_json,
            "plan_json": plan_json,
            "previous_plan_id": None,  # filled in by link_to_history, in the transaction
        }
        named = [{"plan_id": plan.plan_id, "organization_id": org} for org in sorted(organizations)]
        return [
            (plans, [row]),
            (plan_organizations, named),
            (audit_log, [audit_row("plan.create", actor, plan.plan_id)]),
        ]

    @contextmanager
    def _plan_errors(self, plan: NewPlan, actor: Actor) -> Iterator[None]:
        try:
            yield
        except IntegrityError:
            if self._plan_exists(plan.plan_id):
                raise DuplicatePlan(plan.plan_id) from None
            raise StoreError(f"the database refused the plan of token {actor.token_id!r} (unknown token?)") from None

    def get_plan(self, plan_id: str, actor: Actor, allowed: Callable[[PlanRecord], bool]) -> PlanRecord | None:
        """The plan, when it exists and ``allowed(record)``; else None (unknown and out-of-reach look the same).

        Every read is audited: ``plan.read`` is committed (by the group writer) before the plan is returned (a plan
        never leaves without its row); ``plan.read_denied`` and ``plan.read_unknown`` are handed to the group writer
        and not waited for, so that a token guessing plan ids costs no fsync of its own (``_audit_later``)."""
        record = self._readable_plan(self._read_plan(plan_id), plan_id, actor, allowed)
        if record is not None:
            # Committed before the plan is returned, in the group writer's next transaction: reads at the same
            # moment (and plans being saved) share one commit rather than take turns on the write lock.
            self._plan_writer.submit([(audit_log, [audit_row("plan.read", actor, plan_id)])])
        return record

    async def get_plan_async(
        self, plan_id: str, actor: Actor, allowed: Callable[[PlanRecord], bool]
    ) -> PlanRecord | None:
        """``get_plan`` for a coroutine: its ``plan.read`` row goes with the group of the event loop's turn."""
        found = await read_for_coroutine(lambda: self._read_plan(plan_id), inline=self._inline_reads)
        record = self._readable_plan(found, plan_id, actor, allowed)
        if record is not None:
            await self._plan_writer.submit_async([(audit_log, [audit_row("plan.read", actor, plan_id)])])
        return record

    def _read_plan(self, plan_id: str) -> PlanRecord | None:
        if audit_key(plan_id) != plan_id:
            return None
        with self._read() as connection:
            return self._load(connection, plan_id)

    def _readable_plan(
        self, record: PlanRecord | None, plan_id: str, actor: Actor, allowed: Callable[[PlanRecord], bool]
    ) -> PlanRecord | None:
        """``record`` when ``allowed``; else None, with its refusal queued for the audit (``_audit_later``)."""
        if record is None or not allowed(record):
            self._audit_later("plan.read_unknown" if record is None else "plan.read_denied", actor, audit_key(plan_id))
            return None
        return record

    def _audit_later(self, action: AuditAction, actor: Actor, plan_id: str | None) -> None:
        """Queue an audit row of a refused read, written with the others of its moment (``RefusedReads``)."""
        self._refused.later(audit_row(action, actor, plan_id))

    def settle(self) -> None:
        """Return once every audit row queued so far is written."""
        self._refused.write()

    def stored_cases(
        self,
        actor: Actor | None,
        *,
        province: str | None = None,
        since: datetime | None = None,
        limit: int | None = None,
        page: int = 500,
    ) -> Generator[StoredCase, None, None]:
        """The case of the latest plan of each case_ref (per province), newest first, for the what-if replay
        (``store/cases.py``). Streamed a page at a time; each page's reads are audited (``plan.replay``, by
        ``actor``; None: the command line) before the page is handed over. Close it (``contextlib.closing``) to
        give its connection back when not read to the end."""
        return audited_cases(self._read, self._write, actor, province=province, since=since, limit=limit, page=page)

    def count_plans(self) -> int:
        with self._read() as connection:
            return connection.execute(select(func.count()).select_from(plans)).scalar_one()

    def audit_for(self, plan_id: str) -> list[AuditEntry]:
        """Every audit row about ``plan_id``, oldest first (the queued ones written first)."""
        self.settle()
        query = select(audit_log).where(audit_log.c.plan_id == audit_key(plan_id)).order_by(audit_log.c.id)
        with self._read() as connection:
            return [audit_entry(row) for row in connection.execute(query)]

    def _plan_exists(self, plan_id: str) -> bool:
        with self._read() as connection:
            return bool(connection.execute(select(exists().where(plans.c.plan_id == plan_id))).scalar())

    def _load(self, connection: Connection, plan_id: str) -> PlanRecord | None:
        return load_plan(connection, plan_id)

    def load_plan(self, plan_id: str) -> PlanRecord | None:
        """A stored plan, unaudited: for the operator's commands and for tests."""
        with self._read() as connection:
            return self._load(connection, plan_id)

    def _audit(self, connection: Connection, action: AuditAction, actor: Actor, plan_id: str | None) -> None:
        connection.execute(insert(audit_log).values(**audit_row(action, actor, plan_id)))
