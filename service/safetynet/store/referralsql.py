"""The referral store's statements, built once, and the conversions between its rows and records.

A statement object built once is keyed and compiled by SQLAlchemy on first use only; one built per call was keyed
anew each time, which cost more CPU than running it. Values are bound by name (``b_…``); an UPDATE's SET clause is
made of the columns given with the values.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import fields
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Row, Select, and_, bindparam, func, insert, select, tuple_, type_coerce, update
from sqlalchemy.types import NullType

from safetynet.auth import Actor
from safetynet.referrals.records import ReferralRecord, SentReferral
from safetynet.referrals.sending import NewReferral
from safetynet.store.tables import audit_log, referral_organizations, referrals

_C = referrals.c
#: ``referrals``' columns as the driver gives them, under their own names: every read of whole referrals selects
#: these, and ``storedrows`` converts a row into a record only when one is needed
RAW_COLUMNS: tuple[Any, ...] = tuple(type_coerce(column, NullType()).label(column.name) for column in referrals.c)
LOAD = select(*RAW_COLUMNS).where(_C.referral_id == bindparam("b_referral_id"))
OF_PLAN = select(*RAW_COLUMNS).where(_C.plan_id == bindparam("b_plan_id")).order_by(_C.created_at, _C.referral_id)
OF_ITEM = (
    select(*RAW_COLUMNS)
    .where(_C.plan_id == bindparam("b_plan_id"), _C.need == bindparam("b_need"))
    .order_by(_C.created_at, _C.referral_id)
)
COUNT = select(func.count()).select_from(referrals)
INSERT = insert(referrals)
#: Compare-and-set: the row is changed only where its version is still the one read.
SET_IF_VERSION = update(referrals).where(
    _C.referral_id == bindparam("b_referral_id"), _C.version == bindparam("b_version")
)
#: The referral a new one replaces, unless another has replaced it meanwhile.
REPLACE = update(referrals).where(_C.referral_id == bindparam("b_referral_id"), _C.replaced_by.is_(None))
INSERT_PARTY = insert(referral_organizations)
SET_PARTIES = update(referral_organizations).where(referral_organizations.c.referral_id == bindparam("b_referral_id"))


def audit(actor: Actor | None, action: str, plan_id: str | None, referral_id: str | None) -> dict[str, Any]:
    """An audit row: when it really happened (the wall clock, not the service's clock), who, about what."""
    return {
        "at": datetime.now(UTC),
        "action": action,
        "token_id": actor.token_id if actor else None,
        "role": actor.role if actor else None,
        "organization_id": actor.organization_id if actor else None,
        "plan_id": plan_id,
        "referral_id": referral_id,
    }


def audited(*rows: dict[str, Any]) -> list[tuple[Any, list[dict[str, Any]]]]:
    """Audit rows as a work's ``Written.rows``."""
    return [(audit_log, list(rows))]


def event(
    record: ReferralRecord | NewReferral | Row[Any], kind: str, status: str, at: datetime, holder: str | None
) -> dict[str, Any]:
    """An ``events`` row about ``record`` (a referral, or a row of its ``referral_id``, ``province`` and
    ``from_organization``)."""
    return {
        "referral_id": record.referral_id,
        "type": kind,
        "status": status,
        "at": at,
        "province": record.province,
        "from_organization": record.from_organization,
        "holder": holder,
    }


_SEQUENCES = frozenset({"path", "mous", "candidates", "tried", "history"})  # JSON arrays, kept as tuples
_FIELDS = tuple(f.name for f in fields(ReferralRecord))


def record_of(values: Mapping[Any, Any]) -> ReferralRecord:
    """A ``referrals`` row (every column, converted as SQLAlchemy converts them) as a record."""
    found: dict[str, Any] = {name: tuple(values[name]) if name in _SEQUENCES else values[name] for name in _FIELDS}
    return ReferralRecord(**found | {"urgent": bool(values["urgent"])})


def row_of(new: NewReferral) -> dict[str, Any]:
    """The ``referrals`` row of a referral just sent."""
    return {field.name: getattr(new, field.name) for field in fields(SentReferral)} | {
        "from_organization": new.from_organization,
        "to_organization": new.to_organization,
        "holder": new.holder,
        "position": new.position,
        "status": "sent",
        "version": 1,
        "history": (new.first_step.as_dict(),),
    }


def sent_record(row: dict[str, Any]) -> ReferralRecord:
    """The record of a referral just sent, from its row."""
    return record_of(dict.fromkeys(_FIELDS) | row)


# -- lists ---------------------------------------------------------------------------------------------------

#: The filters whose values a page's statement binds (``b_<name>``), as ``ReferralFilters`` names them.
BOUND_FILTERS = ("status", "need", "since", "province", "holder", "case_ref")
_FILTERED = {
    "need": _C.need, "since": _C.created_at, "province": _C.province, "holder": _C.holder, "case_ref": _C.case_ref
}  # fmt: skip


@cache
def page_query(kind: str, given: frozenset[str], overdue: bool | None, after: bool) -> Select[Any]:
    """The statement of a page of referrals, built once per shape: the scope's kind, the filters ``given`` (of
    ``BOUND_FILTERS``), ``overdue``, and whether it starts after a cursor. Values: ``b_scope``, ``b_<filter>``,
    ``b_now``, ``b_at`` and ``b_last`` (the cursor), ``b_limit``. Its columns: ``RAW_COLUMNS``."""
    query = select(*RAW_COLUMNS)
    keyed: Any = referrals  # the table whose (status, refer_by, referral_id) the page is read by
    if kind == "party":
        keyed = referral_organizations
        query = query.join(keyed, keyed.c.referral_id == _C.referral_id).where(
            keyed.c.organization_id == bindparam("b_scope")
        )
    elif kind == "province":
        query = query.where(_C.province == bindparam("b_scope"))
    key_time, key_id = keyed.c.refer_by, keyed.c.referral_id
    query = query.where(*_conditions(keyed.c.status, key_time, given, overdue))
    if after:
        cursor = tuple_(bindparam("b_at", type_=key_time.type), bindparam("b_last", type_=key_id.type))
        query = query.where(tuple_(key_time, key_id) > cursor)
    return query.order_by(key_time, key_id).limit(bindparam("b_limit"))


def _conditions(status: Any, refer_by: Any, given: frozenset[str], overdue: bool | None) -> Iterator[Any]:
    """The filters as SQL conditions; ``status`` and ``refer_by``: the columns of the table the page is read by."""
    if "status" in given:
        yield status == bindparam("b_status")
    if overdue is True:
        yield status == "sent"
        yield refer_by < bindparam("b_now")
    elif overdue is False:
        yield ~and_(status == "sent", refer_by < bindparam("b_now"))
    for name, column in _FILTERED.items():
        if name in given:
            yield column >= bindparam("b_since") if name == "since" else column == bindparam(f"b_{name}")
