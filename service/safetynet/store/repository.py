"""The store: plans, tokens and the audit trail, behind one class. The only module that runs SQL.

Every method is one transaction; a plan and its audit row are written together or not at all, and so are a
read and its audit row. Safe to call from many threads and processes at once (one pooled engine; on SQLite
writers take turns on a ``WriteLock``). Nothing here logs, and no error raised
here carries case data.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Generator, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Row, bindparam, exists, func, insert, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from safetynet.auth import ROLES_WITH_ORGANIZATION, Actor, Role, hash_token, looks_like_token, new_token, parse_role
from safetynet.store.cases import StoredCase, latest_cases, stored_case
from safetynet.store.database import WRITE_OPTIONS, make_engine, parse_url, read_for_coroutine, shown, sqlite_file
from safetynet.store.errors import DuplicatePlan, InvalidRecord, StoreError, StoreUnavailable
from safetynet.store.groupwrite import GroupWriter, Rows
from safetynet.store.migrate import upgrade
from safetynet.store.planhistory import PlanHistory, link_to_history, lock_cases, plan_records
from safetynet.store.records import (
    ID_MAX,
    AuditAction,
    AuditEntry,
    NewPlan,
    PlanRecord,
    TokenInfo,
    check_id,
    check_new_plan,
)
from safetynet.store.referrals import ReferralStore, Sending
from safetynet.store.referralwrites import write_events
from safetynet.store.reloads import Reloads
from safetynet.store.tables import audit_log, plan_organizations, plans, tokens
from safetynet.store.tables import events as events_table
from safetynet.store.writelock import WriteLock

LABEL_MAX = 200
#: Refused reads are audited in groups: the rows queued within this time go in one transaction, or as soon as
#: there are ``MAX_AUDIT_QUEUE`` of them (that read waits for the commit).
AUDIT_GROUP_SECONDS = 0.2
MAX_AUDIT_QUEUE = 1_000


_LOAD_PLAN = select(plans).where(plans.c.plan_id == bindparam("b_plan_id"))  # built once: keyed on first use only


def _now() -> datetime:
    return datetime.now(UTC)


def _reason(exc: DBAPIError | PoolTimeout) -> str:
    """The driver's first line (e.g. "connection refused"): parameters are hidden, so no case data."""
    orig = getattr(exc, "orig", None) or exc
    first = str(orig).strip().splitlines()
    return first[0][:300] if first else type(orig).__name__


def _audit_key(plan_id: str) -> str:
    """``plan_id`` as it can be written to the audit log, even when it is no valid id."""
    if 0 < len(plan_id) <= ID_MAX and plan_id.isprintable():
        return plan_id
    return plan_id.encode("unicode_escape").decode("ascii")[:ID_MAX] or "''"


#: How long a known token's actor is remembered in this process. A revocation made here applies at once;
#: one made by another process (``safetynet`` CLI, another server worker) applies within this many seconds.
TOKEN_CACHE_SECONDS = 10.0
_TOKEN_CACHE_MAX = 10_000


class Store:
    """Open with ``Store.open(url)``; close with ``close()``."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._writer_engine = engine.execution_options(**WRITE_OPTIONS)
        # SQLite has one writer at a time: writers take turns on a lock that hands over at once, rather than
        # let SQLite's busy handler poll with growing sleeps.
        database = sqlite_file(engine)
        self._file_lock = WriteLock(database) if database is not None else None
        self._write_lock: AbstractContextManager[object] = self._file_lock or (
            threading.Lock() if engine.dialect.name == "sqlite" else nullcontext()
        )
        self._inline_reads = engine.dialect.name == "sqlite"  # database.read_for_coroutine
        self._actors: dict[str, tuple[Actor, float]] = {}  # token hash -> (actor, valid until)
        self._plan_writer = GroupWriter(self._write, lock=lock_cases, last=(events_table, write_events))
        self._audits: list[dict[str, Any]] = []  # audit rows of refused reads, waiting for their group
        self._audit_timer: threading.Timer | None = None
        self._audits_lock = threading.Lock()
        self.referrals = ReferralStore(self._plan_writer, self._read, self._inline_reads, Sending(load_plan=self._load))
        self.plan_history = PlanHistory(engine, self._write, self._read)
        self.reloads = Reloads(self._write, self._read)

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE on SQLite), translated errors."""
        with self._errors(), self._write_lock, self._writer_engine.begin() as connection:
            yield connection

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """One read-only use of a pooled connection, translated errors."""
        with self._errors(), self._engine.connect() as connection:
            yield connection

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    @classmethod
    def open(cls, url: str) -> Store:
        """Connect to ``url`` and bring its schema up to date (Alembic ``upgrade head``).

        SQLite: creates the file's folder and the file (owner-only). Raises StoreUnavailable when the database
        cannot be reached or the URL is not one the store can use.
        """
        engine = make_engine(url)
        try:
            upgrade(engine)
        except (DBAPIError, PoolTimeout) as exc:
            engine.dispose()
            raise StoreUnavailable(f"cannot open the database {shown(parse_url(url))}: {_reason(exc)}") from None
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    def close(self) -> None:
        timer = self._audit_timer
        if timer is not None:
            timer.cancel()
        self._write_audits()
        self._plan_writer.close()
        self._engine.dispose()
        if self._file_lock is not None:
            self._file_lock.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except IntegrityError:
            raise  # save_plan tells a duplicate plan from other refusals
        except (OperationalError, PoolTimeout) as exc:
            raise StoreUnavailable(f"the database is unavailable: {_reason(exc)}") from None
        except DBAPIError as exc:
            raise StoreError(f"the database refused the operation: {_reason(exc)}") from None

    def ping(self) -> None:
        """Raise StoreUnavailable unless the database answers."""
        with self._errors(), self._engine.connect() as connection:
            connection.execute(text("SELECT 1"))

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
            (audit_log, [self._audit_row("plan.create", actor, plan.plan_id)]),
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
            self._plan_writer.submit([(audit_log, [self._audit_row("plan.read", actor, plan_id)])])
        return record

    async def get_plan_async(
        self, plan_id: str, actor: Actor, allowed: Callable[[PlanRecord], bool]
    ) -> PlanRecord | None:
        """``get_plan`` for a coroutine: its ``plan.read`` row goes with the group of the event loop's turn."""
        found = await read_for_coroutine(lambda: self._read_plan(plan_id), inline=self._inline_reads)
        record = self._readable_plan(found, plan_id, actor, allowed)
        if record is not None:
            await self._plan_writer.submit_async([(audit_log, [self._audit_row("plan.read", actor, plan_id)])])
        return record

    def _read_plan(self, plan_id: str) -> PlanRecord | None:
        if _audit_key(plan_id) != plan_id:
            return None
        with self._errors(), self._engine.connect() as connection:
            return self._load(connection, plan_id)

    def _readable_plan(
        self, record: PlanRecord | None, plan_id: str, actor: Actor, allowed: Callable[[PlanRecord], bool]
    ) -> PlanRecord | None:
        """``record`` when ``allowed``; else None, with its refusal queued for the audit (``_audit_later``)."""
        if record is None or not allowed(record):
            self._audit_later("plan.read_unknown" if record is None else "plan.read_denied", actor, _audit_key(plan_id))
            return None
        return record

    def _audit_later(self, action: AuditAction, actor: Actor, plan_id: str | None) -> None:
        """Queue an audit row: the rows queued within ``AUDIT_GROUP_SECONDS`` are written in one transaction."""
        row = self._audit_row(action, actor, plan_id)
        with self._audits_lock:
            self._audits.append(row)
            full = len(self._audits) >= MAX_AUDIT_QUEUE
            start = not full and self._audit_timer is None
            if start:
                self._audit_timer = threading.Timer(AUDIT_GROUP_SECONDS, self._write_audits_on_time)
                self._audit_timer.daemon = True
                self._audit_timer.start()
        if full:
            self._write_audits()  # a flood faster than the timer: this read waits for the group's commit

    def _write_audits(self) -> None:
        with self._audits_lock:
            rows, self._audits = self._audits, []
            self._audit_timer = None
        if rows:
            self._plan_writer.submit([(audit_log, rows)])

    def _write_audits_on_time(self) -> None:
        """The timer's write. When the database fails, the rows wait for the next group (none is dropped while
        fewer than ``MAX_AUDIT_QUEUE`` wait); the read they audit was answered 404 already."""
        with self._audits_lock:
            rows = self._audits
        try:
            self._write_audits()
        except StoreError:
            with self._audits_lock:
                self._audits[:0] = rows[: max(0, MAX_AUDIT_QUEUE - len(self._audits) - 1)]
                if self._audit_timer is None:
                    self._audit_timer = threading.Timer(AUDIT_GROUP_SECONDS, self._write_audits_on_time)
                    self._audit_timer.daemon = True
                    self._audit_timer.start()

    def settle(self) -> None:
        """Return once every audit row queued so far is written."""
        self._write_audits()

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
        with self._errors(), self._engine.connect() as reading:
            rows = reading.execution_options(yield_per=page).execute(
                latest_cases(province=province, since=since, limit=limit)
            )
            for batch in rows.partitions():
                cases = [stored_case(row) for row in batch]
                with self._write() as connection:
                    connection.execute(
                        insert(audit_log),
                        [
                            {
                                "at": _now(),
                                "action": "plan.replay",
                                "token_id": actor.token_id if actor else None,
                                "role": actor.role if actor else None,
                                "organization_id": actor.organization_id if actor else None,
                                "plan_id": case.plan_id,
                            }
                            for case in cases
                        ],
                    )
                yield from cases

    def count_plans(self) -> int:
        with self._errors(), self._engine.connect() as connection:
            return connection.execute(select(func.count()).select_from(plans)).scalar_one()

    def audit_for(self, plan_id: str) -> list[AuditEntry]:
        """Every audit row about ``plan_id``, oldest first (the queued ones written first)."""
        self.settle()
        query = select(audit_log).where(audit_log.c.plan_id == _audit_key(plan_id)).order_by(audit_log.c.id)
        with self._errors(), self._engine.connect() as connection:
            return [_audit_entry(row) for row in connection.execute(query)]

    def _plan_exists(self, plan_id: str) -> bool:
        with self._errors(), self._engine.connect() as connection:
            return bool(connection.execute(select(exists().where(plans.c.plan_id == plan_id))).scalar())

    def _load(self, connection: Connection, plan_id: str) -> PlanRecord | None:
        row = connection.execute(_LOAD_PLAN, {"b_plan_id": plan_id}).one_or_none()
        return None if row is None else plan_records(connection, [row])[0]

    def load_plan(self, plan_id: str) -> PlanRecord | None:
        """A stored plan, unaudited: for the operator's commands and for tests."""
        with self._read() as connection:
            return self._load(connection, plan_id)

    def _audit(self, connection: Connection, action: AuditAction, actor: Actor, plan_id: str | None) -> None:
        connection.execute(insert(audit_log).values(**self._audit_row(action, actor, plan_id)))

    @staticmethod
    def _audit_row(action: AuditAction, actor: Actor, plan_id: str | None) -> dict[str, Any]:
        return {
            "at": _now(),
            "action": action,
            "token_id": actor.token_id,
            "role": actor.role,
            "organization_id": actor.organization_id,
            "plan_id": plan_id,
            "referral_id": None,  # every audit row has the same keys: the group writer inserts them in one go
        }

    # -- tokens ------------------------------------------------------------------------------------------

    def create_token(self, role: Role | str, organization_id: str | None, label: str | None = None) -> str:
        """A new bearer token, returned once (only its hash is kept). ValueError for an unknown role, for cm and
        agency without ``organization_id``, or for an over-long organization id or label."""
        checked = parse_role(role)
        if checked in ROLES_WITH_ORGANIZATION and not organization_id:
            raise InvalidRecord("organization", f"role {checked} needs the id of its organization (--organization)")
        if organization_id is not None:
            check_id("organization", organization_id)
        if label is not None:
            check_id("label", label, LABEL_MAX)
        raw = new_token()
        actor = Actor(token_id="tok_" + secrets.token_hex(8), role=checked, organization_id=organization_id)
        with self._write() as connection:
            connection.execute(
                insert(tokens).values(
                    id=actor.token_id,
                    token_hash=hash_token(raw),
                    role=checked,
                    organization_id=organization_id,
                    label=label,
                    created_at=_now(),
                )
            )
            self._audit(connection, "token.create", actor, None)
        return raw

    def cached_actor(self, raw: str) -> Actor | None:
        """The actor of ``raw`` when this process knows it already (no database call); else None."""
        return self._cached(hash_token(raw)) if looks_like_token(raw) else None

    def actor_for_token(self, raw: str) -> Actor | None:
        """Who holds ``raw``; None when the token is unknown, revoked or malformed."""
        if not looks_like_token(raw):
            return None
        digest = hash_token(raw)
        return self._remembered(digest, tokens.c.token_hash == digest)

    def cached_actor_for_token_id(self, token_id: str) -> Actor | None:
        """``actor_for_token_id`` when this process knows the id already (no database call); else None."""
        return self._cached("id:" + token_id)

    def actor_for_token_id(self, token_id: str) -> Actor | None:
        """Who holds the live token with this id (a web session keeps the id, never the token); None when it is
        unknown or revoked. Remembered as ``actor_for_token`` remembers, so a revocation reaches a session as it
        reaches the API: at once in this process, within ``TOKEN_CACHE_SECONDS`` in another."""
        if not token_id or len(token_id) > ID_MAX:
            return None
        return self._remembered("id:" + token_id, tokens.c.id == token_id)  # no token hash starts with "id:"

    def _cached(self, key: str) -> Actor | None:
        known = self._actors.get(key)
        return known[0] if known is not None and known[1] > time.monotonic() else None

    def _remembered(self, key: str, which: ColumnElement[bool]) -> Actor | None:
        """The live token's actor under ``key`` in the cache, else looked up (``which``) and remembered."""
        now = time.monotonic()
        known = self._actors.get(key)
        if known is not None and known[1] > now:
            return known[0]
        query = select(tokens.c.id, tokens.c.role, tokens.c.organization_id).where(which, tokens.c.revoked_at.is_(None))
        with self._errors(), self._engine.connect() as connection:
            row = connection.execute(query).one_or_none()
        if row is None:
            self._actors.pop(key, None)
            return None
        actor = Actor(token_id=row.id, role=parse_role(row.role), organization_id=row.organization_id)
        if len(self._actors) >= _TOKEN_CACHE_MAX:
            self._actors.clear()
        self._actors[key] = (actor, now + TOKEN_CACHE_SECONDS)
        return actor

    def revoke_token(self, token_id: str) -> bool:
        """Revoke a token by its id (``Actor.token_id``); False when there is no such live token."""
        with self._write() as connection:
            row = connection.execute(
                update(tokens)
                .where(tokens.c.id == token_id, tokens.c.revoked_at.is_(None))
                .values(revoked_at=_now())
                .returning(tokens.c.role, tokens.c.organization_id)
            ).one_or_none()
            if row is None:
                return False
            actor = Actor(token_id=token_id, role=parse_role(row.role), organization_id=row.organization_id)
            self._audit(connection, "token.revoke", actor, None)
        self._actors = {k: v for k, v in self._actors.items() if v[0].token_id != token_id}
        return True

    def list_tokens(self) -> list[TokenInfo]:
        """Every token, oldest first, revoked ones included (never the token or its hash)."""
        query = select(
            tokens.c.id,
            tokens.c.role,
            tokens.c.organization_id,
            tokens.c.label,
            tokens.c.created_at,
            tokens.c.revoked_at,
        ).order_by(tokens.c.created_at, tokens.c.id)
        with self._errors(), self._engine.connect() as connection:
            return [TokenInfo(*row) for row in connection.execute(query)]

    def has_token(self, role: Role) -> bool:
        """Whether a live (not revoked) token with ``role`` exists, e.g. to create the first admin token."""
        query = select(exists().where(tokens.c.role == role, tokens.c.revoked_at.is_(None)))
        with self._errors(), self._engine.connect() as connection:
            return bool(connection.execute(query).scalar())


def _audit_entry(row: Row[Any]) -> AuditEntry:
    return AuditEntry(**row._mapping)  # the columns of audit_log are the fields of an entry
