"""Storage of plans, referrals and their events, tokens and the audit trail (SQLAlchemy 2 + Alembic; SQLite by
default, or PostgreSQL).

The rest of the service imports from here and never from SQLAlchemy::

    store = Store.open(settings.resolved_database_url())   # runs the migrations
    store.save_plan(NewPlan(...), actor)                    # plan + organizations + audit row, one transaction
    record = store.get_plan(plan_id, actor, allowed=lambda r: can_read_plan(actor, r, province_of))

May import: ``errors``, ``contract``, ``auth``, ``referrals`` (the values a referral's rows hold), and in a migration
``places``; never rules, network, planning, runtime, api or cli.
"""

from safetynet.store.cases import StoredCase
from safetynet.store.errors import DuplicatePlan, InvalidRecord, StoreError, StoreUnavailable
from safetynet.store.records import AuditAction, AuditEntry, NewPlan, PlanRecord, TokenInfo
from safetynet.store.repository import Store

__all__ = [
    "AuditAction",
    "AuditEntry",
    "DuplicatePlan",
    "InvalidRecord",
    "NewPlan",
    "PlanRecord",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "StoredCase",
    "TokenInfo",
]
