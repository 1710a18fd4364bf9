"""The 24-hour promise, measured: the store's counts per (need, receiving organization) summed into the whole,
per need and per organization, with shares and median hours to acknowledge. Pure."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from safetynet.contract.referral import ReferralCounts, Stats
from safetynet.referrals.records import Counts, StatsRows


def _shown(counts: Counts, hours: list[float]) -> ReferralCounts:
    return ReferralCounts(
        sent=counts.sent,
        acknowledged=counts.acknowledged,
        acknowledged_in_time=counts.acknowledged_in_time,
        acknowledged_in_time_share=round(counts.acknowledged_in_time / counts.sent, 4) if counts.sent else None,
        accepted=counts.accepted,
        declined=dict(sorted(counts.declined.items())),
        done_helped=counts.done_helped,
        done_not_helped=counts.done_not_helped,
        overdue_now=counts.overdue_now,
        median_hours_to_acknowledge=round(statistics.median(hours), 2) if hours else None,
    )


def _summed(groups: Iterable[Counts]) -> Counts:
    total = Counts()
    for counts in groups:
        total.add(counts)
    return total


def stats(
    rows: StatsRows, *, province: str | None, since: datetime | None, until: datetime | None, at: datetime
) -> Stats:
    by_need: dict[str, list[Counts]] = defaultdict(list)
    by_org: dict[str, list[Counts]] = defaultdict(list)
    need_hours: dict[str, list[float]] = defaultdict(list)
    org_hours: dict[str, list[float]] = defaultdict(list)
    every: list[float] = []
    for (need, org), counts in rows.groups.items():
        by_need[need].append(counts)
        by_org[org].append(counts)
        need_hours[need].extend(counts.hours_to_acknowledge)
        org_hours[org].extend(counts.hours_to_acknowledge)
        every.extend(counts.hours_to_acknowledge)
    total = _shown(_summed(rows.groups.values()), every)
    return Stats(
        province=province,
        since=since,
        until=until,
        at=at,
        plans=rows.plans,
        referrals=total,
        median_hours_to_acknowledge=total.median_hours_to_acknowledge,
        by_need={need: _shown(_summed(c), need_hours[need]) for need, c in sorted(by_need.items())},
        by_organization={org: _shown(_summed(c), org_hours[org]) for org, c in sorted(by_org.items())},
    )
