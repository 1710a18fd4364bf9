"""The store's values for lists: an event, a page, the filters of the referral and plan lists. Plain dataclasses,
no SQLAlchemy. (A stored referral and its change are ``referrals/records.py``'s.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class EventRecord:
    event_id: int
    type: str
    referral_id: str
    status: str
    at: datetime
    holder: str | None


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


@dataclass(frozen=True)
class ReferralFilters:
    status: str | None = None
    overdue: bool | None = None
    need: str | None = None
    since: datetime | None = None
    province: str | None = None
    holder: str | None = None
    case_ref: str | None = None  # one case's referrals (within the caller's reach, as every filter)


@dataclass(frozen=True)
class PlanFilters:
    case_ref: str | None = None
    province: str | None = None
    since: datetime | None = None
