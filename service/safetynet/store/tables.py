"""The tables, as SQLAlchemy Core. The migrations in ``migrations/versions`` create exactly these (a test
compares the two on SQLite and PostgreSQL).

- ``tokens``: bearer tokens by hash (never the token itself), with role and organization; revoked, not deleted.
- ``plans``: one row per stored plan: the case as sent and the plan as answered (JSON), the versions that made
  it, the token that asked.
- ``plan_organizations``: every organization a plan names (who requested it, every candidate), for reach.
- ``audit_log``: every read and write of a plan or a referral, written in the same transaction as the read or write.
- ``referrals``, ``referral_organizations``, ``events``, ``event_counter``: referrals of plan items, who each one
  reached, and the outbox of their transitions (``store/referrals.py``, ``store/events.py``).
- ``rules_reloads``: each rules reload, so that every server process sharing the database follows it.

Their columns' types of our own (a datetime kept in UTC, JSON, the audit ids) are in ``columntypes.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    text,
)

from safetynet.auth import ROLES, ROLES_WITH_ORGANIZATION
from safetynet.referrals.lifecycle import ACTIVE, STATUSES
from safetynet.store.columntypes import UTCDateTime, audit_id, json_document

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _sql_list(values: Iterable[str], order: Sequence[str] = ROLES) -> str:
    """``'a', 'b'`` in the order of ``order`` (the schema's text does not depend on set order)."""
    return ", ".join(f"'{value}'" for value in order if value in set(values))


def _partial(condition: str) -> dict[str, Any]:
    """The arguments of an index on the rows where ``condition`` holds, on SQLite and PostgreSQL alike."""
    return {"sqlite_where": text(condition), "postgresql_where": text(condition)}


ROLE_CHECK = f"role IN ({_sql_list(ROLES)})"
ORGANIZATION_CHECK = f"role NOT IN ({_sql_list(ROLES_WITH_ORGANIZATION)}) OR organization_id IS NOT NULL"


metadata = MetaData(naming_convention=NAMING_CONVENTION)

tokens = Table(
    "tokens",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("organization_id", String(64), nullable=True),
    Column("label", String(200), nullable=True),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("revoked_at", UTCDateTime(), nullable=True),
    CheckConstraint(ROLE_CHECK, name="role"),
    CheckConstraint(ORGANIZATION_CHECK, name="organization"),
)

plans = Table(
    "plans",
    metadata,
    Column("plan_id", String(64), primary_key=True),
    Column("case_ref", String(64), nullable=False, index=True),
    Column("province", String(16), nullable=False),
    Column("requested_by", String(64), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("created_by", String(32), ForeignKey("tokens.id"), nullable=False),
    Column("rules_version", String(128), nullable=False),
    Column("graph_version", String(128), nullable=False),
    Column("case_json", json_document(), nullable=False),
    Column("plan_json", json_document(), nullable=False),
    # The plan this one follows: the latest earlier plan of the same case_ref by the same organization.
    Column("previous_plan_id", String(64), nullable=True),
    Index("uq_plans_previous_plan_id", "previous_plan_id", unique=True),  # a history is a line: one successor each
    Index("ix_plans_province_created_at", "province", "created_at"),
    Index("ix_plans_created_at", "created_at"),
    Index("ix_plans_requested_by_case_ref_created_at", "requested_by", "case_ref", "created_at"),
    # One first plan per case and organization: two plans of one case made at once cannot both start a history.
    Index("uq_plans_first_of_case", "requested_by", "case_ref", unique=True, **_partial("previous_plan_id IS NULL")),
)

plan_organizations = Table(
    "plan_organizations",
    metadata,
    Column("plan_id", String(64), ForeignKey("plans.plan_id"), primary_key=True),
    Column("organization_id", String(64), primary_key=True, index=True),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", audit_id(), primary_key=True, autoincrement=True),
    Column("at", UTCDateTime(), nullable=False),
    Column("action", String(32), nullable=False),
    Column("token_id", String(32), ForeignKey("tokens.id"), nullable=True),
    Column("role", String(16), nullable=True),
    Column("organization_id", String(64), nullable=True),
    # No foreign key: reads of unknown plans are audited too.
    Column("plan_id", String(64), nullable=True, index=True),
    Column("referral_id", String(64), nullable=True, index=True),
)

STATUS_CHECK = f"status IN ({_sql_list(STATUSES, STATUSES)})"
UNDER_WAY = f"status IN ({_sql_list(ACTIVE, STATUSES)})"
STATS_COLUMNS = ("need", "to_organization", "status", "reason", "outcome", "refer_by", "acknowledged_at", "accepted_at")

referrals = Table(
    "referrals",
    metadata,
    Column("referral_id", String(64), primary_key=True),
    Column("plan_id", String(64), ForeignKey("plans.plan_id"), nullable=False),
    Column("case_ref", String(64), nullable=False),
    Column("need", String(64), nullable=False),
    Column("service", String(64), nullable=False),
    Column("urgent", Boolean(create_constraint=False), nullable=False),
    Column("province", String(16), nullable=False),
    Column("refer_by", UTCDateTime(), nullable=False),
    Column("created_at", UTCDateTime(), nullable=False),
    Column("sent_by", String(64), nullable=True),  # the organization that sent it; None for an admin token
    Column("from_organization", String(64), nullable=False),  # the first organization of the path
    Column("to_organization", String(64), nullable=False),  # the last: the partner asked to help
    Column("holder", String(64), nullable=True),
    Column("position", Integer, nullable=False),
    Column("path", json_document(), nullable=False),
    Column("mous", json_document(), nullable=False),  # the MOU behind each hop of the path: [{id, illustrative}]
    Column("status", String(16), nullable=False),
    # Compare-and-set: each transition updates the row only where the version is the one it read.
    Column("version", Integer, nullable=False),
    Column("acknowledged_at", UTCDateTime(), nullable=True),
    Column("accepted_at", UTCDateTime(), nullable=True),
    Column("closed_at", UTCDateTime(), nullable=True),
    Column("outcome", String(16), nullable=True),
    Column("reason", String(200), nullable=True),
    Column("replaces", String(64), nullable=True),
    Column("replaced_by", String(64), nullable=True, unique=True),
    Column("escalate_to", String(64), nullable=True),
    Column("escalated_at", UTCDateTime(), nullable=True),
    Column("child", json_document(), nullable=False),
    Column("candidates", json_document(), nullable=False),
    Column("tried", json_document(), nullable=False),
    Column("history", json_document(), nullable=False),
    CheckConstraint(STATUS_CHECK, name="status"),
    # The lists, by deadline: everything (admin), a province's (core team); each also by status (a status filter,
    # the overdue lists: status 'sent' and refer_by passed). A CM's list reads referral_organizations (since 0004).
    Index("ix_referrals_refer_by", "refer_by", "referral_id"),
    Index("ix_referrals_status_refer_by", "status", "refer_by", "referral_id"),
    Index("ix_referrals_province_refer_by", "province", "refer_by", "referral_id"),
    Index("ix_referrals_province_status_refer_by", "province", "status", "refer_by", "referral_id"),
    Index("ix_referrals_plan_id_need", "plan_id", "need"),
    # A province's statistics read this index only (PostgreSQL: an index-only scan, no table row read).
    Index("ix_referrals_province_created_at", "province", "created_at", postgresql_include=list(STATS_COLUMNS)),
    # At most one referral under way per plan item, even when two are sent at once.
    Index("uq_referrals_active_item", "plan_id", "need", unique=True, **_partial(UNDER_WAY)),
    # The overdue referrals whose escalation is not recorded yet.
    Index("ix_referrals_waiting_unescalated", "refer_by", **_partial("status = 'sent' AND escalated_at IS NULL")),
)

# Every organization a referral has reached (``ReferralRecord.reached``: where its path starts, each holder in
# turn, and the organization that sent it): the lists of a CM and of an agency, and their event feeds. The referral's
# deadline and status are kept here too, so that a page (by status or not) is one index range.
referral_organizations = Table(
    "referral_organizations",
    metadata,
    Column("referral_id", String(64), ForeignKey("referrals.referral_id"), primary_key=True),
    Column("organization_id", String(64), primary_key=True),
    Column("refer_by", UTCDateTime(), nullable=False),
    Column("status", String(16), nullable=False),
    Index("ix_referral_organizations_organization_id_refer_by", "organization_id", "refer_by", "referral_id"),
    Index(
        "ix_referral_organizations_organization_id_status_refer_by",
        "organization_id",
        "status",
        "refer_by",
        "referral_id",
    ),
)

# The outbox: one row per transition, written in the transition's transaction. ``event_id`` is taken from
# ``event_counter`` as the transaction's last statement, so ids are handed out in commit order (see events.py).
events = Table(
    "events",
    metadata,
    Column("event_id", BigInteger, primary_key=True, autoincrement=False),
    Column("referral_id", String(64), nullable=False, index=True),
    Column("type", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
    Column("province", String(16), nullable=False),
    Column("from_organization", String(64), nullable=False),
    Column("holder", String(64), nullable=True),
    Index("ix_events_province_event_id", "province", "event_id"),
)

event_counter = Table(
    "event_counter",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("last", BigInteger, nullable=False),
)

rules_reloads = Table(
    "rules_reloads",
    metadata,
    Column("id", audit_id(), primary_key=True, autoincrement=True),
    Column("version", String(128), nullable=False),
    Column("at", UTCDateTime(), nullable=False),
)

#: Web sessions signed out before they ended (``signouts.SignOuts``): the hash of the session's key, until its end.
web_signouts = Table(
    "web_signouts",
    metadata,
    Column("session_hash", String(64), primary_key=True),
    Column("expires_at", UTCDateTime(), nullable=False, index=True),
)
