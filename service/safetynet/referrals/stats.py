"""The 24-hour promise, measured: the store's counts per (need, receiving organization) summed into the whole,
per need and per organization, with shares and median hours to acknowledge. Pure."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from safetynet.contract.referral import ReferralCounts, Stats
from safetynet.referrals.records import Counts, StatsRows


def _shown(counts: Counts) -> ReferralCounts:
    hours = counts.hours_to_acknowledge
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


def _summed(groups: Iterable[Counts]) -> ReferralCounts:
    total = Counts()
    for counts in groups:
        total.add(counts)
    return _shown(total)


def stats(
    rows: StatsRows, *, province: str | None, since: datetime | None, until: datetime | None, at: datetime
) -> Stats:
    by_need: dict[str, list[Counts]] = defaultdict(list)
    by_org: dict[str, list[Counts]] = defaultdict(list)
    for (need, org), counts in rows.groups.items():
        by_need[need].append(counts)
        by_org[org].append(counts)
    total = _summed(rows.groups.values())
    return Stats(
        province=province,
        since=since,
        until=until,
        at=at,
        plans=rows.plans,
        referrals=total,
        median_hours_to_acknowledge=total.median_hours_to_acknowledge,
        by_need={need: _summed(groups) for need, groups in sorted(by_need.items())},
        by_organization={org: _summed(groups) for org, groups in sorted(by_org.items())},
    )
